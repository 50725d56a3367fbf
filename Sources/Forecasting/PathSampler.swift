import Foundation
import LinearAlgebra

/// Draws coherent sample paths of a fitted model: one value per projected year, joint across years,
/// so that first-year-met probabilities and cumulative sums are right. Every year's marginal is
/// exactly the forecast's predictive distribution (``FittedModel/distribution(stepsAhead:)``).
///
/// The dependence across years, by family:
/// - **Trend regressions** (linear, log-linear, quadratic, local, logistic, Gompertz): the anchored
///   forecast errors are jointly normal given σ with covariance `σ² C`
///   (``TrendRegression/errorCovariance(years:)``), and σ² is drawn from its scaled inverse χ², so a
///   path is `g(location + √(df/χ²_df) · σ̂ · L ε)`, L the Cholesky factor of C: each year Student t,
///   as in the intervals.
/// - **Other Student-t families** (drift, naive, Holt, damped, SES with drift, Theta): a multivariate
///   t whose correlation is that of a random walk, `corr(year a, year b) = √(k_a / k_b)` for steps
///   `k_a ≤ k_b` (one χ² per path).
/// - **auto** (calibrated steps): a Gaussian copula with the same random-walk correlation over the
///   calibrated marginals: `z_k = W_k / √k` for a standard random walk W, `u_k = Φ(z_k)`, value
///   `Q_k(u_k)`. A count's value X is then rounded at random to a whole number, `⌊X + U⌋` (U uniform,
///   independent): its mean stays E X and `P(draw ≤ j) = ∫_j^{j+1} F_X(x) dx`.
/// A draw allocates nothing; a sampler is built once and can be used from many threads (each with
/// its own `RandomSource`). It is a class so that the Monte Carlo loop, which calls it for every draw,
/// never copies it (a struct copy retained and released each of its arrays: a fifth of the engine's time).
public final class PathSampler: Sendable {
    /// The projected years, strictly increasing, after the last observed year.
    public let years: [Int]
    private let kind: Kind
    /// `√(k_i − k_{i−1})` and `1/√k_i` of the random walk behind the correlations (k₀ = 0).
    private let walkIncrements: [Double], walkScales: [Double]

    private enum Kind: Sendable {
        /// `g(location + √(df/χ²) · scale · z)` with z the random-walk-correlated normals.
        case studentT(location: [Double], scale: [Double], degreesOfFreedom: Int?, transform: ScaleTransform)
        /// `g(location + √(df/χ²) · σ̂ · L ε)`, `factor` the row-major lower Cholesky factor of C.
        case regression(location: [Double], factor: [Double], sigma: Double, degreesOfFreedom: Int?, transform: ScaleTransform)
        /// `Q_k(Φ(z_k))`, randomly rounded down to whole numbers for a count.
        case copula([PredictiveDistribution], wholeNumbers: Bool)
    }

    /// A sampler of `fitted`'s paths over `years`.
    /// - Throws: ``ForecastingError/invalidSetting(_:)`` when `years` is empty, not increasing, or
    ///   starts at or before the last observed year; ``ForecastingError/internalFailure(_:)`` when a trend
    ///   regression's error covariance, positive definite by construction, has no exact Cholesky factor.
    public init(_ fitted: FittedModel, years: [Int]) throws {
        guard let first = years.first, first > fitted.lastYear, zip(years.dropFirst(), years).allSatisfy({ $0 > $1 }) else {
            throw ForecastingError.invalidSetting("path years must increase and come after \(fitted.lastYear); got \(years)")
        }
        self.years = years
        let steps = years.map { $0 - fitted.lastYear }
        walkIncrements = steps.indices.map { Double(steps[$0] - ($0 > 0 ? steps[$0 - 1] : 0)).squareRoot() }
        walkScales = steps.map { 1 / Double($0).squareRoot() }
        let distributions = steps.map { fitted.distribution(stepsAhead: $0) }
        if let regression = fitted.trendRegression {
            kind = .regression(location: years.map(regression.anchoredLocation(year:)),
                               factor: try Self.regressionFactor(regression, years: years),
                               sigma: regression.residualVariance.squareRoot(),
                               degreesOfFreedom: Self.integerDegrees(Double(regression.degreesOfFreedom)),
                               transform: regression.transform)
        } else if let studentT = Self.studentT(distributions) {
            kind = studentT
        } else {
            let counts = distributions.contains { if case .calibrated(let step) = $0 { step.support == .count } else { false } }
            kind = .copula(distributions, wholeNumbers: counts)
        }
    }

