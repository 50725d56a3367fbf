"""Study after I6 (no rule changed): does the panel growth pooling of auto's point forecast help on the
fresh panels? sMAPE / MASE of the member median with and without pooling, and of drift, over every
origin of each fresh set (`PYTHONPATH=... python3 fresh_pooling.py`)."""
import numpy as np
import fresh
import pooled as P
from metrics import summary
from select_round3 import panel_pooled

print("| set | cases | median8 + pooling (auto) | median8 alone | drift |")
print("|---|---|---|---|---|")
for name in fresh.SETS:
    cases = fresh.fresh_cases(name)
    rows = []
    for forecasts in (panel_pooled(cases, P.median8, 6),
                      [P.median8(c["train"], len(c["test"])) for c in cases],
                      [P.drift(c["train"], len(c["test"])) for c in cases]):
        s, m = summary(cases, forecasts)
        rows.append(f"{s:.3f} / {m:.3f}")
    print(f"| {name} | {len(cases)} | " + " | ".join(rows) + " |", flush=True)
