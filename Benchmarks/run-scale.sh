#!/bin/bash
# The scale benchmark (BENCHMARKS.md, "Scale (issue 7)"): generates the synthetic national inputs
# (Benchmarks/make-national-data.py) into a scratch folder, builds sunan in release mode and times,
# with /usr/bin/time -v (wall clock and peak resident memory),
#   (a) sunan forecast --model auto on all 30,000 series, on both cores and on one (taskset -c 0);
#   (b) sunan run on the synthetic scenario at 10,000 draws on both cores and on one, then at 2,500
#       and 5,000 draws and at half the regions (memory against draws and series), and at 100 draws
#       (the part of the time that does not depend on the draws).
# Prints one line per case; the section in BENCHMARKS.md is written by hand from them.
# Usage: bash Benchmarks/run-scale.sh [SCRATCH]   (default $TMPDIR/sunan-scale)
set -euo pipefail
cd "$(dirname "$0")/.."
SCRATCH=${1:-${TMPDIR:-/tmp}/sunan-scale}
mkdir -p "$SCRATCH"
command -v /usr/bin/time >/dev/null || { echo "needs /usr/bin/time (apt-get install -y time)"; exit 1; }
python3 Benchmarks/make-national-data.py --out "$SCRATCH/n300" --regions 300
python3 Benchmarks/make-national-data.py --out "$SCRATCH/n150" --regions 150
swift build -c release --scratch-path .build-scale >/dev/null
SUNAN=$PWD/.build-scale/release/sunan

measure() { # label cpus command...
    local label=$1 cpus=$2
    shift 2
    /usr/bin/time -v taskset -c "$cpus" "$@" 2> "$SCRATCH/time-$label.txt" >/dev/null
    printf '%-22s wall %-8s peak RSS %7d MB  user %6ss  (load %s)\n' "$label" \
        "$(grep 'Elapsed' "$SCRATCH/time-$label.txt" | awk '{print $NF}')" \
        "$(( $(grep 'Maximum resident' "$SCRATCH/time-$label.txt" | awk '{print $NF}') / 1024 ))" \
        "$(grep 'User time' "$SCRATCH/time-$label.txt" | awk '{print $NF}')" "$(cut -d' ' -f1-3 /proc/loadavg)"
}

for cpus in 0,1 0; do
    measure "forecast-cpus-$cpus" "$cpus" "$SUNAN" forecast --data "$SCRATCH/n300/national-panel.csv" --horizon 6 \
        --model auto -o "$SCRATCH/forecast.csv"
done
run() { # label cpus regions draws
    rm -rf "$SCRATCH/out-$1"
    measure "$1" "$2" "$SUNAN" run "$SCRATCH/n$3/national.yaml" --draws "$4" --out "$SCRATCH/out-$1" --quiet
}
run run-300-10000-2cores 0,1 300 10000
run run-300-10000-1core 0 300 10000
run run-300-2500-2cores 0,1 300 2500
run run-300-5000-2cores 0,1 300 5000
run run-150-10000-2cores 0,1 150 10000
run run-300-100-2cores 0,1 300 100
