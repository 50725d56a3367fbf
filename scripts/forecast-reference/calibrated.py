"""Reference implementation of sunan's calibrated `auto` (issue 12) and of the other new pieces of
the Forecasting module, written independently of the Swift code from its documentation, for the
reference values in Tests/ForecastingTests/Fixtures/calibrated-reference.json.

- the pooled error law (PooledErrorLaw): knots of |u| at (j − ½)/K, K = 200, exponential tail;
- auto: member median (method.py's members), errors at cuts max(3, n − 10) … n − 1, the pool's
  typical volatility, shrunk scales, the pool's own inflation (the check on its series cut up to
  three years short; 1.3 when it cannot check), growth pooling by empirical Bayes weights, the 100×
  bounds;
- a calibrated step's quantile, distribution function, mean (exact, by quadrature of the
  distribution function) and CRPS
  (100-level quantile averaging);
- the anchored trend regression's location and scale.
"""
import math
import numpy as np
import method as M

K = 200
MIN_ERRORS, MIN_SERIES = 30, 5
INFLATION, PSEUDO, DEFAULT_VOL, MIN_GROWTH_POOL = 1.3, 2.0, 0.1, 5
MIN_CUT, MAX_CUTS = 3, 10
GRID = [1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6]
CHECK_YEARS, SHORTEST_CHECKED, LEVELS = 3, 6, (50.0, 80.0, 95.0)
RATIO = 100.0


# ------------------------------------------------------------------ the law
def t4_quantile(p):
    a = 4 * p * (1 - p)
    q = math.cos(math.acos(math.sqrt(a)) / 3) / math.sqrt(a)
    t = 2 * math.sqrt(q - 1)
    return t if p >= 0.5 else -t


