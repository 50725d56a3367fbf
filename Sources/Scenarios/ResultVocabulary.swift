// The typed vocabulary of a run's results: what ``GapRow``, ``ProjectionCell`` and ``ProvenanceItem``
// say about a target, a series or a number, as values rather than words.
//
// Each type has a stable code (`rawValue`, or ``ProvenanceSubject/code``): the exact text that
// `gaps.csv`, `forecasts.csv` and `results.json` write and that scripts may rely on. The words shown
// to planners (English and Chinese) belong to the renderers in `Reports`, which switch over these
// types exhaustively, so a new case is a compile error in every renderer that forgets it. This file
// is the only place in the sources where the status codes are spelled out.

/// The answer a gap row gives to "will the target be met?" (see ``GapRow/status``): from observed
/// data when the target year is already observed, otherwise from the probability of meeting it in
/// that scenario, ``GapRow/pMeet``. The historical-pace grade is ``TargetPace``, a separate column.
public enum TargetStatus: String, Sendable, Hashable, CaseIterable {
    /// Observed data for the target year meet the target.
    case achieved = "achieved"
    /// Observed data for the target year do not meet the target.
    case missed = "missed"
    /// p_meet ≥ 0.8.
    case likely = "likely"
    /// 0.5 ≤ p_meet < 0.8.
    case probable = "probable"
    /// 0.2 ≤ p_meet < 0.5.
    case atRisk = "at risk"
    /// p_meet < 0.2.
    case unlikely = "unlikely"
    /// The data lack what the target needs (the target is listed among the missing data, not tested).
    case noData = "no data"
    /// The target year is after the last projected year.
    case outsideHorizon = "outside horizon"
    /// The series' unit cannot be converted to the target's.
    case unitMismatch = "unit mismatch"

    /// The status of a projected target from its probability of being met: `likely` (≥ 0.8), `probable`
    /// (≥ 0.5), `at risk` (≥ 0.2) or `unlikely`.
    public init(pMeet: Double) {
        switch pMeet {
        case 0.8...: self = .likely
        case 0.5..<0.8: self = .probable
        case 0.2..<0.5: self = .atRisk
        default: self = .unlikely
        }
    }

    /// Whether the status says the target is (or will probably be) met: achieved, likely, probable.
    public var claimsSuccess: Bool { [.achieved, .likely, .probable].contains(self) }
    /// Whether the status says the target is (or will probably be) missed: missed, at risk, unlikely.
    public var claimsFailure: Bool { [.missed, .atRisk, .unlikely].contains(self) }
}

/// The distance-to-target grade of statistical offices (``GapRow/pace``): the growth a series has had
/// (compound growth over the last up to five observed years) against the constant growth from its
/// last observation that would just meet the target; the ratio historical / required grades it.
public enum TargetPace: String, Sendable, Hashable, CaseIterable {
    /// The last observed value of what the target counts already meets it.
    case alreadyMet = "already met"
    /// historical / required ≥ 1.
    case onTrack = "on track"
    /// 0.5 ≤ historical / required < 1.
    case accelerationNeeded = "acceleration needed"
    /// 0 < historical / required < 0.5.
    case limitedProgress = "limited progress"
    /// The series moved away from the target (ratio ≤ 0).
    case deterioration = "deterioration"
    /// Fewer than two observed years, a non-positive last value, or no constant growth meets the target.
    case noHistory = "no history"
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
