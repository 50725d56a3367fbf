import Foundation
import Indicators
@testable import Scenarios
import SunanTestSupport
import Testing

/// sunan's baseline marginal distributions of the default scenario's contract-value chain (Jiangsu's
/// outflow and its S&T budget, the driver) as quantile grids, with the estimated elasticity: the inputs
/// of the independent numpy Monte Carlo, Fixtures/chain-marginals.json.
struct ChainMarginals: Codable, Equatable {
    struct Series: Codable, Equatable {
        let region: String, indicator: String, unit: String
        let years: [Int]
        /// `quantiles[year][i]` at ``ChainMarginals/probabilities``[i].
        let quantiles: [[Double]]
    }
    let scenario: String
    let probabilities: [Double]
    let outcome: Series
    let driver: Series
    let elasticity: Double, elasticityStandardError: Double

    static let scenarioFile = "scenarios/sunan-2020.yaml"
    static let fixture = "Tests/ScenariosTests/Fixtures/chain-marginals.json"

    /// 1e-6 … 1e-4 in each tail, then every (i + ½)/1000.
    static let grid: [Double] = {
        let count = 1000
        let body = (0..<count).map { (Double($0) + 0.5) / Double(count) }
        return [1e-6, 1e-5, 1e-4] + body + [1 - 1e-4, 1 - 1e-5, 1 - 1e-6]
    }()

