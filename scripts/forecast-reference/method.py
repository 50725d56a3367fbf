"""sunan "auto" yearly forecaster -- Python prototype (reference for the Swift port).

Everything is deterministic: fixed grids, no random numbers, stable sorts.
Time index inside every model: t = 0, 1, ..., n-1 for the n training values
y[0..n-1]; the forecast for step k (k = 1..h) is for time n-1+k.

Pool of the "auto" method (8 members, in this fixed order; the order is the
tie-break order everywhere):
    naive, rwd, sesd_ols, sesd_fix, holt, ewls, theta5_log, quad
All members are least-squares fits or least-squares-selected recursions
(the SES / Holt smoothing constants minimise the sum of squared one-step
errors over a fixed grid).

Selection: per series rolling-origin cross-validation at the requested
horizon, score = mean over origins of (sMAPE/20 + MASE/3); the TOP_K = 5
best members are combined by the per-step MEDIAN (equal-weight robust
combination).  Intervals: conformal, from the rolling-origin errors of the
combined forecast, on the log scale when the series is positive.
"""
import math
import numpy as np

# ----------------------------------------------------------------- constants
SES_ALPHAS = np.round(np.arange(1, 21) * 0.05, 10)      # 0.05, 0.10, ..., 1.00
SESD_FIXED_ALPHA = 0.7                                   # sesd_fix smoothing
HOLT_ALPHAS = np.array([0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0])
HOLT_BETA_FRACTIONS = np.array([0.01, 0.05, 0.1, 0.2, 0.3])   # beta = alpha * fraction
HOLT_PHIS = np.array([1.0])                              # auto pool: undamped Holt
HOLT_DAMPED_PHIS = np.array([0.8, 0.85, 0.9, 0.95, 0.98])  # the stand-alone damped family
EWLS_DECAY = 0.7                                         # weight of an observation j steps back = 0.7**j
EWLS_DECAYS_CV = np.array([0.6, 0.7, 0.8, 0.9])          # stand-alone ewls family: chosen by CV
THETA = 5.0                                              # theta coefficient of theta5_log
CV_MIN_TRAIN = 6        # smallest training length of a CV origin
CV_MAX_ORIGINS = 10     # origins o = max(6, n-10) ... n-1
TOP_K = 5               # members combined
SCORE_SMAPE_DIV = 20.0  # score = sMAPE/20 + MASE/3 (both ~1 on typical yearly data)
SCORE_MASE_DIV = 3.0
INTERVAL_INFLATION = 1.0   # multiplier on the conformal sigma (kept at 1; heavy tails handled by T_DF)
T_DF = 4                   # interval quantiles of Student t with 4 df (closed form), chosen by a
                           # train-only hold-out calibration (calibrate.py), see NOTES.md
MIN_CV_ERRORS = 3          # fewer normalised errors -> rwd formula sigma is used
POOL = ["naive", "rwd", "sesd_ols", "sesd_fix", "holt", "ewls", "theta5_log", "quad"]


def steps(h):
    return np.arange(1, h + 1, dtype=float)


def lstsq(X, y, w=None):
    """Weighted least squares: minimise sum w_i (y_i - X_i b)^2 (LAPACK gelsd via numpy)."""
    if w is not None:
        s = np.sqrt(w)
        X = X * s[:, None]
        y = y * s
    return np.linalg.lstsq(X, y, rcond=None)[0]


# --------------------------------------------------------------- the models
def naive(y, h):
    """Last value carried forward."""
    return np.repeat(y[-1], h)


def rwd(y, h):
    """Random walk with drift. LS: regress d_t = y_t - y_{t-1} (t=1..n-1) on a constant:
    X = [1]*(n-1) -> drift = mean(d) = (y[n-1]-y[0])/(n-1). Forecast y[n-1] + k*drift."""
    n = len(y)
    drift = (y[-1] - y[0]) / (n - 1)
    return y[-1] + drift * steps(h)


