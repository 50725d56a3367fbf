import Foundation
import Indicators

/// The two grades of a gap row: the status (will it be met?) and the historical pace.
///
/// **Status** (``TargetStatus``): `achieved` or `missed` when every year the target reads is observed
/// (the target year is not after the as-of year); otherwise from p_meet in the row's scenario —
/// `likely` ≥ 0.8, `probable` ≥ 0.5, `at risk` ≥ 0.2, `unlikely` below.
///
/// **Pace** (``TargetPace``), the distance-to-target grade of statistical offices: the historical
/// growth (compound growth of the series over its last up to five observed years) against the
/// required growth — the constant yearly growth g of the series from its last observation L whose path
/// `v_L · (1 + g)^(t − L)`, read by the target's basis, just reaches the threshold (for `~` and `range`
/// the nearer end). Where the target needs at least that growth (`>=`, `>`, or a band from below): on
/// track when historical / required ≥ 1, acceleration needed ≥ 0.5, limited progress > 0,
/// deterioration ≤ 0 (with a required growth ≤ 0, on track when the historical growth is not below it,
/// deterioration otherwise). Where it needs at most that growth (`<=`, `<`, or a band from above) the
/// same, mirrored. Already met when the last observed value of what the target counts meets it; no
/// history with fewer than two observed years or when no constant growth reaches it.
extension GapAnalysis {
    /// The pace of a target read through `conversion` from the series whose observed values (target
    /// unit) are `history` (years increasing), with the historical and required growth.
    static func pace(_ conversion: BasisConversion, target: Target, measure: Measure?, threshold: TargetComparator,
                     tolerance: Double, history: (years: [Int], values: [Double])?, asOf: Int)
        -> (pace: TargetPace, historical: Double?, required: Double?) {
        guard let history, let lastYear = history.years.last, let last = history.values.last else { return (.noHistory, nil, nil) }
        let observed = Dictionary(zip(history.years, history.values), uniquingKeysWith: { first, _ in first })
        let historical = compoundGrowth(years: history.years, values: history.values)
        // What the target counts, read in the last observed year.
        let start = BasisConversion.start(of: target, asOf: asOf)
        let lastTerms = BasisConversion.yearTerms(basis: target.basis, measure: measure, year: lastYear, start: start)
        let lastValue = lastTerms.allSatisfy { observed[$0.year] != nil }
            ? lastTerms.reduce(0) { $0 + $1.coefficient * observed[$1.year]! } : nil
        let met = lastValue.map { threshold.isMet(by: $0, aboutTolerance: tolerance) } ?? false
        // The target read on the path growing at g from the last observation.
        func reading(_ g: Double) -> Double? {
            var total = 0.0
            for term in conversion.yearTerms {
                if term.year <= lastYear {
                    guard let value = observed[term.year] else { return nil }
                    total += term.coefficient * value
                } else {
                    total += term.coefficient * last * pow(1 + g, Double(term.year - lastYear))
                }
            }
            return total
        }
        var required: Double?
        var atLeast = threshold.favoursLargerValues
        if conversion.yearTerms.contains(where: { $0.year > lastYear }), last > 0, let flat = reading(0) {
            let bound = threshold.bound(nearest: flat, aboutTolerance: tolerance)
            required = requiredGrowth(reaching: bound, flat: flat, reading: reading)
            switch threshold {
            case .atLeast, .greaterThan: atLeast = true
            case .atMost, .lessThan: atLeast = false
            case .equalTo, .about, .range: atLeast = flat < bound
            }
        }
        return (grade(met: met, historical: historical, required: required, atLeast: atLeast), historical, required)
    }

    /// The growth g for which `reading(g)` equals `bound`, by bisection to 1e-6: on [0, 10] when the
    /// flat path (g = 0) reads below the bound, on [−0.99, 0] when above; nil when the ends do not
    /// bracket it.
    static func requiredGrowth(reaching bound: Double, flat: Double, reading: (Double) -> Double?) -> Double? {
        if flat == bound { return 0 }
        var low = flat < bound ? 0.0 : -0.99, high = flat < bound ? 10.0 : 0.0
        guard let atLow = reading(low), let atHigh = reading(high), (atLow - bound) * (atHigh - bound) <= 0 else { return nil }
        let increasing = atHigh >= atLow
        while high - low > 1e-6 {
            let middle = (low + high) / 2
            guard let value = reading(middle) else { return nil }
            if (value < bound) == increasing { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// The pace grade: already met when `met`; no history when either growth is unknown. Otherwise,
    /// when the target needs `atLeast` the required growth: on track when historical ≥ required; below
    /// it, with a positive required growth, by the ratio historical / required (acceleration needed
    /// ≥ 0.5, limited progress > 0, deterioration ≤ 0), and deterioration with a required growth ≤ 0.
    /// When it needs at most the required growth, the same with the signs mirrored.
    static func grade(met: Bool, historical: Double?, required: Double?, atLeast: Bool = true) -> TargetPace {
        if met { return .alreadyMet }
        guard let historical, let required else { return .noHistory }
        let sign = atLeast ? 1.0 : -1.0
        if sign * historical >= sign * required { return .onTrack }
        guard sign * required > 0 else { return .deterioration }
        let ratio = historical / required
        if ratio >= 0.5 { return .accelerationNeeded }
        if ratio > 0 { return .limitedProgress }
        return .deterioration
    }

    /// Compound annual growth over the last (up to) five years of observations: `(v_last / v_first)^(1/years) − 1`.
    static func compoundGrowth(years: [Int], values: [Double]) -> Double? {
        guard let lastYear = years.last, let last = values.last, years.count >= 2 else { return nil }
        let startIndex = years.firstIndex { $0 >= lastYear - 5 } ?? 0
        guard startIndex < years.count - 1 else { return nil }
        let first = values[startIndex], span = Double(lastYear - years[startIndex])
        guard first > 0, last > 0, span > 0 else { return nil }
        return pow(last / first, 1 / span) - 1
    }

    /// The status of a row whose every year is observed: achieved when the observed reading meets the
    /// threshold, missed otherwise.
    static func observedStatus(met: Bool) -> TargetStatus { met ? .achieved : .missed }
}
