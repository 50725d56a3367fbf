import Foundation
@testable import Forecasting
import SunanTestSupport
import Testing

/// The predictive distributions every forecast step carries, and the quadrature behind their means.
@Suite("Predictive distributions", .tags(.reference))
struct DistributionTests {
    static let distributions: [PredictiveDistribution] = [
        .studentT(location: 3, scale: 2, degreesOfFreedom: 7, transform: .identity),
        .studentT(location: 3, scale: 2, degreesOfFreedom: .infinity, transform: .identity),
        .studentT(location: 1.2, scale: 0.3, degreesOfFreedom: 12, transform: .exponential),
        .studentT(location: -0.4, scale: 0.8, degreesOfFreedom: 5, transform: .logistic(cap: 250)),
        .studentT(location: 0.7, scale: 0.5, degreesOfFreedom: 20, transform: .gompertz(cap: 90)),
        .scaled(point: 120, scale: 0.15, degreesOfFreedom: 4, multiplicative: true),
        .scaled(point: -15, scale: 6, degreesOfFreedom: 4, multiplicative: false),
    ]
    static let probabilities = (1...99).map { Double($0) / 100 }

    @Test("quantiles increase with p", .tags(.invariant), arguments: distributions)
    func quantilesMonotone(distribution: PredictiveDistribution) {
        let quantiles = Self.probabilities.map(distribution.quantile)
        #expect(quantiles.allSatisfy { $0.isFinite })
        #expect(zip(quantiles.dropFirst(), quantiles).allSatisfy { $0 > $1 })
    }

    @Test("every central interval contains the median, and wider levels nest narrower ones", .tags(.invariant), arguments: distributions)
    func intervalsContainMedian(distribution: PredictiveDistribution) {
        let median = distribution.quantile(0.5)
        var previous = median...median
        for level in [0.5, 0.8, 0.9, 0.95, 0.99] {
            let interval = distribution.interval(level: level)
            #expect(interval.contains(median))
            #expect(interval.lowerBound < previous.lowerBound && interval.upperBound > previous.upperBound)
            previous = interval
        }
    }

    @Test("a zero scale collapses every quantile to the point (or its transform)")
    func zeroScale() {
        let exponential = PredictiveDistribution.studentT(location: 2, scale: 0, degreesOfFreedom: 5, transform: .exponential)
        #expect(exponential.interval(level: 0.95) == exp(2)...exp(2))
        #expect(exponential.mean == exp(2))
        let scaled = PredictiveDistribution.scaled(point: 9, scale: 0, degreesOfFreedom: 4, multiplicative: true)
        #expect(scaled.interval(level: 0.8) == 9...9)
    }

    /// The log-scale mean is the lognormal mean exp(μ + s²/2), above the median exp(μ); it must equal
    /// E exp(μ + s·Z) computed independently by quadrature (1e-12 relative).
    @Test("the log-normal mean formula", arguments: [(0.0, 0.1), (1.2, 0.3), (-2.0, 1.0), (5.0, 0.05)])
    func logNormalMean(location: Double, scale: Double) {
        let distribution = PredictiveDistribution.studentT(location: location, scale: scale, degreesOfFreedom: 10, transform: .exponential)
        #expect(relativeDifference(distribution.mean, exp(location + scale * scale / 2)) < 1e-15)
        let quadrature = GaussHermite.expectation(location: location, scale: scale, of: exp)
        #expect(relativeDifference(distribution.mean, quadrature) < 1e-12)
        #expect(distribution.mean > distribution.quantile(0.5))
    }

    @Test("20-point Gauss–Hermite: E exp(Z) = exp(1/2), the weights sum to √π, E Z² = 1, E Z⁴ = 3 (1e-12)")
    func gaussHermiteRule() {
        let rule = GaussHermite.rule
        #expect(rule.nodes.count == 20)
        #expect(relativeDifference(rule.weights.reduce(0, +), Double.pi.squareRoot()) < 1e-12)
        #expect(relativeDifference(GaussHermite.expectation(location: 0, scale: 1, of: exp), exp(0.5)) < 1e-12)
        #expect(relativeDifference(GaussHermite.expectation(location: 0, scale: 1) { $0 * $0 }, 1) < 1e-12)
        #expect(relativeDifference(GaussHermite.expectation(location: 0, scale: 1) { pow($0, 4) }, 3) < 1e-12)
        #expect(abs(GaussHermite.expectation(location: 0, scale: 1) { pow($0, 3) }) < 1e-12)
        #expect(zip(rule.nodes.dropFirst(), rule.nodes).allSatisfy { $0 < $1 } || zip(rule.nodes.dropFirst(), rule.nodes).allSatisfy { $0 > $1 })
    }

    /// The saturation-curve mean E g(μ + sZ), μ = 0.3, s = 0.9, against two references:
    /// - a trapezoid rule on [−12, 12] with 24 001 points (spectrally accurate for this smooth,
    ///   fast-decaying integrand; it agrees with mpmath's quad to 1e-13 here): within 1e-7 relative,
    ///   the truncation error of a 20-point rule on the double exponential of Gompertz (4.1e-8; 3e-11
    ///   for the logistic);
    /// - the same 20-point rule from numpy (`numpy.polynomial.hermite.hermgauss(20)`, values computed
    ///   with numpy 2.4): 1e-12 relative, so our nodes and weights are the standard ones.
    @Test("the mean of a saturation curve's distribution is E g(μ + sZ)", arguments: [
        (ScaleTransform.logistic(cap: 250), 140.88697763340988), (.gompertz(cap: 90), 41.49788171348285),
    ])
    func saturationMean(transform: ScaleTransform, numpyGaussHermite: Double) {
        let (location, scale) = (0.3, 0.9)
        let distribution = PredictiveDistribution.studentT(location: location, scale: scale, degreesOfFreedom: 8, transform: transform)
        let step = 0.001
        var sum = 0.0
        for i in -12_000...12_000 {
            let z = Double(i) * step
            sum += transform.apply(location + scale * z) * exp(-z * z / 2)
        }
        let trapezoid = sum * step / (2 * Double.pi).squareRoot()
        #expect(relativeDifference(distribution.mean, trapezoid) < 1e-7)
        #expect(relativeDifference(distribution.mean, numpyGaussHermite) < 1e-12)
    }

    @Test("scale transforms invert each other inside their domains", .tags(.invariant), arguments: [
        ScaleTransform.identity, .exponential, .logistic(cap: 250), .gompertz(cap: 90),
    ])
    func transformsRoundTrip(transform: ScaleTransform) {
        for y in [0.5, 3.0, 40.0, 89.0] {
            #expect(relativeDifference(transform.apply(transform.inverse(y)), y) < 1e-12)
        }
        if transform != .identity { #expect(transform.inverse(-1).isNaN) }
    }
}
