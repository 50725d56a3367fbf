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
/// What is compared is the target's basis read from the series draw by draw (``derivation`` names
/// the conversion, e.g. "new in 2018 = stock 2018 − stock 2017 (observed 14)"); the probability of
/// meeting the target is the share of draws that meet it; the status answers "will it be met?" from
/// that probability (or from observed data for an observed target year); the pace grades the
/// historical growth against the growth required; the required uplifts are the smallest yearly
/// driver increases that give a 50 % or 80 % chance. The article <doc:WhoWillMissWhichTarget>
/// explains each column, and <doc:Outputs> lists them.
public struct GapRow: Sendable, Equatable {
    /// Scenario name.
    public let scenario: String
    /// The target's id; a city's row of a zone, `each_city` or `all_cities` target appends the city
    /// (`Z2020-contract-value/Nanjing`), and the `all_cities` row for every city at once appends `all`.
    public let targetID: String
    /// Region id of the tested series (the zone for an `all_cities` target's `all` row).
    public let region: String
    /// Indicator key of the tested series.
    public let indicator: String
    /// The year the target is tested in.
    public let targetYear: Int
    /// What the target counts: a level, a year's flow, the year's increase or a running sum.
    public let basis: TargetBasis
    /// What the series measures, as declared; nil when nothing declares it (the level is then read).
    public let measure: Measure?
    /// The comparator and threshold tested: the target's own, or for a city's row of an allocated zone
    /// target the city's allocated threshold.
    public let comparator: TargetComparator
    /// The threshold (a range's low bound).
    public var targetLow: Double { comparator.low }
    /// A range's upper bound; nil for other comparators.
    public var targetHigh: Double? { comparator.high }
    /// The relative tolerance of a `~` comparison (0.1 = ±10 %); nil for the other comparators.
    public let tolerance: Double?
    /// Unit code of the target (projected values are converted to it).
    public let unit: String
    /// Mean of the compared quantity (after the basis conversion) in the target year; for an
    /// `all_cities` `all` row, of the city furthest from the threshold; nil when not projected.
    public let projectedMean: Double?
    /// Median (50 % quantile) of the compared quantity in the target year — half the draws lie below it,
    /// so it is on the target's side exactly when `pMeet` is at least 0.5 (for `>=`/`<=` targets); the
    /// headline projection of the planner's outputs. For an `all` row, of the city furthest from the
    /// threshold; nil when not projected.
    public let projectedMedian: Double?
    /// The 80 % (10 % and 90 % quantiles) and 95 % (2.5 % and 97.5 %) intervals in the target year.
    public let lo80: Double?, hi80: Double?, lo95: Double?, hi95: Double?
    /// Projected median minus the target's threshold (negative: below it): on the target's side exactly when `pMeet` ≥ 0.5.
    public let gap: Double?
    /// `gap` as a percentage of the threshold.
    public let gapPercent: Double?
    /// Share of draws meeting the target (honouring the comparator); for an `all` row, the share of
    /// draws in which every city meets it.
    public let pMeet: Double?
    /// Monte Carlo standard error of `pMeet`, √(p(1−p)/draws).
    public let pMeetStandardError: Double?
    /// First projected year whose median meets the target, nil if none.
    public let firstYearMet: Int?
    /// Compound annual growth of the series over the last (up to five) observed years.
    public let historicalCAGR: Double?
    /// The constant growth a year from the last observation that would just meet the target.
    public let requiredCAGR: Double?
    /// Will it be met? (``TargetStatus``): achieved or missed on observed data; likely (p_meet ≥ 0.8),
    /// probable (≥ 0.5), at risk (≥ 0.2), unlikely (< 0.2); outside the horizon or a unit mismatch.
    public let status: TargetStatus
    /// The historical-pace grade (``TargetPace``) of historical against required growth; nil when the
    /// row is not projected.
    public let pace: TargetPace?
    /// Smallest uniform yearly driver uplift (percent a year, on top of the scenario) giving a 50 % chance.
    public let requiredUpliftP50: Double?
    /// The same for an 80 % chance.
    public let requiredUpliftP80: Double?
    /// How the row was obtained: the series, the basis conversion, allocations, and why fields are empty.
    public let derivation: String
}

/// One target of a plan-versus-actual row: its id and whether the data met it.
public struct PlanTargetCheck: Sendable, Equatable {
    /// The gap row's target id (`Z2020-contract-value/Suzhou` for an allocated city target).
    public let targetID: String
    /// Whether the observed data, read by the target's basis, meet it; nil when a value the basis needs
    /// (such as the previous year's stock) is not in the data.
    public let met: Bool?
}

