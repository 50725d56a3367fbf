import Foundation
@testable import Forecasting
import LinearAlgebra
import SunanTestSupport
import Testing

/// Coherent sample paths: every year's marginal equals the forecast's predictive distribution, and
/// the dependence across years is the documented one. Monte Carlo tolerances are 4.5 standard
/// errors of a proportion (or a correlation) with the stated number of draws and a fixed seed.
@Suite("Sample paths", .tags(.invariant))
struct PathSamplerTests {
    static let draws = 20_000
    static let years = [2024, 2025, 2026, 2027, 2028, 2029]

    /// A growing, bending positive series ending in 2023.
    static let bending: YearlySeries = {
        var rng = SeededGenerator(seed: 12)
        let values = (0..<14).map { t -> Double in 100 * exp(0.12 * Double(t) - 0.004 * Double(t * t)) * exp(0.03 * rng.normal()) }
        return try! YearlySeries(startYear: 2010, values: values)
    }()

    /// Fraction of `values` at or below `x`.
    private func fraction(_ values: [Double], atMost x: Double) -> Double {
        Double(values.filter { $0 <= x }.count) / Double(values.count)
    }

    private func checkMarginals(_ fitted: FittedModel, label: String, seed: UInt64) throws {
        var rng = RandomSource(seed: seed)
        let paths = try fitted.paths(count: Self.draws, years: Self.years, rng: &rng)
        for (index, year) in Self.years.enumerated() {
            let distribution = fitted.distribution(stepsAhead: year - fitted.lastYear)
            let column = paths.map { $0[index] }
            for p in [0.05, 0.25, 0.5, 0.75, 0.95] {
                let tolerance = 4.5 * (p * (1 - p) / Double(Self.draws)).squareRoot()
                let observed = fraction(column, atMost: distribution.quantile(p))
                #expect(abs(observed - p) <= tolerance, "\(label) \(year) p=\(p): \(observed)")
            }
        }
    }

    @Test("each year's draws follow the family's predictive distribution",
          arguments: ["auto", "drift", "naive", "holt", "damped", "ses-drift", "theta", "theta-log", "linear", "loglinear",
                      "quadratic", "local"])
    func marginals(family: String) throws {
        try checkMarginals(try fitFamily(family, Self.bending), label: family, seed: 7)
    }

    @Test("logistic and Gompertz draws follow their predictive distributions", arguments: ["logistic", "gompertz"])
    func saturationMarginals(family: String) throws {
        try checkMarginals(try fitFamily(family, saturatingSeries), label: family, seed: 8)
    }

    @Test("auto calibrated against a pool: draws follow the calibrated marginals")
    func pooledAutoMarginals() throws {
        let model = AutoModel(horizon: 6)
        var rng = SeededGenerator(seed: 99)
        let pool = try (0..<12).map { _ in
            let growth = 0.05 + 0.1 * Double.random(in: 0..<1, using: &rng)
            return try YearlySeries(startYear: 2010, values: (0..<14).map { 50 * exp(growth * Double($0)) * exp(0.08 * rng.normal()) })
        }
        let fitted = try model.fit(Self.bending, pool: CalibrationPool(series: pool + [Self.bending], model: model, poolsGrowth: true))
        try checkMarginals(fitted, label: "pooled auto", seed: 9)
    }

    /// auto's copula: normal scores of years 1 and 4 correlate as a random walk's, √(1/4) = 0.5.
    @Test("auto's years are dependent like a random walk (correlation of normal scores √(k_a/k_b))")
    func copulaDependence() throws {
        let fitted = try fitFamily("auto", Self.bending)
        var rng = RandomSource(seed: 3)
        let paths = try fitted.paths(count: Self.draws, years: Self.years, rng: &rng)
        let scores = (0..<Self.years.count).map { index in
            paths.map { Normal.quantile(min(max(fitted.distribution(stepsAhead: index + 1).cdf($0[index]), 1e-12), 1 - 1e-12)) }
        }
        for (a, b) in [(0, 3), (1, 5), (2, 3)] {
            let expected = (Double(a + 1) / Double(b + 1)).squareRoot()
            #expect(abs(correlation(scores[a], scores[b]) - expected) < 0.03, "years \(a + 1), \(b + 1)")
        }
    }

