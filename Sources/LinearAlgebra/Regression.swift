import Foundation

/// A linear regression model specification: named design columns, optional weights and the
/// least-squares settings. Fitting it returns an immutable ``RegressionResult``; the
/// specification itself never changes.
public struct LinearRegression: Sendable, Equatable {
    /// Names of the design columns, in order (for example `["const", "t", "t^2"]`).
    public let columnNames: [String]
    /// Least-squares settings (rank tolerance, method, refinement).
    public let options: LeastSquaresOptions

    /// A specification with the given column names.
    public init(columnNames: [String], options: LeastSquaresOptions = LeastSquaresOptions()) {
        self.columnNames = columnNames
        self.options = options
    }

    /// Fits `response ≈ design · β` by (weighted) least squares.
    /// - Parameters:
    ///   - design: X, n × p, one column per name in ``columnNames``.
    ///   - response: y, length n.
    ///   - weights: optional positive weights (inverse variances), length n.
    /// - Throws: ``LinearAlgebraError`` when the input is malformed or has fewer rows than columns.
    public func fit(design: Matrix, response: [Double], weights: [Double]? = nil) throws -> RegressionResult {
        try fitMany(design: design, responses: Matrix(column: response), weights: weights)[0]
    }

    /// Fits many responses that share one design with a single factorization (the common case of
    /// many series observed over the same years). Returns one result per column of `responses`.
    public func fitMany(design: Matrix, responses: Matrix, weights: [Double]? = nil) throws -> [RegressionResult] {
        guard design.columns == columnNames.count else {
            throw LinearAlgebraError.dimensionMismatch(
                "design has \(design.columns) columns but \(columnNames.count) names were given")
        }
        guard design.rows >= design.columns else {
            throw LinearAlgebraError.tooFewObservations(observations: design.rows, parameters: design.columns)
        }
        let solution = try LeastSquares.solve(design: design, responses: responses, weights: weights, options: options)
        let intercept = Self.hasConstantColumn(design)
        return (0..<responses.columns).map { c in
            RegressionResult(columnNames: columnNames, design: design, response: responses.column(c),
                             weights: weights, solution: solution, responseIndex: c, hasIntercept: intercept)
        }
    }

    /// True when some column is a non-zero constant (an intercept), which makes R² centred.
    static func hasConstantColumn(_ design: Matrix) -> Bool {
        (0..<design.columns).contains { j in
            let first = design[0, j]
            return first != 0 && (0..<design.rows).allSatisfy { design[$0, j] == first }
        }
    }
}

/// A note about a fit that does not stop it: rank deficiency or a large condition number.
public enum RegressionNote: Sendable, Equatable, CustomStringConvertible {
    /// The design is rank deficient; coefficients are the minimum-norm solution and are not identified.
    case rankDeficient(rank: Int, columns: Int)
    /// The equilibrated condition number is large: results may have lost digits.
    case illConditioned(equilibratedConditionNumber: Double)
    /// No residual degrees of freedom: no standard errors or intervals.
    case noResidualDegreesOfFreedom
    /// The response is fitted exactly to working precision (its residuals are rounding errors): the
    /// residual variance is 0, the standard errors are 0, and t statistics and p-values are undefined.
    case exactFit
    /// The response is constant: with an intercept, R² (and adjusted R²) are undefined.
    case constantResponse

    /// Equilibrated condition number above which ``illConditioned(equilibratedConditionNumber:)`` is noted.
    public static let illConditionedThreshold = 1e8

    public var description: String {
        switch self {
        case .rankDeficient(let rank, let columns):
            return "the design has rank \(rank) < \(columns) columns: some coefficients are not identified; "
                + "the minimum-norm solution is shown and its standard errors describe only the identified part"
        case .illConditioned(let condition):
            let digits = Int(log10(condition).rounded())
            return "the condition number after column scaling is \(String(format: "%.3g", condition)): "
                + "up to \(digits) significant digits may be lost; consider centring or rescaling predictors"
        case .noResidualDegreesOfFreedom:
            return "no residual degrees of freedom: standard errors, tests and intervals are undefined"
        case .exactFit:
            return "the model fits the response exactly (the residuals are rounding errors): the residual variance "
                + "is 0, so the standard errors are 0 and t statistics and p-values are undefined"
        case .constantResponse:
            return "the response is constant: R² and adjusted R² are undefined"
        }
    }
}

/// A prediction at one new row: the mean, its standard error, and the standard error of a new observation.
public struct RegressionPrediction: Sendable, Equatable {
    /// Predicted mean x₀ᵀβ.
    public let mean: Double
    /// Standard error of the mean, √(x₀ᵀ Cov(β) x₀).
    public let meanStandardError: Double
    /// Standard error of a new observation, √(se_mean² + σ²/w₀).
    public let observationStandardError: Double
    /// Residual degrees of freedom used for the Student-t quantiles.
    public let degreesOfFreedom: Int

