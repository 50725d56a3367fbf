import Foundation
import Indicators
@testable import Reports
import Scenarios
import SunanTestSupport
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The HTML report of the shipped default scenario and of a small synthetic run, in both languages.
@Suite(.tags(.specification)) struct HTMLReportTests {
    static let sunanZh = HTMLReport.render(Runs.sunan.run, names: Runs.sunan.names, language: .zh)
    static let sunanEn = HTMLReport.render(Runs.sunan.run, names: Runs.sunan.names, language: .en)

    /// The folder to write the default scenario's reports into, for looking at them (`SUNAN_REPORT_DIR`).
    static let reportFolder = ProcessInfo.processInfo.environment["SUNAN_REPORT_DIR"]

    /// Writes the default scenario's reports when `SUNAN_REPORT_DIR` is set, and checks that what is on disk
    /// is the rendering, well formed; reported as skipped otherwise.
    @Test(.tags(.invariant), .enabled(if: reportFolder != nil, "set SUNAN_REPORT_DIR to a folder to write the reports there"))
    func writesTheReportsWhenAsked() throws {
        let folder = URL(fileURLWithPath: try #require(Self.reportFolder))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (name, html) in [("report-zh.html", Self.sunanZh), ("report-en.html", Self.sunanEn)] {
            let url = folder.appendingPathComponent(name)
            try Data(html.utf8).write(to: url)
            let written = try String(contentsOf: url, encoding: .utf8)
            #expect(written == html, "\(url.path) is not the rendering")
            #expect(XML.parseError(written) == nil, "\(url.path)")
        }
    }

    @Test(arguments: [Language.zh, .en])
    func everySVGParsesAsXML(language: Language) {
        let html = language == .zh ? Self.sunanZh : Self.sunanEn
        let svgs = XML.svgElements(html)
        // Scenario comparison, city comparison, one grid for each indicator with several regions (2 in the
        // default scenario) and one for the single-region indicators.
        #expect(svgs.count == 5)
        for svg in svgs {
            #expect(XML.parseError(svg) == nil, "\(svg.prefix(200))")
        }
    }

    @Test(arguments: [Language.zh, .en])
    func theWholePageIsWellFormed(language: Language) {
        let html = language == .zh ? Self.sunanZh : Self.sunanEn
        #expect(XML.parseError(html) == nil)
    }

    @Test(arguments: [Language.zh, .en])
    func noScriptsAndNoNetworkResources(language: Language) throws {
        for html in [language == .zh ? Self.sunanZh : Self.sunanEn,
                     HTMLReport.render(Runs.synthetic.run, names: Runs.synthetic.names, language: language)] {
            let lower = html.lowercased()
            #expect(!lower.contains("http://"))
            #expect(!lower.contains("https://"))
            #expect(!lower.contains("<script"))
            #expect(!lower.contains("javascript:"))
            #expect(!lower.contains("@import") && !lower.contains("url("))
            #expect(!lower.contains("<link") && !lower.contains("<img") && !lower.contains("<iframe"))
            // No event-handler attribute (onload=, onclick= …) in any tag.
            let handler = try Regex(#"<[^>]*\son[a-z]+\s*="#)
            #expect(lower.firstMatch(of: handler).map { String(lower[$0.range].suffix(80)) } == nil)
        }
    }

    @Test func containsEverySection() {
        let run = Runs.sunan.run
        for id in ["comparison", "cities", "fan", "gaps", "no-data", "plan-actual", "provenance", "methods"] {
            #expect(Self.sunanEn.contains("<section id=\"\(id)\">"), "section \(id)")
            #expect(Self.sunanZh.contains("<section id=\"\(id)\">"), "section \(id)")
        }
        // Every provenance item and every elasticity is listed.
        let rows = Self.sunanEn.components(separatedBy: "<section id=\"provenance\">")[1]
        #expect(rows.components(separatedBy: "<tr>").count - 1 == run.provenance.count + run.elasticities.count + 2)
        // Every tested gap row is in the gap table, every untested target in the no-data table.
        let gapTable = HTMLReport.gapTable(run, names: Runs.sunan.names, language: .en)
        #expect(gapTable.components(separatedBy: "<tr").count - 2 == run.gaps.filter { $0.pMeet != nil }.count)
        #expect(Self.sunanEn.contains(run.specification.title))
        #expect(Self.sunanEn.contains("seed \(run.seed)") && Self.sunanZh.contains("随机种子\(run.seed)"))
        // Status words are always written, not only coloured.
        #expect(Self.sunanZh.contains(">很可能达成</span>") && Self.sunanEn.contains(">likely</span>"))
        let noData = Self.sunanEn.components(separatedBy: "<section id=\"no-data\">")[1]
        #expect(!run.missingData.isEmpty && run.missingData.allSatisfy { noData.contains(">\($0.targetID)<") })
    }

    @Test func chineseReportUsesChineseNamesAndUnits() {
        #expect(Self.sunanZh.contains("<html lang=\"zh-CN\">"))
        #expect(Self.sunanZh.contains("苏南五市"))
        #expect(Self.sunanZh.contains("南京") && Self.sunanZh.contains("镇江"))
        #expect(Self.sunanZh.contains("亿元"))
        #expect(!Self.sunanZh.contains("100m_cny"))
    }

    /// The visible text of a Chinese page: no style sheet, no tags, and no text quoted from the input
    /// files (marked `lang="en"`), with the five XML entities decoded.
    static func visibleText(_ html: String) throws -> String {
        var text = html
        text = text.replacing(try Regex(#"(?s)<style>.*?</style>"#), with: " ")
        text = text.replacing(try Regex(#"(?s)<span lang="en"[^>]*>.*?</span>"#), with: " ")
        text = text.replacing(try Regex(#"<[^>]*>"#), with: " ")
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    @Test func chineseReportHasNoEnglishWordsExceptCodes() throws {
        let run = Runs.sunan.run
        var codes = Set(["gaps.csv", "forecasts.csv", "missing-data.csv"])
        codes.formUnion(run.gaps.map(\.targetID))
        codes.formUnion(run.missingData.map(\.targetID))
        codes.formUnion(run.specification.scenarios.map(\.name))
        // Quoted source texts count too: the shipped files give every rule and source in Chinese.
        let words = EnglishWords(codes: codes).words(in: EnglishWords.visibleText(html: Self.sunanZh))
        #expect(words == ["sunan"], "English words in the zh report: \(words)")
    }

    @Test func chineseReportContainsNoneOfTheEnglishStrings() throws {
        let text = try Self.visibleText(Self.sunanZh)
        // Scenario names are codes and may coincide with an English word (`baseline`).
        let codes = Set(Runs.sunan.run.specification.scenarios.map(\.name))
        for key in ReportStrings.Key.allCases {
            let english = ReportStrings.text(key, .en)
            let pieces = english.split(separator: try Regex(#"\{[0-9]\}"#)).map { $0.trimmingCharacters(in: .whitespaces) }
            for piece in pieces where piece.filter(\.isLetter).count >= 3 && piece != ReportStrings.text(key, .zh) && !codes.contains(piece) {
                let pattern = try NSRegularExpression(pattern: "(?<![A-Za-z0-9_])" + NSRegularExpression.escapedPattern(for: piece) + "(?![A-Za-z0-9_])")
                let found = pattern.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) != nil
                #expect(!found, "English string of \(key) in the zh report: \(piece)")
            }
        }
    }

    @Test func synthethicReportRendersInBothLanguages() {
        for language in Language.allCases {
            let html = HTMLReport.render(Runs.synthetic.run, names: Runs.synthetic.names, language: language)
            #expect(XML.parseError(html) == nil)
            for svg in XML.svgElements(html) { #expect(XML.parseError(svg) == nil) }
            #expect(html.contains("示范区") == (language == .zh))
        }
        let english = HTMLReport.render(Runs.synthetic.run, names: Runs.synthetic.names, language: .en)
        #expect(english.contains("Synthetic &lt;zone&gt; &amp; cities"))
        #expect(english.contains("synthetic share &lt;&amp;&gt;"))
    }

    @Test(.tags(.regression), arguments: [Language.zh, .en])
    func goldenGapTable(language: Language) throws {
        let table = HTMLReport.gapTable(Runs.handMade.run, names: Runs.handMade.names, language: language)
        #expect(XML.parseError(table) == nil)
        try Golden.check(table + "\n", file: "gap-table-\(language.rawValue).html")
    }

    @Test func everyStatusHasItsColourAndItsWord() {
        let table = HTMLReport.gapTable(Runs.handMade.run, names: Runs.handMade.names, language: .en)
        for (style, word) in [("status-achieved", "achieved"), ("status-on-track", "likely"),
                              ("status-acceleration", "probable"), ("status-limited", "at risk"),
                              ("status-deterioration", "unlikely")] {
            #expect(table.contains("<span class=\"status \(style)\">\(word)</span>"), "\(word)")
        }
        for pace in [TargetPace.alreadyMet, .onTrack, .accelerationNeeded, .limitedProgress, .deterioration] {
            #expect(table.contains(">\(ResultWords.pace(pace, .en))</td>"), "\(pace)")
        }
        let page = HTMLReport.render(Runs.handMade.run, names: Runs.handMade.names, language: .zh)
        #expect(XML.parseError(page) == nil)
        // A target without data is listed in the no-data table with the years to supply.
        #expect(page.contains("<td class=\"code\">T-no-data</td>") && page.contains("2015–2017"))
        // A target whose row has no projection is listed without numbers, never with invented ones.
        #expect(!table.contains("T-no-data"))
    }
}

/// The report's strings: both languages for every key; the Chinese without English words.
@Suite(.tags(.specification)) struct ReportStringsTests {
    @Test func everyKeyHasBothLanguages() {
        for key in ReportStrings.Key.allCases {
            #expect(!ReportStrings.text(key, .en).isEmpty, "\(key)")
            #expect(!ReportStrings.text(key, .zh).isEmpty, "\(key)")
        }
    }

    @Test func chineseStringsHaveNoEnglishWords() {
        // The program's name (the footer) and the command line `sunan template` are codes.
        let allowed: Set<String> = ["sunan", "template", "gaps.csv", "forecasts.csv", "missing-data.csv"]
        for key in ReportStrings.Key.allCases {
            let text = ReportStrings.text(key, .zh)
            let tokens = text.split { !($0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0))) }.map(String.init)
            for token in tokens where token.filter(\.isLetter).count >= 2 {
                #expect(allowed.contains(token), "\(key): \(token)")
            }
        }
    }

    @Test func placeholdersMatchAcrossLanguages() throws {
        let regex = try Regex(#"\{[0-9]\}"#)
        for key in ReportStrings.Key.allCases {
            let en = Set(ReportStrings.text(key, .en).matches(of: regex).map { String(ReportStrings.text(key, .en)[$0.range]) })
            let zh = Set(ReportStrings.text(key, .zh).matches(of: regex).map { String(ReportStrings.text(key, .zh)[$0.range]) })
            #expect(en == zh, "\(key)")
        }
        #expect(ReportStrings.format(.perYear, .zh, "5.0%") == "5.0%/年")
    }
}

/// The report's "how far the probabilities can be trusted" paragraph quotes the province-panel backtest:
/// its coverage figures must be the ones BENCHMARKS.md records, so a rerun that moves them fails here
/// until the paragraph is updated.
@Suite("The report's trust paragraph quotes BENCHMARKS.md", .tags(.specification))
struct TrustParagraphTests {
    @Test("the 80 % and 95 % coverage of auto on the province panel, in both languages")
    func coverageMatchesBenchmarks() throws {
        let benchmarks = try String(contentsOfFile: Repository.path("BENCHMARKS.md"), encoding: .utf8)
        let section = try #require(benchmarks.components(separatedBy: "<!-- province-panel:begin -->").dropFirst().first)
        let row = try #require(section.split(separator: "\n").first { $0.hasPrefix("| **sunan auto** |") })
        let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
        // | method | sMAPE | MASE | scaled CRPS | cov50 % | cov80 % | cov95 % |
        let coverage80 = cells[5], coverage95 = cells[6]
        #expect(ReportStrings.text(.methodTrust, .en).contains("held \(coverage80) % and \(coverage95) % of the outcomes"))
        #expect(ReportStrings.text(.methodTrust, .zh).contains("覆盖了 \(coverage80)% 和 \(coverage95)% 的实际值"))
    }
}
