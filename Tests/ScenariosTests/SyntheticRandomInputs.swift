import Foundation
import Indicators
@testable import Scenarios
import SunanTestSupport

/// Random inputs for the engine's property tests: panels, elasticities and scenario lists that add
/// investment in increasing order, all drawn from a ``SeededGenerator`` so that every case repeats.
extension Synthetic {
    /// A random panel of the synthetic regions (the three members and the province): outcome and driver
    /// from a first year in 2004…2011 through 2019, each series `level · exp(growth · t + noise · z)`
    /// with its own level (5–200 亿元, the province four times larger), growth (−3 % to +20 % a year)
    /// and noise (0.5–10 % on the log scale).
    static func randomPanel(using rng: inout SeededGenerator) throws -> Panel {
        let firstYear = Int.random(in: 2004...2011, using: &rng)
        var rows: [Observation] = []
        for region in members + [parent] {
            let scale = region == parent ? 4.0 : 1.0
            for indicator in [outcome, driver] {
                let level = rng.uniform(5...200) * scale
                let growth = rng.uniform(-0.03...0.2)
                let noise = rng.uniform(0.005...0.1)
                for year in firstYear...2019 {
                    let value = level * exp(growth * Double(year - firstYear) + noise * rng.normal())
                    rows.append(Observation(region: region, indicator: indicator, year: year, value: value, unit: unit,
                                            source: "random synthetic"))
                }
            }
        }
        return try Panel(observations: rows)
    }

    /// How a list of scenarios adds investment, each scenario more than the one before.
    enum InvestmentPath: String, CaseIterable, Sendable {
        /// Uplifts of −40 to +60 %/yr, sorted.
        case uplift
        /// Absolute driver amounts for 2018–2020: one random amount a year, scaled by 0.3 to 3, sorted.
        case amounts
        /// Extra budgets of 0 to 30 亿元 a year, sorted, split over the members with random weights (one
        /// member's weight 0).
        case extraBudget
    }

    /// Three to five scenarios along `path`, from the first projected year, in increasing investment.
    static func increasingInvestment(_ path: InvestmentPath, using rng: inout SeededGenerator) -> [ScenarioCase] {
        let count = Int.random(in: 3...5, using: &rng)
        let fromYear = asOf + 1
        switch path {
        case .uplift:
            let percents = (0..<count).map { _ in rng.uniform(-40...60) }.sorted()
            return percents.enumerated().map { ScenarioCase(name: "s\($0)", driver: .uplift(percentPerYear: $1, fromYear: fromYear)) }
        case .amounts:
            let base = Dictionary(uniqueKeysWithValues: (fromYear...2020).map { ($0, rng.uniform(1...100)) })
            let scales = (0..<count).map { _ in rng.uniform(0.3...3) }.sorted()
            return scales.enumerated().map { index, scale in
                ScenarioCase(name: "s\(index)", driver: .amounts(base.mapValues { $0 * scale }))
            }
        case .extraBudget:
            var split = Dictionary(uniqueKeysWithValues: members.map { ($0, rng.uniform(0.2...3)) })
            split[members[Int.random(in: 0..<members.count, using: &rng)]] = 0
            let amounts = ([0] + (1..<count).map { _ in rng.uniform(0.5...30) }).sorted()
            return amounts.enumerated().map { index, amount in
                ScenarioCase(name: "s\(index)", driver: .extraBudget(amountPerYear: amount, fromYear: fromYear, split: split))
            }
        }
    }

    /// The kinds of given elasticity the property draws: of either sign, certain (standard error 0) or
    /// uncertain, and one whose draws straddle zero.
    enum ElasticityKind: String, CaseIterable, Sendable {
        case negative, positive, negativeUncertain, positiveUncertain, straddlingZero

        /// A value and standard error of this kind.
        func draw(using rng: inout SeededGenerator) -> (value: Double, standardError: Double) {
            switch self {
            case .negative: return (rng.uniform(-1.5 ... -0.05), 0)
            case .positive: return (rng.uniform(0.05...1.5), 0)
            case .negativeUncertain: return (rng.uniform(-1.5 ... -0.3), rng.uniform(0.05...0.5))
            case .positiveUncertain: return (rng.uniform(0.3...1.5), rng.uniform(0.05...0.5))
            case .straddlingZero: return (rng.uniform(-0.3...0.3), rng.uniform(0.3...1))
            }
        }
    }
}
