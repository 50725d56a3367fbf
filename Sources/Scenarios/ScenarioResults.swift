import Indicators

/// Summary of the Monte Carlo draws of one region × indicator × year under one scenario.
public struct ProjectionCell: Sendable, Equatable {
    /// Scenario name.
    public let scenario: String
    /// Region id.
    public let region: String
    /// Indicator key.
    public let indicator: String
    /// Unit code of the values.
    public let unit: String
    /// Projected year.
    public let year: Int
    /// The model (and, for derived series, the rule) behind the values.
    public let model: String
    /// Mean of the draws.
    public let mean: Double
    /// Monte Carlo standard error of the mean (draw standard deviation / √draws).
    public let meanStandardError: Double
    /// Median of the draws (the central path drawn in fan charts).
    public let median: Double
    /// 10 % and 90 % quantiles of the draws.
    public let lo80: Double, hi80: Double
    /// 2.5 % and 97.5 % quantiles of the draws.
    public let lo95: Double, hi95: Double
    /// How the series relates to the data: projected (an observed series), derived (from another
    /// series by stated factors or shares), the sum of the zone's members, or a driver.
    public let kind: SeriesKind
}

/// One row of `gaps.csv`: a target tested against a projected series under one scenario.
///
/// The probability of meeting the target is the share of draws that meet it in the target year;
/// the status grades the ratio of ``historicalCAGR`` to ``requiredCAGR``; the required uplifts are
/// the smallest yearly driver increases that give a 50 % or 80 % chance. The article
/// <doc:WhoWillMissWhichTarget> explains each column, and <doc:Outputs> lists them.
public struct GapRow: Sendable, Equatable {
    /// Scenario name.
    public let scenario: String
    /// The target's id; a city's row of a zone or `each_city` target appends the city
    /// (`Z2020-contract-value/Nanjing`).
    public let targetID: String
    /// Region id of the tested series.
    public let region: String
    /// Indicator key of the tested series.
    public let indicator: String
    /// The year the target is tested in.
    public let targetYear: Int
    /// The comparator and threshold tested: the target's own, or for a city's row of an allocated zone
    /// target the city's allocated threshold.
    public let comparator: TargetComparator
    /// The threshold (a range's low bound).
    public var targetLow: Double { comparator.low }
    /// A range's upper bound; nil for other comparators.
    public var targetHigh: Double? { comparator.high }
    /// Unit code of the target (projected values are converted to it).
    public let unit: String
    /// Nil when the target's series has no data (then only the baseline note is filled).
    public let projectedMean: Double?
    /// The 80 % (10 % and 90 % quantiles) and 95 % (2.5 % and 97.5 %) intervals in the target year.
    public let lo80: Double?, hi80: Double?, lo95: Double?, hi95: Double?
    /// Projected mean minus the target's threshold (negative: shortfall).
    public let gap: Double?
    /// `gap` as a percentage of the threshold.
    public let gapPercent: Double?
    /// Share of draws meeting the target (honouring the comparator).
    public let pMeet: Double?
    /// Monte Carlo standard error of `pMeet`, √(p(1−p)/draws).
    public let pMeetStandardError: Double?
    /// First projected year whose median meets the target, nil if none.
    public let firstYearMet: Int?
    /// Compound annual growth of the series over the last (up to five) observed years.
    public let historicalCAGR: Double?
    /// Growth a year needed from the last observation to the threshold in the target year.
    public let requiredCAGR: Double?
    /// The distance-to-target grade (``TargetStatus``): achieved (the last observation meets the
    /// target), on track (historical / required growth ≥ 1), acceleration needed (≥ 0.5), limited
    /// progress (> 0), deterioration (≤ 0), no history (fewer than two observed years), no data (no
    /// series), outside the horizon or a unit mismatch.
    public let status: TargetStatus
    /// Smallest uniform yearly driver uplift (percent a year, on top of the scenario) giving a 50 % chance.
    public let requiredUpliftP50: Double?
    /// The same for an 80 % chance.
    public let requiredUpliftP80: Double?
    /// How the row was obtained: the series, its derivation, allocations, and why fields are empty.
    public let derivation: String
}

