import Foundation
import Indicators
import SunanTestSupport
import Testing

/// The indicator catalog (`indicators.csv`): recognised by its header, validated, cross-checked.
@Suite("Indicator catalog", .tags(.specification))
struct IndicatorCatalogTests {
    @Test("the shipped catalog names every indicator of the data and targets, in simplified Chinese without Latin letters")
    func shippedCatalog() throws {
        let names = ["china-provinces-st-panel.csv", "sunan-cities.csv", "cities.csv", "targets.csv", "regions.csv", "indicators.csv"]
        let report = DataValidator.check(paths: names.map(Support.shipped))
        #expect(report.issues.map(\.description) == [])
        #expect(report.files.last?.kind == .indicatorCatalog)
        let catalog = try #require(report.indicatorCatalog)
        #expect(catalog.entries.count == 86)
        let used = Set(report.panel.indicators + report.targets.map(\.indicator))
        #expect(used.subtracting(catalog.keys).isEmpty)
        for entry in catalog.entries {
            #expect(!entry.nameZh.contains { $0.isASCII && $0.isLetter }, "\(entry.key): \(entry.nameZh)")
            #expect(!entry.nameEn.isEmpty && entry.unit.isKnown, "\(entry.key)")
        }
        #expect(catalog.entry("tech_contract_value")?.nameZh == "技术合同交易额（登记口径）")
        #expect(catalog.entry("gdp")?.unit == .hundredMillionCNY)
    }

    @Test("errors and warnings: empty key, no names, repeated key, unit not convertible, missing names")
    func problems() {
        let catalog = DataFile(name: "ind.csv", text: "indicator,name_en,name_zh,unit\n,a,b,\nx,,,\ngdp,GDP,地区生产总值,count\ngdp,a,b,\npop,Population,,10k_persons\n")
        let panel = DataFile(name: "p.csv", text: "region,indicator,year,value,unit\nNanjing,gdp,2017,1,100m_cny\nNanjing,jobs,2017,1,count\n")
        let report = DataValidator.check([catalog, panel])
        #expect(report.issues.map(\.description) == [
            "ind.csv: warning: 1 indicator of the data or targets has no name here: ‘jobs’",
            "ind.csv:2:1: error: the indicator key is empty",
            "ind.csv:3:2: error: indicator ‘x’ has neither an English nor a Chinese name",
            "ind.csv:4: warning: unit ‘count’ of ‘gdp’ cannot be converted to the data's unit ‘100m_cny’ (Nanjing)",
            "ind.csv:5:1: error: indicator ‘gdp’ is already named at ind.csv:4; keep one row per indicator",
            "ind.csv:6:3: warning: indicator ‘pop’ has no Chinese name; Chinese reports will show the English one",
        ])
        #expect(report.files.map(\.kind) == [.indicatorCatalog, .panel])
    }

    @Test("load refuses a catalog with errors and reads a good one")
    func load() throws {
        let folder = try TemporaryFolder.make(prefix: "catalog")
        let good = folder.appendingPathComponent("good.csv")
        try "indicator,name_en,name_zh\ngdp,Gross regional product,地区生产总值\n".write(to: good, atomically: true, encoding: .utf8)
        #expect(try IndicatorCatalogLoader.load(path: good.path).entry("gdp")?.nameZh == "地区生产总值")
        let bad = folder.appendingPathComponent("bad.csv")
        try "indicator,name_en\ngdp,GDP\n".write(to: bad, atomically: true, encoding: .utf8)
        #expect(throws: ValidationFailure.self) { try IndicatorCatalogLoader.load(path: bad.path) }
    }
}
