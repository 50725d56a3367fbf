import Foundation

/// Linear least squares on LAPACK: QR for full-rank designs, SVD for rank-deficient ones.
///
/// The algorithm, for a design X (n × p), responses Y (n × k) and optional weights w:
/// 1. rows are multiplied by √wᵢ (weighted least squares);
/// 2. every column is divided by the power of two nearest its 2-norm (exact equilibration; zero
///    columns are left alone);
/// 3. X is factored once by Householder QR (block row by block row, see `Lapack.BlockedQR`), the
///    singular values of R give the rank and the condition number;
/// 4. full rank: `B = R⁻¹ (QᵀY)[0..<p]` for all k right-hand sides at once, the residual sum of
///    squares is `‖(QᵀY)[p..<n]‖²`, and — per ``RefinementPolicy`` — iterative refinement of the
///    augmented system with residuals accumulated in doubled precision, and the equilibration is
///    undone; rank deficient: the minimum-norm solution in the original units, with the rank decided
///    on the equilibrated design (see `minimumNormSolution`), so that scaling a column never changes
///    the rank.
/// Every response is divided by the power of two nearest its norm for the solve (exact, and undone),
/// so no intermediate product overflows; a response whose sum of squares is not a normal double, or
/// a design column whose norm exceeds 1e300, is refused with a ``LinearAlgebraError`` that says so.
/// Many short series sharing one well-conditioned design (at least 64 right-hand sides of at most
/// 512 rows, no refinement due) take a faster route with the same factorization: the
/// pseudo-inverse `P = S⁻¹R⁻¹Q₁ᵀ` is formed once and each series costs one pass,
/// `b = P y` and `‖y − X b‖²`.
/// Normal equations are never formed.
public enum LeastSquares {
    /// Solves a least-squares problem with one or many right-hand sides sharing one design.
    /// - Parameters:
    ///   - design: X, n × p.
    ///   - responses: Y, n × k; each column is one series.
    ///   - weights: optional positive weights, one per row (inverse variances).
    ///   - options: rank tolerance, method and refinement settings.
    /// - Returns: the immutable solution with rank and conditioning diagnostics.
    /// - Throws: ``LinearAlgebraError`` for mismatched dimensions, non-finite input, invalid weights, or
    ///   values whose sums of squares or coefficients fall outside the range of doubles.
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
        var weighted = design.storage
        var b = responses.storage
        if let weights {
            try checkFinite(design: design)
            try checkFinite(responses: responses)
            guard weights.count == n else {
                throw LinearAlgebraError.dimensionMismatch("\(weights.count) weights for \(n) rows")
            }
            for (i, w) in weights.enumerated() {
                guard w.isFinite, w > 0 else { throw LinearAlgebraError.invalidWeight(index: i, value: w) }
                let root = w.squareRoot()
                for j in 0..<p { weighted[i + j * n] *= root }
                for c in 0..<k { b[i + c * n] *= root }
            }
        }
        // The scales come from a read-only pass that also detects non-finite values.
        guard let columnNorms = columnNormExponents(weighted, rows: n, columns: p) else {
            try checkFinite(design: design)
            throw LinearAlgebraError.nonFiniteInput("the weighted design overflows; rescale the weights")
        }
        if let column = columnNorms.firstIndex(where: { ($0 ?? 0) > maximumDesignNormExponent }) {
            throw LinearAlgebraError.designOutOfRange(column: column)
        }
        let scale = columnNorms.map(powerOfTwo)
        var responseScale: [Double] = []  // set by scaleResponses(), which every path but the shared kernel calls
        /// Divides every response by the power of two nearest its norm, so that the solve works on values
        /// of order one and none of its products overflows (the scaling is exact, and undone); throws
        /// for a response whose sum of squares is not a normal double.
        func scaleResponses() throws {
            guard let responseNorms = columnNormExponents(b, rows: n, columns: k) else {
                try checkFinite(responses: responses)
                throw LinearAlgebraError.nonFiniteInput("the weighted responses overflow; rescale the weights")
            }
            for (c, exponent) in responseNorms.enumerated() where exponent != nil {
                guard abs(exponent!) <= maximumResponseNormExponent else {
                    throw LinearAlgebraError.responseOutOfRange(index: c, tooLarge: exponent! > 0)
                }
            }
            responseScale = responseNorms.map(powerOfTwo)
            b.withUnsafeMutableBufferPointer { all in
                for c in 0..<k where responseScale[c] != 1 {
                    let inverse = 1 / responseScale[c]
                    for i in (c * n)..<((c + 1) * n) { all[i] *= inverse }
                }
            }
        }
        let tolerance = options.rankTolerance ?? Double(max(n, p)) * Double.ulpOfOne

