import Foundation
import Indicators
import PropertyBased
import Reports
import Testing
@testable import Scenarios

/// Properties of the Monte Carlo engine and the gap analysis (issue 5's acceptance), on small synthetic
/// inputs built in code (``Synthetic``).
@Suite struct ScenarioEngineTests {
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

    /// Asserts that every cell's mean and quantiles are non-decreasing along the run's scenarios.
    private static func expectNonDecreasing(_ run: ScenarioRun, label: String) {
        let statistics: [(String, (ProjectionCell) -> Double)] = [
            ("mean", \.mean), ("lo95", \.lo95), ("lo80", \.lo80), ("hi80", \.hi80), ("hi95", \.hi95),
        ]
        for (name, statistic) in statistics {
            for (key, values) in byCell(run, statistic) {
                for (lower, higher) in zip(values, values.dropFirst()) {
                    #expect(higher >= lower, "\(label): \(name) of \(key) falls from \(lower) to \(higher) with more investment")
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
        Self.expectNonDecreasing(run, label: "\(level)")
        // Strictly higher once the uplift acts (lag 1: from 2019 on), for every projected series.
        let means = Self.byCell(run, \.mean)
        for (key, values) in means where key.hasSuffix("/2020") {
            #expect(values[3] > values[0], "\(key): +20 %/yr should raise the 2020 mean above −10 %/yr")
        }
    }

    @Test("property: any increasing uplifts, any seed, either level: no projected mean or quantile falls")
    func randomUpliftsNeverLowerAMean() async {
        let uplifts = Gen.double(in: -40...60).array(of: 2...5)
        await propertyCheck(count: 30, input: uplifts, Gen.int(in: 0...1_000_000), Gen.int(in: 0...1),
                            Gen.double(in: 0.05...1.5)) { uplifts, seed, levelIndex, elasticity in
            let level: ProjectionLevel = levelIndex == 0 ? .members : .parent
            let scenarios = uplifts.sorted().enumerated().map { Synthetic.uplift($1, name: "s\($0)") }
            let specification = Synthetic.specification(
                projections: [Synthetic.projection(level: level, elasticity: .given(value: elasticity, standardError: 0))],
                scenarios: scenarios, draws: 200, seed: UInt64(seed))
            let run = try ScenarioEngine.run(Synthetic.inputs(specification))
            Self.expectNonDecreasing(run, label: "\(level), seed \(seed), uplifts \(uplifts.sorted()), ε \(elasticity)")
        }
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

    @Test("pace grading thresholds", arguments: [
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

    @Test("compound growth over the last up to five observed years, by hand")
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

    @Test("a target whose series has no data is a missing-data entry with the years to supply; outside the horizon says so; an observed year is graded on the data")
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
            #expect(entry.years == [2015, 2016, 2017], "\(entry)")
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
