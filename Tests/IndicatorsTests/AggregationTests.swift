import Indicators
import Testing

@Suite("Zone aggregation and coverage")
struct AggregationTests {
    static let hierarchy = try! RegionHierarchy(regions: [
        Region(id: "Jiangsu", level: .province, nameEn: "Jiangsu", nameZh: "江苏"),
        Region(id: "Zone", level: .zone, nameEn: "Zone", nameZh: "区", parentID: "Jiangsu", memberIDs: ["A", "B"]),
        Region(id: "A", level: .city, nameEn: "A", nameZh: "甲", parentID: "Jiangsu"),
        Region(id: "B", level: .city, nameEn: "B", nameZh: "乙", parentID: "Jiangsu"),
    ])

    static func panel(_ rows: [(String, Int, Double, UnitOfMeasure)]) throws -> Panel {
        try Panel(observations: rows.map { Observation(region: $0.0, indicator: "v", year: $0.1, value: $0.2, unit: $0.3, quality: .official) })
    }

    @Test func zoneIsTheSumOfMembersOnlyWhereAllAreObserved() throws {
        let panel = try Self.panel([("A", 2016, 1, .hundredMillionCNY), ("A", 2017, 2, .hundredMillionCNY), ("B", 2017, 30000, .tenThousandCNY)])
        let zone = try panel.aggregateSeries(zone: "Zone", indicator: "v", hierarchy: Self.hierarchy)
        #expect(zone.points == [YearValue(year: 2017, value: 5)])
        #expect(zone.unit == .hundredMillionCNY)
        #expect(zone.origin == .aggregate(members: ["A", "B"]))
        #expect(zone.observations.first?.quality == .derived)
        #expect(zone.observations.first?.note == "derived: sum of A, B (weakest member quality: official)")
    }

    @Test func coverageSaysObservedAggregatedPartialOrMissing() throws {
        let panel = try Self.panel([("A", 2016, 1, .count), ("A", 2017, 2, .count), ("B", 2017, 3, .count), ("Zone", 2018, 9, .count)])
        let cells = panel.coverage(region: "Zone", indicator: "v", years: 2015...2018, hierarchy: Self.hierarchy)
        #expect(cells.map(\.status) == [.missing, .partial(observedMembers: ["A"], missingMembers: ["B"]), .aggregated, .observed])
        #expect(cells.map(\.value) == [nil, nil, 5, 9])
    }

    @Test func sharesCannotBeSummed() throws {
        let panel = try Self.panel([("A", 2017, 2, .percent), ("B", 2017, 3, .percent)])
        #expect(throws: AggregationError.unit(.notAdditive(.percent))) {
            try panel.aggregateSeries(zone: "Zone", indicator: "v", hierarchy: Self.hierarchy)
        }
    }

    @Test func panelRejectsDuplicatesAndMixedUnits() {
        #expect(throws: PanelError.self) { try Self.panel([("A", 2017, 2, .count), ("A", 2017, 3, .count)]) }
        #expect(throws: PanelError.mixedUnits(key: SeriesKey(region: "A", indicator: "v"), first: .count, other: .persons)) {
            try Self.panel([("A", 2017, 2, .count), ("A", 2018, 3, .persons)])
        }
    }

    @Test func summaryCountsMissingCityYearCells() throws {
        let panel = try Self.panel([("A", 2015, 1, .count), ("A", 2018, 2, .count), ("B", 2016, 3, .count)])
        let summary = panel.summary(cities: ["A", "B"])
        #expect(summary.cityYearCells == 8)
        #expect(summary.missingCityYearCells == 5)
        #expect(summary.missingCityYearShare == 5.0 / 8.0)
        #expect(summary.years == 2015...2018)
    }
}
