import Foundation

/// How a least-squares problem was (or is to be) solved.
public enum LeastSquaresMethod: String, Sendable, Codable, CaseIterable {
    /// Householder QR (`dgeqrf` + `dormqr` + `dtrtrs`): used when the equilibrated design has full
    /// column rank.
    case householderQR = "qr"
    /// Minimum-norm solution by divide-and-conquer SVD (`dgelsd`): used when the design is rank
    /// deficient (or when asked for).
    case svd = "svd"
}

/// When to apply one step of iterative refinement with a doubled-precision residual.
public enum RefinementPolicy: String, Sendable, Codable {
    /// Refine when the equilibrated condition number is at least ``LeastSquaresOptions/refinementConditionThreshold``
    /// or the problem is small (`rows · columns · rightHandSides ≤ 50 000`), where it costs nothing noticeable.
    case automatic
    /// Always refine (QR path only).
    case always
    /// Never refine.
    case never
}

/// Settings of ``LeastSquares/solve(design:responses:weights:options:)``.
public struct LeastSquaresOptions: Sendable, Equatable {
    /// Relative tolerance for numerical rank: a singular value σᵢ of the column-equilibrated
    /// (weighted) design counts when `σᵢ > rankTolerance · σ₁`. `nil` means the default
    /// `max(rows, columns) · ε` with ε = 2.22e-16 (the convention of numpy's `matrix_rank` and MATLAB's `rank`).
    public var rankTolerance: Double?
    /// Force a method; `nil` chooses QR for full-rank designs and SVD otherwise.
    public var method: LeastSquaresMethod?
    /// When to refine the QR solution.
    public var refinement: RefinementPolicy
    /// Equilibrated condition number from which ``RefinementPolicy/automatic`` refines.
    public var refinementConditionThreshold: Double

    /// Options with the documented defaults.
    public init(rankTolerance: Double? = nil, method: LeastSquaresMethod? = nil,
                refinement: RefinementPolicy = .automatic, refinementConditionThreshold: Double = 1e4) {
        self.rankTolerance = rankTolerance
        self.method = method
        self.refinement = refinement
        self.refinementConditionThreshold = refinementConditionThreshold
    }
}

/// The solution of `min ‖W^½ (X B − Y)‖` for one design `X` (n × p) and k right-hand sides `Y` (n × k).
///
/// Immutable. Coefficients are in the units of the original columns (the column equilibration used
/// internally is undone). `unscaledCovariance` is `(XᵀWX)⁻¹` (or its pseudo-inverse when rank
/// deficient); multiply it by σ² to get the covariance of the coefficients.
public struct LeastSquaresSolution: Sendable, Equatable {
    /// Coefficients, p × k: column `c` solves right-hand side `c`.
    public let coefficients: Matrix
    /// Weighted residual sum of squares per right-hand side.
    public let residualSumOfSquares: [Double]
    /// Numerical rank of the equilibrated design.
    public let rank: Int
    /// The relative tolerance used to decide the rank.
    public let rankTolerance: Double
    /// 2-norm condition number σ₁/σₚ of the (weighted) design as given, as statsmodels reports it;
    /// `infinity` when rank deficient.
    public let conditionNumber: Double
    /// 2-norm condition number after scaling every column to unit length: the figure that governs
    /// the accuracy of the solution.
    public let equilibratedConditionNumber: Double
    /// Singular values of the equilibrated design, descending.
    public let equilibratedSingularValues: [Double]
    /// The method actually used.
    public let method: LeastSquaresMethod
    /// Whether one step of iterative refinement was applied.
    public let refined: Bool
    /// `(XᵀWX)⁻¹`, p × p, or the pseudo-inverse restricted to the numerical range when rank deficient.
    public let unscaledCovariance: Matrix
    /// Number of observations n.
    public let observationCount: Int
    /// Number of columns p.
    public let parameterCount: Int

    /// True when the design has full column rank.
    public var isFullRank: Bool { rank == parameterCount }
}

