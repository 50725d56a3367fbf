import Foundation
import LinearAlgebra
import Reports

/// Renders a ``RegressionResult`` as the JSON and text outputs of `sunan ols`.
enum RegressionReport {
    /// The JSON contract of `sunan ols --format json`: exactly the keys `coefficients` (objects with
    /// `name`, `estimate`, `std_error`, `t`, `p`), `residual_sd`, `r_squared`, `adj_r_squared`, `rank`,
    /// `condition_number`, `observations`, `df_resid`.
    static func json(_ result: RegressionResult) -> String {
        let se = result.standardErrors, t = result.tStatistics, p = result.pValues
        let rows = result.names.indices.map { i in
            "    {\"name\": \(JSONText.string(result.names[i])), \"estimate\": \(JSONText.number(result.coefficients[i])), "
                + "\"std_error\": \(JSONText.number(se[i])), \"t\": \(JSONText.number(t[i])), \"p\": \(JSONText.number(p[i]))}"
        }
        return """
            {
              "coefficients": [
            \(rows.map { "  " + $0 }.joined(separator: ",\n"))
              ],
              "residual_sd": \(JSONText.number(result.residualStandardDeviation)),
              "r_squared": \(JSONText.number(result.rSquared)),
              "adj_r_squared": \(JSONText.number(result.adjustedRSquared)),
              "rank": \(result.rank),
              "condition_number": \(JSONText.number(result.conditionNumber)),
              "observations": \(result.observationCount),
              "df_resid": \(result.residualDegreesOfFreedom)
            }
            """
    }

    /// A readable summary: coefficient table with intervals, fit statistics and notes.
    static func text(_ result: RegressionResult, response: String, source: String, level: Double) -> String {
        let se = result.standardErrors, t = result.tStatistics, p = result.pValues
        let intervals = result.confidenceIntervals(level: level)
        let percent = String(format: "%g", level * 100)
        let header = ["term", "estimate", "std. error", "t", "p", "\(percent)% low", "\(percent)% high"]
        let body = result.names.indices.map { i in
            [result.names[i], significant(result.coefficients[i]), significant(se[i]), fixed(t[i], 3),
             pValue(p[i]), significant(intervals[i].lowerBound), significant(intervals[i].upperBound)]
        }
        var lines = ["Least-squares regression of \(response) (\(source))", ""]
        lines += alignedTable(header: header, rows: body)
        lines.append("")
        let method = result.method == .householderQR ? "Householder QR" : "SVD (minimum norm)"
        let statistics: [(String, String)] = [
            ("observations", "\(result.observationCount)"),
            ("residual df", "\(result.residualDegreesOfFreedom)"),
            ("rank", "\(result.rank) of \(result.names.count)"),
            ("residual SD", significant(result.residualStandardDeviation)),
            (result.hasIntercept ? "R²" : "R² (uncentred)", fixed(result.rSquared, 6)),
            ("adjusted R²", fixed(result.adjustedRSquared, 6)),
            ("log-likelihood", significant(result.logLikelihood)),
            ("AIC / AICc / BIC", "\(significant(result.aic)) / \(significant(result.aicc)) / \(significant(result.bic))"),
            ("condition number", "\(scientific(result.conditionNumber)) (after column scaling \(scientific(result.equilibratedConditionNumber)))"),
            ("method", method),
        ]
        let width = statistics.map { $0.0.count }.max() ?? 0
        lines += statistics.map { $0.0.padding(toLength: width, withPad: " ", startingAt: 0) + "  " + $0.1 }
        if !result.notes.isEmpty {
            lines.append("")
            lines += result.notes.map { "Note: \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    private static func significant(_ value: Double) -> String {
        value.isFinite ? String(format: "%.6g", value) : "—"
    }

    private static func scientific(_ value: Double) -> String {
        value.isFinite ? String(format: "%.3g", value) : "∞"
    }

    private static func fixed(_ value: Double, _ digits: Int) -> String {
        value.isFinite ? String(format: "%.\(digits)f", value) : "—"
    }

    private static func pValue(_ value: Double) -> String {
        guard value.isFinite else { return "—" }
        return value < 1e-4 ? String(format: "%.1e", value) : String(format: "%.4f", value)
    }

    /// Left-aligns the first column and right-aligns the others.
    private static func alignedTable(header: [String], rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { c in all.map { $0[c].count }.max() ?? 0 }
        return all.map { row in
            row.indices.map { c in
                let pad = String(repeating: " ", count: widths[c] - row[c].count)
                return c == 0 ? row[c] + pad : pad + row[c]
            }.joined(separator: "  ")
        }
    }
}
