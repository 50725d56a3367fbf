import Foundation
import Indicators
import Scenarios

/// The numbered notes of `summary.md`: each caveat (a derived series, city shares, derived city
/// targets, the elasticity being an association) written once, in the order first referred to, and
/// referred to by number from every target group it concerns.
struct SummaryNotes {
    /// The notes' texts, in number order (note 1 first).
    private(set) var texts: [String] = []

    /// The number of the note with `text`, added when new.
    mutating func number(of text: String) -> Int {
        if let index = texts.firstIndex(of: text) { return index + 1 }
        texts.append(text)
        return texts.count
    }

    /// The reference to `numbers` at the end of a paragraph: `See notes 1, 2.`, `见注1、2。`; empty without notes.
    static func reference(_ numbers: [Int], _ language: Language) -> String {
        guard !numbers.isEmpty else { return "" }
        let list = numbers.map(String.init)
        switch language {
        case .zh: return "见注" + list.joined(separator: "、") + "。"
        case .en: return (numbers.count == 1 ? "See note " : "See notes ") + list.joined(separator: ", ") + "."
        }
    }

    /// The notes' section: a numbered list, then where the rules are stated; empty without notes.
    func markdown(_ language: Language) -> [String] {
        guard !texts.isEmpty else { return [] }
        var lines = ["", language == .zh ? "## 注" : "## Notes", ""]
        lines += texts.enumerated().map { "\($0.offset + 1). \($0.element)" }
        lines += ["", language == .zh ? "各项推算规则详见 gaps.csv 和 results.json，数据来源见 report.html。"
                                      : "The rules are stated in gaps.csv and results.json, the sources in report.html."]
        return lines
    }
}

/// The caveats of a group of targets, as note texts.
extension RunFacts {
    /// The texts of the notes that concern the rows of one target group (a zone target and its cities,
    /// or one target): the derivation of its series, the member shares, the derivation of city targets,
    /// a missing investment driver and the elasticity behind the scenarios, in that order.
    func caveats(of rows: [GapRow], _ language: Language) -> [String] {
        guard let first = rows.first else { return [] }
        var notes: [String] = []
        var sharesListed = false
        let projection = projection(for: first.indicator)
        let derived = rows.filter { isDerived(region: $0.region, indicator: $0.indicator) }
        if let projection, let target = projection.targetSeries, target.indicator == first.indicator, !derived.isEmpty {
            notes.append(derivedSeriesNote(projection, target: target, language))
            if derived.contains(where: { $0.region != target.region }), let shares = projection.memberShares {
                notes.append(sharesNote(shares, language))
                sharesListed = true
            }
        } else if let row = derived.first {
            let summed = derived.contains { summedSeries(region: $0.region, indicator: $0.indicator) }
            notes.append(summed
                ? (language == .zh ? "\(names.region(row.region, .zh))\(names.indicator(row.indicator, .zh))为各成员观测值之和，属推算值，并非直接观测。"
                                   : "The values of \(names.region(row.region, .en)) are the sum of its members' observed values (derived, not observed directly).")
                : (language == .zh ? "\(names.indicator(row.indicator, .zh))序列是推算值，不是观测值。"
                                   : "The \(RunFacts.inSentence(names.indicator(row.indicator, .en))) series is derived, not observed."))
        }
        let allocated = rows.compactMap { row in allocation(of: row).map { (row.region, $0.share) } }
        // `centralShares()` succeeded when the run was prepared (a failure stops the run), so `try?` cannot fail here.
        if !allocated.isEmpty, sharesListed, let shares = projection?.memberShares,
           let central = try? shares.centralShares(),
           allocated.allSatisfy({ city in zip(shares.shares, central).contains { $0.0.region == city.0 && abs($0.1 - city.1) < 1e-9 } }) {
            notes.append(language == .zh ? "各成员地区的目标是推算值：区域目标按同一组份额分解。"
                                         : "The member regions' targets are derived: the zone target split by the same shares.")
        } else if !allocated.isEmpty {
            let list = allocated.map { names.region($0.0, language) + (language == .zh ? "" : " ") + NumberText.percent($0.1, language) }
            notes.append(language == .zh
                ? "各成员地区的目标是推算值：区域目标乘以该地区在基准情景中占区域的份额（" + list.joined(separator: "，") + "）。"
                : "The member regions' targets are derived: the zone target times the region's baseline share of the zone ("
                    + list.joined(separator: ", ") + ").")
        }
        if projection?.driver == nil, rows.contains(where: { $0.status != .achieved && $0.status != .missed }) {
            notes.append(language == .zh ? "\(names.indicator(first.indicator, .zh))未关联投入驱动因素，无法测算所需额外投入。"
                : "No investment driver is linked to \(RunFacts.inSentence(names.indicator(first.indicator, .en))), so the extra investment cannot be computed.")
        }
        if let projection, let driver = projection.driver,
           run.specification.scenarios.count > 1 || rows.contains(where: { $0.requiredUpliftP50 != nil || $0.requiredUpliftP80 != nil }),
           let elasticity = run.elasticities.first(where: { $0.outcome == projection.indicator && $0.driver == driver.indicator }) {
            notes.append(elasticityNote(elasticity, language))
        }
        return notes
    }

