import Foundation
import Indicators
import Scenarios

/// A target that could not be tested, as the summaries list it: its id, why (the status of its first
/// row) and the regions the id covers (several for a target binding each city).
struct UntestedTarget {
    let targetID: String
    let status: TargetStatus
    var regions: [String]
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
    private let summedKeys: Set<String>
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
        summedKeys = summed
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
    var untestedTargets: [UntestedTarget] {
        var order: [String] = []
        var groups: [String: UntestedTarget] = [:]
        let missing = run.missingData.map { (id: $0.targetID, region: $0.region, status: TargetStatus.noData) }
        let unprojected = run.gaps.filter { $0.pMeet == nil && $0.scenario == baseline }.map {
            (id: $0.targetID, region: $0.region, status: $0.status)
        }
        for row in missing + unprojected {
            if groups[row.id] == nil {
                order.append(row.id)
                groups[row.id] = UntestedTarget(targetID: row.id, status: row.status, regions: [])
            }
            groups[row.id]?.regions.append(row.region)
        }
        return order.map { groups[$0]! }
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

    /// What the run's driver has done: its compound growth a year over its last five observed years
    /// (fewer when the history is shorter) and its largest rise in one of those years, in percent, so
    /// a required uplift can be read against the driver's own record. Nil without a single-region
    /// driver or with fewer than two consecutive positive observations.
    func driverRecord() -> (fromYear: Int, toYear: Int, yearlyGrowth: Double, largestRise: Double)? {
        guard let projection = run.specification.projections.first(where: { $0.driver != nil }),
              let driver = projection.driver, projection.regions.count == 1,
              let history = history(region: projection.regions[0], indicator: driver.indicator) else { return nil }
        var first = history.years.count - 1
        while first > 0, history.years.count - 1 - first < 5, history.years[first - 1] == history.years[first] - 1,
              history.values[first - 1] > 0 {
            first -= 1
        }
        let last = history.years.count - 1
        guard last > first, history.values[last] > 0 else { return nil }
        let rises = (first + 1...last).map { (history.values[$0] / history.values[$0 - 1] - 1) * 100 }
        let span = Double(history.years[last] - history.years[first])
        let growth = (pow(history.values[last] / history.values[first], 1 / span) - 1) * 100
        return (history.years[first], history.years[last], growth, rises.max() ?? growth)
    }

    /// The driver that moves `indicator`, if one is linked.
    func driver(of indicator: String, _ language: Language) -> String? {
        guard let projection = projection(for: indicator), let driver = projection.driver else { return nil }
        let region = projection.regions.count == 1 ? names.region(projection.regions[0], language) : ""
        return Self.possessive(region, names.indicator(driver.indicator, language), language)
    }

    /// `江苏一般公共预算科学技术支出`, `Jiangsu's general public budget expenditure on …` (the English
    /// name as ``inSentence(_:)`` writes it).
    static func possessive(_ region: String, _ indicator: String, _ language: Language) -> String {
        guard language == .en else { return region + indicator }
        let name = inSentence(indicator)
        return region.isEmpty ? name : "\(region)'s \(name)"
    }

    /// An English name inside a sentence: its first letter lower-cased unless the second letter is a
    /// capital too (`Technology contract value` → `technology contract value`; `GDP` stays).
    static func inSentence(_ name: String) -> String {
        guard let first = name.first, first.isUppercase, let second = name.dropFirst().first, second.isLowercase else { return name }
        return first.lowercased() + name.dropFirst()
    }

    /// Whether the values of a series are derived (not observed): a derived history or a derived/sum
    /// series built from derived members.
    func isDerived(region: String, indicator: String) -> Bool {
        if history(region: region, indicator: indicator)?.derived == true { return true }
        return firstKind[Self.key(region, indicator)] == .derived
    }

    /// Whether the series is the sum of its members in every draw (a `sum` cell).
    func summedSeries(region: String, indicator: String) -> Bool {
        summedKeys.contains(Self.key(region, indicator))
    }

    /// For an allocated city target (`ZONE-ID/City`): the zone target id and the city's share of it.
    func allocation(of row: GapRow) -> (zoneTarget: String, share: Double)? {
        guard let slash = row.targetID.firstIndex(of: "/") else { return nil }
        let zoneID = String(row.targetID[..<slash])
        guard let zone = gaps(withID: zoneID).first(where: { $0.scenario == row.scenario }), zone.targetLow > 0
        else { return nil }
        return (zoneID, row.targetLow / zone.targetLow)
    }
}
