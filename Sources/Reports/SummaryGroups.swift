import Foundation
import Indicators
import Scenarios

/// A group of tested targets that `summary.md` describes in one paragraph: a zone target with the
/// targets allocated from it to the member regions, a target binding each member (with its
/// every-member row), or a single target.
struct TargetGroup {
    /// The id shared by the group (the part before `/`).
    let key: String
    /// The target whose id is the key: a zone target, or a target on its own.
    let lead: TargetOverview.Entry?
    /// The member regions' rows (`key/Region`), in run order.
    let members: [TargetOverview.Entry]
    /// The every-member row (`key/all`) of an `all_cities` target.
    let everyMember: TargetOverview.Entry?

    /// Every entry of the group: the lead, the members, the every-member row.
    var entries: [TargetOverview.Entry] { (lead.map { [$0] } ?? []) + members + (everyMember.map { [$0] } ?? []) }

    /// The groups of `overview`, in the order of their first target.
    static func groups(_ overview: TargetOverview) -> [TargetGroup] {
        keyed(overview.entries, id: \.id).map { TargetGroup(key: $0.key, entries: $0.items) }
    }

    /// `items` grouped by the part of their target id before `/`, groups in the order of their first item.
    static func keyed<Item>(_ items: [Item], id: (Item) -> String) -> [(key: String, items: [Item])] {
        var order: [String] = []
        var byKey: [String: [Item]] = [:]
        for item in items {
            let full = id(item)
            let key = full.split(separator: "/", maxSplits: 1).first.map(String.init) ?? full
            if byKey[key] == nil { order.append(key) }
            byKey[key, default: []].append(item)
        }
        return order.map { ($0, byKey[$0]!) }
    }
}

extension TargetGroup {
    /// The group `key` made of `entries` (the lead `key`, the members `key/Region`, the row `key/all`).
    init(key: String, entries: [TargetOverview.Entry]) {
        self.init(key: key, lead: entries.first { $0.id == key },
                  members: entries.filter { $0.id != key && !$0.id.hasSuffix("/all") },
                  everyMember: entries.first { $0.id == key + "/all" })
    }
}

extension SummaryReport {
    /// The heading of a group: `### 技术合同成交额（登记口径），2020年：区域及各成员地区（Z2020-contract-value）`.
    static func heading(_ group: TargetGroup, names: NameBook, _ language: Language) -> String {
        let zh = language == .zh
        let row = (group.lead ?? group.members.first ?? group.everyMember)!.baseline
        let indicator = names.indicator(row.indicator, language)
        let condition = Localization.condition(row.comparator, unit: row.unit, language)
        if group.members.isEmpty, group.everyMember == nil {
            let region = names.region(row.region, language)
            return zh ? "### \(region)\(indicator)：\(row.targetYear)年\(condition)（\(group.key)）"
                      : "### \(indicator) — \(region): \(condition) in \(row.targetYear) (\(group.key))"
        }
        if group.lead != nil {
            return zh ? "### \(indicator)，\(row.targetYear)年：区域目标及分解到各成员地区的目标（\(group.key)）"
                      : "### \(indicator), \(row.targetYear): the zone and its member regions (\(group.key))"
        }
        return zh ? "### \(indicator)：\(row.targetYear)年各成员地区\(condition)（\(group.key)）"
                  : "### \(indicator): \(condition) in \(row.targetYear) for each member region (\(group.key))"
    }

    /// The paragraph of a group: the lead target's projection, probability, pace and first year met; the
    /// members' projections and probabilities and their pace; the every-member probability; the extra
    /// investment; the notes it refers to.
    static func paragraph(_ group: TargetGroup, facts: RunFacts, notes: inout SummaryNotes, _ language: Language) -> String {
        let zh = language == .zh
        let names = facts.names
        var sentences: [String] = []
        if let lead = group.lead {
            var sentence = leadSentence(lead, facts: facts, language)
            if group.members.isEmpty, group.everyMember == nil {
                if !zh { sentence = sentence.prefix(1).uppercased() + sentence.dropFirst() }
            } else {
                sentence = names.region(lead.baseline.region, language) + (zh ? "：" : ": ") + sentence
            }
            sentences.append(sentence)
            if lead.baseline.status != .achieved, lead.baseline.status != .missed,
               let pace = paceSentence(lead.baseline, facts: facts, language) {
                sentences.append(pace)
            }
        }
        if !group.members.isEmpty {
            let allocated = group.members.contains { facts.allocation(of: $0.baseline) != nil }
            let items = group.members.map { entry -> String in
                let row = entry.baseline
                let threshold = allocated ? (zh ? "（目标\(TargetOverview.threshold(row))）" : " against \(TargetOverview.threshold(row))") : ""
                return names.region(row.region, language) + (zh ? "" : " ") + Localization.amount(row.projectedMedian, unit: row.unit)
                    + threshold + (zh ? "：" : ": ") + NumberText.chance(row.pMeet, language) + (zh ? "，" : ", ")
                    + ResultWords.status(row.status, language)
            }
            sentences.append((zh ? "各成员地区（基准情景）：" : "Member regions under the baseline: ")
                             + items.joined(separator: zh ? "；" : "; ") + (zh ? "。" : "."))
            sentences.append(paceSummary(group.members.map(\.baseline), names: names, language))
        }
        if let every = group.everyMember {
            sentences.append(zh ? "各成员在同一次模拟中全部达标的概率：\(NumberText.chance(every.baseline.pMeet, .zh))，状态：\(ResultWords.status(every.baseline.status, .zh))。"
                                : "All members at once: \(NumberText.chance(every.baseline.pMeet, .en)), \(ResultWords.status(every.baseline.status, .en)).")
        }
        if let uplift = upliftSentence(group, facts: facts, language) { sentences.append(uplift) }
        let rows = group.entries.map(\.baseline)
        let numbers = facts.caveats(of: rows, language).map { notes.number(of: $0) }
        sentences.append(SummaryNotes.reference(numbers, language))
        return sentences.filter { !$0.isEmpty }.joined(separator: zh ? "" : " ")
    }

