import ArgumentParser
import Foundation
import Reports
import Indicators
import ScenarioFiles
import Scenarios

/// `sunan check FILE…`: validates data and scenario files and reports every problem with file, line and column.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate data and scenario files and report every problem with file, line and column.",
        discussion: """
            Each CSV file is recognised by its header: a data panel (at least region,indicator,year,value), \
            the plan's targets, the region definition, the city profiles or the indicator names (indicator,name_en,name_zh). A .yaml or .yml file is a \
            scenario: it is decoded strictly (unknown keys, types, years, draws …), the data, regions and \
            targets files it names are loaded and validated, and the scenario is checked against them. \
            A data panel may name a region by its id or by its Chinese or English name in the regions file; the \
            summary lists the names read as ids. \
            Problems go to standard error as FILE:LINE:COLUMN: error|warning: MESSAGE (COLUMN is the CSV \
            field number, or the character in a YAML line); a summary goes to standard output. Exit status 1 \
            when any error is found, 0 with warnings only.
            """
    )

    @Argument(help: "CSV data files and YAML scenario files to check.")
    var files: [String]

    @Flag(help: .hidden)
    var timing = false

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let report = DataValidator.check(paths: files.filter { !ScenarioCheck.isScenarioFile($0) })
        let scenarios = files.filter(ScenarioCheck.isScenarioFile).map(ScenarioCheck.init(path:))
        let elapsed = clock.now - started
        for issue in report.issues + scenarios.flatMap(\.issues) { writeToStandardError("sunan: \(issue)") }
        print(CheckRendering.summary(report, scenarios: scenarios, order: files))
        if timing {
            let bytes = files.compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int }.reduce(0, +)
            let milliseconds = Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15
            writeToStandardError(String(format: "sunan: timing: read and validated %d files (%.2f MB) in %.1f ms",
                                        files.count, Double(bytes) / 1_048_576, milliseconds))
        }
        if report.hasErrors || scenarios.contains(where: \.hasErrors) { throw ExitCode.failure }
    }
}

/// One scenario file checked by `sunan check`: loaded with ``ScenarioLoader`` (which validates the files it names).
struct ScenarioCheck {
    /// The path as given.
    let path: String
    /// Every issue of the scenario and of the files it names (warnings only when it loaded).
    let issues: [ValidationIssue]
    /// The scenario, when it has no errors.
    let loaded: LoadedScenario?

    /// Loads the scenario at `path`.
    init(path: String) {
        self.path = path
        do throws(ValidationFailure) {
            let loaded = try ScenarioLoader.load(path: path)
            self.loaded = loaded
            issues = loaded.warnings
        } catch {
            loaded = nil
            issues = error.issues
        }
    }

    /// Whether `path` names a scenario file (`.yaml` or `.yml`).
    static func isScenarioFile(_ path: String) -> Bool {
        ["yaml", "yml"].contains((path as NSString).pathExtension.lowercased())
    }

    /// Whether any issue is an error.
    var hasErrors: Bool { issues.contains { $0.severity == .error } }
}

