import Foundation
import Indicators
import Scenarios

/// The report's header (settings, key results, scenarios) and its table of contents.
extension ReportContext {
    func header() -> String {
        let specification = run.specification
        let noData = Set(run.missingData.map(\.targetID)).count
        let tested = Set(testedRows.map(\.targetID)).count
        var lines = ["<header>", "<h1>\(escape(title))</h1>"]
        lines.append("<p class=\"lead\">" + escape(format(.summaryLine, String(specification.asOf), String(specification.horizonYear),
                                                          String(specification.scenarios.count), String(run.draws),
                                                          String(run.seed))) + "</p>")
        if language == .en, !specification.description.isEmpty {
            lines.append("<p>\(escape(specification.description))</p>")
        }
        let facts: [(ReportStrings.Key, String)] = [
            (.factAsOf, String(specification.asOf)), (.factHorizon, String(specification.horizonYear)),
            (.factScenarios, String(specification.scenarios.count)), (.factDraws, String(run.draws)),
            (.factSeed, String(run.seed)), (.factTargetsTested, String(tested)), (.factTargetsWithoutData, String(noData)),
        ]
        lines.append("<ul class=\"facts\">")
        lines += facts.map { "<li><b>\(escape(text($0.0)))</b><span>\(escape($0.1))</span></li>" }
        lines.append("</ul>")
        lines.append("<h2>\(escape(text(.keyResults)))</h2>")
        let key = testedRows.filter { $0.scenario == baseline && !$0.targetID.contains("/") }
        if key.isEmpty {
            lines.append("<p>\(escape(text(.noTestedTargets)))</p>")
        } else {
            lines.append("<ul class=\"key\">")
            for row in key {
                let interval = NumberText.significant(row.lo80) + "–" + NumberText.significant(row.hi80)
                let sentence = format(.keyResultLine, region(row.region) + " · " + indicator(row.indicator), threshold(row),
                                      String(row.targetYear), NumberText.significant(row.projectedMean), interval,
                                      NumberText.percentOfDraws(row.pMeet))
                lines.append("<li><span class=\"code\">\(escape(row.targetID))</span> \(escape(sentence)) \(status(row.status))</li>")
            }
            lines.append("</ul>")
        }
        lines.append("<h2>\(escape(text(.scenariosHeading)))</h2>")
        lines.append("<table><thead><tr><th>\(escape(text(.scenarioCode)))</th><th>\(escape(text(.scenarioLabel)))</th>"
                     + "<th>\(escape(text(.scenarioDescription)))</th></tr></thead><tbody>")
        for scenario in specification.scenarios {
            lines.append("<tr><td class=\"code\">\(escape(scenario.name))</td><td>\(escape(scenarioLabel(scenario.name)))</td>"
                         + "<td>\(escape(scenarioDescription(scenario)))</td></tr>")
        }
        lines.append("</tbody></table>")
        lines.append("</header>")
        return lines.joined(separator: "\n")
    }

    func contents() -> String {
        var items: [(String, ReportStrings.Key)] = []
        if comparisonSeries != nil { items.append(("comparison", .comparisonHeading)) }
        if cityPanels.count > 1 { items.append(("cities", .citiesHeading)) }
        items += [("fan", .fanHeading), ("gaps", .gapHeading), ("no-data", .noDataHeading), ("plan-actual", .planActualHeading),
                  ("provenance", .provenanceHeading), ("methods", .methodsHeading)]
        let links = items.map { "<li><a href=\"#\($0.0)\">\(escape(text($0.1)))</a></li>" }
        return "<nav><h2>\(escape(text(.contents)))</h2><ol>\n\(links.joined(separator: "\n"))\n</ol></nav>"
    }
}
