import Foundation
import Indicators
import Scenarios

/// A target that could not be tested, as the summaries list it.
struct UntestedTarget {
    let targetID: String
    let region: String
    let indicator: String
    let targetYear: Int
    let comparator: TargetComparator
    let unit: String
    let status: TargetStatus
}

/// Look-ups over a ``ScenarioRun`` shared by the planner-facing outputs (summary, city comparison,
/// run summary table): the baseline, histories, the projection and driver behind an indicator, and
/// how a series or target was derived.
struct RunFacts {
    let run: ScenarioRun
    let names: NameBook
    /// The first history of each `region|indicator`.
    private let historyIndex: [String: HistorySeries]
    /// The first cell of each `scenario|region|indicator|year`.
    private let cellIndex: [String: ProjectionCell]
    /// The kind of the first cell of each `region|indicator`, and the series with a `sum` cell.
    private let firstKind: [String: SeriesKind]
    private let summedSeries: Set<String>
    /// The gap rows of each target id, in run order.
    private let gapsByID: [String: [GapRow]]

    init(_ run: ScenarioRun, names: NameBook) {
        self.run = run
        self.names = names
        var histories: [String: HistorySeries] = [:]
        for history in run.histories where histories[Self.key(history.region, history.indicator)] == nil {
            histories[Self.key(history.region, history.indicator)] = history
        }
        historyIndex = histories
        var cells: [String: ProjectionCell] = [:], kinds: [String: SeriesKind] = [:], summed = Set<String>()
        for cell in run.cells {
            let series = Self.key(cell.region, cell.indicator)
            let key = cell.scenario + "|" + series + "|" + String(cell.year)
            if cells[key] == nil { cells[key] = cell }
            if kinds[series] == nil { kinds[series] = cell.kind }
            if cell.kind == .sum { summed.insert(series) }
        }
        cellIndex = cells
        firstKind = kinds
        summedSeries = summed
        gapsByID = Dictionary(grouping: run.gaps, by: \.targetID)
    }

    private static func key(_ region: String, _ indicator: String) -> String { region + "|" + indicator }

    /// The gap rows of a target id, in run order.
    func gaps(withID id: String) -> [GapRow] { gapsByID[id] ?? [] }

    /// The first scenario, which the engine treats as the baseline.
    var baseline: String { run.specification.scenarios.first?.name ?? "" }

    /// The tested gap rows (those with a probability), one group per target id in run order, each
    /// group keyed by scenario.
    var testedTargets: [(id: String, rows: [String: GapRow])] {
        var order: [String] = []
        var groups: [String: [String: GapRow]] = [:]
        for row in run.gaps where row.pMeet != nil {
            if groups[row.targetID] == nil { order.append(row.targetID) }
            groups[row.targetID, default: [:]][row.scenario] = row
        }
        return order.map { ($0, groups[$0]!) }
    }

    /// The targets that could not be tested, one per id in run order — those without data (from the
    /// run's missing data, status `no data`) and the baseline rows without a probability (outside the
    /// horizon, a unit mismatch) — with the regions the id covers (several for a target binding each city).
    var untestedTargets: [(row: UntestedTarget, regions: [String])] {
        var order: [String] = []
        var groups: [String: [UntestedTarget]] = [:]
        let missing = run.missingData.map {
            UntestedTarget(targetID: $0.targetID, region: $0.region, indicator: $0.indicator, targetYear: $0.targetYear,
                           comparator: $0.comparator, unit: $0.unit, status: .noData)
        }
        let unprojected = run.gaps.filter { $0.pMeet == nil && $0.scenario == baseline }.map {
            UntestedTarget(targetID: $0.targetID, region: $0.region, indicator: $0.indicator, targetYear: $0.targetYear,
                           comparator: $0.comparator, unit: $0.unit, status: $0.status)
        }
        for row in missing + unprojected {
            if groups[row.targetID] == nil { order.append(row.targetID) }
            groups[row.targetID, default: []].append(row)
        }
        return order.map { id in (groups[id]![0], groups[id]!.map(\.region)) }
    }

    /// The history of a projected series.
    func history(region: String, indicator: String) -> HistorySeries? {
        historyIndex[Self.key(region, indicator)]
    }

    /// The baseline projection cell of a series in a year.
    func cell(region: String, indicator: String, year: Int, scenario: String? = nil) -> ProjectionCell? {
        let name = scenario ?? baseline
        return cellIndex[name + "|" + Self.key(region, indicator) + "|" + String(year)]
    }

    /// The projection that produces `indicator` (directly or as its derived target series).
    func projection(for indicator: String) -> ProjectionSpecification? {
        run.specification.projections.first { $0.indicator == indicator || $0.targetSeries?.indicator == indicator }
    }

    /// The first driver of the file, named as `region + indicator` (the region only when the projection
    /// has one), with its working unit.
    func driver(_ language: Language) -> (name: String, unit: String)? {
        Self.driver(of: run, names: names, language)
    }

