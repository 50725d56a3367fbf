import Foundation
import SunanTestSupport
import Testing

/// Three competition-layout series of 16 points: 12 `train` then 4 `test`.
private let splitSeries: [(name: String, values: [Double])] = [
    ("A", (0..<16).map { (t: Int) -> Double in 100 + 3 * Double(t) + 2 * Double(t % 3 - 1) }),
    ("B", (0..<16).map { (t: Int) -> Double in 50 * pow(1.04, Double(t)) + Double(t % 2) }),
    ("C", (0..<16).map { (t: Int) -> Double in 80 - 1.5 * Double(t) + Double((t * 7) % 5) }),
]

private let splitCSV: String = "series,t,value,split\n" + splitSeries.flatMap { series in
    series.values.enumerated().map { "\(series.name),\($0.offset + 1),\($0.element),\($0.offset < 12 ? "train" : "test")" }
}.joined(separator: "\n") + "\n"

/// The naive forecast's accuracy computed here independently: the last training value for every
/// test year; sMAPE `200|a − f|/(|a| + |f|)`, MASE scaled by the mean absolute yearly change of the
/// training part, RMSE; each averaged over steps, then over cases.
private func naiveAccuracy(_ cases: [(training: [Double], actual: [Double])]) -> (smape: Double, mase: Double, rmse: Double) {
    var smape = 0.0, mase = 0.0, rmse = 0.0
    for (training, actual) in cases {
        let f = training.last!
        let n = Double(actual.count)
        smape += actual.map { 200 * abs($0 - f) / (abs($0) + abs(f)) }.reduce(0, +) / n
        let scale = zip(training.dropFirst(), training).map { abs($0 - $1) }.reduce(0, +) / Double(training.count - 1)
        mase += actual.map { abs($0 - f) }.reduce(0, +) / n / scale
        rmse += (actual.map { ($0 - f) * ($0 - f) }.reduce(0, +) / n).squareRoot()
    }
    let count = Double(cases.count)
    return (smape / count, mase / count, rmse / count)
}

