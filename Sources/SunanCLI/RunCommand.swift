import ArgumentParser
import Foundation
import Indicators
import Reports
import Scenarios

/// `sunan run`: the main job — every scenario of a scenario file, with tables written into one folder.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario file (default: scenarios/sunan-2020.yaml) and write forecasts, gaps and reports.",
        discussion: """
            Writes into --out (default sunan-output/<scenario name>): forecasts.csv, gaps.csv, cities.csv, \
            plan-vs-actual.csv, results.json, summary.md (one paragraph per tested target, in --lang) and \
            report.html (one self-contained file with charts). \
            The folder is written under a temporary name and moved into place only when complete; an \
            existing folder is replaced only if sunan wrote it. Region names come from the regions file, \
            indicator names from indicators.csv in the folder of the regions file (or else of the first data file) when it exists. \
            Status words are coloured only on a terminal (never when piped or with NO_COLOR); a progress \
            bar appears on standard error for runs longer than half a second, only on a terminal and \
            never with --quiet.
            """
    )

    /// The scenario used when none is given.
    static let defaultScenario = "scenarios/sunan-2020.yaml"

    @Argument(help: "Scenario file (YAML).")
    var scenario: String = RunCommand.defaultScenario

    @Option(help: "Output folder.")
    var out: String?

    @Option(help: "Draws per scenario (overrides the file).")
    var draws: Int?

    @Option(help: "Random seed (overrides the file).")
    var seed: UInt64?

    @Flag(help: "Write CSV with a UTF-8 BOM and CRLF line ends, as Excel expects for Chinese text.")
    var excel = false

    @Flag(help: "Also write results.xlsx: every table as a sheet of one Excel workbook (sheet names in --lang).")
    var xlsx = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    @Option(help: "Language of summary.md, cities.csv names and the printed summary: zh or en.")
    var lang: Language = .zh

    func validate() throws {
        if let draws, !(1...10_000_000).contains(draws) {
            throw ValidationError("--draws must be from 1 to 10000000; got \(draws)")
        }
    }

    func run() throws {
        let loaded = try ScenarioLoader.load(path: scenario)
        if !quiet { loaded.warnings.forEach { writeToStandardError($0.description) } }
        let inputs = ScenarioInputs(specification: loaded.specification, panel: loaded.panel,
                                    hierarchy: loaded.hierarchy, targets: loaded.targets)
        let catalog = try indicatorCatalog(for: loaded.specification)
        let names = NameBook(hierarchy: loaded.hierarchy, panel: loaded.panel, targets: loaded.targets, catalog: catalog)
        let language = lang
        let progress = ProgressBar(label: language == .zh ? "模拟中" : "simulating", enabled: !quiet && Terminal.standardErrorIsTerminal)
        let result: ScenarioRun
        do {
            result = try ScenarioEngine.run(inputs, draws: draws, seed: seed, progress: progress.update)
            progress.finish()
        } catch let error as ScenarioError {
            progress.finish()
            throw ValidationIssue.error(scenario, line: nil, error.description)
        }
        let folder = out ?? "sunan-output/" + URL(fileURLWithPath: scenario).deletingPathExtension().lastPathComponent
        // Each file is rendered just before it is written, so that only one is held in memory at a time.
        let files: [(String, () -> String)] = [
            ("forecasts.csv", { csv(ScenarioTables.forecasts(result)) }),
            ("gaps.csv", { csv(ScenarioTables.gaps(result)) }),
            ("cities.csv", { csv(CityComparison.table(result, names: names, language: language)) }),
            ("plan-vs-actual.csv", { csv(ScenarioTables.planVersusActual(result)) }),
            ("results.json", { ScenarioTables.json(result) }),
            ("summary.md", { SummaryReport.markdown(result, names: names, language: language) }),
            ("report.html", { HTMLReport.render(result, names: names, language: language) }),
        ]
        let workbook: [(String, () throws -> Data)] = xlsx ? [("results.xlsx", { try ResultsWorkbook.data(result, names: names, language: language) })] : []
        try OutputFolder.write(files, binary: workbook, to: folder)
        if !quiet {
            print(RunSummary.text(result, names: names, language: language, folder: folder, color: Terminal.colorsStandardOutput))
        }
    }

    /// The indicator catalog: `indicators.csv` in the folder of the scenario's regions file or, when
    /// there is none there (or no regions file), in the folder of the first data file that has one.
    /// - Throws: ``ValidationFailure`` when the file exists but has errors.
    private func indicatorCatalog(for specification: ScenarioSpecification) throws -> IndicatorCatalog? {
        let folder = URL(fileURLWithPath: scenario).deletingLastPathComponent()
        let neighbours = (specification.regions.map { [$0] } ?? []) + specification.data
        for file in neighbours {
            let path = URL(fileURLWithPath: file, relativeTo: folder).standardizedFileURL
                .deletingLastPathComponent().appendingPathComponent(IndicatorCatalog.fileName).path
            if FileManager.default.fileExists(atPath: path) { return try IndicatorCatalogLoader.load(path: path) }
        }
        return nil
    }

    private func csv(_ table: TextTable) -> String {
        let text = table.csv()
        return excel ? "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n") : text
    }
}

extension Language: ExpressibleByArgument {}

/// Writes a set of files as one folder, atomically: a temporary sibling folder is filled and then
/// renamed into place, so a failed run never leaves a half-written folder; an existing folder is
/// replaced only when it carries sunan's marker file.
enum OutputFolder {
    /// Name of the marker file that identifies a folder written by sunan.
    static let marker = ".sunan-output"

    /// Writes `files` and the `binary` ones, each rendered by its `contents` just before it is written.
    static func write(_ files: [(name: String, contents: () -> String)], binary: [(name: String, contents: () throws -> Data)] = [],
                      to path: String) throws {
        let manager = FileManager.default
        let destination = URL(fileURLWithPath: path)
        let parent = destination.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: destination.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue, manager.fileExists(atPath: destination.appendingPathComponent(marker).path) else {
                throw ValidationIssue.error(path, line: nil, "exists and was not written by sunan; choose another --out or remove it")
            }
        }
        var ancestor = parent
        while !manager.fileExists(atPath: ancestor.path, isDirectory: &isDirectory), ancestor.path != "/" {
            ancestor = ancestor.deletingLastPathComponent()
        }
        if !isDirectory.boolValue {
            throw ValidationIssue.error(path, line: nil, "cannot create the output folder: \(ancestor.path) is a file, not a folder; choose another --out")
        }
        do {
            try manager.createDirectory(at: parent, withIntermediateDirectories: true)
        } catch {
            throw ValidationIssue.error(parent.path, line: nil, "cannot create the output folder (\(error.localizedDescription))")
        }
        let temporary = parent.appendingPathComponent(".\(destination.lastPathComponent).partial-\(ProcessInfo.processInfo.processIdentifier)")
        try? manager.removeItem(at: temporary)
        do {
            try manager.createDirectory(at: temporary, withIntermediateDirectories: false)
            for (name, contents) in files {
                try Data(contents().utf8).write(to: temporary.appendingPathComponent(name))
            }
            for (name, contents) in binary { try contents().write(to: temporary.appendingPathComponent(name)) }
            try Data("written by sunan\n".utf8).write(to: temporary.appendingPathComponent(marker))
            if manager.fileExists(atPath: destination.path) { try manager.removeItem(at: destination) }
            try manager.moveItem(at: temporary, to: destination)
        } catch {
            try? manager.removeItem(at: temporary)
            throw ValidationIssue.error(path, line: nil, "cannot write the output folder (\(error.localizedDescription))")
        }
    }
}
