import Foundation
import SunanTestSupport
import Testing

/// `sunan run`'s baseline reproduced by `sunan forecast` (issue 12), through the real commands: the
/// shipped scenarios run at their own settings (10,000 draws) and `sunan forecast --model auto` on the
/// data file holding each projected indicator, with the scenario's `--as-of`, `--from` (its
/// `historyFrom`) and `--horizon` (`horizonYear − asOf`); and the count catalogue through `sunan run`.
@Suite("sunan run's baseline is sunan forecast's distribution", .tags(.invariant), .serialized)
struct RunMatchesForecastTests {
    /// A shipped scenario and the forecasts that reproduce its baseline.
    struct Shipped: Sendable, CustomTestStringConvertible {
        let scenario: String
        let asOf: Int
        let horizon: Int
        /// Each data file with the history window (`--from`) of the indicators projected from it.
        let forecasts: [(data: String, from: Int, indicators: [String])]
        /// The indicators of projections without a driver.
        let withoutDriver: Set<String>
        var testDescription: String { scenario }
    }

    static let shipped = [
        Shipped(scenario: "scenarios/sunan-2020.yaml", asOf: 2017, horizon: 4, forecasts: [
            ("notebooks-data/china-provinces-st-panel.csv", 2010, ["tech_market_value_outflow", "gov_budget_expenditure_sci_tech"]),
            ("notebooks-data/sunan-cities.csv", 2008, ["gdp"]),
        ], withoutDriver: ["gdp"]),
        Shipped(scenario: "scenarios/leading-provinces-2025.yaml", asOf: 2020, horizon: 5, forecasts: [
            ("notebooks-data/china-provinces-st-panel.csv", 2010, ["rd_expenditure_total", "rd_expenditure_government_funds"]),
        ], withoutDriver: []),
    ]

    /// The data file's unit of `indicator` expressed in 亿元 (100m_cny), the unit both scenarios work in.
    private static func factor(_ data: String, indicator: String) throws -> Double {
        let text = try String(contentsOf: Repository.url(data), encoding: .utf8)
        let rows = csvRows(text)
        let header = rows[0]
        let indicatorColumn = try #require(header.firstIndex(of: "indicator")), unitColumn = try #require(header.firstIndex(of: "unit"))
        let unit = try #require(rows.dropFirst().first { $0[indicatorColumn] == indicator }?[unitColumn])
        let factors = ["万元": 1e-4, "亿元": 1, "100m_cny": 1]
        return try #require(factors[unit], "unit \(unit) of \(indicator) in \(data)")
    }

    @Test("every projected and driver series of the baseline: mean as forecast's within 2 % (series of a projection with a driver: 2 % + 3 Monte Carlo s.e.), 80 % bounds within 5 %",
          arguments: shipped)
    func baselineEqualsForecast(_ shipped: Shipped) throws {
        let folder = try SunanProcess.temporaryFolder().appendingPathComponent("out")
        let run = try SunanProcess.run(["run", shipped.scenario, "--out", folder.path, "--quiet", "--lang", "en"])
        try #require(run.status == 0, "\(run.standardError)")
        let cells = csvRows(try String(contentsOf: folder.appendingPathComponent("forecasts.csv"), encoding: .utf8))
        let header = cells[0]
        func column(_ name: String) throws -> Int { try #require(header.firstIndex(of: name)) }
        let (scenario, region, indicator, year, kind) = (try column("scenario"), try column("region"), try column("indicator"),
                                                         try column("year"), try column("kind"))
        let (mean, lo80, hi80, mcse) = (try column("mean"), try column("lo80"), try column("hi80"), try column("mean_mcse"))
        let baseline = cells.dropFirst().filter { $0[scenario] == cells[1][scenario] && ($0[kind] == "projected" || $0[kind] == "driver") }

        var expected: [String: [Double]] = [:]
        for (data, from, indicators) in shipped.forecasts {
            let outcome = try SunanProcess.run(["forecast", "--data", data, "--model", "auto", "--as-of", String(shipped.asOf),
                                                "--from", String(from), "--horizon", String(shipped.horizon)])
            try #require(outcome.status == 0, "\(outcome.standardError)")
            var factors: [String: Double] = [:]
            for indicator in indicators { factors[indicator] = try Self.factor(data, indicator: indicator) }
            for row in csvRows(outcome.standardOutput).dropFirst() where indicators.contains(row[1]) {
                expected["\(row[0])/\(row[1])/\(row[2])"] = [Double(row[4])!, Double(row[5])!, Double(row[6])!].map { $0 * factors[row[1]]! }
            }
        }
        #expect(baseline.count >= 20, "\(baseline.count) baseline rows")
        for row in baseline {
            let key = "\(row[region])/\(row[indicator])/\(row[year])"
            let forecast = try #require(expected[key], "\(key): no forecast row")
            let (m, lo, hi, se) = (Double(row[mean])!, Double(row[lo80])!, Double(row[hi80])!, Double(row[mcse])!)
            let meanDifference = abs(m / forecast[0] - 1)
            let boundDifference = max(abs(lo / forecast[1] - 1), abs(hi / forecast[2] - 1))
            let tolerance = shipped.withoutDriver.contains(row[indicator]) ? 0.02 : 0.02 + 3 * se / forecast[0]
            #expect(meanDifference <= tolerance, "\(key): run mean \(m), forecast \(forecast[0]) (MC s.e. \(se))")
            #expect(boundDifference <= 0.05, "\(key): run 80 % \(lo)–\(hi), forecast \(forecast[1])–\(forecast[2])")
        }
    }

    @Test("the count catalogue through sunan run: bounds ≥ 0, mean inside its 80 % interval, 95 % wider than 0, ≤ 100 × last",
          .tags(.specification))
    func countCatalogue() throws {
        let folder = try SunanProcess.temporaryFolder().appendingPathComponent("out")
        let run = try SunanProcess.run(["run", "Tests/ScenariosTests/Fixtures/counts/scenario.yaml", "--out", folder.path, "--quiet"])
        try #require(run.status == 0, "\(run.standardError)")
        let last = ["R1": 2.0, "R2": 9, "R3": 1, "R4": 3, "R5": 0, "R6": 5, "R7": 6, "R8": 891]
        let rows = csvRows(try String(contentsOf: folder.appendingPathComponent("forecasts.csv"), encoding: .utf8)).dropFirst()
        #expect(rows.count == last.count * 6)
        for row in rows {
            let ceiling = 100 * max(try #require(last[row[1]]), 1)
            let (mean, lo80, hi80, lo95, hi95) = (Double(row[5])!, Double(row[6])!, Double(row[7])!, Double(row[8])!, Double(row[9])!)
            #expect(lo95 >= 0 && lo80 >= 0, "\(row)")
            #expect(lo80 <= mean && mean <= hi80, "\(row)")
            #expect(hi95 > lo95 && hi95 <= ceiling, "\(row)")
        }
    }
}
