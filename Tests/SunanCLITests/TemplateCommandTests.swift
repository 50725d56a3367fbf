import Foundation
import Reports
import SunanTestSupport
import Testing

/// `sunan template` (issue 13, item 3): the fill-in sheet of a scenario's missing data, filled in and
/// added to the scenario's `data:`, moves its targets from missing-data.csv to gaps.csv.
@Suite("sunan template: the fill-in sheet of the missing data, round trip", .serialized, .tags(.specification))
struct TemplateCommandTests {
    /// A fresh copy of the target-semantics test scenario (whose target Z-labs has no data) in a folder.
    static func scenarioFolder() throws -> URL {
        let folder = try SunanProcess.temporaryFolder().appendingPathComponent("scenario")
        try FileManager.default.copyItem(at: SunanProcess.repositoryRoot.appendingPathComponent("Tests/ScenariosTests/Fixtures/targets"),
                                         to: folder)
        return folder
    }

    /// Adds `file` to the `data:` list of the folder's scenario.yaml.
    static func addData(_ file: String, in folder: URL) throws {
        let url = folder.appendingPathComponent("scenario.yaml")
        let yaml = try String(contentsOf: url, encoding: .utf8)
        let changed = yaml.replacingOccurrences(of: "data:\n  - data.csv\n", with: "data:\n  - data.csv\n  - \(file)\n")
        #expect(changed != yaml)
        try Data(changed.utf8).write(to: url)
    }

    /// Runs the folder's scenario (500 draws) into `out`; returns the target ids of missing-data.csv
    /// and those of gaps.csv.
    static func run(in folder: URL, out: String) throws -> (missing: Set<String>, tested: Set<String>, standardError: String) {
        let outcome = try SunanProcess.run(["run", "scenario.yaml", "--draws", "500", "--out", out, "--quiet"], in: folder)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        func ids(_ file: String, column: Int) throws -> Set<String> {
            let lines = try String(contentsOf: folder.appendingPathComponent("\(out)/\(file)"), encoding: .utf8).split(separator: "\n")
            return Set(lines.dropFirst().map { String($0.split(separator: ",", omittingEmptySubsequences: false)[column]) })
        }
        return (try ids("missing-data.csv", column: 0), try ids("gaps.csv", column: 1), outcome.standardError)
    }

