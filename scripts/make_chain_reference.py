#!/usr/bin/env python3
"""An independent numpy Monte Carlo of the default scenario's contract-value chain (issue 15 item 1 c
and d), written to Tests/ScenariosTests/Fixtures/chain-reference.json.

    Sunan city c in year t = J_t × F_basis × F_share × s_c × R_c(t − lag)^ε,   Sunan = Σ_c city c

- J_t: Jiangsu's tech-market outflow (yearbook basis) in year t, drawn from sunan's baseline marginal
  distribution of that year (the only input taken from sunan: Fixtures/chain-marginals.json, exported
  by ChainReferenceTests, quantile grids sampled by inverse transform with linear interpolation); the
  driver's baseline B_τ (Jiangsu's S&T budget) likewise, independent of J (its own forecast);
- ε ~ N(value, s.e.): the elasticity sunan estimated from the provincial panel (also in the marginals
  file; the estimate itself is checked against statsmodels by PanelElasticityTests);
- every other number is read from scenarios/sunan-2020.yaml and notebooks-data/targets.csv as stated
  there and restated here from the documentation, not from the Swift code:
  the two factors are lognormal with the stated mean and standard error
  (σ² = log(1 + (se/mean)²), μ = log mean − σ²/2); the member shares are lognormal around their central
  shares with s.e. = relativeError × central share, then divided by their sum in every draw; the
  central shares follow `remainder: assumptions` (observed shares as published, the assumptions scaled
  up to the remainder, as the YAML's comment states);
- R_c(τ) = 1 up to the as-of year; `uplift u from F`: (1 + u)^(τ − F + 1) for τ ≥ F; `extraBudget A
  from F split w`: (s_c B_τ + A w_c / Σw) / (s_c B_τ), the city's share s_c standing for its share of
  the province's budget;
- targets: the zone's contract-value rows of targets.csv (basis annual), and with `targetAllocation:
  baselineShare` one row per city with the zone's threshold × the city's central share;
- required uplift (d): the smallest extra uplift u %/yr giving P(meet) ≥ 0.5 / 0.8 when every draw is
  scaled by (1 + u)^(ε k), k = max(0, t − lag − as-of); 0 when the scenario already suffices; none when
  k = 0 or 100 %/yr does not suffice; numpy bisection to 1e-4 %/yr.

Tolerances (used by ChainReferenceTests): p_meet within 3 combined Monte Carlo standard errors
(sunan's 10,000 draws and these REFERENCE_DRAWS); a required uplift within
3 × sqrt(π (1 − π) (1/n + 1/N)) / (dP/du) + 0.01 %/yr, dP/du by a central difference of ±0.5 %/yr here.

Run after exporting the marginals:
    SUNAN_EXPORT_CHAIN_MARGINALS=1 swift test --filter ChainReferenceTests/marginalsAreCurrent   (fails: it wrote them)
    python3 scripts/make_chain_reference.py
"""
import csv
import json
import math
import os

import numpy as np
import yaml

ROOT = os.path.normpath(os.path.join(os.path.dirname(__file__), ".."))
SCENARIO = os.path.join(ROOT, "scenarios", "sunan-2020.yaml")
MARGINALS = os.path.join(ROOT, "Tests", "ScenariosTests", "Fixtures", "chain-marginals.json")
OUT = os.path.join(ROOT, "Tests", "ScenariosTests", "Fixtures", "chain-reference.json")
REFERENCE_DRAWS = 400_000
INDICATOR = "tech_contract_value"


def lognormal(rng, mean, se, size):
    if se <= 0 or mean <= 0:
        return np.full(size, mean)
    variance = math.log(1 + (se / mean) ** 2)
    return np.exp(math.log(mean) - variance / 2 + math.sqrt(variance) * rng.standard_normal(size))


def marginal_sampler(series, probabilities):
    p = np.asarray(probabilities)
    grids = {year: np.asarray(q) for year, q in zip(series["years"], series["quantiles"])}

    def draw(rng, year, size):
        u = np.clip(rng.uniform(size=size), p[0], p[-1])
        return np.interp(u, p, grids[year])
    return draw


def central_shares(member_shares):
    shares = member_shares["shares"]
    if member_shares.get("remainder") == "assumptions":
        observed = sum(s["share"] for s in shares if s["basis"] == "observed")
        assumed = sum(s["share"] for s in shares if s["basis"] != "observed")
        scale = (1 - observed) / assumed
        return {s["region"]: s["share"] if s["basis"] == "observed" else s["share"] * scale for s in shares}
    return {s["region"]: s["share"] for s in shares}


