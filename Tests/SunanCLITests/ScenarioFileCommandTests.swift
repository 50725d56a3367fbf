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

    @Test("data naming regions in Chinese load in check and run alike; check says which names it read as ids")
    func chineseRegionNames() throws {
        let folder = try Self.scenarioFolder()
        let data = folder.appendingPathComponent("data.csv")
        try String(contentsOf: data, encoding: .utf8).replacingOccurrences(of: "Jiangsu,", with: "江苏,")
            .write(to: data, atomically: true, encoding: .utf8)
        let check = try SunanProcess.run(["check", "valid.yaml", "data.csv", "regions.csv"], in: folder)
        #expect(check.status == 0, "\(check.standardError)")
        #expect(check.standardOutput.contains("Region names read as the ids of the regions file: 1 name\n  data.csv:2: ‘江苏’ read as region ‘Jiangsu’ ("),
                "\(check.standardOutput)")
        let run = try SunanProcess.run(["run", "valid.yaml", "--out", "out", "--quiet"], in: folder)
        #expect(run.status == 0, "\(run.standardError)")
        let gaps = try String(contentsOf: folder.appendingPathComponent("out/gaps.csv"), encoding: .utf8)
        #expect(gaps.contains("baseline,Z2020-contracts,Sunan,tech_contract_value,2020"))
    }

    @Test("each scenario is shown by its own label: two extra budgets split differently are told apart")
    func labelsFromTheFile() throws {
        let folder = try Self.scenarioFolder()
        let file = folder.appendingPathComponent("valid.yaml")
        let scenarios = """
            scenarios:
              - {name: baseline}
              - {name: toWuxi, label: "all to Wuxi", labelZh: 全部给无锡, driver: {extraBudget: 100, from: 2019, split: {Wuxi: 1}}}
              - {name: toNanjing, label: "all to Nanjing", driver: {extraBudget: 100, from: 2019, split: {Nanjing: 1}}}
            """
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: #"(?s)scenarios:.*?(?=simulation:)"#, with: scenarios + "\n", options: .regularExpression)
            .write(to: file, atomically: true, encoding: .utf8)
        let english = try SunanProcess.run(["run", "valid.yaml", "--out", "en", "--lang", "en"], in: folder)
        #expect(english.status == 0, "\(english.standardError)")
        #expect(english.standardOutput.contains("toWuxi     all to Wuxi\ntoNanjing  all to Nanjing"), "\(english.standardOutput)")
        let summary = try String(contentsOf: folder.appendingPathComponent("en/summary.md"), encoding: .utf8)
        #expect(summary.contains("- **all to Wuxi** (toWuxi)") && summary.contains("- **all to Nanjing** (toNanjing)"))
        let chinese = try SunanProcess.run(["run", "valid.yaml", "--out", "zh"], in: folder)
        #expect(chinese.standardOutput.contains("toWuxi     全部给无锡\ntoNanjing  每年追加100亿元"), "\(chinese.standardOutput)")
        let report = try String(contentsOf: folder.appendingPathComponent("zh/report.html"), encoding: .utf8)
        #expect(report.contains("<td class=\"code\">toWuxi</td><td>全部给无锡</td>"))
    }
}
