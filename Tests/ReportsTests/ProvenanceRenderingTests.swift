import Foundation
@testable import Reports
@testable import Scenarios
import SunanTestSupport
import Testing

/// The provenance table of the report: every subject by the names of its codes where the run knows
/// them, its code quoted where it does not, and the numbers of the detail as `results.json` states them.
@Suite(.tags(.specification)) struct ProvenanceRenderingTests {
    static let items = [
        ProvenanceItem(kind: .data, subject: .series(region: "Alpha", indicator: "contracts"), detail: "a yearbook"),
        ProvenanceItem(kind: .model, subject: .driver(region: "Alpha", indicator: "budget"), detail: "loglinear"),
        ProvenanceItem(kind: .elasticity, subject: .elasticity(outcome: "contracts", driver: "budget", lag: 1, value: 0.32824,
                                                               standardError: 0.23964), detail: "given"),
        ProvenanceItem(kind: .factor, subject: .factor(name: "Zone share of Alpha", value: 1.1372, standardError: 0.02704),
                       detail: "a rule"),
        ProvenanceItem(kind: .factor, subject: .factor(name: "registration / yearbook basis", value: 2, standardError: 0.5),
                       detail: "a rule"),
        ProvenanceItem(kind: .share, subject: .share(region: "Beta", zone: "Zone", share: 0.34449, relativeError: 0.25,
                                                     basis: "assumption"), detail: "GDP share"),
        ProvenanceItem(kind: .allocation, subject: .allocation(targetID: "T-on-track", region: "Beta"), detail: "a rationale"),
        ProvenanceItem(kind: .data, subject: .series(region: "Elsewhere", indicator: "contracts"), detail: "unknown region"),
    ]

    static func page(_ language: Language) -> String {
        let made = Runs.handMade
        let run = ScenarioRun(specification: made.run.specification, draws: made.run.draws, seed: made.run.seed,
                              years: made.run.years, cells: [], gaps: made.run.gaps, missingData: made.run.missingData, planVersusActual: [],
                              elasticities: [ElasticityUsed(outcome: "contracts", driver: "budget", lag: 1, value: 0.3,
                                                            standardError: 0.1, source: "given")],
                              provenance: items, histories: [])
        let page = HTMLReport.render(run, names: made.names, language: language)
        return page.components(separatedBy: "<section id=\"provenance\">")[1].components(separatedBy: "</section>")[0]
    }

    @Test func chineseNamesForKnownCodes() {
        let zh = Self.page(.zh)
        for cell in ["<td class=\"kind\">数据来源</td><td>甲市 / 合同额</td>",
                     "<td class=\"kind\">模型</td><td>甲市 / budget（驱动指标）</td>",
                     "<td class=\"kind\">弹性</td><td>合同额 ← budget</td>",
                     "<td class=\"kind\">换算因子</td><td>示范区占甲市的份额</td>",
                     "<td class=\"kind\">份额</td><td>乙市占示范区的份额</td>",
                     "<td class=\"kind\">目标分解</td><td>T-on-track / 乙市</td>"] {
            #expect(zh.contains(cell), "\(cell)")
        }
    }

    @Test func unknownCodesAndFreeTextAreQuoted() {
        let zh = Self.page(.zh)
        #expect(zh.contains("<td><span lang=\"en\" class=\"source\">registration / yearbook basis</span></td>"))
        #expect(zh.contains("<td><span lang=\"en\" class=\"source\">Elsewhere/contracts</span></td>"))
        let en = Self.page(.en)
        #expect(en.contains("<td class=\"kind\">data</td><td>Elsewhere/contracts</td>"))
        #expect(en.contains("<td class=\"kind\">share</td><td>Beta share of Zone</td>"))
    }

    @Test func detailsStateTheirNumbersAsResultsJSONDoes() {
        let en = Self.page(.en)
        #expect(en.contains("<td>0.3282 (s.e. 0.2396), lag 1: given</td>"))
        #expect(en.contains("<td>1.1372 (s.e. 0.027): a rule</td>"))
        #expect(en.contains("<td>0.3445 (±25 %, assumption): GDP share</td>"))
        #expect(en.contains("<td>a rationale</td>"))
        #expect(ScenarioTables.provenanceDetail(Self.items[3]) == "1.1372 (s.e. 0.027): a rule")
    }
}
