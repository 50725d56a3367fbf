import Foundation
import LinearAlgebra

/// The predictive distribution of one forecast step.
///
/// Every forecast in sunan is a distribution, not a number: intervals at any level and Monte Carlo
/// draws come from it.
public enum PredictiveDistribution: Sendable, Equatable {
    /// `g(location + scale · T)` with T Student t on `degreesOfFreedom` (infinity: normal) and `g` a
    /// monotone ``ScaleTransform``. `scale` is the standard error of a new observation on the model's
    /// working scale.
    case studentT(location: Double, scale: Double, degreesOfFreedom: Double, transform: ScaleTransform)
    /// A distribution centred on a point forecast with Student-t spread calibrated out of sample
    /// (conformal): `point · exp(scale · T)` when `multiplicative` (log-ratio errors), else
    /// `point + scale · T`. The point is the distribution's median.
    case scaled(point: Double, scale: Double, degreesOfFreedom: Double, multiplicative: Bool)
    /// A point forecast with the spread of out-of-sample errors pooled over many series (``CalibratedStep``).
    case calibrated(CalibratedStep)

    /// The central forecast, an expectation on the data's scale. Identity: the location. Log scale:
    /// the lognormal mean `exp(location + scale²/2)` (an honest back-transform: the median is
    /// `exp(location)`). Saturation curves: `E g(location + scale·Z)` by 20-point Gauss–Hermite
    /// quadrature with a normal Z. Scaled (conformal): the point forecast, which is the median (a
    /// Student-t spread on the log scale has no finite mean). Calibrated: see ``CalibratedStep/mean``.
    public var mean: Double {
        switch self {
        case .studentT(let location, let scale, _, let transform):
            switch transform {
            case .identity: return location
            case .exponential: return exp(location + scale * scale / 2)
            case .logistic, .gompertz:
                return GaussHermite.expectation(location: location, scale: scale, of: transform.apply)
            }
        case .scaled(let point, _, _, _): return point
        case .calibrated(let step): return step.mean
        }
    }

    /// The median: the point forecast that minimises the expected absolute error (what `sunan backtest`
    /// scores with sMAPE and MASE).
    public var median: Double {
        switch self {
        case .studentT(let location, _, _, let transform): return transform.apply(location)
        case .scaled(let point, _, _, _): return point
        case .calibrated(let step): return step.quantile(0.5)
        }
    }

    /// The `p`-quantile (0 < p < 1).
    public func quantile(_ p: Double) -> Double {
        switch self {
        case .studentT(let location, let scale, let df, let transform):
            return transform.apply(scale > 0 ? location + scale * Self.standardQuantile(p, df) : location)
        case .scaled(let point, let scale, let df, let multiplicative):
            guard scale > 0 else { return point }
            let spread = scale * Self.standardQuantile(p, df)
            return multiplicative ? point * exp(spread) : point + spread
        case .calibrated(let step): return step.quantile(p)
        }
    }

    /// `P(Y ≤ x)`, the distribution function on the data's scale.
    public func cdf(_ x: Double) -> Double {
        switch self {
        case .studentT(let location, let scale, let df, let transform):
            let z = transform.inverse(x)
            if z.isNaN { return x <= 0 ? 0 : 1 }   // below 0, or at or above a saturation ceiling
            guard scale > 0 else { return z < location ? 0 : 1 }
            return Self.standardCDF((z - location) / scale, df)
        case .scaled(let point, let scale, let df, let multiplicative):
            guard scale > 0 else { return x < point ? 0 : 1 }
            if multiplicative {
                guard point > 0 else { return x < point ? 0 : 1 }
                return x <= 0 ? 0 : Self.standardCDF(log(x / point) / scale, df)
            }
            return Self.standardCDF((x - point) / scale, df)
        case .calibrated(let step): return step.cdf(x)
        }
    }

    /// The central interval holding `level` of the probability (e.g. 0.95); the whole line when a bound is
    /// not a number (``FittedModel/forecast(horizon:)`` refuses such distributions before anyone asks).
    public func interval(level: Double) -> ClosedRange<Double> {
        let low = quantile((1 - level) / 2), high = quantile((1 + level) / 2)
        guard !low.isNaN, !high.isNaN else { return -Double.infinity...Double.infinity }
        return min(low, high)...max(low, high)
    }