        // QR once (on the equilibrated copy): its R carries the singular values (for n ≥ p) at p × p cost.
        let minDim = min(n, p)
        let qr: Lapack.BlockedQR?
        let triangle: [Double]
        if n >= p {
            let factorization = try Lapack.BlockedQR(design: weighted, columnDivisors: scale, rows: n, columns: p)
            qr = factorization
            triangle = factorization.upperTriangle()
        } else {
            qr = nil
            triangle = (0..<(n * p)).map { weighted[$0] / scale[$0 / n] }
        }
        let svd = try Lapack.singularValues(triangle, rows: minDim, columns: p, wantRightVectors: false)
        let sigma = svd.values
        let sigmaMax = sigma.first ?? 0
        var rank = sigmaMax > 0 ? sigma.filter { $0 > tolerance * sigmaMax }.count : 0
        let fullRank = rank == p
        let equilibratedCondition = fullRank ? sigmaMax / sigma[p - 1] : .infinity

        // x: coefficients of the equilibrated design for the scaled responses, and rss theirs — or, from
        // the shared-design kernel, coefficients and rss in the design's and responses' own units.
        var inOwnUnits = false
        var x: [Double]
        var rss: [Double]
        var refined = false
        let equilibratedCovariance: [Double]
        let method: LeastSquaresMethod
        if fullRank && options.method != .svd, let qr {
            method = .householderQR
            let shouldRefine: Bool
            switch options.refinement {
            case .always: shouldRefine = true
            case .never: shouldRefine = false
            case .automatic:
                shouldRefine = equilibratedCondition >= options.refinementConditionThreshold || n * p * k <= 50_000
            }
            (x, rss) = ([], [])
            if !shouldRefine && k >= sharedDesignMinimumRightHandSides && n <= sharedDesignMaximumRows {
                // The kernel reads the responses once, unscaled; its results are kept when every series is
                // well inside the range of doubles, and otherwise the general path below measures, scales
                // or refuses the responses.
                let projector = try pseudoInverse(qr: qr, triangle: triangle, scale: scale)
                let fit = projectAndMeasure(projector: projector, design: weighted, rows: n, columns: p, responses: b, count: k)
                if fit.finite && sharedFitIsInRange(fit.coefficients, fit.residualSumOfSquares, coefficientSquares: fit.coefficientSquares,
                                                    smallestResidualSumOfSquares: fit.smallestResidualSumOfSquares, scale: scale) {
                    (x, rss) = (fit.coefficients, fit.residualSumOfSquares)
                    inOwnUnits = true
                }
            }
            if !inOwnUnits {
                try scaleResponses()
                x = [Double](repeating: 0, count: p * k)
                rss = [Double](repeating: 0, count: k)
                var qtb = b
                try qr.applyQ(transpose: true, to: &qtb, rightHandSides: k)
                for c in 0..<k {
                    for i in 0..<p { x[i + c * p] = qtb[i + c * n] }
                    var sum = 0.0
                    for i in p..<n { sum += qtb[i + c * n] * qtb[i + c * n] }
                    rss[c] = sum
                }
                try Lapack.solveUpperTriangular(triangle, order: p, leadingDimension: p, &x, rightHandSides: k, leadingDimensionB: p)
                try checkRepresentable(x, scale: scale)
                if shouldRefine {
                    rss = try refineAugmented(qr: qr, triangle: triangle, design: weighted, scale: scale,
                                              rows: n, columns: p, responses: b, count: k, solution: &x)
                    refined = true
                }
            }
            equilibratedCovariance = try Lapack.inverseOfGram(upperTriangular: triangle, order: p)
        } else {
            method = .svd
            try scaleResponses()
            let deficient = try minimumNormSolution(design: weighted, scale: scale, triangle: triangle, rows: n, columns: p,
                                                    responses: b, count: k, tolerance: tolerance)
            (x, rss, rank, equilibratedCovariance) = (deficient.coefficients, deficient.residualSumOfSquares,
                                                      deficient.rank, deficient.equilibratedCovariance)
        }

