#!/usr/bin/env python3
"""Independent reference values for sunan's scenario engine (issue 15 item 1 a, b, d; issue 11/12 bases
and scopes), written to Tests/ScenariosTests/Fixtures/engine-reference.json.

The fixture holds its own inputs (a synthetic panel, the projections, scenarios and targets) and the
values the engine must give for them; `EngineReferenceTests.swift` builds the same inputs through the
engine's public API (`ScenarioInputs`, `ScenarioEngine.run`) and compares.

Nothing here is a port of the Swift code path. Everything follows from the *documented* model:

- Baseline: a log-linear trend fitted by ordinary least squares to the history (numpy.linalg.lstsq on
  log values, t = year − first year), anchored at the last observation: the log forecast of year a is
  z_n + (x_a − x_n) b̂. Its error e_a − e_n − (x_a − x_n)(b̂ − b) is derived here from b̂ − b = (XᵀX)⁻¹Xᵀe:
  Cov(a, b) = s² [δ_ab + 1 + d_a V d_bᵀ + d_a V x_nᵀ + d_b V x_nᵀ], d = x − x_n, V = (XᵀX)⁻¹, s² = RSS/(n − 2);
  the paths are multivariate Student t on n − 2 degrees of freedom (one χ² per path), so every year's
  log value is Student t with that location and scale (scipy.stats.t).
- A scenario `uplift u %/yr from F` multiplies the driver of year τ ≥ F by (1 + u)^(τ − F + 1); the
  outcome of year t moves by that ratio of year t − lag to the power ε, the elasticity, drawn
  N(value, s.e.) once per draw and shared by the regions of a projection.
- Bases (issue 11): stock = the level in Y; annual = the flow in Y; new_in_year on a stock =
  stock(Y) − stock(Y − 1); cumulative on a flow = the sum from the start year (default: the year after
  the as-of year) to Y; cumulative on a stock = stock(Y) − stock(start − 1); a `stock` target on a flow
  with `from` = the sum of the flow from `from`. Observed years are constants.
- Scopes: each_city = one row per city; all_cities adds the row "every city meets it in the same
  draw"; zone = the sum of the members in every draw.
- Comparators: >=, <=, ~ (|v − c| ≤ tol·c), range (inclusive).
- first year met: the first projected year whose median reading meets the target.
- Required uplift (d): the smallest extra uplift u (%/yr) such that P(meet) ≥ 0.5 or 0.8 when every draw
  is scaled by (1 + u)^(ε k), k = the uplifted driver years before the target year (t − lag − as-of):
  0 when the scenario already suffices, none when k = 0 (and it does not) or 100 %/yr does not suffice.

How each expected value is obtained (field `method`):
- `closed form`: the Student t distribution function (fixed elasticity), or for `all_cities` the product
  over the cities (their baselines are independent);
- `mixture`: an elasticity with uncertainty, the probability integrated over ε ~ N(value, s.e.) with
  scipy.integrate.quad (for all_cities: ∫ Π_c p_c(ε) φ(ε) dε);
- `numpy`: a numpy Monte Carlo of the documented joint distribution (sums of years or of regions,
  differences of projected years), `REFERENCE_DRAWS` draws;
required uplifts: analytic inversion (fixed ε) or bisection on the mixture (uncertain ε).

Tolerances (in the fixture, used by the test): p_meet within 3 Monte Carlo standard errors, the
standard error sqrt(p (1 − p) / n) of sunan's n draws, combined with the numpy reference's own for
`numpy` rows; a quantile within 4 standard errors of a sample quantile, sqrt(p (1 − p) / n) / f(q)
(240 of them share one seed: a Bonferroni bound); a required uplift within
3 × sqrt(π (1 − π) / n) / (dP/du) + 0.01 %/yr (sunan's bisection step).

Run: python3 scripts/make_engine_reference.py  (numpy, scipy; deterministic).
"""
import json
import math
import os

