import Foundation
import SunanTestSupport
import Testing

/// A small contract-format input: Nanjing GDP 2010–2017, Wuxi GDP with a single value, Wuxi
/// population 2010–2017 listed out of year order.
let forecastContractCSV = """
    region,indicator,year,value,unit
    Nanjing,gdp,2010,5000,100m_cny
    Nanjing,gdp,2011,5600,100m_cny
    Nanjing,gdp,2012,6100,100m_cny
    Nanjing,gdp,2013,6700,100m_cny
    Nanjing,gdp,2014,7300,100m_cny
    Nanjing,gdp,2015,8000,100m_cny
    Nanjing,gdp,2016,8800,100m_cny
    Nanjing,gdp,2017,9700,100m_cny
    Wuxi,gdp,2016,9200,100m_cny
    Wuxi,population,2017,655,10k_persons
    Wuxi,population,2010,640,10k_persons
    Wuxi,population,2011,643,10k_persons
    Wuxi,population,2012,646,10k_persons
    Wuxi,population,2013,648,10k_persons
    Wuxi,population,2014,650,10k_persons
    Wuxi,population,2015,651,10k_persons
    Wuxi,population,2016,653,10k_persons

    """

/// Writes `text` to a file called `name` in a fresh temporary folder and returns its URL.
func writeTemporary(_ text: String, named name: String = "data.csv") throws -> URL {
    let url = try SunanProcess.temporaryFolder().appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
}

/// CSV output split into rows and fields (the model label may be quoted because it contains commas).
func csvRows(_ text: String) -> [[String]] {
    text.split(separator: "\n").map { line in
        var fields: [String] = [], field = "", quoted = false
        for character in line {
            if character == "\"" { quoted.toggle() } else if character == "," && !quoted { fields.append(field); field = "" } else { field.append(character) }
        }
        fields.append(field)
        return fields
    }
}

