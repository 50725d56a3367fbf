"""Centre of the realised errors on the fresh panels (after I6): for the rule in force, the median
normalised error u of every forecast point (all origins), the share above 0, the median by step,
and the median of the pre-origin errors the calibration sees. `PYTHONPATH=... python3 fresh_centre.py`."""
import sys, os
sys.path.insert(0, os.getcwd())
import numpy as np
import fresh, study_realised as S
print("| set | points | median u | share u > 0 | median u by step 1…6 | pre-origin median u |")
print("|---|---|---|---|---|---|")
for nm in ["gapminder", "Cigar", "Produc", "SumHes", "Guns", "pwt", "gapminder-1976"]:
    c = fresh.fresh_cases(nm)
    r = S.realised(c, True, 6)
    k, u = r[:, 0], r[:, 1]
    by_k = " / ".join(f"{np.median(u[k == j]):+.2f}" for j in range(1, 7))
    m, share = S.in_sample_median(c, True, 6)
    print(f"| {nm} | {len(u)} | {np.median(u):+.3f} | {np.mean(u > 0):.3f} | {by_k} | {m:+.3f} |", flush=True)
