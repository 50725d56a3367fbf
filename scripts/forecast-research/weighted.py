import sys
import intervals as I
from data import panel_cases, competition_cases
which = sys.argv[1]
if which == "select":
    sets = {"M1": (competition_cases("m1-yearly"), False, 6), "panel 2014-16": (panel_cases(origins=range(2014, 2017)), True, 6)}
    grid = [1.0, 0.8, 0.6]
else:
    sets = {"Tourism": (competition_cases("tourism-yearly"), False, 4), "panel 2017-19": (panel_cases(origins=range(2017, 2020)), True, 6),
            "panel all": (panel_cases(), True, 6), "M1": (competition_cases("m1-yearly"), False, 6)}
    grid = [float(sys.argv[2])]
for rho in grid:
    I.RHO = rho; loss = 0
    for name, (c, p, H) in sets.items():
        cov, crps, worst, rel = I.evaluate(c, p, H, "I1")
        loss += sum((cov[L] - L) ** 2 for L in cov)
        print(f"ρ={rho:.1f} {name:14s} cov50 {cov[50]:.1f} cov80 {cov[80]:.1f} cov95 {cov[95]:.1f} CRPS {crps:.3f} worst-rel {worst:.3f}")
        if which != "select": print("    " + "  ".join(f"{b/10:.1f}:{n}:{p:.2f}/{o:.2f}" for b, n, p, o in rel))
    print(f"ρ={rho:.1f} loss {loss:.1f}", flush=True)
