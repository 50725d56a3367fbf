"""Calibrate INTERVAL_INFLATION using only training data: hold out the last h training
points of every series, run auto on the rest, measure pooled coverage for a grid of factors."""
import os; os.environ.setdefault("OPENBLAS_NUM_THREADS","1")
import numpy as np, method as M
from evaluate import load
res=[]
for name in ["m1-yearly","tourism-yearly"]:
    for _,y,a in load(name):
        h=len(a); tr,ho=y[:-h],y[-h:]
        r=M.forecast_auto(tr,h,(0.8,0.95)); 
        if len(r["members"])==1 and r["members"][0] in ("rwd","naive"): continue
        # recover sigma*sqrt(k) from the 95% band (positive case) -> test different inflations
        res.append((ho,r))
for infl in [1.0,1.1,1.2,1.25,1.3,1.4,1.5]:
    c={0.8:[0,0],0.95:[0,0]}
    for ho,r in res:
        for lev in (0.8,0.95):
            lo,up,f=r[("lower",lev)],r[("upper",lev)],r["mean"]
            if np.all(lo>0) and np.all(f>0):
                w=np.log(up/f)*infl; L=f*np.exp(-w); U=f*np.exp(w)
            else:
                w=(up-f)*infl; L=f-w; U=f+w
            c[lev][0]+=np.sum((ho>=L)&(ho<=U)); c[lev][1]+=len(ho)
    print(infl, {k:round(100*v[0]/v[1],1) for k,v in c.items()})
