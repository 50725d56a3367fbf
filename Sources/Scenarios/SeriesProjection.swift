import Forecasting
import Foundation
import Indicators
import LinearAlgebra

/// One observed series fitted up to the as-of year, able to draw future paths for Monte Carlo.
///
/// For trend regressions (linear, log-linear, quadratic, local, logistic, Gompertz) a path draws
/// all three sources of uncertainty of the model: σ² from its scaled inverse-χ² distribution
/// (`σ̂² · df / χ²_df`), the coefficients from the multivariate normal `β̂ + (σ/σ̂) L z` with L the
/// LAPACK Cholesky factor of the fitted covariance, and independent noise of variance σ² each
/// year; the marginal of every year is then exactly the model's Student-t prediction interval.
/// Other families (auto, Holt …) have no coefficient covariance: a path takes one uniform u per
/// draw and each year's predictive quantile at u (comonotone years — an approximation that keeps
/// every year's marginal exact and errors persistent over time).
public struct SeriesProjection: Sendable {
    /// The region of the series.
    public let region: String
    /// Its indicator key.
    public let indicator: String
    /// The working unit.
    public let unit: UnitOfMeasure
    /// The history fitted (years ≤ as-of, ≥ history start).
    public let history: YearlySeries
    /// The fitted model.
    public let fitted: FittedModel
    /// One-line description for reports, e.g. `loglinear, 2010–2017 (8 years), trend growth 12.3 %/yr`.
    public let modelDescription: String
    /// The same as values: the model, the years fitted and the trend.
    public let fit: ModelFit
    /// The years drawn, in order.
    public let years: [Int]
    /// The fitted model's predictive mean in each of ``years``: the deterministic baseline that derived
    /// city targets are allocated by (never a Monte Carlo draw).
    public var pointForecast: [Double] {
        years.map { fitted.distribution(stepsAhead: $0 - history.years[history.count - 1]).mean }
    }
    /// The fewest annual values up to the as-of year that a series needs to be projected.
    public static let minimumHistory = 3
    /// Predictive distributions per year (families without a coefficient covariance).
    let distributions: [PredictiveDistribution]
    /// What a trend-regression path needs, with the Cholesky factor of its unscaled coefficient
    /// covariance, unpacked once (nil for other families, or when the covariance has no factor).
    let pathModel: PathModel?

    /// Fits `modelName` to the series of `region`/`indicator` in `panel` over `historyFrom…asOf`, in `unit`.
    /// - Throws: ``ScenarioError`` when the series is missing, too short, or cannot be fitted.
    public init(panel: Panel, region: String, indicator: String, unit: UnitOfMeasure?, modelName: String,
                historyFrom: Int?, asOf: Int, years: [Int]) throws {
        guard let series = panel.series(region: region, indicator: indicator) else {
            throw ScenarioError.missingSeries(region: region, indicator: indicator)
        }
        let working: Series
        do {
            working = try unit.map { try series.converted(to: $0) } ?? series
        } catch {
            throw ScenarioError.unitMismatch("\(region)/\(indicator): \(error)")
        }
        let points = working.points.filter { $0.year <= asOf && $0.year >= (historyFrom ?? Int.min) }
        guard points.count >= Self.minimumHistory else {
            throw ScenarioError.tooShort(region: region, indicator: indicator, count: points.count, asOf: asOf)
        }
        let history = try YearlySeries(years: points.map(\.year), values: points.map(\.value))
        let horizon = (years.last ?? asOf) - history.years[history.count - 1]
        let model = try ModelCatalog.model(named: modelName, horizon: max(horizon, 1))
        let fitted: FittedModel
        do {
            fitted = try model.fit(history)
        } catch let error as ForecastingError where error.isInternalFailure {
            throw ScenarioError.internalFailure("\(region)/\(indicator): \(error)")
        } catch {
            throw ScenarioError.fitFailed(region: region, indicator: indicator, reason: "\(error)")
        }
        self.region = region
        self.indicator = indicator
        self.unit = working.unit
        self.history = history
        self.fitted = fitted
        self.years = years
        let lastYear = history.years[history.count - 1]
        if let regression = fitted.trendRegression, let factor = try? regression.unscaledCovariance.choleskyFactor().factor {
            pathModel = PathModel(regression: regression, factor: factor, years: years)
            distributions = []
        } else {
            // Also a trend regression whose covariance has no Cholesky factor: its paths are then
            // drawn comonotone from the predictive distributions.
            pathModel = nil
            distributions = years.map { fitted.distribution(stepsAhead: $0 - lastYear) }
        }
        fit = Self.fit(fitted, history: history)
        modelDescription = Self.describe(fit)
    }

    /// A trend regression unpacked for drawing paths without allocating or reference counting: its
    /// scalars (``Shape``, a plain value) and its numbers in one flat array, ``parameters``.
    struct PathModel: Sendable {
        /// The scalars of the model.
        struct Shape: Sendable {
            /// Number of coefficients p.
            let p: Int
            /// Number of projected years.
            let yearCount: Int
            let residualVariance: Double
            let degreesOfFreedom: Int
            /// `√newObservationWeight`: the yearly noise's standard deviation is σ divided by it.
            let weightRoot: Double
            let transform: ScaleTransform
        }

        let shape: Shape
        /// The coefficients (p), the Cholesky factor's rows (p × p, row-major, upper part zero) and the
        /// design rows `[1, t, t², …]` of the projected years (`yearCount × p`, exactly as
        /// ``TrendRegression/designRow(year:)``), in that order.
        let parameters: [Double]

