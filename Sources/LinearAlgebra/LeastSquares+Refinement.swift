import Foundation

// Iterative refinement of a full-rank least-squares solution (the QR path of `LeastSquares.solve`).

extension LeastSquares {
    /// Iterative refinement of the augmented system `[I A; Aᵀ 0] [r; x] = [b; 0]` (Björck), which —
    /// unlike refining x alone — also removes the κ²·‖r‖ error term of large-residual problems.
    /// Residuals of the augmented system are accumulated in doubled precision; corrections reuse the
    /// QR factorization: `h = R⁻ᵀ g`, `d = Qᵀ f`, `δx = R⁻¹ (d₁ − h)`, `δr = Q [h; d₂]`.
    ///
    /// `x` is in equilibrated units; `design` is the (weighted) design before equilibration. The
    /// equilibrated design `A = design · S⁻¹` is never stored: `A x = design (S⁻¹ x)` and
    /// `Aᵀ r = S⁻¹ (designᵀ r)` hold exactly because S holds powers of two.
    /// Returns the residual sum of squares per right-hand side after `steps` refinements.
    static func refineAugmented(qr: Lapack.BlockedQR, triangle: [Double], design: [Double], scale: [Double],
                                        rows n: Int, columns p: Int, responses b: [Double], count k: Int,
                                        solution x: inout [Double], steps: Int = 2) throws -> [Double] {
        func originalUnits(_ x: [Double]) -> [Double] { x.indices.map { x[$0] / scale[$0 % p] } }
        var r = residuals(design: design, rows: n, columns: p, responses: b, coefficients: originalUnits(x), count: k)
        for _ in 0..<steps {
            var f = residuals(design: design, rows: n, columns: p, responses: b, coefficients: originalUnits(x), count: k,
                              minus: r)
            var h = [Double](repeating: 0, count: p * k)
            design.withUnsafeBufferPointer { xp in
                for c in 0..<k {
                    for j in 0..<p {
                        h[j + c * p] = -CompensatedArithmetic.dot(
                            UnsafeBufferPointer(rebasing: xp[(j * n)..<((j + 1) * n)]),
                            r, offset: c * n) / scale[j]
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
}
