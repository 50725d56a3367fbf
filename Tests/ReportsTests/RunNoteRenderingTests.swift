import Foundation
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
                           histories: [], warnings: [], notes: notes)
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

    @Test func noNotesNoMention() {
        let names = Runs.handMade.names
        #expect(!ScenarioTables.json(Self.run(notes: [])).contains("\"notes\""))
        #expect(!SummaryReport.markdown(Self.run(notes: []), names: names, language: .en).contains("weakened"))
        #expect(!SummaryReport.markdown(Self.run(notes: []), names: names, language: .zh).contains("降级"))
    }
}
