#!/usr/bin/env bash
# The province-panel rolling-origin backtest of issue 12 (PEERS.md's protocol): statsforecast's
# RandomWalkWithDrift, AutoTheta, AutoETS and Naive and sunan's models on the same 1,524 cases in
# the same run, with sMAPE, MASE, the scaled CRPS, 50/80/95 % coverage and auto's reliability table.
#
# Builds `sunan` in release mode, runs Benchmarks/province_panel.py, keeps the raw figures in
# $SCRATCH/province-panel.json and rewrites the generated part of BENCHMARKS.md's "Province panel"
# section (between the province-panel markers). Other text is left alone.
#
# Usage: bash Benchmarks/run-province-panel.sh
# Environment: SCRATCH (SwiftPM scratch path, default .build-bench), PYTHON (default python3).
set -euo pipefail

cd "$(dirname "$0")/.."
SCRATCH="${SCRATCH:-.build-bench}"
PYTHON="${PYTHON:-python3}"
MODELS="auto,drift,naive,linear,loglinear,damped,theta"
export OPENBLAS_NUM_THREADS=1

swift build -c release --scratch-path "$SCRATCH" --product sunan >&2
"$PYTHON" -c "import statsforecast" 2>/dev/null || "$PYTHON" -m pip install --quiet statsforecast >&2
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 \
    "$PYTHON" Benchmarks/province_panel.py --sunan "$SCRATCH/release/sunan" --models "$MODELS" \
    --json "$SCRATCH/province-panel.json" --markdown "$OUT/section.md"

"$PYTHON" - "$OUT/section.md" BENCHMARKS.md <<'PY'
import datetime, pathlib, re, sys
import statsforecast
section, target = pathlib.Path(sys.argv[1]).read_text(), pathlib.Path(sys.argv[2])
stamp = (f"Measured {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC by "
         f"`bash Benchmarks/run-province-panel.sh` (statsforecast {statsforecast.__version__}, `n_jobs=1`, "
         "`fallback_model=RandomWalkWithDrift()`).")
text = target.read_text()
begin, end = "<!-- province-panel:begin -->", "<!-- province-panel:end -->"
if begin not in text:
    sys.exit("BENCHMARKS.md has no province-panel markers")
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
target.write_text(head + begin + "\n" + stamp + "\n\n" + section + end + tail)
PY
echo "BENCHMARKS.md: province panel section rewritten" >&2
