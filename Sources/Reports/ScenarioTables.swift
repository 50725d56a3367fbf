import Foundation
import Scenarios

/// The tables of a scenario run, each one ``TextTable`` rendered to every format.
public enum ScenarioTables {
    /// `forecasts.csv`: the forecast contract of DESIGN.md with `scenario` first, plus the unit, the
    /// Monte Carlo standard error of the mean and the series kind.
    public static func forecasts(_ run: ScenarioRun) -> TextTable {
        let header = ["scenario", "region", "indicator", "year", "model", "mean", "lo80", "hi80", "lo95", "hi95",
                      "unit", "mean_mcse", "kind"]
        let rows = run.cells.map { cell in
            [cell.scenario, cell.region, cell.indicator, String(cell.year), cell.model, NumberText.value(cell.mean),
             NumberText.value(cell.lo80), NumberText.value(cell.hi80), NumberText.value(cell.lo95), NumberText.value(cell.hi95),
             cell.unit, NumberText.value(cell.meanStandardError), cell.kind.rawValue]
        }
        return TextTable(header: header, rows: rows, rightAligned: [3, 5, 6, 7, 8, 9, 11])
    }

    /// Numeric columns of ``forecasts(_:)`` (for JSON).
    public static let forecastNumericColumns: Set<Int> = [3, 5, 6, 7, 8, 9, 11]

    /// `gaps.csv` with exactly the contract's columns: one row per tested target × scenario.
    public static func gaps(_ run: ScenarioRun) -> TextTable {
        let header = ["scenario", "target_id", "region", "indicator", "target_year", "basis", "measure", "comparator", "target_low",
                      "target_high", "tolerance", "unit", "projected_mean", "projected_median", "lo80", "hi80", "lo95", "hi95", "gap", "gap_pct", "p_meet",
                      "p_meet_se", "first_year_met", "historical_cagr", "required_cagr", "status", "pace", "required_uplift_p50",
                      "required_uplift_p80", "derivation"]
        let rows = run.gaps.map { row in
            [row.scenario, row.targetID, row.region, row.indicator, String(row.targetYear), row.basis.rawValue,
             row.measure?.rawValue ?? "", row.comparator.symbol, NumberText.value(row.targetLow), NumberText.value(row.targetHigh),
             NumberText.value(row.tolerance), row.unit, NumberText.value(row.projectedMean), NumberText.value(row.projectedMedian), NumberText.value(row.lo80),
             NumberText.value(row.hi80), NumberText.value(row.lo95), NumberText.value(row.hi95), NumberText.value(row.gap),
             NumberText.value(row.gapPercent), NumberText.probability(row.pMeet), NumberText.probability(row.pMeetStandardError),
             row.firstYearMet.map(String.init) ?? "", NumberText.rate(row.historicalCAGR), NumberText.rate(row.requiredCAGR),
             row.status.rawValue, row.pace?.rawValue ?? "", NumberText.value(row.requiredUpliftP50),
             NumberText.value(row.requiredUpliftP80), row.derivation]
        }
        return TextTable(header: header, rows: rows, rightAligned: gapNumericColumns)
    }

    /// Numeric columns of ``gaps(_:)``.
    public static let gapNumericColumns: Set<Int> = [4, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 27, 28]

    /// `plan-vs-actual.csv`: the baseline projection against what happened after the as-of year, one row
    /// per series and year; `target_id` lists the targets of that series and year (`;` between them) and
    /// `target_actually_met` says for each, in the same order, whether the data met it.
    public static func planVersusActual(_ run: ScenarioRun) -> TextTable {
        let header = ["region", "indicator", "unit", "year", "actual", "projected_mean", "error", "error_pct",
                      "covered80", "covered95", "target_id", "target_actually_met"]
        let rows = run.planVersusActual.map { row in
            [row.region, row.indicator, row.unit, String(row.year), NumberText.value(row.actual),
             NumberText.value(row.projectedMean), NumberText.value(row.error), NumberText.value(row.errorPercent),
             row.covered80 ? "yes" : "no", row.covered95 ? "yes" : "no", row.targetID ?? "",
             row.targets.map { $0.met.map { $0 ? "yes" : "no" } ?? "unknown" }.joined(separator: ";")]
        }
        return TextTable(header: header, rows: rows, rightAligned: [3, 4, 5, 6, 7])
    }

    /// Numeric columns of ``planVersusActual(_:)``.
    public static let planVersusActualNumericColumns: Set<Int> = [3, 4, 5, 6, 7]

    /// `missing-data.csv`: one row per target × region that cannot be tested for want of data — the
    /// series, the years to supply (`;` between them) and their count, the unit the values should be in —
    /// with the target's year, basis and threshold and the reason.
    public static func missingData(_ entries: [MissingDataEntry]) -> TextTable {
        let header = ["target_id", "region", "indicator", "unit", "measure", "years", "year_count", "target_year", "basis",
                      "comparator", "target_low", "target_high", "reason"]
        let rows = entries.map { entry in
            [entry.targetID, entry.region, entry.indicator, entry.unit, entry.measure?.rawValue ?? "",
             entry.years.map(String.init).joined(separator: ";"), String(entry.years.count), String(entry.targetYear),
             entry.basis.rawValue, entry.comparator.symbol, NumberText.value(entry.comparator.low),
             NumberText.value(entry.comparator.high), entry.reason]
        }
        return TextTable(header: header, rows: rows, rightAligned: missingDataNumericColumns)
    }

