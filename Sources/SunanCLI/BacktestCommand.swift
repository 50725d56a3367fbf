import ArgumentParser
import Forecasting
import Foundation
import Reports
import Indicators

/// `sunan backtest`: out-of-sample accuracy and interval coverage, per model.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Measure forecast accuracy out of sample: sMAPE, MASE, RMSE and interval coverage per model.",
        discussion: """
            With a split column (series,t,value,split), every model is fitted on the train part and forecasts \
            the whole test part, as in the forecasting competitions (with --as-of, on the train years up to \
            that year, forecasting every later observed year). Otherwise each series is cut at its last \
            --origins years in turn (rolling origin), and each cut forecasts up to --horizon observed years. \
            sMAPE and MASE are means over series (cuts); coverage is pooled over all forecast years.
            """
    )

    @OptionGroup var options: ForecastOptions

    @Option(help: "Comma-separated models to evaluate.", transform: { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } })
    var models: [String] = ["auto"]

    @Option(help: "Rolling origins per series when the file has no split column.")
    var origins: Int = 5

    @Option(help: "Output format: text, csv, json or markdown.")
    var format: TableFormat = .text

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func validate() throws {
        guard origins >= 1 else { throw ValidationError("--origins must be at least 1") }
        for name in models {
            do {
                _ = try ModelCatalog.model(named: name, horizon: options.horizon)
            } catch {
                throw ValidationError("\(error)")
            }
        }
    }

    func run() throws {
        let input = try ForecastInput.read(path: options.data)
        input.warnings.forEach { writeToStandardError($0.description) }
        let cases = BacktestCases.make(input.entries, horizon: options.horizon, origins: origins, asOf: options.asOf)
        guard !cases.isEmpty else {
            throw ValidationIssue.error(options.data, line: nil, "no series is long enough to hold out any year")
        }
        let levels = options.levels
        var rows: [[String]] = []
        for name in models {
            let specification = try ModelCatalog.model(named: name, horizon: options.horizon)
            let outcomes = BatchForecasting.fit(specification, to: cases.map(\.history))
            var accuracies: [ForecastAccuracy] = []
            var failures = 0
            for outcome in outcomes {
                let testCase = cases[outcome.index]
                if case .failure(let error) = outcome.result, let failure = InternalFailure(error) {
                    throw failure.within("backtest of \(name), case \(outcome.index + 1)")
                }
                guard case .success(let fitted) = outcome.result,
                      let forecast = try? fitted.forecast(horizon: testCase.actual.count) else {
                    failures += 1
                    continue
                }
                accuracies.append(ForecastAccuracy(forecast: forecast.steps, actual: testCase.actual,
                                                   training: testCase.history.values, levels: levels))
            }
            let summary = AccuracySummary(accuracies, levels: levels)
            rows.append([name, String(summary.seriesCount), String(failures), String(summary.stepCount),
                         NumberText.fixed(summary.smape, decimals: 3), NumberText.fixed(summary.mase, decimals: 3),
                         NumberText.general(summary.rmse, digits: 10)]
                        + levels.map { NumberText.fixed(100 * (summary.coverage[$0] ?? .nan), decimals: 3) })
            if failures > 0 {
                writeToStandardError("sunan: warning: \(name): \(failures) of \(outcomes.count) cases could not be forecast")
            }
        }
        let header = ["model", "cases", "failed", "points", "smape", "mase", "rmse"]
            + levels.map { "coverage\(NumberText.level($0))" }
        let table = TextTable(header: header, rows: rows, rightAligned: Set(1..<header.count))
        try OutputFiles.emit(table.render(format, numericColumns: Set(1..<header.count)), to: output)
    }
}

/// The evaluation cases of a backtest: a history to fit and the actual values that followed it.
struct BacktestCases {
    let history: YearlySeries
    /// Actual values for the years `last + 1 …` (consecutive; only observed years are kept, in order).
    let actual: [Double]

    /// Train/test split when the input has held-out values; rolling origins otherwise.
    ///
    /// Rolling origins: the series is cut after each of its observations (keeping at least two in the
    /// history, and with `asOf` only cuts in or before that year), every cut with at least one observed
    /// year after it is a candidate, and the last `origins` candidates are evaluated.
    static func make(_ entries: [ForecastInput.Entry], horizon: Int, origins: Int, asOf: Int?) -> [BacktestCases] {
        var cases: [BacktestCases] = []
        for entry in entries {
            let history = asOf.map { entry.history.through(year: $0) } ?? entry.history
            if let holdout = entry.holdout {
                if history.count == entry.history.count {
                    cases.append(BacktestCases(history: history, actual: holdout.values))
                    continue
                }
                guard let lastYear = history.lastYear else { continue }
                // --as-of cut the train part: the actual values are every observed year after the cut,
                // train and test alike, up to the first missing year.
                let years = entry.history.years + holdout.years, values = entry.history.values + holdout.values
                var actual: [Double] = []
                while let index = years.firstIndex(of: lastYear + actual.count + 1) { actual.append(values[index]) }
                if !actual.isEmpty { cases.append(BacktestCases(history: history, actual: actual)) }
                continue
            }
            let series = entry.history
            guard history.count >= 2 else { continue }
            var candidates: [BacktestCases] = []
            for cut in 2...history.count {
                let fitted = series.prefix(cut)
                guard let lastYear = fitted.lastYear else { continue }
                var actual: [Double] = []
                for step in 1...horizon {
                    guard let value = series.years.firstIndex(of: lastYear + step).map({ series.values[$0] }) else { break }
                    actual.append(value)
                }
                if !actual.isEmpty { candidates.append(BacktestCases(history: fitted, actual: actual)) }
            }
            cases += candidates.suffix(origins)
        }
        return cases
    }
}
