import ArgumentParser
import Forecasting
import Foundation
import Reports
import Indicators

/// `sunan backtest`: out-of-sample accuracy and interval coverage, per model.
struct BacktestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backtest",
        abstract: "Measure forecast accuracy out of sample: sMAPE, MASE, RMSE, CRPS and interval coverage per model.",
        discussion: """
            With a split column (series,t,value,split), every model is fitted on the train part and forecasts \
            the whole test part, as in the forecasting competitions (with --as-of, on the train years up to \
            that year, forecasting every later observed year). Otherwise each series is cut at its last \
            --origins years in turn (rolling origin), and each cut forecasts up to --horizon observed years. \
            sMAPE, MASE (of the median forecast) and the CRPS (of the whole distribution, by quantile \
            averaging, divided by the MASE scale) are means over series (cuts); coverage is pooled over all \
            forecast years (default levels 50, 80 and 95 %). auto is calibrated on the errors pooled over the \
            series of an indicator as of each cut (a competition file: the whole file), never on later data. \
            --reliability prints instead the reliability table: the predicted probability that a year exceeds \
            ±10, ±20 and ±30 % of the last observed value, binned by decile, against how often it did.
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

    @Flag(help: "Print the reliability table of exceedance probabilities instead of the accuracy table.")
    var reliability = false

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
        let cases = BacktestCases.make(input.entries, horizon: options.horizon, origins: origins, asOf: options.asOf,
                                       from: options.historyFrom)
        guard !cases.isEmpty else {
            throw ValidationIssue.error(options.data, line: nil, "no series is long enough to hold out any year")
        }
        let levels = options.levelPercents.isEmpty ? [0.5, 0.8, 0.95] : options.levels
        let groups = ForecastPooling.groups(indicators: cases.map(\.indicator), lastYears: cases.map { $0.byOrigin ? $0.history.lastYear : nil },
                                            isCompetition: input.isCompetition, byOrigin: true)
        let items = zip(cases, groups).map { PooledForecasting.Item(history: $0.history, support: ForecastPooling.support(unitCode: $0.unit), group: $1) }
        var rows: [[String]] = [], reliabilityRows: [[String]] = []
        for name in models {
            let specification = try ModelCatalog.model(named: name, horizon: options.horizon)
            let outcomes = PooledForecasting.fit(specification, to: items, poolsGrowth: !input.isCompetition)
            var accuracies: [ForecastAccuracy] = []
            var failures = 0
            for outcome in outcomes {
                let testCase = cases[outcome.index]
                if case .failure(let error) = outcome.result, let failure = InternalFailure(error) {
                    throw failure.within("backtest of \(name), case \(outcome.index + 1)")
                }
                // A case that cannot be fitted or forecast (internal failures are thrown above) counts in `failed`.
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
                         NumberText.general(summary.rmse, digits: 10), NumberText.fixed(summary.scaledCRPS, decimals: 3)]
                        + levels.map { NumberText.fixed(100 * (summary.coverage[$0] ?? .nan), decimals: 3) })
            reliabilityRows += summary.reliability.bins.map { bin in
                [name, NumberText.fixed(bin.lower, decimals: 3), NumberText.fixed(bin.lower + 0.1, decimals: 3), String(bin.cases),
                 NumberText.fixed(bin.meanPredicted, decimals: 3), NumberText.fixed(bin.observedFrequency, decimals: 3)]
            }
            if failures > 0 {
                writeToStandardError("sunan: warning: \(name): \(failures) of \(outcomes.count) cases could not be forecast")
            }
        }
        let table: TextTable
        if reliability {
            let header = ["model", "from", "to", "cases", "predicted", "observed"]
            table = TextTable(header: header, rows: reliabilityRows, rightAligned: Set(1..<header.count))
        } else {
            let header = ["model", "cases", "failed", "points", "smape", "mase", "rmse", "crps"]
                + levels.map { "coverage\(NumberText.level($0))" }
            table = TextTable(header: header, rows: rows, rightAligned: Set(1..<header.count))
        }
        try OutputFiles.emit(table.render(format, numericColumns: Set(1..<table.header.count)), to: output)
    }
}

/// The evaluation cases of a backtest: a history to fit and the actual values that followed it.
struct BacktestCases {
    let history: YearlySeries
    /// Actual values for the years `last + 1 …` (consecutive; only observed years are kept, in order).
    let actual: [Double]
    /// The series' indicator and unit code (which pool it joins, which values it can take).
    var indicator = "", unit = ""
    /// Whether the case is pooled only with cases of the same last history year (rolling origins and
    /// --as-of cuts); a competition train part is pooled with every other train part.
    var byOrigin = true

    /// Train/test split when the input has held-out values; rolling origins otherwise.
    ///
    /// Rolling origins: the series is cut after each of its observations (keeping at least two in the
    /// history, and with `asOf` only cuts in or before that year), every cut with at least one observed
    /// year after it is a candidate, and the last `origins` candidates are evaluated.
    static func make(_ entries: [ForecastInput.Entry], horizon: Int, origins: Int, asOf: Int?, from: Int? = nil) -> [BacktestCases] {
        entries.flatMap { entry in
            cases(entry, horizon: horizon, origins: origins, asOf: asOf).map { item in
                var item = item
                if let from { item = BacktestCases(history: item.history.since(year: from), actual: item.actual, byOrigin: item.byOrigin) }
                item.indicator = entry.indicator
                item.unit = entry.unit
                return item
            }.filter { $0.history.count > 0 }
        }
    }

    /// The cases of one series (see ``make(_:horizon:origins:asOf:from:)``).
    private static func cases(_ entry: ForecastInput.Entry, horizon: Int, origins: Int, asOf: Int?) -> [BacktestCases] {
        let history = asOf.map { entry.history.through(year: $0) } ?? entry.history
        if let holdout = entry.holdout {
            if history.count == entry.history.count {
                return [BacktestCases(history: history, actual: holdout.values, byOrigin: false)]
            }
            guard let lastYear = history.lastYear else { return [] }
            // --as-of cut the train part: the actual values are every observed year after the cut,
            // train and test alike, up to the first missing year.
            let years = entry.history.years + holdout.years, values = entry.history.values + holdout.values
            var actual: [Double] = []
            while let index = years.firstIndex(of: lastYear + actual.count + 1) { actual.append(values[index]) }
            return actual.isEmpty ? [] : [BacktestCases(history: history, actual: actual)]
        }
        let series = entry.history
        guard history.count >= 2 else { return [] }
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
        return Array(candidates.suffix(origins))
    }
}
