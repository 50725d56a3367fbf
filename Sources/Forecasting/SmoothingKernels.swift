import Foundation
import LinearAlgebra

/// The arithmetic of the exponential-smoothing and Theta members, on gap-free values with time
/// index `t = 0 … n−1`. Every smoothing constant is chosen by the smallest sum of squared one-step
/// errors over a fixed grid (first minimum in grid order wins), so results are deterministic.
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
        var best = (alpha: alphas[0], level: z[0], sse: Double.infinity)
        for alpha in alphas {
            var level = z[0], sse = 0.0
            for t in 1..<max(1, z.count) {
                let error = z[t] - level
                sse += error * error
                level += alpha * error
            }
            if sse < best.sse { best = (alpha, level, sse) }
        }
        return best
    }

    /// Holt's linear (φ = 1) or damped trend in error-correction form over the grid α × fraction × φ
    /// (α outermost): `l₀ = y₀`, `b₀ = y₁ − y₀`, `f = l + φb`, `e = y_t − f`, `l = f + αe`, `b = φb + αβ·e`.
    static func holt(_ y: [Double], phis: [Double]) -> HoltState {
        var best = HoltState(alpha: 0, beta: 0, phi: 1, level: y[0], trend: 0, sse: .infinity)
        for alpha in holtAlphas {
            for fraction in holtTrendFractions {
                for phi in phis {
                    let state = holt(y, alpha: alpha, beta: alpha * fraction, phi: phi)
                    if state.sse < best.sse { best = state }
                }
            }
        }
        return best
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
        let t = (0..<y.count).map(Double.init)
        let coefficients = SmallFit.coefficients(columns: [[Double](repeating: 1, count: y.count), t], response: y)
        return (coefficients[0], coefficients[1])
    }
}

/// Least squares for the tiny designs of the forecasting members, through the small-problem
/// Householder kernel of ``IndependentLeastSquares`` (which hands ill-conditioned problems to LAPACK).
enum SmallFit {
    /// Coefficients of `min Σ wᵢ (yᵢ − Σⱼ Xᵢⱼ bⱼ)²` for the given design columns.
    static func coefficients(columns: [[Double]], response: [Double], weights: [Double]? = nil) -> [Double] {
        let n = response.count, p = columns.count
        var design = [Double](), y = response
        design.reserveCapacity(n * p)
        if let weights {
            let roots = weights.map { $0.squareRoot() }
            for column in columns { for i in 0..<n { design.append(column[i] * roots[i]) } }
            for i in 0..<n { y[i] *= roots[i] }
        } else {
            for column in columns { design += column }
        }
        guard let solution = try? IndependentLeastSquares.solve(designs: design, responses: y, rows: n, columns: p) else {
            return [Double](repeating: .nan, count: p)
        }
        return Array(solution.coefficients)
    }
}