/// Linear least squares on LAPACK: QR for full-rank designs, SVD for rank-deficient ones.
///
/// The algorithm, for a design X (n × p), responses Y (n × k) and optional weights w:
/// 1. rows are multiplied by √wᵢ (weighted least squares);
/// 2. every column is divided by the power of two nearest its 2-norm (exact equilibration; zero
///    columns are left alone);
/// 3. X is factored once by Householder QR, the singular values of R give the rank and the
///    condition number;
/// 4. full rank: `B = R⁻¹ (QᵀY)[0..<p]` for all k right-hand sides at once, the residual sum of
///    squares is `‖(QᵀY)[p..<n]‖²`, and — per ``RefinementPolicy`` — one step of iterative
///    refinement of the augmented system with residuals accumulated in doubled precision, and the
///    equilibration is undone; rank deficient: the minimum-norm solution in the original units
///    from `dgelsd` with the same relative rank tolerance (the rank reported is `dgelsd`'s).
/// Normal equations are never formed.
public enum LeastSquares {
    /// Solves a least-squares problem with one or many right-hand sides sharing one design.
    /// - Parameters:
    ///   - design: X, n × p.
    ///   - responses: Y, n × k; each column is one series.
    ///   - weights: optional positive weights, one per row (inverse variances).
    ///   - options: rank tolerance, method and refinement settings.
    /// - Returns: the immutable solution with rank and conditioning diagnostics.
    /// - Throws: ``LinearAlgebraError`` for mismatched dimensions, non-finite input or invalid weights.
    public static func solve(design: Matrix, responses: Matrix, weights: [Double]? = nil,
                             options: LeastSquaresOptions = LeastSquaresOptions()) throws -> LeastSquaresSolution {
        let n = design.rows, p = design.columns, k = responses.columns
        guard responses.rows == n else {
            throw LinearAlgebraError.dimensionMismatch("design has \(n) rows but responses have \(responses.rows)")
        }
        guard n > 0, p > 0 else {
            throw LinearAlgebraError.dimensionMismatch("design is \(n) × \(p); it needs at least one row and one column")
        }
        _ = try Lapack.int32(n * max(p, k))
        if let index = design.storage.firstIndex(where: { !$0.isFinite }) {
            throw LinearAlgebraError.nonFiniteInput("design row \(index % n + 1), column \(index / n + 1)")
        }
        if let index = responses.storage.firstIndex(where: { !$0.isFinite }) {
            throw LinearAlgebraError.nonFiniteInput("response row \(index % n + 1), column \(index / n + 1)")
        }
        var a = design.storage
        var b = responses.storage
        if let weights {
            guard weights.count == n else {
                throw LinearAlgebraError.dimensionMismatch("\(weights.count) weights for \(n) rows")
            }
            for (i, w) in weights.enumerated() {
                guard w.isFinite, w > 0 else { throw LinearAlgebraError.invalidWeight(index: i, value: w) }
                let root = w.squareRoot()
                for j in 0..<p { a[i + j * n] *= root }
                for c in 0..<k { b[i + c * n] *= root }
            }
        }
        let scale = equilibrate(&a, rows: n, columns: p)
        let equilibrated = a
        let tolerance = options.rankTolerance ?? Double(max(n, p)) * Double.ulpOfOne

        // QR once: its R carries the singular values (for n ≥ p) at p × p cost.
        let minDim = min(n, p)
        var triangle = [Double](repeating: 0, count: minDim * p)
        var tau: [Double] = []
        if n >= p {
            tau = try Lapack.qrFactor(&a, rows: n, columns: p)
            for j in 0..<p { for i in 0...j { triangle[i + j * p] = a[i + j * n] } }
        } else {
            triangle = equilibrated
        }
        let svd = try Lapack.singularValues(triangle, rows: minDim, columns: p, wantRightVectors: false)
        let sigma = svd.values
        let sigmaMax = sigma.first ?? 0
        var rank = sigmaMax > 0 ? sigma.filter { $0 > tolerance * sigmaMax }.count : 0
        let fullRank = rank == p
        let equilibratedCondition = fullRank ? sigmaMax / sigma[p - 1] : .infinity

        var x = [Double](repeating: 0, count: p * k)
        var rss = [Double](repeating: 0, count: k)
        var refined = false
        var covariance: [Double]
        let method: LeastSquaresMethod
        if fullRank && options.method != .svd {
            method = .householderQR
            var qtb = b
            try Lapack.applyQTranspose(factored: a, rows: n, reflectors: p, tau: tau, to: &qtb, rightHandSides: k)
            for c in 0..<k {
                for i in 0..<p { x[i + c * p] = qtb[i + c * n] }
                var sum = 0.0
                for i in p..<n { sum += qtb[i + c * n] * qtb[i + c * n] }
                rss[c] = sum
            }
            try Lapack.solveUpperTriangular(triangle, order: p, leadingDimension: p, &x, rightHandSides: k, leadingDimensionB: p)
            let shouldRefine: Bool
            switch options.refinement {
            case .always: shouldRefine = true
            case .never: shouldRefine = false
            case .automatic:
                shouldRefine = equilibratedCondition >= options.refinementConditionThreshold || n * p * k <= 50_000
            }
            if shouldRefine {
                rss = try refineAugmented(factored: a, tau: tau, triangle: triangle, design: equilibrated,
                                          rows: n, columns: p, responses: b, count: k, solution: &x)
                refined = true
            }
            covariance = try Lapack.inverseOfGram(upperTriangular: triangle, order: p)
            for c in 0..<k { for j in 0..<p { x[j + c * p] /= scale[j] } }
            for j in 0..<p { for i in 0..<p { covariance[i + j * p] /= scale[i] * scale[j] } }
        } else {
            // Minimum-norm solution in the original (weighted) units, as numpy's lstsq/pinv and
            // statsmodels give it: the minimum-norm solution is not invariant to column scaling.
            method = .svd
            let weighted = scale.enumerated().reduce(into: equilibrated) { values, entry in
                for i in 0..<n { values[i + entry.offset * n] *= entry.element }
            }
            let ldb = max(n, p)
            var solution = [Double](repeating: 0, count: ldb * k)
            for c in 0..<k { for i in 0..<n { solution[i + c * ldb] = b[i + c * n] } }
            rank = try Lapack.svdLeastSquares(weighted, rows: n, columns: p, &solution, rightHandSides: k, rcond: tolerance)
            for c in 0..<k { for i in 0..<p { x[i + c * p] = solution[i + c * ldb] } }
            let residual = residuals(design: weighted, rows: n, columns: p, responses: b, coefficients: x, count: k)
            for c in 0..<k {
                var sum = 0.0
                for i in 0..<n { sum += residual[i + c * n] * residual[i + c * n] }
                rss[c] = sum
            }
            let original = try Lapack.singularValues(weighted, rows: n, columns: p, wantRightVectors: true)
            covariance = pseudoInverseOfGram(singularValues: original.values, rightVectorsTransposed: original.rightVectorsTransposed,
                                             rank: rank, columns: p)
        }

        let conditionNumber: Double
        if fullRank {
            var scaledBack = triangle
            for j in 0..<p { for i in 0..<minDim { scaledBack[i + j * minDim] *= scale[j] } }
            let original = try Lapack.singularValues(scaledBack, rows: minDim, columns: p, wantRightVectors: false).values
            conditionNumber = original[0] / original[p - 1]
        } else {
            conditionNumber = .infinity
        }

        return LeastSquaresSolution(
            coefficients: try Matrix(rows: p, columns: k, columnMajor: x),
            residualSumOfSquares: rss,
            rank: rank,
            rankTolerance: tolerance,
            conditionNumber: conditionNumber,
            equilibratedConditionNumber: equilibratedCondition,
            equilibratedSingularValues: sigma,
            method: method,
            refined: refined,
            unscaledCovariance: try Matrix(rows: p, columns: p, columnMajor: covariance),
            observationCount: n,
            parameterCount: p)
    }

