"""The province-panel rolling-origin backtest of issue 12 (PEERS.md, "Province S&T panel"), with
statsforecast's peers and sunan in the same run.

Protocol (PEERS.md): every province × indicator series of `china-provinces-st-panel.csv` complete
from 2010 to 2023 with some variation before 2018 (254 series); origins 2014 … 2019; each origin
trains on 2010 … origin and forecasts the next min(6, 2023 − origin) years (1,524 cases).
sMAPE and MASE (scale: mean absolute first difference of the training part) per case, averaged
over cases; interval coverage pooled over all forecast points.

Added for issue 12, computed the same way for every method:
- coverage at 50, 80 and 95 %;
- CRPS of the whole predictive distribution by quantile averaging,
  CRPS ≈ (2/M) Σ_m QS_τm(q_τm, y) with the M = 100 midpoint levels τm = (m − ½)/100 and the pinball
  loss QS_τ(q, y) = (1{y < q} − τ)(q − y); divided by the case's MASE scale, averaged over the case's
  points, then over cases like sMAPE and MASE (`crps` below: a scaled CRPS, comparable across
  series, 0 for a perfect point mass);
- a reliability table of exceedance probabilities: for thresholds at ±10/20/30 % of the last
  observed value, the predicted P(y > threshold) of every forecast point, binned by decile, against
  the observed frequency of y > threshold.

statsforecast gives quantiles, not a distribution function: its CRPS uses its quantiles at the 100
levels (levels 1, 3 … 99 %), and its P(y > threshold) is read off those quantiles by linear
interpolation (0.005 below the lowest, 0.995 above the highest). sunan's figures come from
`sunan backtest` itself (exact distribution functions).

Usage:
    python3 Benchmarks/province_panel.py [--sunan PATH] [--models auto,drift] [--origins 2014-2019]
        [--json FILE] [--markdown FILE] [--cases-out FILE.pkl]
Benchmarks/run-province-panel.sh builds sunan and runs this with every figure of BENCHMARKS.md.
Without --sunan only the peers run. statsforecast: `pip install statsforecast`; AutoETS refuses
5-point series, so every model runs with `fallback_model=RandomWalkWithDrift()` as in PEERS.md.
"""
import argparse
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import time
import warnings

import numpy as np
import pandas as pd

HERE = os.path.dirname(os.path.abspath(__file__))
PANEL = os.path.join(HERE, "..", "notebooks-data", "china-provinces-st-panel.csv")
FIRST, LAST, MAX_H = 2010, 2023, 6
PEERS = ["RandomWalkWithDrift", "AutoTheta", "AutoETS", "Naive"]
TAU = (np.arange(100) + 0.5) / 100
COVERAGE_LEVELS = (50, 80, 95)
THRESHOLDS = (-0.3, -0.2, -0.1, 0.1, 0.2, 0.3)


def select(frame):
    """The panel's rows of every series complete 2010–2023 that varies before 2018, years 2010–2023."""
    years = set(range(FIRST, LAST + 1))
    keep = []
    for _, group in frame.groupby(["region", "indicator"], sort=False):
        values = group.set_index("year")["value"]
        if years <= set(values.index) and values.loc[FIRST:2017].nunique() > 1:
            keep.append(group[(group.year >= FIRST) & (group.year <= LAST)])
    return pd.concat(keep)


def cases(rows, origins):
    """(key, origin, train, test) per series × origin, origin outer."""
    series = {key: group.sort_values("year")["value"].to_numpy(float)
              for key, group in rows.groupby(["region", "indicator"], sort=False)}
    out = []
    for origin in origins:
        n, h = origin - FIRST + 1, min(MAX_H, LAST - origin)
        for key, values in series.items():
            out.append((key, origin, values[:n], values[n:n + h]))
    return out


