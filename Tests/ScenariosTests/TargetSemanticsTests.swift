import Foundation
import Indicators
import Reports
import ScenarioFiles
@testable import Scenarios
import SunanTestSupport
import Testing

/// Targets mean what the plan says (issue 11), on the fixture scenario `Fixtures/targets/`: count,
/// flow and rate series of three cities and their zone whose answers are known by construction
/// (`make_data.py`: geometric trends; every threshold about half or twice the trend's value, so a
/// better projection method changes no answer).
@Suite(.serialized, .tags(.specification)) struct TargetSemanticsTests {
    static let folder = "Tests/ScenariosTests/Fixtures/targets"

    /// The side of 0.5 a row's p_meet must be on: above, below, or far below (< 0.2).
    enum Side: String, Sendable { case above, below, far }

    /// The expected side of every row of the fixture's targets (`id/city`, `id/all`), from the trend
    /// values in targets.csv's notes.
    static let expected: [String: Side] = [
        "Z-stock-stock": .above, "Z-stock-stock-far": .far,
        "Z-new-stock": .above, "Z-new-stock-far": .far,
        "Z-cum-stock": .above, "Z-cum-stock-far": .far,
        "Z-annual-flow": .above, "Z-annual-flow-max": .far,
        "Z-new-flow": .above,
        "Z-cum-flow": .above, "Z-cum-flow-far": .far, "Z-cum-flow-from": .above,
        "Z-stock-flow-from": .above, "Z-stock-flow-less": .far,
        "Z-annual-rate": .above, "Z-about-rate": .above, "Z-about-far": .far,
        "E-cov-90/A": .above, "E-cov-90/B": .far, "E-cov-90/C": .above,
        "E-new-120/A": .above, "E-new-120/B": .far, "E-new-120/C": .far,
        "E-eq-300/A": .far, "E-eq-300/B": .far, "E-eq-300/C": .far,
        "E-range/A": .above, "E-range/B": .above, "E-range/C": .above,
        "AC-cov-90/A": .above, "AC-cov-90/B": .far, "AC-cov-90/C": .above, "AC-cov-90/all": .far,
        "AC-cov-40/A": .above, "AC-cov-40/B": .above, "AC-cov-40/C": .above, "AC-cov-40/all": .above,
        "Z-observed-met": .above, "Z-observed-missed": .far,
    ]

    static func load(_ name: String) throws(ValidationFailure) -> LoadedScenario {
        try ScenarioLoader.load(path: Repository.path("\(folder)/\(name)"))
    }

    static let run: Result<(run: ScenarioRun, draws: [SeriesDraws]), any Error> = Result {
        try ScenarioEngine.runKeepingDraws(load("scenario.yaml").inputs)
    }

    @Test("every expected p_meet side holds, and every row is expected", .tags(.reference))
    func answersKnownByConstruction() throws {
        let run = try Self.run.get().run
        let tested = run.gaps.filter { $0.pMeet != nil }
        #expect(Set(tested.map(\.targetID)) == Set(Self.expected.keys))
        for row in tested {
            let p = try #require(row.pMeet)
            switch Self.expected[row.targetID] {
            case .above?: #expect(p > 0.5, "\(row.targetID): p_meet \(p); \(row.derivation)")
            case .below?: #expect(p < 0.5, "\(row.targetID): p_meet \(p); \(row.derivation)")
            case .far?: #expect(p < 0.2, "\(row.targetID): p_meet \(p); \(row.derivation)")
            case nil: Issue.record("unexpected row \(row.targetID)")
            }
        }
    }

    @Test("the fixture covers every allowed basis × measure pair, every scope and every comparator")
    func coverage() throws {
        let run = try Self.run.get().run
        let loaded = try Self.load("scenario.yaml")
        let tested = run.gaps.filter { $0.pMeet != nil }
        let pairs = Set(tested.compactMap { row in row.measure.map { "\(row.basis.rawValue) × \($0.rawValue)" } })
        var allowed: Set<String> = []
        for basis in TargetBasis.allCases {
            for measure in Measure.allCases where basis.refusal(for: measure, hasStart: true) == nil {
                allowed.insert("\(basis.rawValue) × \(measure.rawValue)")
            }
        }
        #expect(pairs == allowed)
        #expect(allowed.count == 9)
        #expect(Set(loaded.targets.map(\.scope)) == Set(TargetScope.allCases))
        #expect(Set(tested.map(\.comparator.symbol)) == Set(TargetComparator.symbols))
        // The statuses read on observed data, outside the horizon, and the missing data.
        #expect(run.gaps.first { $0.targetID == "Z-observed-met" }?.status == .achieved)
        #expect(run.gaps.first { $0.targetID == "Z-observed-missed" }?.status == .missed)
        #expect(run.gaps.first { $0.targetID == "Z-late" }?.status == .outsideHorizon)
        #expect(run.missingData.map(\.targetID) == ["Z-labs"])
        #expect(run.missingData.first?.years == [2017])
    }

    @Test("each conversion is named in the derivation, observed years as constants")
    func derivationsNameTheConversion() throws {
        let run = try Self.run.get().run
        let panel = try Self.load("scenario.yaml").panel
        func derivation(_ id: String) -> String { run.gaps.first { $0.targetID == id }?.derivation ?? "" }
        let a2017 = try #require(panel.series(region: "A", indicator: "institutions")?.value(in: 2017))
        #expect(derivation("E-new-120/A").contains("compared: new in 2018 = stock 2018 − stock 2017 (observed \(String(format: "%g", a2017)))"))
        #expect(derivation("Z-new-stock").contains("compared: new in 2018 = stock 2018 − stock 2017 (derived "))
        #expect(derivation("Z-cum-stock").contains("compared: cumulative 2018–2020 = stock 2020 − stock 2017"))
        #expect(derivation("Z-cum-flow").contains("compared: cumulative 2018–2020 = flow 2018 + flow 2019 + flow 2020"))
        #expect(derivation("Z-cum-flow-from").contains("compared: cumulative 2016–2018 = flow 2016 (derived "))
        #expect(derivation("Z-stock-flow-from").contains("compared: stock 2019 = flow 2018 + flow 2019 (the flow summed from 2018)"))
        #expect(derivation("Z-new-flow").contains("compared: new in 2018 = flow 2018"))
        #expect(derivation("Z-about-rate").contains("about: met within ±10 %"))
        #expect(derivation("Z-about-far").contains("about: met within ±20 %"))
        #expect(run.gaps.first { $0.targetID == "Z-about-far" }?.tolerance == 0.2)
    }

    @Test("an all_cities row's p_meet is the share of draws in which every city meets it in the same draw", .tags(.invariant))
    func allCitiesMeansEveryCityInTheSameDraw() throws {
        let (run, draws) = try Self.run.get()
        let year = try #require(run.years.firstIndex(of: 2018))
        let cities = ["A", "B", "C"].map { city in draws.first { $0.region == city && $0.indicator == "coverage" }! }
        for (id, threshold) in [("AC-cov-90", 90.0), ("AC-cov-40", 40.0)] {
            let count = cities[0].values[0][year].count
            let every = (0..<count).count { d in cities.allSatisfy { $0.values[0][year][d] >= threshold } }
            let row = try #require(run.gaps.first { $0.targetID == "\(id)/all" })
            #expect(row.pMeet == Double(every) / Double(count))
            #expect(row.region == "Zone")
            // The projected value of the row is the lowest city of each draw.
            let lowest = (0..<count).map { d in cities.map { $0.values[0][year][d] }.min()! }
            #expect(abs(row.projectedMean! - lowest.reduce(0, +) / Double(count)) < 1e-9)
        }
        // Summing the cities' rates would have "met" 90 % (98 + 60 + 95 > 90): the zone row is not a sum.
        #expect(run.gaps.first { $0.targetID == "AC-cov-90/all" }!.pMeet! < 0.2)
    }

    @Test("the streaming run gives the same rows, missing data and plan versus actual as the whole run", .tags(.invariant))
    func streamingAgrees() throws {
        let inputs = try Self.load("scenario.yaml").inputs
        let whole = try Self.run.get().run
        for threads in [1, 3] {
            let streamed = try ScenarioEngine.runStreaming(inputs, threads: threads)
            #expect(streamed.gaps == whole.gaps)
            #expect(streamed.missingData == whole.missingData)
            #expect(streamed.planVersusActual == whole.planVersusActual)
            #expect(ScenarioTables.json(streamed) == ScenarioTables.json(whole))
        }
        #expect(try ScenarioEngine.missingData(inputs) == whole.missingData)
    }

    @Test("supplying the years a missing-data entry asks for makes its target tested on the next run")
    func suppliedDataAreProjected() throws {
        let loaded = try Self.load("scenario.yaml")
        let missing = try ScenarioEngine.missingData(loaded.inputs)
        let requests = MissingDataEntry.requests(missing)
        #expect(requests == [DataRequest(region: "Zone", indicator: "labs", unit: "count", years: [2017], targetIDs: ["Z-labs"])])
        // Fill the sheet as a planner would: 6 labs in 2017.
        let filled = zip(requests[0].years, [6.0]).map {
            Observation(region: "Zone", indicator: "labs", year: $0, value: $1, unit: .count, source: "filled in")
        }
        let panel = try Panel(observations: loaded.panel.observations + filled)
        let inputs = ScenarioInputs(specification: loaded.specification, panel: panel, hierarchy: nil, targets: loaded.targets,
                                    measures: loaded.inputs.measures)
        let run = try ScenarioEngine.run(inputs, draws: 500)
        #expect(run.missingData.isEmpty)
        let row = try #require(run.gaps.first { $0.targetID == "Z-labs" })
        #expect(row.pMeet != nil && row.derivation.contains("projected series Zone/labs: auto"), "\(row.derivation)")
        #expect(run.cells.contains { $0.region == "Zone" && $0.indicator == "labs" && $0.year == 2020 })
        // Earlier years instead (2015 and 2016): a series of two values is projected too, nothing is missing.
        let earlier = [(2015, 3.0), (2016, 4.0)].map {
            Observation(region: "Zone", indicator: "labs", year: $0.0, value: $0.1, unit: .count, source: "filled in")
        }
        let short = try Panel(observations: loaded.panel.observations + earlier)
        let entries = try ScenarioEngine.missingData(ScenarioInputs(specification: loaded.specification, panel: short, hierarchy: nil,
                                                                    targets: loaded.targets, measures: loaded.inputs.measures))
        #expect(entries.isEmpty, "\(entries)")
    }

    @Test("plan versus actual reads the data by each target's basis, one row per series and year")
    func planVersusActualByBasis() throws {
        let run = try Self.run.get().run
        let panel = try Self.load("scenario.yaml").panel
        let keys = run.planVersusActual.map { "\($0.region)|\($0.indicator)|\($0.year)" }
        #expect(Set(keys).count == keys.count)
        let row = try #require(run.planVersusActual.first { $0.region == "A" && $0.indicator == "institutions" && $0.year == 2018 })
        let series = try #require(panel.series(region: "A", indicator: "institutions"))
        let built = try #require(series.value(in: 2018)) - (try #require(series.value(in: 2017)))
        #expect(row.targets.map(\.targetID) == ["E-new-120/A", "E-eq-300/A", "E-range/A"])
        #expect(row.targets.map(\.met) == [built >= 120, built == 300, built >= 10 && built <= 250])
        // Every row whose series and year carry a target says whether it was met.
        for row in run.planVersusActual where !row.targets.isEmpty {
            #expect(row.targets.allSatisfy { $0.met != nil }, "\(row.region)/\(row.indicator) \(row.year)")
        }
        #expect(run.planVersusActual.contains { $0.region == "Zone" && $0.indicator == "coverage" && !$0.targets.isEmpty })
    }

    @Test("targets that cannot be read as written are refused at once, each at its line and column")
    func refusals() throws {
        do {
            _ = try Self.load("refused.yaml")
            Issue.record("refused.yaml loaded")
        } catch {
            let errors = error.issues.filter { $0.severity == .error }
            #expect(errors.map(\.line) == Array(2...8).map(Optional.init))
            #expect(errors.allSatisfy { $0.file.hasSuffix("refused-targets.csv") })
            #expect(errors.map(\.column) == [11, 11, 11, 11, 7, 3, 13].map(Optional.init))
            let text = errors.map(\.description)
            #expect(text[0].contains("‘institutions’ is a stock") && text[1].contains("needs a start year"))
            #expect(text[4].contains("use ‘~’") && text[5].contains("never summed") && text[6].contains("needs ‘from’"))
        }
        // The engine refuses the same targets when given them in code.
        let loaded = try Self.load("scenario.yaml")
        let refused = try TargetLoader.load(path: Repository.path("\(Self.folder)/refused-targets.csv"))
        let inputs = ScenarioInputs(specification: loaded.specification, panel: loaded.panel, hierarchy: nil, targets: refused,
                                    measures: loaded.inputs.measures)
        #expect(throws: ScenarioError.self) { try ScenarioEngine.run(inputs, draws: 10) }
    }

    @Test("a new_in_year or cumulative target on a series whose measure nothing declares is refused; stock and annual read the level")
    func undeclaredMeasures() throws {
        let loaded = try Self.load("scenario.yaml")
        func target(_ basis: TargetBasis) -> Target {
            Target(id: "T", clause: 1, scope: .eachCity, year: 2018, indicator: "institutions", indicatorZh: "機構數",
                   comparator: .atLeast(1), unit: .count, basis: basis)
        }
        for basis in TargetBasis.allCases {
            let inputs = ScenarioInputs(specification: loaded.specification, panel: loaded.panel, hierarchy: nil,
                                        targets: [target(basis)])
            let problems = ScenarioEngine.targetProblems(inputs)
            #expect(problems.isEmpty == [.stock, .annual].contains(basis), "\(basis): \(problems)")
        }
    }
}

