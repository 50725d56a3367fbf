import Foundation
import Indicators
import Scenarios

/// The report's tables of targets: the gap table, the targets without data and plan versus actual.
extension ReportContext {
    func gapSection() -> String {
        "<p class=\"intro\">\(escape(text(.gapIntro)))</p>\n" + gapTable()
            + "\n<p class=\"note\">\(escape(text(.gapUpliftNote)))</p>"
    }

    func gapTable() -> String {
        var groups: [String] = []
        var byTarget: [String: [GapRow]] = [:]
        for row in testedRows {
            if byTarget[row.targetID] == nil { groups.append(row.targetID) }
            byTarget[row.targetID, default: []].append(row)
        }
        let headers: [(ReportStrings.Key, Bool)] = [
            (.columnTarget, false), (.columnYear, true), (.columnThreshold, true), (.columnGrowth, true), (.columnStatus, false),
            (.columnScenario, false), (.columnMean, true), (.columnInterval80, true), (.columnGap, true), (.columnPMeet, true),
            (.columnFirstYearMet, true), (.columnUplift, true),
        ]
        var lines = ["<div class=\"table-wrap\"><table class=\"gaps\">", "<thead><tr>"
                     + headers.map { "<th\($0.1 ? " class=\"num\"" : "")>\(escape(text($0.0)))</th>" }.joined() + "</tr></thead>", "<tbody>"]
        for id in groups {
            let group = byTarget[id]!
            let span = group.count > 1 ? " rowspan=\"\(group.count)\"" : ""
            // Growth and status depend on the target and its history, not on the scenario: one cell per target
            // (each distinct value, with its scenarios, should they ever differ).
            func distinct<Value: Hashable>(_ value: (GapRow) -> Value) -> [(value: Value, scenarios: [String])] {
                var order: [Value] = []
                var scenarios: [Value: [String]] = [:]
                for row in group {
                    let key = value(row)
                    if scenarios[key] == nil { order.append(key) }
                    scenarios[key, default: []].append(row.scenario)
                }
                return order.map { ($0, scenarios[$0]!) }
            }
            let growths = distinct {
                self.format(.perYear, NumberText.signedRate($0.historicalCAGR)) + " / "
                    + self.format(.perYear, NumberText.signedRate($0.requiredCAGR))
            }
            let statuses = distinct(\.status)
            for (index, row) in group.enumerated() {
                var cells: [String] = []
                if index == 0 {
                    cells.append("<td\(span)><span class=\"code\">\(escape(row.targetID))</span><br/>"
                                 + "\(escape(region(row.region) + " · " + indicator(row.indicator)))</td>")
                    cells.append("<td class=\"num\"\(span)>\(row.targetYear)</td>")
                    cells.append("<td class=\"num\"\(span)>\(escape(threshold(row)))</td>")
                    let growthCell = growths.count == 1 ? escape(growths[0].value)
                        : growths.map { escape($0.scenarios.joined(separator: ", ") + ": " + $0.value) }.joined(separator: "<br/>")
                    cells.append("<td class=\"num wrap\"\(span)>\(growthCell)</td>")
                    let statusCell = statuses.count == 1 ? status(statuses[0].value)
                        : statuses.map { escape($0.scenarios.joined(separator: ", ")) + " " + status($0.value) }.joined(separator: "<br/>")
                    cells.append("<td\(span)>\(statusCell)</td>")
                }
                let gap = row.gap.map { NumberText.signed($0) + " (" + NumberText.signedPercent(row.gapPercent) + ")" } ?? ""
                let probability = NumberText.percentOfDraws(row.pMeet) + (row.pMeetStandardError.map { " ± " + NumberText.percentOfDraws($0) } ?? "")
                let uplift = NumberText.upliftPercent(row.requiredUpliftP50) + " / " + NumberText.upliftPercent(row.requiredUpliftP80)
                cells += [
                    "<td class=\"scenario\" title=\"\(escape(row.scenario))\">\(escape(scenarioLabel(row.scenario)))</td>",
                    "<td class=\"num\">\(escape(NumberText.significant(row.projectedMean)))</td>",
                    "<td class=\"num\">\(escape(NumberText.significant(row.lo80) + "–" + NumberText.significant(row.hi80)))</td>",
                    "<td class=\"num\">\(escape(gap))</td>",
                    "<td class=\"num\">\(escape(probability))</td>",
                    "<td class=\"num\">\(row.firstYearMet.map(String.init) ?? "—")</td>",
                    "<td class=\"num\">\(escape(uplift))</td>",
                ]
                lines.append("<tr\(index == 0 ? " class=\"group-start\"" : "")>" + cells.joined() + "</tr>")
            }
        }
        lines += ["</tbody>", "</table></div>"]
        return lines.joined(separator: "\n")
    }

    func noDataSection() -> String {
        var seen = Set<String>()
        let rows = run.gaps.filter { $0.projectedMean == nil && seen.insert($0.targetID + "|" + $0.region).inserted }
        guard !rows.isEmpty else { return "" }
        let header = [text(.columnTarget), text(.columnRegion), text(.columnIndicator), text(.columnYear), text(.columnThreshold),
                      text(.columnStatus), text(.columnNote)]
        var lines = ["<p class=\"intro\">\(escape(text(.noDataIntro)))</p>", "<div class=\"table-wrap\"><table>",
                     "<thead><tr>" + header.enumerated().map { "<th\([3, 4].contains($0.offset) ? " class=\"num\"" : "")>\(escape($0.element))</th>" }.joined()
                        + "</tr></thead>", "<tbody>"]
        for row in rows {
            let note = row.status == .noData ? text(.noDataNote) : ""
            lines.append("<tr><td class=\"code\">\(escape(row.targetID))</td><td>\(escape(region(row.region)))</td>"
                         + "<td>\(escape(indicator(row.indicator)))</td><td class=\"num\">\(row.targetYear)</td>"
                         + "<td class=\"num\">\(escape(threshold(row)))</td><td>\(status(row.status))</td><td>\(escape(note))</td></tr>")
        }
        lines += ["</tbody>", "</table></div>"]
        return section(id: "no-data", heading: .noDataHeading, lines.joined(separator: "\n"))
    }

    func planVersusActualSection() -> String {
        var lines = ["<p class=\"intro\">\(escape(format(.planActualIntro, String(run.specification.asOf))))</p>"]
        if run.planVersusActual.isEmpty {
            lines.append("<p>\(escape(text(.planActualNone)))</p>")
            return section(id: "plan-actual", heading: .planActualHeading, lines.joined(separator: "\n"))
        }
        let header: [(ReportStrings.Key, Bool)] = [
            (.columnRegion, false), (.columnIndicator, false), (.columnYear, true), (.columnActual, true), (.columnProjected, true),
            (.columnError, true), (.columnErrorPercent, true), (.columnCovered80, false), (.columnCovered95, false),
            (.columnTarget, false), (.columnTargetMet, false),
        ]
        lines.append("<div class=\"table-wrap\"><table>")
        lines.append("<thead><tr>" + header.map { "<th\($0.1 ? " class=\"num\"" : "")>\(escape(text($0.0)))</th>" }.joined() + "</tr></thead>")
        lines.append("<tbody>")
        for row in run.planVersusActual {
            lines.append("<tr><td>\(escape(region(row.region)))</td><td>\(escape(indicator(row.indicator)))</td>"
                         + "<td class=\"num\">\(row.year)</td>"
                         + "<td class=\"num\">\(escape(NumberText.significant(row.actual) + " " + unit(row.unit)))</td>"
                         + "<td class=\"num\">\(escape(NumberText.significant(row.projectedMean)))</td>"
                         + "<td class=\"num\">\(escape(NumberText.signed(row.error)))</td>"
                         + "<td class=\"num\">\(escape(NumberText.signedPercent(row.errorPercent)))</td>"
                         + "<td>\(escape(yesNo(row.covered80)))</td><td>\(escape(yesNo(row.covered95)))</td>"
                         + "<td class=\"code\">\(escape(row.targetID ?? ""))</td><td>\(escape(yesNo(row.targetActuallyMet)))</td></tr>")
        }
        lines += ["</tbody>", "</table></div>"]
        return section(id: "plan-actual", heading: .planActualHeading, lines.joined(separator: "\n"))
    }
}
