import Foundation
import Indicators
import ScenarioFiles
import Scenarios
import SunanTestSupport
import Testing

/// The loader finds the indicator names (`indicators.csv`) the reports use: next to the regions file,
/// or else next to the first data file that has one, and validates them with the rest.
@Suite("Scenario loader: indicator names", .tags(.specification))
struct IndicatorCatalogDiscoveryTests {
    /// The fixture scenario, in a fresh folder with the fixture data, and the folder.
    static func fixtureFolder(regionsIn subfolder: String? = nil) throws -> URL {
        var text = try String(contentsOf: LoaderFixtures.folder.appendingPathComponent("valid.yaml"), encoding: .utf8)
        let folder = try LoaderFixtures.folderWithScenario(text)
        if let subfolder {
            let manager = FileManager.default
            try manager.createDirectory(at: folder.appendingPathComponent(subfolder), withIntermediateDirectories: true)
            try manager.moveItem(at: folder.appendingPathComponent("regions.csv"),
                                 to: folder.appendingPathComponent("\(subfolder)/regions.csv"))
            text = text.replacingOccurrences(of: "regions: regions.csv", with: "regions: \(subfolder)/regions.csv")
            try text.write(to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        }
        return folder
    }

    /// An indicator names file naming `tech_market_value_outflow` as `name`.
    static func writeCatalog(in folder: URL, name: String) throws {
        try "indicator,name_en,name_zh\ntech_market_value_outflow,\(name),技术市场\n"
            .write(to: folder.appendingPathComponent(IndicatorCatalog.fileName), atomically: true, encoding: .utf8)
    }

    @Test func withoutANamesFileThereIsNoCatalog() throws {
        let loaded = try ScenarioLoader.load(path: LoaderFixtures.folder.appendingPathComponent("valid.yaml").path)
        #expect(loaded.catalog == nil)
        #expect(loaded.inputs.targets.map(\.id) == ["Z2020-contracts"])
        #expect(loaded.inputs.specification.zone?.members == ["Nanjing", "Wuxi", "Suzhou"])
    }

    @Test func theRegionsFilesFolderComesFirst() throws {
        let folder = try Self.fixtureFolder(regionsIn: "geo")
        try Self.writeCatalog(in: folder, name: "next to the data")
        try Self.writeCatalog(in: folder.appendingPathComponent("geo"), name: "next to the regions")
        let loaded = try ScenarioLoader.load(path: folder.appendingPathComponent("s.yaml").path)
        #expect(loaded.catalog?.entry("tech_market_value_outflow")?.nameEn == "next to the regions")
    }

    @Test func otherwiseTheDataFilesFolder() throws {
        let folder = try Self.fixtureFolder(regionsIn: "geo")
        try Self.writeCatalog(in: folder, name: "next to the data")
        let loaded = try ScenarioLoader.load(path: folder.appendingPathComponent("s.yaml").path)
        #expect(loaded.catalog?.entry("tech_market_value_outflow")?.nameEn == "next to the data")
        #expect(loaded.warnings.isEmpty)
    }

    @Test func theFirstDataFileWithANamesFileWins() throws {
        let folder = try TemporaryFolder.make(prefix: "sunan-catalog")
        for sub in ["a", "b", "c"] {
            try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try Self.writeCatalog(in: folder.appendingPathComponent("b"), name: "b")
        try Self.writeCatalog(in: folder.appendingPathComponent("c"), name: "c")
        let root = folder.path
        #expect(ScenarioLoader.indicatorCatalogPath(regions: nil, data: ["\(root)/a/x.csv", "\(root)/b/y.csv", "\(root)/c/z.csv"])
            == "\(root)/b/\(IndicatorCatalog.fileName)")
        #expect(ScenarioLoader.indicatorCatalogPath(regions: "\(root)/a/regions.csv", data: ["\(root)/c/z.csv"])
            == "\(root)/c/\(IndicatorCatalog.fileName)")
        #expect(ScenarioLoader.indicatorCatalogPath(regions: nil, data: ["\(root)/a/x.csv"]) == nil)
    }

    @Test func aNamesFileWithErrorsFailsTheLoadAtItsLine() throws {
        let folder = try Self.fixtureFolder()
        try "indicator,name_en,name_zh\ngdp,GDP,地区生产总值\ngdp,Gross product,生产总值\n"
            .write(to: folder.appendingPathComponent(IndicatorCatalog.fileName), atomically: true, encoding: .utf8)
        let path = folder.appendingPathComponent("s.yaml").path
        do throws(ValidationFailure) {
            _ = try ScenarioLoader.load(path: path)
            Issue.record("a repeated indicator in indicators.csv must fail the load")
        } catch {
            let catalogPath = folder.appendingPathComponent(IndicatorCatalog.fileName).path
            #expect(error.errors.map(\.description) == [
                "\(catalogPath):3:1: error: indicator ‘gdp’ is already named at \(catalogPath):2; keep one row per indicator",
            ])
        }
    }

    @Test func aNamesFileWarningIsAWarningOfTheScenario() throws {
        let folder = try Self.fixtureFolder()
        try "indicator,name_en,name_zh\ngdp,GDP,\n"
            .write(to: folder.appendingPathComponent(IndicatorCatalog.fileName), atomically: true, encoding: .utf8)
        let loaded = try ScenarioLoader.load(path: folder.appendingPathComponent("s.yaml").path)
        #expect(loaded.catalog?.entry("gdp")?.nameEn == "GDP")
        #expect(loaded.warnings.map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") } == [
            "indicators.csv:2:3: warning: indicator ‘gdp’ has no Chinese name; Chinese reports will show the English one",
        ])
    }
}
