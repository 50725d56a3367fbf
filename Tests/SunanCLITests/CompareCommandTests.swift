import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import SunanTestSupport
import Testing

/// `sunan compare` end to end on the shipped data.
@Suite("sunan compare", .tags(.specification))
struct CompareCommandTests {
    @Test("default regions are the five Sunan cities; shares of the zone sum to one; ranks are 1–5")
    func defaultRegionsCSV() throws {
        let outcome = try SunanProcess.run(["compare", "--indicator", "gdp", "--as-of", "2017", "--format", "csv", "--lang", "en"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let lines = outcome.standardOutput.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let header = lines[0]
        #expect(header.prefix(11) == ["region", "region_name", "unit", "first_year", "first_value", "latest_year", "latest_value",
                                       "cagr_full", "cagr_3y", "share_of", "share"])
        #expect(header.contains("mean_2022") && header.contains("hi80_2018") && !header.contains("mean_2023"))
        let rows = lines.dropFirst()
        #expect(rows.map { $0[0] } == ["Nanjing", "Wuxi", "Changzhou", "Suzhou", "Zhenjiang"])
        #expect(rows.allSatisfy { $0[5] == "2017" && $0[9] == "Sunan" && $0[2] == "100m_cny" })
        let shares = rows.compactMap { Double($0[10]) }
        #expect(shares.count == 5)
        #expect(abs(shares.reduce(0, +) - 1) < 0.001)
        let rankLast = header.firstIndex(of: "rank_last")!
        #expect(Set(rows.map { $0[rankLast] }) == ["1", "2", "3", "4", "5"])
        #expect(rows.first { $0[0] == "Suzhou" }?[rankLast] == "1")
    }

    @Test("text output in Chinese: names from the data, growth, shares, ranks and the projected path")
    func chineseText() throws {
        let outcome = try SunanProcess.run(["compare", "--indicator", "gdp", "--as-of", "2017", "--horizon", "3"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let text = outcome.standardOutput
        #expect(text.hasPrefix("地区生产总值（gdp），单位：亿元，数据截至2017年\n"))
        for name in ["南京", "无锡", "常州", "苏州", "镇江", "占苏南五市", "近三年年均增长", "排名1990", "排名2017", "预测路径", "2020"] {
            #expect(text.contains(name), "missing \(name)")
        }
        #expect(!text.contains("2021 ("))
    }

    @Test("any regions; json carries the long-format paths; --svg writes well-formed small multiples")
    func provincesJSONAndSVG() throws {
        let folder = try SunanProcess.temporaryFolder()
        let svg = folder.appendingPathComponent("compare.svg")
        let outcome = try SunanProcess.run(["compare", "--indicator", "tech_market_value_outflow", "--regions", "Jiangsu,Beijing,Shanghai",
                                            "--model", "loglinear", "--horizon", "4", "--format", "json", "--svg", svg.path])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let json = try JSONSerialization.jsonObject(with: Data(outcome.standardOutput.utf8)) as? [String: Any]
        let regions = json?["regions"] as? [[String: Any]]
        #expect(regions?.map { $0["region"] as? String } == ["Jiangsu", "Beijing", "Shanghai"])
        #expect(regions?.first?["share_of"] as? String == "China")
        #expect((json?["paths"] as? [[String: Any]])?.count == 12)
        let data = try Data(contentsOf: svg)
        let parser = XMLParser(data: data)
        #expect(parser.parse(), "the SVG is not well-formed XML")
        let text = String(decoding: data, as: UTF8.self)
        #expect(!text.contains("http://") || text.contains("xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(text.contains("江苏") && text.contains("北京"))
    }

    @Test("an unknown indicator or region is an error naming what exists")
    func refusals() throws {
        let indicator = try SunanProcess.run(["compare", "--indicator", "gdpp"])
        #expect(indicator.status == 1)
        #expect(indicator.standardError.contains("no indicator ‘gdpp’"))
        #expect(indicator.standardError.contains("‘gdp’"))
        let region = try SunanProcess.run(["compare", "--indicator", "gdp", "--regions", "Nanjing,Atlantis"])
        #expect(region.status == 1)
        #expect(region.standardError.contains("‘Atlantis’"))
        #expect(region.standardError.contains("Suzhou"))
    }
}