    /// Iterative refinement of the augmented system `[I A; Aᵀ 0] [r; x] = [b; 0]` (Björck), which —
    /// unlike refining x alone — also removes the κ²·‖r‖ error term of large-residual problems.
    /// Residuals of the augmented system are accumulated in doubled precision; corrections reuse the
    /// QR factorization: `h = R⁻ᵀ g`, `d = Qᵀ f`, `δx = R⁻¹ (d₁ − h)`, `δr = Q [h; d₂]`.
    /// Returns the residual sum of squares per right-hand side after `steps` refinements.
    private static func refineAugmented(factored a: [Double], tau: [Double], triangle: [Double], design: [Double],
                                        rows n: Int, columns p: Int, responses b: [Double], count k: Int,
                                        solution x: inout [Double], steps: Int = 2) throws -> [Double] {
        var r = residuals(design: design, rows: n, columns: p, responses: b, coefficients: x, count: k)
        for _ in 0..<steps {
            var f = [Double](repeating: 0, count: n * k)
            var h = [Double](repeating: 0, count: p * k)
            design.withUnsafeBufferPointer { xp in
                x.withUnsafeBufferPointer { all in
                    for c in 0..<k {
                        let coefficients = UnsafeBufferPointer(rebasing: all[(c * p)..<((c + 1) * p)])
                        for i in 0..<n {
                            f[i + c * n] = CompensatedArithmetic.residual(
                                row: i, response: b[i + c * n], design: xp, leadingDimension: n,
                                coefficients: coefficients, minus: r[i + c * n])
                        }
                        for j in 0..<p {
                            h[j + c * p] = -CompensatedArithmetic.dot(
                                UnsafeBufferPointer(rebasing: xp[(j * n)..<((j + 1) * n)]),
                                r, offset: c * n)
                        }
                    }
                }
            }
            try Lapack.solveUpperTriangular(triangle, order: p, leadingDimension: p, &h, rightHandSides: k,
                                            leadingDimensionB: p, transpose: true)
            try Lapack.applyQTranspose(factored: a, rows: n, reflectors: p, tau: tau, to: &f, rightHandSides: k)
            var deltaX = [Double](repeating: 0, count: p * k)
            for c in 0..<k {
                for i in 0..<p {
                    deltaX[i + c * p] = f[i + c * n] - h[i + c * p]
                    f[i + c * n] = h[i + c * p]
                }
            }
            try Lapack.solveUpperTriangular(triangle, order: p, leadingDimension: p, &deltaX, rightHandSides: k,
                                            leadingDimensionB: p)
            try Lapack.applyQTranspose(factored: a, rows: n, reflectors: p, tau: tau, to: &f, rightHandSides: k,
                                       transpose: false)
            for index in x.indices { x[index] += deltaX[index] }
            for index in r.indices { r[index] += f[index] }
        }
        let final = residuals(design: design, rows: n, columns: p, responses: b, coefficients: x, count: k)
        return (0..<k).map { c in
            var sum = 0.0
            for i in 0..<n { sum += final[i + c * n] * final[i + c * n] }
            return sum
        }
    }

