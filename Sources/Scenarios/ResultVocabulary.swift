// The typed vocabulary of a run's results: what ``GapRow``, ``ProjectionCell`` and ``ProvenanceItem``
// say about a target, a series or a number, as values rather than words.
//
// Each type has a stable code (`rawValue`, or ``ProvenanceSubject/code``): the exact text that
// `gaps.csv`, `forecasts.csv` and `results.json` write and that scripts may rely on. The words shown
// to planners (English and Chinese) belong to the renderers in `Reports`, which switch over these
// types exhaustively, so a new case is a compile error in every renderer that forgets it. This file
// is the only place in the sources where the status codes are spelled out.

/// The distance-to-target grade of a gap row: how the growth a series has had compares with the
/// growth it needs to meet the target (see ``GapRow/status``).
public enum TargetStatus: String, Sendable, Hashable, CaseIterable {
    /// The last observation already meets the target.
    case achieved = "achieved"
    /// Historical growth / required growth ≥ 1.
    case onTrack = "on track"
    /// 0.5 ≤ historical / required growth < 1.
    case accelerationNeeded = "acceleration needed"
    /// 0 < historical / required growth < 0.5.
    case limitedProgress = "limited progress"
    /// The series moved away from the target (ratio ≤ 0).
    case deterioration = "deterioration"
    /// Fewer than two observed years, or no growth can be required (growth undefined).
    case noHistory = "no history"
    /// The loaded data have no series for the target.
    case noData = "no data"
    /// The target year is outside the projected years.
    case outsideHorizon = "outside horizon"
    /// The series' unit cannot be converted to the target's.
    case unitMismatch = "unit mismatch"
}

/// How a projected series relates to the data (the `kind` column of `forecasts.csv`).
public enum SeriesKind: String, Sendable, Hashable, CaseIterable {
    /// An observed series, projected by its trend model.
    case projected
    /// Derived from another series by stated factors or shares.
    case derived
    /// The zone as the sum of its members in every draw.
    case sum
    /// The investment driver of a projection.
    case driver
}

/// What a provenance entry records (the `kind` of `results.json`'s `provenance`).
public enum ProvenanceKind: String, Sendable, Hashable, CaseIterable {
    /// The source of a series' observations.
    case data
    /// The trend model fitted to a series.
    case model
    /// The elasticity linking an outcome to its driver.
    case elasticity
    /// A factor deriving a target series from a projected one.
    case factor
    /// A member's share of the zone.
    case share
    /// A zone target allocated to a member city.
    case allocation
}

/// What a provenance entry concerns, with the numbers it states as fields (formatted only by the
/// renderers). Region ids, indicator keys and target ids are the files' codes.
public enum ProvenanceSubject: Sendable, Equatable {
    /// A projected or observed series (its data source or its fitted model).
    case series(region: String, indicator: String)
    /// The fitted model of a projection's investment driver in a region.
    case driver(region: String, indicator: String)
    /// The elasticity of `outcome` on `driver` lagged `lag` years: central `value` and its
    /// `standardError` (drawn as normal).
    case elasticity(outcome: String, driver: String, lag: Int, value: Double, standardError: Double)
    /// A derivation factor named in the scenario file (the planner's own text): its central `value`
    /// and `standardError` (drawn as lognormal).
    case factor(name: String, value: Double, standardError: Double)
    /// A member region's share of the zone (nil when the file defines no zone): the central `share`
    /// (a fraction), its `relativeError` (a fraction, drawn as lognormal) and its `basis`
    /// (`observed` or `assumption`, as the file states it).
    case share(region: String, zone: String?, share: Double, relativeError: Double, basis: String)
    /// A zone target allocated to a member region.
    case allocation(targetID: String, region: String)

    /// The stable text `results.json` writes for the subject: `Jiangsu/gdp`, `Jiangsu/budget (driver)`,
    /// `outcome ← driver`, the factor's name, `Nanjing share of Sunan`, `Z2020-contract-value/Nanjing`.
    public var code: String {
        switch self {
        case let .series(region, indicator): return "\(region)/\(indicator)"
        case let .driver(region, indicator): return "\(region)/\(indicator) (driver)"
        case let .elasticity(outcome, driver, _, _, _): return "\(outcome) ← \(driver)"
        case let .factor(name, _, _): return name
        case let .share(region, zone, _, _, _): return "\(region) share of \(zone ?? "zone")"
        case let .allocation(targetID, region): return "\(targetID)/\(region)"
        }
    }
}
