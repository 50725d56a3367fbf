import Foundation

/// The Householder QR of ``IndependentLeastSquares``' small-problem kernel, in two steps: ``factor(a:factors:rows:columns:)``
/// works on the design alone and ``solve(a:factors:y:x:rows:columns:)`` applies the factorization to one
/// response. A design shared by many responses (``SmallDesignFactorization``) is factored once; the
/// response sees exactly the operations, in the same order, that it would see if the design were
/// factored again for it, so the coefficients are bit-identical.
///
/// `factors` holds 3p numbers: the power-of-two column scales, the first entry of each Householder
/// vector (the rest of vector k is stored below the diagonal of column k of `a`) and each vector's
/// squared norm `vᵀv`.
enum SmallQR {
    /// Equilibrates the columns of `a` (n × p, column-major) by the powers of two nearest their norms and
    /// overwrites it with R (on and above the diagonal) and the Householder vectors (below it). Returns
    /// false when the problem must be delegated: a zero or non-finite column, or a diagonal ratio
    /// `min |Rⱼⱼ| / max |Rⱼⱼ|` below ``IndependentLeastSquares/delegationThreshold``.
    @inline(__always)
    static func factor(a: UnsafeMutableBufferPointer<Double>, factors: UnsafeMutableBufferPointer<Double>,
                       rows n: Int, columns p: Int) -> Bool {
        for j in 0..<p {
            var sum = 0.0
            for i in 0..<n { sum += a[i + j * n] * a[i + j * n] }
            guard sum > 0, sum.isFinite else { return false }
            // The power of two nearest the norm (in log scale), read off the norm's binary exponent.
            let norm = sum.squareRoot()
            let power = Double(sign: .plus, exponent: norm.significand < 2.squareRoot() ? norm.exponent : norm.exponent + 1,
                               significand: 1)
            factors[j] = power
            let inverse = 1 / power
            for i in 0..<n { a[i + j * n] *= inverse }
        }
        var largestDiagonal = 0.0
        var smallestDiagonal = Double.infinity
        for k in 0..<p {
            var norm2 = 0.0
            for i in k..<n { norm2 += a[i + k * n] * a[i + k * n] }
            let norm = norm2.squareRoot()
            let head = a[k + k * n]
            let alpha = head > 0 ? -norm : norm
            largestDiagonal = max(largestDiagonal, norm)
            smallestDiagonal = min(smallestDiagonal, norm)
            guard norm > 0 else { return false }
            // Reflector v = x − αe₁ (stored in place), H = I − v vᵀ / (vᵀv) with vᵀv = 2(norm² − α·head).
            a[k + k * n] = head - alpha
            let vtv = 2 * (norm2 - alpha * head)
            for j in (k + 1)..<max(k + 1, p) {
                var dot = 0.0
                for i in k..<n { dot += a[i + k * n] * a[i + j * n] }
                let factor = 2 * dot / vtv
                for i in k..<n { a[i + j * n] -= factor * a[i + k * n] }
            }
            factors[p + k] = a[k + k * n]
            factors[2 * p + k] = vtv
            a[k + k * n] = alpha
        }
        return smallestDiagonal >= IndependentLeastSquares.delegationThreshold * largestDiagonal
    }

    /// Applies the reflectors of a factored `a` to `y` (overwritten) and solves R x = Qᵀy by back
    /// substitution, undoing the column scales. Returns the residual sum of squares.
    @inline(__always)
    static func solve(a: UnsafeBufferPointer<Double>, factors: UnsafeBufferPointer<Double>,
                      y: UnsafeMutableBufferPointer<Double>, x: UnsafeMutableBufferPointer<Double>,
                      rows n: Int, columns p: Int) -> Double {
        for k in 0..<p {
            let head = factors[p + k]
            var dot = 0.0
            dot += head * y[k]
            for i in (k + 1)..<max(k + 1, n) { dot += a[i + k * n] * y[i] }
            let factor = 2 * dot / factors[2 * p + k]
            y[k] -= factor * head
            for i in (k + 1)..<max(k + 1, n) { y[i] -= factor * a[i + k * n] }
        }
        for k in stride(from: p - 1, through: 0, by: -1) {
            var sum = y[k]
            for j in (k + 1)..<max(k + 1, p) { sum -= a[k + j * n] * x[j] }
            x[k] = sum / a[k + k * n]
        }
        for j in 0..<p { x[j] /= factors[j] }
        var residual = 0.0
        for i in p..<n { residual += y[i] * y[i] }
        return residual
    }
}