    /// Divides every column by the power of two nearest its 2-norm and returns the divisors
    /// (1 for an all-zero column). Powers of two make the scaling exact, so the scaled problem has
    /// exactly the solution of the original one (a rounded scaling would perturb the data by ε and,
    /// on large-residual problems, the solution by κ²ε).
    private static func equilibrate(_ a: inout [Double], rows n: Int, columns p: Int) -> [Double] {
        var scale = [Double](repeating: 1, count: p)
        for j in 0..<p {
            var largest = 0.0
            for i in 0..<n { largest = max(largest, abs(a[i + j * n])) }
            guard largest > 0 else { continue }
            var sum = 0.0
            for i in 0..<n { let v = a[i + j * n] / largest; sum += v * v }
            let norm = largest * sum.squareRoot()
            let power = Double(sign: .plus, exponent: Int(log2(norm).rounded()), significand: 1)
            scale[j] = power
            for i in 0..<n { a[i + j * n] /= power }
        }
        return scale
    }

    /// Residuals `Y − X B` for all right-hand sides, each accumulated in doubled precision.
    private static func residuals(design: [Double], rows n: Int, columns p: Int, responses: [Double],
                                  coefficients: [Double], count k: Int) -> [Double] {
        var result = [Double](repeating: 0, count: n * k)
        design.withUnsafeBufferPointer { xp in
            coefficients.withUnsafeBufferPointer { all in
                for c in 0..<k {
                    let b = UnsafeBufferPointer(rebasing: all[(c * p)..<((c + 1) * p)])
                    for i in 0..<n {
                        result[i + c * n] = CompensatedArithmetic.residual(
                            row: i, response: responses[i + c * n], design: xp, leadingDimension: n, coefficients: b)
                    }
                }
            }
        }
        return result
    }

    /// `V Σ⁻² Vᵀ` over the first `rank` singular triplets: the pseudo-inverse of `XᵀX`.
    private static func pseudoInverseOfGram(singularValues sigma: [Double], rightVectorsTransposed vt: [Double],
                                            rank: Int, columns p: Int) -> [Double] {
        let ld = sigma.count
        var result = [Double](repeating: 0, count: p * p)
        for r in 0..<rank {
            let inverseSquare = 1 / (sigma[r] * sigma[r])
            for j in 0..<p {
                let vj = vt[r + j * ld] * inverseSquare
                for i in 0..<p { result[i + j * p] += vt[r + i * ld] * vj }
            }
        }
        return result
    }
}
