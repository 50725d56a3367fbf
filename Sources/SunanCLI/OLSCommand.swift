import ArgumentParser
import Foundation
import Indicators
import LinearAlgebra

/// `sunan ols`: a linear regression with full inference on columns of a CSV file.
struct OLSCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ols",
        abstract: "Fit a linear regression by least squares and print coefficients with full inference.",
        discussion: """
            The design is: an intercept (unless --no-intercept), the --predictors columns in order, then \
            COL, COL^2 … COL^DEGREE for each --polynomial COL:DEGREE. Solved by LAPACK QR with column \
            equilibration (SVD when rank deficient); never by normal equations.
            """
    )

    /// Output formats of `sunan ols`.
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Option(help: "CSV file with a header row.")
    var data: String

    @Option(help: "Column to explain.")
    var response: String

    @Option(help: "Comma-separated predictor columns.", transform: { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } })
    var predictors: [String] = []

    @Option(help: "Polynomial terms COL:DEGREE (repeatable), adding COL, COL^2 … COL^DEGREE.")
    var polynomial: [String] = []

    @Flag(help: "Fit without an intercept (R² is then uncentred, as NIST defines it).")
    var noIntercept = false

    @Option(help: "Column of positive weights (inverse variances) for weighted least squares.")
    var weights: String?

    @Option(help: "Confidence level of the coefficient intervals in the text output.")
    var level: Double = 0.95

    @Option(help: "Output format: text or json.")
    var format: OutputFormat = .text

    func validate() throws {
        guard level > 0, level < 1 else { throw ValidationError("--level must be between 0 and 1, e.g. 0.95") }
        guard !predictors.isEmpty || !polynomial.isEmpty || !noIntercept else {
            throw ValidationError("the model has no terms: give --predictors, --polynomial or drop --no-intercept")
        }
    }

    func run() throws {
        let table = try NumericTable.read(path: data)
        let design = try RegressionDesign.build(
            table: table, predictors: predictors, polynomialTerms: polynomial, includeIntercept: !noIntercept)
        let y = try table.numericColumn(response)
        let w = try weights.map { try table.numericColumn($0) }
        if let w, let bad = w.firstIndex(where: { !($0 > 0) }) {
            throw ValidationIssue.error(data, line: table.document.records[bad].line,
                                        "weight \(w[bad]) in column '\(weights!)' must be positive")
        }
        guard y.count >= design.names.count else {
            throw ValidationIssue.error(data, line: table.lastLine,
                                        "the data end here after \(y.count) rows but the model has \(design.names.count) parameters; "
                                            + "at least \(design.names.count) rows are needed")
        }
        let result: RegressionResult
        do {
            result = try LinearRegression(columnNames: design.names).fit(design: design.matrix, response: y, weights: w)
        } catch let error as LinearAlgebraError {
            if let failure = InternalFailure(error) { throw failure.within(data) }
            throw ValidationIssue.error(data, line: nil, Self.describe(error, response: response, columns: design.names))
        }
        switch format {
        case .json: print(RegressionReport.json(result))
        case .text: print(RegressionReport.text(result, response: response, source: data, level: level))
        }
        for note in result.notes {
            writeToStandardError("sunan: warning: \(note)")
        }
    }
}

extension OLSCommand {
    /// What went wrong, with the library's column numbers replaced by the file's column names.
    static func describe(_ error: LinearAlgebraError, response: String, columns: [String]) -> String {
        switch error {
        case .responseOutOfRange(_, let tooLarge):
            return tooLarge
                ? "the values of ‘\(response)’ are too large for least squares: the sum of their squares exceeds the largest "
                    + "double (about 1.8e308); divide the column by a power of ten such as 1e150 and scale the results back"
                : "the values of ‘\(response)’ are too small for least squares: the sum of their squares is below the smallest "
                    + "normal double (about 2.2e-308); multiply the column by a power of ten such as 1e150"
        case .designOutOfRange(let column):
            return "the values of ‘\(columns[column])’ are too large for least squares (their 2-norm exceeds 1e300); "
                + "divide the column by a power of ten and scale its coefficient back"
        case .coefficientOutOfRange(let column):
            return "the coefficient of ‘\(columns[column])’ would exceed the largest double (about 1.8e308): its values are "
                + "too small next to those of ‘\(response)’; multiply the column by a power of ten and scale the coefficient back"
        default:
            return error.description
        }
    }
}

/// The design matrix of `sunan ols`, built from table columns.
struct RegressionDesign {
    let matrix: Matrix
    let names: [String]

    static func build(table: NumericTable, predictors: [String], polynomialTerms: [String],
                      includeIntercept: Bool) throws -> RegressionDesign {
        var columns: [[Double]] = []
        var names: [String] = []
        if includeIntercept {
            columns.append([Double](repeating: 1, count: table.rowCount))
            names.append("const")
        }
        for name in predictors {
            columns.append(try table.numericColumn(name))
            names.append(name)
        }
        for term in polynomialTerms {
            let parts = term.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let degree = Int(parts[1]), (1...20).contains(degree) else {
                throw ValidationError("--polynomial '\(term)' is not COL:DEGREE with a degree from 1 to 20")
            }
            let column = try table.numericColumn(String(parts[0]))
            for power in 1...degree {
                let name = power == 1 ? String(parts[0]) : "\(parts[0])^\(power)"
                guard !names.contains(name) else { continue }
                columns.append(column.map { pow($0, Double(power)) })
                names.append(name)
            }
        }
        return RegressionDesign(matrix: try Matrix(columns: columns), names: names)
    }
}