    /// A trend regression's draws: the working-scale errors correlate as C_ab / √(C_aa C_bb).
    @Test("trend-regression paths carry the anchored errors' covariance")
    func regressionDependence() throws {
        let fitted = try fitFamily("loglinear", Self.bending)
        let regression = try #require(fitted.trendRegression)
        let covariance = regression.errorCovariance(years: Self.years)
        var rng = RandomSource(seed: 4)
        let paths = try fitted.paths(count: Self.draws, years: Self.years, rng: &rng)
        let logs = (0..<Self.years.count).map { index in paths.map { log($0[index]) } }
        let count = Self.years.count
        for (a, b) in [(0, 5), (2, 4)] {
            let expected = covariance[a * count + b] / (covariance[a * count + a] * covariance[b * count + b]).squareRoot()
            #expect(abs(correlation(logs[a], logs[b]) - expected) < 0.03)
        }
    }

    @Test("count draws are whole numbers ≥ 0 with the forecast's mean, P(draw ≤ j) = ∫_j^{j+1} F")
    func countDraws() throws {
        let model = AutoModel(horizon: 6)
        let fitted = try model.fit(try YearlySeries(startYear: 2013, values: [1, 2, 2, 3, 2]), support: .count,
                                   pool: CalibrationPool([try model.prepare(try YearlySeries(startYear: 2013, values: [1, 2, 2, 3, 2]),
                                                                            support: .count)], poolsGrowth: false))
        var rng = RandomSource(seed: 5)
        let paths = try fitted.paths(count: Self.draws, years: [2018, 2020, 2023], rng: &rng)
        for (index, year) in [2018, 2020, 2023].enumerated() {
            let column = paths.map { $0[index] }
            #expect(column.allSatisfy { $0 >= 0 && $0 == $0.rounded() })
            let distribution = fitted.distribution(stepsAhead: year - 2017)
            let mean = column.reduce(0, +) / Double(column.count)
            let deviation = (column.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(column.count - 1)).squareRoot()
            #expect(abs(mean - distribution.mean) < 4.5 * deviation / Double(column.count).squareRoot() + 0.01 * distribution.mean)
            for j in [0.0, 1, 2, 4] {
                let expected = (0..<200).reduce(0.0) { $0 + distribution.cdf(j + (Double($1) + 0.5) / 200) } / 200
                let tolerance = 4.5 * (expected * (1 - expected) / Double(Self.draws)).squareRoot() + 0.005
                #expect(abs(fraction(column, atMost: j) - expected) <= tolerance, "\(year) j=\(j)")
            }
        }
    }

    @Test("path years must follow the history and increase")
    func invalidYears() throws {
        let fitted = try fitFamily("drift", Self.bending)
        #expect(throws: ForecastingError.self) { try PathSampler(fitted, years: [2023, 2024]) }
        #expect(throws: ForecastingError.self) { try PathSampler(fitted, years: [2025, 2024]) }
        #expect(throws: ForecastingError.self) { try PathSampler(fitted, years: []) }
    }

    @Test("the same seed gives the same paths")
    func reproducible() throws {
        let fitted = try fitFamily("auto", Self.bending)
        var first = RandomSource(seed: 11), second = RandomSource(seed: 11)
        let a = try fitted.paths(count: 50, years: Self.years, rng: &first)
        let b = try fitted.paths(count: 50, years: Self.years, rng: &second)
        #expect(a.map(bits) == b.map(bits))
    }
}

/// Pearson correlation of two equally long samples.
func correlation(_ x: [Double], _ y: [Double]) -> Double {
    let n = Double(x.count)
    let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
    var sxy = 0.0, sxx = 0.0, syy = 0.0
    for (a, b) in zip(x, y) {
        sxy += (a - mx) * (b - my)
        sxx += (a - mx) * (a - mx)
        syy += (b - my) * (b - my)
    }
    return sxy / (sxx * syy).squareRoot()
}
