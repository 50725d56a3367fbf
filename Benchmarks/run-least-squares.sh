#!/usr/bin/env bash
# Least-squares benchmarks of issue 2: sunan against numpy in the same session.
#
# Builds the benchmark package (Benchmarks/Package.swift) in release mode, runs `sunan-bench least-squares` and
# Benchmarks/least_squares_peers.py case by case (each sunan case right before its numpy peers,
# so both see the same machine state), and rewrites the "## Least squares (issue 2)" section of
# BENCHMARKS.md with the medians and ratios. Other sections of BENCHMARKS.md are left alone.
#
# Usage: bash Benchmarks/run-least-squares.sh [REPEATS]   (default 11 timed repeats after 1 warm-up)
# Environment: SCRATCH (SwiftPM scratch path, default .build-bench; the kernels build in $SCRATCH/kernels),
# PYTHON (default python3).
#
# Thread settings: OPENBLAS_NUM_THREADS=1 on both sides. sunan links Debian's OpenBLAS and keeps
# the environment as it is (including OPENBLAS_CORETYPE where the machine sets it). The numpy
# command alone runs with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, because they slow
# numpy's newer bundled OpenBLAS; the kernel numpy then uses is recorded via threadpoolctl.
set -euo pipefail

cd "$(dirname "$0")/.."
REPEATS="${1:-11}"
SCRATCH="${SCRATCH:-.build-bench}"
PYTHON="${PYTHON:-python3}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$SCRATCH"
LOG="$SCRATCH/least-squares-bench.jsonl"   # raw lines of the last run, kept for inspection

# The kernels are the separate package in Benchmarks/ (Package.swift), built against this checkout.
swift build -c release --package-path Benchmarks --scratch-path "$SCRATCH/kernels" --product sunan-bench >&2
BENCH="$(pwd)/$SCRATCH/kernels/release/sunan-bench"

"$PYTHON" -c "import numpy" 2>/dev/null || { echo "numpy is required: pip install numpy" >&2; exit 1; }
"$PYTHON" -c "import threadpoolctl" 2>/dev/null || "$PYTHON" -m pip install --quiet threadpoolctl >&2

sunan() { OPENBLAS_NUM_THREADS=1 "$BENCH" least-squares --repeats "$REPEATS" --cases "$1"; }
numpy_peer() {
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 \
        "$PYTHON" Benchmarks/least_squares_peers.py --repeats "$REPEATS" --cases "$1"
}

for pair in "independent independent-qr,independent-normal" "shared shared-pinv" "single single-lstsq"; do
    set -- $pair
    echo "sunan $1 …" >&2
    sunan "$1" >>"$OUT/sunan.jsonl"
    echo "numpy $2 …" >&2
    numpy_peer "$2" >>"$OUT/numpy.jsonl"
done

{
    echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "cores=$(nproc)"
    echo "kernel=$(uname -sr)"
    echo "swift=$(swift --version 2>&1 | head -1)"
    echo "coretype_env=${OPENBLAS_CORETYPE:-unset}"
    echo "l2_env=${OPENBLAS_L2_SIZE:-unset}"
    echo "repeats=$REPEATS"
} >"$OUT/machine.txt"

"$PYTHON" - "$OUT" BENCHMARKS.md <<'PY'
import json, pathlib, re, sys

out, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
def load(name):
    rows = [json.loads(line) for line in (out / name).read_text().splitlines() if line.strip()]
    env = next(r for r in rows if "peer" in r)
    return env, {r["case"]: r for r in rows if "case" in r}
sunan_env, sunan = load("sunan.jsonl")
numpy_env, numpy = load("numpy.jsonl")
machine = dict(line.split("=", 1) for line in (out / "machine.txt").read_text().splitlines())

def t(seconds):
    return f"{seconds * 1e3:.3f} ms" if seconds < 1 else f"{seconds:.3f} s"
def ns(row):
    return f"{row['per_fit_ns']:.1f} ns" if row["fits"] > 1 else "—"

cases = [
    ("(a) 200,000 independent 12×3 trend fits", "independent", "independent-qr",
     "numpy batched: `np.linalg.qr` on the (200000,12,3) stack, then `np.linalg.solve(R, Qᵀy)`", 0.5),
    ("(a′) same, against numpy's fastest variant", "independent", "independent-normal",
     "numpy batched normal equations `np.linalg.solve(XᵀX, Xᵀy)`", 1.0),
    ("(b) 200,000 series sharing one 12×3 design", "shared", "shared-pinv",
     "`np.linalg.pinv(X) @ Y`, Y 12×200000", 1.5),
    ("(c) one 200,000×50 regression", "single", "single-lstsq",
     "`np.linalg.lstsq(X, y, rcond=None)`", 0.8),
]
lines = [
    "| case | numpy peer | sunan median | numpy median | sunan per fit | numpy per fit | ratio sunan/numpy | target | met? |",
    "|---|---|---|---|---|---|---|---|---|",
]
checks = []
for title, s_case, n_case, peer, limit in cases:
    s, n = sunan[s_case], numpy[n_case]
    ratio = s["median_seconds"] / n["median_seconds"]
    speed = f"{1 / ratio:.2f}× faster" if ratio < 1 else f"{ratio:.2f}× slower"
    goal = f"≤ {limit}" if limit != 1.0 else "< 1 (beat it)"
    met = ratio <= limit if limit != 1.0 else ratio < 1
    lines.append(f"| {title} | {peer} | {t(s['median_seconds'])} | {t(n['median_seconds'])} | {ns(s)} | {ns(n)} | "
                 f"{ratio:.3f} ({speed}) | {goal} | {'yes' if met else '**no**'} |")
    difference = abs(s["checksum"] - n["checksum"]) / abs(n["checksum"])
    checks.append(f"`{s_case}` {s['checksum']:.12g} vs `{n_case}` {n['checksum']:.12g} (relative difference {difference:.1e})")

