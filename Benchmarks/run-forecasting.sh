#!/usr/bin/env bash
# Forecasting benchmark of issue 4: accuracy on the M1 and Tourism yearly sets, and the speed of
# `sunan forecast --model auto` against statsforecast's AutoETS, in the same session.
#
# Builds `sunan` in release mode and then:
#   1. runs `sunan backtest` (train part in, whole test part forecast) on M1 yearly (horizon 6) and
#      Tourism yearly (horizon 4) for auto and every single family;
#   2. times `sunan forecast --model auto` over the 518 Tourism series as a whole process (start,
#      read, fit, write the output file), on both cores (the default) and pinned to one core
#      (`taskset -c 0`), with hyperfine when installed and a timing loop otherwise;
#   3. runs Benchmarks/forecasting_peers.py (statsforecast AutoETS, AutoTheta and
#      RandomWalkWithDrift: warm-up, then the median of REPEATS timed `forecast` calls, plus one
#      untimed call with 80/95 % intervals for accuracy and coverage) on both sets;
#   4. times sunan once more, so its figure brackets the peers' (the medians pool both rounds);
# and rewrites the "## Forecast accuracy and speed (issue 4)" section of BENCHMARKS.md. Other
# sections are left alone.
#
# Usage: bash Benchmarks/run-forecasting.sh [REPEATS]   (default 9; sunan runs 2×REPEATS per mode)
# Environment: SCRATCH (SwiftPM scratch path, default .build-bench), PYTHON (default python3).
#
# Thread settings: OPENBLAS_NUM_THREADS=1 on both sides. sunan keeps the environment as it is
# (including OPENBLAS_CORETYPE where the machine sets it). The Python command alone runs with
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, because they slow numpy's newer bundled OpenBLAS;
# the kernel numpy then uses is recorded via threadpoolctl.
set -euo pipefail

cd "$(dirname "$0")/.."
REPEATS="${1:-9}"
SCRATCH="${SCRATCH:-.build-bench}"
PYTHON="${PYTHON:-python3}"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
mkdir -p "$SCRATCH"
LOG="$SCRATCH/forecasting-bench"   # raw results of the last run, kept for inspection
M1=Benchmarks/data/m1-yearly.csv
TOURISM=Benchmarks/data/tourism-yearly.csv
MODELS="auto,drift,naive,ses-drift,holt,damped,local,theta,theta-log,linear,loglinear,quadratic,logistic,gompertz"
export OPENBLAS_NUM_THREADS=1

swift build -c release --scratch-path "$SCRATCH" --product sunan >&2
SUNAN="$SCRATCH/release/sunan"

"$PYTHON" -c "import statsforecast" 2>/dev/null || "$PYTHON" -m pip install --quiet statsforecast >&2
"$PYTHON" -c "import threadpoolctl" 2>/dev/null || "$PYTHON" -m pip install --quiet threadpoolctl >&2

echo "sunan backtest …" >&2
"$SUNAN" backtest --data "$M1" --horizon 6 --models "$MODELS" --format csv >"$OUT/m1.csv" 2>"$OUT/m1.err"
"$SUNAN" backtest --data "$TOURISM" --horizon 4 --models "$MODELS" --format csv >"$OUT/tourism.csv" 2>"$OUT/tourism.err"

# Times one sunan command line REPEATS times (after one warm-up); appends the seconds to FILE.
time_sunan() {
    local file="$1"; shift
    if command -v hyperfine >/dev/null; then
        hyperfine -N --warmup 1 --runs "$REPEATS" --export-json "$OUT/hyperfine.json" "$*" >&2
        "$PYTHON" -c 'import json,sys; print("\n".join(str(t) for t in json.load(open(sys.argv[1]))["results"][0]["times"]))' \
            "$OUT/hyperfine.json" >>"$file"
    else
        "$PYTHON" - "$file" "$REPEATS" "$@" <<'PY'
import subprocess, sys, time
file, repeats, command = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
with open(file, "a") as out:
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        out.write(f"{time.perf_counter() - start}\n")
PY
    fi
}
FORECAST=(forecast --data "$TOURISM" --horizon 4 --model auto -o "$OUT/forecast.csv")
sunan_round() {
    echo "sunan forecast --model auto, both cores …" >&2
    time_sunan "$OUT/sunan-2.txt" "$SUNAN" "${FORECAST[@]}"
    echo "sunan forecast --model auto, one core …" >&2
    time_sunan "$OUT/sunan-1.txt" taskset -c 0 "$SUNAN" "${FORECAST[@]}"
}
peers() {
    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 \
        "$PYTHON" Benchmarks/forecasting_peers.py --data "$1" --repeats "$REPEATS" \
        --models AutoETS,AutoTheta,RandomWalkWithDrift
}

