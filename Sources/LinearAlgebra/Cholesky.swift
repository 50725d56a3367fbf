import CLapack

extension Matrix {
    /// The lower-triangular Cholesky factor L of a symmetric positive semi-definite matrix (`A = L Lᵀ`),
    /// by LAPACK `dpotrf`, used to draw multivariate normal vectors `μ + L z`.
    ///
    /// A matrix that is only semi-definite (a covariance with an exact zero direction) is factored after
    /// adding `jitter · max diagonal` to its diagonal, doubling the jitter from 1e-14 until it succeeds
    /// (at most 1e-6); the jitter used is returned.
    /// - Throws: ``LinearAlgebraError/dimensionMismatch(_:)`` for a non-square matrix,
    ///   ``LinearAlgebraError/nonFiniteInput(_:)`` for NaN or infinity, and
    ///   ``LinearAlgebraError/lapackFailure(routine:info:)`` when the matrix is not positive semi-definite.
    public func choleskyFactor() throws -> (factor: Matrix, jitter: Double) {
        guard rows == columns else {
            throw LinearAlgebraError.dimensionMismatch("a Cholesky factor needs a square matrix; got \(rows) × \(columns)")
        }
        guard isFinite else { throw LinearAlgebraError.nonFiniteInput("covariance matrix") }
        let n = rows
        guard n > 0 else { return (self, 0) }
        let n32 = try Lapack.int32(n)
        let largest = diagonal.map(abs).max() ?? 0
        var jitter = 0.0
        while true {
            var a = storage
            if jitter > 0 { for i in 0..<n { a[i + i * n] += jitter * largest } }
            let info = a.withUnsafeMutableBufferPointer { pointer in
                LAPACKE_dpotrf(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), n32, pointer.baseAddress, n32)
            }
            if info == 0 {
                for j in 1..<max(1, n) { for i in 0..<j { a[i + j * n] = 0 } }
                return (try Matrix(rows: n, columns: n, columnMajor: a), jitter)
            }
            guard info > 0, largest > 0 else { throw LinearAlgebraError.lapackFailure(routine: "dpotrf", info: info) }
            jitter = jitter == 0 ? 1e-14 : jitter * 2
            if jitter > 1e-6 { throw LinearAlgebraError.lapackFailure(routine: "dpotrf", info: info) }
        }
    }
}
