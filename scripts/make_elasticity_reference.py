#!/usr/bin/env python3
"""Reference values for the panel elasticity estimator (Sources/Scenarios/PanelElasticity.swift).

For each case the script builds the sample the Swift estimator builds from
notebooks-data/china-provinces-st-panel.csv and fits, with statsmodels OLS,

    log y[r,t] = a_r + g_t + e * log x[r,t-lag] + u[r,t]

written as the formula `np.log(y) ~ np.log(x_lag) + C(region) + C(year)` (an intercept, the
first region and the first year dropped: treatment coding). The sample is every province
(every region except the national total `China`) and every year t with fromYear <= t <= throughYear
where y[r,t] > 0 and x[r,t-lag] > 0 are both observed (annual rows; the file has no part-year rows).
Each indicator has one unit in this file (tech_market_value_outflow and the R&D series in 万元,
gov_budget_expenditure_sci_tech in 亿元); the script checks that and stops otherwise.

Recorded per case: the slope e, its conventional standard error (sigma^2 (X'X)^-1) and its
cluster-robust standard error by region (statsmodels cov_type='cluster' with its default small-sample
correction G/(G-1) * (N-1)/(N-K), inference on G-1 degrees of freedom), residual degrees of freedom,
observation / region counts, the regions and years in the sample, R^2 (centred, with the intercept)
and the within R^2, 1 - RSS / RSS of the model without the driver (region and year effects only).
A numpy lstsq slope on the same matrices is recorded as a cross-check of statsmodels' own value.

Every number is written with repr (the shortest decimal that round-trips to the double).

Run from the repository root:
    python3 scripts/make_elasticity_reference.py > Tests/ScenariosTests/Fixtures/elasticity-reference.json
"""
import json
import sys

import numpy as np
import pandas as pd
import statsmodels
import statsmodels.formula.api as smf

PANEL = "notebooks-data/china-provinces-st-panel.csv"
NATIONAL_TOTAL = "China"

CASES = [
    ("tech_outflow_on_st_budget_lag1_through2017", "tech_market_value_outflow", "gov_budget_expenditure_sci_tech", 1, None, 2017),
    ("tech_outflow_on_st_budget_lag1_through2023", "tech_market_value_outflow", "gov_budget_expenditure_sci_tech", 1, None, 2023),
    ("rd_total_on_rd_government_lag0_through2023", "rd_expenditure_total", "rd_expenditure_government_funds", 0, None, 2023),
    ("tech_outflow_on_st_budget_lag1_2013_through2019", "tech_market_value_outflow", "gov_budget_expenditure_sci_tech", 1, 2013, 2019),
]


def sample(panel, outcome, driver, lag, from_year, through_year):
    """The (region, year, y, x_lag) rows of the regression, sorted by region then year."""
    provinces = panel[panel["region"] != NATIONAL_TOTAL]
    for indicator in (outcome, driver):
        units = provinces.loc[provinces["indicator"] == indicator, "unit"].unique()
        if len(units) != 1:
            sys.exit(f"{indicator} has units {list(units)}; convert before fitting")
    y = provinces[provinces["indicator"] == outcome][["region", "year", "value"]].rename(columns={"value": "y"})
    x = provinces[provinces["indicator"] == driver][["region", "year", "value"]].rename(columns={"value": "x_lag"})
    x = x.assign(year=x["year"] + lag)
    rows = y.merge(x, on=["region", "year"], how="inner")
    rows = rows[(rows["y"] > 0) & (rows["x_lag"] > 0) & (rows["year"] <= through_year)]
    if from_year is not None:
        rows = rows[rows["year"] >= from_year]
    return rows.sort_values(["region", "year"]).reset_index(drop=True)


def fit_case(panel, name, outcome, driver, lag, from_year, through_year):
    rows = sample(panel, outcome, driver, lag, from_year, through_year)
    formula = "np.log(y) ~ np.log(x_lag) + C(region) + C(year)"
    plain = smf.ols(formula, data=rows).fit()
    groups = pd.Categorical(rows["region"]).codes
    clustered = smf.ols(formula, data=rows).fit(cov_type="cluster", cov_kwds={"groups": groups})
    restricted = smf.ols("np.log(y) ~ C(region) + C(year)", data=rows).fit()
    slope_name = "np.log(x_lag)"

    design = np.asarray(plain.model.exog)
    response = np.asarray(plain.model.endog)
    beta, *_ = np.linalg.lstsq(design, response, rcond=None)
    slope_index = plain.model.exog_names.index(slope_name)

    assert plain.params[slope_name] == clustered.params[slope_name]
    regions = sorted(rows["region"].unique().tolist())
    years = sorted(int(v) for v in rows["year"].unique())
    return name, {
        "outcome": outcome,
        "driver": driver,
        "lag": lag,
        "from_year": from_year,
        "through_year": through_year,
        "value": repr(float(plain.params[slope_name])),
        "standard_error": repr(float(plain.bse[slope_name])),
        "cluster_standard_error": repr(float(clustered.bse[slope_name])),
        "degrees_of_freedom": int(round(plain.df_resid)),
        "cluster_degrees_of_freedom": len(regions) - 1,
        "observation_count": int(plain.nobs),
        "parameter_count": int(design.shape[1]),
        "region_count": len(regions),
        "regions": regions,
        "years": years,
        "first_year": years[0],
        "last_year": years[-1],
        "r_squared": repr(float(plain.rsquared)),
        "r_squared_within": repr(float(1 - plain.ssr / restricted.ssr)),
        "residual_sum_of_squares": repr(float(plain.ssr)),
        "numpy_lstsq_value": repr(float(beta[slope_index])),
        "condition_number": repr(float(plain.condition_number)),
    }


def main():
    panel = pd.read_csv(PANEL)
    cases = dict(fit_case(panel, *case) for case in CASES)
    document = {
        "generator": "scripts/make_elasticity_reference.py",
        "data": PANEL,
        "model": "np.log(y) ~ np.log(x_lag) + C(region) + C(year), statsmodels OLS; cluster: cov_type='cluster' by region",
        "versions": {
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "pandas": pd.__version__,
            "statsmodels": statsmodels.__version__,
        },
        "cases": cases,
    }
    json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
