import Foundation
import Indicators
import Reports
import ScenarioFiles
@testable import Scenarios
import SunanTestSupport
import Testing
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Runs shared by the tests, computed once.
enum Runs {
    /// The shipped default scenario (scenarios/sunan-2020.yaml) with 1,000 draws, and its name book
    /// (with the indicator catalog notebooks-data/indicators.csv, as `sunan run` reads it).
    static let sunan: (run: ScenarioRun, names: NameBook) = {
        // The shipped scenario must load and run; a failure here is a real failure of every report test.
        let loaded = try! ScenarioLoader.load(path: Repository.path("scenarios/sunan-2020.yaml"))
        let inputs = ScenarioInputs(specification: loaded.specification, panel: loaded.panel, hierarchy: loaded.hierarchy,
                                    targets: loaded.targets)
        let run = try! ScenarioEngine.run(inputs, draws: 1_000)
        let catalog = try! IndicatorCatalogLoader.load(path: Repository.path("notebooks-data/\(IndicatorCatalog.fileName)"))
        return (run, NameBook(hierarchy: loaded.hierarchy, panel: loaded.panel, targets: loaded.targets, catalog: catalog))
    }()

    /// The target-semantics test scenario (Tests/ScenariosTests/Fixtures/targets: counts, flows and
    /// rates of three cities and their zone, every basis, scope and comparator, a target without data)
    /// with 500 draws, and its name book.
    static let semantics: (run: ScenarioRun, names: NameBook) = {
        // The fixture scenario must load and run; a failure here is a real failure of the tests that use it.
        let loaded = try! ScenarioLoader.load(path: Repository.path("Tests/ScenariosTests/Fixtures/targets/scenario.yaml"))
        let run = try! ScenarioEngine.run(loaded.inputs, draws: 500)
        let inputs = loaded.inputs
        return (run, NameBook(hierarchy: inputs.hierarchy, panel: inputs.panel, targets: inputs.targets, catalog: loaded.catalog,
                              zone: inputs.specification.zone))
    }()

    /// A small synthetic run: a province observed 2008–2019, a zone of three cities derived from it by a
    /// share, a budget driver with a given elasticity, two scenarios, a zone target allocated to the
    /// cities, and a target without data.
    static let synthetic = synthetic(allocation: .baselineShare)
    /// ``synthetic`` with the zone target allocated by equal growth.
    static let syntheticEqualGrowth = synthetic(allocation: .equalGrowth)

