import Foundation
import SunanTestSupport
import Testing

/// Excel workbooks end to end: read by `forecast`, `check` and scenario `data:` entries, written by
/// `run --xlsx` (fixtures in Tests/Workbooks, made by Tests/Workbooks/make_workbooks.py).
@Suite("Workbooks in and out of the command line", .tags(.invariant))
struct WorkbookCommandTests {
    static let workbooks = "Tests/Workbooks/"

    /// The files of a run folder, by name.
    static func files(in folder: URL) throws -> [String: Data] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        return try Dictionary(uniqueKeysWithValues: names.map { ($0, try Data(contentsOf: folder.appendingPathComponent($0))) })
    }

    @Test("forecast of the city CSV written by openpyxl (every digit kept) prints exactly what the CSV gives", arguments: ["csv", "text"])
    func forecastOpenpyxlWorkbook(format: String) throws {
        let csv = try SunanProcess.run(["forecast", "--data", "notebooks-data/sunan-cities.csv", "--horizon", "3", "--format", format])
        let workbook = try SunanProcess.run(["forecast", "--data", Self.workbooks + "sunan-cities-openpyxl.xlsx", "--horizon", "3", "--format", format])
        #expect(csv.status == 0 && workbook.status == 0)
        #expect(workbook.standardOutput == csv.standardOutput)
        #expect(workbook.standardError == csv.standardError)
    }

    /// LibreOffice keeps 15 significant digits, so six values of the CSV written with 16–17
    /// (7330167.999999999) arrive as 7330168; with those six rounded alike, the CSV gives the same output.
    @Test("forecast of the city CSV saved by LibreOffice prints what the CSV gives at LibreOffice's 15 digits", arguments: ["csv", "text"])
    func forecastLibreOfficeWorkbook(format: String) throws {
        let original = try String(contentsOfFile: SunanProcess.repositoryRoot.appendingPathComponent("notebooks-data/sunan-cities.csv").path, encoding: .utf8)
        var rounded = 0
        let lines = original.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line -> String in
            guard index > 0, !line.isEmpty else { return String(line) }
            var fields = line.split(separator: ",", maxSplits: 6, omittingEmptySubsequences: false).map(String.init)
            if let value = Double(fields[5]), String(format: "%.15g", value) != fields[5], Double(String(format: "%.15g", value)) != value {
                fields[5] = String(format: "%.15g", value)
                rounded += 1
            }
            return fields.joined(separator: ",")
        }
        #expect(rounded == 6)
        let csv = try writeTemporary(lines.joined(separator: "\n"), named: "sunan-cities-15-digits.csv")
        let fromCSV = try SunanProcess.run(["forecast", "--data", csv.path, "--horizon", "3", "--format", format])
        let workbook = try SunanProcess.run(["forecast", "--data", Self.workbooks + "sunan-cities.xlsx", "--horizon", "3", "--format", format])
        #expect(fromCSV.status == 0 && workbook.status == 0)
        #expect(workbook.standardOutput == fromCSV.standardOutput)
    }

    @Test("a bad cell is reported as file.xlsx:Sheet1!D7 with exit status 1 and nothing on standard output", .tags(.specification),
          arguments: [["check"], ["forecast", "--horizon", "2", "--data"]])
    func badCell(command: [String]) throws {
        let outcome = try SunanProcess.run(command + [Self.workbooks + "bad-cell.xlsx"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains(
            "Tests/Workbooks/bad-cell.xlsx:Sheet1!D7: error: value ‘12,5’ in column ‘value’ is not a number: a comma is not a decimal mark here"))
        if command[0] == "forecast" { #expect(outcome.standardOutput.isEmpty) }
    }

    @Test("a sheet chosen with #Sheet is forecast; an unknown sheet is an error listing the sheets", .tags(.specification))
    func sheetSuffix() throws {
        let second = try SunanProcess.run(["forecast", "--data", Self.workbooks + "libreoffice-cells.xlsx#Second", "--horizon", "1"])
        #expect(second.status == 0)
        #expect(second.standardOutput.hasPrefix("region,indicator,year,model,mean,lo80,hi80,lo95,hi95\nWuxi,gdp,2019,"))
        let missing = try SunanProcess.run(["check", Self.workbooks + "libreoffice-cells.xlsx#Summary"])
        #expect(missing.status == 1)
        #expect(missing.standardError.contains("libreoffice-cells.xlsx: error: the workbook has no sheet ‘Summary’; its sheets are ‘Data’, ‘Second’"))
    }

    @Test("a scenario whose data: entry is a workbook sheet runs exactly as with the CSV")
    func scenarioData() throws {
        let root = try SunanProcess.temporaryFolder()
        let data = root.appendingPathComponent("notebooks-data"), scenarios = root.appendingPathComponent("scenarios")
        try FileManager.default.createDirectory(at: scenarios, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: SunanProcess.repositoryRoot.appendingPathComponent("notebooks-data"), to: data)
        try FileManager.default.copyItem(at: SunanProcess.repositoryRoot.appendingPathComponent(Self.workbooks + "sunan-cities-openpyxl.xlsx"),
                                         to: data.appendingPathComponent("sunan-cities.xlsx"))
        let yaml = try String(contentsOf: SunanProcess.repositoryRoot.appendingPathComponent("scenarios/sunan-2020.yaml"), encoding: .utf8)
        let withWorkbook = yaml.replacingOccurrences(of: "../notebooks-data/sunan-cities.csv", with: "../notebooks-data/sunan-cities.xlsx#sunan-cities")
        #expect(withWorkbook != yaml)
        try Data(yaml.utf8).write(to: scenarios.appendingPathComponent("csv.yaml"))
        try Data(withWorkbook.utf8).write(to: scenarios.appendingPathComponent("xlsx.yaml"))
        var outputs: [[String: Data]] = []
        for name in ["csv", "xlsx"] {
            let out = root.appendingPathComponent("out-\(name)")
            let outcome = try SunanProcess.run(["run", "scenarios/\(name).yaml", "--draws", "300", "--seed", "3", "--out", out.path, "--quiet"], in: root)
            #expect(outcome.status == 0, "\(outcome.standardError)")
            outputs.append(try Self.files(in: out))
        }
        #expect(outputs[0].keys.sorted() == outputs[1].keys.sorted())
        for name in ["forecasts.csv", "gaps.csv", "cities.csv", "plan-vs-actual.csv", "summary.md", "report.html", "results.json"] {
            #expect(outputs[0][name] == outputs[1][name], "\(name) differs")
        }
    }

    @Test("run --xlsx adds results.xlsx, the same bytes on every run, and leaves every other file as it was")
    func runWritesWorkbook() throws {
        let root = try SunanProcess.temporaryFolder()
        var outputs: [[String: Data]] = []
        for (index, flags) in [[], ["--xlsx"], ["--xlsx"]].enumerated() {
            let out = root.appendingPathComponent("out-\(index)")
            let outcome = try SunanProcess.run(["run", "--draws", "300", "--seed", "3", "--lang", "zh", "--out", out.path, "--quiet"] + flags)
            #expect(outcome.status == 0, "\(outcome.standardError)")
            outputs.append(try Self.files(in: out))
        }
        #expect(outputs[0]["results.xlsx"] == nil)
        let workbook = try #require(outputs[1]["results.xlsx"])
        #expect(workbook.starts(with: [0x50, 0x4B, 0x03, 0x04]))
        #expect(outputs[2]["results.xlsx"] == workbook)
        // The marker lists the workbook too (with its size and SHA-256); every other file is the same.
        #expect(String(decoding: outputs[1][".sunan-output"] ?? Data(), as: UTF8.self).contains("\tresults.xlsx\n"))
        var withoutWorkbook = outputs[1], plain = outputs[0]
        withoutWorkbook["results.xlsx"] = nil
        withoutWorkbook[".sunan-output"] = nil
        plain[".sunan-output"] = nil
        #expect(withoutWorkbook == plain)
    }
}
