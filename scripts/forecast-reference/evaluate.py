"""Evaluate the auto method (method.py) on M1 yearly and Tourism yearly exactly as PEERS.md.
Usage: OPENBLAS_NUM_THREADS=1 python3 evaluate.py"""
import os
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import time
from collections import Counter
import numpy as np
import pandas as pd
import method as M

SETS = {"m1-yearly": (16.659, 3.490), "tourism-yearly": (19.990, 2.590)}
LEVELS = (0.8, 0.95)


def load(name):
    d = pd.read_csv(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "Benchmarks", "data", f"{name}.csv")).sort_values(["series", "t"])
    return [(s, g[g.split == "train"].value.to_numpy(float), g[g.split == "test"].value.to_numpy(float))
            for s, g in d.groupby("series", sort=True)]


def smape(a, f):
    return np.mean(200 * np.abs(a - f) / (np.abs(a) + np.abs(f)))


def mase(y, a, f):
    return np.mean(np.abs(a - f)) / np.mean(np.abs(np.diff(y)))


def main():
    pooled = {lev: [0, 0] for lev in LEVELS}
    rows = []
    for name, (ps, pm) in SETS.items():
        D = load(name)
        t0 = time.perf_counter()
        res = [M.forecast_auto(y, len(a), LEVELS) for _, y, a in D]
        dt = time.perf_counter() - t0
        S = np.mean([smape(a, r["mean"]) for (_, y, a), r in zip(D, res)])
        Ms = np.mean([mase(y, a, r["mean"]) for (_, y, a), r in zip(D, res)])
        cov = {}
        for lev in LEVELS:
            hit = sum(int(np.sum((a >= r[("lower", lev)]) & (a <= r[("upper", lev)]))) for (_, y, a), r in zip(D, res))
            tot = sum(len(a) for _, y, a in D)
            cov[lev] = 100 * hit / tot
            pooled[lev][0] += hit
            pooled[lev][1] += tot
        rows.append((name, S, Ms, cov[0.8], cov[0.95], dt, ps, pm))
        print(f"\n== {name}: {len(D)} series, h={len(D[0][2])}, auto time {dt:.2f}s "
              f"({1000*dt/len(D):.1f} ms/series)")
        print(f"auto      sMAPE {S:7.3f} (peer {ps}, {100*(S/ps-1):+.1f}%)  MASE {Ms:6.3f} (peer {pm}, "
              f"{100*(Ms/pm-1):+.1f}%)  cov80 {cov[0.8]:5.1f}  cov95 {cov[0.95]:5.1f}")
        # per-component scores (each member alone on the test part) and how often chosen
        chosen = Counter(m for r in res for m in r["members"])
        print(f"{'member':12s} {'sMAPE':>7s} {'MASE':>7s}  chosen-in-top5")
        for m in M.POOL:
            fs = [M.MODELS[m](y, len(a)) for _, y, a in D]
            print(f"{m:12s} {np.mean([smape(a, f) for (_, y, a), f in zip(D, fs)]):7.3f} "
                  f"{np.mean([mase(y, a, f) for (_, y, a), f in zip(D, fs)]):7.3f}  {chosen[m]:4d}/{len(D)}")
        eq = [np.median([M.MODELS[m](y, len(a)) for m in M.POOL], 0) for _, y, a in D]
        print(f"{'median-all8':12s} {np.mean([smape(a, f) for (_, y, a), f in zip(D, eq)]):7.3f} "
              f"{np.mean([mase(y, a, f) for (_, y, a), f in zip(D, eq)]):7.3f}  (fixed, no CV)")
    print("\n| set | sMAPE | MASE | cov80 % | cov95 % | seconds |")
    print("|---|---|---|---|---|---|")
    for name, S, Ms, c8, c9, dt, ps, pm in rows:
        print(f"| {name} | {S:.3f} ({100*(S/ps-1):+.1f}%) | {Ms:.3f} ({100*(Ms/pm-1):+.1f}%) | {c8:.1f} | {c9:.1f} | {dt:.2f} |")
    print(f"| pooled coverage | | | {100*pooled[0.8][0]/pooled[0.8][1]:.1f} | "
          f"{100*pooled[0.95][0]/pooled[0.95][1]:.1f} | |")


if __name__ == "__main__":
    main()
