import Foundation
import Scenarios
import SunanTestSupport
import Testing

/// `sunan run` and `sunan check` read scenario files through the same loader: the `--draws` limit is
/// the schema's, and both refuse the same indicator names file.
@Suite("sunan run and check: scenario files", .tags(.specification))
struct ScenarioFileCommandTests {
    /// A fresh folder holding the bad-input catalogue's valid scenario and the files it names.
    static func scenarioFolder() throws -> URL {
        let folder = try SunanProcess.temporaryFolder()
        let source = SunanProcess.repositoryRoot.appendingPathComponent("Tests/SunanCLITests/Fixtures/bad-inputs/yaml")
        for name in ["valid.yaml", "data.csv", "regions.csv", "targets.csv"] {
            try FileManager.default.copyItem(at: source.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return folder
    }

    static let drawsOutsideTheLimits = [ScenarioSchema.Limits.draws.lowerBound - 1, ScenarioSchema.Limits.draws.upperBound + 1]

    @Test(arguments: drawsOutsideTheLimits)
    func runRefusesDrawsOutsideTheSchemaLimits(_ draws: Int) throws {
        let folder = try Self.scenarioFolder()
        let outcome = try SunanProcess.run(["run", "valid.yaml", "--draws=\(draws)", "--out", "out", "--quiet"], in: folder)
        let limits = ScenarioSchema.Limits.draws
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("--draws must be from \(limits.lowerBound) to \(limits.upperBound); got \(draws)"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }

    @Test func runAndCheckRefuseTheSameBrokenIndicatorNames() throws {
        let folder = try Self.scenarioFolder()
        try "indicator,name_en,name_zh\ngdp,GDP,地区生产总值\ngdp,Gross product,生产总值\n"
            .write(to: folder.appendingPathComponent("indicators.csv"), atomically: true, encoding: .utf8)
        let expected = "indicators.csv:3:1: error: indicator ‘gdp’ is already named at indicators.csv:2; keep one row per indicator"
        let check = try SunanProcess.run(["check", "valid.yaml"], in: folder)
        #expect(check.status == 1)
        #expect(check.standardError.contains(expected), "\(check.standardError)")
        #expect(check.standardOutput.contains("valid.yaml  scenario (invalid)"), "\(check.standardOutput)")
        let run = try SunanProcess.run(["run", "valid.yaml", "--out", "out", "--quiet"], in: folder)
        #expect(run.status == 1)
        #expect(run.standardError.contains(expected), "\(run.standardError)")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out").path))
    }
}
