import Foundation
import Forecasting
import Scenarios

/// The words of a run's notes (``RunNote``): what weakened its numbers without stopping it.
extension SummaryReport {
    /// The section of `summary.md` that lists the run's notes; empty when the run has none.
    static func runNotes(_ notes: [RunNote], names: NameBook, _ language: Language) -> [String] {
        guard !notes.isEmpty else { return [] }
        return ["", language == .zh ? "## 计算中的降级处理" : "## What weakened the computation", ""]
            + notes.map { "- " + sentence($0, names: names, language) }
    }

    /// One note as a sentence in `language` (also printed by `sunan run`).
    public static func sentence(_ note: RunNote, names: NameBook, _ language: Language) -> String {
        switch note {
        case .leftOutOfPool(let exclusion):
            let region = names.region(exclusion.region, language), indicator = names.indicator(exclusion.indicator, language)
            switch (language, exclusion.reason) {
            case let (.zh, .negativeCount(year, value)):
                return "\(region)\(indicator)\(year)年的值为\(NumberText.trimmed(value))，计数不能为负，因此未纳入\(indicator)自动预测的误差校准池："
                    + "\(indicator)的自动预测区间只依据其他地区的数据。"
            case (.zh, .unusable):
                return "\(region)\(indicator)无法用于自动预测，未纳入\(indicator)自动预测的误差校准池：\(indicator)的自动预测区间只依据其他地区的数据。"
            case let (.en, .negativeCount(year, value)):
                return "\(region)'s \(RunFacts.inSentence(indicator)) is \(NumberText.trimmed(value)) in \(year), and a count cannot be negative, "
                    + "so it is left out of the pool that calibrates the auto forecasts of \(RunFacts.inSentence(indicator)): "
                    + "their intervals rest on the other regions."
            case let (.en, .unusable(reason)):
                return "\(region)'s \(RunFacts.inSentence(indicator)) cannot be used by auto (\(reason)), so it is left out of the pool that "
                    + "calibrates the auto forecasts of \(RunFacts.inSentence(indicator)): their intervals rest on the other regions."
            }
        case let .dataNotConvertible(region, indicator, dataUnit, unit):
            let (regionName, indicatorName) = (names.region(region, language), names.indicator(indicator, language))
            switch language {
            case .zh:
                return "数据中\(regionName)\(indicatorName)的单位为“\(unitText(dataUnit, .zh))”，无法换算为本次测算所用的“\(unitText(unit, .zh))”："
                    + "这些观测值未被采用（预测与实际对照、已观测年份的目标判断均不使用）。"
            case .en:
                return "The data give \(regionName)'s \(RunFacts.inSentence(indicatorName)) in ‘\(unitText(dataUnit, .en))’, which cannot be "
                    + "converted to ‘\(unitText(unit, .en))’, the unit of the run's series: those observed values are not used "
                    + "(plan versus actual, targets of observed years)."
            }
        case let .defaultErrorLaw(indicator, seriesCount, errorCount):
            let name = names.indicator(indicator, language)
            switch language {
            case .zh:
                return "\(name)的自动预测误差校准池只有\(seriesCount)个序列、\(errorCount)个样本外误差，少于学习误差分布所需的"
                    + "\(PooledErrorLaw.minimumSeries)个序列和\(PooledErrorLaw.minimumErrors)个误差：其预测区间采用默认的t分布（4个自由度），"
                    + "而非从数据中学得的误差分布；补充更多地区或年份的数据可使区间更可信。"
            case .en:
                return "The pool that calibrates the auto forecasts of \(RunFacts.inSentence(name)) holds \(seriesCount) series and "
                    + "\(errorCount) out-of-sample errors, fewer than the \(PooledErrorLaw.minimumSeries) series and "
                    + "\(PooledErrorLaw.minimumErrors) errors needed to learn the error law: their intervals use a default Student-t(4) law, "
                    + "not errors learned from the data; more regions or years of data would make them more trustworthy."
            }
        }
    }

    /// A unit as a note names it: its Chinese name or its code, `unspecified` (未注明) for none.
    private static func unitText(_ code: String, _ language: Language) -> String {
        guard !code.isEmpty else { return language == .zh ? "未注明" : "unspecified" }
        return language == .zh ? Localization.unitName(code, .zh) : code
    }
}

extension ReportContext {
    /// The section of `report.html` that lists the run's notes, worded as in `summary.md`; empty when the run has none.
    func runNotesSection() -> String {
        guard !run.notes.isEmpty else { return "" }
        let items = run.notes.map { "<li>\(escape(SummaryReport.sentence($0, names: names, language)))</li>" }
        return section(id: "run-notes", heading: .runNotesHeading, "<ul>\n\(items.joined(separator: "\n"))\n</ul>")
    }
}
