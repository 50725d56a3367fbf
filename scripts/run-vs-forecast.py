#!/usr/bin/env python3
"""Issue 12's `run` versus `forecast` figures, through the real commands, for both shipped scenarios.

For every baseline series of kind `projected` or `driver` in `sunan run SCENARIO`'s forecasts.csv,
runs `sunan forecast --model auto --as-of ASOF --from HISTORYFROM --horizon HORIZONYEAR-ASOF` on the
data file holding the indicator (the scenario's own settings) and prints, per series, the largest
relative difference over the projected years of the mean and of the 80 % bounds (run ÷ forecast − 1).
Series of a projection without a driver (and driver series, which have none) must match within 2 %
(mean) and 5 % (80 % bounds); the outcome of a projection with a driver is also listed, its
tolerance being 2 % plus 3 Monte Carlo standard errors (the scenario effect is drawn).

Then the first-year check: the first projected year's baseline mean of every projected and driver
series lies within the largest year-on-year change of its last five observed years (the history
window from `historyFrom` to the as-of year, in the scenario's unit, as the engine sees it).

Usage: python3 scripts/run-vs-forecast.py [PATH-TO-SUNAN]   (default: .build/release/sunan)
Exits 1 when a bar is missed. Needs only the Python standard library.
"""
import csv
import io
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUNAN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "release", "sunan")

# The shipped scenarios' settings (as in Tests/SunanCLITests/RunMatchesForecastTests.swift):
# as-of year, horizon (horizonYear − asOf), each data file with the history window of its
# indicators, and the indicators projected with a driver.
SHIPPED = [
    {"scenario": "scenarios/sunan-2020.yaml", "as_of": 2017, "horizon": 4,
     "forecasts": [("notebooks-data/china-provinces-st-panel.csv", 2010,
                    ["tech_market_value_outflow", "gov_budget_expenditure_sci_tech"]),
                   ("notebooks-data/sunan-cities.csv", 2008, ["gdp"])],
     "with_driver": {"tech_market_value_outflow"}},
    {"scenario": "scenarios/leading-provinces-2025.yaml", "as_of": 2020, "horizon": 5,
     "forecasts": [("notebooks-data/china-provinces-st-panel.csv", 2010,
                    ["rd_expenditure_total", "rd_expenditure_government_funds"])],
     "with_driver": {"rd_expenditure_total"}},
]
# Each data unit in 亿元 (100m_cny), the unit both scenarios work in.
FACTORS = {"万元": 1e-4, "亿元": 1.0, "100m_cny": 1.0}


def sunan(*arguments):
    result = subprocess.run([SUNAN, *arguments], cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"sunan {' '.join(arguments)}: exit {result.returncode}\n{result.stderr}")
    return result.stdout


