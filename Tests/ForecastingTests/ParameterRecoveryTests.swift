import Foundation
@testable import Forecasting
import SunanTestSupport
import Testing

/// Each family recovers the parameters of the process that generated noisy synthetic data, within
/// the standard errors it reports: |estimate − truth| ≤ 3·se for every seed (a 3-σ band fails with
/// probability 0.3 % per estimate when the standard error is honest; the seeds are fixed, so the
/// outcome is repeatable).
@Suite("Parameter recovery from synthetic data", .tags(.reference))
struct ParameterRecoveryTests {
    static let seeds: [UInt64] = [1, 2, 3, 4, 5]

    /// Checks that every named parameter of `model` lies within 3 standard errors of its true value.
    private func expectWithinThreeStandardErrors(_ model: FittedModel, _ truth: [String: Double],
                                                 sourceLocation: SourceLocation = #_sourceLocation) {
        for (name, value) in truth {
            guard let estimate = model.parameters.first(where: { $0.name == name }) else {
                Issue.record("\(model.family) has no parameter \(name)", sourceLocation: sourceLocation)
                continue
            }
            #expect(estimate.standardError > 0, "\(model.family).\(name) has no standard error", sourceLocation: sourceLocation)
            #expect(abs(estimate.estimate - value) <= 3 * estimate.standardError,
                    "\(model.family).\(name): \(estimate.estimate) vs truth \(value), se \(estimate.standardError)",
                    sourceLocation: sourceLocation)
        }
    }

    @Test("linear: intercept and slope", arguments: seeds)
    func linear(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let noise = rng.noise(20, sigma: 4)
        let data = series((0..<20).map { 50 + 3 * Double($0) + noise[$0] })
        expectWithinThreeStandardErrors(try LinearTrend().fit(data), ["intercept": 50, "slope": 3])
    }

    @Test("log-linear: the growth rate (log slope) and the log intercept", arguments: seeds)
    func logLinear(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let noise = rng.noise(20, sigma: 0.03)
        let data = series((0..<20).map { exp(log(100) + 0.05 * Double($0) + noise[$0]) })
        let model = try LogLinearTrend().fit(data)
        expectWithinThreeStandardErrors(model, ["intercept": log(100), "slope": 0.05])
        // The reported residual SD is on the log scale, so it estimates the generating σ = 0.03.
        #expect(abs(model.residualStandardDeviation / 0.03 - 1) < 0.5)
    }

    @Test("quadratic: intercept, slope and curvature", arguments: seeds)
    func quadratic(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let noise = rng.noise(20, sigma: 3)
        let values = (0..<20).map { (t: Int) -> Double in
            let time = Double(t)
            return 10 + 2 * time + 0.3 * time * time + noise[t]
        }
        let data = series(values)
        expectWithinThreeStandardErrors(try QuadraticTrend().fit(data), ["intercept": 10, "slope": 2, "curvature": 0.3])
    }

    @Test("local linear trend with a fixed decay: intercept and slope of the weighted fit", arguments: seeds)
    func localFixedDecay(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        let noise = rng.noise(25, sigma: 1)
        let data = series((0..<25).map { 20 + 1.5 * Double($0) + noise[$0] })
        let model = try LocalLinearTrend(decay: .fixed(0.8)).fit(data)
        expectWithinThreeStandardErrors(model, ["intercept": 20, "slope": 1.5])
        #expect(model.parameter("decay") == 0.8)
    }

    /// Data on a saturation curve with the given ceiling and noise on the linearising scale.
    private func saturating(_ shape: SaturationShape, cap: Double, seed: UInt64, count: Int = 20) -> YearlySeries {
        var rng = SeededGenerator(seed: seed)
        let transform: ScaleTransform = shape == .logistic ? .logistic(cap: cap) : .gompertz(cap: cap)
        return series((0..<count).map { transform.apply(-2 + 0.3 * Double($0) + 0.05 * rng.normal()) })
    }

    @Test("logistic and Gompertz with a given ceiling: intercept and slope on the linearising scale",
          arguments: SaturationShape.allCases, seeds)
    func saturationGivenCeiling(shape: SaturationShape, seed: UInt64) throws {
        let model = try SaturationCurve(shape: shape, ceiling: .given(500)).fit(saturating(shape, cap: 500, seed: seed))
        expectWithinThreeStandardErrors(model, ["intercept": -2, "slope": 0.3])
        #expect(model.parameter("ceiling") == 500)
    }

    /// On clearly saturating data (the last value is ≥ 90 % of the ceiling) the profile estimate of the
    /// ceiling is within 3 % of the truth, and the slope, whose standard error ignores the ceiling's own
    /// uncertainty, is within 10 % of the truth.
    @Test("logistic and Gompertz with an estimated ceiling", arguments: SaturationShape.allCases, seeds)
    func saturationEstimatedCeiling(shape: SaturationShape, seed: UInt64) throws {
        let data = saturating(shape, cap: 500, seed: seed, count: 24)
        #expect(data.values.last! > 0.9 * 500)
        let model = try SaturationCurve(shape: shape).fit(data)
        let ceiling = try #require(model.parameter("ceiling"))
        #expect(abs(ceiling / 500 - 1) < 0.03, "\(shape) ceiling \(ceiling)")
        let slope = try #require(model.parameter("slope"))
        #expect(abs(slope / 0.3 - 1) < 0.1, "\(shape) slope \(slope)")
    }

    @Test("random walk with drift: the drift", arguments: seeds)
    func drift(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        var values = [100.0]
        for _ in 1..<30 { values.append(values.last! + 2 + 1.5 * rng.normal()) }
        let model = try RandomWalkWithDrift().fit(series(values))
        expectWithinThreeStandardErrors(model, ["drift": 2])
        #expect(abs(model.residualStandardDeviation / 1.5 - 1) < 0.5)
    }

    /// A noiseless line y = 7 + 2.5 t over 15 years, forecast 6 years ahead.
    static let line = series((0..<15).map { 7 + 2.5 * Double($0) })
    static func lineValue(_ t: Int) -> Double { 7 + 2.5 * Double(t) }

    @Test("Holt and SES with drift forecast a noiseless line exactly (1e-9 relative)", arguments: ["holt", "ses-drift"])
    func exactOnLine(family: String) throws {
        let forecast = try fitFamily(family, Self.line).forecast(horizon: 6)
        let expected = (15..<21).map(Self.lineValue)
        #expect(worstRelativeDifference(forecast.steps.map(\.mean), expected) < 1e-9)
    }

    /// Classic Theta (θ = 2) keeps the least-squares slope as a parameter but, being SES with drift
    /// b/2 (Hyndman & Billah), extrapolates half of it: with α = 1 (the SSE-optimal grid value on a
    /// line) the forecast is `y_{n−1} + k·b/2`, as in statsmodels' ThetaModel.
    @Test("Theta recovers the slope of a noiseless line and forecasts with half of it (1e-9 relative)")
    func thetaOnLine() throws {
        let model = try ThetaMethod().fit(Self.line)
        #expect(relativeDifference(try #require(model.parameter("slope")), 2.5) < 1e-9)
        #expect(model.parameter("alpha") == 1)
        let forecast = try model.forecast(horizon: 6)
        let expected = (1...6).map { Self.lineValue(14) + Double($0) * 2.5 / 2 }
        #expect(worstRelativeDifference(forecast.steps.map(\.mean), expected) < 1e-9)
    }

    /// The damped trend cannot reproduce a line (its grid has φ ≤ 0.98 by design), but its forecast
    /// increments shrink by exactly φ per step, and with φ fixed at 1 it is exact on the line.
    @Test("damped Holt: increments shrink by φ; with φ = 1 a line is forecast exactly (1e-9 relative)")
    func dampedOnLine() throws {
        let model = try HoltTrend(damped: true).fit(Self.line)
        let phi = try #require(model.parameter("phi"))
        #expect(phi < 1)
        let means = try model.forecast(horizon: 6).steps.map(\.mean)
        let increments = zip(means.dropFirst(), means).map { $0 - $1 }
        let ratios = zip(increments.dropFirst(), increments).map { $0 / $1 }
        #expect(worstRelativeDifference(ratios, [Double](repeating: phi, count: ratios.count)) < 1e-9)

        let undamped = try HoltTrend(damped: true, fixed: .init(alpha: 0.5, beta: 0.1, phi: 1)).fit(Self.line)
        #expect(worstRelativeDifference(try undamped.forecast(horizon: 6).steps.map(\.mean), (15..<21).map(Self.lineValue)) < 1e-9)
    }
}
