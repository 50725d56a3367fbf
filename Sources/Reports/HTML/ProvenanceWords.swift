import Foundation
import Indicators
import Scenarios

/// The words of the report's provenance entries: in English the engine's own (as `results.json`
/// writes them); in Chinese from the entries' values (models, elasticities, allocations), the Chinese
/// titles of data sources (``SourceNames``) and the Chinese rules of the scenario file (`ruleZh`),
/// with the English original quoted only where the files give no Chinese.
extension ReportContext {
    /// An entry's detail: the numbers it states, in the report's language, and its source or rule,
    /// `quoted` when that is the files' English text shown in a Chinese report.
    func provenanceDetail(_ item: ProvenanceItem) -> (numbers: String, text: String, quoted: Bool) {
        guard language == .zh else { return ("", ScenarioTables.provenanceDetail(item), false) }
        let numbers: String
        switch item.subject {
        case let .elasticity(_, _, lag, value, standardError):
            numbers = NumberText.fixed(value, decimals: 4) + "（标准误" + NumberText.fixed(standardError, decimals: 4) + "），滞后\(lag)年："
        case let .factor(_, value, standardError):
            numbers = NumberText.general(value, digits: 6) + "（标准误" + NumberText.general(standardError, digits: 3) + "）："
        case let .share(_, _, share, relativeError, basis):
            numbers = NumberText.general(share, digits: 4) + "（±" + NumberText.fixed(relativeError * 100, decimals: 0) + "%，"
                + (basis == "observed" ? "依据观测值" : basis == "assumption" ? "假设值" : basis) + "）："
        case .series, .driver, .allocation:
            numbers = ""
        }
        if let text = chineseDetail(item) { return (numbers, text, false) }
        return (numbers, item.detail, Localization.hasLatinLetters(item.detail))
    }

    /// The Chinese words of an entry's source or rule; nil when there are none (the English is quoted).
    private func chineseDetail(_ item: ProvenanceItem) -> String? {
        switch item.facts {
        case let .model(fit)?: return modelFit(fit)
        case let .estimatedElasticity(estimation)?: return Self.estimation(estimation)
        case .givenElasticity?: return "由情景文件给定"
        case nil: break
        }
        switch item.subject {
        case .series, .driver:
            return item.kind == .data ? SourceNames.text(item.detail, .zh) : nil
        case let .factor(name, _, _):
            return factor(named: name).flatMap { Localization.fileText(english: $0.rule, chinese: $0.ruleZh, .zh) }
        case let .share(region, _, _, _, _):
            let share = run.specification.projections.lazy.compactMap { $0.memberShares?.shares.first { $0.region == region } }.first
            return share.flatMap { Localization.fileText(english: $0.rule, chinese: $0.ruleZh, .zh) }
        case let .allocation(targetID, region):
            return allocation(targetID, region)
        case .elasticity:
            return nil
        }
    }

    /// `对数线性趋势，2010–2017年（8个年份），趋势增长率15.8%/年`; a short series with its rule (`，序列过短：…`)
    /// and a family it was too short for.
    func modelFit(_ fit: ModelFit) -> String {
        var text = ModelNames.text(fit.model, .zh) + "，\(fit.years.lowerBound)–\(fit.years.upperBound)年（\(fit.observationCount)个年份）"
        if let growth = fit.trendGrowth {
            text += "，趋势增长率" + NumberText.percent(growth, .zh) + "/年"
        } else if let slope = fit.trendSlope {
            text += "，趋势斜率每年" + NumberText.general(slope, digits: 4)
        }
        if let rule = fit.shortSeries { text += "，序列过短：" + Self.shortSeries(rule) }
        if let replaced = fit.replaced {
            text += "（\(ModelNames.text(replaced.family, .zh))至少需要\(replaced.needed)个观测值，改用自动模型）"
        }
        if let calibration = fit.calibration {
            if calibration.defaultLaw {
                text += "，区间采用默认的自由度为4的分布（汇集的误差太少，无法学得误差分布）"
            } else {
                text += "，区间放大" + String(format: "%.1f", calibration.inflation) + "倍"
                text += calibration.checkPoints > 0 ? "（本指标自身检验，\(calibration.checkPoints)个点）" : "（默认值：六年以上的序列太少，无法检验）"
            }
            if let weight = calibration.ownGrowthWeight {
                text += "，自身增长率权重" + String(format: "%.2f", weight) + "（其余取本指标各地区增长率中位数）"
            }
        }
        return text
    }

