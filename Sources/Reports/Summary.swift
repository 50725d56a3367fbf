import Foundation
import Indicators
import Scenarios

/// `summary.md`, a text a planner can paste into the annual plan: an overview table of every tested
/// target (threshold, baseline projection with its 80 % interval, the probability of meeting it under
/// each scenario, status) with the scenarios and the targets at risk; one paragraph per target group
/// (a zone target and its member regions together), each caveat once as a numbered note; plan versus
/// actual; and the targets that cannot be tested yet, summarised once. Counts are whole numbers. In
/// Chinese the text holds no English words: only numbers, units and codes (target ids, scenario
/// codes, file names, the `sunan template` command).
public enum SummaryReport {
    /// The Markdown text of the summary in `language`.
    public static func markdown(_ run: ScenarioRun, names: NameBook, language: Language) -> String {
        let facts = RunFacts(run, names: names)
        let zh = language == .zh
        let specification = run.specification
        let overview = TargetOverview(facts)
        let untested = facts.untestedTargets
        var lines: [String] = []
        lines.append(zh ? "# 规划目标测算摘要（基于截至\(specification.asOf)年的数据）"
                        : "# Plan targets: projections and gaps (data up to \(specification.asOf))")
        lines.append("")
        let scenarioCount = specification.scenarios.count
        lines.append(zh
            ? "以截至\(specification.asOf)年的数据，对\(scenarioCount)个情景各做\(run.draws)次蒙特卡洛模拟（随机种子\(run.seed)）；"
                + "\(overview.entries.count)项目标可测算，\(untested.count)项暂无法测算。预测值为基准情景下目标年份的中位数（一半模拟低于此值），括号内为80%预测区间；"
                + "各情景列为达成目标的概率，即模拟中满足目标的比例。"
            : "Data up to \(specification.asOf); \(scenarioCount) scenarios × \(run.draws) Monte Carlo draws (seed \(run.seed)); "
                + "\(overview.entries.count) targets tested, \(untested.count) cannot be tested yet. Projected values are baseline medians (half the draws fall below) "
                + "in the target year with 80 % intervals; the scenario columns give the probability of meeting the target "
                + "(the share of draws that meet it).")
        if !overview.entries.isEmpty {
            lines += ["", zh ? "## 总览" : "## Overview", "", overview.markdown(names: names, language)]
        }
        let driver = facts.driver(language)
        lines += ["", driver.map { scenariosHeading(driver: $0.name, record: facts.driverRecord(), language) }
                      ?? (zh ? "情景：" : "Scenarios:"), ""]
        lines += scenarioLines(facts, language)
        if !overview.entries.isEmpty {
            lines += ["", zh ? "### 风险目标" : "### Targets at risk", ""]
            lines += riskLines(overview, facts: facts, language)
            lines += ["", zh ? "## 分目标说明" : "## Target by target"]
            var notes = SummaryNotes()
            for group in TargetGroup.groups(overview) {
                lines += ["", heading(group, names: names, language), ""]
                lines.append(paragraph(group, facts: facts, notes: &notes, language))
            }
            lines += notes.markdown(language)
        }
        lines += runNotes(run.notes, names: names, language)
        lines += ["", zh ? "## 预测与实际对照" : "## Plan versus actual", "", planVersusActual(facts, language)]
        if !untested.isEmpty {
            lines += ["", zh ? "## 暂无法测算的目标（\(untested.count)项）" : "## Targets that cannot be tested yet (\(untested.count))", ""]
            lines.append(untestedParagraph(facts, language))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The line above the scenarios: the driver they set and, when its history allows, its own record
    /// (growth a year over its last five observed years, largest one-year rise), against which the
    /// required uplifts below can be read.
    static func scenariosHeading(driver: String, record: (fromYear: Int, toYear: Int, yearlyGrowth: Double, largestRise: Double)?,
                                 _ language: Language) -> String {
        let zh = language == .zh
        guard let record else { return zh ? "情景（均作用于投入驱动指标：\(driver)）：" : "Scenarios (each sets the investment driver, \(driver)):" }
        let growth = NumberText.positional(abs(record.yearlyGrowth), decimals: 1), largest = NumberText.positional(record.largestRise, decimals: 1)
        let fell = record.yearlyGrowth < 0
        return zh ? "情景（均作用于投入驱动指标：\(driver)；该指标\(record.fromYear)–\(record.toYear)年年均\(fell ? "下降" : "增长")\(growth)%，单年最大增幅\(largest)%）："
                  : "Scenarios (each sets the investment driver, \(driver), which \(fell ? "fell" : "grew") \(growth) % a year over "
                    + "\(record.fromYear)–\(record.toYear), its largest one-year rise \(largest) %):"
    }

    /// One line per scenario: its label, code and assumption (the driver, named in the line above, called
    /// “the driver”).
    static func scenarioLines(_ facts: RunFacts, _ language: Language) -> [String] {
        let zh = language == .zh
        let driver = facts.driver(language)
        return facts.run.specification.scenarios.map { scenario in
            let label = Localization.scenarioLabel(scenario, driverUnit: driver?.unit ?? "", language)
            let description = driver.map {
                Localization.scenarioDescription(scenario, driver: zh ? "驱动指标" : "the driver", driverUnit: $0.unit, names: facts.names, language)
            } ?? (zh ? "无投入驱动因素" : "no investment driver")
            let sentence = zh ? description : description.prefix(1).uppercased() + description.dropFirst()
            return "- **\(label)**" + (zh ? "（\(scenario.name)）：" : " (\(scenario.name)): ") + sentence + (zh ? "。" : ".")
        }
    }
}

extension SummaryReport {
    /// The concise table printed after a run: one line per tested target with its year, threshold,
    /// baseline projection (whole numbers for counts), the probability of meeting it under each scenario
    /// (headed by the scenario's code, which ``tableFootnote(_:names:language:folder:)`` explains with
    /// its label), and the status (last column, so a terminal can colour it without disturbing the alignment).
    public static func table(_ run: ScenarioRun, names: NameBook, language: Language) -> TextTable {
        let facts = RunFacts(run, names: names)
        let zh = language == .zh
        let scenarios = run.specification.scenarios
        let rows: [[String]] = facts.testedTargets.compactMap { id, group in
            guard let baseline = group[facts.baseline] else { return nil }
            let threshold = TargetList.threshold(baseline.comparator, number: { NumberText.trimmed($0) })
            return [id, String(baseline.targetYear), threshold, Localization.amount(baseline.projectedMedian, unit: baseline.unit)]
                + scenarios.map { NumberText.chance(group[$0.name]?.pMeet, .zh) }
                + [ResultWords.status(baseline.status, language)]
        }
        let header = (zh ? ["目标", "年份", "门槛", "预测值"] : ["target", "year", "threshold", "projected"])
            + scenarios.map(\.name) + [zh ? "评估" : "status"]
        return TextTable(header: header, rows: rows, rightAligned: Set(1..<(header.count - 1)))
    }

    /// The lines under the table: each scenario's code with its label, what the numbers are, how many
    /// targets were tested (and, when data are missing, the command that writes the fill-in sheet), where
    /// the files went.
    public static func tableFootnote(_ run: ScenarioRun, names: NameBook, language: Language, folder: String) -> String {
        let facts = RunFacts(run, names: names)
        let tested = facts.testedTargets.count, untested = facts.untestedTargets.count
        let scenarios = run.specification.scenarios.count
        let driverUnit = facts.driver(language)?.unit ?? ""
        let legend = TextTable(header: [language == .zh ? "情景" : "scenario", language == .zh ? "说明" : "label"],
                               rows: run.specification.scenarios.map {
                                   [$0.name, Localization.scenarioLabel($0, driverUnit: driverUnit, language)]
                               }).plainText()
        let template = run.missingData.isEmpty ? "" : (language == .zh ? "；sunan template 命令可生成填报表" : "; sunan template writes a fill-in sheet")
        switch language {
        case .zh:
            return legend + "\n\n预测值为基准情景中位数；情景列为达成概率；\(scenarios)个情景 × \(run.draws)次模拟；"
                + "\(tested)项目标已测算，\(untested)项未测算（见 missing-data.csv 与 summary.md\(template)）。输出目录：\(folder)/"
        case .en:
            return legend + "\n\nprojected = baseline median; scenario columns = probability of meeting the target; \(scenarios) scenarios × "
                + "\(run.draws) draws; \(tested) targets tested, \(untested) not tested (see missing-data.csv and summary.md\(template)). "
                + "Written to \(folder)/"
        }
    }
}
