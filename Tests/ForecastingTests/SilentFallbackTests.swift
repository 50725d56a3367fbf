import Foundation
@testable import Forecasting
import LinearAlgebra
import SunanTestSupport
import Testing

/// No silent fallbacks in the numerical path: a state only a defect can reach is an internal failure,
/// and a failure the data can cause is reported with its reason, never skipped.
@Suite("Failures are reported, not swallowed", .tags(.specification))
struct SilentFallbackTests {
    /// A trend regression whose anchored error covariance is `v · J + i · I` over any years (J all ones):
    /// no coefficient uncertainty, last-observation variance `v`, new-observation variance `i`.
    private static func regression(lastObservationVariance v: Double, newObservationVariance i: Double) throws -> FittedModel {
        let regression = TrendRegression(
            coefficients: [10, 1], unscaledCovariance: try Matrix(rows: 2, columns: 2, columnMajor: [0, 0, 0, 0]),
            residualVariance: 1, degreesOfFreedom: 8, firstYear: 2010, newObservationWeight: 1 / i, transform: .identity,
            lastYear: 2019, lastWorkingValue: 19, lastObservationWeight: 1 / v)
        return FittedModel(family: "linear", parameters: [], fittedValues: [], residualStandardDeviation: 1,
                           residualDegreesOfFreedom: 8, observationCount: 10, lastYear: 2019, trendRegression: regression,
                           stepDistribution: { _ in .studentT(location: 20, scale: 1, degreesOfFreedom: 8, transform: .identity) })
    }

    @Test("a member forecast that is NaN at a cut (a failed small solve) is an internal failure, not a value sorted into the median")
    func nanMemberForecast() throws {
        let y: [Double] = [100, 108, 117, 125, 136, 146, 158, 170, 183, 197]
        let members = AutoMember.allCases.filter { $0.minimumLength <= 5 }
        let cuts = 5..<y.count
        let computed = AutoModel.crossValidate(members, y, origins: cuts, horizon: 3)
        // The genuine cross-validation gives errors; the same with one member's forecast at one cut made NaN fails.
        #expect(try !AutoModel.errors(y, members: members, cuts: cuts, crossValidation: computed, multiplicative: true).isEmpty)
        var values = computed.values
        values[2 * computed.originCount * computed.horizon + computed.horizon] = .nan   // member 2, second cut, step 1
        let broken = AutoModel.CrossValidation(values: values, full: computed.full, originCount: computed.originCount,
                                               horizon: computed.horizon, origins: computed.origins, n: computed.n)
        let error = try #require(throws: ForecastingError.self) {
            try AutoModel.errors(y, members: members, cuts: cuts, crossValidation: broken, multiplicative: true)
        }
        #expect(error.isInternalFailure)
        #expect(error.description.contains(members[2].rawValue), "\(error)")
    }

    @Test("a trend's error covariance that needs jitter to be factored is an internal failure, not a random-walk fallback")
    func singularCovariance() throws {
        // v J with no new-observation noise: positive semi-definite, rank 1, which no trend fit can produce.
        let fitted = try Self.regression(lastObservationVariance: 1, newObservationVariance: 0)
        let error = try #require(throws: ForecastingError.self) { try PathSampler(fitted, years: [2020, 2021, 2022]) }
        #expect(error.isInternalFailure)
        #expect(error.description.contains("needed a jitter"), "\(error)")
    }

    @Test("a trend's error covariance that cannot be factored at all is an internal failure")
    func indefiniteCovariance() throws {
        let fitted = try Self.regression(lastObservationVariance: -1, newObservationVariance: -1)
        let error = try #require(throws: ForecastingError.self) { try PathSampler(fitted, years: [2020, 2021]) }
        #expect(error.isInternalFailure)
        #expect(error.description.contains("cannot be factored"), "\(error)")
        let fine = try Self.regression(lastObservationVariance: 1, newObservationVariance: 1)
        #expect(throws: Never.self) { try PathSampler(fine, years: [2020, 2021, 2022]) }
    }

    @Test("every trend family's covariance is factored exactly over 30 years, so the internal failure never fires on a fit",
          .tags(.invariant), arguments: ["linear", "loglinear", "quadratic", "local", "logistic", "gompertz"])
    func trendFamiliesFactor(family: String) throws {
        var rng = SeededGenerator(seed: 5)
        let values = (0..<25).map { t -> Double in 1000 / (1 + exp(-0.3 * (Double(t) - 12))) * exp(0.02 * rng.normal()) }
        let fitted = try ModelCatalog.model(named: family, horizon: 30).fit(try YearlySeries(startYear: 1990, values: values))
        #expect(throws: Never.self) { try PathSampler(fitted, years: Array(2015...2044)) }
    }

    @Test("a local trend whose decay cannot be cross-validated at an origin fails with the origin, not a shorter comparison")
    func localDecayOrigin() throws {
        // 1,100 years: with λ = 0.5 the weight of the first years, 0.5^1,090, underflows to zero at every origin.
        let series = try YearlySeries(startYear: 1000, values: (0..<1100).map { 100 + 2 * Double($0) + Double($0 % 3) })
        let error = try #require(throws: ForecastingError.self) { try LocalLinearTrend().fit(series) }
        #expect(!error.isInternalFailure)
        #expect(error.description.contains("cross-validating the decay 0.5"), "\(error)")
        #expect(error.description.contains("values up to"), "\(error)")
        // The grid without 0.5 is scored on every origin and fits.
        let fitted = try LocalLinearTrend(decay: .crossValidated(grid: [0.9, 1.0], horizon: 1)).fit(series)
        #expect(fitted.parameter("decay") != nil)
    }

    @Test("a series too short for any origin ties every decay and takes the largest")
    func localDecayShortSeries() throws {
        let series = try YearlySeries(startYear: 2010, values: [10, 12, 13, 17])
        let fitted = try LocalLinearTrend(decay: .crossValidated(grid: [0.5, 0.8], horizon: 1)).fit(series)
        #expect(fitted.parameter("decay") == 0.8)
    }

    @Test("a saturation ceiling that cannot be fitted is reported, never left out of the profile",
          arguments: SaturationShape.allCases)
    func saturationProfileHole(shape: SaturationShape) throws {
        // The smallest value (4 × the least subnormal, about 2e-323) over a ceiling above about 8 × the largest
        // underflows to zero: those ceilings cannot be fitted on the linearising scale, while the smaller ones can.
        let series = try YearlySeries(startYear: 2010, values: [4 * Double.leastNonzeroMagnitude, 1e-200, 1e-100, 1e-30, 0.001, 0.1, 0.6, 0.9])
        let error = try #require(throws: ForecastingError.self) { try SaturationCurve(shape: shape).fit(series) }
        guard case .notIdentified(_, let reason) = error else {
            Issue.record("expected notIdentified, got \(error)")
            return
        }
        #expect(reason.contains("the curve cannot be fitted with a ceiling of"), "\(reason)")
    }
}
