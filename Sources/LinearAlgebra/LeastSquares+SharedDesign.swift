import Foundation

// The shared-design kernel of `LeastSquares.solve`: many short series sharing one well-conditioned
// design, solved through the pseudo-inverse formed once.

extension LeastSquares {
    /// Smallest number of right-hand sides for the shared-design kernel (see ``projectAndMeasure``).
    static let sharedDesignMinimumRightHandSides = 64
    /// Largest number of rows for the shared-design kernel.
    static let sharedDesignMaximumRows = 512

    /// The pseudo-inverse `P = S⁻¹ R⁻¹ Q₁ᵀ` (p × n, column-major) of the weighted design from its
    /// equilibrated QR factorization (S: the power-of-two column scales).
    static func pseudoInverse(qr: Lapack.BlockedQR, triangle: [Double], scale: [Double]) throws -> [Double] {
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
    /// Returns the coefficients (p × k), the residual sums of squares, the sum of the squares of all
    /// coefficients (a bound on every coefficient's size) and the smallest residual sum of squares (both
    /// formed in registers), and
    /// whether all residual sums of squares are finite (they are not when a response is not finite or a
    /// product overflows; then the coefficients may not be finite either).
    static func projectAndMeasure(projector: [Double], design: [Double], rows n: Int, columns p: Int,
                                  responses: [Double], count k: Int)
        -> (coefficients: [Double], residualSumOfSquares: [Double], coefficientSquares: Double, smallestResidualSumOfSquares: Double,
            finite: Bool) {
        var rss: [Double] = []
        var squares = 0.0, smallest = Double.infinity
        let coefficients = [Double](unsafeUninitializedCapacity: p * k) { coefficientBuffer, coefficientCount in
            rss = [Double](unsafeUninitializedCapacity: k) { rssBuffer, rssCount in
                projector.withUnsafeBufferPointer { pp in
                    design.withUnsafeBufferPointer { xp in
                        responses.withUnsafeBufferPointer { yp in
                            let P = pp.baseAddress!, X = xp.baseAddress!, Y = yp.baseAddress!
                            let B = coefficientBuffer.baseAddress!, R = rssBuffer.baseAddress!
                            let full = k - k % 4
                            switch p {
                            case 1: (squares, smallest) = projectFourAtATime(P, X, Y, B, R, rows: n, smallColumns: 1, count: full)
                            case 2: (squares, smallest) = projectFourAtATime(P, X, Y, B, R, rows: n, smallColumns: 2, count: full)
                            case 3: (squares, smallest) = projectFourAtATime(P, X, Y, B, R, rows: n, smallColumns: 3, count: full)
                            case 4: (squares, smallest) = projectFourAtATime(P, X, Y, B, R, rows: n, smallColumns: 4, count: full)
                            default: (squares, smallest) = projectFourAtATime(P, X, Y, B, R, rows: n, columns: p, count: full)
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
                                for j in 0..<p { squares += b[j] * b[j] }
                                smallest = min(smallest, sum)
                            }
                        }
                    }
                }
                rssCount = k
            }
            coefficientCount = p * k
        }
        return (coefficients, rss, squares, smallest, rss.allSatisfy(\.isFinite))
    }

    /// The shared-design kernel for `count` (a multiple of 4) series and any number of columns p:
    /// four series per SIMD vector, coefficients accumulated in a scratch array. Returns the sum of the
    /// squares of the coefficients and the smallest residual sum of squares.
    static func projectFourAtATime(_ P: UnsafePointer<Double>, _ X: UnsafePointer<Double>, _ Y: UnsafePointer<Double>,
                                   _ B: UnsafeMutablePointer<Double>, _ R: UnsafeMutablePointer<Double>,
                                   rows n: Int, columns p: Int, count: Int) -> (squares: Double, smallest: Double) {
        withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: n + p) { lanes in
            var squares = SIMD4<Double>.zero, smallest = Double.infinity
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
                for j in 0..<p {
                    squares += bs[j] * bs[j]
                    store(bs[j], to: B + j + c * p, stride: p)
                }
                store(sum, to: R + c, stride: 1)
                smallest = Swift.min(smallest, Swift.min(Swift.min(sum[0], sum[1]), Swift.min(sum[2], sum[3])))
            }
            return (squares.sum(), smallest)
        }
    }

    /// The shared-design kernel for `count` (a multiple of 4) series and `p` ≤ 4 columns: the
    /// coefficients of four series stay in registers. Same order of operations as the general kernel.
    /// Always inlined at call sites that pass a literal `p`, so the branches on `p` fold away. Returns
    /// the sum of the squares of the coefficients and the smallest residual sum of squares.
    @inline(__always)
    static func projectFourAtATime(
        _ P: UnsafePointer<Double>, _ X: UnsafePointer<Double>, _ Y: UnsafePointer<Double>,
        _ B: UnsafeMutablePointer<Double>, _ R: UnsafeMutablePointer<Double>, rows n: Int, smallColumns p: Int,
        count: Int) -> (squares: Double, smallest: Double) {
        // Every coefficient of P and X splatted into a vector once, so the loops below do only
        // vector loads and arithmetic.
        withUnsafeTemporaryAllocation(of: SIMD4<Double>.self, capacity: 2 * n * p + n) { splats in
            let ps = splats.baseAddress!, xs = splats.baseAddress! + n * p, ys = splats.baseAddress! + 2 * n * p
            var squares = SIMD4<Double>.zero, smallest = Double.infinity
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
                var coefficientSquares = b0 * b0
                if p > 1 { coefficientSquares += b1 * b1 }
                if p > 2 { coefficientSquares += b2 * b2 }
                if p > 3 { coefficientSquares += b3 * b3 }
                squares += coefficientSquares
                smallest = Swift.min(smallest, Swift.min(Swift.min(sum[0], sum[1]), Swift.min(sum[2], sum[3])))
                let target = B + c &* p
                store(b0, to: target, stride: p)
                if p > 1 { store(b1, to: target + 1, stride: p) }
                if p > 2 { store(b2, to: target + 2, stride: p) }
                if p > 3 { store(b3, to: target + 3, stride: p) }
                store(sum, to: R + c, stride: 1)
            }
            return (squares.sum(), smallest)
        }
    }

    /// Writes the four lanes of `v` to `target[0]`, `target[stride]`, `target[2·stride]`, `target[3·stride]`.
    @inline(__always)
    static func store(_ v: SIMD4<Double>, to target: UnsafeMutablePointer<Double>, stride: Int) {
        target[0] = v[0]
        target[stride] = v[1]
        target[2 * stride] = v[2]
        target[3 * stride] = v[3]
    }
}
