import Foundation
import Indicators
import SunanTestSupport
import Testing

/// Region names in data files: ids, or the Chinese or English names of the regions file, read as ids.
@Suite("Region names read as ids", .tags(.specification))
struct RegionNamesTests {
    static let regions = """
        id,level,name_en,name_zh,name_zh_hant,parent,members
        China,country,China,全国,全國,,
        Jiangsu,province,Jiangsu,江苏,江蘇,China,
        Suzhou,city,Suzhou,苏州,蘇州,Jiangsu,
        Suzhou-AH,city,Suzhou (Anhui),宿州,宿州,China,
        Taizhou-JS,city,Taizhou,泰州,泰州,Jiangsu,
        Taizhou-ZJ,city,Taizhou,台州,台州,China,
        Nanjing,city,Nanjing,南京,南京,Jiangsu,
        Sunan,zone,Sunan demonstration zone,苏南五市,蘇南五市,Jiangsu,Nanjing;Suzhou
        """

    static let hierarchy: RegionHierarchy = {
        let (read, issues) = RegionLoader.read(DataFile(name: "regions.csv", text: regions))
        precondition(!issues.contains { $0.severity == .error }, "\(issues)")
        return read!
    }()

    @Test("ids, Chinese (simplified and traditional) and English names map to the id",
          arguments: [("Nanjing", "Nanjing"), ("南京", "Nanjing"), ("蘇州", "Suzhou"), ("苏州", "Suzhou"), ("Suzhou (Anhui)", "Suzhou-AH"),
                      ("江苏", "Jiangsu"), (" 江苏 ", "Jiangsu"), ("苏南五市", "Sunan"), ("Sunan demonstration zone", "Sunan")])
    func mapped(_ name: String, _ id: String) {
        #expect(RegionNameMap(hierarchy: Self.hierarchy).id(for: name) == id)
    }

    @Test("a name two regions share, and an unknown name, stay as written", arguments: ["Taizhou", "Shanghai", "上海", ""])
    func unmapped(_ name: String) {
        #expect(RegionNameMap(hierarchy: Self.hierarchy).id(for: name) == name)
    }

    @Test("a panel read with the regions file: names become ids, each mapping counted once per file and name")
    func panel() throws {
        let text = "region,indicator,year,value\n南京,gdp,2016,1\n南京,gdp,2017,2\nSuzhou,gdp,2017,3\n苏州,gdp,2016,4\n"
        let reading = PanelLoader.read([DataFile(name: "data.csv", text: text)], regions: Self.hierarchy)
        #expect(reading.issues.isEmpty)
        #expect(reading.panel.series(region: "Nanjing", indicator: "gdp")?.values == [1, 2])
        #expect(reading.panel.series(region: "Suzhou", indicator: "gdp")?.values == [4, 3])
        #expect(reading.regionMappings == [
            RegionNameMapping(file: "data.csv", name: "南京", id: "Nanjing", line: 2, rows: 2),
            RegionNameMapping(file: "data.csv", name: "苏州", id: "Suzhou", line: 5, rows: 1),
        ])
        #expect(reading.regionMappings[0].description == "data.csv:2: ‘南京’ read as region ‘Nanjing’ (2 rows)")
        #expect(PanelLoader.read([DataFile(name: "data.csv", text: text)]).panel.series(region: "南京", indicator: "gdp") != nil)
    }

    @Test("a row by name and a row by id of the same year are duplicates")
    func duplicateAcrossSpellings() {
        let text = "region,indicator,year,value\nNanjing,gdp,2017,1\n南京,gdp,2017,1\n"
        let reading = PanelLoader.read([DataFile(name: "data.csv", text: text)], regions: Self.hierarchy)
        #expect(reading.issues.contains { $0.severity == .error && $0.line == 3 && $0.description.contains("duplicate row") })
    }

    @Test("check reads the regions file first, wherever it is listed, and reports the mappings")
    func checkMapsWhateverTheOrder() {
        let panel = DataFile(name: "data.csv", text: "region,indicator,year,value\n江蘇,gdp,2016,1\n江苏,gdp,2017,2\n")
        let regions = DataFile(name: "regions.csv", text: Self.regions)
        for files in [[panel, regions], [regions, panel]] {
            let report = DataValidator.check(files)
            #expect(!report.hasErrors, "\(report.issues)")
            #expect(report.files.map(\.name) == files.map(\.name))
            #expect(report.panel.series(region: "Jiangsu", indicator: "gdp")?.values == [1, 2])
            #expect(report.regionMappings.map(\.name) == ["江蘇", "江苏"])
        }
    }
}