/// `sunan forecast` end to end.
@Suite("sunan forecast", .tags(.specification))
struct ForecastCommandTests {
    @Test("CSV output: exact header, one row per series and year, ordered intervals")
    func header() throws {
        let file = try writeTemporary(forecastContractCSV)
        let outcome = try SunanProcess.run(["forecast", "--data", file.path, "--horizon", "3"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        // Two GDP series and one population series: too few to learn auto's error law, which is said once per
        // indicator; nothing else is on stderr.
        let notes = outcome.standardError.split(separator: "\n")
        #expect(notes.count == 2 && notes.allSatisfy { $0.hasPrefix("sunan: note: ") && $0.contains("default Student-t(4) law") },
                "\(outcome.standardError)")
        #expect(notes.first?.hasPrefix("sunan: note: gdp:") == true && notes.last?.hasPrefix("sunan: note: population:") == true)
        let rows = csvRows(outcome.standardOutput)
        #expect(rows.first == ["region", "indicator", "year", "model", "mean", "lo80", "hi80", "lo95", "hi95"])
        let data = rows.dropFirst()
        #expect(data.map { "\($0[0])/\($0[1])/\($0[2])" } == [
            "Nanjing/gdp/2018", "Nanjing/gdp/2019", "Nanjing/gdp/2020",
            "Wuxi/gdp/2017", "Wuxi/gdp/2018", "Wuxi/gdp/2019",
            "Wuxi/population/2018", "Wuxi/population/2019", "Wuxi/population/2020",
        ])
        for row in data {
            #expect(row.count == 9)
            #expect(row[3].hasPrefix("auto: "))
            let numbers = row[4...].map { Double($0)! }
            let (mean, lo80, hi80, lo95, hi95) = (numbers[0], numbers[1], numbers[2], numbers[3], numbers[4])
            #expect(lo95 <= lo80 && lo80 <= mean && mean <= hi80 && hi80 <= hi95, "\(row)")
        }
        // The single-value series: its value carried forward, with intervals wider than zero (issue 12).
        let single = data.filter { $0[1] == "gdp" && $0[0] == "Wuxi" }
        #expect(single.allSatisfy { $0[3] == "auto: naive" && Double($0[7])! < 9200 && Double($0[8])! > 9200 }, "\(single)")
    }

    @Test("--as-of truncates the history: the same output as a file cut at that year", .tags(.invariant))
    func asOf() throws {
        let file = try writeTemporary(forecastContractCSV)
        let outcome = try SunanProcess.run(["forecast", "--data", file.path, "--horizon", "2", "--as-of", "2014", "--model", "linear"])
        let cutText = forecastContractCSV.split(separator: "\n").filter { line in
            guard let year = line.split(separator: ",").dropFirst(2).first.flatMap({ Int($0) }) else { return true }
            return year <= 2014
        }.joined(separator: "\n") + "\n"
        let cut = try writeTemporary(cutText)
        let reference = try SunanProcess.run(["forecast", "--data", cut.path, "--horizon", "2", "--model", "linear"])
        #expect(outcome.status == 0 && reference.status == 0)
        #expect(outcome.standardOutput == reference.standardOutput)
        #expect(csvRows(outcome.standardOutput).dropFirst().map { $0[2] } == ["2015", "2016", "2015", "2016"])
        // Wuxi GDP has no observation up to 2014: reported as skipped (the cut file does not have it at all).
        #expect(outcome.standardError.contains("Wuxi/gdp: skipped"))
        // Linear trend through 2010–2014 Nanjing GDP (5000, 5600, 6100, 6700, 7300): slope
        // Σ(t − 2)(y − 6140)/Σ(t − 2)² = 5700/10 = 570, anchored at the last value: 2015 → 7300 + 570 = 7870.
        #expect(csvRows(outcome.standardOutput)[1][4] == "7870")
    }

    @Test("--level changes the interval columns", arguments: [
        (["--level", "90"], ["lo90", "hi90"]),
        (["--level", "50", "--level", "97.5"], ["lo50", "hi50", "lo97.5", "hi97.5"]),
    ])
    func levels(arguments: [String], columns: [String]) throws {
        let file = try writeTemporary(forecastContractCSV)
        let outcome = try SunanProcess.run(["forecast", "--data", file.path, "--horizon", "1", "--model", "drift"] + arguments)
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let rows = csvRows(outcome.standardOutput)
        #expect(rows[0] == ["region", "indicator", "year", "model", "mean"] + columns)
        #expect(rows.dropFirst().allSatisfy { $0.count == 5 + columns.count })
    }

    @Test("-o FILE writes the table to the file and nothing to standard output")
    func outputFile() throws {
        let file = try writeTemporary(forecastContractCSV)
        let target = file.deletingLastPathComponent().appendingPathComponent("forecast.csv")
        let written = try SunanProcess.run(["forecast", "--data", file.path, "-o", target.path])
        let printed = try SunanProcess.run(["forecast", "--data", file.path])
        #expect(written.status == 0)
        #expect(written.standardOutput.isEmpty)
        #expect(try String(contentsOf: target, encoding: .utf8) == printed.standardOutput)
    }

    @Test("a series that cannot be forecast is reported on stderr and skipped; the others are forecast")
    func failingSeriesIsSkipped() throws {
        let file = try writeTemporary(forecastContractCSV)
        let outcome = try SunanProcess.run(["forecast", "--data", file.path, "--model", "linear", "--horizon", "2"])
        #expect(outcome.status == 0)
        #expect(outcome.standardError == """
            sunan: warning: Wuxi/gdp: skipped: linear needs at least 3 observations; the series has 1
            sunan: warning: 1 of 3 series could not be forecast (see above)

            """)
        let keys = csvRows(outcome.standardOutput).dropFirst().map { "\($0[0])/\($0[1])" }
        #expect(keys == ["Nanjing/gdp", "Nanjing/gdp", "Wuxi/population", "Wuxi/population"])
    }

    @Test("when no series can be forecast the run fails")
    func nothingForecast() throws {
        let file = try writeTemporary("region,indicator,year,value\nNanjing,gdp,2010,5\n")
        let outcome = try SunanProcess.run(["forecast", "--data", file.path, "--model", "linear"])
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("no series could be forecast"))
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test("an unknown model, a bad horizon or level exit 1 with a message", arguments: [
        (["--model", "arima"], "unknown model 'arima'"),
        (["--horizon", "0"], "--horizon must be from 1 to 200"),
        (["--level", "120"], "--level must be a percentage"),
    ])
    func badOptions(arguments: [String], message: String) throws {
        let file = try writeTemporary(forecastContractCSV)
        let outcome = try SunanProcess.run(["forecast", "--data", file.path] + arguments)
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains(message), "\(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test("a malformed file exits 1 and names file:line")
    func malformedFile() throws {
        let file = try writeTemporary("region,indicator,year,value\nNanjing,gdp,2016,1\nNanjing,gdp,2017,abc\n", named: "bad.csv")
        let outcome = try SunanProcess.run(["forecast", "--data", "bad.csv"], in: file.deletingLastPathComponent())
        #expect(outcome.status == 1)
        #expect(outcome.standardError.contains("bad.csv:3:4: error: value ‘abc’"), "\(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
        let split = try writeTemporary("series,t,value,split\nA,1,2,train\nA,x,3,train\n", named: "split.csv")
        let splitOutcome = try SunanProcess.run(["forecast", "--data", "split.csv"], in: split.deletingLastPathComponent())
        #expect(splitOutcome.status == 1)
        #expect(splitOutcome.standardError.contains("split.csv:3:2: error: t ‘x’ is not a whole number"), "\(splitOutcome.standardError)")
        let missing = try SunanProcess.run(["forecast", "--data", "no-such-file.csv"])
        #expect(missing.status == 1)
    }

    /// The statsmodels OLS trend reference of the forecasting tests, through the command line: the
    /// forecast is statsmodels' line anchored at the last observation (its prediction plus the last
    /// residual), printed with 10 significant digits, so 1e-9 relative; the intervals are wider than
    /// statsmodels' line intervals (the anchored error adds the last observation's noise).
    @Test("--model linear is statsmodels' OLS line anchored at the last observation, through the CLI", .tags(.reference))
    func linearMatchesStatsmodels() throws {
        struct Reference: Decodable {
            struct OLS: Decodable {
                let y: [Double]
                let mean: [Double], pi80_lower: [Double], pi80_upper: [Double], pi95_lower: [Double], pi95_upper: [Double]
            }
            let ols_linear_trend: OLS
        }
        let url = SunanProcess.repositoryRoot.appendingPathComponent("Tests/ForecastingTests/Fixtures/forecast-reference.json")
        let ols = try JSONDecoder().decode(Reference.self, from: Data(contentsOf: url)).ols_linear_trend
        let text = "region,indicator,year,value\n" + ols.y.enumerated().map { "Nanjing,gdp,\(2000 + $0.offset),\($0.element)" }.joined(separator: "\n") + "\n"
        let file = try writeTemporary(text)
        let outcome = try SunanProcess.run(["forecast", "--data", file.path, "--model", "linear", "--horizon", "6"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let rows = csvRows(outcome.standardOutput).dropFirst()
        let columns = (4...8).map { column in rows.map { Double($0[column])! } }
        let n = Double(ols.y.count)
        let meanT = (n - 1) / 2, meanY = ols.y.reduce(0, +) / n
        let slope = ols.y.enumerated().reduce(0.0) { $0 + (Double($1.offset) - meanT) * ($1.element - meanY) }
            / ols.y.indices.reduce(0.0) { $0 + (Double($1) - meanT) * (Double($1) - meanT) }
        let lastResidual = ols.y[ols.y.count - 1] - (meanY + slope * (n - 1 - meanT))
        let anchored = ols.mean.map { $0 + lastResidual }
        #expect(zip(columns[0], anchored).allSatisfy { abs($0 - $1) <= 1e-9 * abs($1) }, "\(columns[0]) vs \(anchored)")
        for index in columns[0].indices {
            let halfWidth95 = columns[4][index] - columns[0][index], statsmodels95 = ols.pi95_upper[index] - ols.mean[index]
            #expect(halfWidth95 > statsmodels95 && columns[1][index] > columns[3][index])
        }
        #expect(rows.map { $0[2] } == (2012...2017).map(String.init))
    }

    @Test("JSON output has one object per row with numeric values")
    func jsonFormat() throws {
        let file = try writeTemporary(forecastContractCSV)
        let outcome = try SunanProcess.run(["forecast", "--data", file.path, "--horizon", "2", "--format", "json", "--model", "drift"])
        #expect(outcome.status == 0)
        let objects = try #require(try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [[String: Any]])
        #expect(objects.count == 4)
        #expect(Set(objects[0].keys) == ["region", "indicator", "year", "model", "mean", "lo80", "hi80", "lo95", "hi95"])
        #expect(objects[0]["mean"] is NSNumber && objects[0]["region"] as? String == "Nanjing")
    }
}