def peer_forecasts(name, all_cases, origins):
    """{(key, origin): (mean[h], quantiles[h, 100])} from one statsforecast model, one call per origin."""
    from statsforecast import StatsForecast
    from statsforecast import models as sf_models
    levels = sorted(set(range(1, 100, 2)) | set(COVERAGE_LEVELS))
    out, seconds = {}, 0.0
    for origin in origins:
        group = [c for c in all_cases if c[1] == origin]
        h = len(group[0][3])
        frame = pd.DataFrame([(f"{k[0]}|{k[1]}", FIRST + t, v) for k, _, train, _ in group for t, v in enumerate(train)],
                             columns=["unique_id", "ds", "y"])
        model = getattr(sf_models, name)()
        engine = StatsForecast(models=[model], freq=1, n_jobs=1,
                               fallback_model=sf_models.RandomWalkWithDrift())
        start = time.perf_counter()
        forecast = engine.forecast(df=frame, h=h, level=levels)
        seconds += time.perf_counter() - start
        forecast = forecast.reset_index() if "unique_id" not in forecast.columns else forecast
        column = model.alias
        for uid, rows in forecast.groupby("unique_id", sort=False):
            region, indicator = uid.split("|", 1)
            quantiles = np.empty((h, 100))
            for m, tau in enumerate(TAU):
                level = round(abs(200 * tau - 100))
                side = "lo" if tau < 0.5 else "hi"
                quantiles[:, m] = rows[f"{column}-{side}-{level}"].to_numpy()
            bounds = {lv: (rows[f"{column}-lo-{lv}"].to_numpy(), rows[f"{column}-hi-{lv}"].to_numpy())
                      for lv in COVERAGE_LEVELS}
            out[((region, indicator), origin)] = (rows[column].to_numpy(), np.sort(quantiles, axis=1), bounds)
    return out, seconds


def exceedance_from_quantiles(quantiles, threshold):
    """P(y > threshold) read off 100 quantiles by linear interpolation."""
    if threshold <= quantiles[0]:
        return 0.995
    if threshold >= quantiles[-1]:
        return 0.005
    return 1 - float(np.interp(threshold, quantiles, TAU))


def score(all_cases, forecasts):
    """Accuracy, coverage, scaled CRPS and reliability events of one method."""
    smapes, mases, crps, events = [], [], [], []
    covered, points = {lv: 0 for lv in COVERAGE_LEVELS}, 0
    by_origin = {}
    for key, origin, train, test in all_cases:
        mean, quantiles, bounds = forecasts[(key, origin)]
        h = len(test)
        mean = mean[:h]
        denominator = np.abs(test) + np.abs(mean)
        s = float(np.mean(np.where(denominator > 0, 200 * np.abs(test - mean) / np.where(denominator > 0, denominator, 1), 0)))
        scale = float(np.mean(np.abs(np.diff(train))))
        m = float(np.mean(np.abs(test - mean)) / scale)
        smapes.append(s)
        mases.append(m)
        by_origin.setdefault(origin, []).append((s, m))
        for lv in COVERAGE_LEVELS:
            lo, hi = bounds[lv]
            covered[lv] += int(np.sum((test >= lo[:h]) & (test <= hi[:h])))
        points += h
        diff = test[:, None] - quantiles[:h]
        crps.append(float(np.mean(2 * np.mean(np.where(diff >= 0, TAU * diff, (TAU - 1) * diff), axis=1))) / scale)
        last = train[-1]
        for k in range(h):
            for change in THRESHOLDS:
                threshold = last * (1 + change)
                events.append((exceedance_from_quantiles(quantiles[k], threshold), float(test[k] > threshold)))
    return {
        "cases": len(all_cases), "points": points,
        "smape": float(np.mean(smapes)), "mase": float(np.mean(mases)), "crps": float(np.mean(crps)),
        **{f"coverage{lv}": 100 * covered[lv] / points for lv in COVERAGE_LEVELS},
        "by_origin": {str(o): {"smape": float(np.mean([v[0] for v in vals])), "mase": float(np.mean([v[1] for v in vals]))}
                      for o, vals in sorted(by_origin.items())},
        "reliability": reliability(events),
    }


def reliability(events):
    """Rows (decile, cases, mean predicted, observed frequency) of (predicted, outcome) pairs."""
    rows = []
    predicted = np.array([e[0] for e in events])
    observed = np.array([e[1] for e in events])
    bins = np.minimum((predicted * 10).astype(int), 9)
    for b in range(10):
        mask = bins == b
        n = int(mask.sum())
        rows.append({"bin": f"{b / 10:.1f}–{(b + 1) / 10:.1f}", "cases": n,
                     "predicted": float(predicted[mask].mean()) if n else float("nan"),
                     "observed": float(observed[mask].mean()) if n else float("nan")})
    return rows


