import Foundation
import Indicators
@testable import Scenarios
import SunanTestSupport
import Testing

/// The inputs and independent expectations of Fixtures/engine-reference.json, made by
/// scripts/make_engine_reference.py (closed forms with scipy, mixtures by scipy.integrate.quad, a numpy
/// Monte Carlo of the documented joint distribution; see the script's docstring).
struct EngineReference: Decodable {
    struct Point: Decodable { let region: String, indicator: String, year: Int, value: Double }
    struct Projection: Decodable {
        let indicator: String, measure: String, driver: String, lag: Int, elasticity: Double, elasticitySE: Double
    }
    struct Scenario: Decodable { let name: String, uplift: Double? }
    struct TargetRow: Decodable {
        let id: String, scope: String, year: Int, indicator: String, comparator: String, low: Double, basis: String
        let high: Double?, from: Int?, tolerance: Double?
    }
    struct Uplift: Decodable { let value: Double, tolerance: Double }
    /// An expected answer; a missing key is not checked, a null one expects no value.
    struct Row: Decodable {
        let scenario: String, targetID: String, method: String, pMeet: Double
        let referenceDraws: Int?
        let firstYearMet: Int??
        let requiredUpliftP50: Uplift??, requiredUpliftP80: Uplift??

        private enum Keys: String, CodingKey {
            case scenario, targetID, method, pMeet, referenceDraws, firstYearMet, requiredUpliftP50, requiredUpliftP80
        }

        init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            scenario = try c.decode(String.self, forKey: .scenario)
            targetID = try c.decode(String.self, forKey: .targetID)
            method = try c.decode(String.self, forKey: .method)
            pMeet = try c.decode(Double.self, forKey: .pMeet)
            referenceDraws = try c.decodeIfPresent(Int.self, forKey: .referenceDraws)
            func optional<T: Decodable>(_ key: Keys) throws -> T?? {
                guard c.contains(key) else { return nil }
                return .some(try c.decodeNil(forKey: key) ? nil : c.decode(T.self, forKey: key))
            }
            firstYearMet = try optional(.firstYearMet)
            requiredUpliftP50 = try optional(.requiredUpliftP50)
            requiredUpliftP80 = try optional(.requiredUpliftP80)
        }
    }
    struct Quantile: Decodable {
        let scenario: String, region: String, indicator: String, year: Int, probability: Double, value: Double, standardError: Double
    }

    let asOf: Int, horizonYear: Int, draws: Int, seed: UInt64
    let unit: String, zone: String, members: [String]
    let observations: [Point]
    let projections: [Projection]
    let scenarios: [Scenario]
    let targets: [TargetRow]
    let rows: [Row]
    let quantiles: [Quantile]

    static let url = Result { try Fixture.url("engine-reference.json", in: .module) }
    static let shared = Result { try Fixture.decode(EngineReference.self, at: url.get()) }

    /// The engine's inputs for the fixture, built through the public API.
    func inputs() throws -> ScenarioInputs {
        let unit = UnitOfMeasure.parse(self.unit)
        let panel = try Panel(observations: observations.map {
            Observation(region: $0.region, indicator: $0.indicator, year: $0.year, value: $0.value, unit: unit, source: "synthetic")
        })
        let projections = try self.projections.map { p in
            let measure: Measure = try #require(Measure(text: p.measure))
            return ProjectionSpecification(
                indicator: p.indicator, unit: self.unit, model: "loglinear", level: .members, regions: members,
                driver: DriverSpecification(indicator: p.driver, lag: p.lag, model: "loglinear",
                                            elasticity: .given(value: p.elasticity, standardError: p.elasticitySE), unit: self.unit),
                measure: measure)
        }
        let scenarios = self.scenarios.map { s in
            ScenarioCase(name: s.name, driver: s.uplift.map { .uplift(percentPerYear: $0, fromYear: asOf + 1) } ?? .baseline)
        }
        let specification = ScenarioSpecification(
            title: "engine reference", data: [], asOf: asOf, horizonYear: horizonYear,
            zone: ZoneSpecification(region: zone, members: members), projections: projections, scenarios: scenarios,
            simulation: SimulationSettings(draws: draws, seed: seed))
        let targets = try self.targets.map { t in
            Target(id: t.id, clause: 1, scope: try #require(TargetScope(rawValue: t.scope)), year: t.year, indicator: t.indicator,
                   indicatorZh: t.indicator, comparator: try #require(TargetComparator(symbol: t.comparator, low: t.low, high: t.high)),
                   unit: unit, basis: try #require(TargetBasis(rawValue: t.basis)), from: t.from, tolerance: t.tolerance)
        }
        return ScenarioInputs(specification: specification, panel: panel, hierarchy: nil, targets: targets)
    }
}

/// The standard error of a Monte Carlo proportion `p` from `n` draws, `√(p(1 − p)/n)`, with p kept at
/// least 5 draws away from 0 and 1 (a probability so extreme that fewer than 5 draws are expected on its
/// rare side is checked against Poisson-sized noise, not a near-zero normal one).
func proportionStandardError(_ p: Double, draws n: Int) -> Double {
    let floor = 5 / Double(n)
    let kept = min(max(p, floor), 1 - floor)
    return (kept * (1 - kept) / Double(n)).squareRoot()
}

