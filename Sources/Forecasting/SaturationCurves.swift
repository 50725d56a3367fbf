import Foundation

/// How the ceiling (saturation level) of a logistic or Gompertz curve is set.
public enum Ceiling: Sendable, Equatable {
    /// A ceiling the planner knows (for example a physical or policy limit), in the series' unit.
    case given(Double)
    /// Estimated from the data by profile least squares (see ``SaturationCurve``).
    case estimate
}

/// The shape of an S-curve.
public enum SaturationShape: String, Sendable, Equatable, CaseIterable {
    /// Symmetric S-curve `y = cap / (1 + e^(−(a + b t)))`.
    case logistic
    /// Asymmetric S-curve `y = cap · exp(−e^(−(a + b t)))` (slower approach to the ceiling).
    case gompertz
}

/// A logistic or Gompertz growth curve whose ceiling is given or estimated.
///
/// For a fixed ceiling the curve is linear in `t` on the linearising scale
/// (`log(y/(cap−y))` or `−log(−log(y/cap))`), and is fitted there by least squares.
/// An estimated ceiling is chosen by **profile least squares**: the residual sum of squares on the
/// data's scale is computed over a geometric grid of ceilings from `1.001 · max y` to
/// `maximumCeilingRatio · max y`, then refined by golden-section search around the best grid point.
/// When the best ceiling is the largest one tried, the data show no sign of saturation and the
/// model refuses (``ForecastingError/notIdentified(model:reason:)``) rather than invent a ceiling.
/// Intervals condition on the chosen ceiling (its own uncertainty is not propagated) — state this
/// when reporting.
public struct SaturationCurve: ForecastModel {
    /// Logistic or Gompertz.
    public let shape: SaturationShape
    /// Given or estimated ceiling.
    public let ceiling: Ceiling
    /// Largest ceiling tried, as a multiple of the largest observation.
    public let maximumCeilingRatio: Double

    /// A specification; by default the ceiling is estimated up to 10 × the largest observation.
    public init(shape: SaturationShape, ceiling: Ceiling = .estimate, maximumCeilingRatio: Double = 10) {
        self.shape = shape
        self.ceiling = ceiling
        self.maximumCeilingRatio = maximumCeilingRatio
    }

    public var name: String { shape.rawValue }

    public func fit(_ series: YearlySeries) throws -> FittedModel {
        guard series.count >= 4 else { throw ForecastingError.tooShort(model: name, needed: 4, got: series.count) }
        guard series.isPositive else { throw ForecastingError.notPositive(model: name) }
        let largest = series.values.max() ?? 0
        switch ceiling {
        case .given(let cap):
            guard cap.isFinite, cap > largest else {
                throw ForecastingError.invalidSetting("the ceiling \(cap) must exceed the largest observation \(largest)")
            }
            return try fitWithCeiling(cap, series)
        case .estimate:
            return try fitWithCeiling(try estimateCeiling(series, largest: largest), series)
        }
    }

    private func transform(_ cap: Double) -> ScaleTransform {
        shape == .logistic ? .logistic(cap: cap) : .gompertz(cap: cap)
    }

    private func fitWithCeiling(_ cap: Double, _ series: YearlySeries) throws -> FittedModel {
        let fitted = try PolynomialTrend(name: name, degree: 1, transform: transform(cap))
            .fit(series, extraParameters: ceiling == .estimate ? 1 : 0)
        let parameters = fitted.parameters + [ParameterEstimate(name: "ceiling", estimate: cap)]
        return FittedModel(family: fitted.family, parameters: parameters, fittedValues: fitted.fittedValues,
                           residualStandardDeviation: fitted.residualStandardDeviation,
                           residualDegreesOfFreedom: fitted.residualDegreesOfFreedom,
                           observationCount: fitted.observationCount, lastYear: fitted.lastYear,
                           trendRegression: fitted.trendRegression, stepDistribution: fitted.stepDistribution)
    }

    /// Residual sum of squares on the data's scale for a given ceiling (infinity when it overflows).
    /// - Throws: an internal failure as it is; any other failure to fit with `cap` as
    ///   ``ForecastingError/notIdentified(model:reason:)`` naming the ceiling, so that no ceiling is left out
    ///   of the profile unsaid (a profile with a hole could pass a curve that does not saturate).
    private func profile(_ cap: Double, _ series: YearlySeries) throws -> Double {
        let fitted: FittedModel
        do {
            fitted = try PolynomialTrend(name: name, degree: 1, transform: transform(cap)).fit(series)
        } catch let error as ForecastingError where error.isInternalFailure {
            throw error
        } catch {
            throw ForecastingError.notIdentified(model: name, reason: "the ceiling cannot be estimated: the curve cannot be fitted "
                + "with a ceiling of \(String(format: "%.6g", cap)) (\(String(format: "%.4g", cap / (series.values.max() ?? 1))) × the "
                + "largest value): \(error)")
        }
        return zip(series.values, fitted.fittedValues).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
    }

    private func estimateCeiling(_ series: YearlySeries, largest: Double) throws -> Double {
        let gridSize = 40
        let low = 1.001, high = maximumCeilingRatio
        let ratios = (0..<gridSize).map { low * pow(high / low, Double($0) / Double(gridSize - 1)) }
        let sse = try ratios.map { try profile($0 * largest, series) }
        guard let best = sse.indices.min(by: { sse[$0] < sse[$1] }), sse[best].isFinite else {
            throw ForecastingError.notIdentified(model: name, reason: "no ceiling gives a finite residual sum of squares: the values are too extreme")
        }
        if best == gridSize - 1 {
            throw ForecastingError.notIdentified(
                model: name,
                reason: "the data show no saturation: the fit keeps improving as the ceiling grows to "
                    + "\(maximumCeilingRatio) × the largest value; give a ceiling or use a trend model")
        }
        var a = log(ratios[max(best - 1, 0)]), b = log(ratios[min(best + 1, gridSize - 1)])
        let golden = (5.0.squareRoot() - 1) / 2
        var c = b - golden * (b - a), d = a + golden * (b - a)
        var fc = try profile(exp(c) * largest, series), fd = try profile(exp(d) * largest, series)
        for _ in 0..<40 {
            if fc < fd { b = d; d = c; fd = fc; c = b - golden * (b - a); fc = try profile(exp(c) * largest, series) }
            else { a = c; c = d; fc = fd; d = a + golden * (b - a); fd = try profile(exp(d) * largest, series) }
        }
        let refined = exp((a + b) / 2) * largest
        return try profile(refined, series) <= sse[best] ? refined : ratios[best] * largest
    }
}
