import Foundation

/// How a least-squares problem was (or is to be) solved.
public enum LeastSquaresMethod: String, Sendable, Codable, CaseIterable {
    /// Householder QR (blocked tall-skinny `dgeqrt` + `dtpqrt`, Q applied by `dgemqrt`/`dtpmqrt`,
    /// then `dtrtrs`): used when the equilibrated design has full column rank.
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
/// 3. X is factored once by Householder QR (block row by block row, see `Lapack.BlockedQR`), the
///    singular values of R give the rank and the condition number;
/// 4. full rank: `B = R⁻¹ (QᵀY)[0..<p]` for all k right-hand sides at once, the residual sum of
///    squares is `‖(QᵀY)[p..<n]‖²`, and — per ``RefinementPolicy`` — iterative refinement of the
///    augmented system with residuals accumulated in doubled precision, and the equilibration is
///    undone; rank deficient: the minimum-norm solution in the original units from `dgelsd` with
///    the same relative rank tolerance (the rank reported is `dgelsd`'s).
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
        // The scales come from a read-only pass that also detects non-finite design values.
        guard let scale = equilibrationScales(weighted, rows: n, columns: p) else {
            try checkFinite(design: design)
            throw LinearAlgebraError.nonFiniteInput("the weighted design overflows; rescale the weights")
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

        var x: [Double]
        var rss: [Double]
        var refined = false
        var covariance: [Double]
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
            if !shouldRefine && k >= sharedDesignMinimumRightHandSides && n <= sharedDesignMaximumRows {
                let projector = try pseudoInverse(qr: qr, triangle: triangle, scale: scale)
                // A non-finite response makes its residual sum of squares non-finite, so the data are
                // checked only then (the kernel reads the responses once).
                let fit = projectAndMeasure(projector: projector, design: weighted, rows: n, columns: p, responses: b, count: k)
                (x, rss) = (fit.coefficients, fit.residualSumOfSquares)
                if !fit.finite { try checkFinite(responses: responses) }
            } else {
                if weights == nil { try checkFinite(responses: responses) }
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
                if shouldRefine {
                    rss = try refineAugmented(qr: qr, triangle: triangle, design: weighted, scale: scale,
                                              rows: n, columns: p, responses: b, count: k, solution: &x)
                    refined = true
                }
                for c in 0..<k { for j in 0..<p { x[j + c * p] /= scale[j] } }
            }
            covariance = try Lapack.inverseOfGram(upperTriangular: triangle, order: p)
            for j in 0..<p { for i in 0..<p { covariance[i + j * p] /= scale[i] * scale[j] } }
        } else {
            // Minimum-norm solution in the original (weighted) units, as numpy's lstsq/pinv and
            // statsmodels give it: the minimum-norm solution is not invariant to column scaling.
            if weights == nil { try checkFinite(responses: responses) }
            method = .svd
            x = [Double](repeating: 0, count: p * k)
            rss = [Double](repeating: 0, count: k)
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

    /// Smallest number of right-hand sides for the shared-design kernel (see ``projectAndMeasure``).
    static let sharedDesignMinimumRightHandSides = 64
    /// Largest number of rows for the shared-design kernel.
    static let sharedDesignMaximumRows = 512

    /// Iterative refinement of the augmented system `[I A; Aᵀ 0] [r; x] = [b; 0]` (Björck), which —
    /// unlike refining x alone — also removes the κ²·‖r‖ error term of large-residual problems.
    /// Residuals of the augmented system are accumulated in doubled precision; corrections reuse the
    /// QR factorization: `h = R⁻ᵀ g`, `d = Qᵀ f`, `δx = R⁻¹ (d₁ − h)`, `δr = Q [h; d₂]`.
    ///
    /// `x` is in equilibrated units; `design` is the (weighted) design before equilibration. The
    /// equilibrated design `A = design · S⁻¹` is never stored: `A x = design (S⁻¹ x)` and
    /// `Aᵀ r = S⁻¹ (designᵀ r)` hold exactly because S holds powers of two.
    /// Returns the residual sum of squares per right-hand side after `steps` refinements.
    private static func refineAugmented(qr: Lapack.BlockedQR, triangle: [Double], design: [Double], scale: [Double],
                                        rows n: Int, columns p: Int, responses b: [Double], count k: Int,
                                        solution x: inout [Double], steps: Int = 2) throws -> [Double] {
        func originalUnits(_ x: [Double]) -> [Double] { x.indices.map { x[$0] / scale[$0 % p] } }
        var r = residuals(design: design, rows: n, columns: p, responses: b, coefficients: originalUnits(x), count: k)
        for _ in 0..<steps {
            var f = [Double](repeating: 0, count: n * k)
            var h = [Double](repeating: 0, count: p * k)
            let unscaled = originalUnits(x)
            design.withUnsafeBufferPointer { xp in
                unscaled.withUnsafeBufferPointer { all in
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
                                r, offset: c * n) / scale[j]
                        }
                    }
                }
            }
            try Lapack.solveUpperTriangular(triangle, order: p, leadingDimension: p, &h, rightHandSides: k,
                                            leadingDimensionB: p, transpose: true)
            try qr.applyQ(transpose: true, to: &f, rightHandSides: k)
            var deltaX = [Double](repeating: 0, count: p * k)
            for c in 0..<k {
                for i in 0..<p {
                    deltaX[i + c * p] = f[i + c * n] - h[i + c * p]
                    f[i + c * n] = h[i + c * p]
                }
            }
            try Lapack.solveUpperTriangular(triangle, order: p, leadingDimension: p, &deltaX, rightHandSides: k,
                                            leadingDimensionB: p)
            try qr.applyQ(transpose: false, to: &f, rightHandSides: k)
            for index in x.indices { x[index] += deltaX[index] }
            for index in r.indices { r[index] += f[index] }
        }
        let final = residuals(design: design, rows: n, columns: p, responses: b, coefficients: originalUnits(x), count: k)
        return (0..<k).map { c in
            var sum = 0.0
            for i in 0..<n { sum += final[i + c * n] * final[i + c * n] }
            return sum
        }
    }

    /// The power of two nearest to the 2-norm of every column (1 for an all-zero column): dividing
    /// by them equilibrates the columns exactly, so the scaled problem has exactly the solution of
    /// the original one (a rounded scaling would perturb the data by ε and, on large-residual
    /// problems, the solution by κ²ε). Returns `nil` when a value is not finite.
    ///
    /// One pass per column with four partial sums of squares; a column whose sum of squares
    /// overflows or nearly underflows is measured again with the largest value factored out.
    private static func equilibrationScales(_ a: [Double], rows n: Int, columns p: Int) -> [Double]? {
        a.withUnsafeBufferPointer { all -> [Double]? in
            var scale = [Double](repeating: 1, count: p)
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
                var norm: Double
                if sum.isFinite && sum >= 0x1p-900 {
                    norm = sum.squareRoot()
                } else {
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
                    norm = largest * scaled.squareRoot()
                }
                scale[j] = Double(sign: .plus, exponent: Int(log2(norm).rounded()), significand: 1)
            }
            return scale
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

    /// The pseudo-inverse `P = S⁻¹ R⁻¹ Q₁ᵀ` (p × n, column-major) of the weighted design from its
    /// equilibrated QR factorization (S: the power-of-two column scales).
    private static func pseudoInverse(qr: Lapack.BlockedQR, triangle: [Double], scale: [Double]) throws -> [Double] {
        let n = qr.rows, p = qr.columns
        var basis = [Double](repeating: 0, count: n * p)
        for j in 0..<p { basis[j + j * n] = 1 }
        try qr.applyQ(transpose: false, to: &basis, rightHandSides: p)
        var projector = [Double](repeating: 0, count: p * n)
        for j in 0..<p { for i in 0..<n { projector[j + i * p] = basis[i + j * n] } }
        try Lapack.solveUpperTriangular(triangle, order: p, leadingDimension: p, &projector, rightHandSides: n,
                                        leadingDimensionB: p)
        for i in 0..<n { for j in 0..<p { projector[j + i * p] /= scale[j] } }
        return projector
    }

    /// The shared-design kernel: for every right-hand side y, `b = P y` and `‖y − X b‖²`, reading
    /// each response once (four series per SIMD vector; the remainder in the same order of
    /// operations, so results do not depend on a series' position).
    ///
    /// Used for well-conditioned designs (no refinement due) with at least
    /// ``sharedDesignMinimumRightHandSides`` right-hand sides of at most ``sharedDesignMaximumRows``
    /// rows: thousands of short series over the same years. Forming `P = R⁻¹Q₁ᵀ` costs one
    /// rounding more than applying Qᵀ and then R⁻¹; for equilibrated condition numbers below the
    /// refinement threshold (10⁴ by default) both errors are of order κε.
    /// Returns the coefficients (p × k), the residual sums of squares, and whether all of those are
    /// finite (they are not when a response is not finite).
    private static func projectAndMeasure(projector: [Double], design: [Double], rows n: Int, columns p: Int,
                                          responses: [Double], count k: Int)
        -> (coefficients: [Double], residualSumOfSquares: [Double], finite: Bool) {
        var rss: [Double] = []
        let coefficients = [Double](unsafeUninitializedCapacity: p * k) { coefficientBuffer, coefficientCount in
            rss = [Double](unsafeUninitializedCapacity: k) { rssBuffer, rssCount in
                projector.withUnsafeBufferPointer { pp in
                    design.withUnsafeBufferPointer { xp in
                        responses.withUnsafeBufferPointer { yp in
                            let P = pp.baseAddress!, X = xp.baseAddress!, Y = yp.baseAddress!
                            let B = coefficientBuffer.baseAddress!, R = rssBuffer.baseAddress!
                            let full = k - k % 4
                            switch p {
                            case 1: projectFourAtATime(P, X, Y, B, R, rows: n, smallColumns: 1, count: full)
                            case 2: projectFourAtATime(P, X, Y, B, R, rows: n, smallColumns: 2, count: full)
                            case 3: projectFourAtATime(P, X, Y, B, R, rows: n, smallColumns: 3, count: full)
                            case 4: projectFourAtATime(P, X, Y, B, R, rows: n, smallColumns: 4, count: full)
                            default: projectFourAtATime(P, X, Y, B, R, rows: n, columns: p, count: full)
                            }
                            for c in full..<k {
                                let y = Y + c * n, b = B + c * p
                                for j in 0..<p { b[j] = 0 }
                                for i in 0..<n { for j in 0..<p { b[j] += P[j + i * p] * y[i] } }
                                var sum = 0.0
                                for i in 0..<n {
                                    var r = y[i]
                                    for j in 0..<p { r -= X[i + j * n] * b[j] }
                                    sum += r * r
                                }
                                R[c] = sum
                            }
                        }
                    }
                }
                rssCount = k
            }
            coefficientCount = p * k
        }
        return (coefficients, rss, rss.allSatisfy(\.isFinite))
    }

    /// The shared-design kernel for `count` (a multiple of 4) series and any number of columns p:
    /// four series per SIMD vector, coefficients accumulated in a scratch array.
    private static func projectFourAtATime(_ P: UnsafePointer<Double>, _ X: UnsafePointer<Double>, _ Y: UnsafePointer<Double>,
                                           _ B: UnsafeMutablePointer<Double>, _ R: UnsafeMutablePointer<Double>,
                                           rows n: Int, columns p: Int, count: Int) {
        withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: n + p) { lanes in
            let ys = lanes.baseAddress!, bs = lanes.baseAddress! + n
            for c in stride(from: 0, to: count, by: 4) {
                let y0 = Y + c * n, y1 = y0 + n, y2 = y1 + n, y3 = y2 + n
                for j in 0..<p { bs[j] = .zero }
                for i in 0..<n {
                    let y = SIMD4(y0[i], y1[i], y2[i], y3[i])
                    ys[i] = y
                    for j in 0..<p { bs[j] += P[j + i * p] * y }
                }
                var sum = SIMD4<Double>.zero
                for i in 0..<n {
                    var r = ys[i]
                    for j in 0..<p { r -= X[i + j * n] * bs[j] }
                    sum += r * r
                }
                for j in 0..<p { store(bs[j], to: B + j + c * p, stride: p) }
                store(sum, to: R + c, stride: 1)
            }
        }
    }

    /// The shared-design kernel for `count` (a multiple of 4) series and `p` ≤ 4 columns: the
    /// coefficients of four series stay in registers. Same order of operations as the general kernel.
    /// Always inlined at call sites that pass a literal `p`, so the branches on `p` fold away.
    @inline(__always)
    private static func projectFourAtATime(
        _ P: UnsafePointer<Double>, _ X: UnsafePointer<Double>, _ Y: UnsafePointer<Double>,
        _ B: UnsafeMutablePointer<Double>, _ R: UnsafeMutablePointer<Double>, rows n: Int, smallColumns p: Int, count: Int) {
        // Every coefficient of P and X splatted into a vector once, so the loops below do only
        // vector loads and arithmetic.
        withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: 2 * n * p + n) { splats in
            let ps = splats.baseAddress!, xs = splats.baseAddress! + n * p, ys = splats.baseAddress! + 2 * n * p
            for index in 0..<(n * p) {
                ps[index] = SIMD4(repeating: P[index])
                xs[(index % n) * p + index / n] = SIMD4(repeating: X[index])
            }
            for c in stride(from: 0, to: count, by: 4) {
                let y0 = Y + c &* n, y1 = y0 + n, y2 = y1 + n, y3 = y2 + n
                var b0 = SIMD4<Double>.zero, b1 = SIMD4<Double>.zero, b2 = SIMD4<Double>.zero, b3 = SIMD4<Double>.zero
                for i in 0..<n {
                    let y = SIMD4(y0[i], y1[i], y2[i], y3[i])
                    ys[i] = y
                    let column = ps + i &* p
                    b0 += column[0] * y
                    if p > 1 { b1 += column[1] * y }
                    if p > 2 { b2 += column[2] * y }
                    if p > 3 { b3 += column[3] * y }
                }
                var sum = SIMD4<Double>.zero
                for i in 0..<n {
                    var r = ys[i]
                    let row = xs + i &* p
                    r -= row[0] * b0
                    if p > 1 { r -= row[1] * b1 }
                    if p > 2 { r -= row[2] * b2 }
                    if p > 3 { r -= row[3] * b3 }
                    sum += r * r
                }
                let target = B + c &* p
                store(b0, to: target, stride: p)
                if p > 1 { store(b1, to: target + 1, stride: p) }
                if p > 2 { store(b2, to: target + 2, stride: p) }
                if p > 3 { store(b3, to: target + 3, stride: p) }
                store(sum, to: R + c, stride: 1)
            }
        }
    }

    /// Writes the four lanes of `v` to `target[0]`, `target[stride]`, `target[2·stride]`, `target[3·stride]`.
    @inline(__always)
    private static func store(_ v: SIMD4<Double>, to target: UnsafeMutablePointer<Double>, stride: Int) {
        target[0] = v[0]
        target[stride] = v[1]
        target[2 * stride] = v[2]
        target[3 * stride] = v[3]
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
