import ArgumentParser
import Forecasting
import Foundation
import Indicators
import Reports

/// `sunan compare`: one indicator's trajectories side by side for a set of regions.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare one indicator's trajectories across regions: levels, growth, shares, ranks and projected paths.",
        discussion: """
            For each region: the latest level, growth over the full span and over the last three years, its \
            share of its zone (or, failing that, its parent region) in its latest year, its rank among the \
            compared regions in the first and last year they all have data, and a projected path with 80 % \
            and 95 % intervals (--model, default auto). Data: every CSV given with --data (recognised by \
            header: panels, regions, indicator names); by default all of notebooks-data/*.csv. Regions: \
            by default the members of the first zone of the regions file (the five Sunan cities). \
            --format csv and json carry the projected path as columns (csv) or a long list (json); \
            --svg writes small multiples of history, mean and bands.
            """
    )

    @Option(help: "Indicator key, e.g. gdp or tech_market_value_outflow.")
    var indicator: String

    @Option(help: "Comma-separated region ids (default: the members of the first zone, the five Sunan cities).")
    var regions: String?

    @Option(help: "Use history up to and including this year only.")
    var asOf: Int?

    @Option(help: "Years to project.")
    var horizon: Int = 5

    @Option(help: "Model family, or auto (the median of eight simple methods, with intervals calibrated on pooled errors).")
    var model: String = "auto"

    @Option(help: "Language of names and headings: zh or en.")
    var lang: Language = .zh

    @Option(help: "Output format: text, csv, json or markdown.")
    var format: TableFormat = .text

    @Option(help: "Also write small multiples (one panel per region) as an SVG file.")
    var svg: String?

    @Option(parsing: .upToNextOption, help: "CSV files to load (default: notebooks-data/*.csv).")
    var data: [String] = []

    func validate() throws {
        guard (1...50).contains(horizon) else { throw ValidationError("--horizon must be from 1 to 50 years; got \(horizon)") }
        do {
            _ = try ModelCatalog.model(named: model, horizon: horizon)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() throws {
        let paths = data.isEmpty ? try DefaultInputs.dataFiles() : data
        let report: CheckReport
        do {
            report = try DataValidator.load(paths: paths)
        } catch {
            for issue in error.issues { writeToStandardError("sunan: \(issue)") }
            throw ExitCode.failure
        }
        for warning in report.issues { writeToStandardError("sunan: \(warning)") }
        let chosen: [String]
        if let regions {
            chosen = regions.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        } else if let zone = report.hierarchy?.zones.first {
            chosen = zone.memberIDs
        } else {
            throw ValidationError("no --regions given and no regions file with a zone among the data files")
        }
        guard !chosen.isEmpty else { throw ValidationError("--regions lists no region") }
        let comparison: RegionComparison
        do {
            comparison = try RegionComparison.build(panel: report.panel, hierarchy: report.hierarchy, indicator: indicator,
                                                    regions: chosen, asOf: asOf, horizon: horizon, model: model)
        } catch {
            if let failure = InternalFailure(error) { throw failure }
            throw ValidationIssue.error(paths.count == 1 ? paths[0] : "compare", line: nil, error.description)
        }
        comparison.warnings.forEach { writeToStandardError("sunan: warning: \($0)") }
        let names = NameBook(hierarchy: report.hierarchy, panel: report.panel, targets: report.targets, catalog: report.indicatorCatalog)
        let text: String
        switch format {
        case .text: text = comparison.text(names: names, language: lang, markdown: false)
        case .markdown: text = comparison.text(names: names, language: lang, markdown: true)
        case .csv: text = comparison.table(names: names, language: lang, localizedHeader: false).csv()
        case .json: text = comparison.json(names: names, language: lang)
        }
        FileHandle.standardOutput.write(Data(text.utf8))
        if let svg {
            try OutputFiles.emit(SVGRenderer.render(comparison.chart(names: names, language: lang)), to: svg)
        }
    }
}
