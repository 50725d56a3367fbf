import Foundation
import Indicators
import Scenarios

/// The report's provenance (elasticities and every source and rule) and methods sections.
extension ReportContext {
    /// Text quoted from the data or scenario files: marked `lang="en"` in the Chinese report (it is not translated).
    func quoted(_ original: String) -> String {
        language == .zh ? "<span lang=\"en\" class=\"source\">\(escape(original))</span>" : escape(original)
    }

    /// A provenance subject in the report's language: its regions, indicators and target ids by name
    /// where the run knows them, else the subject's code quoted as it is.
    func subject(_ subject: ProvenanceSubject) -> String {
        switch subject {
        case let .series(region, indicator):
            return path([region, indicator]).map(escape) ?? quoted(subject.code)
        case let .driver(region, indicator):
            return path([region, indicator]).map { escape(format(.driverSubject, $0)) } ?? quoted(subject.code)
        case let .elasticity(outcome, driver, _, _, _):
            guard let outcome = part(outcome), let driver = part(driver) else { return quoted(subject.code) }
            return escape(outcome + " ← " + driver)
        case let .factor(name, _, _):
            return factorName(name)
        case let .share(region, zone, _, _, _):
            guard let zone, let city = part(region), let zoneName = part(zone) else { return quoted(subject.code) }
            return escape(format(.shareOf, city, zoneName))
        case let .allocation(targetID, region):
            return path([targetID, region]).map(escape) ?? quoted(subject.code)
        }
    }

    /// A factor's name, the planner's own text: its Chinese name from the scenario file (`nameZh`) in a
    /// Chinese report; else translated where it names a known code or a path of them (`Jiangsu/gdp`) or
    /// reads `A share of B` with A and B known (`Sunan share of Jiangsu`), else quoted as it is.
    private func factorName(_ name: String) -> String {
        if let factor = factor(named: name),
           let text = Localization.fileText(english: factor.name, chinese: factor.nameZh, language) {
            return escape(text)
        }
        if let translated = path(name.components(separatedBy: "/")) { return escape(translated) }
        let share = name.components(separatedBy: " share of ")
        if share.count == 2, let city = part(share[0]), let zone = part(share[1]) { return escape(format(.shareOf, city, zone)) }
        return quoted(name)
    }

    /// A region id, indicator key or target id of the run by its name in the report's language; nil
    /// when the run does not know it.
    private func part(_ code: String) -> String? {
        if names.regions[code] != nil || cellRegions.contains(code) { return region(code) }
        if knownIndicators.contains(code) { return indicator(code) }
        if targetIDs.contains(code) { return code }
        return nil
    }

    /// Known codes by name, joined by ` / `; nil when one of them is unknown.
    private func path(_ codes: [String]) -> String? {
        var parts: [String] = []
        for code in codes {
            guard let part = part(code) else { return nil }
            parts.append(part)
        }
        return parts.joined(separator: " / ")
    }

    /// A detail cell: the numbers, then the text, quoted when it is the files' English in a Chinese report.
    private func detailCell(_ detail: (numbers: String, text: String, quoted: Bool)) -> String {
        escape(detail.numbers) + (detail.quoted ? quoted(detail.text) : escape(detail.text))
    }

    private func detailCell(_ detail: (text: String, quoted: Bool)) -> String {
        detailCell(("", detail.text, detail.quoted))
    }

    func provenanceSection() -> String {
        var lines = ["<p class=\"intro\">\(escape(text(.provenanceIntro))) \(escape(text(.provenanceOriginalText)))</p>"]
        if !run.elasticities.isEmpty {
            lines.append("<h3>\(escape(text(.elasticitiesHeading)))</h3>")
            lines.append("<table><thead><tr><th>\(escape(text(.columnOutcome)))</th><th>\(escape(text(.columnDriver)))</th>"
                         + "<th class=\"num\">\(escape(text(.columnLag)))</th><th class=\"num\">\(escape(text(.columnElasticity)))</th>"
                         + "<th class=\"num\">\(escape(text(.columnStandardError)))</th><th>\(escape(text(.columnSource)))</th></tr></thead><tbody>")
            for elasticity in run.elasticities {
                lines.append("<tr><td>\(escape(indicator(elasticity.outcome)))</td><td>\(escape(indicator(elasticity.driver)))</td>"
                             + "<td class=\"num\">\(elasticity.lag)</td>"
                             + "<td class=\"num\">\(escape(NumberText.significant(elasticity.value)))</td>"
                             + "<td class=\"num\">\(escape(NumberText.significant(elasticity.standardError)))</td>"
                             + "<td>\(detailCell(elasticitySource(elasticity)))</td></tr>")
            }
            lines.append("</tbody></table>")
            lines.append("<p class=\"note\">\(escape(text(.elasticityNote)))</p>")
        }
        lines.append("<h3>\(escape(text(.provenanceHeading)))</h3>")
        lines.append("<table><thead><tr><th>\(escape(text(.columnKind)))</th><th>\(escape(text(.columnSubject)))</th>"
                     + "<th>\(escape(text(.columnDetail)))</th></tr></thead><tbody>")
        for item in run.provenance {
            lines.append("<tr><td class=\"kind\">\(escape(ResultWords.provenanceKind(item.kind, language)))</td><td>\(subject(item.subject))</td>"
                         + "<td>\(detailCell(provenanceDetail(item)))</td></tr>")
        }
        lines.append("</tbody></table>")
        return section(id: "provenance", heading: .provenanceHeading, lines.joined(separator: "\n"))
    }

    func methodsSection() -> String {
        let items: [(ReportStrings.Key, ReportStrings.Key)] = [
            (.methodProjectionTitle, .methodProjection), (.methodUncertaintyTitle, .methodUncertainty),
            (.methodScenariosTitle, .methodScenarios), (.methodElasticityTitle, .methodElasticity),
            (.methodGapsTitle, .methodGaps), (.methodStatusTitle, .methodStatus), (.methodUpliftTitle, .methodUplift),
            (.methodPlanActualTitle, .methodPlanActual), (.methodTrustTitle, .methodTrust),
        ]
        let list = items.map { "<dt>\(escape(text($0.0)))</dt>\n<dd>\(escape(text($0.1)))</dd>" }
        return section(id: "methods", heading: .methodsHeading, "<dl class=\"methods\">\n" + list.joined(separator: "\n") + "\n</dl>")
    }
}