    /// A prediction from its parts (standard errors on the response scale).
    public init(mean: Double, meanStandardError: Double, observationStandardError: Double, degreesOfFreedom: Int) {
        self.mean = mean
        self.meanStandardError = meanStandardError
        self.observationStandardError = observationStandardError
        self.degreesOfFreedom = degreesOfFreedom
    }

    /// Confidence interval for the mean at `level` (e.g. 0.95).
    public func meanInterval(level: Double) -> ClosedRange<Double> {
        interval(standardError: meanStandardError, level: level)
    }

    /// Prediction interval for a new observation at `level` (e.g. 0.95).
    public func predictionInterval(level: Double) -> ClosedRange<Double> {
        interval(standardError: observationStandardError, level: level)
    }

    private func interval(standardError: Double, level: Double) -> ClosedRange<Double> {
        guard degreesOfFreedom > 0, standardError.isFinite, level > 0, level < 1 else { return -Double.infinity...Double.infinity }
        let half = StudentT(degreesOfFreedom: Double(degreesOfFreedom)).quantile(0.5 + level / 2) * standardError
        return (mean - half)...(mean + half)
    }
}

/// The immutable result of fitting a ``LinearRegression``: estimates, inference and diagnostics.
///
/// Conventions follow statsmodels' OLS/WLS: σ² = RSS / (n − rank); R² is centred when the design
/// has a constant column and uncentred otherwise (as NIST StRD defines it); information criteria
/// count `rank` parameters (σ² is not counted). Two departures, where statsmodels would print the
/// rounding noise of the arithmetic as if it were information: a response fitted exactly to working
/// precision (``LeastSquaresSolution/fitsExactly(_:)``) has RSS = 0, standard errors 0 and undefined (NaN)
/// t statistics and p-values, with the note ``RegressionNote/exactFit``; a constant response has
/// TSS = 0 and an undefined R², with ``RegressionNote/constantResponse``.
public struct RegressionResult: Sendable, Equatable {
    /// Names of the coefficients, in design order.
    public let names: [String]
    /// Estimated coefficients β.
    public let coefficients: [Double]
    /// Covariance matrix of β: σ² (XᵀWX)⁻¹. Entries beyond the range of doubles (columns of values near
    /// 1e-160 have variances near 1e320) are infinite; ``standardErrors`` and ``predict(rows:weights:)``
    /// do not go through them.
    public let covariance: Matrix
    /// Residuals y − Xβ (unweighted), accumulated in doubled precision.
    public let residuals: [Double]
    /// Fitted values Xβ.
    public let fittedValues: [Double]
    /// Weighted residual sum of squares Σ wᵢ eᵢ².
    public let residualSumOfSquares: Double
    /// Total sum of squares used by R²: centred Σ wᵢ (yᵢ − ȳ_w)² with an intercept, Σ wᵢ yᵢ² without.
    public let totalSumOfSquares: Double
    /// Whether the design has a constant column (R² centred).
    public let hasIntercept: Bool
    /// Number of observations n.
    public let observationCount: Int
    /// Numerical rank of the design.
    public let rank: Int
    /// 2-norm condition number of the design as given (statsmodels' `condition_number`).
    public let conditionNumber: Double
    /// 2-norm condition number after unit-length column scaling (what governs accuracy).
    public let equilibratedConditionNumber: Double
    /// The least-squares method used.
    public let method: LeastSquaresMethod
    /// Notes on rank and conditioning, an exact fit or a constant response (empty for a well-posed fit).
    public let notes: [RegressionNote]
    /// Whether the response is fitted exactly to working precision (see ``RegressionNote/exactFit``).
    public let fitsExactly: Bool
    /// The powers of two that equilibrate the design's columns.
    let columnScales: [Double]
    /// `S (XᵀWX)⁻¹ S` with S the column scales: the unscaled covariance without overflow.
    let equilibratedUnscaledCovariance: Matrix
    /// Sum of log weights (0 without weights), needed by the log-likelihood.
    let sumOfLogWeights: Double
    /// `(XᵀWX)⁻¹` (the coefficient covariance divided by σ²), used to predict at new rows and to draw
    /// coefficient vectors.
    public let unscaledCovariance: Matrix

