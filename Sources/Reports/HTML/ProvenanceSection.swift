import Foundation
import Indicators
import Scenarios

/// The report's provenance (elasticities and every source and rule) and methods sections.
extension ReportContext {
    /// Text quoted from the data or scenario files: marked `lang="en"` in the Chinese report (it is not translated).
    func quoted(_ original: String) -> String {
        language == .zh ? "<span lang=\"en\" class=\"source\">\(escape(original))</span>" : escape(original)
    }

    /// A provenance subject in the report's language where its parts are known regions, indicators or codes.
    func subject(_ subject: String) -> String {
        func part(_ text: String) -> String? {
            if names.regions[text] != nil || cellRegions.contains(text) { return region(text) }
            if knownIndicators.contains(text) { return indicator(text) }
            if targetIDs.contains(text) { return text }
            return nil
        }
        if subject.hasSuffix(" (driver)"), let inner = Optional(String(subject.dropLast(" (driver)".count))),
           let translated = translatedPath(inner, part) {
            return escape(format(.driverSubject, translated))
        }
        if let translated = translatedPath(subject, part) { return escape(translated) }
        let arrow = subject.components(separatedBy: " ← ")
        if arrow.count == 2, let outcome = part(arrow[0]), let driver = part(arrow[1]) { return escape(outcome + " ← " + driver) }
        let share = subject.components(separatedBy: " share of ")
        if share.count == 2, let city = part(share[0]), let zone = part(share[1]) { return escape(format(.shareOf, city, zone)) }
        return quoted(subject)
    }

    private func translatedPath(_ text: String, _ part: (String) -> String?) -> String? {
        let parts = text.components(separatedBy: "/")
        let translated = parts.map(part)
        guard translated.allSatisfy({ $0 != nil }) else { return nil }
        return translated.map { $0! }.joined(separator: " / ")
    }

    func provenanceKind(_ kind: String) -> String {
        switch kind {
        case "data": return text(.provenanceData)
        case "model": return text(.provenanceModel)
        case "elasticity": return text(.provenanceElasticity)
        case "factor": return text(.provenanceFactor)
        case "share": return text(.provenanceShare)
        case "allocation": return text(.provenanceAllocation)
        default: return kind
        }
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
                             + "<td class=\"num\">\(escape(ReportNumber.significant(elasticity.value)))</td>"
                             + "<td class=\"num\">\(escape(ReportNumber.significant(elasticity.standardError)))</td>"
                             + "<td>\(quoted(elasticity.source))</td></tr>")
            }
            lines.append("</tbody></table>")
            lines.append("<p class=\"note\">\(escape(text(.elasticityNote)))</p>")
        }
        lines.append("<h3>\(escape(text(.provenanceHeading)))</h3>")
        lines.append("<table><thead><tr><th>\(escape(text(.columnKind)))</th><th>\(escape(text(.columnSubject)))</th>"
                     + "<th>\(escape(text(.columnDetail)))</th></tr></thead><tbody>")
        for item in run.provenance {
            lines.append("<tr><td class=\"kind\">\(escape(provenanceKind(item.kind)))</td><td>\(subject(item.subject))</td><td>\(quoted(item.detail))</td></tr>")
        }
        lines.append("</tbody></table>")
        return section(id: "provenance", heading: .provenanceHeading, lines.joined(separator: "\n"))
    }

    func methodsSection() -> String {
        let items: [(ReportStrings.Key, ReportStrings.Key)] = [
            (.methodProjectionTitle, .methodProjection), (.methodUncertaintyTitle, .methodUncertainty),
            (.methodScenariosTitle, .methodScenarios), (.methodElasticityTitle, .methodElasticity),
            (.methodGapsTitle, .methodGaps), (.methodStatusTitle, .methodStatus), (.methodUpliftTitle, .methodUplift),
            (.methodPlanActualTitle, .methodPlanActual),
        ]
        let list = items.map { "<dt>\(escape(text($0.0)))</dt>\n<dd>\(escape(text($0.1)))</dd>" }
        return section(id: "methods", heading: .methodsHeading, "<dl class=\"methods\">\n" + list.joined(separator: "\n") + "\n</dl>")
    }
}