/// Projection versus what actually happened, for years after the as-of year that have data.
public struct PlanVersusActualRow: Sendable, Equatable {
    /// Region id.
    public let region: String
    /// Indicator key.
    public let indicator: String
    /// Unit code of the values.
    public let unit: String
    /// The year compared (after the as-of year).
    public let year: Int
    /// The observed value.
    public let actual: Double
    /// The baseline scenario's projected mean.
    public let projectedMean: Double
    /// actual − projected mean.
    public let error: Double
    /// error / actual · 100.
    public let errorPercent: Double
    /// Whether the 80 % and 95 % intervals contained the actual value.
    public let covered80: Bool, covered95: Bool
    /// The id of a target of this series and year, if any.
    public let targetID: String?
    /// Whether that target was actually met (nil if no target).
    public let targetActuallyMet: Bool?
}

/// An elasticity used in the run, given or estimated.
public struct ElasticityUsed: Sendable, Equatable {
    /// Outcome indicator.
    public let outcome: String
    /// Driver indicator.
    public let driver: String
    /// Lag in years.
    public let lag: Int
    /// Central value and standard error (drawn as normal).
    public let value: Double, standardError: Double
    /// `given in the scenario file` or the estimation method and sample.
    public let source: String
    /// The estimate's sample and method as values (nil when the scenario file gives the elasticity).
    public internal(set) var estimation: ElasticityEstimation? = nil
}

/// One provenance entry: an observation source, a model, or a derived value with its rule.
public struct ProvenanceItem: Sendable, Equatable {
    /// What the entry records: a data source, a model, an elasticity, a factor, a share or an allocation.
    public let kind: ProvenanceKind
    /// What it concerns (a series, a driver, a factor …), with the numbers it states.
    public let subject: ProvenanceSubject
    /// The source or the rule as text: a data source or a model description, the estimation method
    /// of an elasticity, the rule of a factor or share as the scenario file states it, the rationale
    /// of an allocation. The numbers of an elasticity, factor or share are in ``subject``.
    public let detail: String
    /// What a model or elasticity entry states, as values (nil for the other kinds, whose words are
    /// the files' own: a data source, a rule, an allocation's rationale).
    public internal(set) var facts: ProvenanceFacts? = nil
}

/// Everything a scenario run produced: immutable, and the same bytes for the same seed.
public struct ScenarioRun: Sendable {
    /// The specification run.
    public let specification: ScenarioSpecification
    /// Draws per scenario and the seed used.
    public let draws: Int, seed: UInt64
    /// The projected years.
    public let years: [Int]
    /// Every region × indicator × year × scenario summary, ordered by scenario, region, indicator, year.
    public let cells: [ProjectionCell]
    /// Every target × scenario gap row (targets without data included).
    public let gaps: [GapRow]
    /// Projection versus actual (baseline scenario).
    public let planVersusActual: [PlanVersusActualRow]
    /// Elasticities used.
    public let elasticities: [ElasticityUsed]
    /// Provenance of every source and derived value.
    public let provenance: [ProvenanceItem]
    /// Observed history (≤ as-of) of every projected series, for charts: region, indicator, points.
    public let histories: [HistorySeries]
    /// Warnings that did not stop the run.
    public let warnings: [String]
}

/// The observed (or derived) history of a projected series up to the as-of year.
public struct HistorySeries: Sendable, Equatable {
    /// Region id.
    public let region: String
    /// Indicator key.
    public let indicator: String
    /// Unit code of the values (the projection's working unit).
    public let unit: String
    /// The observed years, up to the as-of year, increasing.
    public let years: [Int]
    /// The values of those years.
    public let values: [Double]
    /// True when the values are derived (factors or shares), not observed.
    public let derived: Bool
}