def ses_grid(z, alphas):
    """Simple exponential smoothing for every alpha of the grid at once.
    l_0 = z_0; for t = 1..n-1: e_t = z_t - l_{t-1}, SSE += e_t^2, l_t = l_{t-1} + alpha*e_t.
    Returns (SSE per alpha, final level per alpha)."""
    lev = np.full(len(alphas), z[0], dtype=float)
    sse = np.zeros(len(alphas))
    for t in range(1, len(z)):
        e = z[t] - lev
        sse += e * e
        lev = lev + alphas * e
    return sse, lev


def ses_with_drift(y, h, drift, alphas):
    """SES on the detrended series z_t = y_t - drift*t, then add the drift back:
    forecast(k) = l_{n-1} + drift*(n-1+k). alpha = argmin SSE over the grid (first on ties)."""
    n = len(y)
    t = np.arange(n, dtype=float)
    sse, lev = ses_grid(y - drift * t, alphas)
    i = int(np.argmin(sse))
    return lev[i] + drift * (n - 1 + steps(h))


def ols_slope(y):
    n = len(y)
    X = np.c_[np.ones(n), np.arange(n, dtype=float)]
    return lstsq(X, y)[1]


def sesd_ols(y, h):
    """SES with drift, drift = OLS slope of y on [1, t]; alpha from SES_ALPHAS by SSE."""
    return ses_with_drift(y, h, ols_slope(y), SES_ALPHAS)


def sesd_fix(y, h):
    """SES with drift, drift = (y[n-1]-y[0])/(n-1) (the rwd drift), alpha fixed at 0.7."""
    n = len(y)
    return ses_with_drift(y, h, (y[-1] - y[0]) / (n - 1), np.array([SESD_FIXED_ALPHA]))


def holt_grid(y, h, phis=HOLT_PHIS):
    """Holt (damped when phi<1) in error-correction form, parameters by SSE over a grid.
    l_0 = y_0, b_0 = y_1 - y_0; for t = 1..n-1:
        f_t = l_{t-1} + phi*b_{t-1};  e_t = y_t - f_t;  SSE += e_t^2
        l_t = f_t + alpha*e_t;        b_t = phi*b_{t-1} + alpha*frac*e_t
    grid order: alpha (outer), frac, phi (inner); first minimum wins.
    forecast(k) = l_{n-1} + (phi + ... + phi^k) * b_{n-1}."""
    g = np.array(np.meshgrid(HOLT_ALPHAS, HOLT_BETA_FRACTIONS, phis, indexing="ij")).reshape(3, -1)
    a, frac, p = g
    beta = a * frac
    lev = np.full(a.size, y[0], dtype=float)
    b = np.full(a.size, y[1] - y[0], dtype=float)
    sse = np.zeros(a.size)
    for t in range(1, len(y)):
        f = lev + p * b
        e = y[t] - f
        sse += e * e
        lev = f + a * e
        b = p * b + beta * e
    i = int(np.argmin(sse))
    return lev[i] + np.cumsum(p[i] ** steps(h)) * b[i]


def holt(y, h):
    return holt_grid(y, h, HOLT_PHIS)


def holt_damped(y, h):
    """Stand-alone damped-trend family (not in the auto pool, see NOTES.md)."""
    return holt_grid(y, h, HOLT_DAMPED_PHIS)


def ewls(y, h, decay=EWLS_DECAY):
    """Local linear trend by exponentially weighted least squares.
    s = t - (n-1) (0 at the last point), X = [1, s], w = decay^(-s) = decay^(n-1-t).
    forecast(k) = b0 + b1*k."""
    n = len(y)
    s = np.arange(n, dtype=float) - (n - 1)
    b = lstsq(np.c_[np.ones(n), s], y, decay ** (-s))
    return b[0] + b[1] * steps(h)


