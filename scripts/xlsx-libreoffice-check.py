#!/usr/bin/env python3
"""Opens the workbook of `sunan run --xlsx` in headless LibreOffice, converts every sheet back to CSV
and compares each with the CSV file sunan wrote for the same table (issue 13, item 8). Not run in CI.

Usage: scripts/xlsx-libreoffice-check.py [SUNAN_BINARY]
    Runs every scenarios/*.yaml in both languages (--draws 2000 --xlsx) into a temporary folder with
    SUNAN_BINARY (default: `swift build --product sunan`, debug), then converts results.xlsx with
    `soffice --convert-to csv` (UTF-8, raw cell values rather than as shown, every sheet) and compares.

A cell matches when its text is identical, or when both texts are numbers with the same value (the
workbook stores 1.23457e+06 as the number 1234570; LibreOffice writes it back as 1234570, and a
percent-formatted 0.1419 as 14.19%, compared to within 1e-12 relative for the division by 100). Prints
the counts per sheet and exits with 1 when any sheet, row or cell differs.
Needs Debian's libreoffice-calc (soffice on PATH).
"""
import csv
import glob
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHEETS = {  # sheet name (en, zh) -> the CSV of the same table
    "gaps": "gaps.csv", "目标差距": "gaps.csv",
    "cities": "cities.csv", "城市对比": "cities.csv",
    "forecasts": "forecasts.csv", "预测": "forecasts.csv",
    "plan-vs-actual": "plan-vs-actual.csv", "计划与实际": "plan-vs-actual.csv",
}
# CSV export: comma, double quote, UTF-8, -, -, -, no forced quotes, -, values not as shown, no
# formulas, -, every sheet (one file per sheet, named after the workbook and the sheet).
CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,false,false,false,false,-1"


def sunan_binary():
    if len(sys.argv) > 1:
        return sys.argv[1]
    subprocess.run(["swift", "build", "--product", "sunan"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    folder = subprocess.run(["swift", "build", "--show-bin-path"], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    return os.path.join(folder, "sunan")


def number(text):
    """The value of a number cell's text; LibreOffice writes a percent-formatted cell as 14.19% even
    when not saving as shown, which is the fraction 0.1419."""
    scale = 1.0
    if text.endswith("%"):
        text, scale = text[:-1], 0.01
    try:
        value = float(text) * scale
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def same_number(a, b):
    x, y = number(a), number(b)
    if x is None or y is None:
        return False
    return x == y or (a.endswith("%") and abs(x - y) <= 1e-12 * max(abs(x), abs(y)))


def read(path):
    with open(path, newline="", encoding="utf-8-sig") as file:
        return list(csv.reader(file))


def compare(sheet_csv, sunan_csv):
    """(identical cells, numerically equal cells, differences as text)"""
    converted, expected = read(sheet_csv), read(sunan_csv)
    identical = numeric = 0
    differences = []
    if len(converted) != len(expected):
        differences.append(f"{len(converted)} rows, expected {len(expected)}")
    for line, (got, want) in enumerate(zip(converted, expected), start=1):
        got = got + [""] * (len(want) - len(got))  # LibreOffice drops trailing empty cells of a row
        if len(got) != len(want):
            differences.append(f"line {line}: {len(got)} fields, expected {len(want)}")
            continue
        for column, (a, b) in enumerate(zip(got, want), start=1):
            if a == b:
                identical += 1
            elif same_number(a, b):
                numeric += 1
            else:
                differences.append(f"line {line}, field {column}: {a!r} instead of {b!r}")
    return identical, numeric, differences


def main():
    sunan = sunan_binary()
    work = tempfile.mkdtemp(prefix="sunan-xlsx-check-")
    profile = tempfile.mkdtemp(prefix="sunan-lo-profile-")
    failed = False
    try:
        for scenario in sorted(glob.glob(os.path.join(ROOT, "scenarios", "*.yaml"))):
            for language in ("zh", "en"):
                name = f"{os.path.splitext(os.path.basename(scenario))[0]}-{language}"
                out = os.path.join(work, name)
                subprocess.run([sunan, "run", scenario, "--lang", language, "--draws", "2000", "--xlsx", "--out", out, "--quiet"],
                               cwd=ROOT, check=True, env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
                converted = os.path.join(work, name + "-sheets")
                os.makedirs(converted)
                subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", CSV_FILTER,
                                "--outdir", converted, os.path.join(out, "results.xlsx")],
                               check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                sheets = sorted(os.listdir(converted))
                print(f"== {name}: LibreOffice wrote {len(sheets)} sheets")
                for sheet_file in sheets:
                    sheet = sheet_file[len("results-"):-len(".csv")]
                    target = SHEETS.get(sheet)
                    if target is None:
                        print(f"   {sheet}: no CSV of that table"); failed = True; continue
                    identical, numeric, differences = compare(os.path.join(converted, sheet_file), os.path.join(out, target))
                    status = "equal" if not differences else f"{len(differences)} DIFFERENCES"
                    print(f"   {sheet} vs {target}: {status} ({identical} cells identical, {numeric} numerically equal)")
                    for difference in differences[:5]:
                        print(f"      {difference}")
                    failed = failed or bool(differences)
                missing = set(SHEETS[s[len('results-'):-len('.csv')]] for s in sheets if s[len('results-'):-len('.csv')] in SHEETS)
                for table in ("gaps.csv", "cities.csv", "forecasts.csv", "plan-vs-actual.csv"):
                    if table not in missing:
                        print(f"   {table}: no sheet"); failed = True
    finally:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(profile, ignore_errors=True)
    print("all sheets equal to sunan's CSVs" if not failed else "some sheets differ")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