/// Renders the summary of `sunan check`.
enum CheckRendering {
    static func summary(_ report: CheckReport, scenarios: [ScenarioCheck] = [], order: [String]? = nil) -> String {
        var lines: [String] = []
        let plural = { (count: Int, word: String) in "\(count) \(word)\(count == 1 ? "" : "s")" }
        let scenarioIssues = scenarios.flatMap(\.issues)
        let errorCount = report.errorCount + scenarioIssues.count(where: { $0.severity == .error })
        let warningCount = report.warningCount + scenarioIssues.count(where: { $0.severity == .warning })
        lines.append("Checked \(plural(report.files.count + scenarios.count, "file")): \(plural(errorCount, "error")), \(plural(warningCount, "warning")).")
        var dataRows = report.files.map { [$0.name, $0.kind.map(kindName) ?? "unreadable", String($0.rowCount)] }[...]
        var scenarioRows = scenarios.map { [$0.path, $0.loaded == nil ? "scenario (invalid)" : "scenario", ""] }[...]
        var rows: [[String]] = []
        for name in order ?? report.files.map(\.name) {
            if ScenarioCheck.isScenarioFile(name), let row = scenarioRows.popFirst() {
                rows.append(row)
            } else if let row = dataRows.popFirst() {
                rows.append(row)
            }
        }
        rows += dataRows + scenarioRows
        let fileTable = TextTable(header: ["file", "kind", "rows"], rows: rows, rightAligned: [2])
        lines.append(fileTable.plainText())
        let summary = report.summary
        if summary.annualObservationCount + summary.partYearObservationCount > 0 {
            let span = summary.years.map { "\($0.lowerBound)–\($0.upperBound)" } ?? "none"
            lines.append("")
            lines.append("Panel: \(summary.seriesCount) series, "
                + "\(plural(summary.regions.count, "region")), \(plural(summary.indicators.count, "indicator")), years \(span)")
            lines.append("  \(summary.annualObservationCount) annual observations; \(summary.partYearObservationCount) part-year observations kept outside the annual series")
            if let share = summary.missingCityYearShare {
                lines.append(String(format: "  Missing city-year cells: %.1f%% (%d of %d) over %@ that at least one city reports; missing cells are not filled",
                                    share * 100, summary.missingCityYearCells, summary.cityYearCells,
                                    plural(summary.cityIndicatorCount, "indicator")))
            } else {
                lines.append("  Missing city-year cells: not measured (no regions or city file given, or no city data)")
            }
        }
        if !report.targets.isEmpty {
            let byYear = Dictionary(grouping: report.targets, by: \.year).sorted { $0.key < $1.key }
            lines.append("")
            lines.append("Targets: \(report.targets.count) (" + byYear.map { "\($0.key): \($0.value.count)" }.joined(separator: ", ") + ")")
        }
        for scenario in scenarios {
            guard let loaded = scenario.loaded else { continue }
            let specification = loaded.specification
            let years = specification.projectionYears
            lines.append("")
            lines.append("Scenario file \(scenario.path): “\(specification.title)”")
            lines.append("  as of \(specification.asOf), projected \(years.lowerBound)–\(years.upperBound); "
                + "\(plural(specification.projections.count, "projection")); \(plural(specification.scenarios.count, "scenario")) ("
                + specification.scenarios.map(\.name).joined(separator: ", ") + ")")
            lines.append("  data: \(plural(specification.data.count, "file")), \(loaded.panel.seriesKeys.count) series; "
                + "\(specification.simulation.draws) draws, seed \(specification.simulation.seed)")
            if let zone = specification.zone {
                lines.append("  zone \(zone.region) = \(zone.members.joined(separator: " + "))" + (zone.parent.map { "; within \($0)" } ?? ""))
            }
        }
        var seen = Set<RegionNameMapping>()
        let mappings = (report.regionMappings + scenarios.flatMap { $0.loaded?.regionMappings ?? [] }).filter { seen.insert($0).inserted }
        if !mappings.isEmpty {
            lines.append("")
            lines.append("Region names read as the ids of the regions file: \(plural(mappings.count, "name"))")
            lines += mappings.map { "  \($0)" }
        }
        if let hierarchy = report.hierarchy {
            lines.append("")
            lines.append("Regions: \(hierarchy.regions.count)")
            for zone in hierarchy.zones {
                let members = hierarchy.members(of: zone.id).map { "\($0.id) \($0.nameZh)" }.joined(separator: " + ")
                let parents = hierarchy.ancestors(of: zone.id).map(\.id).joined(separator: " < ")
                lines.append("  zone \(zone.id) \(zone.nameZh) = \(members); within \(parents)")
            }
        }
        return lines.joined(separator: "\n")
    }

    static func kindName(_ kind: DataFileKind) -> String {
        switch kind {
        case .panel: return "data panel"
        case .targets: return "targets"
        case .regions: return "regions"
        case .cityProfiles: return "city profiles"
        case .indicatorCatalog: return "indicator names"
        }
    }
}