def theta_raw(y, h, theta=THETA):
    """Theta method with coefficient theta: OLS line L_t = c0 + c1*t on [1, t];
    theta line z_t = theta*y_t - (theta-1)*L_t; SES on z (alpha by SSE over SES_ALPHAS);
    forecast(k) = (l_{n-1} + (theta-1)*L_{n-1+k}) / theta."""
    n = len(y)
    t = np.arange(n, dtype=float)
    c = lstsq(np.c_[np.ones(n), t], y)
    line = c[0] + c[1] * t
    sse, lev = ses_grid(theta * y - (theta - 1) * line, SES_ALPHAS)
    i = int(np.argmin(sse))
    return (lev[i] + (theta - 1) * (c[0] + c[1] * (n - 1 + steps(h)))) / theta


def theta5_log(y, h):
    """theta_raw on log(y), back-transformed by exp (median forecast). Needs all y > 0,
    otherwise theta_raw on the raw scale."""
    if np.all(y > 0):
        return np.exp(theta_raw(np.log(y), h))
    return theta_raw(y, h)


def quad(y, h):
    """Global quadratic trend: X = [1, u, u^2], u = t/n (scaled for conditioning)."""
    n = len(y)
    u = np.arange(n, dtype=float) / n
    b = lstsq(np.c_[np.ones(n), u, u * u], y)
    uu = (n - 1 + steps(h)) / n
    return b[0] + b[1] * uu + b[2] * uu * uu


def linear(y, h):
    """Global OLS linear trend (reference family, not in the pool)."""
    n = len(y)
    t = np.arange(n, dtype=float)
    b = lstsq(np.c_[np.ones(n), t], y)
    return b[0] + b[1] * (n - 1 + steps(h))


MODELS = {"naive": naive, "rwd": rwd, "sesd_ols": sesd_ols, "sesd_fix": sesd_fix,
          "holt": holt, "ewls": ewls, "theta5_log": theta5_log, "quad": quad}
MIN_LEN = {"naive": 1, "rwd": 2, "sesd_ols": 3, "sesd_fix": 2, "holt": 3, "ewls": 3,
           "theta5_log": 3, "quad": 4}


# ------------------------------------------------------------------ helpers
def smape_vec(a, f):
    d = np.abs(a) + np.abs(f)
    return np.mean(np.where(d > 0, 200.0 * np.abs(a - f) / np.where(d > 0, d, 1.0), 0.0))


def prepare(y):
    """Defined behaviour for gaps: NaNs at the start/end are dropped, interior NaNs are
    linearly interpolated in t. Returns (clean series, note)."""
    y = np.asarray(y, dtype=float)
    ok = np.isfinite(y)
    if not ok.any():
        raise ValueError("series has no values")
    first, last = np.argmax(ok), len(y) - 1 - np.argmax(ok[::-1])
    y = y[first:last + 1]
    ok = ok[first:last + 1]
    note = ""
    if not ok.all():
        t = np.arange(len(y))
        y = np.interp(t, t[ok], y[ok])
        note = "gaps interpolated"
    return y, note


# ---------------------------------------------------------------- auto
def _rwd_sigma(y, h):
    """RW-with-drift t-free approximation used as last-resort interval: sd of the
    differences d (ddof=1), var(k) = s^2 * k * (1 + k/(n-1))."""
    d = np.diff(y)
    s = np.std(d, ddof=1) if len(d) > 1 else abs(d[0]) if len(d) else 0.0
    k = steps(h)
    return s * np.sqrt(k * (1 + k / max(len(y) - 1, 1)))


def z_quantile(level):
    """Two-sided Student-t(4) quantile for `level`: p = 0.5 + level/2,
    a = 4p(1-p), q = cos(acos(sqrt(a))/3)/sqrt(a), t = 2*sqrt(q-1)  (exact for 4 df;
    0.80 -> 1.533206, 0.95 -> 2.776445)."""
    p = 0.5 + level / 2
    a = 4 * p * (1 - p)
    q = math.cos(math.acos(math.sqrt(a)) / 3) / math.sqrt(a)
    return 2 * math.sqrt(q - 1)


