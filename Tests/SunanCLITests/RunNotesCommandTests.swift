import Foundation
import SunanTestSupport
import Testing

/// `sunan run` states what weakened its numbers: a region's count left out of auto's calibration pool
/// is printed after the run and written into summary.md and results.json.
@Suite("sunan run prints and writes its notes", .tags(.specification))
struct RunNotesCommandTests {
    /// Six regions of a net count of new bases (个, which may be negative by its name), 2010–2017; R3 has −2 in 2014.
    static func folder() throws -> URL {
        let folder = try SunanProcess.temporaryFolder()
        var data = "region,indicator,year,value,unit\n"
        for r in 1...6 {
            for year in 2010...2017 { data += "R\(r),net_bases,\(year),\(r == 3 && year == 2014 ? -2 : r + year - 2008),个\n" }
        }
        try data.write(to: folder.appendingPathComponent("data.csv"), atomically: true, encoding: .utf8)
        let scenario = """
            schemaVersion: 1
            title: "Run notes (test)"
            data:
              - data.csv
            asOf: 2017
            horizonYear: 2020
            projections:
              - indicator: net_bases
                unit: count
                level: regions
                regions: [R1]
            scenarios:
              - name: baseline
            simulation:
              draws: 1000
              seed: 3

            """
        try scenario.write(to: folder.appendingPathComponent("scenario.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    @Test func noteIsPrintedAndWritten() throws {
        let folder = try Self.folder()
        let out = folder.appendingPathComponent("out")
        let run = try SunanProcess.run(["run", folder.appendingPathComponent("scenario.yaml").path, "--out", out.path, "--lang", "en"])
        try #require(run.status == 0, "\(run.standardError)")
        #expect(run.standardError.contains("sunan: warning: R3's net bases is -2 in 2014, and a count cannot be negative, so it is left "
                                           + "out of the pool that calibrates the auto forecasts of net bases"), "\(run.standardError)")
        let summary = try String(contentsOf: out.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("## What weakened the computation"), "\(summary)")
        let json = try String(contentsOf: out.appendingPathComponent("results.json"), encoding: .utf8)
        #expect(json.contains("\"kind\": \"left out of calibration pool\", \"subject\": \"R3/net_bases\""), "\(json)")
    }
}
