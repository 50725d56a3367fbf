"""Scores shared by the research scripts; the same definitions as `sunan backtest`."""
import numpy as np

MID = (np.arange(100) + 0.5) / 100   # quantile levels of the CRPS by quantile averaging


def smape(a, f):
    d = np.abs(a) + np.abs(f)
    return float(np.mean(np.where(d > 0, 200 * np.abs(a - f) / np.where(d > 0, d, 1), 0)))


def scale(y):
    return float(np.mean(np.abs(np.diff(y))))


def mase(y, a, f):
    s = scale(y)
    return float(np.mean(np.abs(a - f)) / s) if s > 0 else np.nan


def summary(cases, forecasts):
    s = np.mean([smape(c["test"], f) for c, f in zip(cases, forecasts)])
    m = np.nanmean([mase(c["train"], c["test"], f) for c, f in zip(cases, forecasts)])
    return s, m


def coverage(cases, lows, highs):
    hit = sum(int(np.sum((c["test"] >= lo) & (c["test"] <= hi))) for c, lo, hi in zip(cases, lows, highs))
    return 100 * hit / sum(len(c["test"]) for c in cases)


def crps_quantiles(q, y):
    """CRPS by quantile averaging: 2/M Σ QS_τ(q_τ, y) at the M = 100 midpoints τ = (m − ½)/M.
    q: (..., 100) quantiles; y broadcast."""
    tau = MID
    diff = y[..., None] - q
    return 2 * np.mean(np.where(diff >= 0, tau * diff, (tau - 1) * diff), axis=-1)
