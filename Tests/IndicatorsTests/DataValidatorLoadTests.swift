import Foundation
import Indicators
import SunanTestSupport
import Testing

/// `DataValidator.load(paths:)`: the reading of `sunan check`, for commands that need the files without errors.
@Suite("DataValidator.load", .tags(.specification))
struct DataValidatorLoadTests {
    /// Writes `files` (name → text) into a fresh folder and returns their paths, in the order given.
    static func write(_ files: KeyValuePairs<String, String>) throws -> (folder: URL, paths: [String]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var paths: [String] = []
        for (name, text) in files {
            let url = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            paths.append(url.path)
        }
        return (folder, paths)
    }

    @Test("files without errors load into the same report as check, warnings kept")
    func accepted() throws {
        let (folder, paths) = try Self.write([
            "panel.csv": "region,indicator,year,value,\nNanjing,gdp,2016,1,a\nNanjing,gdp,2017,2,b\n",
            "regions.csv": "id,level,name_zh,name_en,parent,members\nChina,country,中国,China,,\nNanjing,city,南京,Nanjing,China,\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        let report = try DataValidator.load(paths: paths)
        let checked = DataValidator.check(paths: paths)
        #expect(report.issues == checked.issues)
        #expect(report.issues.map(\.severity) == [.warning])
        #expect(report.panel.series(region: "Nanjing", indicator: "gdp")?.values == [1, 2])
        #expect(report.hierarchy?.region("Nanjing")?.nameZh == "南京")
    }

    @Test("any error refuses the files, with every issue in file and line order")
    func refused() throws {
        let (folder, paths) = try Self.write([
            "a.csv": "region,indicator,year,value\nNanjing,gdp,2017,x\n",
            "b.csv": "region,indicator,year,value,\nNanjing,gdp,2016,1,\nNanjing,gdp,2016,2,\n",
        ])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect {
            try DataValidator.load(paths: paths)
        } throws: { error in
            (error as? ValidationFailure)?.issues.map(\.location) == ["\(paths[0]):2:4", "\(paths[1]):1:5", "\(paths[1]):3"]
        }
    }
}