    /// How a series of one or two values was projected, in Chinese.
    static func shortSeries(_ rule: ShortSeriesRule) -> String {
        switch rule {
        case .pooledGrowth: return "增长率借自其他地区的同一指标，区间相应放宽"
        case .carriedForward: return "沿用末值，区间取自汇集的预测误差"
        case .drift: return "按两个观测值的漂移外推，区间取自汇集的预测误差"
        }
    }

    /// The method and sample of an estimated elasticity, in Chinese.
    static func estimation(_ estimation: ElasticityEstimation) -> String {
        "跨地区双向固定效应最小二乘回归：结果指标的对数对滞后\(estimation.lag)年的驱动指标对数回归，含地区与年份效应；"
            + "\(estimation.regionCount)个地区，\(estimation.years.lowerBound)–\(estimation.years.upperBound)年，"
            + "\(estimation.observationCount)个观测值；"
            + (estimation.clusteredByRegion ? "标准误按地区聚类" : "常规最小二乘标准误") + "（自由度\(estimation.degreesOfFreedom)）"
    }

    /// An elasticity's method in the elasticity table: the engine's words in English, the Chinese
    /// wording of its estimate otherwise (`quoted` when there is none).
    func elasticitySource(_ elasticity: ElasticityUsed) -> (text: String, quoted: Bool) {
        guard language == .zh else { return (elasticity.source, false) }
        return elasticity.estimation.map { (Self.estimation($0), false) } ?? ("由情景文件给定", false)
    }

    /// The factor of the scenario file called `name`.
    func factor(named name: String) -> DerivationFactor? {
        run.specification.projections.lazy.compactMap { $0.targetSeries?.factors.first { $0.name == name } }.first
    }

    /// The common yearly growth (a fraction) of an equal-growth allocation and the year it runs from:
    /// the city's threshold over its last observed value (in the target's unit), compounded from the
    /// latest last year of the zone's members, as the engine allocates it; nil without those values.
    private func equalGrowth(_ targetID: String, _ region: String) -> (growth: Double, year: Int)? {
        guard let city = run.gaps.first(where: { $0.targetID == targetID + "/" + region && $0.scenario == baseline }),
              let history = run.histories.first(where: { $0.region == region && $0.indicator == city.indicator }),
              let last = history.values.last,
              // A unit that does not convert is reported by the gap row itself; the general wording is kept.
              let value = try? UnitOfMeasure.parse(history.unit).convert(last, to: UnitOfMeasure.parse(city.unit)), value > 0
        else { return nil }
        let members = run.specification.zone?.members ?? [region]
        let year = run.histories.filter { members.contains($0.region) && $0.indicator == city.indicator }
            .compactMap(\.years.last).max() ?? history.years.last ?? city.targetYear
        guard city.targetYear > year else { return nil }
        return (pow(city.targetLow / value, 1 / Double(city.targetYear - year)) - 1, year)
    }

    /// How a zone target was allocated to a region, in Chinese: the city's share of the target
    /// (`baselineShare`, from the allocated threshold) or the rule of equal growth.
    private func allocation(_ targetID: String, _ region: String) -> String? {
        switch run.specification.targetAllocation {
        case .baselineShare?:
            guard let zone = run.gaps.first(where: { $0.targetID == targetID && $0.scenario == baseline }),
                  let city = run.gaps.first(where: { $0.targetID == targetID + "/" + region && $0.scenario == baseline }),
                  zone.targetLow > 0 else { return nil }
            return targetID + " × " + NumberText.fixed(city.targetLow / zone.targetLow * 100, decimals: 2)
                + "%（该市在\(zone.targetYear)年基准情景预测中占区域的份额）"
        case .equalGrowth?:
            guard let (growth, year) = equalGrowth(targetID, region) else {
                return targetID + "：各市自最近观测年份起以相同的年均增速共同达到区域目标（等增速分解）"
            }
            return targetID + "：各市自\(year)年起每年增长" + NumberText.fixed(growth * 100, decimals: 2)
                + "%，合计达到区域目标（等增速分解）"
        case nil:
            return nil
        }
    }
}
