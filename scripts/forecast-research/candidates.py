"""The point-forecast candidates of PROTOCOL.md, as plain functions f(y, h) -> h forecasts."""
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "forecast-reference"))
import numpy as np
import method as M

ALPHAS = M.SES_ALPHAS


def drift(y, h):
    return M.rwd(y, h)


def ses(y, h):
    sse, lev = M.ses_grid(y, ALPHAS)
    return np.repeat(lev[int(np.argmin(sse))], h)


def theta(y, h):
    """Classic Theta (θ = 2): SES on the theta line, (l + L_{n−1+k}) / 2 — sunan's ThetaMethod."""
    return M.theta_raw(y, h, theta=2.0)


def damped(y, h):
    return M.holt_damped(y, h)


def holt(y, h):
    return M.holt(y, h)


def on_log(f):
    def g(y, h):
        if np.all(y > 0):
            return np.exp(f(np.log(y), h))
        return f(y, h)
    g.__name__ = f.__name__ + "_log"
    return g


drift_log = on_log(drift)


def comb(y, h):
    return (drift(y, h) + theta(y, h) + damped(y, h)) / 3


def comb_log(y, h):
    if np.all(y > 0):
        x = np.log(y)
        return np.exp((drift(x, h) + theta(x, h) + damped(x, h)) / 3)
    return comb(y, h)


def comb_both(y, h):
    return (comb(y, h) + comb_log(y, h)) / 2


def comb_shd(y, h):
    return (ses(y, h) + holt(y, h) + damped(y, h)) / 3


def auto(y, h):
    return M.forecast_auto(y, h)["mean"]


CANDIDATES = {"auto": (auto, 8), "drift": (drift, 1), "drift-log": (drift_log, 1), "theta": (theta, 1),
              "damped": (damped, 1), "comb": (comb, 3), "comb-log": (comb_log, 3), "comb-both": (comb_both, 6),
              "comb-shd": (comb_shd, 3)}
