"""Writes Tests/ForecastingTests/Fixtures/calibrated-reference.json from calibrated.py (the reference
implementation) and properscoring (exact CRPS of a normal distribution).

Usage: OPENBLAS_NUM_THREADS=1 python3 make_calibrated_reference.py
Needs numpy, pandas, properscoring (pip install properscoring)."""
import json, math, os
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
import numpy as np
import pandas as pd
import properscoring
import calibrated as C

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.join(HERE, "..", "..")
OUT = os.path.join(ROOT, "Tests", "ForecastingTests", "Fixtures", "calibrated-reference.json")
PROBS = [0.001, 0.01, 0.025, 0.1, 0.25, 0.5, 0.6, 0.9, 0.975, 0.99, 0.999]


def steps_record(steps, actual=None):
    out = []
    for k, s in enumerate(steps):
        rec = {"median": s.quantile(0.5), "mean": s.mean(),
               "lo80": s.quantile(0.1), "hi80": s.quantile(0.9), "lo95": s.quantile(0.025), "hi95": s.quantile(0.975)}
        probe = s.quantile(0.7) * 1.01
        rec["probe"] = probe
        rec["cdf_probe"] = s.cdf(probe)
        if actual is not None and k < len(actual):
            rec["actual"] = float(actual[k])
            rec["crps"] = s.crps(float(actual[k]))
        out.append(rec)
    return out


def auto_case(series, horizon, pools_growth, support="real", actuals=None):
    preps = [C.prepare(v, horizon, support) for v in series.values()]
    pl = C.pool(preps, pools_growth)
    out = {"horizon": horizon, "poolsGrowth": pools_growth, "support": support, "series": {k: list(map(float, v)) for k, v in series.items()},
           "typicalVolatility": pl["typical"], "errorCount": pl["errors"], "lawErrorCount": pl["law"].count,
           "inflation": pl["inflation"], "inflationCheckPoints": pl["check_points"], "growthSpread": pl["spread"],
           "knots": [pl["law"].knots[j] for j in (0, 49, 99, 149, 199)], "forecasts": {}}
    for (name, values), p in zip(series.items(), preps):
        out["forecasts"][name] = steps_record(C.finish(p, pl), None if actuals is None else actuals.get(name))
    return out


def main():
    ref = {}
    # (a) a law from 60 fixed errors of 6 series
    errors = [math.sin(1.7 * i) * i / 20 for i in range(1, 61)]
    law = C.Law.learn(errors, 6)
    ref["law"] = {"errors": errors, "seriesCount": 6, "knots": law.knots, "tailScale": law.tail,
                  "quantiles": {str(p): law.quantile(p) for p in PROBS},
                  "cdf": {str(v): law.cdf(v) for v in [-4.0, -1.3, -0.2, 0.0, 0.05, 0.7, 2.2, 3.9, 9.0]}}
    t4 = C.Law.student_t4()
    ref["studentT4"] = {"quantiles": {str(p): t4.quantile(p) for p in PROBS}}
    # (b) a panel pool: one indicator of the shipped province panel, as of 2016
    panel = pd.read_csv(os.path.join(ROOT, "notebooks-data", "china-provinces-st-panel.csv"))
    rows = panel[(panel.indicator == "rd_expenditure_total") & (panel.year >= 2010) & (panel.year <= 2022)]
    series, actuals = {}, {}
    for region, g in rows.groupby("region", sort=True):
        s = g.set_index("year")["value"]
        if all(y in s.index for y in range(2010, 2023)):
            series[region] = s.loc[2010:2016].to_numpy(float)
            actuals[region] = s.loc[2017:2022].to_numpy(float)
    ref["panel"] = auto_case(series, 6, True, "nonNegative", actuals)
    # (c) a competition pool: the train parts of the first 12 M1 yearly series
    m1 = pd.read_csv(os.path.join(ROOT, "Benchmarks", "data", "m1-yearly.csv"), dtype={"series": str})
    names = list(dict.fromkeys(m1.series))[:12]
    comp = {n: m1[(m1.series == n) & (m1.split == "train")].sort_values("t").value.to_numpy(float) for n in names}
    ref["competition"] = auto_case(comp, 6, False)
    # (d) short counts pooled as one indicator
    counts = {"A": [1, 2, 2, 3, 2], "B": [9] * 5, "D": [0, 0, 1, 3], "E": [0, 0, 0, 0], "F": [5], "G": [5, 6],
              "H": [232, 325, 455, 637, 891], "I": [12, 15, 11, 19, 22, 25, 24]}
    ref["counts"] = auto_case({k: np.array(v, float) for k, v in counts.items()}, 6, True, "count")
    # (e) anchored trends
    values = [12.0, 13.1, 15.2, 15.9, 17.8, 18.1, 20.6, 21.9]
    ref["anchored"] = {"values": values,
                       "linear": C.anchored_trend(values, 1, False, 4),
                       "loglinear": C.anchored_trend(values, 1, True, 4),
                       "quadratic": C.anchored_trend(values, 2, False, 4)}
    # (f) CRPS of a normal distribution: exact (properscoring) and by 100-level quantile averaging
    from scipy.stats import norm
    crps = []
    for y in [7.0, 10.0, 10.5, 15.0]:
        q = [10 + 2 * norm.ppf((m + 0.5) / 100) for m in range(100)]
        qa = 2 * sum(((1.0 if y < qq else 0.0) - (m + 0.5) / 100) * (qq - y) for m, qq in enumerate(q)) / 100
        crps.append({"y": y, "exact": float(properscoring.crps_gaussian(y, mu=10, sig=2)), "quantileAveraged": qa})
    ref["normalCRPS"] = {"location": 10.0, "scale": 2.0, "cases": crps}
    # (g) the mean of hand-built steps, one per form of the data-scale value: every support, both error
    #     scales, bounds reached and not, and a degenerate law (60 equal errors: tail scale 1e-9)
    flat = C.Law.learn([0.4] * 60, 6)
    laws = {"law": law, "studentT4": t4, "flat": flat}
    configurations = [
        ("law", 120.0, 0.35, True, "nonNegative", 100.0),
        ("law", 3.0, 1.1, True, "count", 3.0),
        ("law", 0.8, 2.5, True, "count", 1.0),
        ("studentT4", 40.0, 0.9, True, "nonNegative", 30.0),
        ("law", 5.0, 4.0, False, "real", 0.0),
        ("law", 5.0, 4.0, False, "nonNegative", 0.0),
        ("studentT4", 2.0, 3.0, False, "count", 0.0),
        ("flat", 50.0, 0.5, True, "nonNegative", 45.0),
        ("flat", 10.0, 3.0, False, "real", 0.0),
        ("flat", 2.0, 1.5, True, "count", 2.0),
    ]
    ref["steps"] = {"flatErrors": [0.4] * 60, "cases": [
        {"law": name, "point": point, "spread": spread, "multiplicative": mult, "support": support, "lastValue": last,
         "mean": C.Step(point, spread, mult, support, laws[name], last).mean()}
        for name, point, spread, mult, support, last in configurations]}
    with open(OUT, "w") as handle:
        json.dump(ref, handle, indent=1)
    print("wrote", os.path.relpath(OUT, ROOT))


if __name__ == "__main__":
    main()