/// The engine against values computed outside Swift (issue 15 item 1 a, b, d; the bases and scopes of
/// issue 11): log-linear baselines whose predictive distribution is known in closed form, an elasticity
/// with known uncertainty, sums and differences of years and regions.
@Suite("Engine against closed forms, mixtures and numpy", .serialized, .tags(.reference))
struct EngineReferenceTests {
    /// Standard errors allowed between the engine's p_meet and a reference (issue 15's acceptance).
    static let allowedStandardErrors = 3.0
    /// Standard errors allowed for the 240 cell quantiles, which share one seed: 4, a Bonferroni bound
    /// (a correct engine fails one of them with a chance of about 1.5 %; at 3 it would be about 50 %).
    static let allowedQuantileStandardErrors = 4.0

    static let run = Result { () throws -> ScenarioRun in try ScenarioEngine.run(try EngineReference.shared.get().inputs()) }

    @Test("every reference row is a tested row of the run, and every tested row has a reference")
    func rowsMatch() throws {
        let reference = try EngineReference.shared.get()
        let run = try Self.run.get()
        let tested = Set(run.gaps.filter { $0.pMeet != nil }.map { "\($0.scenario)|\($0.targetID)" })
        let expected = Set(try Fixture.nonEmpty(reference.rows, from: EngineReference.url.get()).map { "\($0.scenario)|\($0.targetID)" })
        #expect(tested == expected)
    }

    @Test("p_meet within 3 Monte Carlo standard errors of the reference", arguments: ["closed form", "mixture", "numpy"])
    func pMeet(method: String) throws {
        let reference = try EngineReference.shared.get()
        let run = try Self.run.get()
        let rows = reference.rows.filter { $0.method == method }
        try #require(rows.count >= 12, "the fixture has \(rows.count) \(method) rows")
        var worst: [String: Double] = [:]
        for expected in rows {
            let row = try #require(run.gaps.first { $0.scenario == expected.scenario && $0.targetID == expected.targetID })
            let p = try #require(row.pMeet)
            var variance = pow(proportionStandardError(expected.pMeet, draws: reference.draws), 2)
            if let n = expected.referenceDraws { variance += pow(proportionStandardError(expected.pMeet, draws: n), 2) }
            let disagreement = abs(p - expected.pMeet) / variance.squareRoot()
            worst[expected.scenario] = max(worst[expected.scenario] ?? 0, disagreement)
            #expect(disagreement <= Self.allowedStandardErrors,
                    "\(expected.scenario) \(expected.targetID): p_meet \(p), reference \(expected.pMeet) (\(method)), \(disagreement) s.e.")
        }
        print("engine reference, \(method): largest disagreement in Monte Carlo s.e. per scenario:",
              worst.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.2f", $0.value))" }.joined(separator: ", "))
    }

    @Test("the first year met is the first year whose exact median meets the target")
    func firstYearMet() throws {
        let reference = try EngineReference.shared.get()
        let run = try Self.run.get()
        let rows = reference.rows.compactMap { row in row.firstYearMet.map { (row, $0) } }
        try #require(rows.count >= 20, "the fixture checks the first year met of \(rows.count) rows")
        for (expected, year) in rows {
            let row = try #require(run.gaps.first { $0.scenario == expected.scenario && $0.targetID == expected.targetID })
            #expect(row.firstYearMet == year, "\(expected.scenario) \(expected.targetID)")
        }
    }

    @Test("the required uplift for 50 % and 80 % matches the analytic or bisected reference within its tolerance")
    func requiredUplift() throws {
        let reference = try EngineReference.shared.get()
        let run = try Self.run.get()
        var checked = 0, positive = 0
        for expected in reference.rows {
            let row = try #require(run.gaps.first { $0.scenario == expected.scenario && $0.targetID == expected.targetID })
            for (wanted, got, level) in [(expected.requiredUpliftP50, row.requiredUpliftP50, "50"),
                                         (expected.requiredUpliftP80, row.requiredUpliftP80, "80")] {
                guard let wanted else { continue }
                checked += 1
                guard let wanted else {
                    #expect(got == nil, "\(expected.scenario) \(expected.targetID): no uplift can act, yet P\(level) = \(got ?? .nan)")
                    continue
                }
                if wanted.value > 0 { positive += 1 }
                let value = try #require(got, "\(expected.scenario) \(expected.targetID): P\(level) missing; \(row.derivation)")
                #expect(abs(value - wanted.value) <= wanted.tolerance,
                        "\(expected.scenario) \(expected.targetID): P\(level) \(value) %/yr, reference \(wanted.value) ± \(wanted.tolerance)")
            }
        }
        #expect(checked >= 40)
        #expect(positive >= 15)
    }

    @Test("cell quantiles within 4 standard errors of a sample quantile of the closed form or mixture")
    func quantiles() throws {
        let reference = try EngineReference.shared.get()
        let run = try Self.run.get()
        let expected = try Fixture.nonEmpty(reference.quantiles, from: EngineReference.url.get())
        var worst = 0.0
        for q in expected {
            let cell = try #require(run.cells.first {
                $0.scenario == q.scenario && $0.region == q.region && $0.indicator == q.indicator && $0.year == q.year
            })
            let value: Double
            switch q.probability {
            case 0.025: value = cell.lo95
            case 0.10: value = cell.lo80
            case 0.5: value = cell.median
            case 0.90: value = cell.hi80
            case 0.975: value = cell.hi95
            default: Issue.record("unexpected probability \(q.probability)"); continue
            }
            let disagreement = abs(value - q.value) / q.standardError
            worst = max(worst, disagreement)
            #expect(disagreement <= Self.allowedQuantileStandardErrors,
                    "\(q.scenario) \(q.region)/\(q.indicator) \(q.year) q\(q.probability): \(value), reference \(q.value) ± \(q.standardError)")
        }
        print("engine reference, quantiles: largest disagreement \(String(format: "%.2f", worst)) s.e. over \(expected.count)")
    }
}
