#!/usr/bin/env bash
# Kill test of issue 14, item 4: interrupts `sunan run --draws 400000` at random points, then checks
# that the output folder still holds a complete output (the previous one, untouched, or the new one,
# complete: every file its marker lists, with the recorded size and SHA-256, and nothing else), that
# no partial or set-aside folder is left, and that the next run succeeds and leaves none either.
#
# Usage: scripts/kill-test.sh [ROUNDS] [SUNAN_BINARY]
#   ROUNDS  SIGTERM/SIGINT rounds, alternating (default 20); then KILL_ROUNDS (default 4) rounds of
#           SIGKILL, which no handler sees: those check that the next run cleans up after them.
# Half of the rounds (1, 4, 5, 8, …: both signals) wait until the partial folder appears (the write
# phase) and strike within the next 300 ms; the others strike at a uniformly random moment of the run.
# Environment: DRAWS (default 400000), SEED (the random seed of this script, default 14).
# The remainders are taken by the shell (bc's % follows its scale: 523 % 1000 is 0 at scale 3), and the
# run starts with SIGINT and SIGTERM at their default action (a background job of a script ignores SIGINT).
# Prints one line per round and a summary; exit status 1 when any check fails.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
rounds=${1:-20}
kill_rounds=${KILL_ROUNDS:-4}
draws=${DRAWS:-400000}
RANDOM=${SEED:-14}
export OPENBLAS_NUM_THREADS=1
sunan=${2:-}
if [ -z "$sunan" ]; then
    swift build -c release --product sunan --package-path "$root" >/dev/null
    sunan="$(swift build -c release --show-bin-path --package-path "$root")/sunan"
fi
work=$(mktemp -d /tmp/sunan-kill-test-XXXXXX)
trap 'rm -rf "$work"' EXIT
out=$work/out
scenario=$root/scenarios/sunan-2020.yaml
failures=0

# Whether $1 holds exactly the files its marker lists, each with the recorded size and SHA-256.
complete() {
    local folder=$1 marker=$1/.sunan-output listed actual
    [ -d "$folder" ] && [ -f "$marker" ] || return 1
    listed=$(awk -F'\t' '$1 == "file" { print $4 }' "$marker" | sort)
    actual=$(cd "$folder" && find . -mindepth 1 -maxdepth 1 ! -name .sunan-output -printf '%f\n' | sort)
    [ -n "$listed" ] && [ "$listed" = "$actual" ] || return 1
    awk -F'\t' '$1 == "file" { print $3 "  " $4 }' "$marker" | (cd "$folder" && sha256sum --quiet -c -) >/dev/null 2>&1 || return 1
    awk -F'\t' '$1 == "file" { print $2, $4 }' "$marker" | while read -r size name; do
        [ "$(stat -c %s "$folder/$name")" = "$size" ] || exit 1
    done
}

# Names of partial or set-aside folders beside the output folder.
leftovers() { find "$work" -mindepth 1 -maxdepth 1 -name '.out.*' -printf '%f ' ; }

fail() { echo "   FAIL: $*"; failures=$((failures + 1)); }

echo "== sunan: $sunan"
start=$(date +%s.%N)
"$sunan" run "$scenario" --draws "$draws" --out "$out" --quiet
full=$(echo "$(date +%s.%N) - $start" | bc)
echo "== a full run of $draws draws took ${full} s"
complete "$out" || { echo "the first run's output is not complete"; exit 1; }

total=$((rounds + kill_rounds))
for round in $(seq 1 "$total"); do
    if [ "$round" -gt "$rounds" ]; then signal=KILL; elif [ $((round % 2)) -eq 1 ]; then signal=TERM; else signal=INT; fi
    before=$(sha256sum "$out/.sunan-output" | cut -d' ' -f1)
    env --default-signal=INT,TERM "$sunan" run "$scenario" --draws "$draws" --seed "$round" --out "$out" --quiet 2>"$work/stderr" &
    pid=$!
    if [ $((round % 4)) -le 1 ]; then
        when="write phase"
        while kill -0 "$pid" 2>/dev/null && [ -z "$(find "$work" -maxdepth 1 -name ".out.partial-$pid" -print -quit)" ]; do sleep 0.002; done
        sleep "$(echo "scale=3; $((RANDOM % 300)) / 1000" | bc)"
    else
        delay=$(echo "scale=3; $full * $((RANDOM % 1000)) / 1000" | bc)
        when="at ${delay} s"
        sleep "$delay"
    fi
    kill -s "$signal" "$pid" 2>/dev/null || true
    status=0
    wait "$pid" || status=$?
    after=$(sha256sum "$out/.sunan-output" 2>/dev/null | cut -d' ' -f1 || true)
    if [ "$after" = "$before" ]; then held="previous output kept"; else held="new output in place"; fi
    echo "-- round $round: SIG$signal $when: exit $status, $held; left beside it: [$(leftovers)]"
    case $status in 0 | 130 | 143 | 137) ;; *) fail "exit status $status: $(head -3 "$work/stderr")" ;; esac
    if [ "$signal" != KILL ]; then
        complete "$out" || fail "the output folder is not complete"
        [ -z "$(leftovers)" ] || fail "left beside the output: $(leftovers)"
    fi
    "$sunan" run "$scenario" --draws 1000 --out "$out" --quiet || fail "the next run failed"
    complete "$out" || fail "the output folder is not complete after the next run"
    [ -z "$(leftovers)" ] || fail "left after the next run: $(leftovers)"
done
echo "== $total rounds ($rounds SIGTERM/SIGINT, $kill_rounds SIGKILL): $failures failed checks"
[ "$failures" -eq 0 ]