    private static func standardQuantile(_ p: Double, _ df: Double) -> Double {
        df.isFinite ? StudentT(degreesOfFreedom: df).quantile(p) : Normal.quantile(p)
    }

    private static func standardCDF(_ t: Double, _ df: Double) -> Double {
        df.isFinite ? StudentT(degreesOfFreedom: df).cdf(t) : Normal.cdf(t)
    }
}

/// One forecast year.
public struct ForecastStep: Sendable, Equatable {
    /// The calendar year forecast.
    public let year: Int
    /// Steps ahead of the last observation (1 = the next year).
    public let horizon: Int
    /// The predictive distribution.
    public let distribution: PredictiveDistribution
    /// The central forecast (see ``PredictiveDistribution/mean``), computed once with the step: a
    /// calibrated step's mean is a 200-point quadrature.
    public let mean: Double

    /// The step `horizon` years ahead, in `year`, with predictive distribution `distribution`.
    init(year: Int, horizon: Int, distribution: PredictiveDistribution) {
        self.year = year
        self.horizon = horizon
        self.distribution = distribution
        mean = distribution.mean
    }

    /// Steps are equal when their year, horizon and distribution are (the mean follows from the distribution).
    public static func == (lhs: ForecastStep, rhs: ForecastStep) -> Bool {
        lhs.year == rhs.year && lhs.horizon == rhs.horizon && lhs.distribution == rhs.distribution
    }
    /// The median, the point forecast scored by sMAPE and MASE (see ``PredictiveDistribution/median``).
    public var median: Double { distribution.median }
    /// The central interval at `level`.
    public func interval(level: Double) -> ClosedRange<Double> { distribution.interval(level: level) }
}

/// A forecast path from one fitted model.
public struct Forecast: Sendable, Equatable {
    /// Short label of the model that produced it, e.g. `damped` or `auto(damped 0.6, theta 0.4)`.
    public let model: String
    /// The forecast years in order.
    public let steps: [ForecastStep]
}

/// One estimated parameter: name, value and standard error (NaN when the method gives none).
public struct ParameterEstimate: Sendable, Equatable {
    /// Parameter name, e.g. `slope` or `phi`.
    public let name: String
    /// Point estimate.
    public let estimate: Double
    /// Standard error, NaN where not available (grid-searched parameters).
    public let standardError: Double

    /// An estimate with an optional standard error.
    public init(name: String, estimate: Double, standardError: Double = .nan) {
        self.name = name
        self.estimate = estimate
        self.standardError = standardError
    }
}

/// A fitted forecasting model: immutable, `Sendable`, and able to forecast any horizon.
///
/// Fitting never mutates the specification; refitting the same data gives an identical value.
public struct FittedModel: Sendable {
    /// Family name (`linear`, `damped`, `theta` …).
    public let family: String
    /// Estimated parameters.
    public let parameters: [ParameterEstimate]
    /// In-sample fitted values (one per observation), on the original scale.
    public let fittedValues: [Double]
    /// Residual standard deviation on the model's scale (log scale for log models).
    public let residualStandardDeviation: Double
    /// Residual degrees of freedom (observations − estimated parameters).
    public let residualDegreesOfFreedom: Int
    /// Number of observations fitted.
    public let observationCount: Int
    /// The last observed year.
    public let lastYear: Int
    /// For combinations: which members were combined, how, and every member's out-of-sample score.
    public let selection: ModelSelection?
    /// For trend regressions: what Monte Carlo needs to draw parameters (nil for other families).
    public let trendRegression: TrendRegression?
    /// The predictive distribution h steps ahead (h ≥ 1).
    let stepDistribution: @Sendable (Int) -> PredictiveDistribution

