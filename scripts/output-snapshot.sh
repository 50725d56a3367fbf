#!/usr/bin/env bash
# Writes every output a user sees into one folder, so that two builds can be compared byte for byte
# (`diff -r A B`): both shipped scenarios in both languages, with and without --excel, their printed
# summaries, and the outputs of forecast, backtest, compare, targets and ols on the shipped data.
# Usage: scripts/output-snapshot.sh OUT_DIR [SUNAN_BINARY]
set -euo pipefail
out=${1:?usage: output-snapshot.sh OUT_DIR [SUNAN_BINARY]}
cd "$(dirname "$0")/.."
sunan=${2:-}
if [ -z "$sunan" ]; then
  swift build -c release --product sunan >/dev/null
  sunan="$(swift build -c release --show-bin-path)/sunan"
fi
export OPENBLAS_NUM_THREADS=1
rm -rf "$out" && mkdir -p "$out"
root=$(pwd)
out=$(cd "$out" && pwd)
for scenario in scenarios/*.yaml; do
  name=$(basename "$scenario" .yaml)
  for lang in zh en; do
    "$sunan" run "$scenario" --lang "$lang" --out "$out/run-$name-$lang" --quiet
    # Run from inside the snapshot folder with a relative --out, so the printed folder is the same in every snapshot.
    (cd "$out" && "$sunan" run "$root/$scenario" --lang "$lang" --out "run-$name-$lang-excel" --excel > "run-$name-$lang-excel.stdout")
  done
done
data=notebooks-data/sunan-cities.csv
"$sunan" forecast --data "$data" --horizon 3 > "$out/forecast.csv"
"$sunan" forecast --data "$data" --horizon 3 --format text > "$out/forecast.txt"
"$sunan" backtest --data "$data" --horizon 3 > "$out/backtest.txt" 2>&1 || true
"$sunan" compare --indicator gdp > "$out/compare-gdp.txt" 2>&1 || true
"$sunan" targets > "$out/targets.txt"
"$sunan" targets --format csv > "$out/targets.csv"
"$sunan" check notebooks-data/*.csv scenarios/*.yaml > "$out/check.txt" 2>&1 || true
echo "snapshot written to $out"
