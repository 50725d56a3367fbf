"""Writes each fresh panel of fresh.py (rounds I5/I6) as a sunan data file whose 14-year window is
relabelled 2010–2023, so that Benchmarks/province_panel.py runs the province panel's protocol on it
(statsforecast's peers and `sunan backtest` in one run):

    PYTHONPATH=... python3 fresh_export.py OUTDIR
    python3 Benchmarks/province_panel.py --panel OUTDIR/fresh-Guns.csv --sunan .build-bench/release/sunan
"""
import csv, os, sys
import fresh

if __name__ == "__main__":
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for name in fresh.SETS:
        first = fresh.SETS[name][4]
        cases = [c for c in fresh.fresh_cases(name) if c["origin"] == first + 9]
        with open(os.path.join(out, f"fresh-{name}.csv"), "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["region", "indicator", "year", "value", "unit"])
            for c in cases:
                values = list(c["train"]) + list(c["test"])
                assert len(values) == 14
                for i, v in enumerate(values):
                    region = str(c["key"][0]).replace("\n", " ")
                    w.writerow([f"region {region}" if region.isdigit() else region, c["indicator"], 2010 + i, repr(float(v)), "unit"])
        print(name, len(cases), "series")