/// The comparators, measures and grades in isolation.
@Suite(.tags(.specification)) struct TargetComparatorSemanticsTests {
    @Test func equalityComparesRoundedCounts() {
        // Until count draws are whole numbers, `=` rounds them; whole draws pass unchanged.
        #expect(TargetComparator.equalTo(3).isMet(by: 3))
        #expect(TargetComparator.equalTo(3).isMet(by: 2.6) && TargetComparator.equalTo(3).isMet(by: 3.4))
        #expect(!TargetComparator.equalTo(3).isMet(by: 3.5) && !TargetComparator.equalTo(3).isMet(by: 2.49))
    }

    @Test func aboutIsTwoSidedAndRangeInclusive() {
        let about = TargetComparator.about(60)
        #expect(about.isMet(by: 54) && about.isMet(by: 66) && !about.isMet(by: 53.9) && !about.isMet(by: 66.1))
        #expect(!about.isMet(by: 103), "about 60 with 103 projected is not met")
        #expect(about.isMet(by: 70, aboutTolerance: 0.2) && !about.isMet(by: 73, aboutTolerance: 0.2))
        let range = TargetComparator.range(low: 2, high: 3)
        #expect(range.isMet(by: 2) && range.isMet(by: 3) && !range.isMet(by: 43) && !range.isMet(by: 1.9))
        #expect(TargetComparator.atMost(5).isMet(by: 5) && !TargetComparator.lessThan(5).isMet(by: 5))
    }

    @Test("the comparator's file forms read back", .tags(.invariant), arguments: TargetComparator.symbols)
    func symbolsRoundTrip(symbol: String) throws {
        let comparator = try #require(TargetComparator(symbol: symbol, low: 2, high: 3))
        #expect(comparator.symbol == symbol)
    }

    @Test func statusFollowsTheProbability() {
        #expect(TargetStatus(pMeet: 0.8) == .likely && TargetStatus(pMeet: 0.7999) == .probable)
        #expect(TargetStatus(pMeet: 0.5) == .probable && TargetStatus(pMeet: 0.4999) == .atRisk)
        #expect(TargetStatus(pMeet: 0.2) == .atRisk && TargetStatus(pMeet: 0.1999) == .unlikely)
        #expect(TargetStatus(pMeet: 0) == .unlikely && TargetStatus(pMeet: 1) == .likely)
    }

    @Test("the pace of an upper limit is mirrored", arguments: [
        (-0.05, -0.02, TargetPace.onTrack), (-0.015, -0.02, .accelerationNeeded), (-0.005, -0.02, .limitedProgress),
        (0.01, -0.02, .deterioration), (0.03, 0.02, .deterioration), (0.01, 0.02, .onTrack),
    ])
    func upperLimitPace(historical: Double, required: Double, expected: TargetPace) {
        #expect(GapAnalysis.grade(met: false, historical: historical, required: required, atLeast: false) == expected)
    }

    @Test func remainderRuleScalesTheAssumptions() throws {
        func share(_ region: String, _ value: Double, _ basis: String) -> MemberShare {
            MemberShare(region: region, share: value, basis: basis, rule: "test")
        }
        let shares = [share("Nanjing", 0.3445, "observed"), share("Suzhou", 0.2224, "observed"), share("Wuxi", 0.1401, "observed"),
                      share("Changzhou", 0.1319, "assumption"), share("Zhenjiang", 0.0799, "assumption")]
        let refused = MemberShares(shares: shares)
        #expect(refused.problem?.contains("sum to 0.9188, not 1") == true)
        #expect(throws: ScenarioError.self) { try refused.centralShares() }
        let central = try MemberShares(shares: shares, remainder: .assumptions).centralShares()
        let scale = (1 - 0.707) / 0.2118
        let expected = [0.3445, 0.2224, 0.1401, 0.1319 * scale, 0.0799 * scale]
        for (value, reference) in zip(central, expected) { #expect(abs(value - reference) < 1e-12) }
        #expect(abs(central.reduce(0, +) - 1) < 1e-12)
        // Shares within 0.5 % of 1 are normalised exactly; every share observed leaves no remainder to fill.
        #expect(MemberShares(shares: [share("A", 0.6, "observed"), share("B", 0.402, "observed")]).problem == nil)
        #expect(MemberShares(shares: [share("A", 0.6, "observed"), share("B", 0.3, "observed")], remainder: .assumptions).problem != nil)
    }
}