    init(columnNames: [String], design: Matrix, response: [Double], weights: [Double]?,
         solution: LeastSquaresSolution, responseIndex c: Int, hasIntercept: Bool) {
        let n = design.rows, p = design.columns
        let beta = solution.coefficients.column(c)
        var residuals = [Double](repeating: 0, count: n)
        var fitted = [Double](repeating: 0, count: n)
        design.storage.withUnsafeBufferPointer { xp in
            beta.withUnsafeBufferPointer { bp in
                for i in 0..<n {
                    residuals[i] = CompensatedArithmetic.residual(row: i, response: response[i], design: xp,
                                                                  leadingDimension: n, coefficients: bp)
                    var sum = 0.0
                    for j in 0..<p { sum += xp[i + j * n] * bp[j] }
                    fitted[i] = sum
                }
            }
        }
        let w = weights ?? [Double](repeating: 1, count: n)
        let totalWeight = w.reduce(0, +)
        let weightedMean = zip(w, response).reduce(0) { $0 + $1.0 * $1.1 } / totalWeight
        let isConstant = response.allSatisfy { $0 == response[0] }
        let tss = hasIntercept
            ? (isConstant ? 0 : zip(w, response).reduce(0) { $0 + $1.0 * ($1.1 - weightedMean) * ($1.1 - weightedMean) })
            : zip(w, response).reduce(0) { $0 + $1.0 * $1.1 * $1.1 }
        let fitsExactly = solution.fitsExactly(c)
        let rss = fitsExactly ? 0 : solution.residualSumOfSquares[c]
        let dfResid = n - solution.rank
        let sigma2 = dfResid > 0 ? rss / Double(dfResid) : .nan
        var covariance = solution.unscaledCovariance
        for index in covariance.storage.indices { covariance.storage[index] *= sigma2 }

        var notes: [RegressionNote] = []
        if !solution.isFullRank { notes.append(.rankDeficient(rank: solution.rank, columns: p)) }
        if solution.isFullRank && solution.equilibratedConditionNumber > RegressionNote.illConditionedThreshold {
            notes.append(.illConditioned(equilibratedConditionNumber: solution.equilibratedConditionNumber))
        }
        if dfResid <= 0 { notes.append(.noResidualDegreesOfFreedom) }
        if fitsExactly && dfResid > 0 { notes.append(.exactFit) }
        if hasIntercept && isConstant { notes.append(.constantResponse) }

        self.names = columnNames
        self.coefficients = beta
        self.covariance = covariance
        self.residuals = residuals
        self.fittedValues = fitted
        self.residualSumOfSquares = rss
        self.totalSumOfSquares = tss
        self.hasIntercept = hasIntercept
        self.observationCount = n
        self.rank = solution.rank
        self.conditionNumber = solution.conditionNumber
        self.equilibratedConditionNumber = solution.equilibratedConditionNumber
        self.method = solution.method
        self.notes = notes
        self.fitsExactly = fitsExactly
        self.columnScales = solution.columnScales
        self.equilibratedUnscaledCovariance = solution.equilibratedUnscaledCovariance
        self.sumOfLogWeights = weights.map { $0.reduce(0) { $0 + log($1) } } ?? 0
        self.unscaledCovariance = solution.unscaledCovariance
    }