        // The scalings undone.
        if !inOwnUnits {
            for c in 0..<k {
                rss[c] *= responseScale[c] * responseScale[c]
                for j in 0..<p {
                    let coefficient = x[j + c * p] * responseScale[c] / scale[j]
                    guard coefficient.isFinite else { throw LinearAlgebraError.coefficientOutOfRange(column: j) }
                    x[j + c * p] = coefficient
                }
            }
        }
        var covariance = equilibratedCovariance
        for j in 0..<p { for i in 0..<p { covariance[i + j * p] /= scale[i] * scale[j] } }

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
            columnScales: scale,
            equilibratedUnscaledCovariance: try Matrix(rows: p, columns: p, columnMajor: equilibratedCovariance),
            observationCount: n,
            parameterCount: p)
    }

    /// Whether the shared-design kernel's results can be kept as they are: every series' fitted size
    /// ‖S b‖ (S: the column scales, so about the norm of its fitted values) is below 2^500, and every
    /// series whose residual sum of squares is below 2^-1000 has a size above 2^-500 or is a zero
    /// response (size and residual 0). Then every sum of squares is a double and no series needs
    /// scaling. The sizes are bounded by max sⱼ · √(Σ b²), the kernel's sum of the squares of all
    /// coefficients, and series with tiny residuals are looked for only when the kernel's smallest
    /// residual sum of squares is tiny (a pass over the results would cost a tenth of the kernel: they
    /// no longer fit in cache); sizes are formed only for those few series.
    static func sharedFitIsInRange(_ x: [Double], _ rss: [Double], coefficientSquares: Double,
                                   smallestResidualSumOfSquares: Double, scale: [Double]) -> Bool {
        let p = scale.count
        guard coefficientSquares.squareRoot() * (scale.max() ?? 1) <= 0x1p500 else { return false }
        guard smallestResidualSumOfSquares < 0x1p-1000 else { return true }
        for c in rss.indices where rss[c] < 0x1p-1000 {
            var size = 0.0
            for j in 0..<p { size += (x[c * p + j] * scale[j]) * (x[c * p + j] * scale[j]) }
            if size == 0 ? rss[c] != 0 : size < 0x1p-1000 { return false }
        }
        return true
    }

    /// Throws ``LinearAlgebraError/coefficientOutOfRange(column:)`` when a coefficient of `x` (equilibrated
    /// units, p per right-hand side) is beyond the range of doubles in the design's units, `x / scale`,
    /// in which the refinement and the residuals are computed.
    static func checkRepresentable(_ x: [Double], scale: [Double]) throws {
        let p = scale.count
        for index in x.indices where !(x[index] / scale[index % p]).isFinite {
            throw LinearAlgebraError.coefficientOutOfRange(column: index % p)
        }
    }

    /// Largest binary exponent of a design column's 2-norm: 2⁹⁹⁶ ≈ 1e300 leaves room for the
    /// products of the refinement.
    static let maximumDesignNormExponent = 996
    /// Largest binary exponent (in magnitude) of a response's 2-norm: its square must be a normal double.
    static let maximumResponseNormExponent = 510

    /// 2ᵉ for the exponent `e` of a column's norm, 1 for an all-zero column (nil), and never a power
    /// whose reciprocal overflows (at least 2⁻¹⁰²²).
    static func powerOfTwo(_ exponent: Int?) -> Double {
        guard let exponent else { return 1 }
        return Double(sign: .plus, exponent: max(exponent, -1022), significand: 1)
    }

    /// The binary exponent of the power of two nearest to the 2-norm of every column (nil for an
    /// all-zero column): dividing by these powers equilibrates the columns exactly, so the scaled
    /// problem has exactly the solution of the original one (a rounded scaling would perturb the data
    /// by ε and, on large-residual problems, the solution by κ²ε). Returns `nil` when a value is not
    /// finite.
    ///
    /// One pass per column with four partial sums of squares; a column whose sum of squares
    /// overflows or nearly underflows is measured again with the largest value factored out (its
    /// norm's exponent is then formed from logarithms, so that even a norm beyond the largest double
    /// has one).
    static func columnNormExponents(_ a: [Double], rows n: Int, columns p: Int) -> [Int?]? {
        a.withUnsafeBufferPointer { all -> [Int?]? in
            var exponents = [Int?](repeating: nil, count: p)
            for j in 0..<p {
                let column = all.baseAddress! + j * n
                var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
                var i = 0
                while i + 4 <= n {
                    s0 += column[i] * column[i]
                    s1 += column[i + 1] * column[i + 1]
                    s2 += column[i + 2] * column[i + 2]
                    s3 += column[i + 3] * column[i + 3]
                    i += 4
                }
                while i < n { s0 += column[i] * column[i]; i += 1 }
                let sum = (s0 + s1) + (s2 + s3)
                if sum.isFinite && sum >= 0x1p-900 {
                    exponents[j] = Int(log2(sum.squareRoot()).rounded())
                    continue
                }
                var largest = 0.0
                for i in 0..<n { largest = max(largest, abs(column[i])) }
                guard largest.isFinite else { return nil }
                if largest == 0 {
                    for i in 0..<n where !column[i].isFinite { return nil }
                    continue
                }
                var scaled = 0.0
                for i in 0..<n { let v = column[i] / largest; scaled += v * v }
                guard scaled.isFinite else { return nil }
                let norm = largest * scaled.squareRoot()
                exponents[j] = Int((norm.isFinite ? log2(norm) : log2(largest) + log2(scaled) / 2).rounded())
            }
            return exponents
        }
    }

    /// Throws ``LinearAlgebraError/nonFiniteInput(_:)`` naming the first non-finite design value.
    private static func checkFinite(design: Matrix) throws {
        if let index = design.storage.firstIndex(where: { !$0.isFinite }) {
            throw LinearAlgebraError.nonFiniteInput("design row \(index % design.rows + 1), column \(index / design.rows + 1)")
        }
    }

    /// Throws ``LinearAlgebraError/nonFiniteInput(_:)`` naming the first non-finite response.
    private static func checkFinite(responses: Matrix) throws {
        if let index = responses.storage.firstIndex(where: { !$0.isFinite }) {
            throw LinearAlgebraError.nonFiniteInput("response row \(index % responses.rows + 1), column \(index / responses.rows + 1)")
        }
    }

    /// Residuals `Y − X B` for all right-hand sides (less `previous`, the residuals of an earlier
    /// iterate, when given), each accumulated in doubled precision.
    static func residuals(design: [Double], rows n: Int, columns p: Int, responses: [Double],
                          coefficients: [Double], count k: Int, minus previous: [Double]? = nil) -> [Double] {
        var result = [Double](repeating: 0, count: n * k)
        design.withUnsafeBufferPointer { xp in
            coefficients.withUnsafeBufferPointer { all in
                for c in 0..<k {
                    let b = UnsafeBufferPointer(rebasing: all[(c * p)..<((c + 1) * p)])
                    for i in 0..<n {
                        result[i + c * n] = CompensatedArithmetic.residual(
                            row: i, response: responses[i + c * n], design: xp, leadingDimension: n, coefficients: b,
                            minus: previous?[i + c * n] ?? 0)
                    }
                }
            }
        }
        return result
    }
}