    /// Numeric columns of ``missingData(_:)``.
    public static let missingDataNumericColumns: Set<Int> = [6, 7, 10, 11]

    /// `results.json`: the same tables as JSON arrays under `forecasts`, `gaps`, `missing_data`,
    /// `plan_vs_actual`, with the run's settings, elasticities, the plan-versus-actual coverage
    /// (`plan_vs_actual_coverage`: rows, covered80, covered95, rate80, rate95) and provenance.
    public static func json(_ run: ScenarioRun) -> String {
        let elasticities = run.elasticities.map {
            "{\"outcome\": \(JSONText.string($0.outcome)), \"driver\": \(JSONText.string($0.driver)), \"lag\": \($0.lag), "
                + "\"value\": \(JSONText.number($0.value)), \"standard_error\": \(JSONText.number($0.standardError)), "
                + "\"source\": \(JSONText.string($0.source))}"
        }
        let provenance = run.provenance.map {
            "{\"kind\": \(JSONText.string($0.kind.rawValue)), \"subject\": \(JSONText.string($0.subject.code)), "
                + "\"detail\": \(JSONText.string(provenanceDetail($0)))}"
        }
        return """
            {
            "title": \(JSONText.string(run.specification.title)),
            "as_of": \(run.specification.asOf),
            "draws": \(run.draws),
            "seed": \(run.seed),
            "scenarios": [\(run.specification.scenarios.map { "{\"name\": \(JSONText.string($0.name)), \"label\": \(JSONText.string($0.label))}" }.joined(separator: ", "))],
            "elasticities": [\(elasticities.joined(separator: ", "))],
            "forecasts": \(forecasts(run).json(numericColumns: forecastNumericColumns).trimmingCharacters(in: .newlines)),
            "gaps": \(gaps(run).json(numericColumns: gapNumericColumns).trimmingCharacters(in: .newlines)),
            "missing_data": \(missingData(run.missingData).json(numericColumns: missingDataNumericColumns).trimmingCharacters(in: .newlines)),
            "plan_vs_actual": \(planVersusActual(run).json(numericColumns: planVersusActualNumericColumns).trimmingCharacters(in: .newlines)),
            "plan_vs_actual_coverage": \(coverageJSON(run.planVersusActualCoverage)),\(notesJSON(run.notes))
            "provenance": [\(provenance.joined(separator: ",\n  "))]
            }

            """
    }

    /// The run's notes (``RunNote``) as a `"notes"` member and a line break: `kind` (the note's code),
    /// `subject` and `detail`; nothing at all when the run has none.
    static func notesJSON(_ notes: [RunNote]) -> String {
        guard !notes.isEmpty else { return "" }
        let items = notes.map {
            "{\"kind\": \(JSONText.string($0.code)), \"subject\": \(JSONText.string($0.subject)), \"detail\": \(JSONText.string($0.detail))}"
        }
        return "\n\"notes\": [\(items.joined(separator: ",\n  "))],"
    }

    /// The coverage of plan versus actual as a JSON object.
    static func coverageJSON(_ coverage: IntervalCoverage) -> String {
        "{\"rows\": \(coverage.rows), \"covered80\": \(coverage.covered80), \"covered95\": \(coverage.covered95), "
            + "\"rate80\": \(coverage.rate80.map(JSONText.number) ?? "null"), \"rate95\": \(coverage.rate95.map(JSONText.number) ?? "null")}"
    }

    /// The detail of a provenance entry as `results.json` and the report state it: the numbers of an
    /// elasticity (`0.3282 (s.e. 0.2396), lag 1: `, 4 decimals), a factor (`1.137 (s.e. 0.027): `,
    /// `%.6g` and `%.3g`) or a share (`0.3445 (±10 %, observed): `, `%.4g` and whole percent) before
    /// the source or rule; the text alone for the other entries.
    public static func provenanceDetail(_ item: ProvenanceItem) -> String {
        switch item.subject {
        case let .elasticity(_, _, lag, value, standardError):
            return NumberText.fixed(value, decimals: 4) + " (s.e. " + NumberText.fixed(standardError, decimals: 4)
                + "), lag \(lag): " + item.detail
        case let .factor(_, value, standardError):
            return NumberText.general(value, digits: 6) + " (s.e. " + NumberText.general(standardError, digits: 3) + "): " + item.detail
        case let .share(_, _, share, relativeError, basis):
            return NumberText.general(share, digits: 4) + " (±" + NumberText.fixed(relativeError * 100, decimals: 0) + " %, "
                + basis + "): " + item.detail
        case .series, .driver, .allocation:
            return item.detail
        }
    }
}
