import Foundation
import Indicators
import Scenarios

/// The sections of `summary.md` around the target groups: the targets at risk, plan versus actual and
/// the targets that cannot be tested yet.
extension SummaryReport {
    /// One list item per target at risk — its baseline probability and status, the scenarios under
    /// which its probability falls below 50 %, and the extra investment an 80 % chance needs under the
    /// baseline (when it needs any) — or one line saying that none is.
    static func riskLines(_ overview: TargetOverview, facts: RunFacts, _ language: Language) -> [String] {
        riskItems(overview, facts: facts, language).map { item in item.id.map { "- **\($0)**" + item.text } ?? item.text }
    }

    /// The targets at risk as items — the target's id and the text after it — or one item without an id
    /// saying that none is.
    static func riskItems(_ overview: TargetOverview, facts: RunFacts, _ language: Language) -> [(id: String?, text: String)] {
        let zh = language == .zh
        let risks = overview.risks
        guard !risks.isEmpty else {
            return [(nil, zh ? "没有风险目标：所有可测算目标在基准情景下至少较可能达成，且在各情景下达成概率均不低于50%。"
                             : "No target is at risk: every tested target is at least probable under the baseline and stays at or above 50 % in every scenario.")]
        }
        let driverUnit = facts.driver(language)?.unit ?? ""
        func below(_ risk: TargetOverview.Risk) -> [(label: String, chance: String)] {
            risk.scenariosBelowHalf.filter { $0.scenario.name != facts.baseline }.map {
                (Localization.scenarioLabel($0.scenario, driverUnit: driverUnit, language), NumberText.chance($0.pMeet, language))
            }
        }
        return TargetGroup.keyed(risks, id: \.entry.id).map { key, group in
            group.count == 1 ? (group[0].entry.id, riskText(group[0], below: below(group[0]), facts: facts, language))
                          : (key, groupedRiskText(key: key, group, below: below, facts: facts, language))
        }
    }

    /// The text of one target at risk: condition, baseline chance and status, scenarios below 50 %, uplift.
    private static func riskText(_ risk: TargetOverview.Risk, below: [(label: String, chance: String)], facts: RunFacts,
                                 _ language: Language) -> String {
        let zh = language == .zh
        let row = risk.entry.baseline
        let region = facts.names.region(row.region, language), indicator = facts.names.indicator(row.indicator, language)
        let condition = Localization.condition(row.comparator, unit: row.unit, language)
        let chance = NumberText.chance(row.pMeet, language), status = ResultWords.status(row.status, language)
        let observed = row.status == .achieved || row.status == .missed
        let verdict = observed ? (zh ? "已有实际数据，\(status)" : "observed, \(status)")
            : (zh ? "基准情景下达成概率\(chance)，\(status)" : "\(chance) under the baseline, \(status)")
        var text = zh ? "（\(region)\(indicator)，\(row.targetYear)年\(condition)）：\(verdict)"
                      : " (\(indicator) — \(region), \(condition) in \(row.targetYear)): \(verdict)"
        if !below.isEmpty {
            let list = below.map { zh ? "\($0.label)（\($0.chance)）" : "\($0.label) (\($0.chance))" }
            text += zh ? "；在以下情景中低于50%：" + list.joined(separator: "、") : "; below 50 % under " + list.joined(separator: ", ")
        }
        text += zh ? "。" : "."
        if !observed, row.requiredUpliftP80 != 0,
           let driver = driverName(of: row.indicator, facts: facts, language) {
            text += (zh ? "" : " ") + upliftSentence(row, driver: driver, language)
        }
        return text
    }

