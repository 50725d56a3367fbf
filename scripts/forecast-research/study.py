"""Where do auto's error and under-coverage come from on the province panel?"""
import os, sys
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "forecast-reference"))
import numpy as np, pandas as pd
import method as M
from data import panel_cases
from metrics import smape, mase, scale

cases = panel_cases()
rows = []
for c in cases:
    y, a = c["train"], c["test"]
    h = len(a)
    r = M.forecast_auto(y, h, (0.8, 0.95))
    d = M.rwd(y, h)
    g = np.diff(np.log(y)) if np.all(y > 0) else np.diff(y) / np.mean(np.abs(y))
    vol = np.std(g, ddof=1)
    shift = np.max(np.abs(g - np.median(g)))
    half = len(g) // 2
    bend = np.mean(g[half:]) - np.mean(g[:half])
    fut = (np.log(a[-1] / y[-1]) / h if a[-1] > 0 and y[-1] > 0 else np.nan)
    past = np.log(y[-1] / y[0]) / (len(y) - 1) if y[0] > 0 and y[-1] > 0 else np.nan
    for k in range(h):
        inside80 = r[("lower", 0.8)][k] <= a[k] <= r[("upper", 0.8)][k]
        inside95 = r[("lower", 0.95)][k] <= a[k] <= r[("upper", 0.95)][k]
        rows.append(dict(ind=c["indicator"], origin=c["origin"], n=len(y), k=k + 1, vol=vol, jump=shift, bend=bend,
                         fut=fut, past=past,
                         la=np.log(a[k] / r["mean"][k]) if a[k] > 0 and r["mean"][k] > 0 else np.nan,
                         ld=np.log(a[k] / d[k]) if a[k] > 0 and d[k] > 0 else np.nan,
                         sa=smape(a[k:k+1], r["mean"][k:k+1]), sd=smape(a[k:k+1], d[k:k+1]),
                         c80=inside80, c95=inside95,
                         w80=np.log(r[("upper", 0.8)][k] / r[("lower", 0.8)][k]) if r[("lower", 0.8)][k] > 0 else np.nan))
df = pd.DataFrame(rows)
pd.set_option("display.width", 200)
print("by horizon"); print(df.groupby("k")[["sa", "sd", "c80", "c95", "w80"]].mean().round(3).assign(N=df.groupby("k").size()))
print("\nby origin (training length n)"); print(df.groupby(["origin"])[["sa", "sd", "c80", "c95", "w80"]].mean().round(3))
print("\nby indicator"); print(df.groupby("ind")[["sa", "sd", "c80", "c95", "w80", "vol"]].mean().round(3))
df["volq"] = pd.qcut(df.vol, 4, labels=False)
print("\nby volatility quartile"); print(df.groupby("volq")[["sa", "sd", "c80", "c95", "w80", "vol"]].mean().round(3))
df["shiftq"] = pd.qcut(df.jump, 4, labels=False)
print("\nby largest growth shock quartile"); print(df.groupby("shiftq")[["sa", "sd", "c80", "c95", "w80"]].mean().round(3))
df["bendq"] = pd.qcut(df.bend, 4, labels=False)
print("\nby bend quartile (late minus early growth)"); print(df.groupby("bendq")[["sa", "sd", "c80", "c95", "bend"]].mean().round(3))
df["regime"] = np.sign(df.fut - df.past)
df["gap"] = pd.qcut(df.fut - df.past, 5, labels=False)
print("\nby future-minus-past growth quintile"); print(df.groupby("gap")[["sa", "sd", "c80", "c95", "la", "ld"]].mean().round(3))
print("\nbias: mean log(a/f) auto %.3f drift %.3f; median %.3f %.3f" % (df.la.mean(), df.ld.mean(), df.la.median(), df.ld.median()))
print("by origin bias"); print(df.groupby("origin")[["la", "ld"]].agg(["mean", "median"]).round(3))
df.to_pickle("/tmp/rs/study.pkl")