def main():
    with open(SCENARIO) as f:
        spec = yaml.safe_load(f)
    with open(MARGINALS) as f:
        marginals = json.load(f)
    projection = spec["projections"][0]
    assert projection["targetSeries"]["indicator"] == INDICATOR
    as_of, lag = spec["asOf"], projection["driver"]["lag"]
    n_sunan = spec["simulation"]["draws"]
    factors = projection["targetSeries"]["factors"]
    member_shares = projection["memberShares"]
    central = central_shares(member_shares)
    cities = [s["region"] for s in member_shares["shares"]]
    zone_members = spec["zone"]["members"]
    zone = spec["zone"]["region"]
    assert marginals["outcome"]["region"] == projection["regions"][0]

    targets = []
    with open(os.path.join(os.path.dirname(SCENARIO), spec["targets"])) as f:
        for row in csv.DictReader(f):
            if row["indicator"] == INDICATOR and row["scope"] == "zone":
                assert row["basis"] == "annual" and row["comparator"] in (">", ">=")
                targets.append({"id": row["id"], "year": int(row["year"]), "threshold": float(row["low"]),
                                "strict": row["comparator"] == ">"})
    assert spec["targetAllocation"] == "baselineShare"

    rng = np.random.default_rng(20180101)
    n = REFERENCE_DRAWS
    draw_outcome = marginal_sampler(marginals["outcome"], marginals["probabilities"])
    draw_driver = marginal_sampler(marginals["driver"], marginals["probabilities"])
    years = sorted({t["year"] for t in targets})
    outcome = {t: draw_outcome(rng, t, n) for t in years}
    driver = {t - lag: draw_driver(rng, t - lag, n) for t in years if t - lag > as_of}
    epsilon = marginals["elasticity"] + marginals["elasticityStandardError"] * rng.standard_normal(n)
    factor = np.prod([lognormal(rng, fa["value"], fa["standardError"], n) for fa in factors], axis=0)
    raw = {s["region"]: lognormal(rng, central[s["region"]], s["relativeError"] * central[s["region"]], n)
           for s in member_shares["shares"]}
    total = sum(raw.values())
    share = {c: raw[c] / total for c in cities}

    def ratio(scenario, city, tau):
        path = scenario.get("driver")
        if path is None or tau <= as_of:
            return np.ones(n)
        if "uplift" in path:
            start = path["from"]
            return np.full(n, (1 + path["uplift"] / 100) ** (tau - start + 1) if tau >= start else 1.0)
        if "extraBudget" in path:
            if tau < path["from"]:
                return np.ones(n)
            split = path["split"]
            weight = split.get(city, 0) / sum(split.values())
            base = share[city] * driver[tau]
            return (base + path["extraBudget"] * weight) / base
        raise ValueError(path)

    rows = []
    for scenario in spec["scenarios"]:
        for target in targets:
            t = target["year"]
            city_values = {c: outcome[t] * factor * share[c] * ratio(scenario, c, t - lag) ** epsilon for c in cities}
            tested = [(target["id"], sum(city_values[c] for c in zone_members), target["threshold"])]
            tested += [(f"{target['id']}/{c}", city_values[c], target["threshold"] * central[c]) for c in zone_members]
            k = max(0, t - lag - as_of)
            for target_id, values, threshold in tested:
                def p(percent):
                    scaled = values if percent == 0 else values * np.exp(epsilon * k * math.log(1 + percent / 100))
                    return float(np.mean(scaled > threshold) if target["strict"] else np.mean(scaled >= threshold))
                row = {"scenario": scenario["name"], "targetID": target_id, "threshold": threshold, "pMeet": p(0)}
                for probability, key in ((0.5, "requiredUpliftP50"), (0.8, "requiredUpliftP80")):
                    if p(0) >= probability:
                        row[key] = {"value": 0.0, "tolerance": 0.01}
                    elif k == 0 or p(100) < probability:
                        row[key] = None
                    else:
                        lo, hi = 0.0, 100.0
                        while hi - lo > 1e-4:
                            middle = (lo + hi) / 2
                            if p(middle) >= probability:
                                hi = middle
                            else:
                                lo = middle
                        slope = (p(hi + 0.5) - p(max(hi - 0.5, 0))) / (hi + 0.5 - max(hi - 0.5, 0))
                        se = math.sqrt(probability * (1 - probability) * (1 / n_sunan + 1 / n))
                        row[key] = {"value": hi, "tolerance": 3 * se / slope + 0.01}
                rows.append(row)
    with open(OUT, "w") as f:
        json.dump({"about": "made by scripts/make_chain_reference.py (numpy Monte Carlo of the default scenario's "
                            "contract-value chain from the YAML's numbers and sunan's baseline marginals)",
                   "zone": zone, "draws": n_sunan, "referenceDraws": n, "rows": rows}, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {os.path.relpath(OUT, ROOT)}: {len(rows)} rows")
    for row in rows:
        print(row["scenario"], row["targetID"], round(row["pMeet"], 4), row.get("requiredUpliftP50"), row.get("requiredUpliftP80"))


if __name__ == "__main__":
    main()
