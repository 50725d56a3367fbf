import Foundation
import LinearAlgebra

/// A polynomial trend in time fitted by (weighted) least squares on a working scale `z = g⁻¹(y)`
/// (identity, log, or a saturation curve's linearising transform).
///
/// The design is `[1, t, t², …, t^degree]` with `t = year − first year`, so series with gaps are
/// handled naturally. The forecast is **anchored at the last observation**: on the working scale it
/// is `z_n + (x_{n+k} − x_n) β̂` (the fitted trend's change since the last year added to the last
/// value), never a jump to the fitted line. Its error `e_{n+k} − e_n − (x_{n+k} − x_n)(β̂ − β)` has
/// variance `σ² (x_{n+k} V x_{n+k}ᵀ − x_n V x_nᵀ + 1/w_new + 1/w_n)`, V = (XᵀWX)⁻¹ (the fitted β̂
/// and the last error are correlated, which removes `2 (x_{n+k} − x_n) V x_nᵀ` from the naive sum);
/// intervals are Student t on the residual degrees of freedom with that scale, mapped back through
/// the monotone `g`; the central forecast is the expectation on the data's scale (see
/// ``PredictiveDistribution/mean``). ``TrendRegression/errorCovariance(years:)`` gives the joint
/// covariance that ``PathSampler`` draws from.
struct PolynomialTrend: Sendable {
    let name: String
    let degree: Int
    let transform: ScaleTransform

    /// Fits with optional observation weights (inverse variances); `weightOfNew` is the weight of a
    /// future observation, which scales its noise variance σ²/w. `extraParameters` counts parameters
    /// estimated outside the regression (a profiled ceiling): they take residual degrees of freedom,
    /// so σ² = RSS / (n − p − extra) and the intervals use Student t on those degrees of freedom.
    func fit(_ series: YearlySeries, weights: [Double]? = nil, weightOfNew: Double = 1,
             extraParameters: Int = 0) throws -> FittedModel {
        let parameterCount = degree + 1
        guard series.count >= parameterCount + extraParameters + 1 else {
            throw ForecastingError.tooShort(model: name, needed: parameterCount + extraParameters + 1, got: series.count)
        }
        let response = series.values.map(transform.inverse)
        guard response.allSatisfy(\.isFinite) else {
            if transform == .exponential { throw ForecastingError.notPositive(model: name) }
            throw ForecastingError.notIdentified(model: name, reason: "every value must lie strictly between 0 and the ceiling")
        }
        let t = series.timeIndex
        let names = ["intercept", "slope", "curvature", "cubic"].prefix(parameterCount).map { $0 }
        let result: RegressionResult
        do {
            result = try LinearRegression(columnNames: names)
                .fit(design: Self.design(t, degree: degree), response: response, weights: weights)
        } catch let error as LinearAlgebraError {
            throw ForecastingError.leastSquaresFailure(error)
        }
        guard result.rank == parameterCount else {
            throw ForecastingError.notIdentified(model: name, reason: "the trend design is rank deficient (rank \(result.rank))")
        }
        let first = series.years[0], last = series.years[series.count - 1]
        let transform = self.transform
        let residualDF = Double(result.residualDegreesOfFreedom)
        let varianceInflation = residualDF / max(residualDF - Double(extraParameters), 1)
        let regression = TrendRegression(
            coefficients: result.coefficients, unscaledCovariance: result.unscaledCovariance,
            residualVariance: result.residualVariance * varianceInflation,
            degreesOfFreedom: result.residualDegreesOfFreedom - extraParameters,
            firstYear: first, newObservationWeight: weightOfNew, transform: transform,
            lastYear: last, lastWorkingValue: response[response.count - 1],
            lastObservationWeight: weights?.last ?? 1)
        let parameters = zip(names, zip(result.coefficients, result.standardErrors)).map {
            ParameterEstimate(name: $0.0, estimate: $0.1.0, standardError: $0.1.1)
        }
        return FittedModel(
            family: name, parameters: parameters,
            fittedValues: result.fittedValues.map(transform.apply),
            residualStandardDeviation: result.residualStandardDeviation * varianceInflation.squareRoot(),
            residualDegreesOfFreedom: result.residualDegreesOfFreedom - extraParameters,
            observationCount: series.count, lastYear: last,
            trendRegression: regression,
            stepDistribution: { h in
                .studentT(location: regression.anchoredLocation(year: last + h),
                          scale: (regression.residualVariance * regression.errorVariance(year: last + h)).squareRoot(),
                          degreesOfFreedom: Double(regression.degreesOfFreedom), transform: transform)
            })
    }

    static func design(_ t: [Double], degree: Int) throws -> Matrix {
        try Matrix(columns: (0...degree).map { power in t.map { power == 0 ? 1 : pow($0, Double(power)) } })
    }
}

/// A straight-line trend `y = a + b·t` fitted by ordinary least squares.
public struct LinearTrend: ForecastModel {
    public var name: String { "linear" }
    /// The specification (it has no settings).
    public init() {}
    public func fit(_ series: YearlySeries) throws -> FittedModel {
        try PolynomialTrend(name: name, degree: 1, transform: .identity).fit(series)
    }
}

/// Constant growth: `log y = a + b·t` by least squares (growth rate `exp(b) − 1` a year). Needs
/// positive values; the forecast is back-transformed honestly (lognormal mean, exponentiated intervals).
public struct LogLinearTrend: ForecastModel {
    public var name: String { "loglinear" }
    /// The specification (it has no settings).
    public init() {}
    public func fit(_ series: YearlySeries) throws -> FittedModel {
        try PolynomialTrend(name: name, degree: 1, transform: .exponential).fit(series)
    }
}

/// A quadratic trend `y = a + b·t + c·t²` by least squares (curvature that extrapolates fast: use with care).
public struct QuadraticTrend: ForecastModel {
    public var name: String { "quadratic" }
    /// The specification (it has no settings).
    public init() {}
    public func fit(_ series: YearlySeries) throws -> FittedModel {
        try PolynomialTrend(name: name, degree: 2, transform: .identity).fit(series)
    }
}
