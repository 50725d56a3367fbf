import Foundation
import SunanTestSupport
import Testing

/// A panel of one indicator in six regions, 2010–2019, growing at different rates with a wobble.
private func panelCSV(changingAfter year: Int? = nil) -> String {
    var lines = ["region,indicator,year,value,unit"]
    for region in 0..<6 {
        for t in 0..<10 {
            var value = 100 * (1 + Double(region)) * pow(1.05 + 0.02 * Double(region), Double(t)) * (1 + 0.03 * Double((t * 7 + region) % 5 - 2))
            if let year, 2010 + t > year, region > 0 { value *= 3 }
            lines.append("R\(region),spending,\(2010 + t),\(value),100m_cny")
        }
    }
    return lines.joined(separator: "\n") + "\n"
}

/// Calibration pooled over a file's series: nothing after the origin enters, `--from` is a history
/// window, counts get count forecasts, and `backtest` reports the reliability table.
@Suite("sunan forecast and backtest: pooled calibration", .tags(.specification))
struct PooledForecastCommandTests {
    @Test("--as-of: changing other series after the as-of year changes no forecast (no leakage)")
    func noLeakage() throws {
        let original = try writeTemporary(panelCSV(), named: "panel.csv")
        let changed = try writeTemporary(panelCSV(changingAfter: 2015), named: "changed.csv")
        let a = try SunanProcess.run(["forecast", "--data", original.path, "--as-of", "2015", "--horizon", "4"])
        let b = try SunanProcess.run(["forecast", "--data", changed.path, "--as-of", "2015", "--horizon", "4"])
        #expect(a.status == 0 && b.status == 0, "\(a.standardError) \(b.standardError)")
        #expect(!a.standardOutput.isEmpty && a.standardOutput == b.standardOutput)
        let c = try SunanProcess.run(["forecast", "--data", changed.path, "--as-of", "2017", "--horizon", "4"])
        let d = try SunanProcess.run(["forecast", "--data", original.path, "--as-of", "2017", "--horizon", "4"])
        #expect(c.standardOutput != d.standardOutput)
    }

    @Test("a region's forecast depends on the other regions of its indicator (the pool)")
    func pooled() throws {
        let full = try writeTemporary(panelCSV(), named: "panel.csv")
        let alone = try writeTemporary(panelCSV().split(separator: "\n").filter { $0.hasPrefix("region") || $0.hasPrefix("R0,") }
            .joined(separator: "\n") + "\n", named: "alone.csv")
        let a = csvRows(try SunanProcess.run(["forecast", "--data", full.path, "--horizon", "3"]).standardOutput).filter { $0[0] == "R0" }
        let b = csvRows(try SunanProcess.run(["forecast", "--data", alone.path, "--horizon", "3"]).standardOutput).dropFirst()
        #expect(a.count == 3 && b.count == 3)
        #expect(a.map { $0[4...] } != b.map { $0[4...] })
    }

    @Test("a region alone in its indicator gets a note that its intervals use the default law; six regions learn the law")
    func thinPoolNote() throws {
        let full = try writeTemporary(panelCSV(), named: "panel.csv")
        let alone = try writeTemporary(panelCSV().split(separator: "\n").filter { $0.hasPrefix("region") || $0.hasPrefix("R0,") }
            .joined(separator: "\n") + "\n", named: "alone.csv")
        let pooled = try SunanProcess.run(["forecast", "--data", full.path, "--horizon", "3"])
        let single = try SunanProcess.run(["forecast", "--data", alone.path, "--horizon", "3"])
        #expect(pooled.status == 0 && single.status == 0, "\(pooled.standardError) \(single.standardError)")
        #expect(!pooled.standardError.contains("default Student-t(4) law"), "\(pooled.standardError)")
        #expect(single.standardError.contains("sunan: note: spending: too few series"), "\(single.standardError)")
        #expect(single.standardError.components(separatedBy: "default Student-t(4) law").count == 2)
    }

