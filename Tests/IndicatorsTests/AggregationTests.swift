import Indicators
import SunanTestSupport
import Testing

@Suite("Zone aggregation and coverage", .tags(.specification))
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

@Suite("Annual series", .tags(.specification))
struct SeriesTests {
    @Test func seriesAreSortedWithGapsReportedAndConvertible() throws {
        let key = SeriesKey(region: "Suzhou", indicator: "tech_contract_value")
        let observations = [2020, 2017, 2018].map {
            Observation(region: "Suzhou", indicator: "tech_contract_value", year: $0, value: Double($0 - 2000), unit: .hundredMillionCNY)
        }
        let series = try Series(key: key, unit: .hundredMillionCNY, observations: observations)
        #expect(series.years == [2017, 2018, 2020])
        #expect(series.missingYears == [2019])
        #expect(series.span == 2017...2020)
        #expect(series.value(in: 2019) == nil)
        #expect(try series.converted(to: .tenThousandCNY).points == [
            YearValue(year: 2017, value: 170_000), YearValue(year: 2018, value: 180_000), YearValue(year: 2020, value: 200_000),
        ])
        #expect(series.restricted(to: 2018...2030).years == [2018, 2020])
        #expect(throws: UnitError.self) { try series.converted(to: .percent) }
    }

    @Test func seriesRejectPartYearAndForeignObservations() {
        let key = SeriesKey(region: "Nanjing", indicator: "gdp")
        #expect(throws: PanelError.self) {
            try Series(key: key, unit: .hundredMillionCNY, observations: [
                Observation(region: "Nanjing", indicator: "gdp", year: 2018, period: Period("H1"), value: 1, unit: .hundredMillionCNY),
            ])
        }
        #expect(throws: PanelError.self) {
            try Series(key: key, unit: .hundredMillionCNY, observations: [
                Observation(region: "Wuxi", indicator: "gdp", year: 2018, value: 1, unit: .hundredMillionCNY),
            ])
        }
    }
}
