import Foundation
import Indicators
import Reports
import Scenarios
@testable import SunanCLI
import SunanTestSupport
import Testing

/// The progress bar's throttling and silence, and the prose formatting of numbers, units and conditions.
@Suite("Progress bar and localization", .tags(.specification))
struct TerminalAndLocalizationTests {
    /// Collects what a progress bar writes.
    final class Sink: @unchecked Sendable {
        var writes: [String] = []
    }

    @Test("a disabled bar writes nothing; an enabled one draws at most every interval and erases itself")
    func progressBar() {
        let silent = Sink()
        let disabled = ProgressBar(label: "x", enabled: false, delay: .zero, write: { silent.writes.append($0) })
        for step in 0...100 { disabled.update(Double(step) / 100) }
        disabled.finish()
        #expect(silent.writes.isEmpty)

        let sink = Sink()
        let bar = ProgressBar(label: "模拟中", enabled: true, delay: .zero, interval: .seconds(3600), write: { sink.writes.append($0) })
        for step in 0...1000 { bar.update(Double(step) / 1000) }
        #expect(sink.writes.count == 1)
        bar.finish()
        #expect(sink.writes.last == "\r\u{1B}[2K")

        let late = Sink()
        let delayed = ProgressBar(label: "x", enabled: true, delay: .seconds(3600), write: { late.writes.append($0) })
        delayed.update(0.5)
        delayed.finish()
        #expect(late.writes.isEmpty, "work shorter than the delay shows no bar")
    }

    @Test("the bar's text")
    func progressLine() {
        #expect(ProgressBar.line(label: "run", fraction: 0.5, elapsed: .milliseconds(1500))
                == "run [###############...............]  50 %  1.5 s")
        #expect(ProgressBar.line(label: "run", fraction: 2, elapsed: .zero).contains("100 %"))
    }

    @Test("numbers in prose: 4 significant digits, no exponent")
    func numbers() {
        #expect(NumberText.trimmed(1346.21) == "1346")
        #expect(NumberText.trimmed(152.613) == "152.6")
        #expect(NumberText.trimmed(0.123456) == "0.1235")
        #expect(NumberText.trimmed(30) == "30")
        #expect(NumberText.trimmed(1.2e7) == "12000000")
        #expect(NumberText.trimmed(nil) == "")
        #expect(NumberText.chance(0.9182, .zh) == "92%")
        #expect(NumberText.chance(0.9999, .en) == ">99 %")
        #expect(NumberText.chance(1, .en) == "100 %")
    }

    @Test("units and conditions in both languages")
    func conditions() {
        #expect(Localization.condition(.atLeast(1000), unit: "100m_cny", .zh) == "不低于1000亿元")
        #expect(Localization.condition(.atLeast(1000), unit: "100m_cny", .en) == "at least CNY 100 billion")
        #expect(Localization.condition(.greaterThan(500), unit: "100m_cny", .en) == "more than CNY 50 billion")
        #expect(Localization.condition(.range(low: 2, high: 3), unit: "count", .zh) == "在2–3个之间")
        #expect(Localization.condition(.range(low: 2, high: 3), unit: "count", .en) == "between 2 and 3")
        #expect(Localization.condition(.about(30), unit: "count", .zh) == "30个左右")
        #expect(Localization.condition(.atLeast(3000), unit: "persons", .en) == "at least 3000 persons")
        #expect(Localization.condition(.equalTo(5), unit: "count", .zh) == "达到5个")
        #expect(Localization.range(1022.16, 1700.37, unit: "100m_cny", .zh) == "1022–1700亿元")
        for status in TargetStatus.allCases {
            #expect(ResultWords.status(status, .en) == status.rawValue)
            let chinese = ResultWords.status(status, .zh)
            #expect(!chinese.isEmpty && chinese.allSatisfy { !$0.isASCII }, "\(chinese)")
        }
    }

    @Test("the name book prefers the indicator catalog's names")
    func nameBook() {
        let catalog = IndicatorCatalog(entries: [IndicatorEntry(key: "gdp", nameEn: "Gross regional product", nameZh: "地区生产总值")])
        let names = NameBook(hierarchy: nil, panel: .empty, targets: [], catalog: catalog)
        #expect(names.indicator("gdp", .zh) == "地区生产总值")
        #expect(names.indicator("gdp", .en) == "Gross regional product")
        #expect(names.indicator("other_key", .en) == "other key")
    }
}