import numpy as np
from scipy import integrate, optimize, stats

OUT = os.path.join(os.path.dirname(__file__), "..", "Tests", "ScenariosTests", "Fixtures", "engine-reference.json")
AS_OF, HORIZON, FIRST = 2017, 2021, 2006
YEARS = list(range(AS_OF + 1, HORIZON + 1))
DRAWS, SEED = 10000, 20260415
REFERENCE_DRAWS = 1_000_000
REGIONS = ["A", "B"]
ZONE = "Z"
LAG = 1
UNIT = "100m_cny"

# Synthetic histories: level, growth, wobble amplitude and phase per region and indicator.
SERIES = {
    ("A", "y"): (100.0, 0.08, 0.06, 0.3), ("B", "y"): (80.0, 0.10, 0.06, 1.9),
    ("A", "w"): (50.0, 0.06, 0.04, 2.6), ("B", "w"): (30.0, 0.09, 0.04, 0.8),
    ("A", "x"): (20.0, 0.07, 0.03, 1.1), ("B", "x"): (15.0, 0.05, 0.03, 2.2),
}
# Projections: outcome, measure, elasticity (value, s.e.).
PROJECTIONS = [
    {"indicator": "y", "measure": "flow", "driver": "x", "lag": LAG, "elasticity": 0.8, "elasticitySE": 0.0},
    {"indicator": "w", "measure": "stock", "driver": "x", "lag": LAG, "elasticity": 0.5, "elasticitySE": 0.25},
]
SCENARIOS = [{"name": "baseline", "uplift": None}, {"name": "up10", "uplift": 10.0}, {"name": "down10", "uplift": -10.0}]


def history(region, indicator):
    level, growth, amplitude, phase = SERIES[(region, indicator)]
    years = np.arange(FIRST, AS_OF + 1)
    t = years - FIRST
    return years, level * np.exp(growth * t + amplitude * np.sin(1.7 * t + phase))


class Trend:
    """The anchored log-linear forecast of one series, from the documented model."""

    def __init__(self, region, indicator):
        years, values = history(region, indicator)
        t = (years - years[0]).astype(float)
        X = np.column_stack([np.ones_like(t), t])
        z = np.log(values)
        beta, rss, _, _ = np.linalg.lstsq(X, z, rcond=None)
        self.df = len(z) - 2
        self.s = math.sqrt(float(rss[0]) / self.df)
        V = np.linalg.inv(X.T @ X)
        xn = X[-1]
        d = np.array([[0.0, y - years[-1]] for y in YEARS])
        self.location = z[-1] + d @ beta
        self.cov = self.s ** 2 * (np.eye(len(YEARS)) + 1 + d @ V @ d.T + (d @ V @ xn)[:, None] + (d @ V @ xn)[None, :])
        self.scale = np.sqrt(np.diag(self.cov))
        self.last = float(values[-1])

    def k(self, year):
        return YEARS.index(year)


TRENDS = {key: Trend(*key) for key in SERIES}


def shift(scenario, year):
    """log of the driver ratio acting on the outcome of `year` (lag respected), per unit elasticity."""
    u = scenario["uplift"]
    tau = year - LAG
    if u is None or tau <= AS_OF:
        return 0.0
    return (tau - (AS_OF + 1) + 1) * math.log(1 + u / 100)


def uplift_years(year):
    return max(0, year - LAG - AS_OF)


def projection(indicator):
    return next(p for p in PROJECTIONS if p["indicator"] == indicator)


def p_single(trend, k, low, high, log_shift):
    """P(low ≤ value ≤ high) of a Student t log value shifted by log_shift (high may be inf)."""
    def cdf(v):
        if v <= 0:
            return 0.0
        if math.isinf(v):
            return 1.0
        return stats.t.cdf((math.log(v) - trend.location[k] - log_shift) / trend.scale[k], trend.df)
    return cdf(high) - cdf(low)


