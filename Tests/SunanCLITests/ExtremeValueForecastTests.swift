import Foundation
import SunanTestSupport
import Testing

/// Issue 14, item 11: extreme but computable histories never give a blank, infinite, negative or
/// zero-width forecast of a positive series, and a run with too few draws says so.
@Suite("Extreme values through forecast, backtest and run", .tags(.specification))
struct ExtremeValueForecastTests {
    /// A positive series alternating between 1e90 and 1e-90 (inside the computable magnitudes).
    static let alternating: String = {
        var text = "region,indicator,year,value\n"
        for (index, year) in (2010...2017).enumerated() { text += "A,x,\(year),\(index.isMultiple(of: 2) ? "1e90" : "1e-90")\n" }
        return text
    }()

    @Test("every forecast cell of an alternating 1e90 / 1e-90 series is a finite positive number, the 95 % interval not narrower than the 80 %")
    func alternatingForecast() throws {
        let file = try writeTemporary(Self.alternating)
        let outcome = try SunanProcess.run(["forecast", "--data", file.path, "--horizon", "3"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let rows = csvRows(outcome.standardOutput).dropFirst()
        #expect(rows.count == 3)
        for row in rows {
            let numbers = row[4...8].map { Double($0) }
            #expect(numbers.allSatisfy { $0 != nil && $0!.isFinite && $0! > 0 }, "\(row)")
            let (mean, lo80, hi80, lo95, hi95) = (numbers[0]!, numbers[1]!, numbers[2]!, numbers[3]!, numbers[4]!)
            #expect(lo95 <= lo80 && lo80 < hi80 && hi80 <= hi95, "\(row)")
            #expect(mean >= lo95 && mean <= hi95, "\(row)")
        }
    }

    @Test("backtest of the same series prints a number in every metric column")
    func alternatingBacktest() throws {
        let file = try writeTemporary(Self.alternating)
        let outcome = try SunanProcess.run(["backtest", "--data", file.path, "--horizon", "2", "--format", "csv"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let rows = csvRows(outcome.standardOutput)
        #expect(rows.count == 2)
        let metrics = try #require(rows.last).dropFirst(4)
        #expect(!metrics.isEmpty && metrics.allSatisfy { Double($0)?.isFinite == true }, "\(rows)")
    }

    @Test("a run with fewer than 1,000 draws warns that the Monte Carlo error of p_meet cannot be estimated")
    func fewDrawsWarn() throws {
        let folder = try SunanProcess.temporaryFolder()
        let outcome = try SunanProcess.run(["run", Repository.path("scenarios/sunan-2020.yaml"), "--draws", "1",
                                            "--out", folder.appendingPathComponent("out").path])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.contains("1 draws per scenario are too few for the Monte Carlo error of p_meet to be estimated"))
        let quiet = try SunanProcess.run(["run", Repository.path("scenarios/sunan-2020.yaml"), "--draws", "1000",
                                          "--out", folder.appendingPathComponent("out2").path, "--quiet"])
        #expect(quiet.status == 0 && !quiet.standardError.contains("too few"))
    }
}