    /// How a target series is derived from a projected one by factors.
    private func derivedSeriesNote(_ projection: ProjectionSpecification, target: TargetSeriesSpecification, _ language: Language) -> String {
        let parent = projection.regions.first.map { names.region($0, language) } ?? ""
        let zone = names.region(target.region, language)
        let count = target.factors.count
        switch language {
        case .zh:
            let factorNames = target.factors.compactMap { Localization.fileText(english: $0.name, chinese: $0.nameZh, .zh) }
            let listed = factorNames.count == count && count > 0 ? "（" + factorNames.joined(separator: "、") + "）" : ""
            return "\(zone)\(names.indicator(target.indicator, .zh))不是观测值，而是推算值：由\(parent)\(names.indicator(projection.indicator, .zh))"
                + "的预测乘以\(count)个换算系数\(listed)得出；区域值为各成员推算值之和。"
        case .en:
            return "The \(RunFacts.inSentence(names.indicator(target.indicator, .en))) of \(zone) is derived, not observed: the "
                + "projection of “\(RunFacts.inSentence(names.indicator(projection.indicator, .en)))” (\(parent)) times \(count) factor\(count == 1 ? "" : "s") ("
                + target.factors.map(\.name).joined(separator: "; ") + "); the zone value is the sum of its members' derived values."
        }
    }

    /// How the members' values split the zone's: each member's central share and whether it was published.
    private func sharesNote(_ shares: MemberShares, _ language: Language) -> String {
        // The run computed the central shares before drawing (a failure stops it): the fallback is never taken.
        let central = (try? shares.centralShares()) ?? shares.shares.map(\.share)
        let list = zip(shares.shares, central).map { share, value in
            let observed = share.basis == "observed"
            return language == .zh
                ? names.region(share.region, .zh) + NumberText.percent(value, .zh) + (observed ? "（公开数据）" : "（假设）")
                : names.region(share.region, .en) + " " + NumberText.percent(value, .en) + (observed ? " (published)" : " (assumed)")
        }
        return language == .zh ? "各成员的数值由区域值按份额拆分：" + list.joined(separator: "，") + "。"
            : "The members' values split the zone's by their shares: " + list.joined(separator: ", ") + "."
    }

    /// What the elasticity is and that it is an association.
    private func elasticityNote(_ elasticity: ElasticityUsed, _ language: Language) -> String {
        let outcome = names.indicator(elasticity.outcome, language), driver = names.indicator(elasticity.driver, language)
        let (outcomeInSentence, driverInSentence) = (RunFacts.inSentence(outcome), RunFacts.inSentence(driver))
        let value = NumberText.significant(elasticity.value), error = NumberText.significant(elasticity.standardError)
        let estimated = elasticity.estimation != nil
        let lag = elasticity.lag
        switch language {
        case .zh:
            return "情景差异和所需额外投入取决于\(outcome)对" + (lag == 0 ? "同年" : "滞后\(lag)年的") + "\(driver)的弹性\(value)（标准误\(error)，"
                + (estimated ? "由跨地区、跨年份数据估计" : "由情景文件给定") + "）：这是相关关系，并非已证实的因果效应。"
        case .en:
            return "The scenarios' differences and the extra investment rest on the elasticity of “\(outcomeInSentence)” on “\(driverInSentence)” "
                + (lag == 0 ? "in the same year" : "lagged \(lag) year\(lag == 1 ? "" : "s")") + ", \(value) (s.e. \(error), "
                + (estimated ? "estimated across regions and years" : "given in the scenario file")
                + "): an association, not a proven causal effect."
        }
    }
}
