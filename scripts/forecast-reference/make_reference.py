"""Reference values from statsmodels for the Swift tests of sunan's forecasting families.
Run: OPENBLAS_NUM_THREADS=1 python3 scripts/forecast-reference/make_reference.py  ->  Tests/ForecastingTests/Fixtures/forecast-reference.json

Two kinds of value, kept apart in the file and in the tests (the `.reference` / `.regression` tags of
Tests/ForecastingTests/ReferenceTests.swift):
- sections 1-3 (`ols_linear_trend`, `theta`, `holt_damped_fixed`) are REFERENCE values: statsmodels' own
  OLS, ThetaModel and Holt, code written independently of sunan, so agreement is evidence of correctness;
- section 4 (`sunan_python_prototype`) is a REGRESSION value: method.py is the Python prototype of the
  same algorithm that the Swift `auto` and its members port (same grids, tie rules and initialisation),
  so agreement shows the port reproduces the prototype, not that either is right."""
import json, os, sys
import numpy as np
import statsmodels, statsmodels.api as sm
from statsmodels.tsa.forecasting.theta import ThetaModel
from statsmodels.tsa.holtwinters import Holt
import method as M

out = {"generator": "make_reference.py", "statsmodels": statsmodels.__version__,
       "numpy": np.__version__, "python": sys.version.split()[0]}

# 1. OLS linear trend on a fixed short series; t = 0..n-1, X = [1, t]
y1 = np.array([112.0, 118.0, 132.0, 129.0, 121.0, 135.0, 148.0, 148.0, 136.0, 119.0, 104.0, 118.0])
n = len(y1); t = np.arange(n, dtype=float)
res = sm.OLS(y1, sm.add_constant(t)).fit()
tf = n - 1 + np.arange(1, 7, dtype=float)
ols = {"y": y1.tolist(), "t": t.tolist(), "design": "X = [1, t], t = 0..n-1",
       "coef": res.params.tolist(), "se": res.bse.tolist(), "sigma2": float(res.scale),
       "df_resid": float(res.df_resid), "rsquared": float(res.rsquared),
       "forecast_t": tf.tolist()}
for lev in (0.8, 0.95):
    fr = res.get_prediction(sm.add_constant(tf, has_constant="add")).summary_frame(alpha=1 - lev)
    ols["mean"] = fr["mean"].tolist()
    ols[f"pi{int(lev*100)}_lower"] = fr["obs_ci_lower"].tolist()
    ols[f"pi{int(lev*100)}_upper"] = fr["obs_ci_upper"].tolist()
    ols[f"ci{int(lev*100)}_lower"] = fr["mean_ci_lower"].tolist()
    ols[f"ci{int(lev*100)}_upper"] = fr["mean_ci_upper"].tolist()
out["ols_linear_trend"] = ols

# 2. Theta model (Assimakopoulos & Nikolopoulos; Hyndman & Billah form), no seasonality
y2 = np.array([3600., 7700., 12300., 30500., 44100., 59400., 89300., 133100., 140300., 172700.,
               177500., 217000., 243400., 272200., 312100., 333400.])   # M1 YAF2 train
tm = ThetaModel(y2, period=1, deseasonalize=False, use_test=False)
tr = tm.fit()   # alpha by MLE of SES (statsmodels), b0 by OLS
out["theta"] = {"y": y2.tolist(), "settings": "ThetaModel(period=1, deseasonalize=False, use_test=False, theta=2)",
                "params": {k: float(v) for k, v in tr.params.items()},
                "forecast_h1_6": tr.forecast(6, theta=2).tolist(),
                "formula": "f(h) = l_n + b0/2 * ((h-1) + 1/alpha - (1-alpha)^n/alpha), "
                           "l_n = SES level with l_0 = y_0 and statsmodels alpha reproduces forecast_h1_6 to 1e-12"}
# closed form with statsmodels' own alpha, to check the formula
a = tr.params["alpha"]; b0 = tr.params["b0"]
from statsmodels.tsa.holtwinters import SimpleExpSmoothing
ses = SimpleExpSmoothing(y2, initialization_method="estimated").fit()
out["theta"]["ses_reference"] = {"alpha": float(ses.params["smoothing_level"]),
                                 "initial_level": float(ses.params["initial_level"]),
                                 "level_last": float(ses.level[-1])}

