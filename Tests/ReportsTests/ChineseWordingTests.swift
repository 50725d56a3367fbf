import Forecasting
import Foundation
import Indicators
@testable import Reports
@testable import Scenarios
import SunanTestSupport
import Testing

/// The Chinese renderings of what the engine and the files state in English: model names, data
/// sources, and the provenance of models, elasticities, factors, shares and allocations.
@Suite("Chinese wording of models, sources and provenance", .tags(.specification))
struct ChineseWordingTests {
    @Test("model names: Chinese for a family and an auto label, the codes unchanged in English",
          arguments: [("loglinear", "对数线性趋势"),
                      ("auto: median(holt, theta5-log, ses-drift-fixed)", "自动：霍尔特趋势、对数θ法（θ=5）、漂移指数平滑（定参）的中位数"),
                      ("auto: local", "自动：局部线性趋势"), ("my-model", "my-model")])
    func modelNames(_ code: String, _ chinese: String) {
        #expect(ModelNames.text(code, .zh) == chinese)
        #expect(ModelNames.text(code, .en) == code)
    }

    @Test("every model family of the catalog and every member of auto has a Chinese name")
    func everyModelHasAChineseName() {
        for name in ModelCatalog.names { #expect(ModelNames.chineseName(of: name) != nil, "\(name)") }
        for member in AutoMember.allCases { #expect(ModelNames.chineseName(of: member.rawValue) != nil, "\(member)") }
    }

    @Test("every source cited in the shipped data has a Chinese form, or is a web address")
    func shippedSourcesHaveChineseForms() throws {
        let reading = PanelLoader.read(paths: ["china-provinces-st-panel.csv", "sunan-cities.csv"].map { Repository.path("notebooks-data/\($0)") })
        let sources = Set(reading.panel.observations.map(\.source))
        #expect(sources.count > 5)
        for source in sources {
            let chinese = SourceNames.text(source, .zh)
            #expect(chinese != nil, "no Chinese form for ‘\(source)’")
            #expect(chinese.map { !Localization.hasLatinLetters($0.replacingOccurrences(of: "CSMAR", with: "").replacingOccurrences(of: "CEIC", with: "")) || SourceNames.isWebAddress($0) } == true,
                    "\(chinese ?? "")")
        }
        #expect(SourceNames.text("a yearbook", .zh) == nil)
        #expect(SourceNames.text("南京市统计局", .zh) == "南京市统计局")
        #expect(SourceNames.text("a yearbook", .en) == "a yearbook")
    }

    static func context(_ language: Language) -> ReportContext {
        ReportContext(run: Runs.synthetic.run, names: Runs.synthetic.names, language: language)
    }

    @Test("a model's provenance in Chinese from its fit: the model, the years and the trend's growth")
    func modelProvenance() throws {
        let item = try #require(Runs.synthetic.run.provenance.first { $0.kind == .model })
        guard case let .model(fit)? = item.facts else { Issue.record("no fit in \(item)"); return }
        #expect(fit.model == "loglinear" && fit.years == 2008...2017 && fit.observationCount == 10)
        let growth = try #require(fit.trendGrowth)
        let detail = Self.context(.zh).provenanceDetail(item)
        #expect(detail == ("", "对数线性趋势，2008–2017年（10个年份），趋势增长率" + NumberText.percent(growth, .zh) + "/年", false))
        #expect(item.detail == String(format: "loglinear, 2008–2017 (10 years), trend growth %.1f %%/yr", growth * 100))
        #expect(Self.context(.en).provenanceDetail(item) == ("", item.detail, false))
    }

    @Test("a short series' model in Chinese: the rule that projected it and the family it was too short for", arguments: ShortSeriesRule.allCases)
    func shortSeriesProvenance(rule: ShortSeriesRule) {
        let fit = ModelFit(model: "auto: naive", years: 2017...2017, observationCount: 1, trendGrowth: nil, trendSlope: nil,
                           shortSeries: rule, replaced: ReplacedModel(family: "loglinear", needed: 3), calibration: nil)
        let item = ProvenanceItem(kind: .model, subject: .series(region: "Alpha", indicator: "contracts"), detail: "auto: naive …",
                                  facts: .model(fit))
        let text = Self.context(.zh).provenanceDetail(item).text
        #expect(text.hasPrefix("自动：末值延续，2017–2017年（1个年份），序列过短：" + ReportContext.shortSeries(rule)), "\(text)")
        #expect(text.hasSuffix("（对数线性趋势至少需要3个观测值，改用自动模型）"), "\(text)")
        #expect(!Localization.hasLatinLetters(text), "\(text)")
    }

    @Test("auto's calibration in Chinese: the pool's inflation, its check or the default, and the own-growth weight",
          arguments: [AutoCalibration(inflation: 1.1, checkPoints: 36, ownGrowthWeight: 0.834, defaultLaw: false),
                      AutoCalibration(inflation: 1.3, checkPoints: 0, ownGrowthWeight: nil, defaultLaw: false),
                      AutoCalibration(inflation: 1.3, checkPoints: 0, ownGrowthWeight: nil, defaultLaw: true)])
    func calibrationProvenance(calibration: AutoCalibration) {
        let fit = ModelFit(model: "auto: median of 8", years: 2010...2017, observationCount: 8, trendGrowth: nil, trendSlope: nil,
                           shortSeries: nil, replaced: nil, calibration: calibration)
        let item = ProvenanceItem(kind: .model, subject: .series(region: "Alpha", indicator: "contracts"), detail: "auto …",
                                  facts: .model(fit))
        let text = Self.context(.zh).provenanceDetail(item).text
        let widened = calibration.defaultLaw ? "，区间采用默认的自由度为4的分布（汇集的误差太少，无法学得误差分布）"
            : calibration.checkPoints > 0 ? "，区间放大1.1倍（本指标自身检验，36个点）" : "，区间放大1.3倍（默认值：六年以上的序列太少，无法检验）"
        #expect(text.contains("区间放大") != calibration.defaultLaw, "\(text)")
        #expect(text.contains(widened), "\(text)")
        #expect(text.contains("自身增长率权重0.83") == (calibration.ownGrowthWeight != nil), "\(text)")
        #expect(!Localization.hasLatinLetters(text), "\(text)")
    }

    @Test("an estimated elasticity in Chinese: the regression, the sample and the standard error")
    func estimatedElasticity() {
        let estimation = ElasticityEstimation(lag: 1, regionCount: 31, years: 2012...2017, observationCount: 181,
                                              clusteredByRegion: true, degreesOfFreedom: 30)
        #expect(ReportContext.estimation(estimation)
                == "跨地区双向固定效应最小二乘回归：结果指标的对数对滞后1年的驱动指标对数回归，含地区与年份效应；31个地区，2012–2017年，181个观测值；标准误按地区聚类（自由度30）")
        let item = ProvenanceItem(kind: .elasticity, subject: .elasticity(outcome: "contracts", driver: "budget", lag: 1, value: 0.32824,
                                                                          standardError: 0.23964),
                                  detail: "two-way fixed-effects OLS …", facts: .estimatedElasticity(estimation))
        let detail = Self.context(.zh).provenanceDetail(item)
        #expect(detail.numbers == "0.3282（标准误0.2396），滞后1年：" && detail.text == ReportContext.estimation(estimation) && !detail.quoted)
    }

