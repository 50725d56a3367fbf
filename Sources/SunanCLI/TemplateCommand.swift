import ArgumentParser
import Foundation
import Indicators
import Reports
import ScenarioFiles
import Scenarios

/// `sunan template`: the fill-in data sheet of a scenario's missing data, for a planner to complete.
struct TemplateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "template",
        abstract: "Write the fill-in data sheet of the targets without data (default scenario: the shipped scenarios/sunan-2020.yaml).",
        discussion: """
            Writes one row per series and year that missing-data.csv asks for, in the data contract: \
            region,indicator,year,value,unit,source with the value and source empty, then region_zh and indicator_zh \
            (Chinese names) and note (the target ids the series unlocks, in --lang). CSV by default, an Excel \
            workbook with --xlsx; default file sunan-output/<scenario name>-template.csv (or .xlsx). Fill in the \
            values, add the file to the scenario's data: list and run again: those targets are then tested. Rows \
            whose value is still empty are read as missing. Writes nothing when every target has data.
            """
    )

    @Argument(help: "Scenario file (YAML); default: the shipped scenarios/sunan-2020.yaml.")
    var scenario: String?

    @Option(name: .shortAndLong, help: "The file to write (default: sunan-output/<scenario name>-template.csv, or .xlsx).")
    var output: String?

    @Option(help: "Language of the note column, the sheet name and the message: zh or en.")
    var lang: Language = .zh

    @Flag(help: "Write an Excel workbook (.xlsx) instead of CSV.")
    var xlsx = false

    func run() throws {
        let scenario = try self.scenario ?? DefaultInputs.scenario()
        let loaded = try ScenarioLoader.load(path: scenario)
        loaded.warnings.forEach { writeToStandardError($0.description) }
        let entries: [MissingDataEntry]
        do {
            entries = try ScenarioEngine.missingData(loaded.inputs)
        } catch let error as ScenarioError {
            if let failure = InternalFailure(error) { throw failure }
            throw ValidationIssue.error(scenario, line: nil, error.description)
        }
        let requests = MissingDataEntry.requests(entries)
        guard !requests.isEmpty else {
            print(lang == .zh ? "情景的所有目标均有数据，无需填报；未写出文件。" : "Every target of the scenario has data: nothing to fill in, no file written.")
            return
        }
        let inputs = loaded.inputs
        let names = NameBook(hierarchy: inputs.hierarchy, panel: inputs.panel, targets: inputs.targets, catalog: loaded.catalog,
                             zone: inputs.specification.zone)
        let path = try output ?? Self.defaultPath(scenario: scenario, xlsx: xlsx)
        if xlsx {
            try OutputFiles.writeFile(try DataTemplate.workbook(requests, names: names, language: lang), to: path)
        } else {
            try OutputFiles.writeFile(DataTemplate.csv(requests, names: names, language: lang), to: path)
        }
        let rows = requests.reduce(0) { $0 + $1.years.count }
        let targets = Set(requests.flatMap(\.targetIDs)).count
        print(lang == .zh
            ? "已写出填报表 \(path)：\(requests.count)个序列，共\(rows)行，补齐后可测算\(targets)项目标。"
                + "填好数值（value 列）和来源（source 列）后，将该文件加入情景文件的 data: 列表，再运行 sunan run。"
            : "Wrote the fill-in sheet \(path): \(rows) row\(rows == 1 ? "" : "s") for \(requests.count) series, unlocking \(targets) target\(targets == 1 ? "" : "s"). "
                + "Fill in the value (and source) column, add the file to the scenario's data: list and run sunan run again.")
    }

    /// `sunan-output/<scenario name>-template.csv` (or `.xlsx`), the folder created when missing.
    static func defaultPath(scenario: String, xlsx: Bool) throws -> String {
        let name = URL(fileURLWithPath: scenario).deletingPathExtension().lastPathComponent
        let folder = "sunan-output"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ValidationIssue.error(folder, line: nil, "cannot create the output folder (\(error.localizedDescription)); pass -o FILE")
        }
        return "\(folder)/\(name)-template.\(xlsx ? "xlsx" : "csv")"
    }
}
