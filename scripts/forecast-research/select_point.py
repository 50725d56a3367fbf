"""Scores the PROTOCOL.md candidates on the selection sets only (M1; panel origins 2014–2016)."""
import os, sys, json
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np
from data import panel_cases, competition_cases
from metrics import summary
from candidates import CANDIDATES

SETS = {"M1": (competition_cases("m1-yearly"), (16.659, 3.490)),
        "panel 2014-16": (panel_cases(origins=range(2014, 2017)), (24.545, 3.637))}
results = {}
for name, (f, members) in CANDIDATES.items():
    row, score = [], 0
    for set_name, (cases, (bs, bm)) in SETS.items():
        s, m = summary(cases, [f(c["train"], len(c["test"])) for c in cases])
        row += [s, m]
        score += 0.5 * (s / bs + m / bm) / len(SETS)
    results[name] = (score, members, row)
    print(f"{name:10s} score {score:.4f}  " + "  ".join(f"{v:7.3f}" for v in row), flush=True)
best = min(v[0] for v in results.values())
near = [k for k, v in results.items() if v[0] <= best * 1.005]
winner = min(near, key=lambda k: (results[k][1], results[k][0]))
print("lowest:", min(results, key=lambda k: results[k][0]), "within 0.5 %:", near, "winner:", winner)