# 3. Holt damped with FIXED parameters and known initial states (comparable exactly)
y3 = np.array([30.05, 19.15, 25.32, 27.59, 32.08, 33.56, 36.55, 42.56, 37.71, 35.31,
               41.27, 45.38, 47.24, 49.31, 48.19, 51.23])
alpha, frac, phi = 0.5, 0.2, 0.9
l0, b0h = y3[0], y3[1] - y3[0]
hm = Holt(y3[1:], damped_trend=True, initialization_method="known",
          initial_level=l0, initial_trend=b0h).fit(smoothing_level=alpha, smoothing_trend=frac,
                                                   damping_trend=phi, optimized=False)
# same recursion as method.holt_grid (l_0 = y_0, b_0 = y_1 - y_0, updates from t = 1)
lev, b, sse = l0, b0h, 0.0
for v in y3[1:]:
    f = lev + phi * b; e = v - f; sse += e * e; lev = f + alpha * e; b = phi * b + alpha * frac * e
own = lev + np.cumsum(phi ** np.arange(1, 7)) * b
out["holt_damped_fixed"] = {"y": y3.tolist(),
    "settings": "Holt(y[1:], damped_trend=True, initialization_method='known', initial_level=y[0], "
                "initial_trend=y[1]-y[0]).fit(smoothing_level=0.5, smoothing_trend=0.2, damping_trend=0.9, optimized=False)",
    "note": "statsmodels smoothing_trend = beta*/alpha-free form; sunan beta = alpha*frac, frac = smoothing_trend",
    "alpha": alpha, "frac": frac, "phi": phi,
    "forecast_h1_6": hm.forecast(6).tolist(), "sse": float(hm.sse),
    "sunan_recursion_forecast_h1_6": own.tolist(), "sunan_recursion_sse": sse}
assert np.allclose(hm.forecast(6), own, rtol=1e-10), (hm.forecast(6), own)

# 4. sunan's own families on the same series: REGRESSION values of the prototype (method.py), which the
#    Swift code ports; not independent of it (see the docstring)
fam = {}
for name, yy in (("y_ols", y1), ("y_theta", y2), ("y_holt", y3)):
    fam[name] = {m: M.MODELS[m](yy, 6).tolist() for m in M.POOL}
    fam[name]["holt_damped"] = M.holt_damped(yy, 6).tolist()
    fam[name]["linear"] = M.linear(yy, 6).tolist()
    fam[name]["theta2_raw"] = M.theta_raw(yy, 6, 2.0).tolist()
    r = M.forecast_auto(yy, 6)
    fam[name]["auto"] = {"mean": r["mean"].tolist(), "members": r["members"], "scores": r["scores"],
                         "lo80": r[("lower", 0.8)].tolist(), "hi80": r[("upper", 0.8)].tolist(),
                         "lo95": r[("lower", 0.95)].tolist(), "hi95": r[("upper", 0.95)].tolist()}
out["sunan_python_prototype"] = fam
out["tolerances"] = {"ols_coef_se_forecast": "1e-9 relative", "ols_intervals": "1e-8 relative",
                     "holt_fixed": "1e-9 relative",
                     "theta": "alpha differs (statsmodels MLE vs sunan SSE grid): sunan's closed form with statsmodels' alpha "
                              "(l_0 = y_0) matches at 1e-9 relative; with sunan's grid alpha (1.0 here) 1e-5 relative",
                     "prototype": "1e-9 relative (same algorithm)"}
json.dump(out, open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Tests", "ForecastingTests", "Fixtures", "forecast-reference.json"), "w"), indent=1)
print(json.dumps({k: out[k] for k in ("ols_linear_trend",)}, indent=None)[:600])
print("theta", out["theta"]["params"], out["theta"]["forecast_h1_6"])
print("holt", out["holt_damped_fixed"]["forecast_h1_6"])
