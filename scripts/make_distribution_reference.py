#!/usr/bin/env python3
"""Reference values for the normal and Student t distribution functions (NormalDistribution.swift and StudentT.swift).

Ground truth is mpmath at 50 significant digits, rounded once to the nearest double. SciPy's
values for the same inputs are recorded next to them for comparison only; the tests do not use
them. Every number is written as a string holding the shortest decimal that round-trips to the
double, so that the Swift side can parse it exactly with Double(String).

Run from the repository root:
    python3 scripts/make_distribution_reference.py > Tests/LinearAlgebraTests/Fixtures/distribution-reference.json

Checks made while generating (the script stops if one fails):
  * every Student t tail probability from the incomplete beta function agrees with an
    independent tanh-sinh quadrature of the density to 1e-25 relative;
  * every quantile, put back into the high-precision CDF, reproduces p to 1e-40 relative.
"""
import json
import math
import sys

import mpmath as mp
import numpy as np
import scipy
import scipy.special as sc
import scipy.stats as st

mp.mp.dps = 50
HALF = mp.mpf(1) / 2

DEGREES_OF_FREEDOM = [1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 30.0, 100.0, 1000.0, 1e4, 1e5, 1e6]
PROBABILITIES = [1e-10, 1e-8, 1e-6, 1e-4, 0.001, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5,
                 0.7, 0.9, 0.975, 0.99, 0.999, 1 - 1e-6, 1 - 1e-10]
# Extra statistics beyond the quantiles of PROBABILITIES, kept where the tail stays above 1e-300.
EXTRA_T = [0.0, 1e-8, 0.25, 1.0, 3.0, 8.0, 20.0, 40.0, 1e3, 1e8, 1e150]
NORMAL_X = [0.0, 1e-8, 1e-3, 0.1, 0.5, 1.0, 1.5, 1.959963984540054, 2.5, 3.0, 4.0, 5.0,
            6.361340902404056, 7.5, 10.0, 15.0, 20.0, 26.5, 30.0, 35.0, 37.5]
SMALLEST = 1e-300


def text(value):
    """Shortest round-trip decimal string of a double (or of an mpf rounded to double)."""
    return repr(float(value))


def normal_upper(x):
    return mp.erfc(mp.mpf(x) / mp.sqrt(2)) / 2


def normal_pdf(x):
    x = mp.mpf(x)
    return mp.exp(-x * x / 2) / mp.sqrt(2 * mp.pi)


def t_upper(df, t):
    """P(T > |t|) = I_x(df/2, 1/2)/2 with x = df/(df + t^2), exact in the inputs."""
    df = mp.mpf(df)
    t = mp.mpf(t)
    return mp.betainc(df / 2, HALF, 0, df / (df + t * t), regularized=True) / 2


def t_pdf(df, t):
    df = mp.mpf(df)
    t = mp.mpf(t)
    scale = mp.exp(mp.loggamma((df + 1) / 2) - mp.loggamma(df / 2)) / mp.sqrt(df * mp.pi)
    return scale * (1 + t * t / df) ** (-(df + 1) / 2)


def t_upper_by_quadrature(df, t):
    """P(T > |t|) by tanh-sinh quadrature of the density, in v = 1/s beyond s = 1.

    The integrands are scaled to be of order one (mpmath's quadrature loses relative accuracy
    on integrands of tiny magnitude).
    """
    t = abs(mp.mpf(t))
    with mp.workdps(45):
        total = mp.mpf(0)
        if t < 1:
            total += mp.quad(lambda s: t_pdf(df, s), [t, (t + 1) / 2, 1])
        limit = min(mp.mpf(1), 1 / t)
        scale = t_pdf(df, 1 / limit) / limit
        breaks = [0] + [1 - mp.mpf(2) ** -k for k in range(1, 16)] + [1]
        inner = mp.quad(lambda w: t_pdf(df, 1 / (limit * w)) / (limit * w * w * scale) if w > 0 else mp.mpf(0),
                        breaks)
        return total + inner * scale


def lower_cdf(upper, statistic):
    """P(X <= statistic) from the upper-tail function of a symmetric distribution."""
    return upper(statistic) if statistic < 0 else 1 - upper(-statistic) if statistic > 0 else HALF


