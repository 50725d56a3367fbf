"""Interval rules of PROTOCOL.md ("Intervals") on a set of cases: coverage, scaled CRPS, reliability."""
import math, os, sys
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "forecast-reference"))
import numpy as np
import pooled as P
from select_round3 import panel_pooled
from metrics import MID

RHO = 1.0   # I4: weight of an error = RHO ** age


class AbsPool:
    """Empirical distribution of |u| with plotting positions and an exponential tail; with ages,
    each error weighs RHO ** age (weighted plotting positions)."""
    def __init__(self, a, ages=None):
        a = np.abs(np.asarray(a, float))
        w = np.ones(len(a)) if ages is None else RHO ** np.asarray(ages, float)
        order = np.argsort(a, kind="stable")
        self.a, w = a[order], w[order]
        n = len(self.a)
        self.p = (np.cumsum(w) - 0.5 * w) / w.sum()
        top = self.a[int(math.floor(0.9 * n)):]
        self.theta = max(float(np.mean(top - top[0])), 1e-9)
    def cdf(self, x):
        a, n = self.a, len(self.a)
        if x <= a[0]: return 0.5 / n * x / a[0] if a[0] > 0 else 0.5 / n
        if x >= a[-1]: return 1 - 0.5 / n * math.exp(-(x - a[-1]) / self.theta)
        return float(np.interp(x, a, self.p))
    def quantile(self, q):
        a, n = self.a, len(self.a)
        if q <= 0.5 / n: return a[0] * q / (0.5 / n)
        if q >= 1 - 0.5 / n: return a[-1] - self.theta * math.log((1 - q) / (0.5 / n))
        return float(np.interp(q, self.p, a))

CAP = math.log(100)   # guard: no quantile beyond 100× or 1/100× of the point forecast (log scale)


def v_quantile(pool, p):
    return math.copysign(pool.quantile(abs(2 * p - 1)), p - 0.5)

def v_cdf(pool, v):
    return 0.5 + 0.5 * math.copysign(pool.cdf(abs(v)), v)

def scale(y, pool_sigma, rule):
    if not P.positive(y):
        d = np.diff(y); s = float(np.std(d, ddof=1)) if len(d) > 1 else abs(d[0]) if len(d) else 0.0
        return s if s > 0 else max(float(np.mean(np.abs(d))) if len(d) else 0.0, abs(y[-1]) * 0.01, 1e-9)
    return P.shrunk(y, pool_sigma) if rule == "I1" else pool_sigma

def pooled_u(y, base, H, pool_sigma, rule, ages=None):
    n, out = len(y), []
    for c in range(max(3, n - 10), n):
        prefix = y[:c]; steps = min(H, n - c)
        f = base(prefix, steps); s = scale(prefix, pool_sigma, rule); pos = P.positive(prefix)
        for k in range(steps):
            a = y[c + k]
            if pos:
                if not (f[k] > 0 and a > 0): continue
                e = math.log(a / f[k])
            else:
                e = a - f[k]
            if s > 0:
                out.append(e / (s * P.growth(k + 1, c)))
                if ages is not None: ages.append(n - 1 - (c + k))
    return out

THRESH = (-0.3, -0.2, -0.1, 0.1, 0.2, 0.3)

def evaluate(cases, panel, H, rule, base=P.median8):
    groups = {}
    for i, c in enumerate(cases):
        groups.setdefault((c["indicator"], c["origin"]) if panel else "file", []).append(i)
    points = panel_pooled(cases, base, H) if panel else [base(c["train"], len(c["test"])) for c in cases]
    cov = {50: 0, 80: 0, 95: 0}; npts = 0; crps = []; events = []
    for idx in groups.values():
        sig = [P.own_sigma(cases[i]["train"]) for i in idx if P.positive(cases[i]["train"])]
        pool_sigma = float(np.median(sig)) if sig else 0.0
        us, ages = [], []
        for i in idx: us += pooled_u(cases[i]["train"], base, H, pool_sigma, rule, ages)
        pool = AbsPool(us, ages)
        for i in idx:
            y, a, f = cases[i]["train"], cases[i]["test"], points[i]
            s = scale(y, pool_sigma, rule); n = len(y)
            pos = P.positive(y) and np.all(f > 0)
            msc = np.mean(np.abs(np.diff(y)))
            for k in range(len(a)):
                w = s * P.growth(k + 1, n)
                tr = (lambda v: f[k] * math.exp(max(-CAP, min(CAP, w * v)))) if pos else (lambda v: f[k] + w * v)
                inv = (lambda x: math.log(x / f[k]) / w if x > 0 else -math.inf) if pos else (lambda x: (x - f[k]) / w)
                for L in cov:
                    lo, hi = tr(v_quantile(pool, 0.5 - L / 200)), tr(v_quantile(pool, 0.5 + L / 200))
                    cov[L] += lo <= a[k] <= hi
                npts += 1
                q = np.array([tr(v_quantile(pool, t)) for t in MID])
                d = a[k] - q
                crps.append(2 * np.mean(np.where(d >= 0, MID * d, (MID - 1) * d)) / msc)
                for ch in THRESH:
                    thr = y[-1] * (1 + ch)
                    events.append((1 - v_cdf(pool, inv(thr)), float(a[k] > thr)))
    ev = np.array(events); bins = np.minimum((ev[:, 0] * 10).astype(int), 9)
    rel = [(b, int((bins == b).sum()), ev[bins == b, 0].mean() if (bins == b).any() else np.nan,
            ev[bins == b, 1].mean() if (bins == b).any() else np.nan) for b in range(10)]
    worst = max(abs(r[2] - r[3]) for r in rel if r[1] >= 100)
    return {L: 100 * v / npts for L, v in cov.items()}, float(np.mean(crps)), worst, rel

if __name__ == "__main__":
    from data import panel_cases, competition_cases
    sets = {"M1": (competition_cases("m1-yearly"), False, 6), "panel 2014-16": (panel_cases(origins=range(2014, 2017)), True, 6)}
    for rule in ["I1", "I2"]:
        for name, (cases, panel, H) in sets.items():
            cov, crps, worst, rel = evaluate(cases, panel, H, rule)
            print(f"{rule} {name:14s} cov50 {cov[50]:.1f} cov80 {cov[80]:.1f} cov95 {cov[95]:.1f} CRPS {crps:.3f} worst-rel {worst:.3f}")
            print("    " + "  ".join(f"{b/10:.1f}:{n}:{p:.2f}/{o:.2f}" for b, n, p, o in rel))