    /// The synthetic run with the zone target allocated by `allocation`.
    static func synthetic(allocation: TargetAllocationRule) -> (run: ScenarioRun, names: NameBook) {
        let unit = UnitOfMeasure.hundredMillionCNY
        var observations: [Observation] = []
        for year in 2008...2019 {
            let t = Double(year - 2008)
            let wobble = 0.04 * sin(Double(year * 7))
            observations.append(Observation(region: "Province", indicator: "contracts", year: year,
                                            value: 120 * exp(0.11 * t + wobble), unit: unit, source: "synthetic contracts"))
            observations.append(Observation(region: "Province", indicator: "budget", year: year,
                                            value: 30 * exp(0.09 * t + 0.03 * cos(Double(year))), unit: unit, source: "synthetic budget"))
        }
        let panel = try! Panel(observations: observations)
        let members = ["Alpha", "Beta", "Gamma"]
        // A log-linear trend (not the default auto), whose provenance states a trend growth.
        let projection = ProjectionSpecification(
            indicator: "contracts", unit: "100m_cny", model: "loglinear", level: .parent, regions: ["Province"],
            driver: DriverSpecification(indicator: "budget", lag: 1, model: "loglinear", elasticity: .given(value: 0.6, standardError: 0.1),
                                        unit: "100m_cny"),
            targetSeries: TargetSeriesSpecification(indicator: "contracts", region: "Zone", unit: "100m_cny", factors: [
                DerivationFactor(name: "zone share of province", value: 0.8, standardError: 0.02, rule: "synthetic share <&>"),
            ]),
            memberShares: MemberShares(shares: [
                MemberShare(region: "Alpha", share: 0.5, relativeError: 0.1, basis: "observed", rule: "synthetic"),
                MemberShare(region: "Beta", share: 0.3, relativeError: 0.1, basis: "observed", rule: "synthetic"),
                MemberShare(region: "Gamma", share: 0.2, relativeError: 0.25, basis: "assumption", rule: "synthetic"),
            ]))
        let specification = ScenarioSpecification(
            title: "Synthetic <zone> & cities", data: [], asOf: 2017, horizonYear: 2020,
            zone: ZoneSpecification(region: "Zone", members: members, parent: "Province"), projections: [projection],
            scenarios: [ScenarioCase(name: "baseline", label: "Baseline"),
                        ScenarioCase(name: "plus10", label: "+10 %/yr budget", driver: .uplift(percentPerYear: 10, fromYear: 2018))],
            targetAllocation: allocation, simulation: SimulationSettings(draws: 500, seed: 7))
        let targets = [
            Target(id: "T2020-contracts", clause: 1, scope: .zone, year: 2020, indicator: "contracts", indicatorZh: "合同额",
                   comparator: .atLeast(300), unit: unit, basis: .annual),
            Target(id: "T2020-bases", clause: 2, scope: .zone, year: 2020, indicator: "bases", indicatorZh: "基地",
                   comparator: .atLeast(10), unit: .count, basis: .stock),
        ]
        let run = try! ScenarioEngine.run(ScenarioInputs(specification: specification, panel: panel, hierarchy: nil, targets: targets))
        let names = NameBook(
            regions: ["Zone": LocalizedName(en: "Zone", zh: "示范区"), "Province": LocalizedName(en: "Province", zh: "本省"),
                      "Alpha": LocalizedName(en: "Alpha", zh: "甲市"), "Beta": LocalizedName(en: "Beta", zh: "乙市"),
                      "Gamma": LocalizedName(en: "Gamma", zh: "丙市")],
            indicators: ["contracts": LocalizedName(en: "contract value", zh: "合同额"),
                         "budget": LocalizedName(en: "S&T budget", zh: "科技预算"),
                         "bases": LocalizedName(en: "bases", zh: "基地")])
        return (run, names)
    }
}

