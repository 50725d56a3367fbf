/// Error-free transformations and a compensated dot product (Ogita, Rump and Oishi's `Dot2`).
///
/// A residual `y − X b` computed this way is as accurate as if it had been computed in twice
/// the working precision and rounded once, which is what iterative refinement of a least-squares
/// solution needs. Portable: it relies only on fused multiply–add.
enum CompensatedArithmetic {
    /// `a + b` as an unevaluated pair `(sum, error)` with `sum + error` exact (Knuth's TwoSum).
    @inline(__always)
    static func twoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
        let s = a + b
        let bVirtual = s - a
        let aVirtual = s - bVirtual
        return (s, (a - aVirtual) + (b - bVirtual))
    }

    /// `a · b` as an unevaluated pair `(product, error)` with `product + error` exact.
    @inline(__always)
    static func twoProduct(_ a: Double, _ b: Double) -> (product: Double, error: Double) {
        let p = a * b
        return (p, (-p).addingProduct(a, b))
    }

    /// The residual `y[i] − extra − Σ_j x[i, j] · b[j]` for row `i` of a column-major `x` (leading dimension `ld`),
    /// accumulated in doubled precision.
    @inline(__always)
    static func residual(row i: Int, response y: Double, design x: UnsafeBufferPointer<Double>, leadingDimension ld: Int,
                         coefficients b: UnsafeBufferPointer<Double>, minus extra: Double = 0) -> Double {
        var (sum, compensation) = twoSum(y, -extra)
        for j in 0..<b.count {
            let (p, pe) = twoProduct(-x[i + j * ld], b[j])
            let (s, se) = twoSum(sum, p)
            sum = s
            compensation += pe + se
        }
        return sum + compensation
    }

    /// `Σ_i a[i] · b[offset + i]` accumulated in doubled precision.
    @inline(__always)
    static func dot(_ a: UnsafeBufferPointer<Double>, _ b: [Double], offset: Int) -> Double {
        var sum = 0.0
        var compensation = 0.0
        for i in 0..<a.count {
            let (p, pe) = twoProduct(a[i], b[offset + i])
            let (s, se) = twoSum(sum, p)
            sum = s
            compensation += pe + se
        }
        return sum + compensation
    }
}
