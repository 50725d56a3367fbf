import Foundation
import Indicators
import Scenarios

/// The report's header (settings, the overview of every tested target and the targets at risk, the
/// scenarios) and its table of contents.
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
        lines.append(overview())
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
        var items: [(String, ReportStrings.Key)] = [("overview", .overviewHeading)]
        if comparisonSeries != nil { items.append(("comparison", .comparisonHeading)) }
        if cityPanels.count > 1 { items.append(("cities", .citiesHeading)) }
        items += [("fan", .fanHeading), ("gaps", .gapHeading), ("no-data", .noDataHeading), ("plan-actual", .planActualHeading)]
        if !run.notes.isEmpty { items.append(("run-notes", .runNotesHeading)) }
        items += [("provenance", .provenanceHeading), ("methods", .methodsHeading)]
        let links = items.map { "<li><a href=\"#\($0.0)\">\(escape(text($0.1)))</a></li>" }
        return "<nav><h2>\(escape(text(.contents)))</h2><ol>\n\(links.joined(separator: "\n"))\n</ol></nav>"
    }

    /// The overview, as `summary.md` opens with it: every tested target with its threshold, unit,
    /// baseline projection and 80 % interval (counts whole), the probability of meeting it under each
    /// scenario and the baseline status; then the targets at risk.
    func overview() -> String {
        let facts = RunFacts(run, names: names)
        let overview = TargetOverview(facts)
        var lines = ["<h2 id=\"overview\">\(escape(text(.overviewHeading)))</h2>"]
        guard !overview.entries.isEmpty else {
            lines.append("<p>\(escape(text(.noTestedTargets)))</p>")
            return lines.joined(separator: "\n")
        }
        lines.append("<p class=\"intro\">\(escape(text(.overviewIntro)))</p>")
        let header = overview.header(language)
        let numeric = Set([3, 4]).union(6..<(header.count - 1))
        lines.append("<div class=\"table-wrap\"><table class=\"overview\">")
        lines.append("<thead><tr>" + header.enumerated().map { "<th\(numeric.contains($0.offset) ? " class=\"num\"" : "")>\(escape($0.element))</th>" }
            .joined() + "</tr></thead>")
        lines.append("<tbody>")
        for (entry, cells) in zip(overview.entries, overview.rows(names: names, language)) {
            var row = "<tr><td class=\"code\">\(escape(cells[0]))</td>"
            for (index, cell) in cells.enumerated().dropFirst().dropLast() {
                row += "<td\(numeric.contains(index) ? " class=\"num\"" : "")>\(escape(cell))</td>"
            }
            lines.append(row + "<td>\(status(entry.baseline.status))</td></tr>")
        }
        lines += ["</tbody>", "</table></div>"]
        lines.append("<h3>\(escape(text(.atRiskHeading)))</h3>")
        let risks = SummaryReport.riskItems(overview, facts: facts, language)
        if let only = risks.first, risks.count == 1, only.id == nil {
            lines.append("<p>\(escape(only.text))</p>")
        } else {
            lines.append("<ul class=\"key\">")
            lines += risks.map { "<li><span class=\"code\">\(escape($0.id ?? ""))</span>\(escape($0.text))</li>" }
            lines.append("</ul>")
        }
        return lines.joined(separator: "\n")
    }
}
