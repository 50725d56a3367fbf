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
            (.columnTarget, false), (.columnYear, true), (.columnThreshold, true), (.columnGrowth, true), (.columnPace, false),
            (.columnScenario, false), (.columnMedian, true), (.columnInterval80, true), (.columnGap, true), (.columnPMeet, true),
            (.columnStatus, false), (.columnFirstYearMet, true), (.columnUplift, true),
        ]
        var lines = ["<div class=\"table-wrap\"><table class=\"gaps\">", "<thead><tr>"
                     + headers.map { "<th\($0.1 ? " class=\"num\"" : "")>\(escape(text($0.0)))</th>" }.joined() + "</tr></thead>", "<tbody>"]
        for id in groups {
            let group = byTarget[id]!
            let span = group.count > 1 ? " rowspan=\"\(group.count)\"" : ""
            // Growth and pace depend on the target and its history, not on the scenario: one cell per target
            // (each distinct value, with its scenarios, should they ever differ); the status is per scenario.
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
            let paces = distinct(\.pace)
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
                    func paceWord(_ value: TargetPace?) -> String { value.map { escape(ResultWords.pace($0, language)) } ?? "—" }
                    let paceCell = paces.count == 1 ? paceWord(paces[0].value)
                        : paces.map { escape($0.scenarios.joined(separator: ", ")) + " " + paceWord($0.value) }.joined(separator: "<br/>")
                    cells.append("<td\(span)>\(paceCell)</td>")
                }
                let gap = row.gap.map { signedAmount($0, unit: row.unit) + " (" + NumberText.signedPercent(row.gapPercent) + ")" } ?? ""
                let probability = NumberText.percentOfDraws(row.pMeet) + (row.pMeetStandardError.map { " ± " + NumberText.percentOfDraws($0) } ?? "")
                let uplift = NumberText.upliftPercent(row.requiredUpliftP50) + " / " + NumberText.upliftPercent(row.requiredUpliftP80)
                cells += [
                    "<td class=\"scenario\" title=\"\(escape(row.scenario))\">\(escape(scenarioLabel(row.scenario)))</td>",
                    "<td class=\"num\">\(escape(amount(row.projectedMedian, unit: row.unit)))</td>",
                    "<td class=\"num\">\(escape(amount(row.lo80, unit: row.unit) + "–" + amount(row.hi80, unit: row.unit)))</td>",
                    "<td class=\"num\">\(escape(gap))</td>",
                    "<td class=\"num\">\(escape(probability))</td>",
                    "<td>\(status(row.status))</td>",
                    "<td class=\"num\">\(row.firstYearMet.map(String.init) ?? "—")</td>",
                    "<td class=\"num\">\(escape(uplift))</td>",
                ]
                lines.append("<tr\(index == 0 ? " class=\"group-start\"" : "")>" + cells.joined() + "</tr>")
            }
        }
        lines += ["</tbody>", "</table></div>"]
        return lines.joined(separator: "\n")
    }

    /// The targets without data, once each: a compact table of one row per target (the regions it binds
    /// together, the union of their years to supply), under a note on `missing-data.csv` and `sunan template`.
    func noDataSection() -> String {
        var order: [String] = []
        var byTarget: [String: [MissingDataEntry]] = [:]
        for entry in run.missingData {
            if byTarget[entry.targetID] == nil { order.append(entry.targetID) }
            byTarget[entry.targetID, default: []].append(entry)
        }
        guard !order.isEmpty else { return "" }
        let header: [(ReportStrings.Key, Bool)] = [(.columnTarget, false), (.columnIndicator, false), (.columnRegions, false),
                                                  (.columnYear, true), (.columnThreshold, true), (.columnYearsToSupply, false)]
        var lines = ["<p class=\"intro\">\(escape(text(.noDataIntro)))</p>", "<div class=\"table-wrap\"><table>",
                     "<thead><tr>" + header.map { "<th\($0.1 ? " class=\"num\"" : "")>\(escape(text($0.0)))</th>" }.joined() + "</tr></thead>",
                     "<tbody>"]
        for id in order {
            let entries = byTarget[id]!, entry = entries[0]
            let regions = entries.map { region($0.region) }.joined(separator: language == .zh ? "、" : ", ")
            let years = Array(Set(entries.flatMap(\.years))).sorted()
            let supply = (years.isEmpty ? "—" : Self.yearSpans(years)) + " (" + unit(entry.unit) + ")"
            lines.append("<tr><td class=\"code\">\(escape(id))</td><td>\(escape(indicator(entry.indicator)))</td>"
                         + "<td>\(escape(regions))</td><td class=\"num\">\(entry.targetYear)</td>"
                         + "<td class=\"num\">\(escape(threshold(entry.comparator, unit: entry.unit)))</td><td>\(escape(supply))</td></tr>")
        }
        lines += ["</tbody>", "</table></div>"]
        return section(id: "no-data", heading: .noDataHeading, lines.joined(separator: "\n"))
    }

    /// Years as spans: `2015–2017, 2019`.
    static func yearSpans(_ years: [Int]) -> String {
        var spans: [String] = []
        var start = years.first, previous = years.first
        for year in years.dropFirst() + [Int.max] {
            guard let first = start, let last = previous else { break }
            if year == last + 1 {
                previous = year
                continue
            }
            spans.append(first == last ? String(first) : "\(first)–\(last)")
            start = year
            previous = year
        }
        return spans.joined(separator: ", ")
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
                         + "<td class=\"num\">\(escape(amount(row.actual, unit: row.unit) + " " + unit(row.unit)))</td>"
                         + "<td class=\"num\">\(escape(amount(row.projectedMean, unit: row.unit)))</td>"
                         + "<td class=\"num\">\(escape(signedAmount(row.error, unit: row.unit)))</td>"
                         + "<td class=\"num\">\(escape(NumberText.signedPercent(row.errorPercent)))</td>"
                         + "<td>\(escape(yesNo(row.covered80)))</td><td>\(escape(yesNo(row.covered95)))</td>"
                         + "<td class=\"code\">\(escape(row.targetID ?? ""))</td>"
                         + "<td>\(escape(row.targets.map { yesNo($0.met) }.joined(separator: "; ")))</td></tr>")
        }
        lines += ["</tbody>", "</table></div>"]
        let coverage = run.planVersusActualCoverage
        lines.append("<p class=\"note\">\(escape(format(.planActualCoverage, String(coverage.covered80), String(coverage.rows), NumberText.percentOfDraws(coverage.rate80), String(coverage.covered95), NumberText.percentOfDraws(coverage.rate95))))</p>")
        return section(id: "plan-actual", heading: .planActualHeading, lines.joined(separator: "\n"))
    }
}