    /// The rows of a CSV text without quoted fields, split by commas.
    static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test("the template of the missing data: the data contract's columns, one row per year, the value empty, names and targets alongside")
    func template() throws {
        let folder = try Self.scenarioFolder()
        let outcome = try SunanProcess.run(["template", "scenario.yaml", "-o", "fill.csv"], in: folder)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("fill.csv") && outcome.standardOutput.contains("1个序列"))
        let rows = Self.rows(try String(contentsOf: folder.appendingPathComponent("fill.csv"), encoding: .utf8))
        #expect(rows[0] == ["region", "indicator", "year", "value", "unit", "source", "region_zh", "indicator_zh", "note"])
        // Z-labs asks for the zone's labs in the as-of year (2017): one value is enough for a projection.
        #expect(rows.dropFirst().map { $0.prefix(6) } == [["Zone", "labs", "2017", "", "count", ""]].map { $0[...] })
        #expect(rows.dropFirst().allSatisfy { $0[6] == "A、B、C合计" && $0[7] == "實驗室" && $0[8] == "补齐后可测算：Z-labs" })
        let english = try SunanProcess.run(["template", "scenario.yaml", "-o", "fill-en.csv", "--lang", "en"], in: folder)
        #expect(english.status == 0, "\(english.standardError)")
        #expect(try String(contentsOf: folder.appendingPathComponent("fill-en.csv"), encoding: .utf8).contains(",unlocks Z-labs\n"))
    }

    @Test("round trip: generated, filled in and added to data:, the template moves its target from missing-data.csv to gaps.csv")
    func roundTrip() throws {
        let folder = try Self.scenarioFolder()
        let before = try Self.run(in: folder, out: "before")
        #expect(before.missing == ["Z-labs"] && !before.tested.contains("Z-labs"))
        #expect(try SunanProcess.run(["template", "scenario.yaml", "-o", "fill.csv"], in: folder).status == 0)
        // Added as it is, the empty rows are read as missing: nothing changes but a warning.
        try Self.addData("fill.csv", in: folder)
        let empty = try Self.run(in: folder, out: "empty")
        #expect(empty.missing == ["Z-labs"] && empty.tested == before.tested)
        #expect(empty.standardError.isEmpty, "--quiet: \(empty.standardError)")
        // Filled in as a planner would: 7 labs in 2017, with a source.
        let url = folder.appendingPathComponent("fill.csv")
        var rows = Self.rows(try String(contentsOf: url, encoding: .utf8))
        #expect(rows.count == 2)
        rows[1][3] = "7"
        rows[1][5] = "城市科技统计"
        try Data((rows.map { $0.joined(separator: ",") }.joined(separator: "\n") + "\n").utf8).write(to: url)
        let after = try Self.run(in: folder, out: "after")
        #expect(after.missing.isEmpty)
        #expect(after.tested == before.tested.union(["Z-labs"]))
        let summary = try String(contentsOf: folder.appendingPathComponent("after/summary.md"), encoding: .utf8)
        #expect(summary.contains("（Z-labs）") && !summary.contains("项目标缺少数据"))
    }

    @Test("--xlsx writes the same sheet as a workbook the loaders read; a filled workbook in data: tests the target")
    func workbook() throws {
        let folder = try Self.scenarioFolder()
        let outcome = try SunanProcess.run(["template", "scenario.yaml", "--xlsx", "--lang", "en"], in: folder)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let path = "sunan-output/scenario-template.xlsx"
        #expect(outcome.standardOutput.hasPrefix("Wrote the fill-in sheet \(path): 1 row for 1 series, unlocking 1 target."))
        let check = try SunanProcess.run(["check", path], in: folder)
        #expect(check.status == 0, "\(check.standardError)")
        #expect(check.standardOutput.contains("data panel     1"), "\(check.standardOutput)")
        #expect(check.standardError.contains("scenario-template.xlsx:'fill-in'!D2: warning: 1 row has an empty value"), "\(check.standardError)")
        // A workbook holding the template's rows, filled in (written by Reports' workbook writer).
        let header = DataTemplate.columns
        let filled = zip([2015, 2016, 2017], [4, 5, 7]).map { ["Zone", "labs", String($0), String($1), "count", "", "A、B、C合计", "實驗室", "unlocks Z-labs"] }
        let sheet = WorkbookSheet(name: "fill-in", header: header, rows: filled, formats: [.text, .text, .integer, .decimal])
        try WorkbookWriter.data([sheet]).write(to: folder.appendingPathComponent("filled.xlsx"))
        try Self.addData("filled.xlsx", in: folder)
        let after = try Self.run(in: folder, out: "after")
        #expect(after.missing.isEmpty && after.tested.contains("Z-labs"))
    }

    @Test("without a scenario the default scenario's template goes to sunan-output/, in Chinese: every series missing-data.csv asks for")
    func defaultScenario() throws {
        let folder = try SunanProcess.temporaryFolder()
        let outcome = try SunanProcess.run(["template"], in: folder)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let text = try String(contentsOf: folder.appendingPathComponent("sunan-output/sunan-2020-template.csv"), encoding: .utf8)
        #expect(!text.contains("\""), "no field needs quoting, so the rows split at commas")
        let rows = Self.rows(text).dropFirst()
        #expect(rows.allSatisfy { $0.count == 9 && $0[3].isEmpty && !$0[6].isEmpty && $0[8].hasPrefix("补齐后可测算：") })
        // The same series and years as the default run's missing-data.csv (its years column joins them by `;`).
        let run = try SunanProcess.run(["run", "--draws", "200", "--out", "out", "--quiet"], in: folder)
        #expect(run.status == 0, "\(run.standardError)")
        let missing = Self.rows(try String(contentsOf: folder.appendingPathComponent("out/missing-data.csv"), encoding: .utf8)).dropFirst()
        #expect(!missing.isEmpty)
        let asked = Set(missing.flatMap { row in row[5].split(separator: ";").map { "\(row[1])|\(row[2])|\($0)|\(row[3])" } })
        let supplied = rows.map { "\($0[0])|\($0[1])|\($0[2])|\($0[4])" }
        #expect(supplied.count == Set(supplied).count, "one row per series and year")
        #expect(Set(supplied) == asked)
    }
}
