import Foundation
import Indicators
import SunanTestSupport
import Testing
@testable import Scenarios

/// The streaming path of ``ScenarioEngine/run(_:draws:seed:progress:)`` (one projection, or one region,
/// at a time, on one or two threads) against the whole-run path that keeps every draw: the same cells,
/// gap rows, provenance and histories, in the same order.
@Suite(.tags(.invariant)) struct ScenarioStreamingTests {
    /// Several projections over the synthetic zone: the cities (level `members`), the province with
    /// derived zone and city series (level `parent`), and the cities again at level `regions` (drawn
    /// region by region) with a driver; `regionsFirst` puts the last one first, so the targets bind its
    /// series and the allocated city targets are settled after all projections.
    private static func inputs(regionsFirst: Bool, allocation: TargetAllocationRule, scenarios: [ScenarioCase])
        -> ScenarioInputs {
        let members = Synthetic.projection(level: .members)
        let parent = Synthetic.projection(level: .parent, lag: 2, zoneShare: 0.6)
        let regions = ProjectionSpecification(
            indicator: Synthetic.outcome, unit: "100m_cny", level: .regions, regions: Synthetic.members,
            driver: DriverSpecification(indicator: Synthetic.driver, lag: 1, elasticity: .given(value: 0.5, standardError: 0.1),
                                        unit: "100m_cny"))
        let projections = regionsFirst ? [regions, members, parent] : [members, parent, regions]
        let specification = Synthetic.specification(projections: projections, scenarios: scenarios, draws: 1_500, seed: 11,
                                                    allocation: allocation)
        let targets = [
            Synthetic.target("Z-2020", .atLeast(150)),
            Synthetic.target("Z-2019", year: 2019, .range(low: 120, high: 160)),
            Synthetic.target("EACH-2020", scope: .eachCity, .greaterThan(30)),
            Synthetic.target("BUDGET", scope: .eachCity, indicator: Synthetic.driver, .about(12)),
            Synthetic.target("NONE", indicator: "patents", .atLeast(10)),
            Synthetic.target("LATE", year: 2030, .atLeast(10)),
        ]
        return Synthetic.inputs(specification, targets: targets)
    }

    private static func expectSame(_ streamed: ScenarioRun, _ whole: ScenarioRun, _ label: String) {
        #expect(streamed.cells == whole.cells, "\(label): cells")
        #expect(streamed.gaps == whole.gaps, "\(label): gap rows")
        #expect(streamed.provenance == whole.provenance, "\(label): provenance")
        #expect(streamed.histories == whole.histories, "\(label): histories")
        #expect(streamed.elasticities == whole.elasticities, "\(label): elasticities")
        #expect(streamed.planVersusActual == whole.planVersusActual, "\(label): plan versus actual")
        #expect(streamed.years == whole.years && streamed.draws == whole.draws && streamed.seed == whole.seed, "\(label): settings")
    }

    @Test("streaming, one projection (or region) at a time on 1 or 2 threads, equals the whole run that keeps every draw",
          arguments: [false, true], [TargetAllocationRule.baselineShare, .equalGrowth])
    func streamingEqualsWholeRun(regionsFirst: Bool, allocation: TargetAllocationRule) throws {
        let scenarios = [ScenarioCase(name: "baseline"), Synthetic.uplift(10),
                         ScenarioCase(name: "extra", driver: .extraBudget(amountPerYear: 5, fromYear: 2018, split: ["Alpha": 2, "Beta": 1, "Gamma": 1]))]
        let inputs = Self.inputs(regionsFirst: regionsFirst, allocation: allocation, scenarios: scenarios)
        let whole = try ScenarioEngine.runKeepingDraws(inputs).run
        #expect(whole.gaps.contains { $0.targetID.hasPrefix("Z-2020/") && $0.pMeet != nil }, "the allocated city targets are tested")
        for threads in [1, 2] {
            let streamed = try ScenarioEngine.runStreaming(inputs, threads: threads)
            Self.expectSame(streamed, whole, "regionsFirst \(regionsFirst), \(allocation), \(threads) thread(s)")
        }
        let viaRun = try ScenarioEngine.run(inputs)
        Self.expectSame(viaRun, whole, "ScenarioEngine.run")
    }

    @Test("at level regions each region has a stream of its own: a region's draws do not depend on the others")
    func regionsDrawIndependently() throws {
        func run(_ regions: [String]) throws -> [ProjectionCell] {
            let projection = ProjectionSpecification(indicator: Synthetic.outcome, unit: "100m_cny", level: .regions, regions: regions)
            var specification = Synthetic.specification(projections: [projection], draws: 800)
            specification.zone = nil
            return try ScenarioEngine.run(Synthetic.inputs(specification)).cells.filter { $0.region == "Alpha" }
        }
        #expect(try run(["Alpha", "Beta", "Gamma"]) == run(["Alpha", "Gamma"]))
    }

    @Test("a failing projection's problems are all thrown, the same whatever the number of threads")
    func everyProblemWhateverTheThreads() throws {
        let missing = ProjectionSpecification(indicator: "patents", unit: nil, level: .members, regions: Synthetic.members)
        let specification = Synthetic.specification(projections: [Synthetic.projection(level: .members), missing,
                                                                   Synthetic.projection(level: .parent)])
        let expected = Synthetic.members.map {
            ScenarioError.noHistory(region: $0, indicator: "patents", asOf: Synthetic.asOf, historyFrom: nil, observed: nil)
        }
        for threads in [1, 2] {
            #expect(throws: ScenarioError.problems(expected)) { try ScenarioEngine.runStreaming(Synthetic.inputs(specification), threads: threads) }
        }
    }
}
