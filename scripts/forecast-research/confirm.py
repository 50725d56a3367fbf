"""Confirmation sets (run once, after the choice): Tourism yearly; panel origins 2017–2019; and,
for the record, the whole panel (all origins) against PEERS.md's protocol bar."""
import os, sys
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "forecast-reference"))
from data import panel_cases, competition_cases
from metrics import summary
import pooled as P
from select_round3 import panel_pooled

tour = competition_cases("tourism-yearly")
print("Tourism median8  %.3f %.3f  (bar AutoTheta 19.990 / 2.590)" % summary(tour, [P.median8(c["train"], len(c["test"])) for c in tour]))
late = panel_cases(origins=range(2017, 2020))
print("panel 2017-19 median8+panel %.3f %.3f  (bar RWD 22.239 / 3.485)" % summary(late, panel_pooled(late, P.median8, 6)))
full = panel_cases()
print("panel all origins median8+panel %.3f %.3f  (bar RWD 23.392 / 3.561)" % summary(full, panel_pooled(full, P.median8, 6)))
