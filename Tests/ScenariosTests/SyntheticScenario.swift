import Foundation
import Indicators
import ScenarioFiles
@testable import Scenarios
import SunanTestSupport

/// Small synthetic scenario inputs built in code, so engine tests are fast and independent of the
/// shipped data: a parent region `Province`, a zone `Zone` of three member cities, an outcome
/// (`contracts`) and an investment driver (`budget`), both in 亿元, observed 2008–2017 with a smooth
/// trend and a little deterministic wobble (so the fits have residual variance), plus actuals for
/// 2018–2019 (plan versus actual).
enum Synthetic {
    static let zone = "Zone"
    static let parent = "Province"
    static let members = ["Alpha", "Beta", "Gamma"]
    static let outcome = "contracts"
    static let driver = "budget"
    static let asOf = 2017
    static let unit = UnitOfMeasure.hundredMillionCNY

    /// A deterministic wobble in [−amplitude, amplitude] for region `r`, series `s` and year `year`.
    private static func wobble(_ r: Int, _ s: Int, _ year: Int, amplitude: Double) -> Double {
        amplitude * sin(Double(year * 7 + r * 13 + s * 29))
    }

    /// Observations of the three cities and the province, 2008 through `lastYear`.
    static func observations(lastYear: Int = 2019) -> [Observation] {
        var rows: [Observation] = []
        let regions = members + [parent]
        let levels: [Double] = [40, 25, 15, 120]
        let growth: [Double] = [0.12, 0.09, 0.15, 0.11]
        for (r, region) in regions.enumerated() {
            for year in 2008...lastYear {
                let t = Double(year - 2008)
                let outcomeValue = levels[r] * exp(growth[r] * t + wobble(r, 0, year, amplitude: 0.04))
                let driverValue = levels[r] / 4 * exp((growth[r] - 0.02) * t + wobble(r, 1, year, amplitude: 0.03))
                rows.append(Observation(region: region, indicator: outcome, year: year, value: outcomeValue, unit: unit,
                                        source: "synthetic"))
                rows.append(Observation(region: region, indicator: driver, year: year, value: driverValue, unit: unit,
                                        source: "synthetic"))
            }
        }
        return rows
    }

    /// The panel of ``observations(lastYear:)``.
    static func panel() -> Panel {
        // The synthetic rows are distinct by construction, so the panel always builds.
        try! Panel(observations: observations())
    }

    /// The zone: three members in the province.
    static let zoneSpecification = ZoneSpecification(region: zone, members: members, parent: parent)

    /// Observed member shares of the zone (used by level `parent`).
    static let memberShares = MemberShares(shares: [
        MemberShare(region: "Alpha", share: 0.5, relativeError: 0.1, basis: "observed", rule: "synthetic"),
        MemberShare(region: "Beta", share: 0.3, relativeError: 0.1, basis: "observed", rule: "synthetic"),
        MemberShare(region: "Gamma", share: 0.2, relativeError: 0.25, basis: "assumption", rule: "synthetic GDP share"),
    ])

    /// One projection of the outcome with the driver: at level `members` (the three cities, the zone their
    /// sum) or `parent` (the province, the zone a share of it with the city shares above).
    static func projection(level: ProjectionLevel, elasticity: ElasticitySetting = .given(value: 0.6, standardError: 0),
                           lag: Int = 1, zoneShare: Double? = nil) -> ProjectionSpecification {
        let driverSpecification = DriverSpecification(indicator: driver, lag: lag, elasticity: elasticity, unit: "100m_cny")
        switch level {
        case .members, .regions:
            return ProjectionSpecification(indicator: outcome, unit: "100m_cny", level: level, regions: members,
                                           driver: driverSpecification)
        case .parent:
            let targetSeries = zoneShare.map {
                TargetSeriesSpecification(indicator: outcome, region: zone, unit: "100m_cny", factors: [
                    DerivationFactor(name: "zone share of province", value: $0, standardError: 0.02, rule: "synthetic"),
                ])
            }
            return ProjectionSpecification(indicator: outcome, unit: "100m_cny", level: .parent, regions: [parent],
                                           driver: driverSpecification, targetSeries: targetSeries, memberShares: memberShares)
        }
    }

    /// A specification around `projections`.
    static func specification(projections: [ProjectionSpecification], scenarios: [ScenarioCase] = [ScenarioCase(name: "baseline")],
                              horizon: Int = 2020, draws: Int = 2_000, seed: UInt64 = 7,
                              allocation: TargetAllocationRule? = nil) -> ScenarioSpecification {
        ScenarioSpecification(title: "Synthetic", data: [], asOf: asOf, horizonYear: horizon, zone: zoneSpecification,
                              projections: projections, scenarios: scenarios, targetAllocation: allocation,
                              simulation: SimulationSettings(draws: draws, seed: seed))
    }

    /// Inputs of `specification` over the synthetic panel, testing `targets`.
    static func inputs(_ specification: ScenarioSpecification, targets: [Target] = []) -> ScenarioInputs {
        ScenarioInputs(specification: specification, panel: panel(), hierarchy: nil, targets: targets)
    }

    /// A target of the synthetic outcome (or `indicator`), in 亿元.
    static func target(_ id: String, scope: TargetScope = .zone, year: Int = 2020, indicator: String = outcome,
                       _ comparator: TargetComparator) -> Target {
        Target(id: id, clause: 1, scope: scope, year: year, indicator: indicator, indicatorZh: indicator,
               comparator: comparator, unit: unit, basis: .annual)
    }

    /// The uplift scenario `+percent %/yr` from the first projected year.
    static func uplift(_ percent: Double, name: String? = nil) -> ScenarioCase {
        ScenarioCase(name: name ?? "uplift\(percent)", driver: .uplift(percentPerYear: percent, fromYear: asOf + 1))
    }
}

extension Repository {
    /// The loaded scenario file at `relative` turned into engine inputs, with `extra` scenarios appended.
    static func inputs(_ relative: String, extraScenarios extra: [ScenarioCase] = []) throws -> ScenarioInputs {
        let loaded = try ScenarioLoader.load(path: path(relative))
        var specification = loaded.specification
        specification.scenarios += extra
        return ScenarioInputs(specification: specification, panel: loaded.panel, hierarchy: loaded.hierarchy,
                              targets: loaded.targets, measures: loaded.inputs.measures)
    }
}