def bounds(comparator, low, high, tolerance):
    """The comparator as an interval of values (continuous draws: ≥ and > coincide)."""
    if comparator in (">=", ">"):
        return low, math.inf
    if comparator in ("<=", "<"):
        return 0.0, low
    if comparator == "~":
        return low - tolerance * abs(low), low + tolerance * abs(low)
    if comparator == "range":
        return low, high
    raise ValueError(comparator)


def mixture(function, proj):
    """∫ function(ε) φ(ε) dε over ε ~ N(value, s.e.), or function(value) with no uncertainty."""
    b, se = proj["elasticity"], proj["elasticitySE"]
    if se == 0:
        return function(b)
    value, _ = integrate.quad(lambda e: function(e) * stats.norm.pdf(e, b, se), b - 12 * se, b + 12 * se,
                              epsabs=1e-12, epsrel=1e-10, limit=200)
    return value


def simulate(indicator, scenario, rng):
    """numpy draws of every region's paths (REFERENCE_DRAWS × years) in `scenario`, the elasticity
    shared by the regions."""
    proj = projection(indicator)
    eps = proj["elasticity"] + proj["elasticitySE"] * rng.standard_normal(REFERENCE_DRAWS)
    shifts = np.array([shift(scenario, y) for y in YEARS])
    paths = {}
    for region in REGIONS:
        trend = TRENDS[(region, indicator)]
        L = np.linalg.cholesky(trend.cov / trend.s ** 2)
        z = rng.standard_normal((REFERENCE_DRAWS, len(YEARS))) @ L.T
        mixing = np.sqrt(trend.df / rng.chisquare(trend.df, REFERENCE_DRAWS))
        log_paths = trend.location[None, :] + trend.s * mixing[:, None] * z + eps[:, None] * shifts[None, :]
        paths[region] = np.exp(log_paths)
    return paths, eps


def reading_terms(target, year, measure):
    """(year, coefficient) of what the target reads for `year` (the table of the bases)."""
    start = target.get("from") or AS_OF + 1
    basis = target["basis"]
    if basis == "new_in_year" and measure == "stock":
        return [(year - 1, -1), (year, 1)]
    if basis == "cumulative" and measure == "stock":
        return [(start - 1, -1), (year, 1)]
    if (basis == "cumulative" and measure == "flow") or (basis == "stock" and measure == "flow"):
        return [(y, 1) for y in range(start, year + 1)]
    return [(year, 1)]


def observed(region, indicator, year):
    years, values = history(region, indicator)
    return float(values[list(years).index(year)])


def split_terms(region, target, year, measure):
    """The constant (observed part) and the projected (year index, coefficient) terms, or None when a
    year is outside the projection."""
    constant, terms = 0.0, []
    for y, c in reading_terms(target, year, measure):
        if y <= AS_OF:
            constant += c * observed(region, target["indicator"], y)
        elif y in YEARS:
            terms.append((YEARS.index(y), c))
        else:
            return None
    return constant, terms


# ------------------------------------------------------------------ the targets
def median_at(region, indicator, year):
    return float(np.exp(TRENDS[(region, indicator)].location[YEARS.index(year)]))


def mid(indicator, year, factor=1.0):
    """A threshold between the two cities' baseline medians (geometric mean) times `factor`, rounded."""
    value = math.sqrt(median_at("A", indicator, year) * median_at("B", indicator, year)) * factor
    return float(f"{value:.4g}")


