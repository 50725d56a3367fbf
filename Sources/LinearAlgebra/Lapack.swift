import CLapack
import Foundation

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
        if let rejection = injectedRejection, rejection.routine == routine {
            throw LinearAlgebraError.lapackFailure(routine: routine, info: -rejection.argument)
        }
    }

    /// A LAPACK routine made to reject one of its arguments, as only a defect of sunan could make it.
    struct InjectedRejection: Sendable, Equatable {
        /// The routine's name (`dtrtrs`).
        let routine: String
        /// The argument it rejects, counted from 1 (its `info` is the negative of it).
        let argument: Int32

        /// The rejection written `ROUTINE:ARGUMENT` (`dtrtrs:9`), or nil for any other text.
        init?(_ text: String?) {
            let parts = text?.split(separator: ":") ?? []
            guard parts.count == 2, let argument = Int32(parts[1]), argument > 0 else { return nil }
            routine = String(parts[0])
            self.argument = argument
        }
    }

    /// Fault injection for the tests of sunan's internal-failure path (exit status 2), which no valid
    /// input reaches any more: while set, every successful call of the named routine reports instead
    /// that LAPACK rejected the argument. A debug build (what `swift test` builds) takes it from the
    /// environment variable `SUNAN_TEST_LAPACK_REJECTS` (`dtrtrs:9`); a release build, the one planners
    /// install, ignores the variable. A test in process binds it for one task with
    /// `$injectedRejection.withValue`. Unset, it costs one comparison per LAPACK call.
    #if DEBUG
    @TaskLocal static var injectedRejection = InjectedRejection(ProcessInfo.processInfo.environment["SUNAN_TEST_LAPACK_REJECTS"])
    #else
    @TaskLocal static var injectedRejection: InjectedRejection? = nil
    #endif

    /// A tall-skinny Householder QR factorization `A = Q R` computed block row by block row.
    ///
    /// The first `firstBlockRows` rows are factored by `dgeqrt`; every further block of at most
    /// `blockRows` rows is then folded into the running R by the triangular-pentagonal QR `dtpqrt`
    /// (`[R; Aᵦ] = Qᵦ [R'; 0]`). Each step works on a block that fits in cache, which makes the
    /// factorization of a 200,000 × 50 design about 2.5× faster than `dgeqrf`, whose panels stream the
    /// whole height of the matrix for every column. It is still Householder QR (backward stable): Q is
    /// the product of the block reflectors, applied by `dgemqrt`/`dtpmqrt`.
    ///
    /// The factored matrix lives in an ``AlignedBuffer`` (leading dimension = rows): R in its top
    /// `columns × columns` upper triangle, the reflectors below.
    final class BlockedQR {
        /// Rows n of the factored matrix.
        let rows: Int
        /// Columns p of the factored matrix (p ≤ n).
        let columns: Int
        /// Inner block size of the compact-WY representation (`nb` of `dgeqrt`/`dtpqrt`).
        let innerBlock: Int
        /// Rows of the first block (factored by `dgeqrt`).
        let firstBlockRows: Int
        /// Rows of every later block (the last may be shorter).
        let blockRows: Int
        /// The reflectors and R, column-major with leading dimension `rows`.
        let factored: AlignedBuffer
        /// The triangular factors T of every block, `innerBlock × columns` each.
        private var triangularFactors: [Double]

        /// Number of row blocks.
        var blockCount: Int { 1 + (rows - firstBlockRows + blockRows - 1) / blockRows }

        /// Copies `design` (n × p, column-major), dividing column j by `divisors[j]`, and factors the copy.
        init(design: [Double], columnDivisors divisors: [Double], rows n: Int, columns p: Int) throws {
            precondition(n >= p && p >= 1 && design.count == n * p && divisors.count == p)
            rows = n
            columns = p
            innerBlock = min(p, 16)
            // Blocks of about 128 KiB of the design, but never fewer rows than columns.
            blockRows = max(p, min(n, max(256, 16_384 / p)))
            firstBlockRows = min(n, blockRows)
            factored = AlignedBuffer(count: n * p)
            let a = factored.pointer
            design.withUnsafeBufferPointer { source in
                for j in 0..<p {
                    let inverse = 1 / divisors[j]
                    let column = source.baseAddress! + j * n, target = a + j * n
                    for i in 0..<n { target[i] = column[i] * inverse }
                }
            }
            let nb = innerBlock
            triangularFactors = [Double](repeating: 0, count: nb * p * (1 + (n - firstBlockRows + blockRows - 1) / blockRows))
            var work = [Double](repeating: 0, count: nb * p)
            let n32 = try int32(n), p32 = try int32(p), nb32 = try int32(nb), first32 = try int32(firstBlockRows)
            let blocks = blockCount, firstRows = firstBlockRows, height = blockRows
            let info = triangularFactors.withUnsafeMutableBufferPointer { tp -> (Int32, String) in
                work.withUnsafeMutableBufferPointer { wp in
                    let info = LAPACKE_dgeqrt_work(LAPACK_COL_MAJOR, first32, p32, nb32, a, n32, tp.baseAddress, nb32, wp.baseAddress)
                    if info != 0 { return (info, "dgeqrt") }
                    for block in 1..<max(1, blocks) {
                        let start = firstRows + (block - 1) * height, count = min(height, n - start)
                        let info = LAPACKE_dtpqrt_work(LAPACK_COL_MAJOR, Int32(count), p32, 0, nb32, a, n32, a + start, n32,
                                                       tp.baseAddress! + block * nb * p, nb32, wp.baseAddress)
                        if info != 0 { return (info, "dtpqrt") }
                    }
                    return (0, "")
                }
            }
            try check(info.0, info.1)
        }

        /// R, p × p upper triangular (zeros below the diagonal), column-major.
        func upperTriangle() -> [Double] {
            let p = columns, n = rows, a = factored.pointer
            var triangle = [Double](repeating: 0, count: p * p)
            for j in 0..<p { for i in 0...j { triangle[i + j * p] = a[i + j * n] } }
            return triangle
        }

        /// Applies Qᵀ (or Q when `transpose` is false) to `c` (n × nrhs, leading dimension n) in place.
        func applyQ(transpose: Bool, to c: inout [Double], rightHandSides nrhs: Int) throws {
            guard nrhs > 0 else { return }
            precondition(c.count >= rows * nrhs)
            let n = rows, p = columns, nb = innerBlock, a = factored.pointer
            let n32 = try int32(n), p32 = try int32(p), nb32 = try int32(nb), nrhs32 = try int32(nrhs)
            let first32 = try int32(firstBlockRows)
            let trans = CChar(UInt8(ascii: transpose ? "T" : "N")), left = CChar(UInt8(ascii: "L"))
            var work = [Double](repeating: 0, count: nb * nrhs)
            let blocks = blockCount, firstRows = firstBlockRows, height = blockRows
            let order = transpose ? Array(0..<blocks) : Array((0..<blocks).reversed())
            let info = triangularFactors.withUnsafeBufferPointer { tp -> (Int32, String) in
                c.withUnsafeMutableBufferPointer { cp in
                    work.withUnsafeMutableBufferPointer { wp in
                        for block in order {
                            let t = tp.baseAddress! + block * nb * p
                            if block == 0 {
                                let info = LAPACKE_dgemqrt_work(LAPACK_COL_MAJOR, left, trans, first32, nrhs32, p32, nb32,
                                                                a, n32, t, nb32, cp.baseAddress, n32, wp.baseAddress)
                                if info != 0 { return (info, "dgemqrt") }
                            } else {
                                let start = firstRows + (block - 1) * height, count = min(height, n - start)
                                let info = LAPACKE_dtpmqrt_work(LAPACK_COL_MAJOR, left, trans, Int32(count), nrhs32, p32, 0, nb32,
                                                                a + start, n32, t, nb32, cp.baseAddress, n32,
                                                                cp.baseAddress! + start, n32, wp.baseAddress)
                                if info != 0 { return (info, "dtpmqrt") }
                            }
                        }
                        return (0, "")
                    }
                }
            }
            try check(info.0, info.1)
        }
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

    /// Singular values and right singular vectors of an m × n matrix (`dgesvd`): returns σ
    /// (descending, min(m,n) of them) and, when requested, Vᵀ — thin (min(m,n) × n, leading dimension
    /// min(m,n)) or, with `allRightVectors`, full (n × n, leading dimension n, its last rows spanning
    /// the null space).
    static func singularValues(_ a: [Double], rows m: Int, columns n: Int, wantRightVectors: Bool,
                               allRightVectors: Bool = false) throws
        -> (values: [Double], rightVectorsTransposed: [Double]) {
        let k = min(m, n)
        guard k > 0 else { return ([], []) }
        let vectorRows = allRightVectors ? n : k
        var copy = a
        var sigma = [Double](repeating: 0, count: k)
        var vt = [Double](repeating: 0, count: wantRightVectors ? vectorRows * n : 1)
        var u = [Double](repeating: 0, count: 1)
        var superb = [Double](repeating: 0, count: max(1, k))
        let m32 = try int32(m), n32 = try int32(n), k32 = try int32(vectorRows)
        let jobvt = CChar(UInt8(ascii: wantRightVectors ? (allRightVectors ? "A" : "S") : "N"))
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

/// Uninitialized, 64-byte aligned storage of doubles owned by the instance; buffers of 4 MiB or more
/// are aligned to 2 MiB and marked for transparent huge pages (`madvise(MADV_HUGEPAGE)`).
///
/// The working copy of a large design is touched exactly once per solve; with 4 KiB pages the page
/// faults of an 80 MB copy cost about 55 ms here, with huge pages about a fifth of that.
final class AlignedBuffer {
    /// The first element.
    let pointer: UnsafeMutablePointer<Double>
    /// Number of elements.
    let count: Int

    /// Allocates room for `count` doubles (uninitialized).
    init(count: Int) {
        let bytes = max(1, count) * MemoryLayout<Double>.stride
        let huge = bytes >= 4 << 20
        var raw: UnsafeMutableRawPointer?
        guard posix_memalign(&raw, huge ? 2 << 20 : 64, bytes) == 0, let raw else {
            fatalError("out of memory allocating \(bytes) bytes")
        }
        if huge { _ = madvise(raw, bytes, Int32(MADV_HUGEPAGE)) }
        pointer = raw.bindMemory(to: Double.self, capacity: max(1, count))
        self.count = count
    }

    deinit { free(pointer) }
}

/// What the linked BLAS reports about itself, for benchmark and bug reports.
public enum BLASLibrary {
    /// OpenBLAS's build configuration string, e.g. `OpenBLAS 0.3.21 NO_LAPACKE DYNAMIC_ARCH … Haswell`.
    public static var configuration: String {
        openblas_get_config().map { String(cString: $0) } ?? "unknown"
    }

    /// The CPU kernel set OpenBLAS chose at load time (honours `OPENBLAS_CORETYPE`), e.g. `Haswell`.
    public static var coreName: String {
        openblas_get_corename().map { String(cString: $0) } ?? "unknown"
    }

    /// The number of threads OpenBLAS uses (set by `OPENBLAS_NUM_THREADS` at load time).
    public static var threadCount: Int { Int(openblas_get_num_threads()) }
}