    /// The lead target's projection against its condition, its probability under the baseline (with the
    /// range across the scenarios) and its status, and the first year its median meets it; for a target
    /// whose years are all observed, the observed value and whether it met the target.
    static func leadSentence(_ entry: TargetOverview.Entry, facts: RunFacts, _ language: Language) -> String {
        let row = entry.baseline
        let projected = Localization.projected(row.projectedMedian, unit: row.unit, language)
        let interval = Localization.projectedRange(row.lo80, row.hi80, unit: row.unit, language)
        let condition = Localization.condition(row.comparator, unit: row.unit, language)
        let chance = NumberText.chance(row.pMeet, language)
        let status = ResultWords.status(row.status, language)
        let probabilities = facts.run.specification.scenarios.compactMap { entry.rows[$0.name]?.pMeet }
        var spread = ""
        if probabilities.count > 1, let low = probabilities.min(), let high = probabilities.max() {
            let (lowText, highText) = (NumberText.chance(low, language), NumberText.chance(high, language))
            spread = lowText == highText ? (language == .zh ? "（各情景均为\(lowText)）" : " (\(lowText) in every scenario)")
                : (language == .zh ? "（各情景\(lowText)至\(highText)）" : " (\(lowText) to \(highText) across the scenarios)")
        }
        if row.status == .achieved || row.status == .missed {
            // Every year the target reads is observed: the data answer it, no probability is involved.
            return language == .zh ? "\(row.targetYear)年实际为\(projected)，目标为\(condition)：\(status)。"
                                   : "observed \(projected) in \(row.targetYear) against \(condition): \(status)."
        }
        var text: String
        switch language {
        case .zh:
            text = "按基准情景，\(row.targetYear)年预测中位数为\(projected)（80%区间\(interval)），目标为\(condition)；"
                + "达成目标的概率为\(chance)\(spread)，状态：\(status)。"
            if let first = row.firstYearMet { text += "按基准情景的中位数，\(first)年即可达到目标。" }
        case .en:
            text = "median projection \(projected) in \(row.targetYear) (80 % interval \(interval)) against \(condition): "
                + "\(chance) under the baseline\(spread), \(status)."
            if let first = row.firstYearMet { text += " The baseline median first meets it in \(first)." }
        }
        return text
    }

    /// Required against historical growth and the pace of one row; nil when neither is known.
    static func paceSentence(_ row: GapRow, facts: RunFacts, _ language: Language) -> String? {
        let zh = language == .zh
        let lastYear = facts.history(region: row.region, indicator: row.indicator)?.years.last.map(String.init) ?? ""
        guard let pace = row.pace else { return nil }
        if pace == .alreadyMet {
            return zh ? "最近观测值（\(lastYear)年）已满足目标。" : "The last observed value (\(lastYear)) already meets it."
        }
        guard let required = row.requiredCAGR else {
            return zh ? "按历史增速判断：\(ResultWords.pace(pace, .zh))。" : "Pace: \(ResultWords.pace(pace, .en))."
        }
        let historical = row.historicalCAGR.map { NumberText.percent($0, language) }
        return zh ? "需自\(lastYear)年起年均增长\(NumberText.percent(required, .zh))，"
                    + (historical.map { "近年年均增长\($0)" } ?? "近年增长率无法计算") + "，按此判断：\(ResultWords.pace(pace, .zh))。"
                  : "It needs \(NumberText.percent(required, .en)) growth a year from \(lastYear), against "
                    + (historical.map { "\($0) a year recently" } ?? "no measurable recent growth") + ": \(ResultWords.pace(pace, .en))."
    }