        init(regression: TrendRegression, factor matrix: Matrix, years: [Int]) {
            let p = regression.coefficients.count
            var factor = [Double](repeating: 0, count: p * p)
            for i in 0..<p {
                for j in 0...i { factor[i * p + j] = matrix[i, j] }
            }
            parameters = regression.coefficients + factor + years.flatMap { regression.designRow(year: $0) }
            shape = Shape(p: p, yearCount: years.count, residualVariance: regression.residualVariance,
                          degreesOfFreedom: regression.degreesOfFreedom,
                          weightRoot: regression.newObservationWeight.squareRoot(), transform: regression.transform)
        }

        /// Draws one path of the model `shape`, whose ``parameters`` start at `parameters`, into
        /// `path[0 ..< shape.yearCount]`: σ² = σ̂² · df / χ²_df, β = β̂ + σ L z (L the Cholesky factor of
        /// the unscaled covariance), then each year `transform(x_t β + σ / √w · e_t)`.
        static func draw(_ shape: Shape, parameters: UnsafePointer<Double>, into path: UnsafeMutablePointer<Double>,
                         rng: inout RandomSource) {
            let df = shape.degreesOfFreedom
            let ratio = df > 0 ? Double(df) / max(rng.nextChiSquare(degreesOfFreedom: df), 1e-300) : 1
            let scale = (shape.residualVariance * ratio).squareRoot()
            let p = shape.p
            let coefficients = parameters, factor = parameters + p, rows = parameters + p + p * p
            withUnsafeTemporaryAllocation(of: Double.self, capacity: 2 * p) { buffer in
                let beta = buffer.baseAddress!, z = beta + p
                for j in 0..<p { beta[j] = coefficients[j] }
                for j in 0..<p { z[j] = rng.nextNormal() }
                for i in 0..<p {
                    var sum = 0.0
                    for j in 0...i { sum += factor[i * p + j] * z[j] }
                    beta[i] += scale * sum
                }
                let noiseScale = scale / shape.weightRoot
                for index in 0..<shape.yearCount {
                    var mean = 0.0
                    for j in 0..<p { mean += rows[index * p + j] * beta[j] }
                    path[index] = shape.transform.apply(mean + noiseScale * rng.nextNormal())
                }
            }
        }
    }

    /// The last observed value and its year.
    public var lastObservation: (year: Int, value: Double) {
        (history.years[history.count - 1], history.values[history.count - 1])
    }

    /// Draws one path (one value per year of ``years``) into `path[0 ..< years.count]`.
    func draw(into path: UnsafeMutablePointer<Double>, rng: inout RandomSource) {
        if let model = pathModel {
            model.parameters.withUnsafeBufferPointer {
                PathModel.draw(model.shape, parameters: $0.baseAddress!, into: path, rng: &rng)
            }
        } else {
            let u = rng.nextUniform()
            for index in years.indices { path[index] = distributions[index].quantile(u) }
        }
    }

    /// A one-line description of the fit for reports.
    /// The facts of `fitted`: its label, the years of `history`, and a log-linear trend's growth or a
    /// straight line's slope.
    static func fit(_ fitted: FittedModel, history: YearlySeries) -> ModelFit {
        var growth: Double?, slope: Double?
        if let regression = fitted.trendRegression, regression.coefficients.count > 1 {
            if regression.transform == .exponential {
                growth = exp(regression.coefficients[1]) - 1
            } else if regression.transform == .identity && regression.coefficients.count == 2 {
                slope = regression.coefficients[1]
            }
        }
        return ModelFit(model: fitted.selection?.label ?? fitted.family, years: history.years[0]...history.years[history.count - 1],
                        observationCount: history.count, trendGrowth: growth, trendSlope: slope)
    }

    /// The engine's English description of a fit: `loglinear, 2010–2017 (8 years), trend growth 12.3 %/yr`.
    static func describe(_ fit: ModelFit) -> String {
        var text = "\(fit.model), \(fit.years.lowerBound)–\(fit.years.upperBound) (\(fit.observationCount) years)"
        if let growth = fit.trendGrowth {
            text += String(format: ", trend growth %.1f %%/yr", growth * 100)
        } else if let slope = fit.trendSlope {
            text += String(format: ", trend slope %.4g a year", slope)
        }
        return text
    }
}

/// Why a scenario could not be run: a plain sentence naming the series or setting concerned.
public enum ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data have no such series.
    case missingSeries(region: String, indicator: String)
    /// The series has too few years up to the as-of year.
    case tooShort(region: String, indicator: String, count: Int, asOf: Int)
    /// The model could not be fitted.
    case fitFailed(region: String, indicator: String, reason: String)
    /// A unit conversion is impossible.
    case unitMismatch(String)
    /// An invalid setting.
    case invalid(String)
    /// A computation failed through a defect of sunan, not of the scenario or its data (LAPACK rejected
    /// an argument): the command reports an internal failure.
    case internalFailure(String)

    /// Whether the error is sunan's fault rather than the input's: ``internalFailure(_:)``.
    public var isInternalFailure: Bool {
        if case .internalFailure = self { return true }
        return false
    }

    /// A plain sentence naming the series or setting concerned.
    public var description: String {
        switch self {
        case .missingSeries(let region, let indicator):
            return "the data have no annual series \(indicator) for \(region)"
        case .tooShort(let region, let indicator, let count, let asOf):
            return "\(region)/\(indicator) has \(count) annual values up to \(asOf); at least \(SeriesProjection.minimumHistory) are needed to project it"
        case .fitFailed(let region, let indicator, let reason):
            return "\(region)/\(indicator) could not be fitted: \(reason)"
        case .unitMismatch(let message): return "unit mismatch: \(message)"
        case .invalid(let message): return message
        case .internalFailure(let message): return message
        }
    }
}