    /// Creates a fitted model; `stepDistribution(h)` gives the predictive distribution h years ahead.
    public init(family: String, parameters: [ParameterEstimate], fittedValues: [Double],
                residualStandardDeviation: Double, residualDegreesOfFreedom: Int, observationCount: Int,
                lastYear: Int, selection: ModelSelection? = nil, trendRegression: TrendRegression? = nil,
                stepDistribution: @escaping @Sendable (Int) -> PredictiveDistribution) {
        self.family = family
        self.parameters = parameters
        self.fittedValues = fittedValues
        self.residualStandardDeviation = residualStandardDeviation
        self.residualDegreesOfFreedom = residualDegreesOfFreedom
        self.observationCount = observationCount
        self.lastYear = lastYear
        self.selection = selection
        self.trendRegression = trendRegression
        self.stepDistribution = stepDistribution
    }

    /// The forecast for years `lastYear + 1 … lastYear + horizon`.
    /// - Throws: ``ForecastingError/invalidSetting(_:)`` when `horizon < 1`;
    ///   ``ForecastingError/numerical(_:)`` when a year's mean or its 95 % interval is not a finite number
    ///   (values spanning hundreds of orders of magnitude overflow every model), so that no caller ever
    ///   prints a blank or an infinite forecast.
    public func forecast(horizon: Int) throws -> Forecast {
        guard horizon >= 1 else { throw ForecastingError.invalidSetting("the horizon must be at least 1 year; got \(horizon)") }
        let steps = (1...horizon).map {
            ForecastStep(year: lastYear + $0, horizon: $0, distribution: stepDistribution($0))
        }
        if let bad = steps.first(where: { step in
            ![step.mean, step.distribution.quantile(0.025), step.distribution.quantile(0.975)].allSatisfy(\.isFinite)
        }) {
            throw ForecastingError.numerical("the \(selection?.label ?? family) forecast of \(bad.year) is not a finite number: "
                                             + "the history's values or changes are too extreme for it")
        }
        return Forecast(model: selection?.label ?? family, steps: steps)
    }

    /// The predictive distribution `stepsAhead` years after the last observation (≥ 1).
    public func distribution(stepsAhead: Int) -> PredictiveDistribution {
        stepDistribution(max(1, stepsAhead))
    }

    /// The value of parameter `name`, if the model has it.
    public func parameter(_ name: String) -> Double? {
        parameters.first { $0.name == name }?.estimate
    }
}

/// How a combined forecast was chosen: the members, their weights, and the out-of-sample score of
/// every candidate (lower is better), so a planner can see why.
public struct ModelSelection: Sendable, Equatable {
    /// How the members' forecasts are combined.
    public enum Combination: String, Sendable, Equatable {
        /// Per-step median of the members' forecasts (each member weighs equally).
        case median
        /// A single model, used as it is.
        case single
    }
    /// The combined members, best score first.
    public let members: [String]
    /// How they are combined.
    public let combination: Combination
    /// Every candidate's rolling-origin score (mean of sMAPE/20 + MASE/3 over origins), in pool order;
    /// empty when the series was too short to score.
    public let scores: [(name: String, score: Double)]
    /// Defined behaviour that applied (short, constant or gappy series), or empty.
    public let note: String
    /// Whether the calibration pool was too small to learn the error law (fewer than
    /// ``PooledErrorLaw/minimumSeries`` series with errors or ``PooledErrorLaw/minimumErrors`` errors), so
    /// that the intervals use the default Student-t(4) law (``PooledErrorLaw/studentT4``).
    public var usesDefaultErrorLaw = false
    /// The inflation λ of the calibration pool's error law (``CalibrationPool/inflation``); nil for a
    /// model without a calibration pool.
    public var inflation: Double?
    /// The forecast points the pool checked its inflation on (0: the default inflation was used).
    public var inflationCheckPoints = 0
    /// The weight of the series' own growth against its pool's median growth
    /// (``CalibrationPool/ownGrowthWeight(volatility:changes:)``); nil when the pool does not pool growth
    /// or the series takes the pool's growth outright (one or two values).
    public var ownGrowthWeight: Double?

    /// Equal weights `1/members.count` in the median sense.
    public var weights: [Double] { members.map { _ in 1 / Double(members.count) } }

    /// A compact label such as `auto: median of 8` (the members are in ``members``) or `auto: drift`.
    public var label: String {
        combination == .single ? "auto: \(members.joined())" : "auto: median of \(members.count)"
    }

