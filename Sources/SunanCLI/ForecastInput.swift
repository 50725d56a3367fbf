import Forecasting
import Foundation
import Indicators

/// The series of a forecasting input file, in file order.
///
/// Two layouts are read, both by the data layer: the data contract of DESIGN.md
/// (`region,indicator,year,value`, plus optional `unit`, `period`, `quality` … columns; ``PanelLoader``,
/// part-year rows ignored), and the forecasting-competition layout `series,t,value[,split]`, where
/// `split` marks `train` and `test` rows (``CompetitionSeriesLoader``; the region is the series name
/// and the indicator is `value`).
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
        if CompetitionSeriesLoader.recognises(document.header) {
            return try competition(document)
        }
        let reading = PanelLoader.read(document, issues: warnings)
        if reading.hasErrors { throw ValidationFailure(issues: reading.issues) }
        let entries = try reading.panel.seriesKeys.compactMap { key -> Entry? in
            guard let series = reading.panel.series(key), !series.observations.isEmpty else { return nil }
            return Entry(region: key.region, indicator: key.indicator, unit: series.unit.code,
                         history: try yearlySeries(series.years, series.values, of: "\(key.region)/\(key.indicator)"), holdout: nil)
        }
        return ForecastInput(entries: entries, warnings: reading.issues)
    }

    /// The `series,t,value[,split]` layout, read by ``CompetitionSeriesLoader`` (whose CSV-level warnings,
    /// such as an unnamed column, are not reported for this layout).
    private static func competition(_ document: CSVDocument) throws -> ForecastInput {
        let (series, issues) = CompetitionSeriesLoader.read(document)
        if !issues.isEmpty { throw ValidationFailure(issues: issues) }
        let entries = try series.map { series in
            let history = try yearlySeries(series.trainingTimes, series.trainingValues, of: series.name)
            let holdout = series.testTimes.isEmpty ? nil : try yearlySeries(series.testTimes, series.testValues, of: series.name)
            return Entry(region: series.name, indicator: "value", unit: "", history: history, holdout: holdout)
        }
        return ForecastInput(entries: entries, warnings: [], isCompetition: true)
    }

    /// A validated series as the forecasting layer's value. The loaders have already refused what
    /// ``YearlySeries`` refuses (unordered years, values that are not finite), so a failure here is
    /// sunan's fault.
    /// - Throws: ``InternalFailure`` when the two disagree.
    private static func yearlySeries(_ years: [Int], _ values: [Double], of name: String) throws -> YearlySeries {
        do {
            return try YearlySeries(years: years, values: values)
        } catch {
            throw InternalFailure(description: "series \(name) passed validation but cannot be forecast: \(error)")
        }
    }
}
