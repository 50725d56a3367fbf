import CLapack

/// Thin, checked wrappers over the LAPACKE and CBLAS routines the library uses.
///
/// Every wrapper converts `Int` dimensions to LAPACK's 32-bit integers with an overflow
/// check and turns a non-zero `info` into ``LinearAlgebraError/lapackFailure(routine:info:)``.
/// Nothing outside this file calls into C.
enum Lapack {
    /// Converts a dimension to LAPACK's `Int32`, throwing when it does not fit.
    static func int32(_ value: Int) throws -> Int32 {
        guard let converted = Int32(exactly: value) else {
            throw LinearAlgebraError.dimensionTooLarge(value)
        }
        return converted
    }

    private static func check(_ info: Int32, _ routine: String) throws {
        if info != 0 { throw LinearAlgebraError.lapackFailure(routine: routine, info: info) }
    }

    /// Householder QR without pivoting (`dgeqrf`): `a` (m × n, leading dimension m) is
    /// overwritten by R and the reflectors; returns the reflector scalars `tau`.
    static func qrFactor(_ a: inout [Double], rows m: Int, columns n: Int) throws -> [Double] {
        var tau = [Double](repeating: 0, count: max(1, min(m, n)))
        let m32 = try int32(m), n32 = try int32(n), ld32 = try int32(max(1, m))
        let info = a.withUnsafeMutableBufferPointer { ap in
            tau.withUnsafeMutableBufferPointer { tp in
                LAPACKE_dgeqrf(LAPACK_COL_MAJOR, m32, n32, ap.baseAddress, ld32, tp.baseAddress)
            }
        }
        try check(info, "dgeqrf")
        return tau
    }

    /// Applies Qᵀ (or Q when `transpose` is false) from a `dgeqrf` factorization to `c`
    /// (m × nrhs, leading dimension m) in place (`dormqr`).
    static func applyQTranspose(factored a: [Double], rows m: Int, reflectors k: Int, tau: [Double],
                                to c: inout [Double], rightHandSides nrhs: Int, transpose: Bool = true) throws {
        guard nrhs > 0 else { return }
        let m32 = try int32(m), nrhs32 = try int32(nrhs), k32 = try int32(k), ld32 = try int32(max(1, m))
        let info = a.withUnsafeBufferPointer { ap in
            c.withUnsafeMutableBufferPointer { cp in
                tau.withUnsafeBufferPointer { tp in
                    LAPACKE_dormqr(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "L")), CChar(UInt8(ascii: transpose ? "T" : "N")),
                                   m32, nrhs32, k32, ap.baseAddress, ld32, tp.baseAddress, cp.baseAddress, ld32)
                }
            }
        }
        try check(info, "dormqr")
    }

    /// Solves the upper-triangular system `R X = B` (or `Rᵀ X = B` when `transpose`) in place (`dtrtrs`);
    /// `r` is stored with leading dimension `ldr`, `b` is `n × nrhs` with leading dimension `ldb`.
    static func solveUpperTriangular(_ r: [Double], order n: Int, leadingDimension ldr: Int,
                                     _ b: inout [Double], rightHandSides nrhs: Int, leadingDimensionB ldb: Int,
                                     transpose: Bool = false) throws {
        guard nrhs > 0, n > 0 else { return }
        let n32 = try int32(n), nrhs32 = try int32(nrhs), ldr32 = try int32(ldr), ldb32 = try int32(ldb)
        let info = r.withUnsafeBufferPointer { rp in
            b.withUnsafeMutableBufferPointer { bp in
                LAPACKE_dtrtrs(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "U")), CChar(UInt8(ascii: transpose ? "T" : "N")),
                               CChar(UInt8(ascii: "N")), n32, nrhs32, rp.baseAddress, ldr32, bp.baseAddress, ldb32)
            }
        }
        try check(info, "dtrtrs")
    }

    /// Inverse of `RᵀR` from an upper-triangular `R` (n × n, leading dimension n) via `dpotri`;
    /// returns the full symmetric matrix.
    static func inverseOfGram(upperTriangular r: [Double], order n: Int) throws -> [Double] {
        var a = r
        let info = a.withUnsafeMutableBufferPointer { ap in
            LAPACKE_dpotri(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "U")), Int32(n), ap.baseAddress, Int32(max(1, n)))
        }
        try check(info, "dpotri")
        for j in 0..<n { for i in (j + 1)..<max(j + 1, n) { a[i + j * n] = a[j + i * n] } }
        return a
    }

    /// Singular values and right singular vectors of an m × n matrix (`dgesvd`, thin):
    /// returns σ (descending) and Vᵀ (min(m,n) × n, leading dimension min(m,n)) when requested.
    static func singularValues(_ a: [Double], rows m: Int, columns n: Int, wantRightVectors: Bool) throws
        -> (values: [Double], rightVectorsTransposed: [Double]) {
        let k = min(m, n)
        guard k > 0 else { return ([], []) }
        var copy = a
        var sigma = [Double](repeating: 0, count: k)
        var vt = [Double](repeating: 0, count: wantRightVectors ? k * n : 1)
        var u = [Double](repeating: 0, count: 1)
        var superb = [Double](repeating: 0, count: max(1, k))
        let m32 = try int32(m), n32 = try int32(n), k32 = try int32(k)
        let jobvt = CChar(UInt8(ascii: wantRightVectors ? "S" : "N"))
        let info = copy.withUnsafeMutableBufferPointer { ap in
            sigma.withUnsafeMutableBufferPointer { sp in
                vt.withUnsafeMutableBufferPointer { vp in
                    u.withUnsafeMutableBufferPointer { up in
                        superb.withUnsafeMutableBufferPointer { wp in
                            LAPACKE_dgesvd(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), jobvt, m32, n32,
                                           ap.baseAddress, max(1, m32), sp.baseAddress, up.baseAddress, 1,
                                           vp.baseAddress, wantRightVectors ? max(1, k32) : 1, wp.baseAddress)
                        }
                    }
                }
            }
        }
        try check(info, "dgesvd")
        return (sigma, vt)
    }

    /// Minimum-norm least squares by divide-and-conquer SVD (`dgelsd`). `a` is m × n, `b` is
    /// max(m,n) × nrhs (leading dimension max(m,n)) and is overwritten by the solution in its first
    /// n rows. Singular values below `rcond · σ_max` are treated as zero. Returns the effective rank.
    static func svdLeastSquares(_ a: [Double], rows m: Int, columns n: Int, _ b: inout [Double],
                                rightHandSides nrhs: Int, rcond: Double) throws -> Int {
        var copy = a
        var sigma = [Double](repeating: 0, count: max(1, min(m, n)))
        var rank: Int32 = 0
        let m32 = try int32(m), n32 = try int32(n), nrhs32 = try int32(nrhs), ldb32 = try int32(max(1, m, n))
        let info = copy.withUnsafeMutableBufferPointer { ap in
            b.withUnsafeMutableBufferPointer { bp in
                sigma.withUnsafeMutableBufferPointer { sp in
                    LAPACKE_dgelsd(LAPACK_COL_MAJOR, m32, n32, nrhs32, ap.baseAddress, max(1, m32),
                                   bp.baseAddress, ldb32, sp.baseAddress, rcond, &rank)
                }
            }
        }
        try check(info, "dgelsd")
        return Int(rank)
    }
}