/// Projection versus what actually happened, for years after the as-of year that have data: one row
/// per series and year.
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
    /// The targets tested on this series in this year, with whether the data met each.
    public let targets: [PlanTargetCheck]

    /// The ids of ``targets`` joined by `;`, nil when there is none.
    public var targetID: String? { targets.isEmpty ? nil : targets.map(\.targetID).joined(separator: ";") }
    /// Whether every target of the row was met; nil when there is none or one cannot be judged.
    public var targetActuallyMet: Bool? {
        let results = targets.map(\.met)
        guard !results.isEmpty, !results.contains(nil) else { return nil }
        return results.allSatisfy { $0 == true }
    }
}

/// How often the intervals of plan versus actual covered what happened.
public struct IntervalCoverage: Sendable, Equatable {
    /// The rows compared.
    public let rows: Int
    /// The rows whose 80 % and 95 % intervals contained the actual value.
    public let covered80: Int, covered95: Int

    /// The coverage of `rows`.
    public init(_ rows: [PlanVersusActualRow]) {
        self.rows = rows.count
        covered80 = rows.count(where: \.covered80)
        covered95 = rows.count(where: \.covered95)
    }

    /// The share of rows covered by the 80 % interval; nil without rows.
    public var rate80: Double? { rows > 0 ? Double(covered80) / Double(rows) : nil }
    /// The share of rows covered by the 95 % interval; nil without rows.
    public var rate95: Double? { rows > 0 ? Double(covered95) / Double(rows) : nil }
}

/// A target that cannot be tested for want of data, for one region: what a planner must supply (the
/// series, the years and the unit) for the next run to test it. One entry per target × region; see
/// ``requests(_:)`` for the same merged by series (a fill-in sheet's rows).
public struct MissingDataEntry: Sendable, Equatable {
    /// The plan's target id.
    public let targetID: String
    /// The region whose series is missing.
    public let region: String
    /// The indicator key of the missing series.
    public let indicator: String
    /// The unit the values should be given in (the target's).
    public let unit: String
    /// What the series measures, if declared.
    public let measure: Measure?
    /// The years to supply, increasing: the years up to the as-of year the projection needs
    /// (``SeriesProjection/minimumHistory`` years, the last the as-of year) and the observed years the
    /// target's basis reads.
    public let years: [Int]
    /// The target's year, basis and comparator (for the planner's reading).
    public let targetYear: Int
    public let basis: TargetBasis
    public let comparator: TargetComparator
    /// Why the target is not tested, as a sentence.
    public let reason: String

    /// The entries merged by series (region, indicator, unit), in first-appearance order, each with the
    /// union of the years and every target id that needs it.
    public static func requests(_ entries: [MissingDataEntry]) -> [DataRequest] {
        var order: [String] = []
        var merged: [String: DataRequest] = [:]
        for entry in entries {
            let key = entry.region + "|" + entry.indicator + "|" + entry.unit
            if let request = merged[key] {
                merged[key] = DataRequest(region: request.region, indicator: request.indicator, unit: request.unit,
                                          years: Array(Set(request.years + entry.years)).sorted(),
                                          targetIDs: request.targetIDs.contains(entry.targetID) ? request.targetIDs
                                              : request.targetIDs + [entry.targetID])
            } else {
                order.append(key)
                merged[key] = DataRequest(region: entry.region, indicator: entry.indicator, unit: entry.unit, years: entry.years,
                                          targetIDs: [entry.targetID])
            }
        }
        return order.map { merged[$0]! }
    }
}

/// One series a planner is asked to supply: the rows of a fill-in data sheet (one per year, the value
/// left empty) that would make the targets ``targetIDs`` testable.
public struct DataRequest: Sendable, Equatable {
    /// Region id.
    public let region: String
    /// Indicator key.
    public let indicator: String
    /// Unit code of the values.
    public let unit: String
    /// The years to supply, increasing.
    public let years: [Int]
    /// The targets that need the series.
    public let targetIDs: [String]
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
    /// Every tested target × scenario gap row (with the rows of targets outside the horizon or in an
    /// incompatible unit); targets without data are in ``missingData`` instead.
    public let gaps: [GapRow]
    /// The targets that cannot be tested for want of data: one entry per target × region.
    public let missingData: [MissingDataEntry]
    /// Projection versus actual (baseline scenario), one row per series and year.
    public let planVersusActual: [PlanVersusActualRow]
    /// Elasticities used.
    public let elasticities: [ElasticityUsed]
    /// Provenance of every source and derived value.
    public let provenance: [ProvenanceItem]
    /// Observed history (≤ as-of) of every projected series, for charts: region, indicator, points.
    public let histories: [HistorySeries]
    /// What weakened the run's numbers without stopping it (``RunNote``), each once; empty when nothing did.
    public internal(set) var notes: [RunNote] = []

    /// How often the intervals of ``planVersusActual`` covered what happened.
    public var planVersusActualCoverage: IntervalCoverage { IntervalCoverage(planVersusActual) }
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
