import Foundation

// The rank-deficient path of `LeastSquares.solve`: the rank decided on the equilibrated design, the
// minimum-norm solution in the original units.

extension LeastSquares {
    /// What the rank-deficient path returns, in the units the main path uses: coefficients of the
    /// equilibrated design (`S β`), residual sums of squares of the (scaled) responses, the rank and
    /// `S (XᵀWX)⁺ S`.
    struct MinimumNormSolution {
        let coefficients: [Double]
        let residualSumOfSquares: [Double]
        let rank: Int
        let equilibratedCovariance: [Double]
    }

    /// The minimum-norm least-squares solution in the original units, with the rank decided on the
    /// equilibrated design A = X S⁻¹ (S: the power-of-two column scales), so that the rank never
    /// depends on the columns' scales.
    ///
    /// Deciding the rank on X itself fails when the columns' scales differ widely: with a column of
    /// order 1e30, the rounding errors of X's SVD (about 1e30 ε ≈ 1e14) exceed the singular values of
    /// the well-scaled columns, and `dgelsd` would drop them (a design of rank 2 reported as rank 1,
    /// and a fit that is no longer least squares). Instead:
    /// 1. `dgelsd` on A gives the rank r and γ, the minimum-norm solution in equilibrated units;
    /// 2. the last p − r right singular vectors of A span its null space; mapped to the original
    ///    units (S⁻¹ N) and orthonormalised they give Q, a basis of the null space of X;
    /// 3. every least-squares solution is S⁻¹ γ + null(X), and the one of least norm is
    ///    β = (I − Q Qᵀ) S⁻¹ γ — the pseudo-inverse solution numpy and statsmodels give;
    /// 4. the covariance is (XᵀWX)⁺ = P S⁻¹ (AᵀA)⁺ S⁻¹ P with P = I − Q Qᵀ, returned as
    ///    S (XᵀWX)⁺ S = P̃ (AᵀA)⁺ P̃ᵀ, P̃ = S P S⁻¹ = I − (S Q)(S⁻¹ Q)ᵀ.
    /// - Parameters:
    ///   - design: the weighted design X, n × p, column-major.
    ///   - scale: the column scales S.
    ///   - triangle: R of A's QR factorization (p × p) when n ≥ p, or A itself (n × p): either has A's
    ///     singular values and right singular vectors.
    ///   - responses: the (scaled) responses, n × k.
    ///   - tolerance: the relative rank tolerance.
    static func minimumNormSolution(design: [Double], scale: [Double], triangle: [Double], rows n: Int, columns p: Int,
                                    responses b: [Double], count k: Int, tolerance: Double) throws -> MinimumNormSolution {
        let equilibrated = (0..<(n * p)).map { design[$0] / scale[$0 / n] }
        let ldb = max(n, p)
        var solution = [Double](repeating: 0, count: ldb * k)
        for c in 0..<k { for i in 0..<n { solution[i + c * ldb] = b[i + c * n] } }
        let rank = try Lapack.svdLeastSquares(equilibrated, rows: n, columns: p, &solution, rightHandSides: k, rcond: tolerance)
        let minDim = min(n, p)
        let svd = try Lapack.singularValues(triangle, rows: minDim, columns: p, wantRightVectors: true, allRightVectors: true)
        let vt = svd.rightVectorsTransposed
        // Q: an orthonormal basis of X's null space, from A's (column q of Q at q · p).
        var basis: [[Double]] = []
        for row in rank..<p {
            var u = (0..<p).map { vt[row + $0 * p] / scale[$0] }
            for _ in 0..<2 {
                for q in basis {
                    let projection = zip(q, u).reduce(0) { $0 + $1.0 * $1.1 }
                    for i in 0..<p { u[i] -= projection * q[i] }
                }
                let largest = u.reduce(0) { max($0, abs($1)) }
                guard largest > 0 else { break }
                u = u.map { $0 / largest }
                let norm = u.reduce(0) { $0 + $1 * $1 }.squareRoot()
                u = u.map { $0 / norm }
            }
            basis.append(u)
        }
        let scaledBasis = basis.map { q in (0..<p).map { q[$0] * scale[$0] } }
        /// P̃ v = v − Σ (S q) (qᵀ S⁻¹ v), which maps an equilibrated minimum-norm vector to S β.
        func project(_ v: [Double]) -> [Double] {
            var result = v
            for (q, sq) in zip(basis, scaledBasis) {
                let weight = (0..<p).reduce(0.0) { $0 + q[$1] * (v[$1] / scale[$1]) }
                for i in 0..<p { result[i] -= sq[i] * weight }
            }
            return result
        }
        var x = [Double](repeating: 0, count: p * k)
        for c in 0..<k {
            let projected = project((0..<p).map { solution[$0 + c * ldb] })
            for j in 0..<p { x[j + c * p] = projected[j] }
        }
        try checkRepresentable(x, scale: scale)
        let original = x.indices.map { x[$0] / scale[$0 % p] }
        let residual = residuals(design: design, rows: n, columns: p, responses: b, coefficients: original, count: k)
        let rss = (0..<k).map { c in (0..<n).reduce(0.0) { $0 + residual[$1 + c * n] * residual[$1 + c * n] } }

        // (AᵀA)⁺ over the first `rank` singular triplets, then P̃ (AᵀA)⁺ P̃ᵀ, column by column.
        var gramInverse = [Double](repeating: 0, count: p * p)
        for r in 0..<min(rank, svd.values.count) {
            let inverseSquare = 1 / (svd.values[r] * svd.values[r])
            for j in 0..<p {
                let vj = vt[r + j * p] * inverseSquare
                for i in 0..<p { gramInverse[i + j * p] += vt[r + i * p] * vj }
            }
        }
        var half = [Double](repeating: 0, count: p * p)
        for j in 0..<p {
            let column = project((0..<p).map { gramInverse[$0 + j * p] })
            for i in 0..<p { half[i + j * p] = column[i] }
        }
        var covariance = [Double](repeating: 0, count: p * p)
        for i in 0..<p {
            let row = project((0..<p).map { half[i + $0 * p] })
            for j in 0..<p { covariance[i + j * p] = row[j] }
        }
        return MinimumNormSolution(coefficients: x, residualSumOfSquares: rss, rank: rank, equilibratedCovariance: covariance)
    }
}
