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
        #expect(Localization.condition(.atLeast(1000), unit: "100m_cny", .en) == "at least 1000 × 100 million yuan")
        #expect(Localization.condition(.greaterThan(500), unit: "100m_cny", .en) == "more than 500 × 100 million yuan")
        #expect(Localization.condition(.range(low: 2, high: 3), unit: "100m_cny", .en) == "between 2 and 3 × 100 million yuan")
        #expect(Localization.condition(.range(low: 2, high: 3), unit: "count", .zh) == "在2–3个之间")
        #expect(Localization.condition(.range(low: 2, high: 3), unit: "count", .en) == "between 2 and 3")
        #expect(Localization.condition(.about(30), unit: "count", .zh) == "30个左右")
        #expect(Localization.condition(.atLeast(3000), unit: "persons", .en) == "at least 3000 persons")
        #expect(Localization.condition(.equalTo(5), unit: "count", .zh) == "达到5个")
        #expect(Localization.range(1022.16, 1700.37, unit: "100m_cny", .zh) == "1022–1700亿元")
        #expect(Localization.range(1022.16, 1700.37, unit: "100m_cny", .en) == "1022–1700 × 100 million yuan")
        #expect(Localization.quantity(15, unit: "percent", .en) == "15 %")
        for status in TargetStatus.allCases {
            #expect(ResultWords.status(status, .en) == status.rawValue)
            let chinese = ResultWords.status(status, .zh)
            #expect(!chinese.isEmpty && chinese.allSatisfy { !$0.isASCII }, "\(chinese)")
        }
    }

    @Test("亿元 has one English form, 100 million yuan: as a unit name and after a number",
          arguments: [("100m_cny", "100 million yuan", "× 100 million yuan"), ("10k_cny", "10 000 yuan", "× 10 000 yuan"),
                      ("cny", "yuan", "yuan"), ("persons", "persons", "persons"), ("count", "", "")])
    func englishUnits(_ code: String, _ name: String, _ afterNumber: String) {
        #expect(Localization.unitName(code, .en) == name)
        #expect(Localization.unit(code, .en) == afterNumber)
        #expect(Localization.unitName(code, .zh) == UnitOfMeasure.parse(code).nameZh)
    }

    @Test("a scenario's label: the file's own in each language, else one made from its driver path")
    func scenarioLabels() {
        let extra = DriverPath.extraBudget(amountPerYear: 10, fromYear: 2018, split: ["Zhenjiang": 1])
        let english = ScenarioCase(name: "toZhenjiang", label: "all to Zhenjiang", driver: extra)
        #expect(Localization.scenarioLabel(english, driverUnit: "100m_cny", .en) == "all to Zhenjiang")
        #expect(Localization.scenarioLabel(english, driverUnit: "100m_cny", .zh) == "每年追加10亿元")
        let both = ScenarioCase(name: "toNanjing", label: "all to Nanjing", labelZh: "全部给南京", driver: extra)
        #expect(Localization.scenarioLabel(both, driverUnit: "100m_cny", .en) == "all to Nanjing")
        #expect(Localization.scenarioLabel(both, driverUnit: "100m_cny", .zh) == "全部给南京")
        let chineseOnly = ScenarioCase(name: "c", label: "全部给镇江", driver: extra)
        #expect(Localization.scenarioLabel(chineseOnly, driverUnit: "100m_cny", .en) == "全部给镇江")
        #expect(Localization.scenarioLabel(chineseOnly, driverUnit: "100m_cny", .zh) == "全部给镇江")
        let unlabelled = ScenarioCase(name: "plus10", driver: .uplift(percentPerYear: 10, fromYear: 2018))
        #expect(Localization.scenarioLabel(unlabelled, driverUnit: "", .en) == "+10 %/yr")
        #expect(Localization.scenarioLabel(unlabelled, driverUnit: "", .zh) == "+10%/年")
        #expect(Localization.scenarioLabel(ScenarioCase(name: "e", driver: extra), driverUnit: "100m_cny", .en)
                == "extra 10 × 100 million yuan a year")
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