    /// The first driver of `run`, named as ``driver(_:)`` names it, in the unit the file gives it or
    /// else the unit of its history.
    static func driver(of run: ScenarioRun, names: NameBook, _ language: Language) -> (name: String, unit: String)? {
        guard let projection = run.specification.projections.first(where: { $0.driver != nil }),
              let driver = projection.driver else { return nil }
        let region = projection.regions.count == 1 ? names.region(projection.regions[0], language) : ""
        let unit = driver.unit ?? run.histories.first { $0.indicator == driver.indicator }?.unit ?? ""
        return (Self.possessive(region, names.indicator(driver.indicator, language), language), unit)
    }

    /// The driver that moves `indicator`, if one is linked.
    func driver(of indicator: String, _ language: Language) -> String? {
        guard let projection = projection(for: indicator), let driver = projection.driver else { return nil }
        let region = projection.regions.count == 1 ? names.region(projection.regions[0], language) : ""
        return Self.possessive(region, names.indicator(driver.indicator, language), language)
    }

    /// `江苏一般公共预算科学技术支出`, `Jiangsu's general public budget expenditure on …` (an English name's
    /// first letter is lower-cased inside the sentence unless the second letter is a capital too).
    static func possessive(_ region: String, _ indicator: String, _ language: Language) -> String {
        guard language == .en else { return region + indicator }
        var name = indicator
        if let first = name.first, first.isUppercase, let second = name.dropFirst().first, second.isLowercase {
            name = first.lowercased() + name.dropFirst()
        }
        return region.isEmpty ? name : "\(region)'s \(name)"
    }

    /// Whether the values of a series are derived (not observed): a derived history or a derived/sum
    /// series built from derived members.
    func isDerived(region: String, indicator: String) -> Bool {
        if history(region: region, indicator: indicator)?.derived == true { return true }
        return firstKind[Self.key(region, indicator)] == .derived
    }

    /// For an allocated city target (`ZONE-ID/City`): the zone target id and the city's share of it.
    func allocation(of row: GapRow) -> (zoneTarget: String, share: Double)? {
        guard let slash = row.targetID.firstIndex(of: "/") else { return nil }
        let zoneID = String(row.targetID[..<slash])
        guard let zone = gaps(withID: zoneID).first(where: { $0.scenario == row.scenario }), zone.targetLow > 0
        else { return nil }
        return (zoneID, row.targetLow / zone.targetLow)
    }

    /// The caveat for a derived series or an allocated target, or nil when the row is observed data
    /// against a plan target.
    func derivationCaveat(_ row: GapRow, _ language: Language) -> String? {
        var parts: [String] = []
        if isDerived(region: row.region, indicator: row.indicator) {
            parts.append(seriesCaveat(region: row.region, indicator: row.indicator, language))
        }
        if let allocation = allocation(of: row) {
            let share = NumberText.percent(allocation.share, language)
            parts.append(language == .zh
                ? "该市目标也是推算值：由区域目标\(allocation.zoneTarget)按该市基准份额\(share)分解。"
                : "The city target is derived too: the zone target \(allocation.zoneTarget) times the city's baseline share of \(share).")
        }
        guard !parts.isEmpty else { return nil }
        parts.append(language == .zh ? "推算规则详见 gaps.csv 和 results.json。" : "The rules are stated in gaps.csv and results.json.")
        return parts.joined(separator: language == .zh ? "" : " ")
    }

    private func seriesCaveat(region: String, indicator: String, _ language: Language) -> String {
        guard let projection = projection(for: indicator), let target = projection.targetSeries, target.indicator == indicator else {
            if summedSeries.contains(Self.key(region, indicator)) {
                return language == .zh ? "注意：区域值为各成员观测值之和，属推算值，并非直接观测。"
                    : "Caveat: the zone's values are the sum of its members' observed values (derived, not observed directly)."
            }
            return language == .zh ? "注意：该序列是推算值，不是观测值。" : "Caveat: this series is derived, not observed."
        }
        let parent = projection.regions.first.map { names.region($0, language) } ?? ""
        let base = language == .zh ? parent + names.indicator(projection.indicator, .zh)
            : "“\(names.indicator(projection.indicator, .en))” (\(parent))"
        let factors = target.factors.count
        var text: String
        switch language {
        case .zh:
            text = "注意：该序列不是观测值，而是推算值：由\(base)的预测乘以\(factors)个换算系数得出"
        case .en:
            text = "Caveat: this series is derived, not observed: the projection of \(base) times "
                + "\(factors) factor\(factors == 1 ? "" : "s") (" + target.factors.map(\.name).joined(separator: "; ") + ")"
        }
        if region != target.region, let shares = projection.memberShares,
           let index = shares.shares.firstIndex(where: { $0.region == region }) {
            let share = shares.shares[index]
            let observed = share.basis == "observed"
            // The share used: the central one, after a remainder rule (the stated one if the shares are refused).
            let percent = NumberText.percent((try? shares.centralShares())?[index] ?? share.share, language)
            switch language {
            case .zh:
                text += "，再按各市份额拆分（本市份额\(percent)，" + (observed ? "依据公开发布的数值" : "为假设值") + "）"
            case .en:
                text += ", then split by city shares (this city's share \(percent), "
                    + (observed ? "from a published value" : "an assumption") + ")"
            }
        } else if region == target.region, summedSeries.contains(Self.key(region, indicator)) {
            text += language == .zh ? "（区域值为各市推算值之和）" : " (the zone value is the sum of the cities' derived values)"
        }
        return text + (language == .zh ? "。" : ".")
    }
}
