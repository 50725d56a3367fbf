import ArgumentParser
import Forecasting
import Foundation
import Reports
import Indicators

/// Options shared by `sunan forecast` and `sunan backtest`.
struct ForecastOptions: ParsableArguments {
    @Option(help: "CSV with region,indicator,year,value (or series,t,value[,split]).")
    var data: String

    @Option(help: "Years to forecast.")
    var horizon: Int = 5

    @Option(help: "Use history up to and including this year only (stand where a planner stood).")
    var asOf: Int?

    @Option(name: .customLong("from"), help: "Use history from this year on only (the first history year; a scenario's historyFrom).")
    var historyFrom: Int?

    @Option(name: .customLong("level"), help: "Interval level in percent (repeatable; default 80 and 95).")
    var levelPercents: [Double] = []

    /// Levels as fractions, sorted (80 and 95 % by default).
    var levels: [Double] { (levelPercents.isEmpty ? [80, 95] : levelPercents).map { $0 / 100 }.sorted() }

    func validate() throws {
        guard (1...200).contains(horizon) else { throw ValidationError("--horizon must be from 1 to 200 years; got \(horizon)") }
        for level in levelPercents where !(level > 0 && level < 100) {
            throw ValidationError("--level must be a percentage between 0 and 100, e.g. 80 or 95; got \(level)")
        }
        if let from = historyFrom, let asOf, from > asOf {
            throw ValidationError("--from \(from) is after --as-of \(asOf): no history would be left; choose --from at or before --as-of")
        }
    }

    /// `history` restricted to the years `--from` … `--as-of`.
    func window(_ history: YearlySeries) -> YearlySeries {
        let cut = asOf.map { history.through(year: $0) } ?? history
        return historyFrom.map { cut.since(year: $0) } ?? cut
    }
}

/// Output formats of the forecasting commands.
enum TableFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, json, markdown, text
}

/// `sunan forecast`: forecasts every series of a file with intervals.
struct ForecastCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "forecast",
        abstract: "Forecast every series in a CSV file, with 80 % and 95 % intervals.",
        discussion: "Output columns: region,indicator,year,model,mean,lo80,hi80,lo95,hi95 (one lo/hi pair per --level). "
            + "auto is calibrated on the out-of-sample errors pooled over the file's regions of the same indicator "
            + "(a series,t,value file: over the whole file), using only the history window (--from … --as-of); "
            + "series in count units (个, 件, 项 …) get count forecasts, other known units stay at or above 0. "
            + "A series that cannot be forecast is reported on stderr and skipped. Models: \(ModelCatalog.names.joined(separator: ", "))."
    )

    @OptionGroup var options: ForecastOptions

    @Option(help: "Model family, or auto (the median of eight simple methods, with intervals calibrated on pooled errors).")
    var model: String = "auto"

    @Option(help: "Output format: csv, json, markdown or text.")
    var format: TableFormat = .csv

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output.")
    var output: String?

    func validate() throws {
        do {
            _ = try ModelCatalog.model(named: model, horizon: options.horizon)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() throws {
        let specification = try ModelCatalog.model(named: model, horizon: options.horizon)
        let input = try ForecastInput.read(path: options.data)
        input.warnings.forEach { writeToStandardError($0.description) }
        let histories = input.entries.map { options.window($0.history) }
        if let asOf = options.asOf, !histories.isEmpty, histories.allSatisfy({ $0.count == 0 }) {
            let first = input.entries.compactMap { $0.history.years.first }.min().map { " (the earliest is \($0))" } ?? ""
            throw ValidationIssue.error(options.data, line: nil,
                "--as-of \(asOf) is before the first year of every series\(first): no history is left to forecast from; choose a later --as-of")
        }
        let groups = ForecastPooling.groups(indicators: input.entries.map(\.indicator), lastYears: histories.map(\.lastYear),
                                            isCompetition: input.isCompetition, byOrigin: false)
        let items = zip(zip(input.entries, histories), groups).map { pair, group in
            PooledForecasting.Item(history: pair.1, support: ForecastPooling.support(unitCode: pair.0.unit), group: group)
        }
        let outcomes = PooledForecasting.fit(specification, to: items, poolsGrowth: !input.isCompetition)
        let levels = options.levels
        var rows: [[String]] = []
        rows.reserveCapacity(outcomes.count * options.horizon)
        var failures = 0
        var defaultLaw: [String] = []
        for outcome in outcomes {
            let entry = input.entries[outcome.index]
            switch outcome.result {
            case .failure(let error):
                if let failure = InternalFailure(error) { throw failure.within("\(entry.region)/\(entry.indicator)") }
                failures += 1
                writeToStandardError("sunan: warning: \(entry.region)/\(entry.indicator): skipped: \(error)")
            case .success(let fitted):
                if fitted.selection?.usesDefaultErrorLaw == true, !defaultLaw.contains(entry.indicator) { defaultLaw.append(entry.indicator) }
                let forecast = try fitted.forecast(horizon: options.horizon)
                for step in forecast.steps {
                    var row = [entry.region, entry.indicator, String(step.year), forecast.model, NumberText.general(step.mean, digits: 10)]
                    row.reserveCapacity(row.count + 2 * levels.count)
                    for level in levels {
                        let interval = step.interval(level: level)
                        row.append(NumberText.general(interval.lowerBound, digits: 10))
                        row.append(NumberText.general(interval.upperBound, digits: 10))
                    }
                    rows.append(row)
                }
            }
        }
        if failures > 0 {
            writeToStandardError("sunan: warning: \(failures) of \(outcomes.count) series could not be forecast (see above)")
        }
        for indicator in defaultLaw {
            writeToStandardError("sunan: note: \(indicator): too few series (fewer than \(PooledErrorLaw.minimumSeries) with out-of-sample "
                + "errors, or fewer than \(PooledErrorLaw.minimumErrors) errors) to learn auto's error law from; its intervals use a "
                + "default Student-t(4) law; more regions or years would make them more trustworthy")
        }
        guard failures < outcomes.count || outcomes.isEmpty else {
            throw ValidationIssue.error(options.data, line: nil, "no series could be forecast")
        }
        let levelNames = levels.map(NumberText.level)
        let header = ["region", "indicator", "year", "model", "mean"] + levelNames.flatMap { ["lo\($0)", "hi\($0)"] }
        let table = TextTable(header: header, rows: rows, rightAligned: Set(2..<header.count).subtracting([3]))
        try OutputFiles.emit(table.render(format, numericColumns: Set([2]).union(4..<header.count)), to: output)
    }
}

extension TextTable {
    /// The table in one of the command-line formats.
    func render(_ format: TableFormat, numericColumns: Set<Int>) -> String {
        switch format {
        case .csv: return csv()
        case .json: return json(numericColumns: numericColumns)
        case .markdown: return markdown() + "\n"
        case .text: return plainText() + "\n"
        }
    }
}
