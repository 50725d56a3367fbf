import Foundation

/// Holt's linear trend, or its damped version, with smoothing constants chosen by the smallest sum
/// of squared one-step errors over a fixed grid (α ∈ {0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 1}, β = α × {0.01,
/// 0.05, 0.1, 0.2, 0.3}, φ ∈ {0.8, 0.85, 0.9, 0.95, 0.98} when damped, else 1), started at `l₀ = y₀`,
/// `b₀ = y₁ − y₀`.
///
/// Forecast `l + (φ + … + φᵏ) b`. Intervals use the additive-error state-space variance
/// `σ² (1 + Σ_{j<k} (α + β(φ + … + φʲ))²)` with σ² the one-step error variance
/// (SSE over n − 1 − #parameters degrees of freedom), Student t on those degrees of freedom.
/// Needs consecutive years.
public struct HoltTrend: ForecastModel {
    /// Smoothing constants fixed by the caller instead of chosen from the grid.
    public struct Parameters: Sendable, Equatable {
        /// Level smoothing α in (0, 1].
        public let alpha: Double
        /// Trend smoothing β (= α × fraction) in [0, α].
        public let beta: Double
        /// Damping φ in (0, 1].
        public let phi: Double
        /// Fixed constants.
        public init(alpha: Double, beta: Double, phi: Double) {
            self.alpha = alpha
            self.beta = beta
            self.phi = phi
        }
    }

    /// Whether the trend is damped (φ estimated from the grid) or linear (φ = 1).
    public let damped: Bool
    /// Fixed constants, or nil to choose them from the grid.
    public let fixed: Parameters?

    /// A damped (default) or linear Holt specification, optionally with fixed constants.
    public init(damped: Bool = true, fixed: Parameters? = nil) {
        self.damped = damped
        self.fixed = fixed
    }

    public var name: String { damped ? "damped" : "holt" }

    public func fit(_ series: YearlySeries) throws -> FittedModel {
        let parameterCount = damped ? 3 : 2
        let needed = parameterCount + 2
        guard series.count >= needed else { throw ForecastingError.tooShort(model: name, needed: needed, got: series.count) }
        guard !series.hasGaps else { throw ForecastingError.hasGaps(model: name) }
        let y = series.values
        let fit = fixed.map { SmoothingKernels.holt(y, alpha: $0.alpha, beta: $0.beta, phi: $0.phi) }
            ?? SmoothingKernels.holt(y, phis: damped ? SmoothingKernels.dampedPhis : [1])
        let df = y.count - 1 - parameterCount
        let sigma = (fit.sse / Double(df)).squareRoot()
        var fitted = [y[0]]
        var level = y[0], trend = y[1] - y[0]
        for t in 1..<y.count {
            let forecast = level + fit.phi * trend
            fitted.append(forecast)
            let error = y[t] - forecast
            level = forecast + fit.alpha * error
            trend = fit.phi * trend + fit.beta * error
        }
        var parameters = [ParameterEstimate(name: "alpha", estimate: fit.alpha),
                          ParameterEstimate(name: "beta", estimate: fit.beta)]
        if damped { parameters.append(ParameterEstimate(name: "phi", estimate: fit.phi)) }
        return FittedModel(
            family: name, parameters: parameters, fittedValues: fitted, residualStandardDeviation: sigma,
            residualDegreesOfFreedom: df, observationCount: y.count, lastYear: series.years[y.count - 1],
            stepDistribution: { k in
                var variance = 1.0
                for j in 1..<max(1, k) {
                    let c = fit.alpha + fit.beta * SmoothingKernels.dampedSum(fit.phi, j)
                    variance += c * c
                }
                return .studentT(location: fit.level + SmoothingKernels.dampedSum(fit.phi, k) * fit.trend,
                                 scale: sigma * variance.squareRoot(), degreesOfFreedom: Double(df), transform: .identity)
            })
    }
}

/// Simple exponential smoothing with drift: SES (α from 0.05 … 1.00 by squared one-step error) on
/// `y_t − c·t`, with c the least-squares slope of y on `[1, t]`; the drift is added back,
/// forecast `l + c (n − 1 + k)`.
///
/// This is the Theta method's structure (Hyndman & Billah's equivalence) with the full slope.
/// Intervals: `σ √(1 + (k − 1) α²)`, the SES forecast variance, σ² the one-step error variance over
/// n − 3 degrees of freedom (α, level, drift); Student t. Needs consecutive years.
public struct SESWithDrift: ForecastModel {
    /// The specification (it has no settings).
    public init() {}

    public var name: String { "ses-drift" }