extension Runs {
    /// A run written by hand (no engine), so the gap-table golden files depend on the report alone: one
    /// target per pace and per status (achieved on observed data, the others from p_meet), two scenarios
    /// for the first, a range target, a missing uplift and a target without data.
    static let handMade: (run: ScenarioRun, names: NameBook) = {
        let scenarios = [ScenarioCase(name: "baseline", label: "Baseline"),
                         ScenarioCase(name: "plus10", label: "+10 %/yr", driver: .uplift(percentPerYear: 10, fromYear: 2018))]
        let specification = ScenarioSpecification(
            title: "Hand-made", data: [], asOf: 2017, horizonYear: 2020,
            zone: ZoneSpecification(region: "Zone", members: ["Alpha", "Beta"]),
            projections: [], scenarios: scenarios)
        func row(_ scenario: String, _ id: String, _ region: String, comparator: TargetComparator,
                 mean: Double?, p: Double?, historical: Double?, required: Double?, pace: TargetPace,
                 status: TargetStatus? = nil, uplift: (Double?, Double?) = (0, 0)) -> GapRow {
            let low = comparator.low
            var tolerance: Double?
            if case .about = comparator { tolerance = 0.1 }
            return GapRow(scenario: scenario, targetID: id, region: region, indicator: "contracts", targetYear: 2020, basis: .annual,
                          measure: .flow, comparator: comparator, tolerance: tolerance, unit: "100m_cny", projectedMean: mean, projectedMedian: mean,
                          lo80: mean.map { $0 * 0.8 }, hi80: mean.map { $0 * 1.25 }, lo95: mean.map { $0 * 0.7 }, hi95: mean.map { $0 * 1.4 },
                          gap: mean.map { $0 - low }, gapPercent: mean.map { ($0 - low) / low * 100 }, pMeet: p,
                          pMeetStandardError: p.map { ($0 * (1 - $0) / 10_000).squareRoot() }, firstYearMet: p.map { $0 >= 0.5 ? 2019 : nil } ?? nil,
                          historicalCAGR: historical, requiredCAGR: required, status: status ?? p.map { TargetStatus(pMeet: $0) } ?? .outsideHorizon,
                          pace: pace, requiredUpliftP50: uplift.0,
                          requiredUpliftP80: uplift.1, derivation: "hand-made")
        }
        let gaps = [
            row("baseline", "T-achieved", "Zone", comparator: .greaterThan(500), mean: 1004.7, p: 1, historical: 0.142,
                required: -0.395, pace: .alreadyMet, status: .achieved),
            row("plus10", "T-achieved", "Zone", comparator: .greaterThan(500), mean: 1004.7, p: 1, historical: 0.142,
                required: -0.395, pace: .alreadyMet, status: .achieved),
            row("baseline", "T-on-track", "Alpha", comparator: .atLeast(374.782), mean: 504.534, p: 0.8992, historical: 0.1419,
                required: 0.06536, pace: .onTrack),
            row("baseline", "T-acceleration", "Beta", comparator: .range(low: 80, high: 120), mean: 76.25, p: 0.6123,
                historical: 0.05, required: 0.081, pace: .accelerationNeeded, uplift: (3.25, 17.5)),
            row("baseline", "T-limited", "Zone", comparator: .about(2000), mean: 1300, p: 0.35, historical: 0.02, required: 0.15,
                pace: .limitedProgress, uplift: (42.125, nil)),
            row("baseline", "T-deterioration", "Alpha", comparator: .atLeast(0.5), mean: 0.31234, p: 0.0001, historical: -0.012,
                required: 0.2, pace: .deterioration, uplift: (nil, nil)),
        ]
        let missing = [MissingDataEntry(targetID: "T-no-data", region: "Zone", indicator: "contracts", unit: "100m_cny", measure: .flow,
                                        years: [2015, 2016, 2017], targetYear: 2020, basis: .annual, comparator: .atLeast(10),
                                        reason: "the loaded data have no series contracts for Zone")]
        let run = ScenarioRun(specification: specification, draws: 10_000, seed: 1, years: [2018, 2019, 2020], cells: [], gaps: gaps,
                              missingData: missing, planVersusActual: [], elasticities: [], provenance: [], histories: [])
        let names = NameBook(regions: ["Zone": LocalizedName(en: "Zone", zh: "示范区"), "Alpha": LocalizedName(en: "Alpha", zh: "甲市"),
                                       "Beta": LocalizedName(en: "Beta", zh: "乙市")],
                             indicators: ["contracts": LocalizedName(en: "contract value", zh: "合同额")])
        return (run, names)
    }()
}

/// XML well-formedness via Foundation's parser.
enum XML {
    /// Nil when `text` parses as XML, else the parser's error.
    static func parseError(_ text: String) -> String? {
        let parser = XMLParser(data: Data(text.utf8))
        if parser.parse() { return nil }
        return parser.parserError.map { "\($0) at line \(parser.lineNumber), column \(parser.columnNumber)" } ?? "unknown error"
    }

    /// Every `<svg …>…</svg>` element of `html` (panels are groups, so SVG elements never nest).
    static func svgElements(_ html: String) -> [String] {
        var result: [String] = []
        var rest = html[...]
        while let start = rest.range(of: "<svg"), let end = rest.range(of: "</svg>", range: start.upperBound..<rest.endIndex) {
            result.append(String(rest[start.lowerBound..<end.upperBound]))
            rest = rest[end.upperBound...]
        }
        return result
    }
}
