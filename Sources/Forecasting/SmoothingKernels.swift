import Foundation
import LinearAlgebra

/// The arithmetic of the exponential-smoothing and Theta members, on gap-free values with time
/// index `t = 0 … n−1`. Every smoothing constant is chosen by the smallest sum of squared one-step
/// errors over a fixed grid (first minimum in grid order wins), so results are deterministic.
///
/// The grid searches run every grid point at once, one SIMD lane per point. Each lane performs
/// exactly the scalar recursion's operations in the scalar order (no fused multiply-add, no
/// reassociation), so the results are bit-identical to running the points one after another.
enum SmoothingKernels {
    /// The smoothing grid of SES and Theta: 0.05, 0.10, …, 1.00.
    static let sesAlphas: [Double] = (1...20).map { Double($0) * 0.05 }
    /// Holt's level smoothing grid.
    static let holtAlphas: [Double] = [0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1.0]
    /// Holt's trend smoothing as a fraction of α (β = α · fraction).
    static let holtTrendFractions: [Double] = [0.01, 0.05, 0.1, 0.2, 0.3]
    /// Damping factors of the damped-trend family.
    static let dampedPhis: [Double] = [0.8, 0.85, 0.9, 0.95, 0.98]

    /// Simple exponential smoothing with the best α of `alphas`: `l₀ = z₀`, `l_t = l_{t−1} + α e_t`.
    /// Returns the chosen α, the final level and the sum of squared one-step errors.
    static func ses(_ z: [Double], alphas: [Double]) -> (alpha: Double, level: Double, sse: Double) {
        z.withUnsafeBufferPointer { ses($0, alphas: alphas) }
    }

    /// ``ses(_:alphas:)`` on a buffer (at least one value).
    static func ses(_ z: UnsafeBufferPointer<Double>, alphas: [Double]) -> (alpha: Double, level: Double, sse: Double) {
        var best = (alpha: alphas[0], level: z[0], sse: Double.infinity)
        if alphas.count == 1 {
            let alpha = alphas[0]
            var level = z[0], sse = 0.0
            for t in 1..<max(1, z.count) {
                let error = z[t] - level
                sse += error * error
                level += alpha * error
            }
            if sse < best.sse { best = (alpha, level, sse) }
            return best
        }
        // 20 grid points per pass (the whole α grid), in three interleaved vectors of 8, 8 and 4 lanes so
        // their recursions overlap.
        var start = 0
        while start < alphas.count {
            let lanes = min(20, alphas.count - start)
            var alpha0 = SIMD8<Double>(repeating: alphas[start]), alpha1 = alpha0
            var alpha2 = SIMD4<Double>(repeating: alphas[start])
            for lane in 0..<lanes {
                let value = alphas[start + lane]
                switch lane {
                case 0..<8: alpha0[lane] = value
                case 8..<16: alpha1[lane - 8] = value
                default: alpha2[lane - 16] = value
                }
            }
            var level0 = SIMD8<Double>(repeating: z[0]), level1 = level0, level2 = SIMD4<Double>(repeating: z[0])
            var sse0 = SIMD8<Double>(repeating: 0), sse1 = sse0, sse2 = SIMD4<Double>(repeating: 0)
            for t in 1..<max(1, z.count) {
                let value = SIMD8<Double>(repeating: z[t]), value2 = SIMD4<Double>(repeating: z[t])
                let error0 = value - level0, error1 = value - level1, error2 = value2 - level2
                sse0 += error0 * error0
                sse1 += error1 * error1
                sse2 += error2 * error2
                level0 += alpha0 * error0
                level1 += alpha1 * error1
                level2 += alpha2 * error2
            }
            for lane in 0..<lanes {
                let (sse, level, alpha): (Double, Double, Double)
                switch lane {
                case 0..<8: (sse, level, alpha) = (sse0[lane], level0[lane], alpha0[lane])
                case 8..<16: (sse, level, alpha) = (sse1[lane - 8], level1[lane - 8], alpha1[lane - 8])
                default: (sse, level, alpha) = (sse2[lane - 16], level2[lane - 16], alpha2[lane - 16])
                }
                if sse < best.sse { best = (alpha, level, sse) }
            }
            start += lanes
        }
        return best
    }

    /// Holt's linear (φ = 1) or damped trend in error-correction form over the grid α × fraction × φ
    /// (α outermost): `l₀ = y₀`, `b₀ = y₁ − y₀`, `f = l + φb`, `e = y_t − f`, `l = f + αe`, `b = φb + αβ·e`.
    static func holt(_ y: [Double], phis: [Double]) -> HoltState {
        y.withUnsafeBufferPointer { values in
            var best = HoltState(alpha: 0, beta: 0, phi: 1, level: y[0], trend: 0, sse: .infinity)
            holtGrid(values, phis: phis, prefixes: y.count...y.count) { _, state in best = state }
            return best
        }
    }

