"""Round 3 of PROTOCOL.md on the selection sets."""
import os, sys
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "forecast-reference"))
import numpy as np
from data import panel_cases, competition_cases
from metrics import summary
import pooled as P

def panel_pooled(cases, base, H):
    groups = {}
    for i, c in enumerate(cases):
        groups.setdefault((c["indicator"], c["origin"]), []).append(i)
    out = [None] * len(cases)
    for idx in groups.values():
        f = {i: base(cases[i]["train"], H) for i in idx}
        ok = [i for i in idx if np.all(cases[i]["train"] > 0) and np.all(f[i] > 0)]
        med = np.median(np.array([f[i] / cases[i]["train"][-1] for i in ok]), axis=0) if len(ok) >= 5 else None
        for i in idx:
            h = len(cases[i]["test"])
            if med is not None and i in ok:
                y = cases[i]["train"][-1]
                out[i] = (y * np.sqrt(f[i] / y * med))[:h]
            else:
                out[i] = f[i][:h]
    return out

def main():
  m1 = competition_cases("m1-yearly")
  panel = panel_cases(origins=range(2014, 2017))
  median8 = P.median8
  for name, base in [("median8+panel", median8), ("drift+panel", P.drift)]:
      s1, m1s = summary(m1, [base(c["train"], len(c["test"])) for c in m1])
      s2, m2 = summary(panel, panel_pooled(panel, base, 6))
      score = 0.25 * (s1 / 16.659 + m1s / 3.490 + s2 / 24.545 + m2 / 3.637)
      print(f"{name:14s} score {score:.4f}  {s1:7.3f} {m1s:6.3f} {s2:7.3f} {m2:6.3f}")

if __name__ == "__main__":
    main()