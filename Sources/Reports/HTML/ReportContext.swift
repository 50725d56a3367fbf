import Foundation
import Indicators
import Scenarios

/// Lookups and formatting shared by the sections of one report.
struct ReportContext {
    let run: ScenarioRun
    let names: NameBook
    let language: Language
    let baseline: String
    /// Baseline cells by series key, in year order.
    let baselineCells: [String: [ProjectionCell]]
    /// Every scenario's cells by scenario and series key.
    let cellsByScenario: [String: [String: [ProjectionCell]]]
    /// Series keys (`region|indicator`) in the order of the run's cells.
    let seriesOrder: [(region: String, indicator: String)]
    /// Histories by series key.
    let histories: [String: HistorySeries]
    /// Actual values after the as-of year, by series key.
    let actuals: [String: [PlanVersusActualRow]]
    /// Baseline gap rows with a projection, by series key.
    let testedTargets: [String: [GapRow]]
    /// The regions of the run's cells; the indicators of its cells, histories and elasticities; the
    /// target ids of its gap rows (to recognise the parts of provenance subjects without a scan each).
    let cellRegions: Set<String>, knownIndicators: Set<String>, targetIDs: Set<String>
    /// The run's investment driver, named in the report's language, and its unit (nil without a driver).
    let driver: (name: String, unit: String)?

    static func key(_ region: String, _ indicator: String) -> String { region + "|" + indicator }

    init(run: ScenarioRun, names: NameBook, language: Language) {
        self.run = run
        self.names = names
        self.language = language
        baseline = run.specification.scenarios.first?.name ?? run.cells.first?.scenario ?? ""
        var byScenario: [String: [String: [ProjectionCell]]] = [:]
        var order: [(String, String)] = []
        var seen = Set<String>()
        for cell in run.cells {
            let key = Self.key(cell.region, cell.indicator)
            byScenario[cell.scenario, default: [:]][key, default: []].append(cell)
            if seen.insert(key).inserted { order.append((cell.region, cell.indicator)) }
        }
        for (scenario, series) in byScenario {
            for (key, cells) in series { byScenario[scenario]?[key] = cells.sorted { $0.year < $1.year } }
        }
        cellsByScenario = byScenario
        baselineCells = byScenario[baseline] ?? [:]
        seriesOrder = order
        var histories: [String: HistorySeries] = [:]
        for history in run.histories where histories[Self.key(history.region, history.indicator)] == nil {
            histories[Self.key(history.region, history.indicator)] = history
        }
        self.histories = histories
        var actuals: [String: [PlanVersusActualRow]] = [:]
        for row in run.planVersusActual { actuals[Self.key(row.region, row.indicator), default: []].append(row) }
        self.actuals = actuals
        var tested: [String: [GapRow]] = [:]
        for row in run.gaps where row.scenario == baseline && row.pMeet != nil {
            tested[Self.key(row.region, row.indicator), default: []].append(row)
        }
        testedTargets = tested
        cellRegions = Set(run.cells.map(\.region))
        knownIndicators = Set(run.cells.map(\.indicator)).union(run.histories.map(\.indicator))
            .union(run.elasticities.flatMap { [$0.driver, $0.outcome] })
        targetIDs = Set(run.gaps.map(\.targetID))
        driver = RunFacts.driver(of: run, names: names, language)
    }

    // MARK: - Text

    func text(_ key: ReportStrings.Key) -> String { ReportStrings.text(key, language) }

    func format(_ key: ReportStrings.Key, _ arguments: String...) -> String {
        var result = text(key)
        for (index, argument) in arguments.enumerated() {
            result = result.replacingOccurrences(of: "{\(index)}", with: argument)
        }
        return result
    }

    func escape(_ text: String) -> String { SVGText.escape(text) }

    /// The region's name, or its id.
    func region(_ id: String) -> String { names.region(id, language) }

    /// The indicator's name, or its key as it is (a code) when the name book has none.
    func indicator(_ key: String) -> String { names.indicators[key]?.text(language) ?? key }

    /// The unit's name (``Localization/unitName(_:_:)``: `亿元`, `100 million yuan`), or the code when
    /// it has none (plain counts in English).
    func unit(_ code: String) -> String {
        let name = Localization.unitName(code, language)
        return name.isEmpty ? code : name
    }

    var zoneRegion: String? { run.specification.zone?.region }

    var title: String {
        if let zone = zoneRegion, language == .zh {
            return format(.titleWithZone, region(zone), String(run.specification.asOf))
        }
        if language == .en, !run.specification.title.isEmpty { return run.specification.title }
        return format(.titleWithoutZone, String(run.specification.asOf))
    }

    /// A scenario's assumption in the report's language, naming the driver (``Localization/scenarioDescription(_:driver:driverUnit:names:_:)``).
    func scenarioDescription(_ scenario: ScenarioCase) -> String {
        guard let driver else { return "" }
        return Localization.scenarioDescription(scenario, driver: driver.name, driverUnit: driver.unit, names: names, language)
    }

    /// A scenario's label (``Localization/scenarioLabel(_:driverUnit:_:)``), by its name.
    func scenarioLabel(_ name: String) -> String {
        guard let scenario = run.specification.scenarios.first(where: { $0.name == name }) else { return name }
        return Localization.scenarioLabel(scenario, driverUnit: driver?.unit ?? "", language)
    }

    /// The comparator and threshold of a gap row, e.g. `≥ 1000 亿元`, `≈ 30 (±10 %)`.
    func threshold(_ row: GapRow, withUnit: Bool = true) -> String {
        threshold(row.comparator, unit: row.unit, tolerance: row.tolerance, withUnit: withUnit)
    }

    /// A comparator and threshold in `unit` (``TargetList/threshold(_:number:)``), with the tolerance of `~`.
    func threshold(_ comparator: TargetComparator, unit code: String, tolerance: Double? = nil, withUnit: Bool = true) -> String {
        var value = TargetList.threshold(comparator, number: NumberText.trimmed)
        if withUnit { value += " " + unit(code) }
        if let tolerance { value += " (±" + NumberText.trimmed(tolerance * 100) + " %)" }
        return value
    }

    /// A status word in its coloured badge.
    func status(_ status: TargetStatus) -> String {
        "<span class=\"status \(Self.statusClass(status))\">\(escape(ResultWords.status(status, language)))</span>"
    }

    /// The CSS class of a status badge (the statuses without a grade share a grey one).
    static func statusClass(_ status: TargetStatus) -> String {
        switch status {
        case .achieved: return "status-achieved"
        case .likely: return "status-on-track"
        case .probable: return "status-acceleration"
        case .atRisk: return "status-limited"
        case .missed, .unlikely: return "status-deterioration"
        case .noData, .outsideHorizon, .unitMismatch: return "status-none"
        }
    }

    func yesNo(_ value: Bool?) -> String {
        guard let value else { return "" }
        return text(value ? .yes : .no)
    }

    /// What a series is (a fan chart's subtitle); empty when the run has no cell of it.
    func kindName(_ kind: SeriesKind?) -> String {
        kind.map { ResultWords.seriesKind($0, language) } ?? ""
    }

    func section(id: String, heading: ReportStrings.Key, _ content: String) -> String {
        "<section id=\"\(id)\">\n<h2>\(escape(text(heading)))</h2>\n\(content)\n</section>"
    }

    /// The rows with a probability of meeting the target (an `all_cities` target's `all` row may have
    /// no projected value).
    var testedRows: [GapRow] { run.gaps.filter { $0.pMeet != nil } }
}
