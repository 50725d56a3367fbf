import Foundation
import Indicators
import PropertyBased
import SunanTestSupport
import Testing

/// Random well-formed panels survive writing and reading unchanged.
@Suite("Write–read round trip", .tags(.invariant))
struct RoundTripPropertyTests {
    struct Row: Sendable, CustomStringConvertible {
        let region: Int, indicator: Int, year: Int, period: Int, value: Double, quality: Int
        let source: String, note: String, regionZh: String
        var description: String { "\(region),\(indicator),\(year),\(period),\(value),\(quality),\(source.debugDescription),\(note.debugDescription)" }
    }

    static let regions = ["Nanjing", "Wuxi", "Suzhou", "Inner Mongolia", "Sunan"]
    static let indicators = ["gdp", "tech_contract_value", "rd_intensity", "gdp_growth"]
    static let units: [UnitOfMeasure] = [.hundredMillionCNY, .tenThousandCNY, .percent, .percent]
    static let periods = ["year", "year", "Jan-May", "Q1-3", "H1"]
    static let qualities: [Quality?] = [nil, .official, .reprint, .lowerBound, .verify]
    static let characters: [Character] = Array("ab Z09,\"\n\r;:'南京億元亿元（）%·—“”\t=+-")

    static let text = Gen.int(in: 0...(characters.count - 1)).map { characters[$0] }.string(of: 0...14)

    static let row = zip(
        Gen.int(in: 0...(regions.count - 1)), Gen.int(in: 0...(indicators.count - 1)), Gen.int(in: 1990...2030),
        Gen.int(in: 0...(periods.count - 1)), Gen.double(in: -1e7...1e9), Gen.int(in: 0...(qualities.count - 1)),
        text, text, text
    ).map { region, indicator, year, period, value, quality, source, note, regionZh in
        Row(region: region, indicator: indicator, year: year, period: period, value: value, quality: quality,
            source: source, note: note, regionZh: regionZh)
    }

    /// Observations from generated rows: one per region × indicator × year × period, non-negative unless
    /// a growth indicator, surrounding whitespace removed (it is not significant in a CSV cell).
    static func observations(_ rows: [Row]) -> [Observation] {
        var seen = Set<String>()
        var result: [Observation] = []
        for row in rows {
            let cell = "\(row.region)|\(row.indicator)|\(row.year)|\(row.period)"
            guard seen.insert(cell).inserted else { continue }
            let indicator = indicators[row.indicator]
            let value = indicator.hasSuffix("growth") ? row.value : abs(row.value)
            result.append(Observation(
                region: regions[row.region], indicator: indicator, year: row.year, period: Period(periods[row.period]),
                value: value, unit: units[row.indicator], quality: qualities[row.quality],
                source: trim(row.source), note: trim(row.note), attributes: ["region_zh": trim(row.regionZh)]))
        }
        return result
    }

    static func trim(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func randomWellFormedPanelsRoundTrip() async throws {
        await propertyCheck(count: 300, input: Self.row.array(of: 0...40)) { rows in
            let panel = try Panel(observations: Self.observations(rows))
            let text = PanelWriter.csv(panel)
            let reading = PanelLoader.read([DataFile(name: "roundtrip.csv", text: text)])
            #expect(reading.issues.filter { $0.severity == .error }.isEmpty, "\(reading.issues)")
            #expect(reading.panel.observations == panel.observations)
            #expect(reading.panel.seriesKeys == panel.seriesKeys)
            #expect(PanelWriter.csv(reading.panel) == text)
        }
    }

    @Test func roundTripKeepsTheShippedCityFile() throws {
        let reading = try PanelLoader.load(paths: [Support.shipped("sunan-cities.csv")])
        let again = PanelLoader.read([DataFile(name: "again.csv", text: PanelWriter.csv(reading.panel))])
        #expect(again.issues.isEmpty)
        #expect(again.panel.observations == reading.panel.observations)
    }

    @Test func targetsRoundTripThroughTheirWriter() throws {
        let targets = try TargetLoader.load(path: Support.shipped("targets.csv"))
        let again = TargetLoader.read(DataFile(name: "t.csv", text: TargetWriter.csv(targets)))
        #expect(again.issues.isEmpty)
        #expect(again.targets == targets)
    }
}
