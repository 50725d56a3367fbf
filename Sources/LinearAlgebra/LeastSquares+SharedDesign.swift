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
    /// Returns the coefficients (p × k), the residual sums of squares, and whether all of those are
    /// finite (they are not when a response is not finite).
    static func projectAndMeasure(projector: [Double], design: [Double], rows n: Int, columns p: Int,
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
    static func projectFourAtATime(_ P: UnsafePointer<Double>, _ X: UnsafePointer<Double>, _ Y: UnsafePointer<Double>,
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
    static func projectFourAtATime(
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
    static func store(_ v: SIMD4<Double>, to target: UnsafeMutablePointer<Double>, stride: Int) {
        target[0] = v[0]
        target[stride] = v[1]
        target[2 * stride] = v[2]
        target[3 * stride] = v[3]
    }
}
