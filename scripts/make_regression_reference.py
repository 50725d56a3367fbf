#!/usr/bin/env python3
"""Reference values for the regression core, computed once with statsmodels and numpy.

Run from the repository root:
    python3 scripts/make_regression_reference.py > Tests/LinearAlgebraTests/Fixtures/regression-reference.json
Versions used are recorded in the output. The Swift tests compare against these values with the
tolerances stated in Tests/LinearAlgebraTests/RegressionReferenceTests.swift.
"""
import json
import sys

import numpy as np
import statsmodels
import statsmodels.api as sm

rng = np.random.default_rng(20181129)
cases = {}

# 1. OLS on a short yearly trend with a quadratic term, predictions at new years.
years = np.arange(2005, 2018, dtype=float)
t = years - 2005
y = 120.0 + 14.0 * t + 0.9 * t**2 + rng.normal(0, 6.0, t.size)
X = np.column_stack([np.ones_like(t), t, t**2])
fit = sm.OLS(y, X).fit()
new_t = np.arange(13, 19, dtype=float)
X_new = np.column_stack([np.ones_like(new_t), new_t, new_t**2])
pred = fit.get_prediction(X_new)
f95 = pred.summary_frame(alpha=0.05)
f80 = pred.summary_frame(alpha=0.20)
cases["ols_quadratic_trend"] = {
    "design": X.T.tolist(), "response": y.tolist(), "weights": None,
    "new_rows": X_new.T.tolist(),
    "params": fit.params.tolist(), "bse": fit.bse.tolist(), "tvalues": fit.tvalues.tolist(),
    "pvalues": fit.pvalues.tolist(), "cov_params": fit.cov_params().tolist(),
    "rsquared": fit.rsquared, "rsquared_adj": fit.rsquared_adj, "scale": fit.scale,
    "llf": fit.llf, "aic": fit.aic, "bic": fit.bic, "df_resid": fit.df_resid,
    "condition_number": fit.condition_number,
    "predicted_mean": f95["mean"].tolist(), "mean_se": f95["mean_se"].tolist(),
    "mean_ci_95": [f95["mean_ci_lower"].tolist(), f95["mean_ci_upper"].tolist()],
    "obs_ci_95": [f95["obs_ci_lower"].tolist(), f95["obs_ci_upper"].tolist()],
    "obs_ci_80": [f80["obs_ci_lower"].tolist(), f80["obs_ci_upper"].tolist()],
    "conf_int_95": fit.conf_int(alpha=0.05).tolist(),
}

# 2. WLS with known weights.
n = 20
x1 = rng.uniform(0, 10, n)
w = rng.uniform(0.5, 4.0, n)
y = 3.0 - 1.5 * x1 + rng.normal(0, 1, n) / np.sqrt(w)
X = np.column_stack([np.ones(n), x1])
fit = sm.WLS(y, X, weights=w).fit()
X_new = np.array([[1.0, 2.5], [1.0, 12.0], [1.0, 6.0]])
pred = fit.get_prediction(X_new, weights=np.array([1.0, 2.0, 0.5]))
f95 = pred.summary_frame(alpha=0.05)
cases["wls_line"] = {
    "design": X.T.tolist(), "response": y.tolist(), "weights": w.tolist(),
    "new_rows": X_new.T.tolist(), "new_weights": [1.0, 2.0, 0.5],
    "params": fit.params.tolist(), "bse": fit.bse.tolist(), "tvalues": fit.tvalues.tolist(),
    "pvalues": fit.pvalues.tolist(), "cov_params": fit.cov_params().tolist(),
    "rsquared": fit.rsquared, "rsquared_adj": fit.rsquared_adj, "scale": fit.scale,
    "llf": fit.llf, "aic": fit.aic, "bic": fit.bic, "df_resid": fit.df_resid,
    "condition_number": fit.condition_number,
    "predicted_mean": f95["mean"].tolist(), "mean_se": f95["mean_se"].tolist(),
    "mean_ci_95": [f95["mean_ci_lower"].tolist(), f95["mean_ci_upper"].tolist()],
    "obs_ci_95": [f95["obs_ci_lower"].tolist(), f95["obs_ci_upper"].tolist()],
    "obs_ci_80": None,
    "conf_int_95": fit.conf_int(alpha=0.05).tolist(),
}

# 3. Exactly collinear columns: minimum-norm solution (numpy pinv) and rank.
t = np.arange(10, dtype=float)
X = np.column_stack([np.ones(10), t, 2.0 * t + 1.0])
y = 5.0 + 0.7 * t + rng.normal(0, 0.3, 10)
beta = np.linalg.pinv(X) @ y
cases["collinear_minimum_norm"] = {
    "design": X.T.tolist(), "response": y.tolist(),
    "params": beta.tolist(), "rank": int(np.linalg.matrix_rank(X)),
    "rss": float(np.sum((y - X @ beta) ** 2)),
}

json.dump({
    "generator": "scripts/make_regression_reference.py",
    "numpy": np.__version__, "statsmodels": statsmodels.__version__,
    "note": "design and new_rows are stored column by column",
    "cases": cases,
}, sys.stdout, indent=1)
sys.stdout.write("\n")