    /// Holt's grid search on every prefix `y₀ … y_{m−1}` with m in `prefixes` (m ≥ 2), in one pass:
    /// the recursion on a prefix is the start of the recursion on the whole series, so each prefix's
    /// best state (as ``holt(_:phis:)`` would return it for that prefix) is read off on the way.
    /// Calls `body(m, state)` for each prefix length in increasing order.
    static func holtGrid(_ y: UnsafeBufferPointer<Double>, phis: [Double], prefixes: ClosedRange<Int>,
                         body: (Int, HoltState) -> Void) {
        let combinations = holtAlphas.count * holtTrendFractions.count * phis.count
        let chunks = (combinations + 7) / 8
        let snapshots = prefixes.count
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * chunks * 8 * (1 + snapshots)) { storage in
            // Grid constants per lane (alpha, beta, phi), then per snapshot and lane (level, trend, sse).
            let constants = UnsafeMutableBufferPointer(rebasing: storage[0..<(3 * chunks * 8)])
            let states = UnsafeMutableBufferPointer(rebasing: storage[(3 * chunks * 8)...])
            var lane = 0
            for alpha in holtAlphas {
                for fraction in holtTrendFractions {
                    for phi in phis {
                        constants[3 * lane] = alpha
                        constants[3 * lane + 1] = alpha * fraction
                        constants[3 * lane + 2] = phi
                        lane += 1
                    }
                }
            }
            for padding in lane..<(chunks * 8) {
                for field in 0..<3 { constants[3 * padding + field] = constants[field] }
            }
            let width = chunks * 8
            for chunk in 0..<chunks {
                var alpha = SIMD8<Double>(), beta = alpha, phi = alpha
                for lane in 0..<8 {
                    let base = 3 * (chunk * 8 + lane)
                    alpha[lane] = constants[base]
                    beta[lane] = constants[base + 1]
                    phi[lane] = constants[base + 2]
                }
                var level = SIMD8<Double>(repeating: y[0]), trend = SIMD8<Double>(repeating: y[1] - y[0])
                var sse = SIMD8<Double>(repeating: 0)
                for t in 1..<prefixes.upperBound {
                    let forecast = level + phi * trend
                    let error = SIMD8<Double>(repeating: y[t]) - forecast
                    sse += error * error
                    level = forecast + alpha * error
                    trend = phi * trend + beta * error
                    let snapshot = t + 1 - prefixes.lowerBound
                    if snapshot >= 0 {
                        for lane in 0..<8 {
                            let base = 3 * (snapshot * width + chunk * 8 + lane)
                            states[base] = level[lane]
                            states[base + 1] = trend[lane]
                            states[base + 2] = sse[lane]
                        }
                    }
                }
            }
            for snapshot in 0..<snapshots {
                var best = HoltState(alpha: 0, beta: 0, phi: 1, level: y[0], trend: 0, sse: .infinity)
                for lane in 0..<combinations {
                    let base = 3 * (snapshot * width + lane)
                    if states[base + 2] < best.sse {
                        best = HoltState(alpha: constants[3 * lane], beta: constants[3 * lane + 1], phi: constants[3 * lane + 2],
                                         level: states[base], trend: states[base + 1], sse: states[base + 2])
                    }
                }
                body(prefixes.lowerBound + snapshot, best)
            }
        }
    }

    /// Holt's recursion with fixed constants.
    static func holt(_ y: [Double], alpha: Double, beta: Double, phi: Double) -> HoltState {
        var level = y[0], trend = y[1] - y[0], sse = 0.0
        for t in 1..<y.count {
            let forecast = level + phi * trend
            let error = y[t] - forecast
            sse += error * error
            level = forecast + alpha * error
            trend = phi * trend + beta * error
        }
        return HoltState(alpha: alpha, beta: beta, phi: phi, level: level, trend: trend, sse: sse)
    }

    /// Constants and final state of a Holt recursion, with its sum of squared one-step errors.
    struct HoltState: Sendable {
        let alpha: Double, beta: Double, phi: Double
        let level: Double, trend: Double, sse: Double
    }

    /// `φ + φ² + … + φᵏ`.
    static func dampedSum(_ phi: Double, _ k: Int) -> Double {
        var sum = 0.0, power = 1.0
        for _ in 0..<k { power *= phi; sum += power }
        return sum
    }

    /// Intercept and slope of the least-squares line of `y` on `[1, t]`, t = 0 … n−1.
    static func line(_ y: [Double]) -> (intercept: Double, slope: Double) {
        y.withUnsafeBufferPointer { line($0) }
    }

    /// ``line(_:)`` on a buffer, with no heap allocation for series of ordinary length.
    static func line(_ y: UnsafeBufferPointer<Double>) -> (intercept: Double, slope: Double) {
        let n = y.count
        if let b = SmallFit.lines.coefficients(response: y) { return (b.0, b.1) }
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * n) { design in
            lineDesign(into: design, rows: n)
            let b = SmallFit.coefficients(design: UnsafeBufferPointer(design), response: y, rows: n, columns: 2)
            return (b.0, b.1)
        }
    }

    /// The design `[1, t]`, t = 0 … n−1, column-major into `design` (2n values).
    static func lineDesign(into design: UnsafeMutableBufferPointer<Double>, rows n: Int) {
        for i in 0..<n {
            design[i] = 1
            design[n + i] = Double(i)
        }
    }
}