TARGETS = [
    # (a) closed form: one log-t year, fixed elasticity.
    {"id": "a-annual-ge", "scope": "each_city", "year": 2019, "indicator": "y", "comparator": ">=", "low": mid("y", 2019), "basis": "annual"},
    {"id": "a-annual-le", "scope": "each_city", "year": 2021, "indicator": "y", "comparator": "<=", "low": mid("y", 2021, 1.1), "basis": "annual"},
    {"id": "a-about", "scope": "each_city", "year": 2020, "indicator": "y", "comparator": "~", "low": mid("y", 2020), "basis": "annual",
     "tolerance": 0.15},
    {"id": "a-range", "scope": "each_city", "year": 2020, "indicator": "y", "comparator": "range", "low": mid("y", 2020, 0.9),
     "high": mid("y", 2020, 1.25), "basis": "annual"},
    {"id": "a-all", "scope": "all_cities", "year": 2020, "indicator": "y", "comparator": ">=", "low": mid("y", 2020, 0.85), "basis": "annual"},
    # (b) mixture: the stock w, elasticity N(0.5, 0.25).
    {"id": "b-stock", "scope": "each_city", "year": 2020, "indicator": "w", "comparator": ">=", "low": mid("w", 2020), "basis": "stock"},
    {"id": "b-all", "scope": "all_cities", "year": 2021, "indicator": "w", "comparator": ">=", "low": mid("w", 2021, 0.8), "basis": "stock"},
    {"id": "b-new-2018", "scope": "each_city", "year": 2018, "indicator": "w", "comparator": ">=", "basis": "new_in_year",
     "low": float(f"{0.5 * (median_at('A', 'w', 2018) - observed('A', 'w', 2017) + median_at('B', 'w', 2018) - observed('B', 'w', 2017)):.4g}")},
    {"id": "b-cum-stock", "scope": "each_city", "year": 2020, "indicator": "w", "comparator": ">=", "basis": "cumulative",
     "low": float(f"{0.5 * (median_at('A', 'w', 2020) - observed('A', 'w', 2017) + median_at('B', 'w', 2020) - observed('B', 'w', 2017)):.4g}")},
    # numpy: sums and differences of projected years or regions.
    {"id": "c-new-2020", "scope": "each_city", "year": 2020, "indicator": "w", "comparator": ">=", "basis": "new_in_year",
     "low": float(f"{0.5 * (median_at('A', 'w', 2020) - median_at('A', 'w', 2019) + median_at('B', 'w', 2020) - median_at('B', 'w', 2019)):.4g}")},
    {"id": "c-zone", "scope": "zone", "year": 2020, "indicator": "y", "comparator": ">=", "basis": "annual",
     "low": float(f"{median_at('A', 'y', 2020) + median_at('B', 'y', 2020):.4g}")},
    {"id": "c-cum-flow", "scope": "each_city", "year": 2020, "indicator": "y", "comparator": ">=", "basis": "cumulative",
     "low": float(f"{0.5 * sum(median_at(r, 'y', y) for r in REGIONS for y in (2018, 2019, 2020)):.4g}")},
    {"id": "c-zone-stock-on-flow", "scope": "zone", "year": 2021, "indicator": "y", "comparator": ">=", "basis": "stock", "from": 2019,
     "low": float(f"{1.05 * sum(median_at(r, 'y', y) for r in REGIONS for y in (2019, 2020, 2021)):.4g}")},
]


def tested_regions(target):
    return [ZONE] if target["scope"] == "zone" else REGIONS


def closed_p(target, region, scenario, extra_log_uplift=0.0):
    """P(meet) of a row whose reading is one projected year plus a constant (closed form / mixture)."""
    proj = projection(target["indicator"])
    constant, terms = split_terms(region, target, target["year"], proj["measure"])
    assert len(terms) == 1 and terms[0][1] == 1
    k = terms[0][0]
    year = YEARS[k]
    low, high = bounds(target["comparator"], target["low"], target.get("high"), target.get("tolerance", 0.1))
    trend = TRENDS[(region, target["indicator"])]
    n_up = uplift_years(year)
    return lambda e: p_single(trend, k, low - constant, high - constant, e * (shift(scenario, year) + n_up * extra_log_uplift))


