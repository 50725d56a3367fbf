"""Case sets for the forecasting research: the province panel rolling-origin cases (PEERS.md's
protocol) and the M1 / Tourism yearly competition sets (train part in, whole test part out)."""
import os
import numpy as np
import pandas as pd

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
PANEL = os.path.join(ROOT, "notebooks-data", "china-provinces-st-panel.csv")
FIRST, LAST, ORIGINS, MAX_H = 2010, 2023, range(2014, 2020), 6


def panel_series(path=PANEL):
    """{(region, indicator): values 2010..2023} for every series complete 2010–2023 that varies
    before 2018, in file order."""
    frame = pd.read_csv(path)
    years = list(range(FIRST, LAST + 1))
    out = {}
    for (region, indicator), group in frame.groupby(["region", "indicator"], sort=False):
        s = group.set_index("year")["value"]
        if all(y in s.index for y in years) and s.loc[FIRST:2017].nunique() > 1:
            out[(region, indicator)] = s.loc[years].to_numpy(float)
    return out


def panel_cases(series=None, origins=ORIGINS):
    """List of dicts: key, indicator, origin, train (2010..origin), test (next min(6, 2023−origin))."""
    series = series or panel_series()
    cases = []
    for origin in origins:
        for key, values in series.items():
            n = origin - FIRST + 1
            h = min(MAX_H, LAST - origin)
            cases.append(dict(key=key, indicator=key[1], origin=origin, train=values[:n], test=values[n:n + h]))
    return cases


def competition_cases(name):
    d = pd.read_csv(os.path.join(ROOT, "Benchmarks", "data", f"{name}.csv"), dtype={"series": str})
    order = {s: i for i, s in enumerate(dict.fromkeys(d["series"]))}
    d["o"] = d["series"].map(order)
    d = d.sort_values(["o", "t"], kind="stable")
    cases = []
    for s, g in d.groupby("series", sort=False):
        cases.append(dict(key=s, indicator=name, origin=None, train=g[g.split == "train"].value.to_numpy(float),
                          test=g[g.split == "test"].value.to_numpy(float)))
    return cases
