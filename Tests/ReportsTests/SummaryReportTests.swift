import Foundation
import Indicators
@testable import Reports
@testable import Scenarios
import SunanTestSupport
import Testing

/// `summary.md` as issue 13 asks for it: an overview table of every tested target first, the targets at
/// risk, one paragraph per target group with each caveat once as a numbered note, plan versus actual,
/// the targets without data summarised once; counts as whole numbers in the summary, the report and
/// the printed table; the English summary of the default run at most 1,500 words.
@Suite("summary.md: overview first, groups with numbered notes, counts whole", .tags(.specification))
struct SummaryReportTests {
    static func summary(_ runs: (run: ScenarioRun, names: NameBook), _ language: Language) -> String {
        SummaryReport.markdown(runs.run, names: runs.names, language: language)
    }

    /// The lines of the first Markdown table of `text`, without the separator line.
    static func firstTable(_ text: String) -> [[String]] {
        let lines = text.split(separator: "\n").map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("| ") }) else { return [] }
        return lines[start...].prefix { $0.hasPrefix("|") }.filter { !$0.hasPrefix("|---") }.map { line in
            line.dropFirst(2).dropLast(2).components(separatedBy: " | ")
        }
    }

    @Test("the summary opens with the overview: one row per tested target in run order, a column per scenario, the status last",
          arguments: Language.allCases)
    func overviewFirst(_ language: Language) {
        let (run, names) = Runs.sunan
        let text = Self.summary(Runs.sunan, language)
        let headings = text.split(separator: "\n").filter { $0.hasPrefix("## ") }
        #expect(headings.first == (language == .zh ? "## 总览" : "## Overview"))
        let table = Self.firstTable(text)
        let scenarios = run.specification.scenarios.map(\.name)
        #expect(table.first.map { Array($0.suffix(scenarios.count + 1).dropLast()) } == scenarios)
        let baseline = run.gaps.filter { $0.scenario == "baseline" && $0.pMeet != nil }
        #expect(table.dropFirst().map { $0[0] } == baseline.map(\.targetID))
        #expect(table.dropFirst().map { $0.last } == baseline.map { ResultWords.status($0.status, language) })
        #expect(table.dropFirst().map { $0[1] } == baseline.map { names.region($0.region, language) })
        // The overview comes before the target groups, the targets at risk between them.
        let atRisk = text.range(of: language == .zh ? "### 风险目标" : "### Targets at risk")
        let groups = text.range(of: language == .zh ? "## 分目标说明" : "## Target by target")
        #expect(atRisk != nil && groups != nil && atRisk!.lowerBound < groups!.lowerBound)
    }

    /// `row` under `scenario` with the probability `pMeet` (and the status it gives).
    static func row(_ row: GapRow, scenario: String, pMeet: Double) -> GapRow {
        GapRow(scenario: scenario, targetID: row.targetID, region: row.region, indicator: row.indicator, targetYear: row.targetYear,
               basis: row.basis, measure: row.measure, comparator: row.comparator, tolerance: row.tolerance, unit: row.unit,
               projectedMean: row.projectedMean, projectedMedian: row.projectedMedian, lo80: row.lo80, hi80: row.hi80, lo95: row.lo95, hi95: row.hi95, gap: row.gap,
               gapPercent: row.gapPercent, pMeet: pMeet, pMeetStandardError: 0, firstYearMet: row.firstYearMet,
               historicalCAGR: row.historicalCAGR, requiredCAGR: row.requiredCAGR, status: TargetStatus(pMeet: pMeet),
               pace: row.pace, requiredUpliftP50: row.requiredUpliftP50, requiredUpliftP80: row.requiredUpliftP80,
               derivation: row.derivation)
    }

    @Test("at risk: at risk, unlikely or missed under the baseline, or below 50 % under some scenario")
    func targetsAtRisk() throws {
        let base = Runs.handMade.run
        // T-on-track is likely under the baseline (90 %) but falls to 40 % under plus10.
        let onTrack = try #require(base.gaps.first { $0.targetID == "T-on-track" })
        let run = ScenarioRun(specification: base.specification, draws: base.draws, seed: base.seed, years: base.years, cells: [],
                              gaps: base.gaps + [Self.row(onTrack, scenario: "plus10", pMeet: 0.4)], missingData: base.missingData,
                              planVersusActual: [], elasticities: [], provenance: [], histories: [])
        let overview = TargetOverview(RunFacts(run, names: Runs.handMade.names))
        #expect(overview.risks.map(\.entry.id) == ["T-on-track", "T-limited", "T-deterioration"])
        #expect(overview.risks[0].scenariosBelowHalf.map(\.scenario.name) == ["plus10"])
        let text = SummaryReport.markdown(run, names: Runs.handMade.names, language: .en)
        let list = text.components(separatedBy: "### Targets at risk\n\n")[1].components(separatedBy: "\n\n")[0]
        #expect(list.split(separator: "\n").map { String($0.prefix(20)) } == ["- **T-on-track** (co", "- **T-limited** (con", "- **T-deterioration*"])
        #expect(list.contains("below 50 % under +10 %/yr (40 %)"))
        #expect(Self.summary(Runs.sunan, .en).contains("No target is at risk") == TargetOverview(RunFacts(Runs.sunan.run, names: Runs.sunan.names)).risks.isEmpty)
    }

    @Test("one paragraph per target group (a zone target and its cities); each caveat once, as a numbered note that is referred to",
          arguments: Language.allCases)
    func groupsAndNotes(_ language: Language) throws {
        let run = Runs.sunan.run
        let text = Self.summary(Runs.sunan, language)
        let body = text.components(separatedBy: language == .zh ? "## 分目标说明\n" : "## Target by target\n")[1]
            .components(separatedBy: language == .zh ? "\n## 注\n" : "\n## Notes\n")
        let groups = Set(run.gaps.filter { $0.pMeet != nil }.map { String($0.targetID.split(separator: "/")[0]) })
        let headings = body[0].split(separator: "\n").filter { $0.hasPrefix("### ") }
        #expect(headings.count == groups.count)
        #expect(groups.allSatisfy { id in headings.contains { $0.contains(id) } })
        let notes = body[1].components(separatedBy: "\n## ")[0].split(separator: "\n").filter { $0.first?.isNumber == true }
        #expect(notes.count >= 3, "the derived series, the shares or derived targets, the elasticity")
        #expect(notes.enumerated().allSatisfy { $0.element.hasPrefix("\($0.offset + 1). ") })
        #expect(Set(notes.map { $0.drop { $0 != " " } }).count == notes.count, "no note twice")
        for number in 1...notes.count {
            let reference = language == .zh ? try Regex("见注[0-9、]*\\b\(number)\\b") : try Regex("See notes? [0-9, ]*\\b\(number)\\b")
            #expect(body[0].contains(reference), "note \(number) is referred to")
        }
        // The caveats are stated in the notes only, once.
        let association = language == .zh ? "并非已证实的因果效应" : "not a proven causal effect"
        #expect(text.components(separatedBy: association).count == 2)
        let derived = language == .zh ? "不是观测值，而是推算值" : "is derived, not observed"
        #expect(text.components(separatedBy: derived).count == 2)
    }

    @Test("plan versus actual: the coverage of both intervals and the targets the data reach", arguments: Language.allCases)
    func planVersusActual(_ language: Language) {
        let run = Runs.sunan.run
        let coverage = run.planVersusActualCoverage
        let text = Self.summary(Runs.sunan, language).components(separatedBy: language == .zh ? "## 预测与实际对照\n\n" : "## Plan versus actual\n\n")[1]
        #expect(coverage.rows > 0)
        #expect(text.contains(language == .zh ? "做\(coverage.rows)次对照" : "allow \(coverage.rows) comparisons"))
        #expect(text.contains(language == .zh ? "覆盖实际值\(coverage.covered80)次" : "actual value \(coverage.covered80) times"))
        for check in run.planVersusActual.flatMap(\.targets) { #expect(text.contains(check.targetID)) }
    }

    @Test("the targets without data are summarised once: their count, missing-data.csv and sunan template; no line per target",
          arguments: Language.allCases)
    func untestedOnce(_ language: Language) {
        let run = Runs.sunan.run
        let text = Self.summary(Runs.sunan, language)
        let noData = Set(run.missingData.map(\.targetID))
        #expect(noData.count > 10)
        #expect(text.contains(language == .zh ? "\(noData.count)项目标缺少数据" : "\(noData.count) targets lack data"))
        #expect(text.components(separatedBy: "missing-data.csv").count == 2)
        #expect(text.components(separatedBy: "sunan template").count == 2)
        #expect(noData.allSatisfy { !text.contains($0) })
    }

    @Test("the English summary of the default run has at most 1,500 words; the Chinese one has every section too")
    func length() {
        let english = Self.summary(Runs.sunan, .en)
        let words = english.split(whereSeparator: \.isWhitespace).count
        #expect(words <= 1_500, "\(words) words")
        let chinese = Self.summary(Runs.sunan, .zh)
        for heading in ["## 总览", "### 风险目标", "## 分目标说明", "## 注", "## 预测与实际对照", "## 暂无法测算的目标"] {
            #expect(chinese.contains("\n\(heading)"), "\(heading)")
        }
    }

    @Test("the line above the scenarios gives the driver's own record, so a required uplift can be read against it",
          arguments: Language.allCases)
    func driverRecord(_ language: Language) {
        // Jiangsu's S&T budget 2012–2017 in the shipped panel: 257.2375 → 428.009 (100 million yuan), so
        // (428.009 / 257.2375)^(1/5) − 1 = 10.72 % a year; the largest rise is 2013's 302.5912 / 257.2375 − 1 = 17.63 %.
        let text = Self.summary(Runs.sunan, language)
        let expected = language == .zh ? "该指标2012–2017年年均增长10.7%，单年最大增幅17.6%）："
                                       : "which grew 10.7 % a year over 2012–2017, its largest one-year rise 17.6 %):"
        #expect(text.contains(expected))
    }

    /// Whether `text` is a whole number (with an optional minus sign).
    static func isWhole(_ text: String) -> Bool { text.wholeMatch(of: /[-−]?[0-9]+/) != nil }

    @Test("projections of counts are whole numbers in the summary, the printed table and the report; others keep their digits",
          arguments: Language.allCases)
    func countsWhole(_ language: Language) throws {
        let (run, names) = Runs.semantics
        let baseline = run.gaps.filter { $0.scenario == "baseline" && $0.pMeet != nil }
        let isCount = baseline.map { UnitOfMeasure.parse($0.unit).isCount }
        #expect(isCount.contains(true) && isCount.contains(false))
        // A count projected with decimals, so that rounding is seen.
        #expect(baseline.contains { UnitOfMeasure.parse($0.unit).isCount && $0.projectedMean! != $0.projectedMean!.rounded() })
        let overview = Self.firstTable(SummaryReport.markdown(run, names: names, language: language)).dropFirst()
        let printed = SummaryReport.table(run, names: names, language: language).rows
        for ((row, count), (cells, line)) in zip(zip(baseline, isCount), zip(overview, printed)) {
            let projection = cells[6].split { "（）() –".contains($0) }.map(String.init)
            if count {
                #expect(projection.count == (row.lo80 == nil ? 1 : 3) && projection.allSatisfy(Self.isWhole), "\(row.targetID): \(cells[6])")
                #expect(Self.isWhole(line[3]), "\(row.targetID): \(line[3])")
            } else {
                // The headline is the median (on the target's side exactly when the chance is ≥ 50 %), not the mean.
                #expect(line[3] == NumberText.trimmed(row.projectedMedian))
                #expect(projection.first == Localization.amount(row.projectedMedian, unit: row.unit), "\(row.targetID): \(cells[6])")
            }
        }
        let page = HTMLReport.gapTable(run, names: names, language: language)
        // A count whose four significant digits show decimals (249.8 rather than 250).
        let countRow = try #require(baseline.first {
            UnitOfMeasure.parse($0.unit).isCount && NumberText.significant($0.projectedMean) != Localization.amount($0.projectedMean, unit: $0.unit)
        })
        let cells = page.components(separatedBy: ">\(countRow.targetID)<")[1].components(separatedBy: "</tr>")[0]
        #expect(cells.contains("<td class=\"num\">\(Localization.amount(countRow.projectedMean, unit: countRow.unit))</td>"))
        #expect(!cells.contains(NumberText.significant(countRow.projectedMean)))
    }
}
