#!/usr/bin/env python3
"""Reference values for least squares at extreme column scales, computed in 60-digit arithmetic with mpmath.

Run from the repository root:
    python3 scripts/make_extreme_scale_reference.py > Tests/LinearAlgebraTests/Fixtures/extreme-scale-reference.json
Every input is the exact double the Swift test builds (powers of two for the scaled columns, so that
an exactly collinear design stays exactly collinear); numpy and statsmodels cannot serve here, since
their double-precision SVD decides the rank of such designs wrongly (the bug these values test).
Tolerances are stated in Tests/LinearAlgebraTests/ExtremeScaleTests.swift.
"""
import json

import mpmath
from mpmath import mp, mpf

mp.dps = 60

T = [float(t) for t in range(10)]
# A fixed response: 5 + 0.7 t plus fixed noise (two decimals), the same in every case.
NOISE = [0.12, -0.31, 0.05, 0.27, -0.18, 0.09, -0.22, 0.33, -0.04, 0.16]
Y = [5.0 + 0.7 * t + e for t, e in zip(T, NOISE)]


def minimum_norm(columns, y):
    """Pseudo-inverse solution, rank (relative tolerance 1e-40) and residual sum of squares."""
    n, p = len(y), len(columns)
    X = mp.matrix(n, p)
    for j, column in enumerate(columns):
        for i, value in enumerate(column):
            X[i, j] = mpf(value)
    U, S, V = mp.svd_r(X, full_matrices=False)
    largest = max(S[i] for i in range(len(S)))
    rank = sum(1 for i in range(len(S)) if S[i] > largest * mpf("1e-40"))
    yv = mp.matrix([mpf(v) for v in y])
    beta = mp.matrix(p, 1)
    for k in range(len(S)):
        if S[k] <= largest * mpf("1e-40"):
            continue
        weight = sum(U[i, k] * yv[i] for i in range(n)) / S[k]
        for j in range(p):
            beta[j] += V[k, j] * weight
    residual = [yv[i] - sum(X[i, j] * beta[j] for j in range(p)) for i in range(n)]
    rss = sum(r * r for r in residual)
    return [float(b) for b in beta], rank, float(rss)


def full_rank_fit(columns, y, column_scales):
    """OLS estimates, standard errors and R² (centred) of a full-rank design with an intercept.

    Column j is multiplied by column_scales[j] before solving (mpmath's LU calls a matrix with
    entries near 1e-320 singular) and the results are scaled back.
    """
    n, p = len(y), len(columns)
    X = mp.matrix(n, p)
    for j, column in enumerate(columns):
        for i, value in enumerate(column):
            X[i, j] = mpf(value) * column_scales[j]
    yv = mp.matrix([mpf(v) for v in y])
    gram_inverse = (X.T * X) ** -1
    beta = gram_inverse * (X.T * yv)
    residual = yv - X * beta
    rss = sum(residual[i] ** 2 for i in range(n))
    sigma2 = rss / (n - p)
    for j in range(p):
        beta[j] *= column_scales[j]
        for k in range(p):
            gram_inverse[j, k] *= column_scales[j] * column_scales[k]
    mean = sum(yv) / n
    tss = sum((yv[i] - mean) ** 2 for i in range(n))
    return {
        "params": [float(b) for b in beta],
        "bse": [float(mpmath.sqrt(sigma2 * gram_inverse[j, j])) for j in range(p)],
        "rsquared": float(1 - rss / tss),
    }


cases = {}
ones = [1.0] * 10
for label, scale in [("up", 2.0 ** 100), ("down", 2.0 ** -100)]:
    columns = [ones, [scale * t for t in T], [scale * (2 * t + 1) for t in T]]
    beta, rank, rss = minimum_norm(columns, Y)
    cases[f"collinear_scaled_{label}"] = {
        "design": columns, "response": Y, "params": beta, "rank": rank, "rss": rss,
    }

tiny = [float(f"{t + 1:g}e-160") for t in T]
columns = [ones, tiny]
cases["tiny_column"] = {"design": columns, "response": Y, **full_rank_fit(columns, Y, [mpf(1), mpf(10) ** 160])}

print(json.dumps({
    "generator": "scripts/make_extreme_scale_reference.py",
    "mpmath": mpmath.__version__,
    "digits": mp.dps,
    "cases": cases,
}, indent=1))