    /// The row-major lower Cholesky factor of the regression's anchored error covariance C over `years`.
    ///
    /// C is `I / w_new` plus the covariance of `e_n + (x − x_n)(β̂ − β)`, so positive definite by
    /// construction, with every eigenvalue at least `1 / w_new`: a factorisation that fails, or that needs
    /// jitter on the diagonal, can only come from a defect (a wrong covariance or weight), and is reported
    /// as one rather than drawn from another correlation.
    /// - Throws: ``ForecastingError/internalFailure(_:)``.
    static func regressionFactor(_ regression: TrendRegression, years: [Int]) throws -> [Double] {
        let count = years.count
        let factor: (factor: Matrix, jitter: Double)
        do {
            factor = try Matrix(rows: count, columns: count, columnMajor: regression.errorCovariance(years: years)).choleskyFactor()
        } catch {
            throw ForecastingError.internalFailure("the trend's error covariance over \(years.first ?? 0)–\(years.last ?? 0), "
                + "positive definite by construction, cannot be factored: \(error)")
        }
        guard factor.jitter == 0 else {
            throw ForecastingError.internalFailure("the trend's error covariance over \(years.first ?? 0)–\(years.last ?? 0), "
                + "positive definite by construction, needed a jitter of \(factor.jitter) × its largest variance to be factored")
        }
        var lower = [Double](repeating: 0, count: count * count)
        for i in 0..<count { for j in 0...i { lower[i * count + j] = factor.factor[i, j] } }
        return lower
    }

    /// The multivariate-t form of Student-t and scaled steps sharing one integer number of degrees
    /// of freedom and one transform, or nil.
    private static func studentT(_ distributions: [PredictiveDistribution]) -> Kind? {
        var location: [Double] = [], scale: [Double] = [], degrees: [Double] = [], transforms: [ScaleTransform] = []
        for distribution in distributions {
            switch distribution {
            case .studentT(let l, let s, let df, let transform):
                location.append(l); scale.append(s); degrees.append(df); transforms.append(transform)
            case .scaled(let point, let s, let df, let multiplicative):
                guard !multiplicative || point > 0 else { return nil }
                location.append(multiplicative ? log(point) : point); scale.append(s); degrees.append(df)
                transforms.append(multiplicative ? .exponential : .identity)
            case .calibrated:
                return nil
            }
        }
        guard let df = degrees.first, degrees.allSatisfy({ $0 == df }), let transform = transforms.first,
              transforms.allSatisfy({ $0 == transform }), df.isInfinite || integerDegrees(df) != nil else { return nil }
        return .studentT(location: location, scale: scale, degreesOfFreedom: integerDegrees(df), transform: transform)
    }

    /// `df` as a whole number ≥ 1, or nil for a normal (infinite) or fractional value.
    private static func integerDegrees(_ df: Double) -> Int? {
        df.isFinite && df >= 1 && df == df.rounded() ? Int(df) : nil
    }

    /// Draws one path into `path[0 ..< years.count]`.
    public func draw(into path: UnsafeMutableBufferPointer<Double>, rng: inout RandomSource) {
        switch kind {
        case .studentT(let location, let scale, let df, let transform):
            let mixing = Self.mixing(df, &rng)
            var walk = 0.0
            for index in years.indices {
                walk += walkIncrements[index] * rng.nextNormal()
                path[index] = transform.apply(location[index] + scale[index] * mixing * walk * walkScales[index])
            }
        case .regression(let location, let factor, let sigma, let df, let transform):
            let scale = sigma * Self.mixing(df, &rng)
            let count = years.count
            withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { noise in
                for index in 0..<count { noise[index] = rng.nextNormal() }
                for i in 0..<count {
                    var sum = 0.0
                    for j in 0...i { sum += factor[i * count + j] * noise[j] }
                    path[i] = transform.apply(location[i] + scale * sum)
                }
            }
        case .copula(let distributions, let wholeNumbers):
            var walk = 0.0
            for index in years.indices {
                walk += walkIncrements[index] * rng.nextNormal()
                let u = min(max(Normal.cdf(walk * walkScales[index]), 1e-300), 1 - 1e-16)
                let value = distributions[index].quantile(u)
                path[index] = wholeNumbers ? (value + rng.nextUniform()).rounded(.down) : value
            }
        }
    }

    /// `√(df/χ²_df)`, 1 for a normal.
    @inline(__always)
    private static func mixing(_ df: Int?, _ rng: inout RandomSource) -> Double {
        guard let df else { return 1 }
        return (Double(df) / max(rng.nextChiSquare(degreesOfFreedom: df), 1e-300)).squareRoot()
    }

    /// `count` paths, each an array of one value per year (a convenience; ``draw(into:rng:)``
    /// allocates nothing).
    public func paths(count: Int, rng: inout RandomSource) -> [[Double]] {
        (0..<count).map { _ in
            var path = [Double](repeating: 0, count: years.count)
            path.withUnsafeMutableBufferPointer { draw(into: $0, rng: &rng) }
            return path
        }
    }
}

extension FittedModel {
    /// `count` coherent sample paths over `years` (see ``PathSampler``).
    /// - Throws: ``ForecastingError/invalidSetting(_:)`` for years that do not follow the history.
    public func paths(count: Int, years: [Int], rng: inout RandomSource) throws -> [[Double]] {
        try PathSampler(self, years: years).paths(count: count, rng: &rng)
    }
}
