import Forecasting
import Foundation
import Indicators
@testable import Scenarios
import SunanTestSupport
import Testing

/// A series that the calibration pool of `auto` leaves out is a note of the run, not a silent skip.
@Suite("Series left out of auto's pool are stated", .tags(.specification))
struct PoolExclusionTests {
    /// Six regions of a count that may be negative (a net change of enterprises), 2008–2017; R3's 2012
    /// value is −3 when `negative`.
    static func panel(negative: Bool) throws -> Panel {
        try Panel(observations: (0..<6).flatMap { r in
            (2008...2017).map { year in
                let value = negative && r == 3 && year == 2012 ? -3 : Double(20 + 5 * r + (year - 2008) * (r + 1))
                return Observation(region: "R\(r)", indicator: "net_enterprises", year: year, value: value,
                                   unit: .enterprises, source: "synthetic")
            }
        })
    }

    static func inputs(model: String, negative: Bool) throws -> ScenarioInputs {
        let projection = ProjectionSpecification(indicator: "net_enterprises", model: model, level: .regions, regions: ["R0"])
        var specification = Synthetic.specification(projections: [projection], draws: 200)
        specification.zone = nil
        return ScenarioInputs(specification: specification, panel: try panel(negative: negative), hierarchy: nil, targets: [])
    }

    @Test("a count with a negative value is left out of the pool of auto, and both run paths say so once")
    func negativeCountIsNoted() throws {
        let expected = [RunNote.leftOutOfPool(PoolExclusion(region: "R3", indicator: "net_enterprises",
                                                            reason: .negativeCount(year: 2012, value: -3)))]
        let inputs = try Self.inputs(model: "auto", negative: true)
        #expect(try ScenarioEngine.run(inputs).notes == expected)
        #expect(try ScenarioEngine.runKeepingDraws(inputs).run.notes == expected)
        #expect(expected[0].code == "left out of calibration pool" && expected[0].subject == "R3/net_enterprises")
        #expect(expected[0].detail.contains("its value in 2012 is -3.0, and a count cannot be negative"), "\(expected[0].detail)")
    }

    @Test("no note when every series is pooled, or when the projection does not use the pool")
    func noNoteOtherwise() throws {
        #expect(try ScenarioEngine.run(Self.inputs(model: "auto", negative: false)).notes.isEmpty)
        #expect(try ScenarioEngine.run(Self.inputs(model: "linear", negative: true)).notes.isEmpty)
    }

    @Test("the pools list what they leave out, window by window")
    func poolsListExclusions() throws {
        let window = BaselinePools.Window(indicator: "net_enterprises", historyFrom: 2013)
        let pools = BaselinePools(panel: try Self.panel(negative: true), asOf: 2017, horizonYear: 2020,
                                  windows: [window, BaselinePools.Window(indicator: "net_enterprises", historyFrom: nil)])
        #expect(pools.exclusions(window).isEmpty, "the window from 2013 does not hold the negative 2012 value")
        #expect(pools.exclusions(BaselinePools.Window(indicator: "net_enterprises", historyFrom: nil)).map(\.region) == ["R3"])
    }
}

/// Data in a unit the run's series cannot be converted to are a note of the run, not silently unread.
@Suite("Data in an unconvertible unit are stated", .tags(.specification))
struct UnconvertibleDataTests {
    /// The synthetic panel plus the zone's own observed contracts for 2018–2019 in `unit`.
    static func inputs(zoneUnit unit: UnitOfMeasure) throws -> ScenarioInputs {
        let zone = [2018, 2019].map {
            Observation(region: Synthetic.zone, indicator: Synthetic.outcome, year: $0, value: 90, unit: unit, source: "synthetic")
        }
        let specification = Synthetic.specification(projections: [Synthetic.projection(level: .parent, zoneShare: 0.5)], draws: 200)
        return ScenarioInputs(specification: specification, panel: try Panel(observations: Synthetic.observations() + zone),
                              hierarchy: nil, targets: [])
    }

    /// Whether `note` is about data in an unconvertible unit (the synthetic pools are also thin: ``ThinPoolTests``).
    static func isUnitNote(_ note: RunNote) -> Bool {
        if case .dataNotConvertible = note { return true }
        return false
    }

    @Test("a zone published in persons while its derived series is in 亿元: a note, and no plan-versus-actual row from it")
    func unconvertibleZoneData() throws {
        let run = try ScenarioEngine.run(Self.inputs(zoneUnit: .persons))
        let unitNotes = run.notes.filter(Self.isUnitNote)
        #expect(unitNotes == [.dataNotConvertible(region: "Zone", indicator: "contracts", dataUnit: "persons", unit: "100m_cny")])
        #expect(!run.planVersusActual.contains { $0.region == Synthetic.zone })
        #expect(try ScenarioEngine.runKeepingDraws(Self.inputs(zoneUnit: .persons)).run.notes == run.notes)
        #expect(unitNotes.first?.detail.contains("which cannot be converted to 100m_cny") == true, "\(unitNotes)")
    }

    @Test("the same data in 万元 are converted and read: no note, and plan versus actual compares them")
    func convertibleZoneData() throws {
        let run = try ScenarioEngine.run(Self.inputs(zoneUnit: .tenThousandCNY))
        #expect(!run.notes.contains(where: Self.isUnitNote))
        #expect(run.planVersusActual.contains { $0.region == Synthetic.zone && $0.year == 2018 })
    }
}

/// A defect met while projecting a target's own series is an internal failure, not a target "without data".
@Suite("Internal failures of target projections", .tags(.specification))
struct TargetProjectionFailureTests {
    @Test("an internal failure is rethrown; the series' own problem becomes the missing-data reason")
    func internalFailureIsRethrown() throws {
        let internalFailure = ScenarioError.internalFailure("A/gdp: LAPACK dtrtrs rejected its argument 9 (info = -9)")
        #expect(throws: internalFailure) { try ScenarioEngine.unprojectedReason(internalFailure, region: "A", indicator: "gdp") }
        let fitFailed = ScenarioError.fitFailed(region: "A", indicator: "gdp", reason: "too short")
        #expect(try ScenarioEngine.unprojectedReason(fitFailed, region: "A", indicator: "gdp")
                == "the data's series gdp for A cannot be projected: A/gdp could not be fitted: too short")
    }
}

/// A calibration pool too small to learn the error law is stated: `auto`'s intervals then rest on the
/// default Student-t(4) law, not on errors learned from the data.
@Suite("A thin calibration pool is stated", .tags(.specification))
struct ThinPoolTests {
    @Test("four regions per indicator: each indicator's auto forecasts get the default law, and the run says so once per indicator")
    func thinPool() throws {
        let run = try ScenarioEngine.run(UnconvertibleDataTests.inputs(zoneUnit: .tenThousandCNY))
        let thin = run.notes.compactMap { note -> (String, Int, Int)? in
            if case let .defaultErrorLaw(indicator, series, errors) = note { return (indicator, series, errors) }
            return nil
        }
        #expect(thin.map(\.0).sorted() == ["budget", "contracts"])
        #expect(thin.allSatisfy { $0.1 < PooledErrorLaw.minimumSeries }, "\(thin)")
        #expect(run.notes.first { $0.code == "default error law" }?.detail.contains("default Student-t(4) law") == true)
    }
}
