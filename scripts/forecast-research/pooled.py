"""Round 2: pooled empirical calibration of a base forecaster (PROTOCOL.md)."""
import math, os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "forecast-reference"))
import numpy as np
import method as M
from candidates import drift

MIN_CUT, MAX_CUTS, PSEUDO, MIN_POOL = 3, 10, 2.0, 30


def t4_quantile(p):
    # Student t, 4 df, closed form
    a = 4 * p * (1 - p)
    q = math.cos(math.acos(math.sqrt(a)) / 3) / math.sqrt(a)
    t = 2 * math.sqrt(q - 1)
    return t if p >= 0.5 else -t


def positive(y):
    return bool(np.all(y > 0))


ROBUST = False


def own_sigma(y):
    """SD of log growth rates (positive) or of differences (raw), ddof 1 (0 if < 2 differences);
    with ROBUST, 1.4826 × the median absolute deviation of the log growth rates instead."""
    d = np.diff(np.log(y)) if positive(y) else np.diff(y)
    if ROBUST and positive(y) and len(d) > 1:
        return float(1.4826 * np.median(np.abs(d - np.median(d))))
    return float(np.std(d, ddof=1)) if len(d) > 1 else 0.0


def shrunk(y, pool_sigma):
    m = len(y) - 1
    s2 = own_sigma(y) ** 2
    if not positive(y):
        return math.sqrt(s2) if s2 > 0 else max(np.mean(np.abs(np.diff(y))), 1e-12)
    return math.sqrt((m * s2 + PSEUDO * pool_sigma ** 2) / (m + PSEUDO))


def growth(k, c):
    return math.sqrt(k * (1 + k / max(c - 1, 1)))


def errors(y, base, horizon, pool_sigma):
    """Normalised out-of-sample errors u of `base` on series y (cuts max(3, n−10) … n−1)."""
    n = len(y)
    out = []
    for c in range(max(MIN_CUT, n - MAX_CUTS), n):
        prefix = y[:c]
        steps = min(horizon, n - c)
        f = base(prefix, steps)
        s = shrunk(prefix, pool_sigma)
        pos = positive(prefix)
        for k in range(steps):
            a = y[c + k]
            if pos:
                if not (f[k] > 0 and a > 0):
                    continue
                e = math.log(a / f[k])
            else:
                e = a - f[k]
            if s > 0:
                out.append(e / (s * growth(k + 1, c)))
    return out


class Pool:
    def __init__(self, us):
        self.u = np.sort(np.asarray(us, float))

    def quantile(self, p):
        if len(self.u) < MIN_POOL:
            return t4_quantile(p)
        return float(np.quantile(self.u, p))


def predictive(y, f, pool, pool_sigma, probs):
    """Quantiles (len(f) × len(probs)) of the calibrated distribution around base forecast f."""
    n = len(y)
    s = shrunk(y, pool_sigma)
    pos = positive(y) and np.all(f > 0)
    qs = np.array([pool.quantile(p) for p in probs])
    out = np.empty((len(f), len(probs)))
    for k in range(len(f)):
        w = s * growth(k + 1, n) * qs
        out[k] = f[k] * np.exp(w) if pos else f[k] + w
    return out


# ---- base forecasters with their "method at a prefix"
def auto_base(y, h):
    """Returns (forecast, function prefix -> forecast) for auto (members fixed on the whole series)."""
    r = M.forecast_auto(y, h)
    names = {"rwd": "rwd", "naive": "naive"}
    members = r["members"]
    def at(prefix, steps):
        usable = [m for m in members if len(prefix) >= M.MIN_LEN[m]] or ["rwd"]
        return np.median(np.array([M.MODELS[m](prefix, steps) for m in usable]), axis=0)
    return r["mean"], at


def median8(prefix, steps):
    usable = [m for m in M.POOL if len(prefix) >= M.MIN_LEN[m]]
    return np.median(np.array([M.MODELS[m](prefix, steps) for m in usable]), axis=0)


def median8_base(y, h):
    return median8(y, h), median8


def drift_base(y, h):
    return drift(y, h), drift
