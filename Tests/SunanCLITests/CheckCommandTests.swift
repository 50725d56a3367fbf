import Foundation
import SunanTestSupport
import Testing

/// `sunan check` end to end: every problem at once with file:line:column, a summary, exit 1 only on errors.
@Suite("sunan check", .tags(.specification))
struct CheckCommandTests {
    static let shipped = ["china-provinces-st-panel.csv", "sunan-cities.csv", "cities.csv", "targets.csv", "regions.csv"]
        .map { "notebooks-data/\($0)" }

    @Test func shippedDataPassesWithASummary() throws {
        let outcome = try SunanProcess.run(["check"] + Self.shipped)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.isEmpty)
        let output = outcome.standardOutput
        #expect(output.hasPrefix("Checked 5 files: 0 errors, 0 warnings."))
        #expect(output.contains("Panel: 534 series, 38 regions, 38 indicators, years 1990–2023"))
        #expect(output.contains("Missing city-year cells: 46.5% (377 of 810)"))
        #expect(output.contains("Targets: 54 (2018: 48, 2020: 6)"))
        #expect(output.contains("zone Sunan 苏南五市 = Nanjing 南京 + Wuxi 无锡 + Changzhou 常州 + Suzhou 苏州 + Zhenjiang 镇江; within Jiangsu < China"))
    }

    @Test func everyProblemIsReportedAndTheExitStatusIsOne() throws {
        let folder = try SunanProcess.temporaryFolder()
        let bad = folder.appendingPathComponent("bad.csv")
        try "region,indicator,year,value,unit\nNanjing,gdp,2017,abc,100m_cny\nNanjing,gdp,2017,5,100m_cny\nNanjing,gdp,2017,6,100m_cny\nNanjing,gdp,3000,-1,万元\n"
            .write(to: bad, atomically: true, encoding: .utf8)
        let gbk = folder.appendingPathComponent("gbk.csv")
        try Data(Array("region,indicator,year,value\n".utf8) + [0xC4, 0xCF, 0xBE, 0xA9] + Array(",gdp,2017,1\n".utf8)).write(to: gbk)
        let empty = folder.appendingPathComponent("empty.csv")
        try Data().write(to: empty)
        let outcome = try SunanProcess.run(["check", bad.path, gbk.path, empty.path, "missing.csv"], in: folder)
        #expect(outcome.status == 1)
        #expect(outcome.standardError.split(separator: "\n").map(String.init) == [
            "sunan: \(bad.path):2:4: error: value ‘abc’ in column ‘value’ is not a number",
            "sunan: \(bad.path):4: error: duplicate row: Nanjing × gdp × 2017 × period ‘year’ already appears at \(bad.path):3; keep one row per region, indicator, year and period",
            "sunan: \(bad.path):5:3: error: year 3000 is out of range (expected 1949–2100)",
            "sunan: \(gbk.path):2:1: error: the file is not UTF-8: its bytes look like the legacy Chinese encoding GBK/GB18030 (as saved by Excel on Chinese Windows); convert it with `iconv -f GB18030 -t UTF-8 \(gbk.path) > converted.csv`",
            "sunan: \(empty.path):1: error: the file is empty: expected a header line and data rows",
            "sunan: missing.csv: error: no such file",
        ])
        #expect(outcome.standardOutput.hasPrefix("Checked 4 files: 6 errors, 0 warnings."))
    }

    @Test func warningsAloneExitZero() throws {
        let folder = try SunanProcess.temporaryFolder()
        let file = folder.appendingPathComponent("warn.csv")
        try "region,indicator,year,value,unit,quality\nNanjing,gdp,2017,1,parsecs,official\n".write(to: file, atomically: true, encoding: .utf8)
        let outcome = try SunanProcess.run(["check", "warn.csv"], in: folder)
        #expect(outcome.status == 0)
        #expect(outcome.standardError == "sunan: warn.csv:2:5: warning: unit ‘parsecs’ is not known (1 row, first here); its values are kept but cannot be converted\n")
        #expect(outcome.standardOutput.hasPrefix("Checked 1 file: 0 errors, 1 warning."))
    }

    @Test func timingFlagIsHiddenButReportsMilliseconds() throws {
        let outcome = try SunanProcess.run(["check", "--timing"] + Self.shipped)
        #expect(outcome.status == 0)
        #expect(outcome.standardError.hasPrefix("sunan: timing: read and validated 5 files (1.32 MB) in "))
        let help = try SunanProcess.run(["check", "--help"])
        #expect(!help.standardOutput.contains("--timing"))
    }
}
