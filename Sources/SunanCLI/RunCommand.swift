import ArgumentParser
import Foundation
import Indicators
import Reports
import ScenarioFiles
import Scenarios

/// `sunan run`: the main job — every scenario of a scenario file, with tables written into one folder.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a scenario file (default: the shipped scenarios/sunan-2020.yaml) and write forecasts, gaps and reports.",
        discussion: """
            Writes into --out (default sunan-output/<scenario name>): forecasts.csv, gaps.csv (one row per tested \
            target and scenario), missing-data.csv (what to supply for the targets without data), cities.csv, \
            plan-vs-actual.csv, results.json, summary.md (an overview of every tested target, the targets at risk, \
            one paragraph per target group, in --lang) and report.html (one self-contained file with charts). \
            sunan template writes the fill-in sheet of missing-data.csv. \
            The folder is written under a temporary name and moved into place only when complete; an \
            existing folder is replaced only if it is empty or holds nothing but the files sunan recorded writing \
            there, unchanged (checked before the run and again just before the swap); a symbolic link is followed, \
            never replaced. Region names come from the regions file, \
            indicator names from indicators.csv in the folder of the regions file (or else of the first data file) when it exists. \
            Status words are coloured only on a terminal (never when piped or with NO_COLOR); a progress \
            bar appears on standard error for runs longer than half a second, only on a terminal and \
            never with --quiet. \
            Without a scenario file, runs the shipped default scenario with its data, found from any folder \
            (the working folder, SUNAN_HOME, or the folders above the sunan executable and their share/sunan), \
            and says which file it ran.
            """
    )

    @Argument(help: "Scenario file (YAML); default: the shipped scenarios/sunan-2020.yaml.")
    var scenario: String?

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
        let limits = ScenarioSchema.Limits.draws
        if let draws, !limits.contains(draws) {
            throw ValidationError("--draws must be from \(limits.lowerBound) to \(limits.upperBound); got \(draws)")
        }
    }

    func run() throws {
        let scenario = try self.scenario ?? DefaultInputs.scenario()
        let loaded = try ScenarioLoader.load(path: scenario)
        if !quiet { loaded.warnings.forEach { writeToStandardError($0.description) } }
        let inputs = loaded.inputs
        let drawCount = draws ?? inputs.specification.simulation.draws
        if !quiet, drawCount < ScenarioSchema.Limits.reliableDraws {
            writeToStandardError(ValidationIssue.warning(scenario, line: nil, "\(drawCount) draws per scenario are too few for the "
                + "Monte Carlo error of p_meet to be estimated (p_meet_se reads 0 whenever all or no draws meet a target); "
                + "use at least \(ScenarioSchema.Limits.reliableDraws)").description)
        }
        let names = NameBook(hierarchy: inputs.hierarchy, panel: inputs.panel, targets: inputs.targets, catalog: loaded.catalog,
                             zone: inputs.specification.zone)
        let language = lang
        let folder = out ?? "sunan-output/" + URL(fileURLWithPath: scenario).deletingPathExtension().lastPathComponent
        try OutputFiles.checkFolder(folder)
        let progress = ProgressBar(label: language == .zh ? "模拟中" : "simulating", enabled: !quiet && Terminal.standardErrorIsTerminal)
        let result: ScenarioRun
        do {
            result = try ScenarioEngine.run(inputs, draws: draws, seed: seed, progress: progress.update)
            progress.finish()
        } catch let error as ScenarioError {
            progress.finish()
            if let failure = InternalFailure(error) { throw failure }
            throw ValidationFailure(issues: error.problems.map { ValidationIssue.error(scenario, line: nil, $0.description) })
        }
        // Each file is rendered just before it is written, so that only one is held in memory at a time.
        let files: [(String, () -> String)] = [
            ("forecasts.csv", { csv(ScenarioTables.forecasts(result)) }),
            ("gaps.csv", { csv(ScenarioTables.gaps(result)) }),
            ("cities.csv", { csv(CityComparison.table(result, names: names, language: language)) }),
            ("missing-data.csv", { csv(ScenarioTables.missingData(result.missingData)) }),
            ("plan-vs-actual.csv", { csv(ScenarioTables.planVersusActual(result)) }),
            ("results.json", { ScenarioTables.json(result) }),
            ("summary.md", { SummaryReport.markdown(result, names: names, language: language) }),
            ("report.html", { HTMLReport.render(result, names: names, language: language) }),
        ]
        let workbook: [(String, () throws -> Data)] = xlsx ? [("results.xlsx", { try ResultsWorkbook.data(result, names: names, language: language) })] : []
        try OutputFiles.writeFolder(files, binary: workbook, to: folder)
        if !quiet {
            result.notes.forEach { writeToStandardError("sunan: warning: " + SummaryReport.sentence($0, names: names, language)) }
            print(RunSummary.scenarioLine(scenario, isDefault: self.scenario == nil, language: language))
            print(RunSummary.text(result, names: names, language: language, folder: folder, color: Terminal.colorsStandardOutput))
        }
    }

    private func csv(_ table: TextTable) -> String {
        let text = table.csv()
        return excel ? "\u{FEFF}" + text.replacingOccurrences(of: "\n", with: "\r\n") : text
    }
}

extension Language: ExpressibleByArgument {}
