import ArgumentParser
import Foundation
import Indicators

/// `sunan check FILE…`: validates data files and reports every problem with file, line and column.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate data files and report every problem with file, line and column.",
        discussion: """
            Each file is recognised by its header: a data panel (at least region,indicator,year,value), \
            the plan's targets, the region definition or the city profiles. Problems go to standard error \
            as FILE:LINE:COLUMN: error|warning: MESSAGE (COLUMN is the CSV field number); a summary goes \
            to standard output. Exit status 1 when any error is found, 0 with warnings only.
            """
    )

    @Argument(help: "CSV files to check.")
    var files: [String]

    @Flag(help: .hidden)
    var timing = false

    func run() throws {
        let clock = ContinuousClock()
        let started = clock.now
        let report = DataValidator.check(paths: files)
        let elapsed = clock.now - started
        for issue in report.issues { writeToStandardError("sunan: \(issue)") }
        print(CheckRendering.summary(report))
        if timing {
            let bytes = files.compactMap { try? FileManager.default.attributesOfItem(atPath: $0)[.size] as? Int }.reduce(0, +)
            let milliseconds = Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15
            writeToStandardError(String(format: "sunan: timing: read and validated %d files (%.2f MB) in %.1f ms",
                                        files.count, Double(bytes) / 1_048_576, milliseconds))
        }
        if report.hasErrors { throw ExitCode.failure }
    }
}

/// Renders the summary of `sunan check`.
enum CheckRendering {
    static func summary(_ report: CheckReport) -> String {
        var lines: [String] = []
        let plural = { (count: Int, word: String) in "\(count) \(word)\(count == 1 ? "" : "s")" }
        lines.append("Checked \(plural(report.files.count, "file")): \(plural(report.errorCount, "error")), \(plural(report.warningCount, "warning")).")
        let fileTable = TextTable(
            header: ["file", "kind", "rows"],
            rows: report.files.map { [$0.name, $0.kind.map(kindName) ?? "unreadable", String($0.rowCount)] },
            rightAligned: [2])
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
        }
    }
}
