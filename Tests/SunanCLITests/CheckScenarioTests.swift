import Foundation
import SunanTestSupport
import Testing

/// `sunan check` on scenario files (.yaml/.yml): every problem with file:line:column on standard error,
/// exit 1 on any error, 0 with warnings only, the scenario summarised on standard output.
@Suite("sunan check: scenario files", .tags(.specification))
struct CheckScenarioTests {
    /// A temporary folder with a small data panel (`data.csv`) and `files` written into it.
    static func folder(_ files: [String: String]) throws -> URL {
        let folder = try SunanProcess.temporaryFolder()
        var data = "region,indicator,year,value,unit\n"
        for year in 2010...2017 {
            data += "Jiangsu,tech_market_value_outflow,\(year),\(100 + 10 * (year - 2010)),100m_cny\n"
            data += "Jiangsu,gov_budget_expenditure_sci_tech,\(year),\(50 + 5 * (year - 2010)),100m_cny\n"
        }
        for year in 2010...2015 { data += "Nanjing,gdp,\(year),\(9000 + 500 * (year - 2010)),100m_cny\n" }
        try data.write(to: folder.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
        for (name, text) in files {
            try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        return folder
    }

    static let valid = """
        schemaVersion: 1
        title: Jiangsu outflow
        data: [data.csv]
        asOf: 2017
        horizonYear: 2020
        projections:
          - indicator: tech_market_value_outflow
            level: regions
            regions: [Jiangsu]
            driver: {indicator: gov_budget_expenditure_sci_tech, elasticity: {value: 0.5, standardError: 0.1}}
        scenarios:
          - {name: baseline}
          - {name: plus10, driver: {uplift: 10, from: 2018}}

        """

    @Test func aValidScenarioPassesWithASummary() throws {
        let folder = try Self.folder(["ok.yaml": Self.valid])
        let outcome = try SunanProcess.run(["check", "ok.yaml", "data.csv"], in: folder)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.isEmpty)
        let lines = outcome.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "Checked 2 files: 0 errors, 0 warnings.")
        #expect(lines.contains("ok.yaml   scenario"))
        #expect(lines.contains("data.csv  data panel    22"))
        #expect(lines.contains("Scenario file ok.yaml: “Jiangsu outflow”"))
        #expect(lines.contains("  as of 2017, projected 2018–2020; 1 projection; 2 scenarios (baseline, plus10)"))
        #expect(lines.contains("  data: 1 file, 3 series; 10000 draws, seed 20180101"))
    }

    @Test func everyProblemOfAScenarioFileIsReportedAndTheExitStatusIsOne() throws {
        let bad = Self.valid
            .replacingOccurrences(of: "horizonYear: 2020", with: "horizonyear: 2020")
            .replacingOccurrences(of: "{name: baseline}", with: "{name: baseline, driver: {uplift: 5, from: 2016}}")
            + "simulation: {draws: 0}\n"
        let folder = try Self.folder(["bad.yaml": bad])
        let outcome = try SunanProcess.run(["check", "bad.yaml"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.standardError.split(separator: "\n").map(String.init) == [
            "sunan: bad.yaml:5:1: error: unknown key ‘horizonyear’ in the scenario file; did you mean ‘horizonYear’?",
            "sunan: bad.yaml:12:48: error: ‘from’ 2016 is before the first projected year 2018 (asOf + 1)",
            "sunan: bad.yaml:14:21: error: ‘draws’ is 0; it must be from 1 to 10,000,000",
        ])
        #expect(outcome.standardOutput.hasPrefix("Checked 1 file: 3 errors, 0 warnings."))
        #expect(outcome.standardOutput.contains("bad.yaml  scenario (invalid)"))
    }

    @Test func regionsIndicatorsAndFilesTheScenarioNamesAreCheckedAgainstTheData() throws {
        let wrongData = Self.valid
            .replacingOccurrences(of: "regions: [Jiangsu]", with: "regions: [Jiangsu, Jiangxi]")
            .replacingOccurrences(of: "indicator: gov_budget_expenditure_sci_tech", with: "indicator: gov_budget_sci_tech")
        let missingFile = Self.valid.replacingOccurrences(of: "data: [data.csv]", with: "data: [data.csv, more.csv]")
        let folder = try Self.folder(["data.yml": wrongData, "missing.yaml": missingFile])
        let outcome = try SunanProcess.run(["check", "data.yml", "missing.yaml"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.standardError.split(separator: "\n").map(String.init) == [
            "sunan: data.yml:9:24: error: region ‘Jiangxi’ is not in the data; did you mean ‘Jiangsu’? The data have 2 regions: Jiangsu, Nanjing",
            "sunan: data.yml:10:25: error: indicator ‘gov_budget_sci_tech’ is not in the data; the data have 3 indicators: gov_budget_expenditure_sci_tech, gdp, tech_market_value_outflow",
            "sunan: missing.yaml:3:18: error: data file ‘more.csv’ does not exist (looked for more.csv; paths are relative to the scenario file's folder)",
        ])
        #expect(outcome.standardOutput.hasPrefix("Checked 2 files: 3 errors, 0 warnings."))
    }

    @Test func warningsAloneExitZero() throws {
        let late = Self.valid.replacingOccurrences(of: "  - indicator: tech_market_value_outflow\n    level: regions\n    regions: [Jiangsu]\n    driver: {indicator: gov_budget_expenditure_sci_tech, elasticity: {value: 0.5, standardError: 0.1}}",
                                                   with: "  - {indicator: gdp, level: regions, regions: [Nanjing]}")
            .replacingOccurrences(of: "  - {name: plus10, driver: {uplift: 10, from: 2018}}\n", with: "")
        let folder = try Self.folder(["late.yaml": late])
        let outcome = try SunanProcess.run(["check", "late.yaml"], in: folder)
        #expect(outcome.status == 0)
        #expect(outcome.standardError == "sunan: late.yaml:7:48: warning: asOf 2017 is later than the last data year 2015 of Nanjing/gdp\n")
        #expect(outcome.standardOutput.hasPrefix("Checked 1 file: 0 errors, 1 warning."))
    }

    @Test func theShippedDefaultScenarioPasses() throws {
        let outcome = try SunanProcess.run(["check", "scenarios/sunan-2020.yaml"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.hasPrefix("Checked 1 file: 0 errors"))
        #expect(outcome.standardOutput.contains("Scenario file scenarios/sunan-2020.yaml:"))
    }
}
