"""Selection sets only (panel origins 2014–2016): is the growth that followed common to an
indicator (pooling across regions) or individual?"""
import numpy as np, pandas as pd
from data import panel_cases
cases = panel_cases(origins=range(2014, 2017))
rows = []
for c in cases:
    y, a = c["train"], c["test"]
    if not (np.all(y > 0) and np.all(a > 0)): continue
    n, h = len(y), len(a)
    k = np.arange(1, h + 1)
    rows.append(dict(ind=c["indicator"], origin=c["origin"], region=c["key"][0],
                     real=np.mean(np.log(a / y[-1]) / k),
                     lin=np.mean(np.log((y[-1] + k * (y[-1] - y[0]) / (n - 1)) / y[-1]) / k),
                     full=(np.log(y[-1]) - np.log(y[0])) / (n - 1), rec=(np.log(y[-1]) - np.log(y[-4])) / 3))
df = pd.DataFrame(rows)
g = df.groupby(["ind", "origin"])
for col in ["real", "lin", "full", "rec"]:
    df[col + "_ind"] = g[col].transform("median")
tot = df.real.var()
print("variance of realised growth", round(tot, 5), "; share explained by indicator×origin medians",
      round(1 - (df.real - df.real_ind).var() / tot, 3))
for col in ["lin", "full", "rec", "lin_ind", "full_ind", "rec_ind"]:
    e = df.real - df[col]
    print(f"{col:9s} mean err {e.mean():+.3f} MAE {e.abs().mean():.3f}")
for w in [0, 0.25, 0.5, 0.75, 1]:
    for base in ["lin", "full", "rec"]:
        p = w * df[base] + (1 - w) * df[base + "_ind"]
        e = df.real - p
        print(f"w_own={w:.2f} {base:4s} MAE {e.abs().mean():.4f} bias {e.mean():+.4f}", end=" | ")
    print()