class Law:
    def __init__(self, knots, count):
        self.knots = list(knots)
        top = self.knots[-(K // 10):]
        self.tail = max(sum(v - top[0] for v in top) / len(top), 1e-9)
        self.count = count

    @staticmethod
    def student_t4():
        return Law([t4_quantile(0.5 + 0.5 * (j - 0.5) / K) for j in range(1, K + 1)], 0)

    @staticmethod
    def learn(errors, series_count, inflation=INFLATION):
        a = sorted(abs(e) for e in errors if math.isfinite(e))
        if len(a) < MIN_ERRORS or series_count < MIN_SERIES:
            return Law.student_t4()
        n = len(a)
        knots = []
        for j in range(1, K + 1):
            q = (j - 0.5) / K
            pos = q * n - 0.5
            if pos <= 0:
                knots.append(inflation * a[0] * q / (0.5 / n))
            elif pos >= n - 1:
                knots.append(inflation * a[-1])
            else:
                lo = int(math.floor(pos))
                knots.append(inflation * (a[lo] + (pos - lo) * (a[lo + 1] - a[lo])))
        return Law(knots, n)

    def abs_quantile(self, q):
        pos = q * K - 0.5
        if pos <= 0:
            return self.knots[0] * q / (0.5 / K)
        if pos >= K - 1:
            return self.knots[-1] - self.tail * math.log((1 - q) / (0.5 / K))
        lo = int(pos)
        return self.knots[lo] + (pos - lo) * (self.knots[lo + 1] - self.knots[lo])

    def abs_cdf(self, a):
        if a <= 0:
            return 0.0
        first, last = self.knots[0], self.knots[-1]
        if a < first:
            return (0.5 / K) * a / first
        if a >= last:
            return 1 - (0.5 / K) * math.exp(-(a - last) / self.tail)
        # the last knot ≤ a (knots may repeat)
        lo = max(j for j in range(K) if self.knots[j] <= a)
        hi = lo + 1
        width = self.knots[hi] - self.knots[lo]
        frac = (a - self.knots[lo]) / width if width > 0 else 0.0
        return (lo + 0.5 + frac) / K

    def quantile(self, p):
        m = self.abs_quantile(abs(2 * p - 1))
        return -m if p < 0.5 else m

    def cdf(self, v):
        half = 0.5 * self.abs_cdf(abs(v))
        return 0.5 - half if v < 0 else 0.5 + half


# ------------------------------------------------------------ a calibrated step
class Step:
    def __init__(self, point, spread, multiplicative, support, law, last):
        self.point, self.spread, self.mult, self.support, self.law = point, spread, multiplicative, support, law
        bounded = multiplicative and last > 0
        self.lowest = last / RATIO if bounded else -math.inf
        if not bounded:
            self.highest = math.inf
        elif support == "count":
            self.highest = RATIO * max(last - 1, 1) + 1
        else:
            self.highest = last * RATIO

    def working(self, v):
        z = self.point * math.exp(self.spread * v) if self.mult else self.point + self.spread * v
        return min(max(z, self.lowest), self.highest)

    def data(self, z):
        if self.support == "real":
            return z
        if self.support == "nonNegative":
            return z if z > 0 else 0.0
        return z - 1 if z > 1 else 0.0

    def quantile(self, p):
        return self.data(self.working(self.law.quantile(p)))

    def cdf(self, x):
        if self.support != "real" and x < 0:
            return 0.0
        z = x + 1 if self.support == "count" else x
        if z >= self.highest:
            return 1.0
        if z < self.lowest:
            return 0.0
        if self.spread <= 0:
            return 0.0 if z < self.point else 1.0
        if self.mult:
            return self.law.cdf(math.log(z / self.point) / self.spread) if z > 0 else 0.0
        return self.law.cdf((z - self.point) / self.spread)

    def mean(self):
        """E X exactly (to quadrature accuracy) from the distribution function alone:
        E X = m + ∫_m^b (1 − F) dx − ∫_a^m F dx, m the median, [a, b] the data-scale support, each
        integral split at the images of the law's knots (F is smooth between them) and done by scipy's
        adaptive quad."""
        from scipy import integrate
        if self.spread <= 0:
            return self.data(self.working(0.0))
        a, b = self.data(self.lowest), self.data(self.highest)
        if self.support != "real":
            a = max(a, 0.0)
        m = self.quantile(0.5)
        images = sorted({self.data(self.working(s * v)) for v in self.law.knots for s in (-1.0, 1.0)})
        def pieces(lo, hi):
            edges = [lo] + [x for x in images if lo < x < hi] + [hi]
            return zip(edges[:-1], edges[1:])
        upper = sum(integrate.quad(lambda x: 1 - self.cdf(x), lo, hi, epsabs=0, epsrel=1e-12, limit=200)[0]
                    for lo, hi in pieces(m, b) if hi > lo)
        lower = sum(integrate.quad(self.cdf, lo, hi, epsabs=0, epsrel=1e-12, limit=200)[0]
                    for lo, hi in pieces(a, m) if hi > lo)
        return m + upper - lower

    def crps(self, y, levels=100):
        total = 0.0
        for m in range(levels):
            tau = (m + 0.5) / levels
            q = self.quantile(tau)
            total += ((1.0 if y < q else 0.0) - tau) * (q - y)
        return 2 * total / levels


# ----------------------------------------------------------------- auto
MEMBERS = M.POOL     # naive, rwd, sesd_ols, sesd_fix, holt, ewls, theta5_log, quad


def member_median(y, h):
    usable = [m for m in MEMBERS if len(y) >= M.MIN_LEN[m]]
    return np.median(np.array([M.MODELS[m](y, h) for m in usable]), axis=0)


def volatility(y, multiplicative):
    y = np.asarray(y, float)
    d = np.diff(np.log(y)) if multiplicative else np.diff(y)
    dev = float(np.std(d, ddof=1)) if len(d) > 1 else 0.0
    if multiplicative or dev > 0:
        return dev
    mean_change = float(np.mean(np.abs(d))) if len(d) else 0.0
    return mean_change if mean_change > 0 else DEFAULT_VOL * max(abs(y[-1]), 1)


def growth(k, n):
    return math.sqrt(k * (1 + k / max(n - 1, 1)))


def prepare(values, horizon, support="real"):
    y = np.asarray(values, float) + (1.0 if support == "count" else 0.0)
    n = len(y)
    mult = bool(np.all(y > 0))
    usable = [m for m in MEMBERS if n >= M.MIN_LEN[m]]
    errors = []
    if n == 1 or np.all(y == y[0]):
        points = np.repeat(y[-1], horizon)
    elif n == 2 or len(usable) < 3:
        points = M.rwd(y, horizon)
    else:
        points = member_median(y, horizon)
        for c in range(max(MIN_CUT, n - MAX_CUTS - CHECK_YEARS), n):
            prefix = y[:c]
            vol = volatility(prefix, mult)
            f = member_median(prefix, horizon)
            for k in range(min(horizon, n - c)):
                a = y[c + k]
                if mult:
                    if not f[k] > 0:
                        continue
                    e = math.log(a / f[k])
                else:
                    e = a - f[k]
                errors.append((e, growth(k + 1, c), vol, c - 1, c, k + 1, float(f[k])))
    return dict(y=y, n=n, mult=mult, support=support, points=np.asarray(points, float),
                vol=volatility(y, mult), errors=errors)


def shrunk(vol, changes, typical):
    m = max(changes, 0)
    return math.sqrt((m * vol * vol + PSEUDO * typical * typical) / (m + PSEUDO))


def typical_of(entries):
    """entries: (multiplicative, length, volatility)."""
    vols = sorted(v for m, n, v in entries if m and n >= 3 and v > 0)
    typical = DEFAULT_VOL if len(vols) < MIN_SERIES else float(np.median(vols))
    return typical if typical > 0 else DEFAULT_VOL


def growth_spread(series):
    """τ² over (values, volatility) of positive series: variance (ddof 1) of their mean log growth
    less the mean of σ²/m, floored at 0; series with ≥ 3 values; 0 with fewer than two."""
    usable = [(np.asarray(v, float), vol) for v, vol in series if len(v) >= 3]
    if len(usable) < 2:
        return 0.0
    g = [math.log(v[-1] / v[0]) / (len(v) - 1) for v, _ in usable]
    noise = [vol * vol / (len(v) - 1) for v, vol in usable]
    return max(0.0, float(np.var(g, ddof=1)) - float(np.mean(noise)))


def own_weight(vol, changes, spread):
    noise = vol * vol / changes if changes > 0 else 0.0
    return spread / (spread + noise) if spread + noise > 0 else 1.0


def pooled_growth(point, last, ratio, w):
    return last * math.exp(w * math.log(point / last) + (1 - w) * math.log(ratio))


def inflation_check(preps, pools_growth):
    """(λ, check points): every series of n ≥ 6 values cut m = min(3, n − 5) short; the cut series'
    own pool (λ = 1) forecasts the cut years; λ from GRID minimising Σ (coverage − level)², ties to the
    largest tied λ when they under-cover, else the smallest."""
    cut = []
    for p in preps:
        n = p["n"]
        if n < SHORTEST_CHECKED or not p["errors"]:
            continue
        length = n - min(CHECK_YEARS, n - 5)
        cut.append((p, length, volatility(p["y"][:length], p["mult"])))
    typical = typical_of([(p["mult"], length, vol) for p, length, vol in cut])
    us, contributors = [], 0
    for p, length, _ in cut:
        first = max(MIN_CUT, length - MAX_CUTS)
        before = len(us)
        for e, g, vol, changes, c, k, f in p["errors"]:
            if c >= first and c + k <= length:
                s = shrunk(vol, changes, typical) if p["mult"] else vol
                if s > 0:
                    us.append(e / (s * g))
        contributors += len(us) > before
    law = Law.learn(us, contributors, inflation=1.0)
    ratios = {}
    growers = [(p, length) for p, length, _ in cut if p["mult"]]
    spread = 0.0
    if pools_growth and len(growers) >= MIN_GROWTH_POOL:
        spread = growth_spread([(p["y"][:length], vol) for p, length, vol in cut if p["mult"]])
        for k in range(1, CHECK_YEARS + 1):
            r = [f / p["y"][length - 1] for p, length in growers for e, g, v, ch, c, kk, f in p["errors"]
                 if c == length and kk == k and f > 0]
            if len(r) >= MIN_GROWTH_POOL:
                ratios[k] = float(np.median(r))
    points = []
    for p, length, vol in cut:
        last = p["y"][length - 1]
        scale = shrunk(vol, length - 1, typical) if p["mult"] else vol
        w = own_weight(vol, length - 1, spread)
        for e, g, v, ch, c, k, f in p["errors"]:
            if c != length:
                continue
            a = p["y"][length + k - 1]
            if p["mult"] and k in ratios and f > 0:
                f = pooled_growth(f, last, ratios[k], w)
            w = scale * growth(k, length)
            if p["mult"]:
                point = max(f, last / RATIO)
                points.append((math.log(a / point), w, math.log(last / RATIO / point), math.log(last * RATIO / point)))
            else:
                points.append((a - f, w, -math.inf, math.inf))
    if law.count == 0 or not points:
        return INFLATION, 0
    qs = [law.abs_quantile(L / 100) for L in LEVELS]
    scored = []
    for lam in GRID:
        loss, shortfall = 0.0, 0.0
        for L, q in zip(LEVELS, qs):
            hits = sum(max(-w * lam * q, lo) <= e <= min(w * lam * q, hi) for e, w, lo, hi in points)
            cov = 100 * hits / len(points)
            loss += (cov - L) ** 2
            shortfall += L - cov
        scored.append((lam, loss, shortfall))
    least = min(x[1] for x in scored)
    tied = [x for x in scored if x[1] <= least + 1e-9]
    best = tied[-1] if tied[0][2] > 0 else tied[0]
    return best[0], len(points)


def pool(preps, pools_growth):
    typical = typical_of([(p["mult"], p["n"], p["vol"]) for p in preps])
    us, contributors = [], 0
    for p in preps:
        if p["errors"]:
            contributors += 1
        first = max(MIN_CUT, p["n"] - MAX_CUTS)
        for e, g, vol, changes, c, k, f in p["errors"]:
            if c < first:
                continue
            s = shrunk(vol, changes, typical) if p["mult"] else vol
            if s > 0:
                us.append(e / (s * g))
    inflation, check_points = inflation_check(preps, pools_growth)
    law = Law.learn(us, contributors, inflation)
    ratios = None
    spread = 0.0
    growers = [p for p in preps if p["mult"]]
    if pools_growth and len(growers) >= MIN_GROWTH_POOL:
        spread = growth_spread([(p["y"], p["vol"]) for p in growers])
        steps = min(len(p["points"]) for p in growers)
        ratios = []
        for k in range(steps):
            r = [p["points"][k] / p["y"][-1] for p in growers if p["points"][k] > 0]
            ratios.append(float(np.median(r)) if len(r) >= MIN_GROWTH_POOL else math.nan)
    return dict(law=law, typical=typical, ratios=ratios, spread=spread, errors=len(us), inflation=inflation,
                check_points=check_points)


def finish(p, pl):
    n, last = p["n"], p["y"][-1]
    scale = shrunk(p["vol"], n - 1, pl["typical"]) if p["mult"] else p["vol"]
    points = p["points"].copy()
    if pl["ratios"] is not None and p["mult"]:
        w = own_weight(p["vol"], n - 1, pl["spread"])
        for k in range(len(points)):
            r = pl["ratios"][k] if k < len(pl["ratios"]) else math.nan
            if math.isfinite(r) and points[k] > 0:
                points[k] = last * r if n <= 2 else pooled_growth(points[k], last, r, w)
    return [Step(points[k], scale * growth(k + 1, n), p["mult"] and points[k] > 0, p["support"], pl["law"], last)
            for k in range(len(points))]


# ------------------------------------------------------- anchored trends
def anchored_trend(values, degree, log_scale, horizon):
    """(location, scale, df) on the working scale for steps 1..horizon (OLS, t = 0..n−1)."""
    z = np.log(values) if log_scale else np.asarray(values, float)
    n = len(z)
    t = np.arange(n, dtype=float)
    X = np.vander(t, degree + 1, increasing=True)
    beta, *_ = np.linalg.lstsq(X, z, rcond=None)
    df = n - degree - 1
    resid = z - X @ beta
    s2 = float(resid @ resid / df)
    V = np.linalg.inv(X.T @ X)
    xn = X[-1]
    out = []
    for k in range(1, horizon + 1):
        x = np.vander(np.array([n - 1 + k], float), degree + 1, increasing=True)[0]
        loc = z[-1] + (x - xn) @ beta
        var = x @ V @ x - xn @ V @ xn + 2
        out.append((float(loc), math.sqrt(s2 * var), df))
    return out