    public func fit(_ series: YearlySeries) throws -> FittedModel {
        guard series.count >= 4 else { throw ForecastingError.tooShort(model: name, needed: 4, got: series.count) }
        guard !series.hasGaps else { throw ForecastingError.hasGaps(model: name) }
        let y = series.values
        let slope = SmoothingKernels.line(y).slope
        let z = y.enumerated().map { $0.element - slope * Double($0.offset) }
        let ses = SmoothingKernels.ses(z, alphas: SmoothingKernels.sesAlphas)
        let df = y.count - 3
        let sigma = (ses.sse / Double(df)).squareRoot()
        let n = Double(y.count)
        return FittedModel(
            family: name,
            parameters: [ParameterEstimate(name: "alpha", estimate: ses.alpha), ParameterEstimate(name: "drift", estimate: slope)],
            fittedValues: Self.oneStepFitted(z, alpha: ses.alpha).enumerated().map { $0.element + slope * Double($0.offset) },
            residualStandardDeviation: sigma, residualDegreesOfFreedom: df, observationCount: y.count,
            lastYear: series.years[y.count - 1],
            stepDistribution: { k in
                .studentT(location: ses.level + slope * (n - 1 + Double(k)),
                          scale: sigma * (1 + Double(k - 1) * ses.alpha * ses.alpha).squareRoot(),
                          degreesOfFreedom: Double(df), transform: .identity)
            })
    }

    /// One-step-ahead SES fitted values (the first is the series' own first value).
    static func oneStepFitted(_ z: [Double], alpha: Double) -> [Double] {
        var level = z[0]
        var fitted = [z[0]]
        for t in 1..<z.count {
            fitted.append(level)
            level += alpha * (z[t] - level)
        }
        return fitted
    }
}

/// The Theta method (Assimakopoulos & Nikolopoulos) with coefficient θ: the least-squares line
/// `L_t = c₀ + c₁ t`, the theta line `θ y − (θ − 1) L`, SES on it (α from 0.05 … 1.00 by squared
/// one-step error, `l₀` its first value), forecast `(l + (θ − 1) L_{n−1+k}) / θ`. θ = 2 is the
/// classic method. On the log scale (every value > 0) the forecast is exponentiated (a median).
///
/// Intervals: the SES variance of the theta line divided by θ², `σ_z² (1 + (k − 1) α²) / θ²`, with
/// σ_z² the theta line's one-step error variance over n − 3 degrees of freedom; Student t.
public struct ThetaMethod: ForecastModel {
    /// The theta coefficient (2 = classic).
    public let theta: Double
    /// Whether to work on log values.
    public let logScale: Bool
    /// A fixed SES smoothing constant, or nil to choose it from the grid.
    public let alpha: Double?

    /// A specification; the defaults give the classic Theta method with α chosen from the grid.
    public init(theta: Double = 2, logScale: Bool = false, alpha: Double? = nil) {
        self.theta = theta
        self.logScale = logScale
        self.alpha = alpha
    }

    public var name: String { logScale ? "theta-log" : "theta" }

    public func fit(_ series: YearlySeries) throws -> FittedModel {
        guard series.count >= 4 else { throw ForecastingError.tooShort(model: name, needed: 4, got: series.count) }
        guard !series.hasGaps else { throw ForecastingError.hasGaps(model: name) }
        guard theta >= 1 else { throw ForecastingError.invalidSetting("theta must be at least 1; got \(theta)") }
        if logScale && !series.isPositive { throw ForecastingError.notPositive(model: name) }
        let x = logScale ? series.values.map { log($0) } : series.values
        let line = SmoothingKernels.line(x)
        let theta = self.theta
        let z = x.enumerated().map { theta * $0.element - (theta - 1) * (line.intercept + line.slope * Double($0.offset)) }
        let ses = SmoothingKernels.ses(z, alphas: alpha.map { [$0] } ?? SmoothingKernels.sesAlphas)
        let df = x.count - 3
        let sigma = (ses.sse / Double(df)).squareRoot() / theta
        let n = Double(x.count)
        let fittedWorking = SESWithDrift.oneStepFitted(z, alpha: ses.alpha).enumerated().map {
            ($0.element + (theta - 1) * (line.intercept + line.slope * Double($0.offset))) / theta
        }
        let transform: ScaleTransform = logScale ? .exponential : .identity
        return FittedModel(
            family: name,
            parameters: [ParameterEstimate(name: "theta", estimate: theta), ParameterEstimate(name: "alpha", estimate: ses.alpha),
                         ParameterEstimate(name: "intercept", estimate: line.intercept),
                         ParameterEstimate(name: "slope", estimate: line.slope)],
            fittedValues: fittedWorking.map(transform.apply), residualStandardDeviation: sigma,
            residualDegreesOfFreedom: df, observationCount: x.count, lastYear: series.years[x.count - 1],
            stepDistribution: { k in
                let location = (ses.level + (theta - 1) * (line.intercept + line.slope * (n - 1 + Double(k)))) / theta
                let scale = sigma * (1 + Double(k - 1) * ses.alpha * ses.alpha).squareRoot()
                // The median back-transform: a log-scale Theta forecast is exp(location), not a mean.
                return logScale
                    ? .scaled(point: exp(location), scale: scale, degreesOfFreedom: Double(df), multiplicative: true)
                    : .studentT(location: location, scale: scale, degreesOfFreedom: Double(df), transform: .identity)
            })
    }
}
