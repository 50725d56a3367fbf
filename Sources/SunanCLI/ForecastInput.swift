import Forecasting
import Foundation
import Indicators

/// The series of a forecasting input file, in file order.
///
/// Two layouts are read: the data contract of DESIGN.md (`region,indicator,year,value`, plus optional
/// `unit`, `period`, `quality` … columns; validated by the data layer, part-year rows ignored), and
/// the forecasting-competition layout `series,t,value[,split]`, where `split` marks `train` and
/// `test` rows (the region is the series name and the indicator is `value`).
struct ForecastInput {
    /// One series to forecast.
    struct Entry {
        let region: String
        let indicator: String
        /// The unit code of the values (empty when the file has none).
        let unit: String
        /// The history to fit.
        let history: YearlySeries
        /// Held-out values after the history (`split = test` rows), if the file has them.
        let holdout: YearlySeries?
    }

    let entries: [Entry]
    /// Warnings from validation (the file was still usable).
    let warnings: [ValidationIssue]
    /// True for the `series,t,value[,split]` layout (no indicators: the whole file is one pool).
    var isCompetition = false

    /// Reads and validates `path`.
    /// - Throws: ``ValidationFailure`` with every error found.
    static func read(path: String) throws -> ForecastInput {
        let (_, document, warnings) = try CSVDocument.load(path: path)
        guard !document.records.isEmpty else {
            throw ValidationFailure(issues: [.error(document.file, line: document.headerLine,
                "the file has a header but no data rows: there is nothing to forecast; add rows below the header")])
        }
        let header = Set(document.header.map { $0.lowercased() })
        if header.isSuperset(of: ["series", "t", "value"]) && !header.contains("region") {
            return try competition(document)
        }
        let reading = PanelLoader.read(document, issues: warnings)
        if reading.hasErrors { throw ValidationFailure(issues: reading.issues) }
        let entries = try reading.panel.seriesKeys.compactMap { key -> Entry? in
            guard let series = reading.panel.series(key), !series.observations.isEmpty else { return nil }
            return Entry(region: key.region, indicator: key.indicator, unit: series.unit.code,
                         history: try YearlySeries(years: series.years, values: series.values), holdout: nil)
        }
        return ForecastInput(entries: entries, warnings: reading.issues)
    }

    /// The `series,t,value[,split]` layout.
    private static func competition(_ document: CSVDocument) throws -> ForecastInput {
        let columns = Dictionary(uniqueKeysWithValues: document.header.enumerated().map { ($0.element.lowercased(), $0.offset) })
        let seriesColumn = columns["series"]!, timeColumn = columns["t"]!, valueColumn = columns["value"]!
        let splitColumn = columns["split"]
        var order: [String] = []
        var points: [String: (train: [(Int, Double)], test: [(Int, Double)])] = [:]
        var issues: [ValidationIssue] = []
        for record in document.records {
            let name = record.fields[seriesColumn]
            guard let time = Int(record.fields[timeColumn]) else {
                issues.append(.error(document.file, line: record.line, column: timeColumn + 1,
                                     "t ‘\(record.fields[timeColumn])’ is not a whole number"))
                continue
            }
            guard let value = Double(record.fields[valueColumn]), value.isFinite else {
                issues.append(.error(document.file, line: record.line, column: valueColumn + 1,
                                     "value ‘\(record.fields[valueColumn])’ is not a finite number"))
                continue
            }
            let split = splitColumn.map { record.fields[$0].lowercased() } ?? "train"
            guard split == "train" || split == "test" else {
                issues.append(.error(document.file, line: record.line, column: splitColumn! + 1,
                                     "split ‘\(split)’ must be train or test"))
                continue
            }
            if points[name] == nil { order.append(name); points[name] = ([], []) }
            if split == "train" { points[name]!.train.append((time, value)) } else { points[name]!.test.append((time, value)) }
        }
        if !issues.isEmpty { throw ValidationFailure(issues: issues) }
        var entries: [Entry] = []
        for name in order {
            let (train, test) = points[name]!
            do {
                let history = try YearlySeries(years: train.map(\.0), values: train.map(\.1))
                let holdout = test.isEmpty ? nil : try YearlySeries(years: test.map(\.0), values: test.map(\.1))
                entries.append(Entry(region: name, indicator: "value", unit: "", history: history, holdout: holdout))
            } catch {
                issues.append(.error(document.file, line: nil, "series ‘\(name)’: \(error)"))
            }
        }
        if !issues.isEmpty { throw ValidationFailure(issues: issues) }
        return ForecastInput(entries: entries, warnings: [], isCompetition: true)
    }
}