/// A small design (n × p, p ≤ ``IndependentLeastSquares/maximumColumns``) factored once, for solving
/// `min ‖X b − y‖` for many responses y, such as a trend line fitted to every series of one length.
///
/// Each solve gives bit-identically the coefficients and residual sum of squares of
/// ``IndependentLeastSquares/solve(design:response:rows:columns:coefficients:workspace:)`` on the same
/// design and response, at the cost of applying the factorization only (about 4np operations instead of
/// the factorization's 2np²). Designs that kernel would hand to LAPACK are refused (the initializer returns nil).
public struct SmallDesignFactorization: Sendable {
    /// Number of rows n and columns p.
    public let rows: Int, columns: Int
    /// R and the Householder vectors, n × p column-major.
    private let packed: [Double]
    /// The column scales, the vectors' first entries and their squared norms (see ``SmallQR``).
    private let factors: [Double]

    /// Factors `design` (n × p, column-major). Returns nil when it is not a small problem the kernel
    /// solves itself: p outside 1 … ``IndependentLeastSquares/maximumColumns``, n < p, a non-finite
    /// value, or a rank-deficient or ill-conditioned design.
    public init?(design: [Double], rows n: Int, columns p: Int) {
        guard p >= 1, p <= IndependentLeastSquares.maximumColumns, n >= p, design.count == n * p,
              design.allSatisfy(\.isFinite) else { return nil }
        var packed = design
        var factors = [Double](repeating: 0, count: 3 * p)
        let usable = packed.withUnsafeMutableBufferPointer { a in
            factors.withUnsafeMutableBufferPointer { SmallQR.factor(a: a, factors: $0, rows: n, columns: p) }
        }
        guard usable else { return nil }
        (rows, columns, self.packed, self.factors) = (n, p, packed, factors)
    }

    /// Size of the `workspace` that ``solve(response:coefficients:workspace:)`` needs: n + p values.
    public var workspaceCount: Int { rows + columns }

    /// Solves for `response` (n values), writing the p coefficients to `coefficients`, with no allocation.
    /// - Parameters:
    ///   - response: the n observations y.
    ///   - coefficients: receives the p coefficients b.
    ///   - workspace: scratch of at least ``workspaceCount`` values; its contents on return are unspecified.
    /// - Returns: the residual sum of squares.
    /// - Throws: ``LinearAlgebraError/nonFiniteInput(_:)`` when the response is not finite (as
    ///   ``IndependentLeastSquares/solve(design:response:rows:columns:coefficients:workspace:)`` does);
    ///   ``LinearAlgebraError/dimensionMismatch(_:)`` for buffers that are too small.
    public func solve(response: UnsafeBufferPointer<Double>, coefficients: UnsafeMutableBufferPointer<Double>,
                      workspace: UnsafeMutableBufferPointer<Double>) throws -> Double {
        let n = rows, p = columns
        guard response.count >= n, coefficients.count >= p, workspace.count >= n + p else {
            throw LinearAlgebraError.dimensionMismatch("buffers too small for one \(n) × \(p) problem")
        }
        for i in 0..<n where !response[i].isFinite {
            throw LinearAlgebraError.nonFiniteInput("response of problem 1")
        }
        let y = UnsafeMutableBufferPointer(rebasing: workspace[0..<n])
        let x = UnsafeMutableBufferPointer(rebasing: workspace[n..<(n + p)])
        for i in 0..<n { y[i] = response[i] }
        let residual = packed.withUnsafeBufferPointer { a in
            factors.withUnsafeBufferPointer { factors in
                switch p {
                case 2: return SmallQR.solve(a: a, factors: factors, y: y, x: x, rows: n, columns: 2)
                case 3: return SmallQR.solve(a: a, factors: factors, y: y, x: x, rows: n, columns: 3)
                default: return SmallQR.solve(a: a, factors: factors, y: y, x: x, rows: n, columns: p)
                }
            }
        }
        for j in 0..<p { coefficients[j] = x[j] }
        return residual
    }
}
