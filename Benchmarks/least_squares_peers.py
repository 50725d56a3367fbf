#!/usr/bin/env python3
"""numpy peers of `sunan-bench least-squares` (issue 2's benchmark acceptance).

Regenerates exactly the data of Benchmarks/Sources/SunanBench/ (BenchData.swift, LeastSquaresBenchmark.swift) (a counter-based
SplitMix64 generator; every value depends only on seed, stream and index, and the arithmetic is
done in the same order, so the problems are bit-identical) and times numpy on them: one untimed
warm-up, then the median of --repeats runs. Prints one JSON object per line, like the Swift side,
plus the threadpoolctl description of the BLAS numpy runs.

Peers:
  independent-qr      batched np.linalg.qr on the (N, n, 3) stack, then batched
                      np.linalg.solve(R, Qᵀy): the "numpy batched" least-squares peer
  independent-normal  batched normal equations np.linalg.solve(XᵀX, Xᵀy): numpy's fastest
                      batched variant (less accurate: squares the condition number)
  shared-pinv         np.linalg.pinv(X) @ Y with Y of shape (n, N)
  single-lstsq        np.linalg.lstsq(X, y, rcond=None) for one rows × columns design
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


def uniform(seed, stream, index):
    """Uniform doubles in [0, 1): element `index` (an integer array) of `stream`, as BenchData.uniform."""
    with np.errstate(over="ignore"):
        key = index.astype(np.uint64) + (np.uint64(stream) << np.uint64(40))
        z = np.uint64(seed) + (key + np.uint64(1)) * GAMMA
        z = (z ^ (z >> np.uint64(30))) * MIX1
        z = (z ^ (z >> np.uint64(27))) * MIX2
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0**-53


def noise(seed, stream, index, sd):
    """Scaled sum of three uniforms, as BenchData.noise."""
    total = uniform(seed, stream, index) + uniform(seed, stream + 1, index) + uniform(seed, stream + 2, index)
    return (total - 1.5) * (2 * sd)


def responses(seed, series, length, t):
    """y[s, i] for times t of shape (series, length), as LeastSquaresBenchmark.response."""
    s = np.arange(series)
    b0 = (10 + 90 * uniform(seed, 1, s))[:, None]
    b1 = (-2 + 4 * uniform(seed, 2, s))[:, None]
    b2 = (-0.05 + 0.1 * uniform(seed, 3, s))[:, None]
    index = s[:, None] * length + np.arange(length)[None, :]
    return b0 + b1 * t + b2 * (t * t) + noise(seed, 4, index, 0.5)


def independent_problems(seed, series, length):
    """Designs (series, length, 3) and responses (series, length) of the independent case."""
    offset = -5 + 15 * uniform(seed, 0, np.arange(series))
    t = offset[:, None] + np.arange(length, dtype=np.float64)[None, :]
    x = np.stack([np.ones_like(t), t, t * t], axis=2)
    return x, responses(seed, series, length, t)


def shared_problem(seed, series, length):
    """The shared design (length, 3) and responses Y (length, series)."""
    t = np.arange(length, dtype=np.float64)
    x = np.stack([np.ones_like(t), t, t * t], axis=1)
    y = responses(seed, series, length, np.broadcast_to(t, (series, length)))
    return x, np.ascontiguousarray(y.T)


def single_problem(seed, rows, columns):
    """Design (rows, columns), C order, and response of the single large regression."""
    x = np.ones((rows, columns))
    i = np.arange(rows)
    for j in range(1, columns):
        x[:, j] = uniform(seed, 10, i + j * rows)
    y = np.zeros(rows)
    for j in range(columns):
        y = y + (1 + j / 10) * x[:, j]
    return x, y + noise(seed, 11, i, 0.5)


def independent_qr(x, y):
    q, r = np.linalg.qr(x)
    qty = np.matmul(q.transpose(0, 2, 1), y[:, :, None])
    return np.linalg.solve(r, qty)[:, :, 0]


def independent_normal(x, y):
    xt = x.transpose(0, 2, 1)
    return np.linalg.solve(xt @ x, xt @ y[:, :, None])[:, :, 0]


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
    parser.add_argument("--series", type=int, default=200_000)
    parser.add_argument("--length", type=int, default=12)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--columns", type=int, default=50)
    parser.add_argument("--seed", type=int, default=20_240_601)
    parser.add_argument("--cases", default="independent-qr,independent-normal,shared-pinv,single-lstsq")
    args = parser.parse_args()

    try:
        from threadpoolctl import threadpool_info
        blas = [{k: info.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
                for info in threadpool_info()]
    except ImportError:
        blas = "threadpoolctl not installed"
    print(json.dumps({"peer": "numpy", "numpy": np.__version__, "python": sys.version.split()[0], "blas": blas}))

    data = {}
    for case in args.cases.split(","):
        if case.startswith("independent"):
            if "independent" not in data:
                data["independent"] = independent_problems(args.seed, args.series, args.length)
            x, y = data["independent"]
            solver = independent_qr if case == "independent-qr" else independent_normal
            median, b = timed(args.repeats, lambda: solver(x, y))
            fits = args.series
        elif case == "shared-pinv":
            x, y = shared_problem(args.seed, args.series, args.length)
            median, b = timed(args.repeats, lambda: np.linalg.pinv(x) @ y)
            fits = args.series
        elif case == "single-lstsq":
            data.pop("independent", None)
            x, y = single_problem(args.seed, args.rows, args.columns)
            median, b = timed(args.repeats, lambda: np.linalg.lstsq(x, y, rcond=None)[0])
            fits = 1
        else:
            parser.error(f"unknown case {case}")
        print(json.dumps({"suite": "least-squares", "case": case, "median_seconds": median,
                          "per_fit_ns": median / fits * 1e9, "repeats": args.repeats, "fits": fits,
                          "checksum": float(np.sum(b))}), flush=True)


if __name__ == "__main__":
    main()
