import Foundation

/// How the decay of a ``LocalLinearTrend`` is set.
public enum DecaySetting: Sendable, Equatable {
    /// A fixed decay factor λ in (0, 1]: an observation k years old has weight λᵏ.
    case fixed(Double)
    /// The decay from `grid` with the smallest rolling-origin mean absolute error at `horizon`
    /// (out of sample; ties go to the larger, smoother λ). A series too short for any origin (4 values
    /// or fewer) has no error to compare: every λ ties and the largest is used. A λ that cannot be fitted
    /// or forecast at an origin makes the fit fail with the reason, rather than be compared on fewer origins.
    case crossValidated(grid: [Double], horizon: Int)
}

/// A local linear trend: a straight line fitted by exponentially weighted least squares, weight
/// `λ^(T − t)` for the observation of year t (T the last year), so recent years count more.
///
/// Intervals are weighted-least-squares prediction intervals for a new observation of weight 1
/// (the weight of the last year), Student t with n − 2 degrees of freedom.
public struct LocalLinearTrend: ForecastModel {
    /// The decay setting.
    public let decay: DecaySetting

    /// The default chooses λ ∈ {0.5, 0.6, 0.7, 0.8, 0.9, 1.0} out of sample at `horizon`.
    public init(decay: DecaySetting = .crossValidated(grid: [0.5, 0.6, 0.7, 0.8, 0.9, 1.0], horizon: 1)) {
        self.decay = decay
    }

    public var name: String { "local" }

    public func fit(_ series: YearlySeries) throws -> FittedModel {
        let lambda: Double
        switch decay {
        case .fixed(let value):
            guard value > 0, value <= 1 else { throw ForecastingError.invalidSetting("the decay must be in (0, 1]; got \(value)") }
            lambda = value
        case .crossValidated(let grid, let horizon):
            lambda = try chooseDecay(series, grid: grid, horizon: horizon)
        }
        let fitted = try fit(series, lambda: lambda)
        return FittedModel(family: name, parameters: fitted.parameters + [ParameterEstimate(name: "decay", estimate: lambda)],
                           fittedValues: fitted.fittedValues, residualStandardDeviation: fitted.residualStandardDeviation,
                           residualDegreesOfFreedom: fitted.residualDegreesOfFreedom,
                           observationCount: fitted.observationCount, lastYear: fitted.lastYear,
                           trendRegression: fitted.trendRegression, stepDistribution: fitted.stepDistribution)
    }

    private func fit(_ series: YearlySeries, lambda: Double) throws -> FittedModel {
        let last = Double(series.years[series.count - 1])
        let weights = series.years.map { pow(lambda, last - Double($0)) }
        return try PolynomialTrend(name: name, degree: 1, transform: .identity).fit(series, weights: weights)
    }

    private func chooseDecay(_ series: YearlySeries, grid: [Double], horizon: Int) throws -> Double {
        guard !grid.isEmpty, grid.allSatisfy({ $0 > 0 && $0 <= 1 }) else {
            throw ForecastingError.invalidSetting("decay grid values must be in (0, 1]")
        }
        let candidates = grid.sorted(by: >)
        var best = candidates[0], bestError = Double.infinity
        for lambda in candidates {
            let error = try RollingOrigin.meanAbsoluteError(series: series, horizon: horizon, setting: "decay \(lambda)") {
                try fit($0, lambda: lambda)
            }
            if error < bestError { best = lambda; bestError = error }
        }
        return best
    }
}

/// Rolling-origin (time-series cross-validation) errors of a model on one series.
enum RollingOrigin {
    /// Smallest training length used as an origin.
    static let minimumTraining = 4
    /// Largest number of origins (the most recent ones).
    static let maximumOrigins = 10

    /// Mean absolute error over the last origins, each forecasting up to `horizon` steps that
    /// are still observed; infinity when the series is too short for any origin.
    /// - Throws: the ``ForecastingError`` of an origin whose fit or forecast fails, as it is when it is an
    ///   ``ForecastingError/internalFailure(_:)``, else as ``ForecastingError/numerical(_:)`` naming the
    ///   `setting` and the origin: an origin is never skipped, so every setting is scored on the same origins.
    static func meanAbsoluteError(series: YearlySeries, horizon: Int, setting: String,
                                  fit: (YearlySeries) throws -> FittedModel) throws -> Double {
        var total = 0.0, count = 0
        let n = series.count
        for origin in max(minimumTraining, n - maximumOrigins)..<max(minimumTraining, n) {
            let steps = min(horizon, n - origin)
            let forecast: Forecast
            do {
                forecast = try fit(series.prefix(origin)).forecast(horizon: steps)
            } catch let error as ForecastingError where error.isInternalFailure {
                throw error
            } catch {
                throw ForecastingError.numerical("cross-validating the \(setting): the fit to the \(origin) values up to "
                    + "\(series.years[origin - 1]) fails: \(error)")
            }
            for step in forecast.steps {
                guard let index = series.years.firstIndex(of: step.year) else { continue }
                total += abs(series.values[index] - step.mean)
                count += 1
            }
        }
        return count > 0 ? total / Double(count) : .infinity
    }
}
