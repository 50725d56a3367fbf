"""Writes Tests/ForecastingTests/Fixtures/count-draws-reference.json: the distribution of the whole-number
draws of short count series (issue 12 item 4, issue 15's "counts" reference).

The documented rule (AutoModel, PathSampler): a count works on y + 1; its continuous predictive value
is X = max(0, Z − 1) with Z the calibrated step on the working scale; a draw is X rounded at random,
D = ⌊X + U⌋ with U uniform on [0, 1) independent of X. Hence, for a whole number j ≥ 0,

    P(D ≤ j) = P(X + U < j + 1) = ∫_0^1 F_X(j + 1 − u) du = ∫_j^{j+1} F_X(x) dx,      E D = E X = ∫_0^∞ (1 − F_X),

computed here by scipy.integrate.quad on F_X from calibrated.py (the independent Python implementation
of calibrated auto, itself checked value by value in calibrated-reference.json). Nothing here follows
the Swift sampler's code: the test draws paths with sunan's PathSampler and compares frequencies.
E X is calibrated.py's Step.mean: ∫ (1 − F_X) − ∫ F_X around the median, split at the images of the
law's knots, by quad; CalibratedStep.mean computes it in closed form and the test checks the two agree.

The pool is the counts case of make_calibrated_reference.py (short counts pooled as one indicator,
horizon 6, growth pooled).

Usage: OPENBLAS_NUM_THREADS=1 python3 make_count_draws_reference.py   (numpy, scipy)
"""
import json
import math
import os
import warnings

import numpy as np
from scipy import integrate

import calibrated as C

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "..", "Tests", "ForecastingTests", "Fixtures", "count-draws-reference.json")
COUNTS = {"A": [1, 2, 2, 3, 2], "B": [9] * 5, "D": [0, 0, 1, 3], "E": [0, 0, 0, 0], "F": [5], "G": [5, 6],
          "H": [232, 325, 455, 637, 891], "I": [12, 15, 11, 19, 22, 25, 24]}
CHECKED = ["A", "D", "E", "G", "H", "I"]
STEPS = [1, 3, 6]
HORIZON = 6


def at_most(step, j):
    """P(D ≤ j) = ∫_j^{j+1} F_X(x) dx."""
    if j < 0:
        return 0.0
    with warnings.catch_warnings():
        # F_X is piecewise linear in the law's knots: quad reports roundoff at the kinks; its error
        # estimate stays below 2e-6, a thousandth of the test's Monte Carlo standard error.
        warnings.simplefilter("ignore", integrate.IntegrationWarning)
        value, _ = integrate.quad(step.cdf, j, j + 1, epsabs=1e-10, epsrel=1e-8, limit=400)
    return value


def main():
    preps = [C.prepare(np.array(v, float), HORIZON, "count") for v in COUNTS.values()]
    pool = C.pool(preps, True)
    cases = []
    for (name, values), prep in zip(COUNTS.items(), preps):
        if name not in CHECKED:
            continue
        steps = C.finish(prep, pool)
        for k in STEPS:
            step = steps[k - 1]
            # Whole numbers around the body of X: the floors of its 5 %, 25 %, 50 %, 75 % and 95 % quantiles.
            points = sorted({int(math.floor(step.quantile(p))) for p in (0.05, 0.25, 0.5, 0.75, 0.95)})
            cases.append({"series": name, "values": values, "step": k, "mean": step.mean(),
                          "atMost": [{"j": j, "probability": at_most(step, j)} for j in points],
                          "equal": [{"j": j, "probability": at_most(step, j) - at_most(step, j - 1)} for j in points[:2]]})
    with open(OUT, "w") as handle:
        json.dump({"about": "made by scripts/forecast-reference/make_count_draws_reference.py", "horizon": HORIZON,
                   "pool": {k: v for k, v in COUNTS.items()}, "cases": cases}, handle, indent=1)
        handle.write("\n")
    print("wrote", os.path.normpath(OUT), len(cases), "cases")
    for case in cases:
        print(case["series"], case["step"], round(case["mean"], 3), [(a["j"], round(a["probability"], 4)) for a in case["atMost"]])


if __name__ == "__main__":
    main()