    /// Residual degrees of freedom n − rank.
    public var residualDegreesOfFreedom: Int { observationCount - rank }
    /// Model degrees of freedom: rank, less one when there is an intercept.
    public var modelDegreesOfFreedom: Int { rank - (hasIntercept ? 1 : 0) }
    /// Residual variance σ² = RSS / (n − rank); NaN without residual degrees of freedom.
    public var residualVariance: Double {
        residualDegreesOfFreedom > 0 ? residualSumOfSquares / Double(residualDegreesOfFreedom) : .nan
    }
    /// Residual standard deviation σ (NIST's "residual standard deviation").
    public var residualStandardDeviation: Double { residualVariance.squareRoot() }
    /// Standard errors of the coefficients, √diag(Cov β), formed as √(σ² · [S (XᵀWX)⁻¹ S]ⱼⱼ) / sⱼ so that
    /// they exist whenever they are doubles, even where the covariance matrix overflows (S holds
    /// powers of two, so this equals √(σ² [(XᵀWX)⁻¹]ⱼⱼ) exactly otherwise).
    public var standardErrors: [Double] {
        let sigma2 = residualVariance
        return columnScales.indices.map { j in (sigma2 * equilibratedUnscaledCovariance[j, j]).squareRoot() / columnScales[j] }
    }
    /// t statistics βⱼ / se(βⱼ); NaN (undefined) for an exact fit, whose standard errors are 0.
    public var tStatistics: [Double] {
        guard !fitsExactly else { return coefficients.map { _ in .nan } }
        return zip(coefficients, standardErrors).map { $0 / $1 }
    }
    /// Two-sided p-values of the t statistics against Student t with n − rank degrees of freedom;
    /// NaN (undefined) without residual degrees of freedom or for an exact fit.
    public var pValues: [Double] {
        guard residualDegreesOfFreedom > 0, !fitsExactly else { return coefficients.map { _ in .nan } }
        let t = StudentT(degreesOfFreedom: Double(residualDegreesOfFreedom))
        return tStatistics.map { $0.isNaN ? .nan : t.twoSidedPValue($0) }
    }
    /// Coefficient of determination: 1 − RSS/TSS (centred or uncentred, see ``totalSumOfSquares``);
    /// NaN (undefined) when TSS is 0.
    public var rSquared: Double { totalSumOfSquares > 0 ? 1 - residualSumOfSquares / totalSumOfSquares : .nan }
    /// Adjusted R²: 1 − (1 − R²)(n − c)/(n − rank), with c = 1 with an intercept and 0 without.
    public var adjustedRSquared: Double {
        let centring = hasIntercept ? 1.0 : 0.0
        return 1 - (1 - rSquared) * (Double(observationCount) - centring) / Double(residualDegreesOfFreedom)
    }
    /// Gaussian log-likelihood at the maximum-likelihood σ² = RSS/n (plus ½Σ log wᵢ with weights).
    public var logLikelihood: Double {
        let n = Double(observationCount)
        return -n / 2 * (log(2 * Double.pi) + log(residualSumOfSquares / n) + 1) + sumOfLogWeights / 2
    }
    /// Akaike information criterion −2ℓ + 2k with k = rank.
    public var aic: Double { -2 * logLikelihood + 2 * Double(rank) }
    /// Small-sample corrected AIC: AIC + 2k(k+1)/(n − k − 1); infinite when n ≤ k + 1.
    public var aicc: Double {
        let k = Double(rank), n = Double(observationCount)
        return n - k - 1 > 0 ? aic + 2 * k * (k + 1) / (n - k - 1) : .infinity
    }
    /// Bayesian information criterion −2ℓ + k log n.
    public var bic: Double { -2 * logLikelihood + Double(rank) * log(Double(observationCount)) }

    /// Confidence intervals for the coefficients at `level` (e.g. 0.95), Student t with n − rank df.
    public func confidenceIntervals(level: Double) -> [ClosedRange<Double>] {
        zip(coefficients, standardErrors).map { estimate, se in
            RegressionPrediction(mean: estimate, meanStandardError: se, observationStandardError: se,
                                 degreesOfFreedom: residualDegreesOfFreedom).meanInterval(level: level)
        }
    }

    /// Predictions at new rows (one per row of `rows`, which has the design's columns).
    ///
    /// Each prediction has the mean x₀ᵀβ, its standard error √(x₀ᵀ Cov(β) x₀) and the standard error of a
    /// new observation √(se_mean² + σ²/w₀).
    /// - Parameters:
    ///   - rows: the new rows x₀ᵀ, one per matrix row, with the design's columns in the design's order.
    ///   - weights: weights of the new observations (default 1), which scale their noise variance σ²/w.
    /// - Returns: one prediction per row, in row order.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` when the columns do not match.
    public func predict(rows: Matrix, weights: [Double]? = nil) throws -> [RegressionPrediction] {
        let p = coefficients.count
        guard rows.columns == p else {
            throw LinearAlgebraError.dimensionMismatch("prediction rows have \(rows.columns) columns, the model has \(p)")
        }
        if let weights, weights.count != rows.rows {
            throw LinearAlgebraError.dimensionMismatch("\(weights.count) weights for \(rows.rows) prediction rows")
        }
        let sigma2 = residualVariance
        return (0..<rows.rows).map { i in
            let x = rows.row(i)
            // x₀ᵀ (XᵀWX)⁻¹ x₀ as zᵀ [S (XᵀWX)⁻¹ S] z with z = S⁻¹ x₀, which does not overflow where the
            // covariance does (and equals it exactly otherwise: S holds powers of two).
            let z = (0..<p).map { x[$0] / columnScales[$0] }
            var mean = 0.0
            var quadratic = 0.0
            for a in 0..<p {
                mean += x[a] * coefficients[a]
                var inner = 0.0
                for b in 0..<p { inner += equilibratedUnscaledCovariance[a, b] * z[b] }
                quadratic += z[a] * inner
            }
            let meanVariance = max(0, quadratic) * sigma2
            let weight = weights?[i] ?? 1
            return RegressionPrediction(mean: mean, meanStandardError: meanVariance.squareRoot(),
                                        observationStandardError: (meanVariance + sigma2 / weight).squareRoot(),
                                        degreesOfFreedom: residualDegreesOfFreedom)
        }
    }
}