def forecast_auto(y_in, h, levels=(0.8, 0.95)):
    """Returns dict(mean, lower{lev}, upper{lev}, members, scores, note)."""
    y, note = prepare(y_in)
    n = len(y)
    k = steps(h)
    out = {"note": note, "scores": {}, "members": []}
    # --- degenerate cases -------------------------------------------------
    if n == 1 or np.all(y == y[0]):
        out.update(mean=np.repeat(y[-1], h), members=["naive"],
                   note=(note + "; " if note else "") + ("constant series" if n > 1 else "single value"))
        for lev in levels:
            out[("lower", lev)] = out["mean"].copy()
            out[("upper", lev)] = out["mean"].copy()
        return out
    usable = [m for m in POOL if n >= MIN_LEN[m]]
    if n < 5:   # very short: random walk with drift, formula intervals
        out["mean"] = rwd(y, h)
        out["members"] = ["rwd"]
        sig = _rwd_sigma(y, h)
        for lev in levels:
            q = z_quantile(lev)
            out[("lower", lev)] = out["mean"] - q * sig
            out[("upper", lev)] = out["mean"] + q * sig
        out["note"] = (note + "; " if note else "") + "short series: rwd"
        return out
    scale = np.mean(np.abs(np.diff(y)))
    scale = scale if scale > 0 else 1.0
    origins = list(range(max(CV_MIN_TRAIN, n - CV_MAX_ORIGINS), n))
    cvf = {m: [] for m in usable}        # CV forecasts per member per origin
    for o in origins:
        tr = y[:o]
        for m in usable:
            cvf[m].append(MODELS[m](tr, h)[: n - o])
    if origins:
        scores = {}
        for m in usable:
            s = [smape_vec(y[o:o + len(f)], f) / SCORE_SMAPE_DIV +
                 np.mean(np.abs(y[o:o + len(f)] - f)) / scale / SCORE_MASE_DIV
                 for o, f in zip(origins, cvf[m])]
            scores[m] = float(np.mean(s))
        order = sorted(usable, key=lambda m: (scores[m], usable.index(m)))   # stable tie rule
        members = order[:TOP_K]
        out["scores"] = scores
    else:   # 5 <= n <= 6: no CV origin -> fixed robust default: median of all usable members
        members = usable
        out["note"] = (note + "; " if note else "") + "no CV origin: median of pool"
    fc = np.median(np.array([MODELS[m](y, h) for m in members]), axis=0)
    out["mean"] = fc
    out["members"] = members
    # --- intervals: conformal from the CV errors of the combination --------
    positive = np.all(y > 0) and np.all(fc > 0)
    norm = []
    for j, o in enumerate(origins):
        cf = np.median(np.array([cvf[m][j] for m in members]), axis=0)
        act = y[o:o + len(cf)]
        for kk in range(len(cf)):
            if positive and cf[kk] > 0:
                e = math.log(act[kk] / cf[kk])
            elif positive:
                continue
            else:
                e = (act[kk] - cf[kk]) / scale
            norm.append(e / math.sqrt(kk + 1))
    if len(norm) >= MIN_CV_ERRORS:
        sigma = INTERVAL_INFLATION * math.sqrt(np.mean(np.square(norm)))
        for lev in levels:
            q = z_quantile(lev) * sigma * np.sqrt(k)
            if positive:
                out[("lower", lev)] = fc * np.exp(-q)
                out[("upper", lev)] = fc * np.exp(q)
            else:
                out[("lower", lev)] = fc - q * scale
                out[("upper", lev)] = fc + q * scale
    else:
        sig = _rwd_sigma(y, h)
        for lev in levels:
            q = z_quantile(lev)
            out[("lower", lev)] = fc - q * sig
            out[("upper", lev)] = fc + q * sig
    return out