    public static func == (lhs: ModelSelection, rhs: ModelSelection) -> Bool {
        lhs.members == rhs.members && lhs.combination == rhs.combination && lhs.note == rhs.note
            && lhs.usesDefaultErrorLaw == rhs.usesDefaultErrorLaw && lhs.inflation == rhs.inflation
            && lhs.inflationCheckPoints == rhs.inflationCheckPoints && lhs.ownGrowthWeight == rhs.ownGrowthWeight
            && lhs.scores.map(\.name) == rhs.scores.map(\.name) && lhs.scores.map(\.score) == rhs.scores.map(\.score)
    }
}

/// The estimated trend regression behind a trend model, on its working scale: enough to draw
/// coefficient vectors and new observations for Monte Carlo, and the anchored forecast's errors.
///
/// The working-scale value in year `y` is `Σⱼ βⱼ tʲ` with `t = y − firstYear`, plus noise of variance
/// `σ² / newObservationWeight`; the data-scale value is `transform.apply` of it. Forecasts are
/// anchored at the last observation (see ``anchoredLocation(year:)``).
public struct TrendRegression: Sendable, Equatable {
    /// Estimated coefficients, constant first.
    public let coefficients: [Double]
    /// `(XᵀWX)⁻¹`: the coefficient covariance divided by σ².
    public let unscaledCovariance: Matrix
    /// Residual variance σ² on the working scale.
    public let residualVariance: Double
    /// Residual degrees of freedom.
    public let degreesOfFreedom: Int
    /// The first year of the fitted history (t = 0).
    public let firstYear: Int
    /// Weight of a new observation (1 for ordinary least squares).
    public let newObservationWeight: Double
    /// The map from the working scale to the data's scale.
    public let transform: ScaleTransform
    /// The last year of the fitted history.
    public let lastYear: Int
    /// The last observation on the working scale, `z_n`, where forecasts are anchored.
    public let lastWorkingValue: Double
    /// The weight of the last observation in the fit (1 for ordinary least squares).
    public let lastObservationWeight: Double

    /// The design row `[1, t, t², …]` of `year`.
    public func designRow(year: Int) -> [Double] {
        let t = Double(year - firstYear)
        var row = [Double](), power = 1.0
        for _ in coefficients { row.append(power); power *= t }
        return row
    }

    /// The anchored working-scale forecast of `year`: `z_n + (x_year − x_n) β̂`.
    public func anchoredLocation(year: Int) -> Double {
        let now = designRow(year: year), then = designRow(year: lastYear)
        var change = 0.0
        for j in coefficients.indices { change += (now[j] - then[j]) * coefficients[j] }
        return lastWorkingValue + change
    }

    /// `x_a V x_bᵀ`.
    private func quadratic(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for i in a.indices { for j in b.indices { sum += a[i] * unscaledCovariance[i, j] * b[j] } }
        return sum
    }

    /// The anchored forecast error's variance in `year`, divided by σ²:
    /// `x V xᵀ − x_n V x_nᵀ + 1/w_new + 1/w_n`.
    public func errorVariance(year: Int) -> Double {
        errorCovariance(years: [year])[0]
    }

    /// The covariance of the anchored forecast errors of `years`, divided by σ², row-major:
    /// `C_ab = x_a V x_bᵀ − x_n V x_nᵀ + [a = b]/w_new + 1/w_n`.
    public func errorCovariance(years: [Int]) -> [Double] {
        let rows = years.map(designRow(year:)), last = designRow(year: lastYear)
        let base = 1 / lastObservationWeight - quadratic(last, last)
        var covariance = [Double](repeating: 0, count: years.count * years.count)
        for a in years.indices {
            for b in years.indices {
                covariance[a * years.count + b] = quadratic(rows[a], rows[b]) + base + (a == b ? 1 / newObservationWeight : 0)
            }
        }
        return covariance
    }
}

/// A forecasting model specification: a value that fits a series and returns an immutable ``FittedModel``.
public protocol ForecastModel: Sendable {
    /// Family name used in reports and on the command line.
    var name: String { get }
    /// Fits the model to `series`.
    /// - Throws: ``ForecastingError`` when the series does not suit the model.
    func fit(_ series: YearlySeries) throws -> FittedModel
}
