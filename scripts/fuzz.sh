#!/usr/bin/env bash
# Fuzzes the CSV loader (PanelLoader.read, DataValidator.check), the YAML scenario loader
# (ScenarioLoader.read) and the .xlsx workbook reader (the same loaders on a workbook) with libFuzzer
# and AddressSanitizer (issues 7 and 13), then merges the inputs that add coverage into the committed
# corpus (Fuzz/corpus/csv, Fuzz/corpus/yaml, Fuzz/corpus/xlsx), minimised (-set_cover_merge=1: a
# greedy smallest set of inputs that keeps every coverage feature).
#
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
#   SECONDS  fuzzing time per target (default 600)
#   TARGET   csv, yaml and/or xlsx (default all three)
# Environment: FUZZ_PARALLEL=1 runs the targets at the same time (one core each).
# Exit status: 0 when no target found a crash, hang, leak or sanitizer report; 1 otherwise. The
# inputs that failed are kept in Fuzz/.build-fuzz/artifacts/TARGET/ and each run's log in
# Fuzz/.build-fuzz/logs/.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(csv yaml xlsx)
for target in "${targets[@]}"; do
    case $target in csv | yaml | xlsx) ;; *) echo "fuzz.sh: unknown target '$target' (csv, yaml or xlsx)" >&2; exit 2 ;; esac
done

fuzz=$root/Fuzz
scratch=$fuzz/.build-fuzz
echo "== building the fuzzers (release, -sanitize=fuzzer,address)"
mkdir -p "$scratch"
build_status=0
swift build -c release --package-path "$fuzz" --scratch-path "$scratch" \
    -Xswiftc -sanitize=fuzzer,address -Xcc -fsanitize=fuzzer-no-link,address >"$scratch/build.log" 2>&1 \
    || build_status=$?
grep -v "Cannot export local symbol '__asan_extra_spill_area'" "$scratch/build.log" || true
[ "$build_status" -eq 0 ] || exit "$build_status"

stamp=$(date +%Y%m%d-%H%M%S)
run=$scratch/runs/$stamp
mkdir -p "$scratch/logs"

# Seeds, made afresh from the shipped files: the first 20 lines of every CSV of notebooks-data and
# of the test fixtures (and a slice from the middle of the big panel), every scenario file and every
# YAML file of the bad-input catalogue (its hostile files included), each cut at the input limit, and
# every workbook of Tests/Workbooks twice: whole (first byte 0) and as its parts (first byte 1; see
# Fuzz/Sources/FuzzXLSX/main.swift).
seed() {
    local kind=$1 dir=$run/seeds/$1
    mkdir -p "$dir"
    if [ "$kind" = csv ]; then
        for file in "$root"/notebooks-data/*.csv "$root"/Tests/ScenarioFilesTests/Fixtures/loader/*.csv \
            "$root"/Tests/SunanCLITests/*.csv; do
            [ -f "$file" ] || continue
            name=$(echo "${file#"$root"/}" | tr / _)
            head -n 20 "$file" | head -c "$max_len" >"$dir/$name"
            if [ "$(wc -l <"$file")" -gt 400 ]; then
                { head -n 1 "$file"; sed -n 300,330p "$file"; } | head -c "$max_len" >"$dir/middle-$name"
            fi
        done
    elif [ "$kind" = xlsx ]; then
        python3 - "$root" "$dir" <<'PYTHON'
import os, sys, zipfile
root, out = sys.argv[1], sys.argv[2]
folder = os.path.join(root, "Tests", "Workbooks")
for name in sorted(os.listdir(folder)):
    if not name.endswith(".xlsx"):
        continue
    path = os.path.join(folder, name)
    with open(path, "rb") as file:
        whole = b"\0" + file.read()
    if len(whole) <= 65536:  # a cut archive has no ZIP directory: only whole files are seeds
        open(os.path.join(out, "whole-" + name), "wb").write(whole)
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        def part(suffix):
            found = [n for n in names if n.endswith(suffix)]
            return archive.read(found[0]) if found else b""
        parts = [part("worksheets/sheet1.xml"), part("sharedStrings.xml"), part("styles.xml"), part("xl/workbook.xml")]
        open(os.path.join(out, "parts-" + name), "wb").write((b"\1" + b"\0".join(parts))[:65536])
PYTHON
    else
        for file in "$root"/scenarios/*.yaml "$root"/Tests/ScenarioFilesTests/Fixtures/loader/*.yaml \
            "$root"/Tests/SunanCLITests/Fixtures/bad-inputs/yaml/*.yaml; do
            [ -f "$file" ] || continue
            head -c "$max_len" "$file" >"$dir/$(echo "${file#"$root"/}" | tr / _)"
        done
    fi
}

# Inputs up to 64 KB for every loader (issue 14: the hostile YAML files were 18 to 56 KB).
max_len=65536

fuzz_one() {
    local target=$1 binary
    case $target in
        csv) binary=$scratch/release/FuzzCSV ;;
        yaml) binary=$scratch/release/FuzzYAML ;;
        xlsx) binary=$scratch/release/FuzzXLSX ;;
    esac
    local corpus=$fuzz/corpus/$target work=$run/new/$target artifacts=$scratch/artifacts/$target
    local log=$scratch/logs/$stamp-$target.log
    mkdir -p "$corpus" "$work" "$artifacts"
    seed "$target"
    local status=0
    export LSAN_OPTIONS=suppressions=$fuzz/lsan.supp
    "$binary" -max_len=$max_len -len_control=0 -timeout=10 -rss_limit_mb=4096 -max_total_time="$seconds" \
        -dict="$fuzz/$target.dict" -artifact_prefix="$artifacts/" -print_final_stats=1 \
        "$work" "$corpus" "$run/seeds/$target" >"$log" 2>&1 || status=$?

    local merged=$run/merged/$target
    mkdir -p "$merged"
    "$binary" -set_cover_merge=1 -max_len=$max_len -timeout=10 -rss_limit_mb=4096 -artifact_prefix="$artifacts/" \
        "$merged" "$corpus" "$work" "$run/seeds/$target" >>"$log" 2>&1 || status=$?
    if [ -n "$(ls -A "$merged")" ]; then rm -rf "$corpus" && mv "$merged" "$corpus"; fi

    local execs per_second files bytes
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    per_second=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    files=$(find "$corpus" -type f | wc -l)
    bytes=$(du -sb "$corpus" | cut -f1)
    {
        echo "== $target: ${seconds} s, ${execs:-?} executions, ${per_second:-?} exec/s," \
            "corpus $files files, $bytes bytes (log: ${log#"$root"/})"
        if [ "$status" -ne 0 ]; then
            echo "!! $target: libFuzzer stopped with status $status; failing inputs in ${artifacts#"$root"/}/:"
            grep -E "^==[0-9]+==ERROR|^SUMMARY|Fatal error|deadly signal|timeout after|out-of-memory" "$log" | head -5
        fi
    } >"$run/$target.summary"
    return "$status"
}

failed=0
if [ "${FUZZ_PARALLEL:-0}" = 1 ]; then
    pids=()
    for target in "${targets[@]}"; do
        echo "== fuzzing $target for $seconds s (in parallel)"
        fuzz_one "$target" & pids+=($!)
    done
    for pid in "${pids[@]}"; do wait "$pid" || failed=1; done
else
    for target in "${targets[@]}"; do
        echo "== fuzzing $target for $seconds s"
        fuzz_one "$target" || failed=1
    done
fi
for target in "${targets[@]}"; do cat "$run/$target.summary"; done
rm -rf "$run"
exit "$failed"
