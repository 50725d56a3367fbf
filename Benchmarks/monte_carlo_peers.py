#!/usr/bin/env python3
"""numpy peer of `sunan-bench monte-carlo` (issue 5's throughput acceptance).

Rebuilds exactly the synthetic input of Benchmarks/Sources/SunanBench/MonteCarloBenchmark.swift (the same
counter-based SplitMix64 generator as the least-squares peers, so the histories are bit-identical)
and times numpy's vectorised equivalent of the engine's Monte Carlo on it:

  fit       every region's outcome and driver: log-linear OLS (log y = b0 + b1 t), residual
            variance s^2, unscaled covariance V = (X'X)^-1; the forecast is anchored at the last
            observation: location z_n + (t - t_n) b1, and the anchored errors' covariance / sigma^2
            C_ab = x_a V x_b' - x_n V x_n' + [a = b] + 1 (Forecasting's TrendRegression), whose
            Cholesky factor L is shared by every path (one design)
  draw      per path and draw: sigma^2 = s^2 df / chi2_df, log value location + sigma L z, exp;
            one elasticity per draw ~ N(0.6, 0.15^2)
  scenarios baseline, +10, +20, -10 %/yr driver uplifts from 2018: outcome x ratio(t-1)^elasticity,
            driver x ratio(t); the zone is the sum of the regions in every draw
  summarise every series x year x scenario: mean, its Monte Carlo standard error, and the 2.5, 10,
            90 and 97.5 % quantiles (numpy's default 'linear' method = sunan's type 7)

The random numbers come from numpy's default generator (PCG64, ziggurat normals), so individual
draws differ from sunan's; the zone means agree within Monte Carlo error, which the output
reports. Cases:

  numpy-vectorised         chi2_df from rng.chisquare (numpy's gamma sampler): the idiomatic form
  numpy-vectorised-sumsq   chi2_df as the sum of df squared standard normals (sunan's algorithm until
                           2026-12-04; it now draws a gamma variate by Marsaglia and Tsang's method)

Everything from the fit on is timed: one untimed warm-up, then the median of --repeats runs. One
JSON object per line, like the Swift side.
"""
import argparse
import json
import statistics
import sys
import time

import numpy as np

GAMMA = np.uint64(0x9E3779B97F4A7C15)
MIX1 = np.uint64(0xBF58476D1CE4E5B9)
MIX2 = np.uint64(0x94D049BB133111EB)
AS_OF, FIRST_YEAR = 2017, 2008
UPLIFTS = [0.0, 10.0, 20.0, -10.0]
QUANTILES = [0.025, 0.10, 0.90, 0.975]


def uniform(seed, stream, index):
    """Uniform doubles in [0, 1): element `index` (an integer array) of `stream`, as BenchData.uniform."""
    with np.errstate(over="ignore"):
        key = np.asarray(index).astype(np.uint64) + (np.uint64(stream) << np.uint64(40))
        z = np.uint64(seed) + (key + np.uint64(1)) * GAMMA
        z = (z ^ (z >> np.uint64(30))) * MIX1
        z = (z ^ (z >> np.uint64(27))) * MIX2
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0**-53


def noise(seed, stream, index, sd):
    """Scaled sum of three uniforms, as BenchData.noise."""
    total = uniform(seed, stream, index) + uniform(seed, stream + 1, index) + uniform(seed, stream + 2, index)
    return (total - 1.5) * (2 * sd)


def histories(seed, regions):
    """Log values (2 * regions, years): outcomes of R0…, then drivers, as MonteCarloBenchmark.logValue."""
    years = AS_OF - FIRST_YEAR + 1
    r = np.arange(regions)[:, None]
    t = np.arange(years, dtype=np.float64)[None, :]
    rows = []
    for series in (0, 1):
        stream = 20 + 10 * series
        level = (50 + 100 * uniform(seed, stream, r)) / (1 if series == 0 else 4)
        growth = 0.05 + 0.1 * uniform(seed, stream + 1, r)
        rows.append(np.log(level) + growth * t + noise(seed, stream + 2, r * years + t.astype(np.int64), 0.05))
    # The Swift side stores exp(log value) and takes the log again when fitting.
    return np.log(np.exp(np.concatenate(rows)))


