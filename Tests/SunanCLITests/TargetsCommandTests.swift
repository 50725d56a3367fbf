import Foundation
@testable import SunanCLI
import Reports
import SunanTestSupport
import Testing

/// `sunan targets` end to end: the plan's targets with their Chinese names.
@Suite("sunan targets", .tags(.specification))
struct TargetsCommandTests {
    @Test func year2020ListsTheFiveZoneTargetsOfClauseTwo() throws {
        let outcome = try SunanProcess.run(["targets", "--year", "2020"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let clauseTwo = outcome.standardOutput.split(separator: "\n").filter { $0.hasPrefix("2020     2  区域") }
        #expect(clauseTwo.count == 5)
        for name in ["科技成果产业化基地", "国家技术转移示范机构", "科技公共服务平台", "专业化众创空间", "技术合同交易额（登记口径）"] {
            #expect(outcome.standardOutput.contains(name), "\(name)")
        }
        #expect(outcome.standardOutput.contains("≥ 1000  亿元  年度  Z2020-contract-value"))
    }

    @Test("the whole list in Chinese and in English matches its golden file", arguments: ["zh", "en"])
    func golden(_ language: String) throws {
        let outcome = try SunanProcess.run(["targets", "--lang", language])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        try Golden.check(outcome.standardOutput, file: "targets-\(language).txt")
    }

    @Test func englishNamesUnitsAndNotes() throws {
        let outcome = try SunanProcess.run(["targets", "--year", "2018", "--lang", "en"])
        #expect(outcome.standardOutput.hasPrefix("Plan targets for 2018 (notebooks-data/targets.csv): 48\n"))
        #expect(outcome.standardOutput.contains("\nyear  clause  scope       indicator  "))
        #expect(outcome.standardOutput.contains("2018      12  zone        Technology contract value (registration basis)  "))
        #expect(outcome.standardOutput.contains("> 500  100 million yuan  annual       Z2018-contract-value\n"))
        #expect(outcome.standardOutput.contains("\n\nNotes:\n  Z2018-smb-stations: name fixed"))
    }

    @Test func year2018ListsOnlyThe2018Targets() throws {
        let outcome = try SunanProcess.run(["targets", "--year", "2018", "--format", "csv"])
        #expect(outcome.status == 0)
        let rows = outcome.standardOutput.split(separator: "\n").dropFirst()
        #expect(rows.count == 48)
        #expect(rows.allSatisfy { $0.split(separator: ",")[3] == "2018" })
        #expect(outcome.standardOutput.contains("Z2018-contract-value,12,zone,2018,tech_contract_value,技術合同交易額,>,500,"))
    }

    @Test func jsonAndMarkdownFormats() throws {
        let json = try SunanProcess.run(["targets", "--year", "2020", "--format", "json"])
        let decoded = try JSONSerialization.jsonObject(with: Data(json.standardOutput.utf8)) as? [[String: Any]]
        #expect(decoded?.count == 6)
        #expect(decoded?.first?["indicator_zh"] as? String == "科技成果產業化基地")
        let markdown = try SunanProcess.run(["targets", "--year", "2020", "--format", "markdown"])
        #expect(markdown.standardOutput.contains("| 2020 | 2 | 区域 | 技术合同交易额（登记口径） | ≥ 1000 | 亿元 | 年度 | Z2020-contract-value |"))
    }

    @Test func aBrokenTargetsFileIsAnInputError() throws {
        let folder = try SunanProcess.temporaryFolder()
        let path = folder.appendingPathComponent("targets.csv").path
        try "id,clause,scope,year,indicator,indicator_zh,comparator,low,high,unit,basis,responsible\nA,2,zone,2020,x,名,>=,ten,,count,stock,甲\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        let outcome = try SunanProcess.run(["targets", "--targets-file", path])
        #expect(outcome.status == 1)
        #expect(outcome.standardError == "sunan: \(path):2:8: error: threshold ‘ten’ in column ‘low’ is not a number\n")
        #expect(outcome.standardOutput.isEmpty)
    }

    @Test func chineseColumnsAlignByDisplayWidth() {
        #expect(TextWidth.of("南京") == 4)
        #expect(TextWidth.of("Nanjing") == 7)
        #expect(TextWidth.of("≥ 10") == 4)
        #expect(TextWidth.of("（超前布局）") == 12)
        #expect(TextWidth.of("e\u{301}") == 1)
        let table = TextTable(header: ["城市", "value"], rows: [["南京", "1"], ["Wuxi", "22"]], rightAligned: [1])
        #expect(table.plainText() == "城市  value\n----  -----\n南京      1\nWuxi     22")
    }
}