    /// The marginals the engine draws for the default scenario's first projection (level `parent`:
    /// Jiangsu's outflow, its driver and the elasticity), fitted as the run fits them.
    static func current() throws -> ChainMarginals {
        let inputs = try Repository.inputs(scenarioFile)
        let years = Array(inputs.specification.projectionYears)
        let projections = try ScenarioEngine.runProjections(inputs, years: years).projections
        let prepared = try ScenarioEngine.prepare(projections[0], index: 0, inputs: inputs, years: years,
                                                  pools: BaselinePools(inputs, projections: projections))
        func series(_ projection: SeriesProjection) -> Series {
            let last = projection.history.years[projection.history.count - 1]
            return Series(region: projection.region, indicator: projection.indicator, unit: projection.unit.code, years: years,
                          quantiles: years.map { year in
                              let distribution = projection.fitted.distribution(stepsAhead: year - last)
                              return grid.map { distribution.quantile($0) }
                          })
        }
        let elasticity = try #require(prepared.elasticity)
        return ChainMarginals(scenario: scenarioFile, probabilities: grid, outcome: series(try #require(prepared.outcomes.first)),
                              driver: series(try #require(prepared.drivers.first)), elasticity: elasticity.value,
                              elasticityStandardError: elasticity.standardError)
    }
}

/// The numpy Monte Carlo's answers for the default scenario, Fixtures/chain-reference.json, made by
/// scripts/make_chain_reference.py from the YAML's numbers and sunan's marginals.
struct ChainReference: Decodable {
    struct Uplift: Decodable { let value: Double, tolerance: Double }
    struct Row: Decodable {
        let scenario: String, targetID: String, threshold: Double, pMeet: Double
        let requiredUpliftP50: Uplift?, requiredUpliftP80: Uplift?
    }
    let referenceDraws: Int
    let draws: Int
    let rows: [Row]

    static let url = Result { try Fixture.url("chain-reference.json", in: .module) }
    static let shared = Result { try Fixture.decode(ChainReference.self, at: url.get()) }
}

/// The default scenario's contract-value chain against an independent numpy Monte Carlo (issue 15 item
/// 1 c and d): driver → elasticity → Jiangsu outflow → factors → Sunan → city shares, written from the
/// YAML's stated numbers, with sunan's baseline marginals as its only input from sunan.
@Suite("Default scenario's contract-value chain against numpy", .serialized, .tags(.reference))
struct ChainReferenceTests {
    static let allowedStandardErrors = 3.0

    /// A regression check (the marginals were exported from this code): it says when the baseline has
    /// changed, so that the numpy reference is made again from the new marginals.
    @Test("the numpy reference's inputs are sunan's current baseline marginals (SUNAN_EXPORT_CHAIN_MARGINALS=1 rewrites them and fails)",
          .tags(.regression))
    func marginalsAreCurrent() throws {
        let current = try ChainMarginals.current()
        if ProcessInfo.processInfo.environment["SUNAN_EXPORT_CHAIN_MARGINALS"] != nil {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try encoder.encode(current).write(to: Repository.url(ChainMarginals.fixture))
            Issue.record("wrote \(ChainMarginals.fixture); now run scripts/make_chain_reference.py and commit both")
            return
        }
        let committed = try Fixture.decode(ChainMarginals.self, at: Fixture.url("chain-marginals.json", in: .module))
        #expect(committed.probabilities == current.probabilities)
        #expect(relativeDifference(committed.elasticity, current.elasticity) < 1e-12)
        #expect(relativeDifference(committed.elasticityStandardError, current.elasticityStandardError) < 1e-12)
        for (old, new) in [(committed.outcome, current.outcome), (committed.driver, current.driver)] {
            #expect(old.region == new.region && old.indicator == new.indicator && old.unit == new.unit && old.years == new.years)
            #expect(worstRelativeDifference(old.quantiles.flatMap { $0 }, new.quantiles.flatMap { $0 }) < 1e-12,
                    "\(new.region)/\(new.indicator): the baseline changed; export the marginals again and rerun the script")
        }
    }

    @Test("p_meet of every contract-value row agrees with numpy within 3 Monte Carlo standard errors")
    func pMeet() throws {
        let reference = try ChainReference.shared.get()
        let run = try ShippedTargetsTests.defaultRun.get()
        #expect(run.draws == reference.draws)
        let rows = try Fixture.nonEmpty(reference.rows, from: ChainReference.url.get())
        let tested = run.gaps.filter { $0.indicator == "tech_contract_value" && $0.pMeet != nil }
        #expect(Set(tested.map { "\($0.scenario)|\($0.targetID)" }) == Set(rows.map { "\($0.scenario)|\($0.targetID)" }))
        var worst: [String: (Double, String)] = [:]
        for expected in rows {
            let row = try #require(tested.first { $0.scenario == expected.scenario && $0.targetID == expected.targetID })
            #expect(relativeDifference(row.targetLow, expected.threshold) < 1e-9, "\(expected.targetID): threshold \(row.targetLow)")
            let p = try #require(row.pMeet)
            // Two independent proportions: the pooled p and both sample sizes.
            let pooled = (p * Double(run.draws) + expected.pMeet * Double(reference.referenceDraws))
                / Double(run.draws + reference.referenceDraws)
            let standardError = (pow(proportionStandardError(pooled, draws: run.draws), 2)
                + pow(proportionStandardError(pooled, draws: reference.referenceDraws), 2)).squareRoot()
            let disagreement = abs(p - expected.pMeet) / standardError
            if disagreement >= (worst[expected.scenario]?.0 ?? -1) { worst[expected.scenario] = (disagreement, expected.targetID) }
            #expect(disagreement <= Self.allowedStandardErrors,
                    "\(expected.scenario) \(expected.targetID): sunan \(p), numpy \(expected.pMeet), \(disagreement) s.e.")
        }
        print("chain reference: largest disagreement in Monte Carlo s.e. per scenario:",
              worst.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.2f", $0.value.0)) (\($0.value.1))" }
                .joined(separator: ", "))
    }

    @Test("the required uplift of every contract-value row agrees with a numpy bisection within its tolerance")
    func requiredUplift() throws {
        let reference = try ChainReference.shared.get()
        let run = try ShippedTargetsTests.defaultRun.get()
        var positive = 0
        for expected in reference.rows {
            let row = try #require(run.gaps.first { $0.scenario == expected.scenario && $0.targetID == expected.targetID })
            for (wanted, got, level) in [(expected.requiredUpliftP50, row.requiredUpliftP50, "50"),
                                         (expected.requiredUpliftP80, row.requiredUpliftP80, "80")] {
                guard let wanted else {
                    #expect(got == nil, "\(expected.scenario) \(expected.targetID): numpy finds no P\(level), sunan \(got ?? .nan)")
                    continue
                }
                if wanted.value > 0 { positive += 1 }
                let value = try #require(got, "\(expected.scenario) \(expected.targetID): P\(level) missing; \(row.derivation)")
                #expect(abs(value - wanted.value) <= wanted.tolerance,
                        "\(expected.scenario) \(expected.targetID): P\(level) \(value) %/yr, numpy \(wanted.value) ± \(wanted.tolerance)")
            }
        }
        #expect(positive >= 10)
    }
}
