import Foundation
import Indicators

/// The smallest uniform yearly driver uplift that gives a target a chance of 50 % or 80 %.
///
/// Under the driver model the value of a draw in year t scales by `(1 + u)^(ε · k_t)`, with ε the draw's
/// elasticity and k_t the number of uplifted driver years before t (the lag respected: t − lag − asOf,
/// at least 0). A target read as a sum of several years (``BasisConversion``) scales term by term, so
/// the solve reuses the run's draws (common random numbers) and bisects u on [0, ``maximumUplift``]
/// %/yr to 0.01 %/yr, assuming the chance grows with u (true for `>=` and `>` on a positive
/// elasticity). 0 means the scenario already suffices; nil, with the reason, when even the maximum
/// does not, or when no uplift can act before the target year.
struct RequiredUplift {
    /// Largest uplift searched, percent a year.
    static let maximumUplift = 100.0

    /// The observed part of the compared quantity (target unit).
    let constant: Double
    /// Each projected term's values per draw, its coefficient and unit factor applied.
    let columns: [[Double]]
    /// Each projected term's uplifted driver years k_t.
    let upliftYears: [Double]
    /// The elasticity of each draw.
    let epsilon: [Double]
    let threshold: TargetComparator
    let tolerance: Double

    /// The solve for the terms of `conversion` from the draws of one scenario (`draws[yearIndex][draw]`,
    /// series unit) scaled by `factor` into the target's unit.
    init(_ conversion: BasisConversion, draws: [[Double]], factor: Double, years: [Int], lag: Int, asOf: Int,
         epsilon: [Double], threshold: TargetComparator, tolerance: Double) {
        constant = conversion.constant
        columns = conversion.terms.map { term in draws[term.yearIndex].map { $0 * term.coefficient * factor } }
        upliftYears = conversion.terms.map { Double(max(0, years[$0.yearIndex] - lag - asOf)) }
        self.epsilon = epsilon
        self.threshold = threshold
        self.tolerance = tolerance
    }

    /// Share of draws meeting the threshold after a uniform uplift of `percent` a year.
    func probability(percent: Double) -> Double {
        let growth = upliftYears.map { log(1 + percent / 100) * $0 }
        let draws = columns.first?.count ?? 0
        var met = 0
        for d in 0..<draws {
            var value = constant
            for (column, termGrowth) in zip(columns, growth) {
                value += termGrowth == 0 ? column[d] : column[d] * exp(epsilon[d] * termGrowth)
            }
            if threshold.isMet(by: value, aboutTolerance: tolerance) { met += 1 }
        }
        return draws > 0 ? Double(met) / Double(draws) : 0
    }

    /// The smallest uplift in [0, ``maximumUplift``] %/yr reaching `target`, by bisection to 0.01 %/yr,
    /// or nil with the reason.
    func solve(probability target: Double) -> (value: Double?, reason: String?) {
        if probability(percent: 0) >= target { return (0, nil) }
        guard upliftYears.contains(where: { $0 > 0 }) else {
            return (nil, "no driver uplift can act before the target year (lag)")
        }
        guard probability(percent: Self.maximumUplift) >= target else {
            let direction = threshold.favoursLargerValues ? "" : " (more investment raises the value, which this target does not ask for)"
            let percent = String(format: "%.0f", target * 100)
            let article = percent.hasPrefix("8") || percent == "11" || percent == "18" ? "an" : "a"
            return (nil, String(format: "even +%.0f %%/yr of the driver does not give \(article) \(percent) %% chance", Self.maximumUplift)
                        + direction)
        }
        var low = 0.0, high = Self.maximumUplift
        while high - low > 0.005 {
            let middle = (low + high) / 2
            if probability(percent: middle) >= target { high = middle } else { low = middle }
        }
        return ((high * 100).rounded(.up) / 100, nil)
    }
}
