#!/usr/bin/env python3
"""Synthetic national-size inputs for the scale benchmark (BENCHMARKS.md, "Scale (issue 7)").

Writes into OUT (default $TMPDIR/sunan-national), never into the repository:

- national-panel.csv: region,indicator,year,value,unit for REGIONS regions (R001 …) × INDICATORS
  indicators (ind001 …) × the years 2005–2024: 300 × 100 × 20 = 30,000 series, 600,000 rows by default;
- national-targets.csv: a few targets per indicator, in the targets layout of notebooks-data/targets.csv:
  two for the zone (the sum of all regions) in 2030 (a modest and a demanding level), and for every
  tenth indicator one binding each region in 2030;
- national.yaml: one projection per indicator at level `regions` over every region, the zone `Nation`
  their sum, log-linear trends fitted 2010–2024; every even indicator driven by the odd one before it
  (lag 1, given elasticity 0.4, s.e. 0.1); scenarios baseline, +10 %/yr and −10 %/yr on the drivers
  from 2025; DRAWS draws (default 10,000), seed 20250101.

Deterministic: the values come from a counter-based SplitMix64 hash of (region, indicator, year), so
the same arguments give the same bytes on every machine and Python version.

Usage: python3 Benchmarks/make-national-data.py [--out DIR] [--regions 300] [--indicators 100] [--draws 10000]
"""
import argparse
import math
import os
import tempfile

MASK = (1 << 64) - 1
FIRST_YEAR, LAST_YEAR = 2005, 2024
AS_OF, HORIZON = 2024, 2030


def splitmix(counter):
    """The SplitMix64 output for `counter` (a pure function of it)."""
    z = (counter * 0x9E3779B97F4A7C15 + 0x9E3779B97F4A7C15) & MASK
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return z ^ (z >> 31)


def uniform(*keys):
    """A uniform number in [0, 1) from integer keys."""
    counter = 0
    for key in keys:
        counter = (counter * 1_000_003 + key) & MASK
    return (splitmix(counter) >> 11) / float(1 << 53)


def series_parameters(r, i):
    """Level in 2005 and yearly growth of region r, indicator i."""
    level = 50.0 * math.exp(3.0 * uniform(1, r, i))
    growth = 0.02 + 0.10 * uniform(2, r, i)
    return level, growth


def value(r, i, year):
    level, growth = series_parameters(r, i)
    noise = 0.03 * (2 * uniform(3, r, i, year) - 1)
    return level * math.exp(growth * (year - FIRST_YEAR) + noise)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "sunan-national"))
    parser.add_argument("--regions", type=int, default=300)
    parser.add_argument("--indicators", type=int, default=100)
    parser.add_argument("--draws", type=int, default=10_000)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    regions = [f"R{r:03d}" for r in range(1, args.regions + 1)]
    indicators = [f"ind{i:03d}" for i in range(1, args.indicators + 1)]

    with open(os.path.join(args.out, "national-panel.csv"), "w", newline="\n") as f:
        f.write("region,indicator,year,value,unit\n")
        for r, region in enumerate(regions):
            for i, indicator in enumerate(indicators):
                for year in range(FIRST_YEAR, LAST_YEAR + 1):
                    f.write(f"{region},{indicator},{year},{value(r, i, year):.6g},100m_cny\n")

    with open(os.path.join(args.out, "national-targets.csv"), "w", newline="\n") as f:
        f.write("id,clause,scope,year,indicator,indicator_zh,comparator,low,high,unit,basis,responsible,plan_wording,note\n")
        for i, indicator in enumerate(indicators):
            total = sum(value(r, i, AS_OF) for r in range(len(regions)))
            for name, growth in (("modest", 0.05), ("demanding", 0.12)):
                low = round(total * (1 + growth) ** (HORIZON - AS_OF))
                f.write(f"N-{indicator}-{name},1,zone,{HORIZON},{indicator},{indicator},>=,{low},,100m_cny,annual,,,"
                        f"synthetic: the {AS_OF} total growing {growth * 100:.0f} %/yr\n")
            if i % 10 == 0:
                low = round(total / len(regions) * 1.5)
                f.write(f"N-{indicator}-each,2,each_city,{HORIZON},{indicator},{indicator},>=,{low},,100m_cny,annual,,,"
                        f"synthetic: every region at 1.5 times the {AS_OF} regional mean\n")

    lines = [
        "# Synthetic national-size scenario for the scale benchmark (Benchmarks/make-national-data.py).",
        "schemaVersion: 1",
        f'title: "Synthetic national panel: {len(regions)} regions × {len(indicators)} indicators"',
        "data: [national-panel.csv]",
        "targets: national-targets.csv",
        f"asOf: {AS_OF}",
        f"horizonYear: {HORIZON}",
        "zone:",
        "  region: Nation",
        f"  members: [{', '.join(regions)}]",
        "projections:",
    ]
    for i, indicator in enumerate(indicators):
        lines += [
            f"  - indicator: {indicator}",
            "    unit: 100m_cny",
            "    model: loglinear",
            "    historyFrom: 2010",
            "    level: regions",
            f"    regions: [{', '.join(regions)}]",
        ]
        if i % 2 == 1:
            lines += [
                "    driver:",
                f"      indicator: {indicators[i - 1]}",
                "      unit: 100m_cny",
                "      lag: 1",
                "      model: loglinear",
                "      elasticity: {value: 0.4, standardError: 0.1}",
            ]
    lines += [
        "scenarios:",
        "  - name: baseline",
        "  - name: plus10",
        f"    driver: {{uplift: 10, from: {AS_OF + 1}}}",
        "  - name: minus10",
        f"    driver: {{uplift: -10, from: {AS_OF + 1}}}",
        "simulation:",
        f"  draws: {args.draws}",
        "  seed: 20250101",
    ]
    with open(os.path.join(args.out, "national.yaml"), "w", newline="\n") as f:
        f.write("\n".join(lines) + "\n")
    print(f"wrote {len(regions)} × {len(indicators)} × {LAST_YEAR - FIRST_YEAR + 1} panel, targets and scenario to {args.out}")


if __name__ == "__main__":
    main()