def simulate(logs, regions, horizon, draws, rng, chi_square_by_normals=False):
    """The engine's computation, vectorised; returns mean, mcse and quantiles per (scenario, series, year)."""
    paths, years = logs.shape
    # Fit: OLS of log y on [1, t], t = 0 … years-1.
    t = np.arange(years, dtype=np.float64)
    x = np.stack([np.ones(years), t], axis=1)
    xtx_inv = np.linalg.inv(x.T @ x)
    beta = logs @ (x @ xtx_inv)                                     # (paths, 2)
    residuals = logs - beta @ x.T
    df = years - 2
    s2 = (residuals * residuals).sum(axis=1) / df                   # (paths,)
    future_t = np.arange(years, years + horizon, dtype=np.float64)  # t of 2018 … (first history year = 0)
    # Anchored at the last observation: location and the errors' covariance / σ², one design for all.
    location = logs[:, -1, None] + (future_t - (years - 1))[None, :] * beta[:, 1, None]   # (paths, horizon)
    future_x = np.stack([np.ones(horizon), future_t], axis=1)
    last_x = x[-1]
    covariance = future_x @ xtx_inv @ future_x.T - last_x @ xtx_inv @ last_x + np.eye(horizon) + 1
    chol = np.linalg.cholesky(covariance)

    # Draw: σ² from the scaled inverse χ², then the jointly normal errors through the Cholesky factor.
    if chi_square_by_normals:
        chi_square = np.square(rng.standard_normal((paths, df, draws))).sum(axis=1)
    else:
        chi_square = rng.chisquare(df, size=(paths, draws))
    scale = np.sqrt(s2[:, None] * df / chi_square)                                  # (paths, draws)
    errors = np.einsum("ij,pjd->pid", chol, rng.standard_normal((paths, horizon, draws)))
    values = np.exp(location[:, :, None] + scale[:, None, :] * errors)              # (paths, horizon, draws)
    elasticity = 0.6 + 0.15 * rng.standard_normal(draws)

    # Scenarios: driver ratio in year τ is (1 + u)^(τ − 2017) from 2018; the outcome (lag 1) uses τ = year − 1.
    years_ahead = np.arange(1, horizon + 1, dtype=np.float64)
    growth = 1 + np.asarray(UPLIFTS)[:, None] / 100                                  # (scenarios, 1)
    driver_ratio = growth ** years_ahead[None, :]                                    # (scenarios, horizon)
    outcome_ratio = growth ** (years_ahead[None, :] - 1)
    outcome_scale = outcome_ratio[:, :, None] ** elasticity[None, None, :]           # (scenarios, horizon, draws)
    outcomes = values[None, :regions] * outcome_scale[:, None]                       # (scenarios, regions, horizon, draws)
    drivers = values[None, regions:] * driver_ratio[:, None, :, None]
    zone = outcomes.sum(axis=1, keepdims=True)
    series = np.concatenate([outcomes, drivers, zone], axis=1)                       # (scenarios, 2R+1, horizon, draws)

    # Summaries over the draws.
    mean = series.mean(axis=-1)
    mcse = series.std(axis=-1, ddof=1) / np.sqrt(draws)
    quantiles = np.quantile(series, QUANTILES, axis=-1)
    return mean, mcse, quantiles


def timed(repeats, body):
    result = body()
    seconds = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = body()
        seconds.append(time.perf_counter() - start)
    return statistics.median(seconds), result


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=11)
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--regions", type=int, default=5)
    parser.add_argument("--horizon", type=int, default=4)
    parser.add_argument("--seed", type=int, default=20_240_601)
    parser.add_argument("--rng-seed", type=int, default=20_180_101)
    parser.add_argument("--cases", default="numpy-vectorised,numpy-vectorised-sumsq")
    args = parser.parse_args()

    try:
        from threadpoolctl import threadpool_info
        blas = [{k: info.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
                for info in threadpool_info()]
    except ImportError:
        blas = "threadpoolctl not installed"
    print(json.dumps({"peer": "numpy", "numpy": np.__version__, "python": sys.version.split()[0], "blas": blas}))

    logs = histories(args.seed, args.regions)
    scenarios = len(UPLIFTS)
    for case in args.cases.split(","):
        if case not in ("numpy-vectorised", "numpy-vectorised-sumsq"):
            parser.error(f"unknown case {case}")
        rng = np.random.default_rng(args.rng_seed)
        by_normals = case.endswith("sumsq")
        median, (mean, mcse, _) = timed(
            args.repeats, lambda: simulate(logs, args.regions, args.horizon, args.draws, rng, by_normals))
        print(json.dumps({
            "suite": "monte-carlo", "case": case, "median_seconds": median,
            "draws_per_second": args.draws * scenarios / median, "repeats": args.repeats, "draws": args.draws,
            "scenarios": scenarios, "regions": args.regions, "horizon": args.horizon, "cells": int(mean.size),
            "zone_mean_last_year": [float(v) for v in mean[:, -1, -1]],
            "zone_mean_se": [float(v) for v in mcse[:, -1, -1]],
        }), flush=True)


if __name__ == "__main__":
    main()