numpy_blas = ", ".join(f"{b['internal_api']} {b['version']} kernel {b['architecture']}, {b['num_threads']} thread(s)"
                       for b in numpy_env["blas"]) if isinstance(numpy_env["blas"], list) else numpy_env["blas"]
section = f"""## Least squares (issue 2)

Measured {machine['date']} on {machine['cpu']} ({machine['cores']} cores, {machine['kernel']}),
{machine['swift']}; numpy {numpy_env['numpy']} on Python {numpy_env['python']}. Medians of
{machine['repeats']} timed repeats after one warm-up, wall clock, one thread on both sides; each sunan
case ran right before its numpy peers in the same session. Ratio = sunan median / numpy median
(below 1: sunan is faster).

{chr(10).join(lines)}

**Data.** Both sides generate identical data (a counter-based SplitMix64 generator implemented in
`Benchmarks/Sources/SunanBench/BenchData.swift` and `Benchmarks/least_squares_peers.py`, arithmetic in the
same order). (a): series *s* is observed at *t = o_s + i*, *i* = 0…11, with its own offset
*o_s* ∈ [−5, 10), design `[1, t, t²]`, so all 200,000 designs differ; y = β₀ + β₁t + β₂t² + noise
(SD 0.5). (b): the same coefficients and noise at *t* = 0…11, one design. (c): an intercept and 49
uniform predictors on [0, 1), noise SD 0.5. Data generation is not timed. The numpy peers are
given arrays in their natural layout (the (200000,12,3) stack; Y as a C-ordered 12×200000 array;
X as a C-ordered 200000×50 array).

**What is timed.** sunan: `IndependentLeastSquares.solve` (a), one `LeastSquares.solve` call with
200,000 right-hand sides (b), one `LeastSquares.solve` call (c) — each including input validation,
column equilibration, rank and condition number, residual sums of squares and (b, c) the
covariance factor. The numpy peers compute coefficients only.

**Agreement.** Sum of all fitted coefficients, sunan vs numpy: {'; '.join(checks)}.

**Threads and BLAS.** `OPENBLAS_NUM_THREADS=1` for both. sunan: {sunan_env['blas']}, kernel
{sunan_env['core']}, {sunan_env['blas_threads']} thread(s), run with the environment as it is
(`OPENBLAS_CORETYPE={machine['coretype_env']}`, `OPENBLAS_L2_SIZE={machine['l2_env']}`). numpy: {numpy_blas}
— its command alone ran with `OPENBLAS_CORETYPE` and `OPENBLAS_L2_SIZE` unset (they slow the
newer OpenBLAS bundled with numpy); the kernel it then chose is the one reported by threadpoolctl.

**Where the time goes.** (a) a Householder QR written for small problems, one problem after
another, no LAPACK call per fit. (b) one QR of the shared design, then one pass over the
responses computing `b = P y` and `‖y − X b‖²` per series, four series per SIMD vector. Swift
compiles for baseline x86-64 here (SSE2, no FMA), so this pass is bound by multiply throughput at
roughly 1.3–1.45× numpy's AVX-512 `gemm`, which is itself memory-bound. (c) a cache-blocked tall-skinny
QR (`dgeqrt` on the first block, `dtpqrt` for each further block of ≈ 330 rows) into a huge-page
working copy; numpy's `lstsq` runs `dgelsd` (SVD).

**Rerun.** `bash Benchmarks/run-least-squares.sh [REPEATS]` (default 11) builds the benchmark
package `Benchmarks/` (`swift build -c release --package-path Benchmarks`), runs both sides and
rewrites this section. One side alone:
`OPENBLAS_NUM_THREADS=1 .build-bench/kernels/release/sunan-bench least-squares --repeats 11` and
`env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 python3 Benchmarks/least_squares_peers.py`.
Timings on this shared 2-core machine vary by some 10–20 % between runs.
"""

text = target.read_text() if target.exists() else "# Benchmarks\n\nPerformance of sunan against reference implementations, one section per suite.\n"
pattern = re.compile(r"^## Least squares \(issue 2\)\n.*?(?=^## |\Z)", re.S | re.M)
if pattern.search(text):
    text = pattern.sub(lambda _: section + "\n", text, count=1)
else:
    text = text.rstrip("\n") + "\n\n" + section
target.write_text(text.rstrip("\n") + "\n")
print("\n".join(lines))
PY
cat "$OUT/sunan.jsonl" "$OUT/numpy.jsonl" >"$LOG"
echo "raw results: $LOG; section written to BENCHMARKS.md" >&2