sunan_round
echo "statsforecast peers on Tourism …" >&2
peers "$TOURISM" >"$OUT/peers-tourism.jsonl"
sunan_round
echo "statsforecast peers on M1 …" >&2
peers "$M1" >"$OUT/peers-m1.jsonl"

{
    echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)"
    echo "cores=$(nproc)"
    echo "kernel=$(uname -sr)"
    echo "swift=$(swift --version 2>&1 | head -1)"
    echo "coretype_env=${OPENBLAS_CORETYPE:-unset}"
    echo "l2_env=${OPENBLAS_L2_SIZE:-unset}"
    echo "repeats=$REPEATS"
    echo "timer=$(command -v hyperfine >/dev/null && hyperfine --version || echo 'Python timing loop')"
    echo "loadavg=$(cut -d' ' -f1-3 /proc/loadavg)"
} >"$OUT/machine.txt"

"$PYTHON" - "$OUT" BENCHMARKS.md <<'PY'
import csv, json, pathlib, re, statistics, sys

out, target = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
machine = dict(line.split("=", 1) for line in (out / "machine.txt").read_text().splitlines())
sets = {"m1": "M1 yearly (181 series, h = 6)", "tourism": "Tourism yearly (518 series, h = 4)"}
# Best peer per set and metric, from PEERS.md (statsforecast 2.1.1).
best_peer = {"m1": ("RandomWalkWithDrift", 16.659, 3.490), "tourism": ("AutoTheta", 19.990, 2.590)}
sunan = {name: {row["model"]: row for row in csv.DictReader(open(out / f"{name}.csv"))} for name in sets}
def peer_rows(name):
    rows = [json.loads(line) for line in (out / f"peers-{name}.jsonl").read_text().splitlines() if line.strip()]
    return rows[0], {r["model"]: r for r in rows[1:]}
peer_env, peers = {}, {}
for name in sets:
    peer_env[name], peers[name] = peer_rows(name)
models = list(sunan["m1"])
# PEERS.md's figures for the peers run here, to check that this run reproduces them.
published = {"m1": {"RandomWalkWithDrift": (16.659, 3.490), "AutoTheta": (17.649, 3.609), "AutoETS": (19.167, 3.950)},
             "tourism": {"RandomWalkWithDrift": (20.461, 2.617), "AutoTheta": (19.990, 2.590), "AutoETS": (21.465, 2.790)}}
mismatches = [f"{peer} on {name}" for name in sets for peer, (s, m) in published[name].items()
              if (round(peers[name][peer]["smape"], 3), round(peers[name][peer]["mase"], 3)) != (s, m)]
reproduced = ("reproduce PEERS.md's sMAPE and MASE to the third decimal" if not mismatches
              else "differ from PEERS.md for " + ", ".join(mismatches) + " (different statsforecast version?)")

def f3(x):
    return f"{float(x):.3f}"
def bold_if(value, limit):
    return f"**{f3(value)}**" if float(value) < limit else f3(value)

lines = ["| model | M1 sMAPE | M1 MASE | M1 CRPS | M1 cov80 % | M1 cov95 % | Tourism sMAPE | Tourism MASE | Tourism CRPS | Tourism cov80 % | Tourism cov95 % |",
         "|---|---|---|---|---|---|---|---|---|---|---|"]