/// `sunan backtest` end to end.
@Suite("sunan backtest", .tags(.specification))
struct BacktestCommandTests {
    @Test("split layout: a table row per model; naive's metrics match an independent computation (0.0005 absolute, the printed rounding)",
          .tags(.reference))
    func splitLayout() throws {
        let file = try writeTemporary(splitCSV)
        let outcome = try SunanProcess.run(["backtest", "--data", file.path, "--horizon", "4",
                                            "--models", "auto,naive,drift,theta", "--format", "csv"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.isEmpty)
        let rows = csvRows(outcome.standardOutput)
        #expect(rows.first == ["model", "cases", "failed", "points", "smape", "mase", "rmse", "crps", "coverage50", "coverage80", "coverage95"])
        #expect(rows.dropFirst().map { $0[0] } == ["auto", "naive", "drift", "theta"])
        for row in rows.dropFirst() {
            #expect(Array(row[1...3]) == ["3", "0", "12"], "\(row)")
            let coverage = row[8...10].map { Double($0)! }
            #expect(coverage.allSatisfy { (0...100).contains($0) } && coverage[0] <= coverage[1] && coverage[1] <= coverage[2], "\(row)")
            #expect(Double(row[7])! >= 0, "\(row)")
        }
        let naive = try #require(rows.first { $0[0] == "naive" })
        let expected = naiveAccuracy(splitSeries.map { (Array($0.values.prefix(12)), Array($0.values.suffix(4))) })
        #expect(abs(Double(naive[4])! - expected.smape) <= 0.0005)
        #expect(abs(Double(naive[5])! - expected.mase) <= 0.0005)
        #expect(abs(Double(naive[6])! - expected.rmse) <= 1e-9 * expected.rmse)
    }

    /// With `--as-of 10` the models see t = 1…10 and forecast every later observed point, the last two
    /// train points and the four test points (6 per series, 18 in all), aligned year by year.
    @Test("split layout with --as-of forecasts every observed year after the cut")
    func splitLayoutAsOf() throws {
        let file = try writeTemporary(splitCSV)
        let outcome = try SunanProcess.run(["backtest", "--data", file.path, "--as-of", "10", "--models", "naive", "--format", "csv"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let naive = csvRows(outcome.standardOutput)[1]
        #expect(Array(naive[0...3]) == ["naive", "3", "0", "18"])
        let expected = naiveAccuracy(splitSeries.map { (Array($0.values.prefix(10)), Array($0.values.suffix(6))) })
        #expect(abs(Double(naive[4])! - expected.smape) <= 0.0005)
        #expect(abs(Double(naive[6])! - expected.rmse) <= 1e-9 * expected.rmse)
    }

    @Test("the text table is the default format")
    func textTable() throws {
        let file = try writeTemporary(splitCSV)
        let outcome = try SunanProcess.run(["backtest", "--data", file.path, "--horizon", "4", "--models", "drift"])
        #expect(outcome.status == 0)
        let lines = outcome.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].split(separator: " ") == ["model", "cases", "failed", "points", "smape", "mase", "rmse", "crps",
                                                   "coverage50", "coverage80", "coverage95"])
        #expect(lines[2].hasPrefix("drift"))
    }

    /// Rolling origins on the contract file: Nanjing GDP and Wuxi population have 8 years each; with
    /// `--origins 3 --horizon 2` each is cut after 5, 6 and 7 years, forecasting 2, 2 and 1 observed
    /// years: 6 cases, 10 points. The one-value Wuxi GDP series gives no case (and must not crash).
    @Test("rolling-origin mode on a contract-format file")
    func rollingOrigin() throws {
        let file = try writeTemporary(forecastContractCSV)
        let outcome = try SunanProcess.run(["backtest", "--data", file.path, "--horizon", "2", "--origins", "3",
                                            "--models", "naive,linear", "--format", "csv"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let rows = csvRows(outcome.standardOutput)
        #expect(rows.dropFirst().map { Array($0[0...3]) } == [["naive", "6", "0", "10"], ["linear", "6", "0", "10"]])
        let nanjing = [5000.0, 5600, 6100, 6700, 7300, 8000, 8800, 9700]
        let wuxi = [640.0, 643, 646, 648, 650, 651, 653, 655]
        let cases = [nanjing, wuxi].flatMap { values in
            [5, 6, 7].map { cut in (Array(values.prefix(cut)), Array(values.dropFirst(cut).prefix(2))) }
        }
        let expected = naiveAccuracy(cases)
        #expect(abs(Double(rows[1][4])! - expected.smape) <= 0.0005)
        #expect(abs(Double(rows[1][5])! - expected.mase) <= 0.0005)
        #expect(abs(Double(rows[1][6])! - expected.rmse) <= 1e-9 * expected.rmse)
    }

    /// With `--as-of 2014` the cuts are the last three in or before 2014 (after 3, 4 and 5 years),
    /// each forecasting 2 observed years: 6 cases, 12 points.
    @Test("rolling-origin mode with --as-of stands in the past")
    func rollingOriginAsOf() throws {
        let file = try writeTemporary(forecastContractCSV)
        let outcome = try SunanProcess.run(["backtest", "--data", file.path, "--horizon", "2", "--origins", "3",
                                            "--as-of", "2014", "--models", "naive", "--format", "csv"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let rows = csvRows(outcome.standardOutput)
        #expect(Array(rows[1][0...3]) == ["naive", "6", "0", "12"])
    }

    @Test("an unknown model exits 1 before any work")
    func unknownModel() throws {
        let file = try writeTemporary(splitCSV)
        let outcome = try SunanProcess.run(["backtest", "--data", file.path, "--models", "naive,prophet"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("unknown model 'prophet'"))
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test("a file with no series long enough to hold out a year fails")
    func nothingToEvaluate() throws {
        let file = try writeTemporary("region,indicator,year,value\nNanjing,gdp,2010,5\n")
        let outcome = try SunanProcess.run(["backtest", "--data", file.path])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("no series is long enough"))
    }
}
