#!/usr/bin/env python3
"""Issue 12's count catalogue through the real commands: `sunan forecast` and `sunan run` on the
short count series of Tests/ScenariosTests/Fixtures/counts/ (1,2,2,3,2; 9,9,9,9,9; 1,1,1,1,1;
0,0,1,3; 0,0,0,0; 5; 5,6; a 232-level series growing 40 %/yr), six years ahead.

Prints, per series, the lowest bound, whether the mean lies inside its 80 % interval in every year,
the narrowest 95 % interval, the highest upper bound against 100 × the last value (or 100 when it is
0). (That every draw is a whole number is tested in Tests/ForecastingTests/CountAndShortSeriesTests.swift;
the quantiles printed are mid-quantiles, not whole numbers.) Exits 1 when a bar is missed.

Usage: python3 scripts/count-catalogue.py [PATH-TO-SUNAN]   (default: .build/release/sunan)
"""
import csv
import io
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUNAN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "release", "sunan")
FIXTURE = os.path.join("Tests", "ScenariosTests", "Fixtures", "counts")


def sunan(*arguments):
    result = subprocess.run([SUNAN, *arguments], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"sunan {' '.join(arguments)}: exit {result.returncode}\n{result.stderr}")
    return result.stdout


def main():
    history = {}
    with open(os.path.join(ROOT, FIXTURE, "data.csv"), newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            history.setdefault(row["region"], []).append(float(row["value"]))
    forecast = list(csv.DictReader(io.StringIO(sunan("forecast", "--data", os.path.join(FIXTURE, "data.csv"), "--horizon", "6"))))
    with tempfile.TemporaryDirectory() as folder:
        sunan("run", os.path.join(FIXTURE, "scenario.yaml"), "--out", os.path.join(folder, "out"), "--quiet")
        with open(os.path.join(folder, "out", "forecasts.csv"), newline="", encoding="utf-8") as handle:
            run = list(csv.DictReader(handle))
    failed = False
    print("| command | series (history) | years | lowest bound | mean inside 80 % every year | narrowest 95 % width | highest hi95 ÷ ceiling | within? |")
    print("|---|---|---|---|---|---|---|---|")
    for name, rows in (("forecast", forecast), ("run", run)):
        for region, values in history.items():
            cells = [r for r in rows if r["region"] == region]
            numbers = [{k: float(r[k]) for k in ("mean", "lo80", "hi80", "lo95", "hi95")} for r in cells]
            ceiling = 100 * max(values[-1], 1)
            lowest = min(min(n["lo80"], n["lo95"]) for n in numbers)
            inside = all(n["lo80"] <= n["mean"] <= n["hi80"] for n in numbers)
            narrowest = min(n["hi95"] - n["lo95"] for n in numbers)
            highest = max(n["hi95"] for n in numbers) / ceiling
            ok = lowest >= 0 and inside and narrowest > 0 and highest <= 1 and len(cells) == 6
            failed |= not ok
            shown = ",".join(f"{v:g}" for v in values)
            print(f"| {name} | {region} ({shown}) | {len(cells)} | {lowest:g} | {'yes' if inside else '**no**'} | "
                  f"{narrowest:.3g} | {highest:.3f} | {'yes' if ok else '**no**'} |")
    print()
    print("All within." if not failed else "Some bar missed (see **no** above).")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
