"""Round 2 of PROTOCOL.md on the selection sets (M1; panel origins 2014–2016)."""
import os, sys
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "forecast-reference"))
import numpy as np
from data import panel_cases, competition_cases
from metrics import summary
import pooled as P

def groups_of(cases, panel):
    """Pools: panel -> (indicator, origin); competition -> the whole file."""
    g = {}
    for i, c in enumerate(cases):
        g.setdefault((c["indicator"], c["origin"]) if panel else "file", []).append(i)
    return g

def run(cases, panel, base, calibrate, H, probs=(0.5,)):
    out = [None] * len(cases)
    fits = [base(c["train"], H) for c in cases]
    for key, idx in groups_of(cases, panel).items():
        sig = [P.own_sigma(cases[i]["train"]) for i in idx if P.positive(cases[i]["train"])]
        pool_sigma = float(np.median(sig)) if sig else 0.0
        us = []
        if calibrate:
            for i in idx:
                us += P.errors(cases[i]["train"], fits[i][1], H, pool_sigma)
        pool = P.Pool(us)
        for i in idx:
            f = fits[i][0][: len(cases[i]["test"])]
            out[i] = P.predictive(cases[i]["train"], f, pool, pool_sigma, probs)[:, 0] if calibrate else f
    return out

SETS = {"M1": (competition_cases("m1-yearly"), False, 6, (16.659, 3.490)),
        "panel 2014-16": (panel_cases(origins=range(2014, 2017)), True, 6, (24.545, 3.637))}
CANDS = {"auto+pool": (P.auto_base, True, 8), "median8+pool": (P.median8_base, True, 8),
         "drift+pool": (P.drift_base, True, 1), "median8": (P.median8_base, False, 8)}
results = {}
for name, (base, cal, members) in CANDS.items():
    row, score = [], 0
    for set_name, (cases, panel, H, (bs, bm)) in SETS.items():
        s, m = summary(cases, run(cases, panel, base, cal, H))
        row += [s, m]
        score += 0.5 * (s / bs + m / bm) / len(SETS)
    results[name] = (score, members, row)
    print(f"{name:13s} score {score:.4f}  " + "  ".join(f"{v:7.3f}" for v in row), flush=True)
best = min(v[0] for v in results.values())
near = [k for k, v in results.items() if v[0] <= best * 1.005]
print("within 0.5 %:", near, "winner:", min(near, key=lambda k: (results[k][1], results[k][0])))
