"""Selection sets only: how well do simple growth estimates predict the growth that followed?"""
import numpy as np, pandas as pd
from data import panel_cases, competition_cases

def feats(c, pooled=None):
    y, a = c["train"], c["test"]
    if not (np.all(y > 0) and np.all(a > 0)):
        return None
    n, h = len(y), len(a)
    ly = np.log(y)
    k = np.arange(1, h + 1)
    real = np.log(a / y[-1])  # log growth path realised
    drift_lin = np.log((y[-1] + k * (y[-1] - y[0]) / (n - 1)) / y[-1]) if y[-1] + h * (y[-1] - y[0]) / (n - 1) > 0 else None
    if drift_lin is None: return None
    g_full = (ly[-1] - ly[0]) / (n - 1)
    g_rec = (ly[-1] - ly[-4]) / 3
    g_last = ly[-1] - ly[-2]
    d = dict(real=np.mean(real / k), lin=np.mean(drift_lin / k), full=g_full, rec=g_rec, last=g_last, n=n, h=h)
    return d

for name, cases in [("panel 2014-16", panel_cases(origins=range(2014, 2017))), ("M1", competition_cases("m1-yearly"))]:
    rows = [f for f in (feats(c) for c in cases) if f]
    df = pd.DataFrame(rows)
    print(name, len(df))
    print(df.describe().round(3).loc[["mean", "50%", "std"]])
    for col in ["lin", "full", "rec", "last"]:
        e = df.real - df[col]
        print(f"  {col:5s} mean err {e.mean():+.3f}  median {e.median():+.3f}  MAE {e.abs().mean():.3f}  corr {np.corrcoef(df.real, df[col])[0,1]:.2f}")
    X = np.c_[np.ones(len(df)), df.lin, df.full, df.rec]
    b = np.linalg.lstsq(X, df.real, rcond=None)[0]
    print("  real ~ 1 + lin + full + rec:", b.round(3))
    X = np.c_[df.lin, df.full]
    print("  real ~ lin + full (no const):", np.linalg.lstsq(X, df.real, rcond=None)[0].round(3))