def method_of(target):
    if target["scope"] == "zone" or target["id"].startswith("c-"):
        return "numpy"
    return "closed form" if projection(target["indicator"])["elasticitySE"] == 0 else "mixture"


def first_year_met(target, region, scenario):
    """The first projected year whose median reading meets the target, when the median is exact (one
    projected year read, plus a constant), with the margin in log units; None otherwise."""
    proj = projection(target["indicator"])
    low, high = bounds(target["comparator"], target["low"], target.get("high"), target.get("tolerance", 0.1))
    margins = []
    for year in YEARS:
        split = split_terms(region, target, year, proj["measure"])
        if split is None:
            return None
        constant, terms = split
        if len(terms) != 1 or region == ZONE:
            return None
        k = terms[0][0]
        median = constant + math.exp(TRENDS[(region, target["indicator"])].location[k] + proj["elasticity"] * shift(scenario, year))
        met = low <= median <= high
        # The distance of the median from the nearer bound, relative to the median's spread.
        nearest = min(abs(median - low), abs(median - high) if math.isfinite(high) else math.inf)
        margins.append(nearest / median)
        if met:
            return {"year": year, "smallestRelativeMargin": min(margins)}
    return {"year": None, "smallestRelativeMargin": min(margins)}


def uplift_solve(target, region, scenario, probability):
    """The required uplift (%/yr) for P(meet) ≥ probability and its tolerance, by analytic inversion or
    bisection on the mixture; 0 when the scenario already suffices, else None when no uplift can act
    (the lag) or 100 %/yr does not suffice."""
    proj = projection(target["indicator"])
    year = target["year"]

    def p(percent):
        return mixture(closed_p(target, region, scenario, math.log(1 + percent / 100)), proj)

    if p(0) >= probability:
        return {"value": 0.0, "tolerance": 0.01}
    if uplift_years(year) == 0 or p(100) < probability:
        return None
    if proj["elasticitySE"] == 0:
        trend = TRENDS[(region, target["indicator"])]
        k = YEARS.index(year)
        constant, _ = split_terms(region, target, year, proj["measure"])
        needed = (math.log(target["low"] - constant) - trend.location[k] - trend.scale[k] * stats.t.ppf(1 - probability, trend.df)) \
            / proj["elasticity"] - shift(scenario, year)
        value = 100 * (math.exp(needed / uplift_years(year)) - 1)
    else:
        lo, hi = 0.0, 100.0
        while hi - lo > 1e-6:
            middle = (lo + hi) / 2
            if p(middle) >= probability:
                hi = middle
            else:
                lo = middle
        value = hi
    slope = (p(value + 0.01) - p(value - 0.01)) / 0.02
    tolerance = 3 * math.sqrt(probability * (1 - probability) / DRAWS) / slope + 0.01
    return {"value": value, "tolerance": tolerance}


