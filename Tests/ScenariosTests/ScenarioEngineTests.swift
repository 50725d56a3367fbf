import Foundation
import Indicators
import Reports
@testable import Scenarios
import SunanTestSupport
import Testing

/// Properties of the Monte Carlo engine and the gap analysis (issue 5's acceptance), on small synthetic
/// inputs built in code (``Synthetic``). Mostly **invariants**: relations between the engine's own outputs
/// (monotone in investment, zone = sum of members, same seed same bytes, the inverse solve reaching its
/// probability); the grading rules are **specification** and the compound growth is a **reference** worked
/// by hand. No test here compares a Monte Carlo number with one computed elsewhere (issue 15, item 1).
@Suite(.tags(.invariant)) struct ScenarioEngineTests {
    // MARK: - More investment never lowers a projected mean

    /// Cells of `run` keyed by region, indicator and year, one value per scenario in the run's order.
    private static func byCell(_ run: ScenarioRun, _ value: (ProjectionCell) -> Double) -> [String: [Double]] {
        var table: [String: [Double]] = [:]
        for scenario in run.specification.scenarios {
            for cell in run.cells where cell.scenario == scenario.name {
                table["\(cell.region)/\(cell.indicator)/\(cell.year)", default: []].append(value(cell))
            }
        }
        return table
    }

    /// Asserts that every cell's mean and quantiles move one way along the run's scenarios: the drivers'
    /// never fall, and the outcomes' (projected, derived and summed series) never fall, or never rise when
    /// `outcomesFall`.
    private static func expectMonotone(_ run: ScenarioRun, outcomesFall: Bool = false, label: String) {
        let statistics: [(String, (ProjectionCell) -> Double)] = [
            ("mean", \.mean), ("lo95", \.lo95), ("lo80", \.lo80), ("hi80", \.hi80), ("hi95", \.hi95),
        ]
        let drivers = Set(run.cells.filter { $0.kind == .driver }.map { "\($0.region)/\($0.indicator)/\($0.year)" })
        #expect(drivers.count < Set(run.cells.map { "\($0.region)/\($0.indicator)/\($0.year)" }).count, "\(label): no outcome cells")
        for (name, statistic) in statistics {
            let table = byCell(run, statistic)
            #expect(!table.isEmpty, "\(label): no cells to compare")
            for (key, values) in table {
                #expect(values.count == run.specification.scenarios.count, "\(label): \(key) has \(values.count) values")
                let falls = outcomesFall && !drivers.contains(key)
                for (before, after) in zip(values, values.dropFirst()) {
                    #expect(falls ? after <= before : after >= before,
                            "\(label): \(name) of \(key) moves from \(before) to \(after) with more investment")
                }
            }
        }
    }

    @Test("uplift −10, 0, +10, +20 %/yr in order never lowers a projected mean (given elasticity, s.e. 0)",
          arguments: [ProjectionLevel.members, .parent])
    func upliftsInOrderNeverLowerAMean(level: ProjectionLevel) throws {
        let scenarios = [-10.0, 0, 10, 20].map { Synthetic.uplift($0) }
        let specification = Synthetic.specification(projections: [Synthetic.projection(level: level)], scenarios: scenarios)
        let run = try ScenarioEngine.run(Synthetic.inputs(specification))
        Self.expectMonotone(run, label: "\(level)")
        // Strictly higher once the uplift acts (lag 1: from 2019 on), for every projected series.
        let means2020 = Self.byCell(run, \.mean).filter { $0.key.hasSuffix("/2020") }
        // Members: three cities, their drivers and the zone; parent: the province, its driver, three members and the zone.
        #expect(means2020.count == (level == .members ? 7 : 6), "series in 2020: \(means2020.keys.sorted())")
        for (key, values) in means2020 {
            try #require(values.count == scenarios.count, "\(key): \(values.count) means for \(scenarios.count) scenarios")
            #expect(values[3] > values[0], "\(key): +20 %/yr should raise the 2020 mean above −10 %/yr")
        }
    }

    /// Per draw, how the outcome series of a run move along its scenarios, and how many times a driver fell.
    private struct DrawDirections {
        /// Draws in which some outcome value rises from one scenario to the next / falls.
        var rises: [Bool], falls: [Bool]
        var driverFalls = 0

        init(_ draws: [SeriesDraws], drawCount: Int) {
            rises = [Bool](repeating: false, count: drawCount)
            falls = rises
            for series in draws {
                for s in series.values.indices.dropFirst() {
                    for k in series.values[s].indices {
                        for d in 0..<drawCount {
                            let step = series.values[s][k][d] - series.values[s - 1][k][d]
                            if series.kind == .driver {
                                if step < 0 { driverFalls += 1 }
                            } else if step > 0 {
                                rises[d] = true
                            } else if step < 0 {
                                falls[d] = true
                            }
                        }
                    }
                }
            }
        }

        /// Draws that move both ways, that move at all, and that only fall.
        var mixed: Int { zip(rises, falls).filter { $0 && $1 }.count }
        var moving: Int { zip(rises, falls).filter { $0 || $1 }.count }
        var falling: Int { zip(rises, falls).filter { !$0 && $1 }.count }
    }

    /// Invariant. A scenario scales draw d of an outcome by r^ε_d (r the ratio of its driver to the
    /// baseline's, ε_d the draw's elasticity), so along scenarios of increasing investment every draw of
    /// every outcome series of a projection moves one way, the way ε_d points, and no driver falls; the
    /// share of draws that fall is P(ε < 0) = Φ(−value/s.e.) (exactly 0 or 1 with s.e. 0), checked within
    /// 4.5 binomial standard errors (plus one draw). When every draw moves the same way, so do every mean
    /// and quantile. Drawn widely: elasticities of either sign, certain and uncertain (``Synthetic/ElasticityKind``),
    /// uplifts, absolute amounts and split extra budgets (``Synthetic/InvestmentPath``), lags 0–2, the three
    /// levels, zone factors, and a new random panel for every run (``Synthetic/randomPanel(using:)``).
    @Test("property: with more investment every draw moves the way its elasticity points and drivers never fall; one-way draws give one-way means and quantiles",
          arguments: Synthetic.InvestmentPath.allCases, [ProjectionLevel.members, .parent, .regions])
    func moreInvestmentMovesEveryDrawTheWayItsElasticityPoints(path: Synthetic.InvestmentPath, level: ProjectionLevel) throws {
        let pathIndex = UInt64(Synthetic.InvestmentPath.allCases.firstIndex(of: path)!)
        let levelIndex: UInt64 = level == .members ? 0 : level == .parent ? 1 : 2
        var rng = SeededGenerator(seed: 20_260_415 + 16 * pathIndex + levelIndex)
        var runs = 0, oneWayRuns = 0
        for kind in Synthetic.ElasticityKind.allCases {
            let (value, standardError) = kind.draw(using: &rng)
            let panel = try Synthetic.randomPanel(using: &rng)
            let scenarios = Synthetic.increasingInvestment(path, using: &rng)
            let lag = Int.random(in: 0...2, using: &rng)
            let zoneShare = level == .parent && Bool.random(using: &rng) ? rng.uniform(0.5...0.9) : nil
            let seed = UInt64.random(in: 0...1_000_000, using: &rng)
            let projection = Synthetic.projection(level: level, elasticity: .given(value: value, standardError: standardError),
                                                  lag: lag, zoneShare: zoneShare)
            let specification = Synthetic.specification(projections: [projection], scenarios: scenarios, draws: 400, seed: seed)
            let inputs = ScenarioInputs(specification: specification, panel: panel, hierarchy: nil, targets: [])
            let label = "\(path) \(level) \(kind): ε \(value) ± \(standardError), lag \(lag), seed \(seed), \(scenarios.map(\.driver))"
            let (run, draws) = try ScenarioEngine.runKeepingDraws(inputs)
            let directions = DrawDirections(draws, drawCount: run.draws)

            #expect(directions.driverFalls == 0, "\(label): a driver fell \(directions.driverFalls) times")
            #expect(directions.mixed == 0, "\(label): \(directions.mixed) draws moved both ways")
            #expect(directions.moving == run.draws, "\(label): only \(directions.moving) of \(run.draws) draws moved")
            let expected = standardError == 0 ? (value < 0 ? 1.0 : 0.0) : 0.5 * erfc(value / (standardError * 2.0.squareRoot()))
            let observed = Double(directions.falling) / Double(max(directions.moving, 1))
            let tolerance = 4.5 * (expected * (1 - expected) / Double(max(directions.moving, 1))).squareRoot()
                + 1 / Double(max(directions.moving, 1))
            #expect(abs(observed - expected) <= tolerance,
                    "\(label): \(directions.falling) of \(directions.moving) draws fall; Φ(−ε/s.e.) = \(expected)")
            if directions.falling == 0 || directions.falling == directions.moving {
                Self.expectMonotone(run, outcomesFall: directions.falling > 0, label: label)
                oneWayRuns += 1
            }
            runs += 1
        }
        #expect(runs == Synthetic.ElasticityKind.allCases.count)
        // At least the two certain elasticities move every draw one way.
        #expect(oneWayRuns >= 2, "\(path) \(level): only \(oneWayRuns) runs had every draw move one way")
    }

    // MARK: - Zone = sum of its cities in every draw

    @Test("city draws sum to the zone draw within 1e-9 relative in every draw, scenario and year",
          arguments: [ProjectionLevel.members, .parent])
    func cityDrawsSumToTheZone(level: ProjectionLevel) throws {
        let scenarios = [
            ScenarioCase(name: "baseline"), Synthetic.uplift(15),
            ScenarioCase(name: "extra", driver: .extraBudget(amountPerYear: 4, fromYear: 2018, split: ["Alpha": 2, "Gamma": 1])),
        ]
        let projection = Synthetic.projection(level: level, elasticity: .given(value: 0.7, standardError: 0.2),
                                              zoneShare: level == .parent ? 0.8 : nil)
        let specification = Synthetic.specification(projections: [projection], scenarios: scenarios, draws: 3_000)
        let (_, draws) = try ScenarioEngine.runKeepingDraws(Synthetic.inputs(specification))
        let zone = try #require(draws.first { $0.region == Synthetic.zone })
        #expect(zone.kind == .sum)
        let cities = Synthetic.members.compactMap { member in draws.first { $0.region == member && $0.indicator == zone.indicator } }
        try #require(cities.count == 3)
        var worst = 0.0
        for s in scenarios.indices {
            for k in zone.values[s].indices {
                for d in zone.values[s][k].indices {
                    let sum = cities.reduce(0) { $0 + $1.values[s][k][d] }
                    let total = zone.values[s][k][d]
                    worst = max(worst, abs(sum - total) / abs(total))
                }
            }
        }
        #expect(worst <= 1e-9, "largest relative difference between the zone and the sum of its cities: \(worst)")
    }

    // MARK: - Same seed, same bytes

    /// The files `sunan run` writes, rendered from `run`.
    private static func files(_ run: ScenarioRun) -> [String] {
        [ScenarioTables.forecasts(run).csv(), ScenarioTables.gaps(run).csv(), ScenarioTables.planVersusActual(run).csv(),
         ScenarioTables.json(run)]
    }

    private static let targets = [
        Synthetic.target("zone-2020", .atLeast(400)),
        Synthetic.target("city-2019", scope: .eachCity, year: 2019, .greaterThan(60)),
    ]

    @Test("the same seed gives byte-identical forecasts, gaps, plan-vs-actual and JSON; another seed differs")
    func sameSeedSameBytes() throws {
        for level in [ProjectionLevel.members, .parent] {
            let specification = Synthetic.specification(
                projections: [Synthetic.projection(level: level, elasticity: .given(value: 0.6, standardError: 0.15))],
                scenarios: [ScenarioCase(name: "baseline"), Synthetic.uplift(10)], draws: 2_000, seed: 11,
                allocation: .baselineShare)
            let inputs = Synthetic.inputs(specification, targets: Self.targets)
            let first = Self.files(try ScenarioEngine.run(inputs))
            let second = Self.files(try ScenarioEngine.run(inputs))
            #expect(first == second, "\(level): two runs with seed 11 differ")
            let other = Self.files(try ScenarioEngine.run(inputs, seed: 12))
            #expect(other[0] != first[0], "\(level): seeds 11 and 12 gave the same forecasts.csv")
            #expect(other[3] != first[3], "\(level): seeds 11 and 12 gave the same results.json")
        }
    }

    // MARK: - Monte Carlo standard error of p_meet

    @Test("p_meet_se ≤ 0.005 at the default 10,000 draws on every gap row with a p_meet")
    func probabilityStandardErrorAtDefaultDraws() throws {
        let specification = Synthetic.specification(
            projections: [Synthetic.projection(level: .members, elasticity: .given(value: 0.6, standardError: 0.15))],
            scenarios: [ScenarioCase(name: "baseline"), Synthetic.uplift(10), Synthetic.uplift(-10)],
            draws: SimulationSettings().draws, allocation: .equalGrowth)
        #expect(specification.simulation.draws == 10_000)
        let targets = Self.targets + [Synthetic.target("zone-about", .about(300)), Synthetic.target("zone-range", .range(low: 250, high: 400))]
        let run = try ScenarioEngine.run(Synthetic.inputs(specification, targets: targets))
        let tested = run.gaps.filter { $0.pMeet != nil }
        #expect(tested.count >= 20)
        for row in tested {
            let p = try #require(row.pMeet), se = try #require(row.pMeetStandardError)
            #expect(se <= 0.005, "\(row.scenario) \(row.targetID): p_meet_se \(se)")
            #expect(abs(se - (p * (1 - p) / 10_000).squareRoot()) < 1e-15)
        }
    }

    // MARK: - The inverse solve

    /// A gap row's target: its id and region (an `each_city` target has one row per member, same id).
    typealias TargetRow = (id: String, region: String)

    /// The inverse-solve check over `pairs` of seeds: for each pair, runs `inputs` (first scenario the
    /// baseline) with the first seed, adds one uplift scenario per target row in `targets` applying the
    /// baseline's reported required uplift for `probability`, and runs again with the second seed.
    /// Returns, per target row (`id @ region`), each pair's deviation `p_meet − probability` in units of the standard error of
    /// the difference of the two Monte Carlo estimates (solve and check), √(2 p (1 − p) / draws).
    static func requiredUpliftDeviations(_ inputs: ScenarioInputs, targets: [TargetRow], probability: Double,
                                         pairs: [(solve: UInt64, check: UInt64)]) throws -> [String: [Double]] {
        var deviations: [String: [Double]] = [:]
        let baseline = inputs.specification.scenarios[0].name
        for pair in pairs {
            let solved = try ScenarioEngine.run(inputs, seed: pair.solve)
            var specification = inputs.specification
            var applied: [String: String] = [:]
            for (index, target) in targets.enumerated() {
                let row = try #require(solved.gaps.first {
                    $0.scenario == baseline && $0.targetID == target.id && $0.region == target.region
                })
                guard let uplift = probability == 0.8 ? row.requiredUpliftP80 : row.requiredUpliftP50, uplift > 0 else { continue }
                applied["\(target.id) @ \(target.region)"] = "applied\(index)"
                specification.scenarios.append(ScenarioCase(
                    name: "applied\(index)", driver: .uplift(percentPerYear: uplift, fromYear: specification.asOf + 1)))
            }
            let check = try ScenarioEngine.run(ScenarioInputs(specification: specification, panel: inputs.panel,
                                                              hierarchy: inputs.hierarchy, targets: inputs.targets), seed: pair.check)
            let standardError = (2 * probability * (1 - probability) / Double(check.draws)).squareRoot()
            for (key, scenario) in applied {
                let row = try #require(check.gaps.first { $0.scenario == scenario && "\($0.targetID) @ \($0.region)" == key })
                deviations[key, default: []].append((try #require(row.pMeet) - probability) / standardError)
            }
        }
        return deviations
    }

    /// Expects every target to have deviations, each within ±3.5 standard errors, and their mean within
    /// ±2 standard errors of the mean (a single pair falls outside ±2 s.e. about 5 % of the time by
    /// construction, so the ±2 s.e. acceptance is checked on the pooled pairs).
    static func expectReachesProbability(_ deviations: [String: [Double]], targets: [TargetRow], probability: Double) {
        for id in targets.map({ "\($0.id) @ \($0.region)" }) {
            guard let z = deviations[id], !z.isEmpty else {
                Issue.record("\(id): no positive required uplift at p = \(probability)")
                continue
            }
            let mean = z.reduce(0, +) / Double(z.count)
            let rendered = z.map { String(format: "%+.2f", $0) }.joined(separator: " ")
            #expect(z.allSatisfy { abs($0) <= 3.5 }, "\(id), p = \(probability): deviations in s.e. \(rendered)")
            #expect(abs(mean) <= 2 / Double(z.count).squareRoot(),
                    "\(id), p = \(probability): mean deviation \(mean) s.e. over \(z.count) pairs (\(rendered))")
        }
    }

    @Test("applying the reported required_uplift_p80 (p50) with another seed gives p_meet 0.80 (0.50) ± 2 s.e.",
          arguments: [0.8, 0.5])
    func requiredUpliftReachesItsProbability(probability: Double) throws {
        let specification = Synthetic.specification(
            projections: [Synthetic.projection(level: .members, elasticity: .given(value: 0.6, standardError: 0.15))],
            scenarios: [ScenarioCase(name: "baseline")], draws: 10_000, allocation: .baselineShare)
        let inputs = Synthetic.inputs(specification, targets: [Synthetic.target("zone-2020", .atLeast(330))])
        // The zone target and the three allocated (derived) city targets, over six pairs of seeds.
        let ids: [TargetRow] = [("zone-2020", "Zone"), ("zone-2020/Alpha", "Alpha"), ("zone-2020/Beta", "Beta"),
                                ("zone-2020/Gamma", "Gamma")]
        let pairs: [(solve: UInt64, check: UInt64)] = (UInt64(0)..<6).map { index in (7 + 2 * index, 8 + 2 * index) }
        let deviations = try Self.requiredUpliftDeviations(inputs, targets: ids, probability: probability, pairs: pairs)
        Self.expectReachesProbability(deviations, targets: ids, probability: probability)
    }

    // MARK: - Zero extra investment, extra budgets, grading, growth

    @Test("zero extra investment (uplift 0, extra budget 0) equals the baseline exactly", arguments: [ProjectionLevel.members, .parent])
    func zeroExtraInvestmentIsTheBaseline(level: ProjectionLevel) throws {
        let scenarios = [
            ScenarioCase(name: "baseline"), Synthetic.uplift(0, name: "zero-uplift"),
            ScenarioCase(name: "zero-budget", driver: .extraBudget(amountPerYear: 0, fromYear: 2018, split: ["Alpha": 1, "Beta": 1, "Gamma": 1])),
        ]
        let specification = Synthetic.specification(
            projections: [Synthetic.projection(level: level, elasticity: .given(value: 0.6, standardError: 0.2))],
            scenarios: scenarios, draws: 1_000)
        let run = try ScenarioEngine.run(Synthetic.inputs(specification, targets: Self.targets))
        func strip(_ cells: [ProjectionCell]) -> [[Double]] { cells.map { [$0.mean, $0.lo80, $0.hi80, $0.lo95, $0.hi95, $0.meanStandardError] } }
        func cells(_ name: String) -> [ProjectionCell] { run.cells.filter { $0.scenario == name } }
        #expect(!cells("baseline").isEmpty)
        #expect(strip(cells("zero-uplift")) == strip(cells("baseline")))
        #expect(strip(cells("zero-budget")) == strip(cells("baseline")))
        func gaps(_ name: String) -> [[Double?]] { run.gaps.filter { $0.scenario == name }.map { [$0.projectedMean, $0.pMeet, $0.lo80, $0.hi95] } }
        #expect(gaps("zero-uplift") == gaps("baseline"))
        #expect(gaps("zero-budget") == gaps("baseline"))
    }

    @Test("an extra budget split entirely to one city raises that city most (and leaves the others as they were)",
          arguments: [ProjectionLevel.members, .parent])
    func extraBudgetToOneCity(level: ProjectionLevel) throws {
        let scenarios = [ScenarioCase(name: "baseline"),
                         ScenarioCase(name: "beta", driver: .extraBudget(amountPerYear: 3, fromYear: 2018, split: ["Beta": 1]))]
        let specification = Synthetic.specification(
            projections: [Synthetic.projection(level: level, elasticity: .given(value: 0.6, standardError: 0.1))],
            scenarios: scenarios, draws: 2_000)
        let run = try ScenarioEngine.run(Synthetic.inputs(specification))
        for year in [2019, 2020] {
            var rise: [String: Double] = [:]
            for city in Synthetic.members {
                let before = try #require(run.cells.first { $0.scenario == "baseline" && $0.region == city && $0.year == year && $0.kind != .driver })
                let after = try #require(run.cells.first { $0.scenario == "beta" && $0.region == city && $0.year == year && $0.kind != .driver })
                rise[city] = after.mean / before.mean - 1
            }
            #expect(rise["Beta"]! > 0.001, "\(level) \(year): Beta rises by \(rise["Beta"]!)")
            #expect(rise["Alpha"] == 0 && rise["Gamma"] == 0, "\(level) \(year): other cities moved: \(rise)")
        }
    }

    @Test("pace grading thresholds", .tags(.specification), arguments: [
        (true, nil, nil, .alreadyMet), (true, -0.2, 0.1, .alreadyMet),
        (false, 0.10, 0.10, .onTrack), (false, 0.15, 0.10, .onTrack),
        (false, 0.05, 0.10, .accelerationNeeded), (false, 0.0999, 0.10, .accelerationNeeded),
        (false, 0.0499, 0.10, .limitedProgress), (false, 1e-6, 0.10, .limitedProgress),
        (false, 0.0, 0.10, .deterioration), (false, -0.03, 0.10, .deterioration),
        (false, nil, 0.10, .noHistory), (false, 0.05, nil, .noHistory),
        // A required growth ≤ 0 (the flat path already suffices): on track unless the series shrinks faster.
        (false, 0.05, 0, .onTrack), (false, 0.05, -0.02, .onTrack), (false, -0.05, -0.02, .deterioration),
    ] as [(Bool, Double?, Double?, TargetPace)])
    func grading(met: Bool, historical: Double?, required: Double?, expected: TargetPace) {
        #expect(GapAnalysis.grade(met: met, historical: historical, required: required) == expected)
    }

    @Test("compound growth over the last up to five observed years, by hand", .tags(.reference))
    func compoundGrowthByHand() throws {
        // 2010…2017: the window is 2012–2017 (five years): (200 / 100)^(1/5) − 1 = 0.148698354997035.
        let years = Array(2010...2017)
        let values = [50.0, 80, 100, 120, 130, 150, 170, 200]
        let growth = try #require(GapAnalysis.compoundGrowth(years: years, values: values))
        #expect(abs(growth - 0.148698354997035) < 1e-14)
        // A gap in the years: 2013, 2015, 2017 → from 2013 (≥ 2012) over four years: (81 / 16)^(1/4) − 1 = 0.5.
        let gapped = try #require(GapAnalysis.compoundGrowth(years: [2010, 2013, 2015, 2017], values: [1, 16, 40, 81]))
        #expect(abs(gapped - 0.5) < 1e-14)
        // Two years: one year of growth.
        #expect(GapAnalysis.compoundGrowth(years: [2016, 2017], values: [100, 110]).map { abs($0 - 0.1) < 1e-14 } == true)
        // Too little history or a non-positive value: no growth rate.
        #expect(GapAnalysis.compoundGrowth(years: [2017], values: [5]) == nil)
        #expect(GapAnalysis.compoundGrowth(years: [2016, 2017], values: [0, 5]) == nil)
        #expect(GapAnalysis.compoundGrowth(years: [2016, 2017], values: [5, -1]) == nil)
    }

    // MARK: - Targets without data, outside the horizon

    @Test("a target whose series has no data is a missing-data entry with the years to supply; outside the horizon says so; an observed year is graded on the data",
          .tags(.specification))
    func untestableTargets() throws {
        let specification = Synthetic.specification(
            projections: [Synthetic.projection(level: .members)], scenarios: [ScenarioCase(name: "baseline"), Synthetic.uplift(10)],
            draws: 500)
        let count = UnitOfMeasure.count
        let targets = [
            Target(id: "bases-2020", clause: 2, scope: .zone, year: 2020, indicator: "industrialization_bases", indicatorZh: "基地",
                   comparator: .atLeast(10), unit: count, basis: .stock),
            Target(id: "platforms-each", clause: 3, scope: .eachCity, year: 2020, indicator: "platforms", indicatorZh: "平台",
                   comparator: .atLeast(2), unit: count, basis: .stock),
            Synthetic.target("late", year: 2030, .atLeast(100)),
            Synthetic.target("early", year: 2015, .atLeast(100)),
        ]
        let run = try ScenarioEngine.run(Synthetic.inputs(specification, targets: targets))
        #expect(!run.gaps.contains { $0.targetID == "bases-2020" || $0.targetID.hasPrefix("platforms-each") })
        #expect(run.missingData.count == 1 + 3)
        for entry in run.missingData {
            // One value (2017) is enough: a series of one or two values is projected by auto's short-series rule.
            #expect(entry.years == [2017], "\(entry)")
            #expect(entry.reason.contains("no series \(entry.indicator) for \(entry.region)"), "\(entry.reason)")
        }
        #expect(Set(run.missingData.map(\.region)) == Set([Synthetic.zone] + Synthetic.members))
        let late = run.gaps.filter { $0.targetID == "late" }
        #expect(late.count == 2)
        for row in late {
            #expect(row.status == .outsideHorizon)
            #expect(row.pMeet == nil && row.projectedMean == nil)
            #expect(row.derivation.contains("outside the projected years 2018–2020"), "\(row.derivation)")
        }
        // 2015 is observed (the zone's summed history, about 180): the target of 100 was achieved.
        let early = run.gaps.filter { $0.targetID == "early" }
        #expect(early.count == 2 && early.allSatisfy { $0.status == .achieved && $0.pMeet == 1 })
    }
}