    /// One item for a zone target and its members' rows at risk (`key`, `key/Region`): the condition
    /// once, each region's baseline chance and status, the scenarios below 50 % with each region's
    /// chance, and the uplift each needs for an 80 % chance.
    private static func groupedRiskText(key: String, _ group: [TargetOverview.Risk],
                                        below: (TargetOverview.Risk) -> [(label: String, chance: String)],
                                        facts: RunFacts, _ language: Language) -> String {
        let zh = language == .zh
        let rows = group.map(\.entry.baseline)
        let first = rows[0]
        let indicator = facts.names.indicator(first.indicator, language)
        let condition = Localization.condition(first.comparator, unit: first.unit, language)
        func name(_ risk: TargetOverview.Risk) -> String {
            risk.entry.id == key ? (zh ? "区域" : "the zone") : facts.names.region(risk.entry.baseline.region, language)
        }
        let sameCondition = rows.allSatisfy { $0.comparator == first.comparator }
        let chances = group.map { risk in
            let row = risk.entry.baseline
            let verdict = row.status == .achieved || row.status == .missed
                ? ResultWords.status(row.status, language)
                : NumberText.chance(row.pMeet, language) + (zh ? "，" : " ") + ResultWords.status(row.status, language)
            let threshold = sameCondition ? "" : (zh ? "（\(TargetOverview.threshold(row))）" : " (\(TargetOverview.threshold(row)))")
            return zh ? "\(name(risk))\(verdict)\(threshold)" : "\(name(risk)) \(verdict)\(threshold)"
        }
        let unit = Localization.unitName(first.unit, language)
        let unitNote = sameCondition || unit.isEmpty ? "" : (zh ? "，单位：\(unit)" : ", in \(unit)")
        var text = zh ? "（\(indicator)，\(first.targetYear)年" + (sameCondition ? condition : unitNote) + "；区域目标及各市分解目标）：基准情景下"
                        + chances.joined(separator: "；") + "。"
                      : " (\(indicator), " + (sameCondition ? "\(condition) " : "") + "in \(first.targetYear)" + unitNote
                        + "; the zone target and its city shares): under the baseline, " + chances.joined(separator: "; ") + "."
        var labels: [String] = []
        var byLabel: [String: [String]] = [:]
        for risk in group {
            for scenario in below(risk) {
                if byLabel[scenario.label] == nil { labels.append(scenario.label) }
                byLabel[scenario.label, default: []].append(zh ? "\(name(risk))\(scenario.chance)" : "\(name(risk)) \(scenario.chance)")
            }
        }
        for label in labels {
            text += zh ? "在“\(label)”情景中低于50%：" + byLabel[label]!.joined(separator: "，") + "。"
                       : " Below 50 % under \(label): " + byLabel[label]!.joined(separator: ", ") + "."
        }
        if let uplift = upliftSentence(TargetGroup(key: key, entries: group.map(\.entry)), facts: facts, language) {
            text += (zh ? "" : " ") + uplift
        }
        return text
    }