    @Test("factors and shares take the file's Chinese rule; without one the English rule is quoted")
    func rulesFromTheFile() throws {
        let run = Runs.synthetic.run
        let factor = try #require(run.provenance.first { $0.kind == .factor })
        #expect(Self.context(.zh).provenanceDetail(factor) == ("0.8（标准误0.02）：", "synthetic share <&>", true))
        let share = try #require(run.provenance.first { $0.kind == .share })
        #expect(Self.context(.zh).provenanceDetail(share) == ("0.5（±10%，依据观测值）：", "synthetic", true))
        var specification = run.specification
        specification.projections[0].targetSeries?.factors[0].ruleZh = "合成份额"
        specification.projections[0].memberShares?.shares[0].ruleZh = "合成"
        let translated = ScenarioRun(specification: specification, draws: run.draws, seed: run.seed, years: run.years, cells: run.cells,
                                     gaps: run.gaps, missingData: run.missingData, planVersusActual: run.planVersusActual,
                                     elasticities: run.elasticities,
                                     provenance: run.provenance, histories: run.histories)
        let context = ReportContext(run: translated, names: Runs.synthetic.names, language: .zh)
        #expect(context.provenanceDetail(factor) == ("0.8（标准误0.02）：", "合成份额", false))
        #expect(context.provenanceDetail(share) == ("0.5（±10%，依据观测值）：", "合成", false))
    }

    @Test("an allocated target in Chinese: the zone target times the city's share of its threshold")
    func allocation() throws {
        let run = Runs.synthetic.run
        let item = try #require(run.provenance.first { $0.kind == .allocation })
        guard case let .allocation(targetID, region) = item.subject else { Issue.record("\(item)"); return }
        let zone = try #require(run.gaps.first { $0.targetID == targetID && $0.scenario == "baseline" })
        let city = try #require(run.gaps.first { $0.targetID == targetID + "/" + region && $0.scenario == "baseline" })
        let share = NumberText.fixed(city.targetLow / zone.targetLow * 100, decimals: 2)
        #expect(Self.context(.zh).provenanceDetail(item) == ("", "\(targetID) × \(share)%（该市在2020年基准情景预测中占区域的份额）", false))
        #expect(item.detail.hasPrefix("\(targetID) × \(share) %"))
    }

    @Test("an equal-growth allocation in Chinese states the common growth and its first year, as the English does")
    func equalGrowthAllocation() throws {
        let (run, names) = Runs.syntheticEqualGrowth
        let items = run.provenance.filter { $0.kind == .allocation }
        #expect(items.count == 3)
        let context = ReportContext(run: run, names: names, language: .zh)
        for item in items {
            // The engine's English: "T2020-contracts reached by every city growing 12.34 %/yr from 2019 (…)".
            let english = try #require(item.detail.firstMatch(of: /growing ([0-9.]+) %\/yr from ([0-9]{4})/))
            let chinese = context.provenanceDetail(item).text
            #expect(chinese.contains("各市自\(english.2)年起每年增长\(english.1)%"), "\(chinese) | \(item.detail)")
        }
    }

    @Test("the Chinese provenance of the default scenario quotes nothing")
    func defaultScenarioQuotesNothing() {
        let page = HTMLReport.render(Runs.sunan.run, names: Runs.sunan.names, language: .zh)
        let provenance = page.components(separatedBy: "<section id=\"provenance\">")[1].components(separatedBy: "</section>")[0]
        #expect(!provenance.contains("lang=\"en\""))
        #expect(provenance.contains("《中国科技统计年鉴》"))
    }

    @Test("thresholds in the printed table are symbols in both languages: no ‘range’, no ‘>=’", arguments: Language.allCases)
    func thresholdsInThePrintedTable(_ language: Language) {
        let table = SummaryReport.table(Runs.handMade.run, names: Runs.handMade.names, language: language)
        let thresholds = table.rows.map { $0[2] }
        #expect(thresholds == ["> 500", "≥ 374.8", "80–120", "≈ 2000", "≥ 0.5"])
        #expect(table.header.suffix(3) == ["baseline", "plus10", language == .zh ? "评估" : "status"])
    }
}