def reference_rows():
    rng = np.random.default_rng(20260415)
    rows = []
    numpy_draws = {}
    for s, scenario in enumerate(SCENARIOS):
        for indicator in ("y", "w"):
            numpy_draws[(scenario["name"], indicator)] = simulate(indicator, scenario, rng)
    for target in TARGETS:
        proj = projection(target["indicator"])
        method = method_of(target)
        for scenario in SCENARIOS:
            ps = {}
            for region in tested_regions(target):
                row = {"scenario": scenario["name"], "targetID": target["id"] if target["scope"] == "zone" else f"{target['id']}/{region}",
                       "method": method}
                if method == "numpy":
                    paths, _ = numpy_draws[(scenario["name"], target["indicator"])]
                    members = REGIONS if region == ZONE else [region]
                    total = np.zeros(REFERENCE_DRAWS)
                    for member in members:
                        constant, terms = split_terms(member, target, target["year"], proj["measure"])
                        total += constant + sum(c * paths[member][:, k] for k, c in terms)
                    low, high = bounds(target["comparator"], target["low"], target.get("high"), target.get("tolerance", 0.1))
                    met = (total >= low) & (total <= high)
                    p = float(met.mean())
                    row["referenceDraws"] = REFERENCE_DRAWS
                    ps[region] = met
                else:
                    p = mixture(closed_p(target, region, scenario), proj)
                    ps[region] = closed_p(target, region, scenario)
                    fym = first_year_met(target, region, scenario)
                    if fym is not None and fym["smallestRelativeMargin"] > 0.03:
                        row["firstYearMet"] = fym["year"]
                    if target["comparator"] in (">=", ">"):
                        for probability, key in ((0.5, "requiredUpliftP50"), (0.8, "requiredUpliftP80")):
                            solved = uplift_solve(target, region, scenario, probability)
                            row[key] = solved
                row["pMeet"] = p
                rows.append(row)
            if target["scope"] == "all_cities":
                if method == "numpy":
                    p = float(np.logical_and.reduce([ps[r] for r in REGIONS]).mean())
                else:
                    p = mixture(lambda e: math.prod(ps[r](e) for r in REGIONS), proj)
                rows.append({"scenario": scenario["name"], "targetID": f"{target['id']}/all", "method": method, "pMeet": p,
                             **({"referenceDraws": REFERENCE_DRAWS} if method == "numpy" else {})})
    return rows


def quantile_rows():
    """Closed-form quantiles of the cells of y (fixed elasticity) and, by root finding on the mixture,
    of w, with the standard error of a sample quantile of DRAWS draws."""
    rows = []
    for scenario in SCENARIOS:
        for indicator in ("y", "w"):
            proj = projection(indicator)
            for region in REGIONS:
                trend = TRENDS[(region, indicator)]
                for k, year in enumerate(YEARS):
                    sh = shift(scenario, year)

                    def cdf(v):
                        return mixture(lambda e: stats.t.cdf((math.log(v) - trend.location[k] - e * sh) / trend.scale[k], trend.df), proj)

                    def density(v):
                        return mixture(lambda e: stats.t.pdf((math.log(v) - trend.location[k] - e * sh) / trend.scale[k], trend.df)
                                       / (trend.scale[k] * v), proj)

                    for p in (0.025, 0.10, 0.5, 0.90, 0.975):
                        centre = trend.location[k] + proj["elasticity"] * sh
                        guess = math.exp(centre + trend.scale[k] * stats.t.ppf(p, trend.df))
                        value = optimize.brentq(lambda v: cdf(v) - p, guess / 3, guess * 3, xtol=1e-12, rtol=1e-13)
                        se = math.sqrt(p * (1 - p) / DRAWS) / density(value)
                        rows.append({"scenario": scenario["name"], "region": region, "indicator": indicator, "year": year,
                                     "probability": p, "value": value, "standardError": se})
    return rows


def main():
    observations = []
    for (region, indicator) in SERIES:
        years, values = history(region, indicator)
        observations += [{"region": region, "indicator": indicator, "year": int(y), "value": float(v)} for y, v in zip(years, values)]
    fixture = {
        "about": "made by scripts/make_engine_reference.py: independent values (closed form, mixture by quad, numpy Monte Carlo) "
                 "for the engine on a synthetic panel of log-linear series; see the script's docstring",
        "asOf": AS_OF, "horizonYear": HORIZON, "draws": DRAWS, "seed": SEED, "unit": UNIT, "zone": ZONE, "members": REGIONS,
        "observations": observations, "projections": PROJECTIONS, "scenarios": SCENARIOS, "targets": TARGETS,
        "rows": reference_rows(), "quantiles": quantile_rows(),
    }
    with open(OUT, "w") as f:
        json.dump(fixture, f, indent=1, sort_keys=True)
        f.write("\n")
    print(f"wrote {os.path.normpath(OUT)}: {len(fixture['rows'])} rows, {len(fixture['quantiles'])} quantiles")


if __name__ == "__main__":
    main()