for model in models:
    cells = []
    for name in sets:
        row = sunan[name][model]
        note = "" if row["failed"] == "0" else f" ({row['cases']} of {int(row['cases']) + int(row['failed'])} series)"
        cells += [bold_if(row["smape"], best_peer[name][1]) + note, bold_if(row["mase"], best_peer[name][2]),
                  f3(row["crps"]), f3(row["coverage80"]), f3(row["coverage95"])]
    label = "**sunan auto**" if model == "auto" else f"sunan {model}"
    lines.append(f"| {label} | " + " | ".join(cells) + " |")
for peer in ["RandomWalkWithDrift", "AutoTheta", "AutoETS"]:
    cells = []
    for name in sets:
        p = peers[name][peer]
        cells += [f3(p["smape"]), f3(p["mase"]), "—", f3(p["coverage80"]), f3(p["coverage95"])]
    lines.append(f"| statsforecast {peer} (this run) | " + " | ".join(cells) + " |")
lines.append("| best peer in PEERS.md | " + " | ".join(
    f"{f3(best_peer[n][1])} ({best_peer[n][0]}) | {f3(best_peer[n][2])} ({best_peer[n][0]}) | — | — | —" for n in sets) + " |")

points = {name: int(sunan[name]["auto"]["points"]) for name in sets}
total = sum(points.values())
def pooled(model, level):
    covered = sum(round(float(sunan[name][model][f"coverage{level}"]) * int(sunan[name][model]["points"]) / 100) for name in sets)
    return 100 * covered / sum(int(sunan[name][model]["points"]) for name in sets), covered
pool_lines = ["| model | points | pooled cov80 % | pooled cov95 % |", "|---|---|---|---|"]
for model in models:
    n = sum(int(sunan[name][model]["points"]) for name in sets)
    c80, k80 = pooled(model, 80)
    c95, k95 = pooled(model, 95)
    label = "**sunan auto**" if model == "auto" else f"sunan {model}"
    pool_lines.append(f"| {label} | {n} | {c80:.2f} ({k80}) | {c95:.2f} ({k95}) |")
for peer in ["RandomWalkWithDrift", "AutoTheta", "AutoETS"]:
    n = sum(peers[name][peer]["points"] for name in sets)
    k80 = sum(round(peers[name][peer]["coverage80"] * peers[name][peer]["points"] / 100) for name in sets)
    k95 = sum(round(peers[name][peer]["coverage95"] * peers[name][peer]["points"] / 100) for name in sets)
    pool_lines.append(f"| statsforecast {peer} | {n} | {100 * k80 / n:.2f} ({k80}) | {100 * k95 / n:.2f} ({k95}) |")

auto = {name: sunan[name]["auto"] for name in sets}
beats = all(float(auto[n]["smape"]) < best_peer[n][1] and float(auto[n]["mase"]) < best_peer[n][2] for n in sets)
a80, _ = pooled("auto", 80)
a95, _ = pooled("auto", 95)
coverage_ok = 75 <= a80 <= 85 and 90 <= a95 <= 97
margins = {n: (100 * (1 - float(auto[n]["smape"]) / best_peer[n][1]), 100 * (1 - float(auto[n]["mase"]) / best_peer[n][2]))
           for n in sets}

def seconds(file):
    return [float(x) for x in (out / file).read_text().split()]
s2, s1 = seconds("sunan-2.txt"), seconds("sunan-1.txt")
ets = peers["tourism"]["AutoETS"]
def ms(x):
    return f"{x * 1e3:.1f} ms"
speed = ["| what | timed | runs | median | min | AutoETS median ÷ this |", "|---|---|---|---|---|---|"]
speed.append(f"| sunan forecast --model auto, both cores (default) | whole process | {len(s2)} | {ms(statistics.median(s2))} | {ms(min(s2))} | "
             f"**{ets['median_seconds'] / statistics.median(s2):.1f}×** |")
speed.append(f"| sunan forecast --model auto, one core (`taskset -c 0`) | whole process | {len(s1)} | {ms(statistics.median(s1))} | {ms(min(s1))} | "
             f"**{ets['median_seconds'] / statistics.median(s1):.1f}×** |")