    /// The members' pace in one sentence: the most common grade and the exceptions.
    static func paceSummary(_ rows: [GapRow], names: NameBook, _ language: Language) -> String {
        let zh = language == .zh
        let paces = rows.compactMap(\.pace)
        guard !paces.isEmpty else { return "" }
        let counts = Dictionary(paces.map { ($0, 1) }, uniquingKeysWith: +)
        let common = paces.max { counts[$0]! < counts[$1]! || (counts[$0]! == counts[$1]! && paces.firstIndex(of: $0)! > paces.firstIndex(of: $1)!) }!
        let exceptions = rows.filter { $0.pace != nil && $0.pace != common }.map {
            names.region($0.region, language) + (zh ? "（\(ResultWords.pace($0.pace!, .zh))）" : " (\(ResultWords.pace($0.pace!, .en)))")
        }
        if exceptions.isEmpty {
            return zh ? "按历史增速判断，各成员地区均为：\(ResultWords.pace(common, .zh))。" : "Pace of every member: \(ResultWords.pace(common, .en))."
        }
        return zh ? "按历史增速判断，各成员地区为：\(ResultWords.pace(common, .zh))，但" + exceptions.joined(separator: "、") + "除外。"
                  : "Pace of the members: \(ResultWords.pace(common, .en)), except " + exceptions.joined(separator: ", ") + "."
    }

    /// The extra investment of a group under the baseline: the yearly uplift of the driver for an 80 %
    /// chance, by row, the rows needing none named together; nil when every row is observed or no driver
    /// is linked (a note says so).
    static func upliftSentence(_ group: TargetGroup, facts: RunFacts, _ language: Language) -> String? {
        let zh = language == .zh
        let rows = group.entries.map(\.baseline).filter { $0.status != .achieved && $0.status != .missed && !$0.targetID.hasSuffix("/all") }
        guard let first = rows.first else { return nil }
        guard let driver = driverName(of: first.indicator, facts: facts, language) else { return nil }
        if rows.count == 1 { return upliftSentence(first, driver: driver, language) }
        func rate(_ x: Double) -> String { upliftRate(x, language) }
        var none: [String] = [], needs: [String] = []
        for row in rows {
            let isLead = row.targetID == group.key && !group.members.isEmpty
            let name = isLead ? (zh ? "区域" : "the zone") : facts.names.region(row.region, language)
            switch (row.requiredUpliftP50, row.requiredUpliftP80) {
            case (_, 0?): none.append(name)
            case let (_, p80?): needs.append(zh ? "\(name)\(rate(p80))" : "\(name) +\(rate(p80))")
            case let (p50?, nil): needs.append(zh ? "\(name)需\(rate(p50))才有50%的把握，每年增加100%以内达不到80%"
                                                  : "\(name) +\(rate(p50)) for a 50 % chance, none up to +100 % for 80 %")
            case (nil, nil): needs.append(zh ? "\(name)每年增加100%以内都达不到50%" : "\(name): none up to +100 % gives even 50 %")
            }
        }
        if needs.isEmpty {
            return zh ? "额外投入：均无需在基准之上增加\(driver)，达成概率已不低于80%。"
                      : "Extra investment: none; without raising \(driver) above the baseline every chance is already at least 80 %."
        }
        let noneText = none.isEmpty ? "" : (zh ? "；" + none.joined(separator: "、") + "无需增加" : "; none needed for " + none.joined(separator: ", "))
        return zh ? "额外投入（为有80%的把握，\(driver)在基准之上每年需增加）：" + needs.joined(separator: "；") + noneText + "。"
                  : "Extra investment for an 80 % chance (\(driver), yearly rise above the baseline): " + needs.joined(separator: "; ")
                    + noneText + "."
    }

    /// A required yearly uplift in prose, in whole percent (`56 %`): the bisection's Monte Carlo error
    /// is a percent or more a year, so decimals would claim a precision the solve does not have
    /// (`gaps.csv` keeps them, with the solve's tolerance).
    static func upliftRate(_ percent: Double, _ language: Language) -> String {
        NumberText.positional(percent, decimals: 0) + (language == .zh ? "%" : " %")
    }

    /// The driver that moves `indicator` as the summary names it: “the driver” when it is the run's
    /// driver, which the line above the scenarios names; nil when no driver is linked.
    static func driverName(of indicator: String, facts: RunFacts, _ language: Language) -> String? {
        guard let named = facts.driver(of: indicator, language) else { return nil }
        return named == facts.driver(language)?.name ? (language == .zh ? "驱动指标" : "the driver") : named
    }

    /// The extra-investment sentence of one target: the required uplift of the driver for a 50 % and an 80 % chance.
    static func upliftSentence(_ row: GapRow, driver: String, _ language: Language) -> String {
        let zh = language == .zh
        func rate(_ x: Double) -> String { upliftRate(x, language) }
        switch (row.requiredUpliftP50, row.requiredUpliftP80) {
        case (_, 0?):
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
        case (nil, _):
            return zh ? "额外投入：\(driver)在基准之上每年增加100%以内都无法使达成概率达到50%。"
                      : "Extra investment: no uplift of \(driver) up to 100 % a year gives even a 50 % chance."
        }
    }
}
