import Foundation
import Indicators
import ScenarioFiles
@testable import Scenarios
import SunanTestSupport
import Testing

/// The target semantics on the shipped scenarios (issue 11's acceptance): statuses agree with the
/// probabilities, city values and derived city targets are what the data and the shares say, and plan
/// versus actual judges every target it can.
@Suite(.serialized, .tags(.specification)) struct ShippedTargetsTests {
    static let scenarios = ["scenarios/sunan-2020.yaml", "scenarios/leading-provinces-2025.yaml",
                            "\(TargetSemanticsTests.folder)/scenario.yaml"]

    static let defaultRun: Result<ScenarioRun, any Error> = Result { try ScenarioEngine.run(Repository.inputs("scenarios/sunan-2020.yaml")) }

    @Test("no status claims success with p_meet < 0.5 or failure with p_meet ≥ 0.5", .tags(.invariant), arguments: scenarios)
    func statusesAgreeWithTheProbability(_ scenario: String) throws {
        let run = try ScenarioEngine.run(Repository.inputs(scenario))
        let tested = run.gaps.filter { $0.pMeet != nil }
        #expect(!tested.isEmpty)
        for row in tested {
            let p = try #require(row.pMeet)
            #expect(!(row.status.claimsSuccess && p < 0.5), "\(scenario) \(row.scenario) \(row.targetID): \(row.status.rawValue) at \(p)")
            #expect(!(row.status.claimsFailure && p >= 0.5), "\(scenario) \(row.scenario) \(row.targetID): \(row.status.rawValue) at \(p)")
            #expect(row.status.claimsSuccess || row.status.claimsFailure, "\(row.targetID): \(row.status.rawValue)")
        }
        // Only targets without data are missing, and they are not rows of gaps.csv.
        #expect(!run.gaps.contains { $0.status == .noData })
    }

    @Test("the gap (median − threshold) lies on the side the probability says: met more often than not, on the target's side",
          .tags(.invariant), arguments: scenarios)
    func gapsAgreeWithTheProbability(_ scenario: String) throws {
        let run = try ScenarioEngine.run(Repository.inputs(scenario))
        var checked = 0
        for row in run.gaps {
            guard let p = row.pMeet, let gap = row.gap, p != 0.5 else { continue }
            let larger: Bool
            switch row.comparator {
            case .atLeast, .greaterThan: larger = true
            case .atMost, .lessThan: larger = false
            case .equalTo, .about, .range: continue
            }
            let onTargetSide = larger ? gap >= 0 : gap <= 0, awaySide = larger ? gap <= 0 : gap >= 0
            #expect(p > 0.5 ? onTargetSide : awaySide, "\(scenario) \(row.scenario) \(row.targetID): gap \(gap) at p_meet \(p)")
            checked += 1
        }
        #expect(checked > 0)
    }

    @Test("the default run's pools are large enough to learn the error law: no default-law note")
    func defaultRunPoolsLearnTheLaw() throws {
        let run = try Self.defaultRun.get()
        #expect(!run.notes.contains { $0.code == "default error law" }, "\(run.notes)")
    }

    @Test("the default run: each city's 2017 contract value is its observed bulletin where one exists")
    func cityValuesKeepTheirBulletins() throws {
        let run = try Self.defaultRun.get()
        let inputs = try Repository.inputs("scenarios/sunan-2020.yaml")
        let members = try #require(inputs.specification.zone?.members)
        var bulletins = 0
        for city in members {
            let history = try #require(run.histories.first { $0.region == city && $0.indicator == "tech_contract_value" })
            guard let observed = inputs.panel.series(region: city, indicator: "tech_contract_value")?.value(in: 2017) else { continue }
            bulletins += 1
            #expect(history.values[try #require(history.years.firstIndex(of: 2017))] == observed, "\(city)")
        }
        #expect(bulletins == 1, "Nanjing's 284.75 is the one 2017 bulletin in the data")
        let nanjing = try #require(run.histories.first { $0.region == "Nanjing" && $0.indicator == "tech_contract_value" })
        #expect(nanjing.values[nanjing.years.firstIndex(of: 2017)!] == 284.75)
    }

    @Test("the default run: derived city targets are the same for --draws 1, the default and another seed", .tags(.invariant))
    func derivedCityTargetsAreDeterministic() throws {
        let inputs = try Repository.inputs("scenarios/sunan-2020.yaml")
        func thresholds(_ run: ScenarioRun) -> [String: TargetComparator] {
            Dictionary(run.gaps.filter { $0.targetID.contains("/") }.map { ($0.targetID, $0.comparator) }, uniquingKeysWith: { first, _ in first })
        }
        let reference = thresholds(try Self.defaultRun.get())
        #expect(reference.count == 10)
        #expect(thresholds(try ScenarioEngine.run(inputs, draws: 1)) == reference)
        #expect(thresholds(try ScenarioEngine.run(inputs, seed: 42)) == reference)
        #expect(thresholds(try ScenarioEngine.run(inputs, draws: 500, seed: 7)) == reference)
        // The city thresholds add up to the zone target: the central shares sum to 1.
        let cities = reference.filter { $0.key.hasPrefix("Z2020-contract-value/") }.map(\.value.low)
        #expect(abs(cities.reduce(0, +) - 1000) < 1e-9)
    }

    @Test("the default run: plan versus actual judges every target it has data for, with no duplicate rows")
    func planVersusActual() throws {
        let run = try Self.defaultRun.get()
        let keys = run.planVersusActual.map { "\($0.region)|\($0.indicator)|\($0.year)" }
        #expect(Set(keys).count == keys.count)
        let judged = run.planVersusActual.filter { !$0.targets.isEmpty }
        #expect(!judged.isEmpty)
        #expect(judged.allSatisfy { $0.targetActuallyMet != nil })
        // Every baseline gap row whose series has data in its (projected) year is judged.
        for row in run.gaps where row.scenario == "baseline" && !row.targetID.hasSuffix("/all") {
            guard run.planVersusActual.contains(where: { $0.region == row.region && $0.indicator == row.indicator && $0.year == row.targetYear })
            else { continue }
            let match = run.planVersusActual.first { $0.region == row.region && $0.indicator == row.indicator && $0.year == row.targetYear }!
            #expect(match.targets.contains { $0.targetID == row.targetID && $0.met != nil }, "\(row.targetID)")
        }
        let coverage = run.planVersusActualCoverage
        #expect(coverage.rows == run.planVersusActual.count)
        #expect(coverage.covered80 <= coverage.covered95 && coverage.covered95 <= coverage.rows)
    }

    @Test("member shares that do not sum to 1 are refused, naming the sum, without the remainder rule")
    func sharesMustAddUp() throws {
        let text = try String(contentsOfFile: Repository.path("scenarios/sunan-2020.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "      remainder: assumptions\n", with: "")
        let folder = try TemporaryFolder.make()
        defer { try? FileManager.default.removeItem(at: folder) }
        let scenarios = folder.appendingPathComponent("scenarios")
        try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(at: folder.appendingPathComponent("notebooks-data"),
                                                   withDestinationURL: Repository.url("notebooks-data"))
        let path = scenarios.appendingPathComponent("sunan-2020.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: ValidationFailure.self) { try ScenarioLoader.load(path: path) }
        do {
            _ = try ScenarioLoader.load(path: path)
        } catch {
            #expect(error.errors.count == 1)
            #expect(error.errors.first?.description.contains("the member shares sum to 0.9188, not 1") == true)
        }
    }
}