/// Least squares for the tiny designs of the forecasting members, through the small-problem
/// Householder kernel of ``IndependentLeastSquares`` (which hands ill-conditioned problems to LAPACK).
///
/// The members' designs depend on the series' length alone, so each is factored once per length up to
/// ``cachedLengths`` (``SmallDesignFactorization``: bit-identical coefficients, without refactoring the
/// design for every series and cut); longer series, and designs the kernel would delegate, are
/// factored for each fit.
enum SmallFit {
    /// The longest series whose members' designs are factored once.
    static let cachedLengths = 64
    /// The trend line's design `[1, t]` (``SmoothingKernels/lineDesign(into:rows:)``) by length.
    static let lines = FactorizationTable(columns: 2, SmoothingKernels.lineDesign)
    /// The local member's weighted design (``AutoMember/localDesign(into:rows:)``) by length.
    static let localDesigns = FactorizationTable(columns: 2, AutoMember.localDesign)
    /// The quadratic member's design (``AutoMember/quadraticDesign(into:rows:)``) by length.
    static let quadraticDesigns = FactorizationTable(columns: 3, AutoMember.quadraticDesign)

    /// The factorizations of one design, by length 0 … ``cachedLengths`` (nil where it cannot be factored),
    /// built once and kept for the life of the process, in memory that the fitting threads read in place
    /// (copying a factorization out of an array would count references to its storage from every thread).
    struct FactorizationTable: @unchecked Sendable {
        private let entries: UnsafeMutableBufferPointer<SmallDesignFactorization?>

        /// The table of `build(design, n)`'s n × `columns` designs.
        init(columns p: Int, _ build: (UnsafeMutableBufferPointer<Double>, Int) -> Void) {
            entries = .allocate(capacity: cachedLengths + 1)
            for n in 0...cachedLengths {
                var design = [Double](repeating: 0, count: n * p)
                design.withUnsafeMutableBufferPointer { build($0, n) }
                (entries.baseAddress! + n).initialize(to: SmallDesignFactorization(design: design, rows: n, columns: p))
            }
        }

        /// The coefficients for `response` (see ``SmallFit/coefficients(_:response:)``), or nil when the design
        /// of its length is not in the table.
        @inline(__always)
        func coefficients(response: UnsafeBufferPointer<Double>) -> (Double, Double, Double)? {
            guard response.count < entries.count else { return nil }
            return entries[response.count].map { SmallFit.coefficients($0, response: response) }
        }
    }

    /// The coefficients `(b₀, b₁, b₂)` of a factored design for `response` (unused entries 0), with no heap
    /// allocation; NaN when the response is not finite.
    static func coefficients(_ factorization: SmallDesignFactorization, response: UnsafeBufferPointer<Double>)
        -> (Double, Double, Double) {
        let p = factorization.columns
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 + factorization.workspaceCount) { storage in
            storage.initialize(repeating: 0)
            let b = UnsafeMutableBufferPointer(rebasing: storage[0..<3])
            do {
                _ = try factorization.solve(response: response, coefficients: b,
                                            workspace: UnsafeMutableBufferPointer(rebasing: storage[3...]))
            } catch {
                for j in 0..<p { b[j] = .nan }
            }
            return (b[0], b[1], b[2])
        }
    }

    /// The coefficients `(b₀, b₁, b₂)` of an n × p design (p ≤ 3, column-major; unused entries 0),
    /// solved without heap allocation; NaN when the problem cannot be solved.
    static func coefficients(design: UnsafeBufferPointer<Double>, response: UnsafeBufferPointer<Double>,
                             rows n: Int, columns p: Int) -> (Double, Double, Double) {
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 3) { b in
            b.initialize(repeating: 0)
            solve(design: design, response: response, rows: n, columns: p, into: b)
            return (b[0], b[1], b[2])
        }
    }

    /// Solves into `b` (p values), NaN everywhere when the solver refuses the problem.
    private static func solve(design: UnsafeBufferPointer<Double>, response: UnsafeBufferPointer<Double>,
                              rows n: Int, columns p: Int, into b: UnsafeMutableBufferPointer<Double>) {
        withUnsafeTemporaryAllocation(of: Double.self,
                                      capacity: IndependentLeastSquares.workspaceCount(rows: n, columns: p)) { workspace in
            do {
                _ = try IndependentLeastSquares.solve(design: design, response: response, rows: n, columns: p,
                                                      coefficients: b, workspace: workspace)
            } catch {
                for j in 0..<p { b[j] = .nan }
            }
        }
    }
}
