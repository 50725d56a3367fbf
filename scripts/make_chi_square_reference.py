#!/usr/bin/env python3
"""Reference quantiles of the chi-square distribution for the sampler test of RandomSource.nextChiSquare
(Tests/LinearAlgebraTests/ChiSquareSamplerTests.swift).

Ground truth is mpmath at 40 significant digits (the inverse of the regularised lower incomplete gamma
function P(df/2, x/2) by root finding), rounded to the nearest double and written as the shortest decimal
that round-trips; scipy.stats.chi2.ppf is checked against it to 1e-12 relative.

Run from the repository root:
    python3 scripts/make_chi_square_reference.py > Tests/LinearAlgebraTests/Fixtures/chi-square-reference.json
"""
import json

import mpmath as mp
from scipy import stats

mp.mp.dps = 40
DEGREES_OF_FREEDOM = [1, 2, 3, 4, 5, 8, 12, 30, 100]
PROBABILITIES = ["0.01", "0.05", "0.25", "0.5", "0.75", "0.95", "0.99"]


def quantile(df, p):
    """x with P(χ²_df ≤ x) = p."""
    k = mp.mpf(df) / 2
    target = mp.mpf(p)
    start = mp.mpf(stats.chi2.ppf(float(p), df))
    return mp.findroot(lambda x: mp.gammainc(k, 0, x / 2, regularized=True) - target, start)


rows = []
for df in DEGREES_OF_FREEDOM:
    for p in PROBABILITIES:
        x = float(quantile(df, p))
        assert abs(stats.chi2.ppf(float(p), df) / x - 1) < 1e-12, (df, p)
        rows.append({"degreesOfFreedom": df, "p": p, "x": repr(x)})
print(json.dumps({"about": "made by scripts/make_chi_square_reference.py (mpmath, 40 digits)", "quantiles": rows}, indent=1))