for peer in ["AutoETS", "AutoTheta", "RandomWalkWithDrift"]:
    p = peers["tourism"][peer]
    speed.append(f"| statsforecast {peer} | `forecast` call only, after warm-up | {p['repeats']} | {ms(p['median_seconds'])} | "
                 f"{ms(p['min_seconds'])} | {ets['median_seconds'] / p['median_seconds']:.2f}× |")
ratio = ets["median_seconds"] / max(statistics.median(s2), statistics.median(s1))

env = peer_env["tourism"]
blas = ", ".join(f"{b['internal_api']} {b['version']} kernel {b['architecture']}, {b['num_threads']} thread(s)"
                 for b in env["blas"]) if isinstance(env["blas"], list) else env["blas"]
section = f"""## Forecast accuracy and speed (issues 4 and 12)

Measured {machine['date']} on {machine['cpu']} ({machine['cores']} cores, {machine['kernel']}),
{machine['swift']}; statsforecast {env['statsforecast']}, numpy {env['numpy']}, pandas {env['pandas']} on
Python {env['python']}. Every model is fitted on the `train` part of every series and forecasts the
whole `test` part (PEERS.md's protocol); sMAPE and MASE are means over series, coverage is pooled
over the test points. sunan's figures come from `sunan backtest`; the statsforecast rows were
computed in the same session by `Benchmarks/forecasting_peers.py` and {reproduced}.
Bold: below the best peer of PEERS.md on that set (M1: RandomWalkWithDrift 16.659 /
3.490; Tourism: AutoTheta 19.990 / 2.590).

### Accuracy

{chr(10).join(lines)}

sMAPE and MASE score each distribution's median; CRPS is the scaled CRPS of the whole predictive
distribution (100-level quantile averaging divided by the MASE scale, mean over series), which
statsforecast's peers are not given here (their intervals only).

**Acceptance.** `auto` beats the best peer on both sMAPE and MASE on both sets: {'**yes**' if beats else '**no**'}
(M1 {auto['m1']['smape']} / {auto['m1']['mase']}, Tourism {auto['tourism']['smape']} / {auto['tourism']['mase']}).
Margins (sMAPE, MASE): M1 {margins['m1'][0]:.1f} % and {margins['m1'][1]:.1f} %; Tourism {margins['tourism'][0]:.1f} % and
{margins['tourism'][1]:.1f} %. `auto` is the per-step median of its eight members with no per-series
selection (issue 12; see "How auto was chosen" below).

### Interval coverage, pooled over both sets

Test points: M1 {points['m1']}, Tourism {points['tourism']}, {total} in all; each set's coverage is weighted by
its points (counts of covered points in brackets). Target for `auto` (issue 12): 80 % intervals between
75 and 85 %, 95 % intervals between 90 and 97 %.

{chr(10).join(pool_lines)}

**Acceptance.** `auto` pooled: 80 % intervals {a80:.2f} %, 95 % intervals {a95:.2f} %: {'**in range**' if coverage_ok else '**out of range**'}.
The single families use their textbook (t-based or state-space) intervals, anchored at the last
observation for the trend regressions; `auto`'s distribution is calibrated on the out-of-sample
errors pooled over each file's series, inflated by the file's own check (its series cut up to three
years short; M1 chose λ = 1.1, Tourism 1.0 — see "How auto was chosen"). statsforecast's intervals
are shown for reference.

### Speed: `sunan forecast --model auto` on all 518 Tourism series

| | |
|---|---|
| sunan command | `sunan forecast --data {'Benchmarks/data/tourism-yearly.csv'} --horizon 4 --model auto -o FILE` |
| peer call | `StatsForecast(models=[AutoETS()], freq=1, n_jobs=1).forecast(df=train, h=4)` |

{chr(10).join(speed)}

**Acceptance** (at least 10× faster than AutoETS, whole sunan process against AutoETS's in-process
call): slowest sunan mode {ratio:.1f}× faster: {'**yes**' if ratio >= 10 else '**no**'}.

sunan is timed as a whole process: start-up, reading and validating the CSV, fitting all series,
computing the intervals, formatting and writing {points['tourism']} rows to a file. The peers are
timed generously: only the `forecast` call, after a warm-up call (numba compiled, caches hot),
without the Python start-up (about a second to import statsforecast) or reading the CSV. By default
sunan fits the series on both cores (`BatchForecasting`), but fitting all 518 series is only about a
sixth of the process's CPU time (some 9 ms), so the two-core figure is within noise of the one-core
one. sunan ran {machine['repeats']} times after one warm-up in each of two rounds, one before and one
after the peers (medians pool both rounds); timer: {machine['timer']}. Load average at the end: {machine['loadavg']}; timings on this
shared 2-core machine vary by 10–30 % between runs, the ratio less.

**Threads and BLAS.** `OPENBLAS_NUM_THREADS=1` for both. sunan ran with the environment as it is
(`OPENBLAS_CORETYPE={machine['coretype_env']}`, `OPENBLAS_L2_SIZE={machine['l2_env']}`; it calls no BLAS
here). The Python command alone ran with `OPENBLAS_CORETYPE` and `OPENBLAS_L2_SIZE` unset (they slow
the newer OpenBLAS bundled with numpy): {blas}.

**Where sunan's time goes.** Each series costs about 100 small fits (8 members × up to 13
cuts, plus the full-data fits), on stack buffers with no per-fit allocation; the trend, local and
quadratic designs depend on the length alone and are factored once per length, Holt's grid covers
every cut in one pass and the smoothing grids run their grid points in SIMD lanes. Ten cuts feed the
pooled law; three earlier ones serve the pool's inflation check (each series cut up to three years
short), which cost some 10–20 % of the process (30.2 ms before, 33.0 and 36.9 ms in two runs after,
on 2026-12-04). The calibration adds two
radix sorts of the file's pooled errors (some 20,000 here) and, per forecast year, the closed-form
mean (one `expm1` per knot of the pooled law). About a quarter of the whole process is start-up (the
dynamic loader's relocations, about 7 ms of CPU; a `--static-swift-stdlib` build cut the process
from 28.6 to 24.5 ms but grows the binary from 22 to 93 MB, so it is not the default), argument
parsing, reading the CSV and writing the rows.

**Honest caveats.** `auto`'s eight members and its median were designed in issue 4 while looking
at these two test sets; issue 12 dropped the per-series selection and added the calibration by a
protocol that selected on M1 and the province panel's origins 2014–2016 and confirmed on Tourism and
origins 2017–2019 (BENCHMARKS.md, "How auto was chosen"). M1 is therefore not a clean test of the
members, and the Tourism margin is the one to trust. The intervals' inflation rule (each pool's own
check) was chosen and confirmed on seven yearly panels outside these sets, then scored here once.

**Rerun.** `bash Benchmarks/run-forecasting.sh [REPEATS]` (default 9) builds
`swift build -c release`, runs the backtests, both sides of the speed comparison and rewrites this
section; raw results are kept in `$SCRATCH/forecasting-bench/`. One side alone:
`sunan backtest --data Benchmarks/data/tourism-yearly.csv --horizon 4 --models auto`,
`hyperfine -N 'sunan forecast --data Benchmarks/data/tourism-yearly.csv --horizon 4 --model auto -o /tmp/f.csv'` and
`env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1 python3 Benchmarks/forecasting_peers.py --data Benchmarks/data/tourism-yearly.csv`.
"""

text = target.read_text() if target.exists() else "# Benchmarks\n\nPerformance of sunan against reference implementations, one section per suite.\n"
pattern = re.compile(r"^## Forecast accuracy and speed \(issues? 4(?: and 12)?\)\n.*?(?=^## |\Z)", re.S | re.M)
if pattern.search(text):
    text = pattern.sub(lambda _: section + "\n", text, count=1)
else:
    text = text.rstrip("\n") + "\n\n" + section
target.write_text(text.rstrip("\n") + "\n")
print("\n".join(lines + [""] + pool_lines + [""] + speed))
PY
rm -rf "$LOG" && mkdir -p "$LOG" && cp "$OUT"/*.csv "$OUT"/*.jsonl "$OUT"/*.txt "$LOG"/
echo "raw results: $LOG; section written to BENCHMARKS.md" >&2
