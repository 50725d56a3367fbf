import sys, numpy as np
import intervals as I
from data import panel_cases, competition_cases
RULE = "I1"
orig = I.AbsPool.quantile
orig_cdf = I.AbsPool.cdf
def run(lam, sets):
    I.AbsPool.quantile = lambda self, q: lam * orig(self, q)
    I.AbsPool.cdf = lambda self, x: orig_cdf(self, x / lam)
    return {name: I.evaluate(c, p, H, RULE) for name, (c, p, H) in sets.items()}
if __name__ == "__main__":
    which = sys.argv[1]
    if which == "select":
        sets = {"M1": (competition_cases("m1-yearly"), False, 6), "panel 2014-16": (panel_cases(origins=range(2014, 2017)), True, 6)}
        grid = [1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6]
    else:
        sets = {"Tourism": (competition_cases("tourism-yearly"), False, 4), "panel 2017-19": (panel_cases(origins=range(2017, 2020)), True, 6),
                "panel all": (panel_cases(), True, 6), "M1": (competition_cases("m1-yearly"), False, 6)}
        grid = [float(sys.argv[2])]
    for lam in grid:
        res = run(lam, sets); loss = 0
        for name, (cov, crps, worst, rel) in res.items():
            loss += sum((cov[L] - L) ** 2 for L in cov)
            print(f"λ={lam:.1f} {name:14s} cov50 {cov[50]:.1f} cov80 {cov[80]:.1f} cov95 {cov[95]:.1f} CRPS {crps:.3f} worst-rel {worst:.3f}")
            if which != "select": print("    " + "  ".join(f"{b/10:.1f}:{n}:{p:.2f}/{o:.2f}" for b, n, p, o in rel))
        print(f"λ={lam:.1f} loss {loss:.1f}", flush=True)
