import ArgumentParser
import Foundation
import Reports
import Indicators
import ScenarioFiles

/// `sunan targets`: the plan's quantitative targets as a table, in Chinese or English.
struct TargetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "targets",
        abstract: "List the plan's quantitative targets, in Chinese (default) or English.",
        discussion: """
            Reads the targets file (default: the shipped notebooks-data/targets.csv) and names the indicators \
            from indicators.csv next to it when it exists. Comparators: ≥ at least, > more than, = exactly, \
            ≈ about (左右), low–high a range. Bases: 存量 stock reached, 年度 annual flow, 当年新增 additions \
            in the year, 累计 cumulative. --lang sets the language of the text and Markdown tables and of the \
            notes (note_zh in Chinese); csv and json write the file's own columns.
            """
    )

    /// Output formats of `sunan targets`.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, csv, json, markdown
    }

    @Option(help: "Only the targets of this year, e.g. 2020 or 2018.")
    var year: Int?

    @Option(help: "Output format: text, csv, json or markdown.")
    var format: OutputFormat = .text

    @Option(name: .customLong("targets-file"), help: "The targets CSV file (default: the shipped notebooks-data/targets.csv).")
    var targetsFile: String?

    @Option(help: "Language of the table and the notes: zh or en.")
    var lang: Language = .zh

    func run() throws {
        let path = try targetsFile ?? DefaultInputs.targetsFile()
        let targets: [Target]
        do {
            targets = try TargetLoader.load(path: path)
        } catch {
            for issue in error.issues { writeToStandardError("sunan: \(issue)") }
            throw ExitCode.failure
        }
        let selected = targets.filter { year == nil || $0.year == year }
        switch format {
        case .csv:
            print(String(TargetWriter.csv(selected).dropLast()))
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(selected), as: UTF8.self))
        case .text, .markdown:
            let catalog = try ScenarioLoader.indicatorCatalogPath(regions: nil, data: [path]).map(IndicatorCatalogLoader.load(path:))
            let names = NameBook(hierarchy: nil, panel: .empty, targets: targets, catalog: catalog)
            print(TargetList.text(selected, names: names, language: lang, source: path, year: year, markdown: format == .markdown))
        }
    }
}
