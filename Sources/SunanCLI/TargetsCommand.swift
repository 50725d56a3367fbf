import ArgumentParser
import Foundation
import Reports
import Indicators

/// `sunan targets`: the plan's quantitative targets as a table, with their Chinese names.
struct TargetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "targets",
        abstract: "List the plan's quantitative targets with their Chinese names.",
        discussion: """
            Reads the targets file (default notebooks-data/targets.csv). Comparators: ≥ at least, > more than, \
            = exactly, ≈ about (左右), low–high a range. Bases: 存量 stock reached, 年度 annual flow, \
            當年新增 additions in the year, 累計 cumulative.
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

    @Option(name: .customLong("targets-file"), help: "The targets CSV file.")
    var targetsFile = DefaultInputs.targetsFile

    func run() throws {
        let targets: [Target]
        do {
            targets = try TargetLoader.load(path: targetsFile)
        } catch {
            for issue in error.issues { writeToStandardError("sunan: \(issue)") }
            throw ExitCode.failure
        }
        let selected = targets.filter { year == nil || $0.year == year }
        print(try TargetsRendering.render(selected, format: format, source: targetsFile, year: year))
    }
}

/// Renders targets for `sunan targets`.
enum TargetsRendering {
    static func render(_ targets: [Target], format: TargetsCommand.OutputFormat, source: String, year: Int?) throws -> String {
        switch format {
        case .csv:
            return String(TargetWriter.csv(targets).dropLast())
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(targets), as: UTF8.self)
        case .text, .markdown:
            let table = TextTable(
                header: ["年份", "條款", "範圍", "指標", "目標", "單位", "口徑", "id"],
                rows: targets.map { target in
                    [String(target.year), String(target.clause), target.scope.labelZh, target.indicatorZh,
                     threshold(target.comparator), target.unit.nameZh.isEmpty ? target.unit.code : target.unit.nameZh,
                     target.basis.labelZh, target.id]
                },
                rightAligned: [0, 1, 4])
            let title = "Plan targets\(year.map { " for \($0)" } ?? "") (\(source)): \(targets.count)"
            let notes = targets.filter { !$0.note.isEmpty }.map { "\($0.id): \($0.note)" }
            if format == .markdown {
                var text = "**\(title)**\n\n" + table.markdown()
                if !notes.isEmpty { text += "\n\nNotes:\n\n" + notes.map { "- \($0)" }.joined(separator: "\n") }
                return text
            }
            var text = title + "\n\n" + table.plainText()
            if !notes.isEmpty { text += "\n\nNotes:\n" + notes.map { "  \($0)" }.joined(separator: "\n") }
            return text
        }
    }

    /// `≥ 1000`, `> 500`, `≤ 8`, `< 3`, `= 5`, `≈ 30`, `2–3`.
    static func threshold(_ comparator: TargetComparator) -> String {
        switch comparator {
        case let .atLeast(value): return "≥ " + number(value)
        case let .greaterThan(value): return "> " + number(value)
        case let .atMost(value): return "≤ " + number(value)
        case let .lessThan(value): return "< " + number(value)
        case let .equalTo(value): return "= " + number(value)
        case let .about(value): return "≈ " + number(value)
        case let .range(low, high): return number(low) + "–" + number(high)
        }
    }

    /// Whole numbers without decimals; others with up to six significant digits.
    static func number(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(format: "%.6g", value)
    }
}
