"""Writes data.csv for the target-semantics test scenario (scenario.yaml).

Every series is a geometric trend with a small deterministic wobble (±0.5 % of the level, the sine
of the year), so that the answers of the targets are known by construction: the expected values
printed below are the trends' own, and every target in targets.csv sits far from them (about 0.5×
or 2× the expected amount), so that a better projection method changes no answer.

Run: python3 make_data.py > data.csv; the expected values go to standard error.
"""
import math
import sys

YEARS = range(2008, 2020)  # 2008–2017 history (asOf 2017), 2018–2019 actuals for plan versus actual
AS_OF = 2017

# (region, indicator, unit, level in 2008, growth a year, decimals, measure column)
SERIES = [
    ("A", "institutions", "count", 1000, 0.08, 0, ""),
    ("B", "institutions", "count", 500, 0.05, 0, ""),
    ("C", "institutions", "count", 300, 0.10, 0, ""),
    ("A", "projects_started", "count", 200, 0.06, 0, ""),
    ("B", "projects_started", "count", 100, 0.04, 0, ""),
    ("C", "projects_started", "count", 50, 0.12, 0, ""),
    ("A", "coverage", "percent", 97, 0.001, 1, "rate"),
    ("B", "coverage", "percent", 52, 0.015, 1, "rate"),
    ("C", "coverage", "percent", 93, 0.002, 1, "rate"),
    ("Zone", "coverage", "percent", 80, 0.006, 1, "rate"),
    ("A", "utilisation", "percent", 70, 0.01, 1, ""),
    ("B", "utilisation", "percent", 60, 0.01, 1, ""),
    ("C", "utilisation", "percent", 50, 0.01, 1, ""),
]


def value(level, growth, year, index):
    trend = level * (1 + growth) ** (year - 2008)
    return trend * (1 + 0.005 * math.sin(year * 7 + index * 13))


def main():
    print("region,indicator,year,value,unit,source,measure")
    for index, (region, indicator, unit, level, growth, decimals, measure) in enumerate(SERIES):
        for year in YEARS:
            v = round(value(level, growth, year, index), decimals)
            text = str(int(v)) if decimals == 0 else f"{v:.{decimals}f}"
            print(f"{region},{indicator},{year},{text},{unit},synthetic (make_data.py),{measure}")
    trend = {(r, i): (l, g) for r, i, _, l, g, _, _ in SERIES}

    def expected(region, indicator, year):
        l, g = trend[(region, indicator)]
        return l * (1 + g) ** (year - 2008)

    def zone(indicator, year):
        return sum(expected(c, indicator, year) for c in "ABC")

    out = sys.stderr
    print("expected trend values:", file=out)
    for y in (2016, 2017, 2018, 2019, 2020):
        print(f"  {y}: zone institutions {zone('institutions', y):.0f}, zone projects {zone('projects_started', y):.0f}, "
              + ", ".join(f"{c} inst {expected(c, 'institutions', y):.0f}" for c in "ABC")
              + f", zone coverage {expected('Zone', 'coverage', y):.1f}, "
              + ", ".join(f"{c} cov {expected(c, 'coverage', y):.1f}" for c in "ABC"), file=out)
    print(f"  zone new institutions 2018: {zone('institutions', 2018) - zone('institutions', 2017):.0f}", file=out)
    for c in "ABC":
        print(f"  {c} new institutions 2018: {expected(c, 'institutions', 2018) - expected(c, 'institutions', 2017):.0f}", file=out)
    print(f"  zone institutions 2020 − 2017: {zone('institutions', 2020) - zone('institutions', 2017):.0f}", file=out)
    print(f"  zone projects 2018–2020: {sum(zone('projects_started', y) for y in (2018, 2019, 2020)):.0f}", file=out)
    print(f"  zone projects 2016–2018: {sum(zone('projects_started', y) for y in (2016, 2017, 2018)):.0f}", file=out)
    print(f"  zone projects 2018–2019: {sum(zone('projects_started', y) for y in (2018, 2019)):.0f}", file=out)


main()
