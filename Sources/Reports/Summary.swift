import Foundation
import Indicators
import Scenarios

/// `summary.md`: one paragraph per tested target that a planner can paste into the annual plan —
/// projected value with its 80 % interval, the probability of meeting the target under each scenario,
/// required against historical growth, the status, the extra investment needed and, for derived
/// series, the derivation caveat — followed by the targets that could not be tested. In Chinese the
/// text holds no English words: only numbers, units and codes (target ids, file names).
public enum SummaryReport {
    /// The Markdown text of the summary in `language`.
    public static func markdown(_ run: ScenarioRun, names: NameBook, language: Language) -> String {
        let facts = RunFacts(run, names: names)
        let zh = language == .zh
        let specification = run.specification
        let driver = facts.driver(language)
        var lines: [String] = []
        lines.append(zh ? "# 规划目标测算摘要（基于截至\(specification.asOf)年的数据）"
                        : "# Plan targets: projections and gaps (data up to \(specification.asOf))")
        lines.append("")
        let scenarioCount = specification.scenarios.count
        lines.append(zh
            ? "本摘要以\(specification.asOf)年及以前的数据为基础，对\(scenarioCount)个情景各做\(run.draws)次蒙特卡洛模拟（随机种子\(run.seed)）。"
                + "预测值为基准情景下目标年份的均值，区间为80%预测区间；达成概率为模拟中满足目标的比例。"
            : "Based on data up to \(specification.asOf), with \(run.draws) Monte Carlo draws for each of \(scenarioCount) scenarios "
                + "(seed \(run.seed)). Projected values are baseline means in the target year with 80 % intervals; the probability "
                + "of meeting a target is the share of draws that meet it.")
        lines.append("")
        lines.append(zh ? "情景：" : "Scenarios:")
        lines.append("")
        for scenario in specification.scenarios {
            let label = Localization.scenarioLabel(scenario, driverUnit: driver?.unit ?? "", language)
            let description = driver.map {
                Localization.scenarioDescription(scenario, driver: $0.name, driverUnit: $0.unit, names: names, language)
            } ?? (zh ? "无投入驱动因素" : "no investment driver")
            let sentence = zh ? description : description.prefix(1).uppercased() + description.dropFirst()
            lines.append("- **\(label)**" + (zh ? "（\(scenario.name)）：" : " (\(scenario.name)): ") + sentence + (zh ? "。" : "."))
        }
        let tested = facts.testedTargets
        if !tested.isEmpty {
            lines.append("")
            lines.append(zh ? "## 可测算的目标" : "## Targets tested against projections")
            for (id, rows) in tested {
                guard let row = rows[facts.baseline] ?? rows.values.first else { continue }
                lines.append("")
                lines.append(heading(row, id: id, names: names, language))
                lines.append("")
                lines.append(paragraph(row, rows: rows, facts: facts, language))
            }
        }
        let untested = facts.untestedTargets
        if !untested.isEmpty {
            lines.append("")
            lines.append(zh ? "## 暂无法测算的目标（\(untested.count)项）" : "## Targets that cannot be tested yet (\(untested.count))")
            lines.append("")
            let noData = untested.contains { $0.row.status == .noData }
            if noData {
                lines.append(zh
                    ? "已加载的数据中缺少这些目标所需的序列（或年份）。请按 missing-data.csv 所列年份（至少\(specification.asOf)年的数值；年份越多，区间越窄）补充数据后再测算；本工具不会编造数值。"
                    : "The loaded data lack the series (or a year) these targets need. Supply the years listed in missing-data.csv "
                        + "(at least the value for \(specification.asOf); more years give a narrower interval) to test them; sunan never invents a baseline.")
                lines.append("")
            }
            for (row, regions) in untested {
                let condition = Localization.condition(row.comparator, unit: row.unit, language)
                let place = regions.count > 1
                    ? (zh ? "各市（" + regions.map { names.region($0, .zh) }.joined(separator: "、") + "）"
                          : "each city (" + regions.map { names.region($0, .en) }.joined(separator: ", ") + ")")
                    : names.region(row.region, language)
                let indicator = names.indicator(row.indicator, language)
                let status = ResultWords.status(row.status, language)
                lines.append(zh ? "- \(row.targetID)：\(place)\(indicator)，\(row.targetYear)年\(condition)（\(status)）"
                                : "- \(row.targetID): \(indicator) — \(place), \(condition) in \(row.targetYear) (\(status))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `### 苏南五市技术合同交易额（登记口径）：2020年不低于1000亿元（Z2020-contract-value）`.
    static func heading(_ row: GapRow, id: String, names: NameBook, _ language: Language) -> String {
        let condition = Localization.condition(row.comparator, unit: row.unit, language)
        switch language {
        case .zh:
            return "### \(names.region(row.region, .zh))\(names.indicator(row.indicator, .zh))：\(row.targetYear)年\(condition)（\(id)）"
        case .en:
            return "### \(names.indicator(row.indicator, .en)) — \(names.region(row.region, .en)): "
                + "\(condition) in \(row.targetYear) (\(id))"
        }
    }

    /// The paragraph for one target (its baseline row and the rows of every scenario).
    static func paragraph(_ row: GapRow, rows: [String: GapRow], facts: RunFacts, _ language: Language) -> String {
        let zh = language == .zh
        let specification = facts.run.specification
        let driverUnit = facts.driver(language)?.unit ?? ""
        var sentences: [String] = []
        let projected = Localization.quantity(row.projectedMean, unit: row.unit, language)
        let interval = Localization.range(row.lo80, row.hi80, unit: row.unit, language)
        let condition = Localization.condition(row.comparator, unit: row.unit, language)
        sentences.append(zh
            ? "按基准情景，\(row.targetYear)年预计为\(projected)（80%区间\(interval)），目标为\(condition)。"
            : "Under the baseline, the projected value for \(row.targetYear) is \(projected) (80 % interval \(interval)) "
                + "against a target of \(condition).")
        let probabilities = specification.scenarios.compactMap { scenario -> String? in
            guard let p = rows[scenario.name]?.pMeet else { return nil }
            let label = Localization.scenarioLabel(scenario, driverUnit: driverUnit, language)
            return zh ? "\(NumberText.chance(p, .zh))（\(label)）" : "\(NumberText.chance(p, .en)) (\(label))"
        }
        sentences.append(zh ? "达成目标的概率：" + probabilities.joined(separator: "；") + "。"
                            : "Probability of meeting it: " + probabilities.joined(separator: ", ") + ".")
        if let first = row.firstYearMet {
            sentences.append(zh ? "按基准情景的中位数，\(first)年即可达到目标。" : "The baseline median first meets it in \(first).")
        }
        let lastYear = facts.history(region: row.region, indicator: row.indicator)?.years.last
        let status = ResultWords.status(row.status, language)
        let pace = row.pace.map { ResultWords.pace($0, language) }
        if row.pace == .alreadyMet {
            sentences.append(zh ? "最近观测值（\(lastYear.map(String.init) ?? "")年）已满足目标，进度：\(pace ?? "")；状态：\(status)。"
                                : "The last observed value (\(lastYear.map(String.init) ?? "")) already meets it (pace: \(pace ?? "")); status: \(status).")
        } else if let required = row.requiredCAGR, let pace {
            let since = lastYear.map { zh ? "自\($0)年起" : " from \($0)" } ?? ""
            let historical = row.historicalCAGR.map { NumberText.percent($0, language) }
            if zh {
                sentences.append("实现目标需\(since)年均增长\(NumberText.percent(required, .zh))，"
                    + (historical.map { "近年（最多五年）年均增长\($0)" } ?? "近年增长率无法计算") + "，进度：\(pace)；状态：\(status)。")
            } else {
                sentences.append("Meeting it needs growth of \(NumberText.percent(required, .en)) a year\(since), against "
                    + (historical.map { "\($0) a year recently (up to five years)" } ?? "no measurable recent growth")
                    + ": pace \(pace); status \(status).")
            }
        } else {
            sentences.append(zh ? "状态：\(status)。" : "Status: \(status).")
        }
        sentences.append(upliftSentence(row, driver: facts.driver(of: row.indicator, language), language))
        if let caveat = facts.derivationCaveat(row, language) { sentences.append(caveat) }
        return sentences.joined(separator: zh ? "" : " ")
    }

    /// The extra-investment sentence: the required uplift of the driver for a 50 % and an 80 % chance.
    static func upliftSentence(_ row: GapRow, driver: String?, _ language: Language) -> String {
        let zh = language == .zh
        guard let driver else {
            return zh ? "该指标未关联投入驱动因素，无法测算所需额外投入。"
                      : "No investment driver is linked to this indicator, so the extra investment cannot be computed."
        }
        let p50 = row.requiredUpliftP50, p80 = row.requiredUpliftP80
        func rate(_ x: Double) -> String { NumberText.trimmed(x) + (zh ? "%" : " %") }
        switch (p50, p80) {
        case (0?, 0?):
            return zh ? "额外投入：无需在基准之上增加\(driver)，达成概率已不低于80%。"
                      : "Extra investment: none; without raising \(driver) above the baseline the chance is already at least 80 %."
        case let (0?, p80?):
            return zh ? "额外投入：达成概率已超过50%；若要有80%的把握，\(driver)需在基准之上每年再增加\(rate(p80))。"
                      : "Extra investment: the chance already exceeds 50 %; for an 80 % chance \(driver) would have to rise \(rate(p80)) a year above the baseline."
        case let (p50?, p80?):
            return zh ? "额外投入：\(driver)需在基准之上每年增加\(rate(p50))才有50%的把握，每年增加\(rate(p80))才有80%的把握。"
                      : "Extra investment: \(driver) would have to rise \(rate(p50)) a year above the baseline for a 50 % chance and \(rate(p80)) a year for an 80 % chance."
        case let (p50?, nil):
            return zh ? "额外投入：\(driver)需在基准之上每年增加\(rate(p50))才有50%的把握；在每年增加100%以内无法达到80%的把握。"
                      : "Extra investment: \(driver) would have to rise \(rate(p50)) a year above the baseline for a 50 % chance; no uplift up to 100 % a year gives an 80 % chance."
        default:
            return zh ? "额外投入：\(driver)在基准之上每年增加100%以内都无法使达成概率达到50%。"
                      : "Extra investment: no uplift of \(driver) up to 100 % a year gives even a 50 % chance."
        }
    }
}

extension SummaryReport {
    /// The concise table printed after a run: one line per tested target with its year, threshold,
    /// baseline projection, the probability of meeting it under each scenario (headed by the scenario's
    /// code, which ``tableFootnote(_:names:language:folder:)`` explains with its label), and the status
    /// (last column, so a terminal can colour it without disturbing the alignment).
    public static func table(_ run: ScenarioRun, names: NameBook, language: Language) -> TextTable {
        let facts = RunFacts(run, names: names)
        let zh = language == .zh
        let scenarios = run.specification.scenarios
        let rows: [[String]] = facts.testedTargets.compactMap { id, group in
            guard let baseline = group[facts.baseline] else { return nil }
            let threshold = TargetList.threshold(baseline.comparator, number: { NumberText.trimmed($0) })
            return [id, String(baseline.targetYear), threshold, NumberText.trimmed(baseline.projectedMean)]
                + scenarios.map { NumberText.chance(group[$0.name]?.pMeet, .zh) }
                + [ResultWords.status(baseline.status, language)]
        }
        let header = (zh ? ["目标", "年份", "门槛", "预测值"] : ["target", "year", "threshold", "projected"])
            + scenarios.map(\.name) + [zh ? "评估" : "status"]
        return TextTable(header: header, rows: rows, rightAligned: Set(1..<(header.count - 1)))
    }

    /// The lines under the table: each scenario's code with its label, what the numbers are, how many
    /// targets were tested, where the files went.
    public static func tableFootnote(_ run: ScenarioRun, names: NameBook, language: Language, folder: String) -> String {
        let facts = RunFacts(run, names: names)
        let tested = facts.testedTargets.count, untested = facts.untestedTargets.count
        let scenarios = run.specification.scenarios.count
        let driverUnit = facts.driver(language)?.unit ?? ""
        let legend = TextTable(header: [language == .zh ? "情景" : "scenario", language == .zh ? "说明" : "label"],
                               rows: run.specification.scenarios.map {
                                   [$0.name, Localization.scenarioLabel($0, driverUnit: driverUnit, language)]
                               }).plainText()
        switch language {
        case .zh:
            return legend + "\n\n预测值为基准情景均值；情景列为达成概率；\(scenarios)个情景 × \(run.draws)次模拟；"
                + "\(tested)项目标已测算，\(untested)项未测算（见 missing-data.csv 与 summary.md）。输出目录：\(folder)/"
        case .en:
            return legend + "\n\nprojected = baseline mean; scenario columns = probability of meeting the target; \(scenarios) scenarios × "
                + "\(run.draws) draws; \(tested) targets tested, \(untested) not tested (see missing-data.csv and summary.md). "
                + "Written to \(folder)/"
        }
    }
}
