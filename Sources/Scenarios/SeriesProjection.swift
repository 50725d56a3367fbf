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
    /// One-line description for reports, e.g. `loglinear, 2010–2017 (8 years), growth 12.3 %/yr`.
    public let modelDescription: String
    /// The years drawn, in order.
    public let years: [Int]
    /// Cholesky factor of the unscaled coefficient covariance (trend regressions only).
    let choleskyFactor: Matrix?
    /// Predictive distributions per year (families without a coefficient covariance).
    let distributions: [PredictiveDistribution]

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
        guard points.count >= 3 else {
            throw ScenarioError.tooShort(region: region, indicator: indicator, count: points.count, asOf: asOf)
        }
        let history = try YearlySeries(years: points.map(\.year), values: points.map(\.value))
        let horizon = (years.last ?? asOf) - history.years[history.count - 1]
        let model = try ModelCatalog.model(named: modelName, horizon: max(horizon, 1))
        let fitted: FittedModel
        do {
            fitted = try model.fit(history)
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
        if let regression = fitted.trendRegression {
            choleskyFactor = try? regression.unscaledCovariance.choleskyFactor().factor
            distributions = []
        } else {
            choleskyFactor = nil
            distributions = years.map { fitted.distribution(stepsAhead: $0 - lastYear) }
        }
        modelDescription = Self.describe(fitted, history: history)
    }

    /// The last observed value and its year.
    public var lastObservation: (year: Int, value: Double) {
        (history.years[history.count - 1], history.values[history.count - 1])
    }

    /// Draws one path (one value per year of ``years``) into `path`.
    func draw(into path: inout [Double], rng: inout RandomSource) {
        if let regression = fitted.trendRegression, let factor = choleskyFactor {
            let df = regression.degreesOfFreedom
            let ratio = df > 0 ? Double(df) / max(rng.nextChiSquare(degreesOfFreedom: df), 1e-300) : 1
            let scale = (regression.residualVariance * ratio).squareRoot()
            let p = regression.coefficients.count
            var beta = regression.coefficients
            var z = [Double](repeating: 0, count: p)
            for j in 0..<p { z[j] = rng.nextNormal() }
            for i in 0..<p {
                var sum = 0.0
                for j in 0...i { sum += factor[i, j] * z[j] }
                beta[i] += scale * sum
            }
            let noiseScale = scale / regression.newObservationWeight.squareRoot()
            for (index, year) in years.enumerated() {
                let row = regression.designRow(year: year)
                var mean = 0.0
                for j in 0..<p { mean += row[j] * beta[j] }
                path[index] = regression.transform.apply(mean + noiseScale * rng.nextNormal())
            }
        } else {
            let u = rng.nextUniform()
            for index in years.indices { path[index] = distributions[index].quantile(u) }
        }
    }

    /// A one-line description of the fit for reports.
    static func describe(_ fitted: FittedModel, history: YearlySeries) -> String {
        let span = "\(history.years[0])–\(history.years[history.count - 1]) (\(history.count) years)"
        var text = "\(fitted.selection?.label ?? fitted.family), \(span)"
        if let regression = fitted.trendRegression, regression.coefficients.count > 1 {
            if regression.transform == .exponential {
                text += String(format: ", trend growth %.1f %%/yr", (exp(regression.coefficients[1]) - 1) * 100)
            } else if regression.transform == .identity && regression.coefficients.count == 2 {
                text += String(format: ", trend slope %.4g a year", regression.coefficients[1])
            }
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

    public var description: String {
        switch self {
        case .missingSeries(let region, let indicator):
            return "the data have no annual series \(indicator) for \(region)"
        case .tooShort(let region, let indicator, let count, let asOf):
            return "\(region)/\(indicator) has \(count) annual values up to \(asOf); at least 3 are needed to project it"
        case .fitFailed(let region, let indicator, let reason):
            return "\(region)/\(indicator) could not be fitted: \(reason)"
        case .unitMismatch(let message): return "unit mismatch: \(message)"
        case .invalid(let message): return message
        }
    }
}