def solve_upper(upper, density, q, guess):
    """The s > 0 with upper(s) = q: Newton's method in mpmath, safeguarded by bisection."""
    q = mp.mpf(q)
    low, high = mp.mpf(0), None
    s = mp.mpf(guess) if guess is not None and math.isfinite(guess) and guess > 0 else mp.mpf(1)
    for _ in range(3000):
        residual = upper(s) - q
        if residual > 0:
            low = s
        else:
            high = s
        step = residual / density(s)
        candidate = s + step
        if not (candidate > low and (high is None or candidate < high)):
            candidate = (low + high) / 2 if high is not None else 2 * s
        if abs(candidate - s) <= abs(candidate) * mp.mpf(10) ** -45:
            return candidate
        s = candidate
    raise RuntimeError("quantile iteration did not converge")


def quantile(upper, density, p, guess):
    p = mp.mpf(p)
    if p == HALF:
        return mp.mpf(0)
    q = p if p < HALF else 1 - p
    s = solve_upper(upper, density, q, guess)
    if abs(upper(s) - q) > q * mp.mpf(10) ** -40:
        raise RuntimeError("quantile check failed")
    return -s if p < HALF else s


def normal_section():
    points = []
    for magnitude in NORMAL_X:
        for x in ([magnitude] if magnitude == 0 else [-magnitude, magnitude]):
            points.append({
                "x": text(x),
                "cdf": text(normal_upper(-x)),
                "survival": text(normal_upper(x)),
                "pdf": text(normal_pdf(x)),
                "scipyCdf": text(sc.ndtr(x)),
                "scipySurvival": text(st.norm.sf(x)),
                "scipyPdf": text(st.norm.pdf(x)),
            })
    quantiles = []
    for p in PROBABILITIES:
        guess = abs(float(sc.ndtri(min(p, 1 - p))))
        x = quantile(normal_upper, normal_pdf, p, guess)
        quantiles.append({"p": text(p), "x": text(x), "scipy": text(sc.ndtri(p))})
    return {"points": points, "quantiles": quantiles}


def t_section():
    points = []
    quantiles = []
    checks = 0
    for df in DEGREES_OF_FREEDOM:
        upper = lambda s, df=df: t_upper(df, s)
        density = lambda s, df=df: t_pdf(df, s)
        statistics = set()
        for p in PROBABILITIES:
            guess = abs(float(sc.stdtrit(df, min(p, 1 - p))))
            t = quantile(upper, density, p, guess)
            quantiles.append({"df": text(df), "p": text(p), "t": text(t),
                              "scipy": text(sc.stdtrit(df, p))})
            # The statistic itself, rounded to 7 significant digits, as a CDF input.
            statistics.add(float("%.7g" % float(t)))
        for magnitude in EXTRA_T:
            statistics.update([magnitude, -magnitude])
        for t in sorted(statistics):
            tail = upper(t)
            if tail < SMALLEST:
                continue
            if tail > mp.mpf(10) ** -280 and t != 0:
                by_quadrature = t_upper_by_quadrature(df, t)
                if abs(by_quadrature - tail) > tail * mp.mpf(10) ** -25:
                    raise RuntimeError("quadrature disagrees at df=%r t=%r" % (df, t))
                checks += 1
            cdf = lower_cdf(upper, t)
            survival = lower_cdf(upper, -t)
            points.append({
                "df": text(df), "t": text(t),
                "cdf": text(cdf), "survival": text(survival), "pdf": text(density(t)),
                "twoSidedPValue": text(2 * tail),
                "scipyCdf": text(sc.stdtr(df, t)), "scipySurvival": text(st.t.sf(t, df)),
                "scipyPdf": text(st.t.pdf(t, df)),
            })
    print("quadrature cross-checks passed: %d" % checks, file=sys.stderr)
    return {"points": points, "quantiles": quantiles}


def main():
    document = {
        "description": "Reference values for Normal and StudentT in Sources/LinearAlgebra/NormalDistribution.swift and StudentT.swift.",
        "generator": "scripts/make_distribution_reference.py",
        "groundTruth": "mpmath %s at %d significant digits (erfc for the normal; the regularized "
                       "incomplete beta function for Student t, cross-checked by quadrature; "
                       "quantiles by safeguarded Newton iteration on those), rounded to the "
                       "nearest double" % (mp.__version__, mp.mp.dps),
        "comparison": "scipy %s values (special.ndtr, ndtri, stdtr, stdtrit; stats.norm and "
                      "stats.t sf and pdf) under the scipy* keys, for comparison only" % scipy.__version__,
        "numberFormat": "every number is a string: the shortest decimal that round-trips to the double",
        "numpy": np.__version__,
        "normal": normal_section(),
        "studentT": t_section(),
    }
    json.dump(document, sys.stdout, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
