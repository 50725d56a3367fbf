#!/usr/bin/env python3
"""Runs `sunan ols --format json` on every NIST StRD linear data set and prints the correct digits.

Usage: python3 scripts/nist-check.py [PATH-TO-SUNAN]   (default: .build/release/sunan)
The certified values come from Tests/LinearAlgebraTests/Fixtures/nist-strd-linear.json.
LRE = -log10(|estimate - certified| / |certified|), capped at 15.
Exits 1 when a set misses the foundation issue's thresholds (9 digits; Filip 7 and 6 for SEs).
"""
import json
import math
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUNAN = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build", "release", "sunan")


def lre(estimate, certified):
    if estimate == certified:
        return 15.0
    error = abs(estimate) if certified == 0 else abs(estimate - certified) / abs(certified)
    return min(15.0, -math.log10(error))


def main():
    sets = json.load(open(os.path.join(ROOT, "Tests/LinearAlgebraTests/Fixtures/nist-strd-linear.json")))
    failed = False
    print(f"{'data set':<10} {'coef':>6} {'s.e.':>6} {'res.SD':>6} {'R²':>6}  status")
    with tempfile.TemporaryDirectory() as folder:
        for s in sets:
            k = len(s["x_str"][0])
            path = os.path.join(folder, s["name"] + ".csv")
            with open(path, "w") as handle:
                handle.write(",".join(["y"] + [f"x{j + 1}" for j in range(k)]) + "\n")
                for y, xs in zip(s["y_str"], s["x_str"]):
                    handle.write(",".join([y] + xs) + "\n")
            args = [SUNAN, "ols", "--data", path, "--response", "y", "--format", "json"]
            if s["model"]["type"] == "polynomial":
                args += ["--polynomial", f"x1:{s['model']['degree']}"]
            else:
                args += ["--predictors", ",".join(f"x{j + 1}" for j in range(k))]
            if not s["model"]["intercept"]:
                args.append("--no-intercept")
            out = json.loads(subprocess.run(args, check=True, capture_output=True, text=True).stdout)
            coef = min(lre(c["estimate"], b) for c, b in zip(out["coefficients"], s["certified_beta"]))
            se = min(lre(c["std_error"], b) for c, b in zip(out["coefficients"], s["certified_sd"]))
            rsd = lre(out["residual_sd"], s["residual_sd"])
            r2 = lre(out["r_squared"], s["r_squared"])
            need = (7, 6, 7) if s["name"] == "Filip" else (9, 8, 9)
            ok = coef >= need[0] and se >= need[1] and min(rsd, r2) >= need[2]
            failed |= not ok
            print(f"{s['name']:<10} {coef:6.1f} {se:6.1f} {rsd:6.1f} {r2:6.1f}  {'ok' if ok else 'BELOW THRESHOLD'}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
