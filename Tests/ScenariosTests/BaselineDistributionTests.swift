import Foundation
import Indicators
import ScenarioFiles
@testable import Scenarios
import SunanTestSupport
import Testing

/// The baseline of `run` is Forecasting's predictive distribution (issue 12, items 1, 2, 4 and 5):
/// paths that start where the history ends, counts that stay whole and bounded, short series that are
/// still projected and marked, and every problem of a scenario reported at once.
@Suite("run's baseline: Forecasting's distribution, counts, short series", .tags(.specification))
struct BaselineDistributionTests {
    /// Whether `value` is a whole number.
    private static func isWhole(_ value: Double) -> Bool { value == value.rounded() }

    @Test("the count catalogue through run (Tests/ScenariosTests/Fixtures/counts): whole non-negative draws, at most 100 × the last value in six years; bounds ≥ 0, mean inside its 80 % interval, 95 % interval wider than 0")
    func countCatalogue() throws {
        let inputs = try Repository.inputs("Tests/ScenariosTests/Fixtures/counts/scenario.yaml")
        #expect(inputs.specification.projections[0].model == "auto", "the schema's default model")
        let (run, draws) = try ScenarioEngine.runKeepingDraws(inputs)
        #expect(run.years == Array(2018...2023))
        let series = draws.filter { $0.kind == .projected }
        #expect(series.count == 8)
        for drawn in series {
            let history = try #require(run.histories.first { $0.region == drawn.region && !$0.derived })
            let ceiling = 100 * max(history.values.last!, 1)
            let values = drawn.values[0].flatMap { $0 }
            #expect(values.count == 6 * run.draws)
            #expect(values.allSatisfy { $0 >= 0 && Self.isWhole($0) }, "\(drawn.region): a draw is negative or not whole")
            #expect(values.max()! <= ceiling, "\(drawn.region): largest draw \(values.max()!) above 100 × the last value")
        }
        let cells = run.cells.filter { $0.kind == .projected }
        #expect(cells.count == 8 * 6)
        for cell in cells {
            let label = "\(cell.region) \(cell.year)"
            #expect(cell.lo95 >= 0 && cell.lo80 >= 0, "\(label): a negative bound")
            #expect(cell.lo80 <= cell.mean && cell.mean <= cell.hi80, "\(label): mean \(cell.mean) outside \(cell.lo80)–\(cell.hi80)")
            #expect(cell.hi95 > cell.lo95, "\(label): a zero-width 95 % interval")
        }
        // One value (R6) and two values (R7): projected by the pooled growth, and marked.
        for region in ["R6", "R7"] {
            let model = try #require(run.provenance.first { $0.kind == .model && $0.subject == .series(region: region, indicator: "bases") })
            guard case .model(let fit)? = model.facts else {
                Issue.record("\(region): no model facts")
                continue
            }
            #expect(fit.shortSeries == .pooledGrowth, "\(region): \(model.detail)")
            #expect(model.detail.contains("short series"))
            #expect(cells.filter { $0.region == region }.allSatisfy { $0.model.contains("short series: pooled growth") })
        }
        #expect(run.provenance.filter { if case .model(let fit)? = $0.facts { fit.shortSeries != nil } else { false } }.count == 2)
        // Every series is shorter than six values and the pool holds 7 errors: the default law, stated (no inflation).
        let fits = run.provenance.compactMap { item -> (ModelFit, String)? in
            if case .model(let fit)? = item.facts, item.kind == .model { (fit, item.detail) } else { nil }
        }
        #expect(fits.count == 8)
        for (fit, detail) in fits {
            #expect(fit.calibration == AutoCalibration(inflation: 1.3, checkPoints: 0, ownGrowthWeight: fit.calibration?.ownGrowthWeight,
                                                       defaultLaw: true), "\(detail)")
            #expect(detail.contains("intervals from the default Student-t(4) law (too few pooled errors to learn one)"), "\(detail)")
            #expect(!detail.contains("intervals ×"), "\(detail)")
            #expect((fit.calibration?.ownGrowthWeight == nil) == (fit.observationCount <= 2), "\(detail)")
        }
    }

    /// Cells of the first projected year of every projected and driver series of `run`'s first scenario.
    private static func firstYearCells(_ run: ScenarioRun) -> [ProjectionCell] {
        run.cells.filter { $0.scenario == run.specification.scenarios[0].name && $0.year == run.years[0]
            && ($0.kind == .projected || $0.kind == .driver) }
    }

    @Test("both shipped scenarios: the first projected year's mean of every projected and driver series lies within the largest year-on-year change of its last five observed years",
          .tags(.invariant), arguments: ["scenarios/sunan-2020.yaml", "scenarios/leading-provinces-2025.yaml"])
    func firstYearStartsWhereHistoryEnds(scenario: String) throws {
        let inputs = try Repository.inputs(scenario)
        var baselineOnly = inputs.specification
        baselineOnly.scenarios = [baselineOnly.scenarios[0]]
        let run = try ScenarioEngine.run(ScenarioInputs(specification: baselineOnly, panel: inputs.panel, hierarchy: inputs.hierarchy,
                                                        targets: []))
        let cells = Self.firstYearCells(run)
        #expect(cells.count >= 7, "\(scenario): \(cells.count) series")
        for cell in cells {
            let history = try #require(run.histories.first { $0.region == cell.region && $0.indicator == cell.indicator && !$0.derived })
            let values = history.values
            let changes = (max(1, values.count - 5)..<values.count).map { abs(values[$0] - values[$0 - 1]) }
            let largest = try #require(changes.max())
            let step = cell.mean - values[values.count - 1]
            #expect(abs(step) <= largest,
                    "\(cell.region)/\(cell.indicator): \(values.last!) → \(cell.mean) in \(cell.year), largest recent change \(largest)")
        }
    }

    @Test("a series of one or two values is projected under any family, marked, with an interval wider than 0; the family a series is too short for is named",
          arguments: ["auto", "loglinear", "holt"])
    func shortSeriesAreProjected(model: String) throws {
        // Alpha keeps only 2017, Beta 2016–2017, Gamma 2015–2017; the province keeps all its years.
        let kept: [String: ClosedRange<Int>] = ["Alpha": 2017...2017, "Beta": 2016...2017, "Gamma": 2015...2017]
        let rows = Synthetic.observations().filter { row in kept[row.region].map { $0.contains(row.year) || row.year > 2017 } ?? true }
        let panel = try Panel(observations: rows)
        let projection = ProjectionSpecification(indicator: Synthetic.outcome, unit: "100m_cny", model: model, level: .regions,
                                                 regions: Synthetic.members)
        var specification = Synthetic.specification(projections: [projection], draws: 2_000)
        specification.zone = nil
        let run = try ScenarioEngine.run(ScenarioInputs(specification: specification, panel: panel, hierarchy: nil, targets: []))
        for region in Synthetic.members {
            let cells = run.cells.filter { $0.region == region }
            #expect(cells.count == 3)
            #expect(cells.allSatisfy { $0.hi95 > $0.lo95 && $0.hi80 > $0.lo80 && $0.lo95 > 0 }, "\(region): \(cells.map { ($0.lo95, $0.hi95) })")
            let item = try #require(run.provenance.first { $0.kind == .model && $0.subject == .series(region: region, indicator: Synthetic.outcome) })
            guard case .model(let fit)? = item.facts else {
                Issue.record("\(region): no model facts")
                continue
            }
            let count = kept[region]!.count
            // Fewer than five regions with positive values: no pooled growth; one value is carried forward, two drift.
            #expect(fit.shortSeries == (count == 1 ? .carriedForward : count == 2 ? .drift : nil), "\(region): \(item.detail)")
            if model == "auto" {
                #expect(fit.replaced == nil)
            } else {
                let needed = model == "holt" ? 4 : 3
                #expect(fit.replaced == (count < needed ? ReplacedModel(family: model, needed: needed) : nil), "\(region): \(item.detail)")
                if count < needed { #expect(item.detail.contains("\(model) needs")) }
            }
        }
    }

    @Test("every problem of every projection is reported at once, before anything is drawn, each saying which years to supply",
          arguments: [1, 2])
    func everyProblemAtOnce(threads: Int) throws {
        // Alpha's outcome starts after the as-of year; patents exist nowhere; the driver "grants" neither.
        let rows = Synthetic.observations().filter { !($0.region == "Alpha" && $0.indicator == Synthetic.outcome && $0.year <= 2017) }
        let panel = try Panel(observations: rows)
        let first = ProjectionSpecification(indicator: Synthetic.outcome, unit: "100m_cny", historyFrom: 2010, level: .regions,
                                            regions: Synthetic.members)
        let second = ProjectionSpecification(
            indicator: "patents", level: .regions, regions: ["Beta", "Gamma"],
            driver: DriverSpecification(indicator: "grants", elasticity: .given(value: 0.5, standardError: 0.1)))
        var specification = Synthetic.specification(projections: [first, second], draws: 100)
        specification.zone = nil
        let inputs = ScenarioInputs(specification: specification, panel: panel, hierarchy: nil, targets: [])
        do {
            _ = try ScenarioEngine.runStreaming(inputs, threads: threads)
            Issue.record("the run should have been refused")
        } catch {
            let scenarioError = try #require(error as? ScenarioError)
            let problems = scenarioError.problems
            #expect(problems == [
                .noHistory(region: "Alpha", indicator: Synthetic.outcome, asOf: 2017, historyFrom: 2010, observed: 2018...2019),
                .noHistory(region: "Beta", indicator: "patents", asOf: 2017, historyFrom: nil, observed: nil),
                .noHistory(region: "Gamma", indicator: "patents", asOf: 2017, historyFrom: nil, observed: nil),
                .noHistory(region: "Beta", indicator: "grants", asOf: 2017, historyFrom: nil, observed: nil),
                .noHistory(region: "Gamma", indicator: "grants", asOf: 2017, historyFrom: nil, observed: nil),
            ], "\(error)")
            let text = scenarioError.description
            #expect(text.split(separator: "\n").count == 5)
            #expect(text.contains("Alpha/contracts has annual values for 2018–2019 only, none from 2010 through 2017; to project it, "
                                  + "add at least 1 annual value for a year of 2010–2017 to a data file (best: all 8 years of 2010–2017)"))
            #expect(text.contains("the data have no annual series patents for Beta; to project it, add at least 1 annual value for 2017 "
                                  + "or an earlier year to a data file"))
        }
        #expect(throws: ScenarioError.self) { try ScenarioEngine.runKeepingDraws(inputs) }
    }

    @Test("the baseline of auto is calibrated on the indicator in every region of the panel: another region's history moves it, nothing after the as-of year does")
    func poolIsTheIndicatorInEveryRegion() throws {
        /// Six regions of one indicator, 2008–2019, each growing at its own rate with a wobble; R5's values
        /// in `years` multiplied by `factor`.
        func panel(_ years: Range<Int>, factor: Double) throws -> Panel {
            try Panel(observations: (0..<6).flatMap { r in
                (2008...2019).map { year in
                    let t = Double(year - 2008)
                    let value = 10 * Double(r + 1) * exp((0.04 + 0.03 * Double(r)) * t + 0.05 * sin(Double(year * 3 + r * 11)))
                    return Observation(region: "R\(r)", indicator: "spending", year: year,
                                       value: value * (r == 5 && years.contains(year) ? factor : 1),
                                       unit: Synthetic.unit, source: "synthetic")
                }
            })
        }
        let projection = ProjectionSpecification(indicator: "spending", level: .regions, regions: ["R0"])
        var specification = Synthetic.specification(projections: [projection], draws: 500)
        specification.zone = nil
        func r0(_ panel: Panel) throws -> [ProjectionCell] {
            try ScenarioEngine.run(ScenarioInputs(specification: specification, panel: panel, hierarchy: nil, targets: [])).cells
        }
        let base = try r0(panel(2008..<2008, factor: 1))
        #expect(try r0(panel(2014..<2018, factor: 2)) != base, "R5's history up to 2017 is in R0's pool")
        #expect(try r0(panel(2018..<2020, factor: 3)) == base, "R5's values after 2017 leaked into R0's baseline")
    }
}
