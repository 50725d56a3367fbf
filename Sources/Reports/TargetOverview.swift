import Foundation
import Indicators
import Scenarios

/// The overview that opens `summary.md` and `report.html` and is the first sheet of `results.xlsx`:
/// every tested target with its threshold, the baseline projection and its 80 % interval, the
/// probability of meeting it under each scenario and its baseline status — and the targets at risk.
///
/// A target is at risk when its baseline status is `at risk`, `unlikely` or `missed`, or when its
/// probability of being met falls below 50 % under some scenario.
struct TargetOverview {
    /// One tested target: its baseline row and its row under each scenario (by scenario code).
    struct Entry {
        let id: String
        let baseline: GapRow
        let rows: [String: GapRow]
    }

    /// A target at risk: its entry and the scenarios (in file order) whose probability is below 50 %.
    struct Risk {
        let entry: Entry
        let scenariosBelowHalf: [(scenario: ScenarioCase, pMeet: Double)]
    }

    let scenarios: [ScenarioCase]
    let entries: [Entry]

    /// The overview of the run behind `facts`: its tested targets in run order.
    init(_ facts: RunFacts) {
        scenarios = facts.run.specification.scenarios
        entries = facts.testedTargets.compactMap { id, rows in
            (rows[facts.baseline] ?? rows.values.first).map { Entry(id: id, baseline: $0, rows: rows) }
        }
    }

    /// The targets at risk, in run order.
    var risks: [Risk] {
        entries.compactMap { entry in
            let below = scenarios.compactMap { scenario -> (ScenarioCase, Double)? in
                guard let p = entry.rows[scenario.name]?.pMeet, p < 0.5 else { return nil }
                return (scenario, p)
            }
            let baselineAtRisk = [.atRisk, .unlikely, .missed].contains(entry.baseline.status)
            return baselineAtRisk || !below.isEmpty ? Risk(entry: entry, scenariosBelowHalf: below) : nil
        }
    }

    /// The threshold as a symbol and number (`≥ 1000`, `80–120`, `≈ 2000 (±10 %)`).
    static func threshold(_ row: GapRow) -> String {
        TargetList.threshold(row.comparator, number: { NumberText.trimmed($0) })
            + (row.tolerance.map { " (±" + NumberText.trimmed($0 * 100) + " %)" } ?? "")
    }

    /// The baseline projection — its median, which is on the target's side exactly when the chance is
    /// at least 50 % — with its 80 % interval, counts whole: `1346 (1024–1693)`, `8（0–30）`.
    static func projection(_ row: GapRow, _ language: Language) -> String {
        let median = Localization.amount(row.projectedMedian, unit: row.unit)
        guard row.lo80 != nil, row.hi80 != nil else { return median }
        let interval = Localization.amount(row.lo80, unit: row.unit) + "–" + Localization.amount(row.hi80, unit: row.unit)
        return language == .zh ? "\(median)（\(interval)）" : "\(median) (\(interval))"
    }

    /// The header of the overview table in `language`: the scenario columns are headed by their codes.
    func header(_ language: Language) -> [String] {
        let zh = language == .zh
        return (zh ? ["目标", "地区", "指标", "年份", "目标值", "单位", "预测中位数（80%区间）"]
                   : ["target", "region", "indicator", "year", "threshold", "unit", "projected median (80 % interval)"])
            + scenarios.map(\.name) + [zh ? "状态" : "status"]
    }

    /// The rows of the overview table as text, in `language`.
    func rows(names: NameBook, _ language: Language) -> [[String]] {
        entries.map { entry in
            let row = entry.baseline
            return [entry.id, names.region(row.region, language), names.indicator(row.indicator, language), String(row.targetYear),
                    Self.threshold(row), TargetList.unit(row.unit, language), Self.projection(row, language)]
                + scenarios.map { NumberText.chance(entry.rows[$0.name]?.pMeet, language) }
                + [ResultWords.status(row.status, language)]
        }
    }

    /// The overview as a Markdown table.
    func markdown(names: NameBook, _ language: Language) -> String {
        func line(_ cells: [String]) -> String {
            "| " + cells.map { $0.replacingOccurrences(of: "|", with: "\\|") }.joined(separator: " | ") + " |"
        }
        let header = header(language)
        let alignment = header.indices.map { [3, 4].contains($0) || (6..<(header.count - 1)).contains($0) ? "---:" : "---" }
        return ([line(header), "|" + alignment.joined(separator: "|") + "|"] + rows(names: names, language).map(line))
            .joined(separator: "\n")
    }

    /// The overview as a workbook sheet (numbers as numbers, counts whole, probabilities as percentages),
    /// headed in `language`.
    func sheet(name: String, names: NameBook, _ language: Language) -> WorkbookSheet {
        let zh = language == .zh
        let header = (zh ? ["目标", "地区", "指标", "年份", "条件", "目标值", "上限", "单位", "预测均值", "预测中位数", "80%区间下限", "80%区间上限"]
                         : ["target", "region", "indicator", "year", "comparator", "threshold", "upper bound", "unit", "projected mean",
                            "projected median", "lo80", "hi80"])
            + scenarios.map { (zh ? "达成概率：" : "p_meet ") + $0.name } + [zh ? "状态" : "status"]
        let rows = entries.map { entry -> [String] in
            let row = entry.baseline
            func amount(_ x: Double?) -> String {
                guard let x, x.isFinite else { return "" }
                return UnitOfMeasure.parse(row.unit).isCount ? NumberText.positional(x.rounded(), decimals: 0) : NumberText.value(x)
            }
            return [entry.id, names.region(row.region, language), names.indicator(row.indicator, language), String(row.targetYear),
                    row.comparator.symbol, NumberText.value(row.targetLow), NumberText.value(row.targetHigh),
                    TargetList.unit(row.unit, language), amount(row.projectedMean), amount(row.projectedMedian), amount(row.lo80), amount(row.hi80)]
                + scenarios.map { NumberText.probability(entry.rows[$0.name]?.pMeet) }
                + [ResultWords.status(row.status, language)]
        }
        let formats: [WorkbookColumnFormat] = [.text, .text, .text, .integer, .text, .decimal, .decimal, .text, .decimal, .decimal, .decimal, .decimal]
            + scenarios.map { _ in .percent } + [.text]
        return WorkbookSheet(name: name, header: header, rows: rows, formats: formats)
    }
}