    /// Plan versus actual in a paragraph: how many comparisons, how often the intervals covered the
    /// actual value, the largest miss, and whether the targets the data reach were actually met.
    static func planVersusActual(_ facts: RunFacts, _ language: Language) -> String {
        let zh = language == .zh
        let run = facts.run, names = facts.names
        let asOf = run.specification.asOf
        let rows = run.planVersusActual
        guard !rows.isEmpty, let firstYear = rows.map(\.year).min(), let lastYear = rows.map(\.year).max() else {
            return zh ? "\(asOf)年之后尚无实际数据可供对照。" : "There are no data after \(asOf) to compare the projection with."
        }
        let coverage = run.planVersusActualCoverage
        let series = Set(rows.map { $0.region + "|" + $0.indicator }).count
        let years = firstYear == lastYear ? String(firstYear) : "\(firstYear)–\(lastYear)"
        var sentences: [String] = []
        sentences.append(zh
            ? "\(asOf)年之后公布的数据可对基准情景预测做\(coverage.rows)次对照（\(series)个序列，\(years)年）：80%区间覆盖实际值\(coverage.covered80)次"
                + "（\(NumberText.percent(coverage.rate80, .zh))，名义上应为80%），95%区间覆盖\(coverage.covered95)次（\(NumberText.percent(coverage.rate95, .zh))，名义上应为95%）。"
            : "Data published after \(asOf) allow \(coverage.rows) comparisons of the baseline projection with what happened (\(series) series, "
                + "\(years)): the 80 % interval contained the actual value \(coverage.covered80) times (\(NumberText.percent(coverage.rate80, .en)); "
                + "80 % expected), the 95 % interval \(coverage.covered95) times (\(NumberText.percent(coverage.rate95, .en)); 95 % expected).")
        if let miss = rows.max(by: { abs($0.errorPercent) < abs($1.errorPercent) }) {
            let actual = Localization.quantity(miss.actual, unit: miss.unit, language)
            let projected = Localization.projected(miss.projectedMean, unit: miss.unit, language)
            sentences.append(zh
                ? "偏差最大的是\(names.region(miss.region, .zh))\(miss.year)年的\(names.indicator(miss.indicator, .zh))：实际\(actual)，预测均值\(projected)。"
                : "The largest miss: \(RunFacts.possessive(names.region(miss.region, .en), names.indicator(miss.indicator, .en), .en)) in "
                    + "\(miss.year), \(actual) against a projected mean of \(projected).")
        }
        let checks = rows.flatMap(\.targets)
        if checks.isEmpty {
            sentences.append(zh ? "可测算目标均不在已有实际数据的年份。" : "No tested target falls in a year with data.")
        } else {
            let verdicts: [(Bool?, String, String)] = [(true, "已达成", "met"), (false, "未达成", "missed"), (nil, "无法判断", "cannot be judged")]
            let parts = verdicts.compactMap { verdict, chinese, english -> String? in
                let ids = checks.filter { $0.met == verdict }.map(\.targetID)
                guard !ids.isEmpty else { return nil }
                return zh ? chinese + "：" + ids.joined(separator: "、") : english + " — " + ids.joined(separator: ", ")
            }
            sentences.append(zh ? "按实际数据，" + parts.joined(separator: "；") + "。"
                                : "Targets checked against the actual data: " + parts.joined(separator: "; ") + ".")
        }
        return sentences.joined(separator: zh ? "" : " ")
    }

    /// The targets that cannot be tested, summarised once: how many lack data and how many series a
    /// planner must supply, where the years are listed (missing-data.csv), the command that writes the
    /// fill-in sheet (`sunan template`), and the targets not tested for another reason (by id).
    static func untestedParagraph(_ facts: RunFacts, _ language: Language) -> String {
        let zh = language == .zh
        let untested = facts.untestedTargets
        let noData = untested.filter { $0.status == .noData }
        let others = untested.filter { $0.status != .noData }
        func id(_ target: UntestedTarget) -> String {
            guard target.regions.count > 1 else { return target.targetID }
            return target.targetID + (zh ? "（\(target.regions.count)个地区）" : " (\(target.regions.count) regions)")
        }
        var sentences: [String] = []
        if !noData.isEmpty {
            let series = MissingDataEntry.requests(facts.run.missingData).count
            sentences.append(zh
                ? "\(noData.count)项目标缺少数据：已加载的数据中没有其所需的序列（共需补充\(series)个序列，missing-data.csv 按目标和地区逐行列出需补充的年份和单位），"
                    + "本工具不会编造数值。用 sunan template 命令（参数为情景文件）可生成填报数据文件，填好数值并加入情景文件的数据列表后再运行，即可测算这些目标。"
                : (noData.count == 1 ? "1 target lacks data: the loaded files do not hold the series it needs"
                                     : "\(noData.count) targets lack data: the loaded files do not hold the series they need")
                    + " (\(series) series to supply; missing-data.csv lists years and units by target and region); "
                    + "sunan never invents a baseline. `sunan template SCENARIO` writes them as a fill-in data file: filled in "
                    + "and added to the scenario's `data:`, it makes " + (noData.count == 1 ? "the target" : "these targets")
                    + " tested on the next run.")
        }
        if !others.isEmpty {
            let items = others.map { id($0) + (zh ? "（\(ResultWords.status($0.status, .zh))）" : " (\(ResultWords.status($0.status, .en)))") }
            sentences.append(zh ? "因其他原因未测算：" + items.joined(separator: "、") + "。"
                                : "Not tested for another reason: " + items.joined(separator: ", ") + ".")
        }
        return sentences.joined(separator: zh ? "" : " ")
    }
}
