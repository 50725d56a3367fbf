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
            Writes into --out (default sunan-output/<scenario name>): forecasts.csv, gaps.csv, plan-vs-actual.csv \
            and results.json. The folder is written under a temporary name and moved into place only when \
            complete; an existing folder is replaced only if sunan wrote it.
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

    @Flag(help: "Print nothing but errors.")
    var quiet = false

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
        let result: ScenarioRun
        do {
            result = try ScenarioEngine.run(inputs, draws: draws, seed: seed)
        } catch let error as ScenarioError {
            throw ValidationIssue.error(scenario, line: nil, error.description)
        }
        let folder = out ?? "sunan-output/" + URL(fileURLWithPath: scenario).deletingPathExtension().lastPathComponent
        let files: [(String, String)] = [
            ("forecasts.csv", csv(ScenarioTables.forecasts(result))),
            ("gaps.csv", csv(ScenarioTables.gaps(result))),
            ("plan-vs-actual.csv", csv(ScenarioTables.planVersusActual(result))),
            ("results.json", ScenarioTables.json(result)),
        ]
        try OutputFolder.write(files, to: folder)
        if !quiet {
            print(RunSummary.text(result, folder: folder))
        }
    }

    private func csv(_ table: TextTable) -> String {
        let text = table.csv()
        return excel ? "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n") : text
    }
}

/// The concise summary printed after a run: one line per tested target, the probability of meeting
/// it under each scenario, and the baseline status.
enum RunSummary {
    static func text(_ run: ScenarioRun, folder: String) -> String {
        let scenarios = run.specification.scenarios.map(\.name)
        let tested = run.gaps.filter { $0.pMeet != nil }
        var order: [String] = []
        var byTarget: [String: [String: GapRow]] = [:]
        for row in tested {
            if byTarget[row.targetID] == nil { order.append(row.targetID) }
            byTarget[row.targetID, default: [:]][row.scenario] = row
        }
        let rows: [[String]] = order.map { id in
            let cells = byTarget[id]!
            let baseline = cells[scenarios[0]]!
            return [id, String(baseline.targetYear), "\(baseline.comparator) \(NumberText.value(baseline.targetLow))",
                    NumberText.value(baseline.projectedMean)]
                + scenarios.map { name in cells[name]?.pMeet.map { String(format: "%.0f%%", $0 * 100) } ?? "" }
                + [baseline.status]
        }
        let header = ["target", "year", "threshold", "projected"] + scenarios.map { "P(\($0))" } + ["status"]
        let table = TextTable(header: header, rows: rows, rightAligned: Set(1..<(header.count - 1)))
        let untested = Set(run.gaps.filter { $0.pMeet == nil }.map(\.targetID)).count
        return table.plainText() + "\n\n"
            + "projected = baseline mean; \(scenarios.count) scenarios × \(run.draws) draws; \(order.count) targets tested, "
            + "\(untested) without data (see gaps.csv). Written to \(folder)/"
    }
}

/// Writes a set of files as one folder, atomically: a temporary sibling folder is filled and then
/// renamed into place, so a failed run never leaves a half-written folder; an existing folder is
/// replaced only when it carries sunan's marker file.
enum OutputFolder {
    /// Name of the marker file that identifies a folder written by sunan.
    static let marker = ".sunan-output"

    static func write(_ files: [(name: String, contents: String)], to path: String) throws {
        let manager = FileManager.default
        let destination = URL(fileURLWithPath: path)
        let parent = destination.deletingLastPathComponent()
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: destination.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue, manager.fileExists(atPath: destination.appendingPathComponent(marker).path) else {
                throw ValidationIssue.error(path, line: nil, "exists and was not written by sunan; choose another --out or remove it")
            }
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
                try Data(contents.utf8).write(to: temporary.appendingPathComponent(name))
            }
            try Data("written by sunan\n".utf8).write(to: temporary.appendingPathComponent(marker))
            if manager.fileExists(atPath: destination.path) { try manager.removeItem(at: destination) }
            try manager.moveItem(at: temporary, to: destination)
        } catch {
            try? manager.removeItem(at: temporary)
            throw ValidationIssue.error(path, line: nil, "cannot write the output folder (\(error.localizedDescription))")
        }
    }
}
