import Foundation
import Indicators

/// A zone target allocated to the member cities by the file's rule.
struct AllocationPlan {
    let target: Target
    let rule: TargetAllocationRule
    /// The members' series indices among the run's series, in the zone's member order.
    let members: [Int]
    /// Index of the target year among the projected years.
    let yearIndex: Int
}

/// Derived city targets: a zone target split among the member cities by deterministic baseline
/// shares, never by Monte Carlo draws, so that they are the same for every seed and number of draws.
///
/// - `baselineShare`: each city's share of the zone in the target year — the central member shares
///   (``MemberShares/centralShares()``) when the cities are shares of a parent (level `parent`),
///   otherwise the ratio of the members' baseline point forecasts (their fitted models' predictive
///   means, ``SeriesProjection/pointForecast``).
/// - `equalGrowth`: every city's share of the members' latest observed total, so that each needs the
///   same growth rate.
extension GapAnalysis {
    /// The city thresholds of `allocation`, with the rationale of each, from the members' series
    /// (their central shares or point forecasts; the draws are not needed) and their histories (the
    /// first of each member's region and the target's indicator).
    static func allocate(_ allocation: AllocationPlan, members: [SeriesDraws], histories: [HistorySeries],
                         asOf: Int) -> [(TargetComparator, String)] {
        let target = allocation.target
        switch allocation.rule {
        case .baselineShare:
            let shares = members.compactMap(\.centralShare)
            let weights: [Double]
            let source: String
            if shares.count == members.count {
                weights = shares
                source = "the city's central share of the zone"
            } else {
                weights = members.map { $0.pointForecast.indices.contains(allocation.yearIndex) ? $0.pointForecast[allocation.yearIndex] : 0 }
                source = "the city's share of the members' baseline forecasts for \(target.year)"
            }
            let total = weights.reduce(0, +)
            return weights.map { weight in
                let share = total > 0 ? weight / total : 0
                return (target.comparator.scaled(by: share), String(format: "%@ × %.2f %% (%@)", target.id, share * 100, source))
            }
        case .equalGrowth:
            let lasts = members.map { member -> (value: Double, year: Int) in
                let history = histories.first { $0.region == member.region && $0.indicator == target.indicator }
                return (history?.values.last ?? 0, history?.years.last ?? asOf)
            }
            let year = lasts.map(\.year).max() ?? asOf
            let base = lasts.reduce(0) { $0 + $1.value }
            let span = Double(max(1, target.year - year))
            let growth = base > 0 ? pow(target.comparator.low / base, 1 / span) - 1 : 0
            return lasts.map { last in
                let factor = base > 0 ? last.value / base : 0
                return (target.comparator.scaled(by: factor),
                        String(format: "%@ reached by every city growing %.2f %%/yr from %d (equal required growth)",
                               target.id, growth * 100, year))
            }
        }
    }
}
