import Foundation
import Indicators
@testable import Reports
@testable import Scenarios
import SunanTestSupport
import Testing

/// A run's notes (what weakened its numbers) reach `summary.md` in both languages and `results.json`;
/// a run without notes writes neither the section nor the member.
@Suite(.tags(.specification)) struct RunNoteRenderingTests {
    static let note = RunNote.leftOutOfPool(PoolExclusion(region: "Beta", indicator: "contracts",
                                                          reason: .negativeCount(year: 2012, value: -3)))

    static func run(notes: [RunNote]) -> ScenarioRun {
        let made = Runs.handMade.run
        return ScenarioRun(specification: made.specification, draws: made.draws, seed: made.seed, years: made.years, cells: [],
                           gaps: made.gaps, missingData: made.missingData, planVersusActual: [], elasticities: [], provenance: [],
                           histories: [], notes: notes)
    }

    @Test func summaryStatesTheNoteInEachLanguage() {
        let names = Runs.handMade.names
        let zh = SummaryReport.markdown(Self.run(notes: [Self.note]), names: names, language: .zh)
        #expect(zh.contains("## 计算中的降级处理\n\n- 乙市合同额2012年的值为-3，计数不能为负，因此未纳入合同额自动预测的误差校准池："
                            + "合同额的自动预测区间只依据其他地区的数据。"), "\(zh)")
        let en = SummaryReport.markdown(Self.run(notes: [Self.note]), names: names, language: .en)
        #expect(en.contains("## What weakened the computation\n\n- Beta's contract value is -3 in 2012, and a count cannot be negative, "
                            + "so it is left out of the pool that calibrates the auto forecasts of contract value"), "\(en)")
    }

    @Test func resultsJSONListsTheNote() {
        let json = ScenarioTables.json(Self.run(notes: [Self.note]))
        #expect(json.contains("\"notes\": [{\"kind\": \"left out of calibration pool\", \"subject\": \"Beta/contracts\", \"detail\": "
                              + "\"left out of the pool that calibrates auto's intervals for contracts (its value in 2012 is -3.0, "
                              + "and a count cannot be negative); those intervals rest on the other regions\"}],\n\"provenance\""),
                "\(json)")
        #expect((try? JSONSerialization.jsonObject(with: Data(json.utf8))) != nil, "results.json must stay valid JSON")
    }

    @Test func reportListsTheNote() {
        let names = Runs.handMade.names
        let zh = HTMLReport.render(Self.run(notes: [Self.note]), names: names, language: .zh)
        #expect(zh.contains("<section id=\"run-notes\">\n<h2>计算中的降级处理</h2>\n<ul>\n<li>乙市合同额2012年的值为-3，"), "\(zh)")
        #expect(zh.contains("<li><a href=\"#run-notes\">计算中的降级处理</a></li>"))
        let en = HTMLReport.render(Self.run(notes: [Self.note]), names: names, language: .en)
        #expect(en.contains("<li>Beta&#39;s contract value is -3 in 2012") || en.contains("<li>Beta's contract value is -3 in 2012"), "\(en)")
        #expect(!HTMLReport.render(Self.run(notes: []), names: names, language: .en).contains("run-notes"))
    }

    @Test func noNotesNoMention() {
        let names = Runs.handMade.names
        #expect(!ScenarioTables.json(Self.run(notes: [])).contains("\"notes\""))
        #expect(!SummaryReport.markdown(Self.run(notes: []), names: names, language: .en).contains("weakened"))
        #expect(!SummaryReport.markdown(Self.run(notes: []), names: names, language: .zh).contains("降级"))
    }
}

/// The note of data in an unconvertible unit, in both languages.
@Suite(.tags(.specification)) struct UnconvertibleDataNoteTests {
    @Test func sentences() {
        let note = RunNote.dataNotConvertible(region: "Zone", indicator: "contracts", dataUnit: "persons", unit: "100m_cny")
        let names = Runs.handMade.names
        #expect(SummaryReport.sentence(note, names: names, .zh)
                == "数据中示范区合同额的单位为“人”，无法换算为本次测算所用的“亿元”：这些观测值未被采用（预测与实际对照、已观测年份的目标判断均不使用）。")
        #expect(SummaryReport.sentence(note, names: names, .en)
                == "The data give Zone's contract value in ‘persons’, which cannot be converted to ‘100m_cny’, the unit of the run's series: "
                + "those observed values are not used (plan versus actual, targets of observed years).")
    }
}

/// `sunan compare`: a zone's data in a unit that cannot be converted are not used for the shares, and said so.
@Suite(.tags(.specification)) struct RegionComparisonUnitTests {
    @Test func unconvertibleZoneValueIsAWarning() throws {
        let hierarchy = try RegionHierarchy(regions: [
            Region(id: "Z", level: .zone, nameEn: "Z", nameZh: "Z", memberIDs: ["A", "B"]),
            Region(id: "A", level: .city, nameEn: "A", nameZh: "A"), Region(id: "B", level: .city, nameEn: "B", nameZh: "B"),
        ])
        func panel(zoneUnit: UnitOfMeasure) throws -> Panel {
            try Panel(observations: ["A", "B"].enumerated().flatMap { r, region in
                (2010...2017).map { Observation(region: region, indicator: "gdp", year: $0, value: Double(10 * (r + 1) + $0 - 2010),
                                                unit: .hundredMillionCNY, source: "test") }
            } + [Observation(region: "Z", indicator: "gdp", year: 2017, value: 500, unit: zoneUnit, source: "test")])
        }
        let persons = try RegionComparison.build(panel: panel(zoneUnit: .persons), hierarchy: hierarchy, indicator: "gdp",
                                                 regions: ["A", "B"], horizon: 2, model: "linear")
        #expect(persons.warnings == ["Z/gdp: in persons, which cannot be converted to 100m_cny: not used for the shares of Z"])
        // A's share is of the members' sum, 17 / (17 + 27).
        #expect(abs((persons.trajectories[0].share ?? 0) - 17.0 / 44) < 1e-12)
        let converted = try RegionComparison.build(panel: panel(zoneUnit: .hundredMillionCNY), hierarchy: hierarchy, indicator: "gdp",
                                                   regions: ["A", "B"], horizon: 2, model: "linear")
        #expect(converted.warnings.isEmpty)
        #expect(abs((converted.trajectories[0].share ?? 0) - 17.0 / 500) < 1e-12)
    }
}