def run_sunan(sunan, panel_file, models, first_origin, last_origin):
    """`sunan backtest` on the selected panel: accuracy rows and reliability rows, by model."""
    common = ["backtest", "--data", panel_file, "--horizon", str(MAX_H), "--as-of", str(last_origin),
              "--origins", str(last_origin - first_origin + 1), "--models", ",".join(models), "--format", "csv"]
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1")
    accuracy = subprocess.run([sunan] + common, check=True, capture_output=True, text=True, env=env).stdout
    table = subprocess.run([sunan] + common + ["--reliability"], check=True, capture_output=True, text=True, env=env).stdout
    rows = {r["model"]: r for r in csv.DictReader(io.StringIO(accuracy))}
    reliability_rows = {}
    for r in csv.DictReader(io.StringIO(table)):
        reliability_rows.setdefault(r["model"], []).append(r)
    return rows, reliability_rows


def subset(all_cases, forecasts, first, last):
    """Accuracy of the cases whose origin is in first…last."""
    chosen = [c for c in all_cases if first <= c[1] <= last]
    return score(chosen, forecasts)


def markdown(result):
    """The BENCHMARKS.md section of this run."""
    peers, sunan = result["peers"], result["sunan"]
    best_s = min(peers[p]["smape"] for p in peers if p != "Naive")
    best_m = min(peers[p]["mase"] for p in peers if p != "Naive")
    best_s_name = min((p for p in peers if p != "Naive"), key=lambda p: peers[p]["smape"])
    best_m_name = min((p for p in peers if p != "Naive"), key=lambda p: peers[p]["mase"])
    lines = ["| method | sMAPE | MASE | scaled CRPS | cov50 % | cov80 % | cov95 % |", "|---|---|---|---|---|---|---|"]
    for model, row in sunan.items():
        label = "**sunan auto**" if model == "auto" else f"sunan {model}"
        lines.append(f"| {label} | {row['smape']:.3f} | {row['mase']:.3f} | {row['crps']:.3f} | {row['coverage50']:.1f} | "
                     f"{row['coverage80']:.1f} | {row['coverage95']:.1f} |")
    for name, row in peers.items():
        lines.append(f"| statsforecast {name} | {row['smape']:.3f} | {row['mase']:.3f} | {row['crps']:.3f} | {row['coverage50']:.1f} | "
                     f"{row['coverage80']:.1f} | {row['coverage95']:.1f} |")
    subsets = ["| origins | sunan auto sMAPE / MASE | best peer sMAPE / MASE |", "|---|---|---|"]
    for label, key in [("2014–2016 (selection)", "select"), ("2017–2019 (confirmation)", "confirm")]:
        auto = result["subsets"][key]["auto"]
        best = min(((p, v) for p, v in result["subsets"][key]["peers"].items() if p != "Naive"), key=lambda pv: pv[1]["smape"])
        best_mase = min(v["mase"] for p, v in result["subsets"][key]["peers"].items() if p != "Naive")
        subsets.append(f"| {label} | {auto['smape']:.3f} / {auto['mase']:.3f} | {best[1]['smape']:.3f} ({best[0]}) / {best_mase:.3f} |")
    rel = ["| predicted P(y > threshold) | cases | mean predicted | observed frequency | difference |", "|---|---|---|---|---|"]
    worst = 0.0
    for row in sunan.get("auto", {}).get("reliability", []):
        cases, predicted, observed = int(row["cases"]), float(row["predicted"] or "nan"), float(row["observed"] or "nan")
        difference = observed - predicted if cases else float("nan")
        if cases >= 100:
            worst = max(worst, abs(difference))
        rel.append(f"| {float(row['from']):.1f}–{float(row['to']):.1f} | {cases} | {predicted:.3f} | {observed:.3f} | {difference:+.3f} |")
    auto = sunan.get("auto")
    verdict = []
    if auto:
        beats = auto["smape"] < best_s and auto["mase"] < best_m
        c80, c95 = auto["coverage80"], auto["coverage95"]
        verdict = [
            f"- auto below the best peer on both metrics ({best_s_name} {best_s:.3f} sMAPE, {best_m_name} {best_m:.3f} MASE): "
            f"{'**yes**' if beats else '**no**'} ({auto['smape']:.3f} / {auto['mase']:.3f}).",
            f"- coverage 95 % in 90–97 and 80 % in 75–85: {'**yes**' if 90 <= c95 <= 97 and 75 <= c80 <= 85 else '**no**'} "
            f"({c95:.1f} % / {c80:.1f} %).",
            f"- every decile with ≥ 100 cases within 0.07 of its observed frequency: {'**yes**' if worst <= 0.07 else '**no**'} "
            f"(largest difference {worst:.3f}).",
        ]
    return "\n".join(["### Accuracy, CRPS and coverage (1,524 cases, peers in the same run)", "", *lines, "",
                      "### Selection and confirmation origins", "", *subsets, "",
                      "### Reliability of auto's exceedance probabilities", "",
                      "Thresholds at ±10, ±20 and ±30 % of the last observed value, every forecast year of every case "
                      "(six events per point), binned by the predicted probability.", "", *rel, "",
                      "### Acceptance", "", *verdict])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--panel", default=PANEL)
    parser.add_argument("--sunan", help="path of the sunan binary (omit to run the peers only)")
    parser.add_argument("--models", default="auto", help="sunan models, comma-separated")
    parser.add_argument("--peers", default=",".join(PEERS))
    parser.add_argument("--origins", default="2014-2019", help="first-last origin year")
    parser.add_argument("--json", help="write every figure (peers and sunan) to this JSON file")
    parser.add_argument("--markdown", help="write the BENCHMARKS.md tables of this run to this file (needs --sunan)")
    parser.add_argument("--cases-out", help="pickle the peers' per-case forecasts here (research)")
    args = parser.parse_args()
    warnings.filterwarnings("ignore")
    first, last = (int(x) for x in args.origins.split("-"))
    origins = range(first, last + 1)
    rows = select(pd.read_csv(args.panel))
    all_cases = cases(rows, origins)
    series_count = rows.groupby(["region", "indicator"]).ngroups
    print(f"{series_count} series, origins {first}–{last}, {len(all_cases)} cases", file=sys.stderr)
    result = {"series": series_count, "cases": len(all_cases), "origins": [first, last], "peers": {}, "sunan": {}}
    kept = {}
    for name in [p for p in args.peers.split(",") if p]:
        forecasts, seconds = peer_forecasts(name, all_cases, origins)
        kept[name] = forecasts
        result["peers"][name] = score(all_cases, forecasts) | {"seconds": seconds}
        figures = result["peers"][name]
        print(f"statsforecast {name}: sMAPE {figures['smape']:.3f} MASE {figures['mase']:.3f} "
              f"CRPS {figures['crps']:.3f} cov50 {figures['coverage50']:.1f} cov80 {figures['coverage80']:.1f} "
              f"cov95 {figures['coverage95']:.1f} ({seconds:.1f} s)", file=sys.stderr)
    if args.cases_out:
        pd.to_pickle({"cases": all_cases, "forecasts": kept}, args.cases_out)
    if args.sunan:
        with tempfile.TemporaryDirectory() as folder:
            panel_file = os.path.join(folder, "province-panel-254.csv")
            rows.to_csv(panel_file, index=False)
            accuracy, table = run_sunan(args.sunan, panel_file, args.models.split(","), first, last)
            result["subsets"] = {}
            for key, (a, b) in {"select": (2014, 2016), "confirm": (2017, 2019)}.items():
                if first <= a and b <= last:
                    part, _ = run_sunan(args.sunan, panel_file, ["auto"], a, b)
                    result["subsets"][key] = {"auto": {k: float(v) for k, v in part["auto"].items() if k != "model"},
                                              "peers": {name: subset(all_cases, kept[name], a, b) for name in kept}}
        for model, row in accuracy.items():
            result["sunan"][model] = {k: (float(v) if k not in ("model",) else v) for k, v in row.items()} | {
                "reliability": table.get(model, [])}
            print(f"sunan {model}: " + " ".join(f"{k} {v}" for k, v in row.items() if k != "model"), file=sys.stderr)
        if args.markdown:
            with open(args.markdown, "w") as handle:
                handle.write(markdown(result) + "\n")
    text = json.dumps(result, indent=1, default=lambda o: None)
    if args.json:
        with open(args.json, "w") as handle:
            handle.write(text)
    else:
        print(text)


if __name__ == "__main__":
    sys.exit(main())
