"""Study after round I4 (no candidate scored): where the chosen interval rule (median8 + panel
growth pooling, I3 with λ = 1.3) misses, set by set. For every case and step, the realised
normalised error u = log(actual / point) / (s · √(k (1 + k/(n − 1)))) (raw error for non-positive
series) is compared with the pool's law: its median (a centre bias), and the ratio of its 80 % and
95 % |u| quantiles to the inflated pool's (a width bias)."""
import math, sys
import numpy as np
import intervals as I
import pooled as P
from select_round3 import panel_pooled
from data import panel_cases, competition_cases

LAMBDA = 1.3


def realised(cases, panel, H, base=P.median8):
    groups = {}
    for i, c in enumerate(cases):
        groups.setdefault((c["indicator"], c["origin"]) if panel else "file", []).append(i)
    points = panel_pooled(cases, base, H) if panel else [base(c["train"], len(c["test"])) for c in cases]
    rows = []   # (k, u, pool q80, pool q95)
    for idx in groups.values():
        sig = [P.own_sigma(cases[i]["train"]) for i in idx if P.positive(cases[i]["train"])]
        pool_sigma = float(np.median(sig)) if sig else 0.0
        us = []
        for i in idx: us += I.pooled_u(cases[i]["train"], base, H, pool_sigma, "I1")
        pool = I.AbsPool(us)
        q80, q95 = LAMBDA * pool.quantile(0.8), LAMBDA * pool.quantile(0.95)
        for i in idx:
            y, a, f = cases[i]["train"], cases[i]["test"], points[i]
            s = I.scale(y, pool_sigma, "I1"); n = len(y)
            pos = P.positive(y) and np.all(f > 0)
            for k in range(len(a)):
                w = s * P.growth(k + 1, n)
                if w <= 0: continue
                if pos:
                    if a[k] <= 0: continue
                    u = math.log(a[k] / f[k]) / w
                else:
                    u = (a[k] - f[k]) / w
                rows.append((k + 1, u, q80, q95))
    return np.array(rows)


def in_sample_median(cases, panel, H, base=P.median8):
    """Median of the signed pooled pre-origin errors u (what the calibration sees)."""
    groups = {}
    for i, c in enumerate(cases):
        groups.setdefault((c["indicator"], c["origin"]) if panel else "file", []).append(i)
    us = []
    for idx in groups.values():
        sig = [P.own_sigma(cases[i]["train"]) for i in idx if P.positive(cases[i]["train"])]
        pool_sigma = float(np.median(sig)) if sig else 0.0
        for i in idx: us += I.pooled_u(cases[i]["train"], base, H, pool_sigma, "I1")
    return float(np.median(us)), float(np.mean(np.asarray(us) > 0))


if __name__ == "__main__":
    sets = {"M1": (competition_cases("m1-yearly"), False, 6),
            "Tourism": (competition_cases("tourism-yearly"), False, 4),
            "panel 2014-16": (panel_cases(origins=range(2014, 2017)), True, 6),
            "panel 2017-19": (panel_cases(origins=range(2017, 2020)), True, 6)}
    print("| set | points | median u | share u > 0 | q80 of abs u / pool's | q95 of abs u / pool's | median u by step 1…6 |")
    print("|---|---|---|---|---|---|---|")
    for name, (cases, panel, H) in sets.items():
        r = realised(cases, panel, H)
        k, u, q80, q95 = r[:, 0], r[:, 1], r[:, 2], r[:, 3]
        inside80 = np.mean(np.abs(u) <= q80) * 100
        ratio80 = np.quantile(np.abs(u), 0.8) / np.median(q80)
        ratio95 = np.quantile(np.abs(u), 0.95) / np.median(q95)
        by_k = " / ".join(f"{np.median(u[k == j]):+.2f}" for j in range(1, H + 1))
        print(f"| {name} | {len(u)} | {np.median(u):+.3f} | {np.mean(u > 0):.3f} | {ratio80:.2f} | {ratio95:.2f} | {by_k} |")
    print()
    print("Median of the signed pre-origin errors u (share > 0):")
    for name, (cases, panel, H) in sets.items():
        m, share = in_sample_median(cases, panel, H)
        print(f"- {name}: {m:+.3f} ({share:.3f})")
