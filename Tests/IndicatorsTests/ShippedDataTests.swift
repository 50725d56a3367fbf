import Foundation
import Indicators
import SunanTestSupport
import Testing

/// The files in notebooks-data/ (the repository's own copy) load without errors and hold what the README says.
@Suite("Shipped data", .tags(.reference))
struct ShippedDataTests {
    static let names = ["china-provinces-st-panel.csv", "sunan-cities.csv", "cities.csv", "targets.csv", "regions.csv"]

    @Test func everyShippedFilePassesTheCheckWithoutWarnings() {
        let report = DataValidator.check(paths: Self.names.map(Support.shipped))
        #expect(report.issues.map(\.description) == [])
        #expect(report.files.map(\.kind) == [.panel, .panel, .cityProfiles, .targets, .regions])
        #expect(report.targets.count == 54)
        #expect(report.cityProfiles.count == 5)
        let summary = report.summary
        #expect(summary.years == 1990...2023)
        #expect(summary.regions.contains("Sunan"))
        #expect(summary.missingCityYearShare.map { $0 > 0.3 } == true)
    }

    @Test func contractValueBasesAreSeparateIndicators() throws {
        let reading = try PanelLoader.load(paths: [Support.shipped("china-provinces-st-panel.csv"), Support.shipped("sunan-cities.csv")])
        let yearbook = try #require(reading.panel.series(region: "Jiangsu", indicator: "tech_market_value_outflow"))
        #expect(yearbook.unit == .tenThousandCNY)
        #expect(try yearbook.converted(to: .hundredMillionCNY).value(in: 2021).map { abs($0 - 2606.1663085424) < 1e-6 } == true)
        let registered = reading.panel.series(region: "Jiangsu", indicator: "tech_contract_value")
        #expect(registered?.value(in: 2021) == 3013.56)
        #expect(registered?.observation(in: 2021)?.quality == .official)
    }

    @Test func gdpSeriesAreSortedAndConvertible() throws {
        let reading = try PanelLoader.load(paths: [Support.shipped("sunan-cities.csv")])
        let gdp = try #require(try reading.panel.series(SeriesKey(region: "Suzhou", indicator: "gdp"), in: .tenThousandCNY))
        #expect(gdp.years == gdp.years.sorted())
        #expect(gdp.unit == .tenThousandCNY)
        // Every row of Suzhou's GDP in the file names the CSMAR compilation as its source; 1990–2021 without 1991.
        #expect(gdp.observations.allSatisfy { $0.source.contains("CSMAR") })
        #expect(gdp.years == [1990] + Array(1992...2021))
        #expect(gdp.observations.first?.attributes["region_zh"] == "苏州")
    }
}