    @Test("--from equals forecasting a file without the earlier years")
    func historyFrom() throws {
        let full = try writeTemporary(panelCSV(), named: "panel.csv")
        let cut = try writeTemporary(panelCSV().split(separator: "\n").filter { line in
            guard let year = line.split(separator: ",").dropFirst(2).first.flatMap({ Int($0) }) else { return true }
            return year >= 2013
        }.joined(separator: "\n") + "\n", named: "cut.csv")
        let a = try SunanProcess.run(["forecast", "--data", full.path, "--from", "2013", "--horizon", "3"])
        let b = try SunanProcess.run(["forecast", "--data", cut.path, "--horizon", "3"])
        #expect(a.status == 0 && a.standardOutput == b.standardOutput)
        let bad = try SunanProcess.run(["forecast", "--data", full.path, "--from", "2016", "--as-of", "2014"])
        #expect(bad.status != 0 && bad.standardError.contains("--from 2016 is after --as-of 2014"))
    }

    @Test("the count catalogue through forecast: bounds ≥ 0, mean inside its 80 % interval, 95 % wider than 0, ≤ 100 × last")
    func countCatalogue() throws {
        let catalogue: [[Double]] = [[1, 2, 2, 3, 2], [9, 9, 9, 9, 9], [1, 1, 1, 1, 1], [0, 0, 1, 3], [0, 0, 0, 0], [5], [5, 6],
                                     [232, 325, 455, 637, 891]]
        var lines = ["region,indicator,year,value,unit"]
        for (index, values) in catalogue.enumerated() {
            for (offset, value) in values.enumerated() { lines.append("C\(index),bases,\(2018 - values.count + offset),\(value),个") }
        }
        let file = try writeTemporary(lines.joined(separator: "\n") + "\n")
        let outcome = try SunanProcess.run(["forecast", "--data", file.path, "--horizon", "6"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let rows = csvRows(outcome.standardOutput).dropFirst()
        #expect(rows.count == catalogue.count * 6)
        for row in rows {
            let index = Int(row[0].dropFirst())!
            let ceiling = 100 * max(catalogue[index].last!, 1)
            let (mean, lo80, hi80, lo95, hi95) = (Double(row[4])!, Double(row[5])!, Double(row[6])!, Double(row[7])!, Double(row[8])!)
            #expect(lo95 >= 0 && lo80 >= 0, "\(row)")
            #expect(lo80 <= mean && mean <= hi80, "\(row)")
            #expect(hi95 > lo95 && hi95 <= ceiling, "\(row)")
        }
    }

    @Test("backtest --reliability: ten deciles per model whose cases add up to six thresholds per point")
    func reliability() throws {
        let file = try writeTemporary(panelCSV(), named: "panel.csv")
        let accuracy = csvRows(try SunanProcess.run(["backtest", "--data", file.path, "--horizon", "3", "--origins", "3",
                                                     "--models", "auto,drift", "--format", "csv"]).standardOutput)
        let outcome = try SunanProcess.run(["backtest", "--data", file.path, "--horizon", "3", "--origins", "3",
                                            "--models", "auto,drift", "--format", "csv", "--reliability"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let rows = csvRows(outcome.standardOutput)
        #expect(rows.first == ["model", "from", "to", "cases", "predicted", "observed"])
        for model in ["auto", "drift"] {
            let bins = rows.filter { $0[0] == model }
            #expect(bins.map { $0[1] } == (0..<10).map { String(format: "%.3f", Double($0) / 10) })
            let points = Int(accuracy.first { $0[0] == model }![3])!
            #expect(bins.reduce(0) { $0 + Int($1[3])! } == 6 * points)
            for bin in bins where Int(bin[3])! > 0 {
                let predicted = Double(bin[4])!
                #expect(predicted >= Double(bin[1])! && predicted <= Double(bin[2])!)
            }
        }
    }
}
