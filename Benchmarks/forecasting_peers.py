#!/usr/bin/env python3
"""statsforecast peers of the forecasting benchmark (issue 4's accuracy and speed acceptance).

Reads a competition file of the project (`series,t,value,split`, e.g. Benchmarks/data/
tourism-yearly.csv), fits each peer on the `train` part of every series and forecasts the whole
`test` part, exactly as ../shared/benchmarks/PEERS.md describes.

Two passes per model, both after one untimed warm-up call on the same data (so numba's compile
time is not counted):
  timing    the median wall time of --repeats calls of
            `StatsForecast(models=[m], freq=1, n_jobs=1).forecast(df=train, h=H)` (no intervals,
            as in PEERS.md); building the data frame from the CSV is not timed.
  accuracy  one untimed call with `level=[80, 95]`: sMAPE and MASE as in PEERS.md, and the
            empirical coverage of the 80 % and 95 % intervals over all test points.

Prints one JSON object per line: first the environment (versions, BLAS from threadpoolctl), then
one line per model. Run with OPENBLAS_NUM_THREADS=1 (and, on machines that set them,
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset for this command alone: they slow numpy's newer
bundled OpenBLAS).

Usage: python3 Benchmarks/forecasting_peers.py --data Benchmarks/data/tourism-yearly.csv \
           --models AutoETS,AutoTheta,RandomWalkWithDrift --repeats 9
"""
import argparse
import json
import os
import platform
import statistics
import sys
import time
import warnings

import numpy as np
import pandas as pd

import statsforecast
from statsforecast import StatsForecast
from statsforecast import models as sf_models


def load(path):
    """Train and test frames in statsforecast's long format (unique_id, ds, y), file order kept."""
    frame = pd.read_csv(path, dtype={"series": str})
    frame = frame.rename(columns={"series": "unique_id", "t": "ds", "value": "y"})
    order = {name: index for index, name in enumerate(dict.fromkeys(frame["unique_id"]))}
    frame["order"] = frame["unique_id"].map(order)
    frame = frame.sort_values(["order", "ds"], kind="stable")
    train = frame[frame["split"] == "train"][["unique_id", "ds", "y"]].reset_index(drop=True)
    test = frame[frame["split"] == "test"][["unique_id", "ds", "y"]].reset_index(drop=True)
    return train, test


def horizon_of(test):
    """The longest test part (every series is forecast that far; shorter test parts use a prefix)."""
    return int(test.groupby("unique_id").size().max())


def run(model_name, train, horizon, level=None):
    """One `StatsForecast(...).forecast` call; returns the forecast frame."""
    model = getattr(sf_models, model_name)()
    engine = StatsForecast(models=[model], freq=1, n_jobs=1)
    if level is None:
        return engine.forecast(df=train, h=horizon)
    return engine.forecast(df=train, h=horizon, level=level)


def accuracy(model_name, forecast, train, test):
    """sMAPE, MASE (as in PEERS.md) and the 80/95 % coverage over all test points."""
    forecast = forecast.reset_index() if "unique_id" not in forecast.columns else forecast
    column = next(c for c in forecast.columns if c not in ("unique_id", "ds") and "-lo-" not in c and "-hi-" not in c)
    by_series = {name: group for name, group in forecast.groupby("unique_id", sort=False)}
    history = {name: group["y"].to_numpy() for name, group in train.groupby("unique_id", sort=False)}
    smapes, mases, covered, points = [], [], {80: 0, 95: 0}, 0
    for name, group in test.groupby("unique_id", sort=False):
        actual = group["y"].to_numpy()
        rows = by_series[name].iloc[: len(actual)]
        f = rows[column].to_numpy()
        denominator = np.abs(actual) + np.abs(f)
        terms = np.where(denominator > 0, 200 * np.abs(actual - f) / np.where(denominator > 0, denominator, 1), 0)
        smapes.append(terms.mean())
        x = history[name]
        scale = np.abs(np.diff(x)).mean()
        mases.append(np.abs(actual - f).mean() / scale)
        for level in covered:
            lo, hi = rows[f"{column}-lo-{level}"].to_numpy(), rows[f"{column}-hi-{level}"].to_numpy()
            covered[level] += int(((actual >= lo) & (actual <= hi)).sum())
        points += len(actual)
    return {
        "smape": float(np.mean(smapes)),
        "mase": float(np.mean(mases)),
        "coverage80": 100 * covered[80] / points,
        "coverage95": 100 * covered[95] / points,
        "points": points,
    }


def environment():
    """Versions and the BLAS numpy actually runs (threadpoolctl), as one JSON-able dict."""
    try:
        from threadpoolctl import threadpool_info
        blas = [{k: info.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
                for info in threadpool_info() if info.get("user_api") == "blas"]
    except ImportError:
        blas = "threadpoolctl not installed"
    return {
        "peer": "statsforecast",
        "statsforecast": statsforecast.__version__,
        "numpy": np.__version__,
        "pandas": pd.__version__,
        "python": platform.python_version(),
        "blas": blas,
        "openblas_num_threads": os.environ.get("OPENBLAS_NUM_THREADS", "unset"),
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE", "unset"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="competition CSV: series,t,value,split")
    parser.add_argument("--models", default="AutoETS,AutoTheta,RandomWalkWithDrift",
                        help="comma-separated statsforecast model classes")
    parser.add_argument("--repeats", type=int, default=9, help="timed calls per model (median reported)")
    parser.add_argument("--no-accuracy", action="store_true", help="skip the accuracy pass")
    args = parser.parse_args()
    # AutoETS divides by zero residual degrees of freedom on the shortest series; the forecasts are
    # unaffected, and the warnings would only flood stderr.
    warnings.filterwarnings("ignore", category=RuntimeWarning)

    train, test = load(args.data)
    horizon = horizon_of(test)
    print(json.dumps(environment()), flush=True)
    for name in [m.strip() for m in args.models.split(",") if m.strip()]:
        run(name, train, horizon)  # warm-up: numba compilation, caches
        seconds = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            run(name, train, horizon)
            seconds.append(time.perf_counter() - start)
        row = {
            "model": name,
            "data": args.data,
            "series": int(train["unique_id"].nunique()),
            "horizon": horizon,
            "repeats": args.repeats,
            "median_seconds": statistics.median(seconds),
            "min_seconds": min(seconds),
            "seconds": seconds,
        }
        if not args.no_accuracy:
            row.update(accuracy(name, run(name, train, horizon, level=[80, 95]), train, test))
        print(json.dumps(row), flush=True)


if __name__ == "__main__":
    sys.exit(main())