def history(data, region, indicator, first, last):
    """The observed values of one series in [first, last], in 亿元, by year."""
    values = {}
    with open(os.path.join(ROOT, data), newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["region"] == region and row["indicator"] == indicator and first <= int(row["year"]) <= last:
                values[int(row["year"])] = float(row["value"]) * FACTORS[row["unit"]]
    return [values[year] for year in sorted(values)]


def main():
    failed = False
    first_year_rows = []
    print("| scenario | series | kind | years | max rel. diff. mean | max rel. diff. 80 % bounds | tolerance (mean / bounds) | within? |")
    print("|---|---|---|---|---|---|---|---|")
    worst = {"driverless": [0.0, 0.0], "with driver": [0.0, 0.0]}
    for shipped in SHIPPED:
        with tempfile.TemporaryDirectory() as folder:
            sunan("run", shipped["scenario"], "--out", os.path.join(folder, "out"), "--quiet", "--lang", "en")
            with open(os.path.join(folder, "out", "forecasts.csv"), newline="", encoding="utf-8") as handle:
                cells = list(csv.DictReader(handle))
        baseline_name = cells[0]["scenario"]
        baseline = [c for c in cells if c["scenario"] == baseline_name and c["kind"] in ("projected", "driver")]
        expected, source = {}, {}
        for data, first, indicators in shipped["forecasts"]:
            output = sunan("forecast", "--data", data, "--model", "auto", "--as-of", str(shipped["as_of"]),
                           "--from", str(first), "--horizon", str(shipped["horizon"]))
            units = {}
            with open(os.path.join(ROOT, data), newline="", encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    units.setdefault(row["indicator"], row["unit"])
            for row in csv.DictReader(io.StringIO(output)):
                if row["indicator"] in indicators:
                    factor = FACTORS[units[row["indicator"]]]
                    expected[(row["region"], row["indicator"], int(row["year"]))] = [
                        float(row[k]) * factor for k in ("mean", "lo80", "hi80")]
            for indicator in indicators:
                source[indicator] = (data, first)
        series = {}
        for cell in baseline:
            series.setdefault((cell["region"], cell["indicator"], cell["kind"]), []).append(cell)
        for (region, indicator, kind), rows in series.items():
            driven = indicator in shipped["with_driver"]
            mean_diff = bound_diff = 0.0
            mean_ok = True
            for cell in rows:
                forecast = expected.get((region, indicator, int(cell["year"])))
                if forecast is None:
                    sys.exit(f"{shipped['scenario']}: {region}/{indicator}/{cell['year']}: no forecast row")
                m, lo, hi, se = (float(cell[k]) for k in ("mean", "lo80", "hi80", "mean_mcse"))
                d_mean = abs(m / forecast[0] - 1)
                d_bound = max(abs(lo / forecast[1] - 1), abs(hi / forecast[2] - 1))
                mean_diff, bound_diff = max(mean_diff, d_mean), max(bound_diff, d_bound)
                mean_ok &= d_mean <= (0.02 + 3 * se / forecast[0] if driven else 0.02)
            ok = mean_ok and bound_diff <= 0.05
            failed |= not ok
            group = "with driver" if driven else "driverless"
            worst[group] = [max(worst[group][0], mean_diff), max(worst[group][1], bound_diff)]
            years = f"{rows[0]['year']}–{rows[-1]['year']}"
            tolerance = "2 % + 3 MC s.e. / 5 %" if driven else "2 % / 5 %"
            print(f"| {os.path.basename(shipped['scenario'])} | {region}/{indicator} | {kind}{' (driven)' if driven else ''} | "
                  f"{years} | {100 * mean_diff:.3f} % | {100 * bound_diff:.3f} % | {tolerance} | {'yes' if ok else '**no**'} |")
            # First projected year against the last five year-on-year changes of the history window.
            data, first = source[indicator]
            values = history(data, region, indicator, first, shipped["as_of"])
            changes = [abs(values[i] - values[i - 1]) for i in range(max(1, len(values) - 5), len(values))]
            step = float(rows[0]["mean"]) - values[-1]
            first_year_rows.append((os.path.basename(shipped["scenario"]), f"{region}/{indicator}", values[-1],
                                    float(rows[0]["mean"]), step, max(changes)))
    print()
    for group, (m, b) in worst.items():
        print(f"Largest relative difference, {group} series: mean {100 * m:.3f} %, 80 % bounds {100 * b:.3f} %")
    print()
    print("| scenario | series | last observed | first projected mean | step | largest of last 5 yoy changes | step ÷ largest | within? |")
    print("|---|---|---|---|---|---|---|---|")
    for scenario, name, last, first, step, largest in first_year_rows:
        ok = abs(step) <= largest
        failed |= not ok
        print(f"| {scenario} | {name} | {last:.6g} | {first:.6g} | {step:+.4g} | {largest:.4g} | {abs(step) / largest:.2f} | "
              f"{'yes' if ok else '**no**'} |")
    print()
    print("All within." if not failed else "Some bar missed (see **no** above).")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
