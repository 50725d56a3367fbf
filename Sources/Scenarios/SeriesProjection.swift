import Forecasting
import Foundation
import Indicators
import LinearAlgebra

/// One observed series fitted up to the as-of year, able to draw future paths for Monte Carlo.
///
/// Its baseline is Forecasting's predictive distribution of the series, the same one `sunan forecast`
/// gives: the named family fitted to the history window, or, for `auto`, calibrated against the
/// out-of-sample errors of the same indicator in every region of the panel (``BaselinePools``), with
/// count support for a series in count units. Paths come from `PathSampler`: joint across years,
/// each year's marginal exactly the forecast's distribution, starting from the last observation.
///
/// A series of one or two values is still projected, by `auto`'s short-series rule (the indicator's
/// pooled growth, widened), and a series too short for the family the file names is projected by
/// `auto` instead; both are marked in ``fit`` and in the model label of its cells (``label``).
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
    /// The series that the calibration pool of `auto` for this series left out (``BaselinePools/exclusions(_:)``);
    /// empty when the series is not projected by `auto`.
    public let poolExclusions: [PoolExclusion]
    /// The size of the calibration pool when it was too small to learn the error law, so that `auto`'s
    /// intervals for this series use the default Student-t(4) law (`PooledErrorLaw.studentT4`); nil
    /// otherwise, and when the series is not projected by `auto`.
    public let thinPool: (seriesCount: Int, errorCount: Int)?
    /// The years drawn, in order.
    public let years: [Int]
    /// Draws the baseline paths over ``years``.
    let sampler: PathSampler
    /// The fitted model's predictive mean in each of ``years``: the deterministic baseline that derived
    /// city targets are allocated by (never a Monte Carlo draw).
    public var pointForecast: [Double] {
        years.map { fitted.distribution(stepsAhead: $0 - history.years[history.count - 1]).mean }
    }

    /// The fewest annual values in the history window that a series needs to be projected: one (with
    /// one or two, `auto`'s short-series rule projects it).
    public static let minimumHistory = 1
    /// The fewest values for a model of the series' own: a shorter series, or one shorter than its family
    /// needs, is projected by `auto` (with one or two values, its short-series rule) whatever family the
    /// file names.
    public static let ownModelLength = 3

    /// Fits `modelName` to the series of `region`/`indicator` in `panel` over `historyFrom…asOf`, in `unit`,
    /// for the projected `years`. `auto` is calibrated against the pool of the indicator's window in
    /// `pools`, or, without `pools`, against a pool built from `panel` for this series alone.
    /// - Throws: ``ScenarioError`` when the series has no value in the window, its unit cannot be
    ///   converted, or it cannot be fitted.
    public init(panel: Panel, region: String, indicator: String, unit: UnitOfMeasure?, modelName: String,
                historyFrom: Int?, asOf: Int, years: [Int], pools: BaselinePools? = nil) throws {
        guard let series = panel.series(region: region, indicator: indicator) else {
            throw ScenarioError.noHistory(region: region, indicator: indicator, asOf: asOf, historyFrom: historyFrom, observed: nil)
        }
        let working: Series
        do {
            working = try unit.map { try series.converted(to: $0) } ?? series
        } catch {
            throw ScenarioError.unitMismatch("\(region)/\(indicator): \(error)")
        }
        let points = working.points.filter { $0.year <= asOf && $0.year >= (historyFrom ?? Int.min) }
        guard !points.isEmpty else {
            throw ScenarioError.noHistory(region: region, indicator: indicator, asOf: asOf, historyFrom: historyFrom,
                                          observed: series.span)
        }
        let history = try YearlySeries(years: points.map(\.year), values: points.map(\.value))
        let window = BaselinePools.Window(indicator: indicator, historyFrom: historyFrom)
        let pools = pools.flatMap { $0.pool(window) == nil ? nil : $0 }
            ?? BaselinePools(panel: panel, asOf: asOf, horizonYear: years.last ?? asOf + 1, windows: [window])
        let auto = pools.model
        let pool = pools.pool(window)!
        let support = working.unit.seriesSupport
        let fitted: FittedModel
        var replaced: ReplacedModel?
        var calibrated = false
        do {
            let model = try ModelCatalog.model(named: modelName, horizon: auto.horizon)
            var own: FittedModel?
            if !(model is AutoModel) {
                do {
                    own = try model.fit(history)
                    if history.count < Self.ownModelLength { replaced = ReplacedModel(family: modelName, needed: Self.ownModelLength) }
                } catch ForecastingError.tooShort(_, let needed, _) {
                    replaced = ReplacedModel(family: modelName, needed: needed)
                }
            }
            if let own, replaced == nil {
                fitted = own
            } else {
                fitted = try auto.fit(history, support: support, pool: pool)
                calibrated = true
            }
        } catch let error as ForecastingError where error.isInternalFailure {
            throw ScenarioError.internalFailure("\(region)/\(indicator): \(error)")
        } catch {
            throw ScenarioError.fitFailed(region: region, indicator: indicator, reason: "\(error)")
        }
        do {
            sampler = try PathSampler(fitted, years: years)
        } catch {
            throw ScenarioError.internalFailure("\(region)/\(indicator): the paths cannot be drawn: \(error)")
        }
        self.region = region
        self.indicator = indicator
        self.unit = working.unit
        self.history = history
        self.fitted = fitted
        self.years = years
        poolExclusions = calibrated ? pools.exclusions(window) : []
        thinPool = calibrated && pool.law.errorCount == 0 ? (pool.seriesCount, pool.errorCount) : nil
        fit = Self.fit(fitted, history: history, replaced: replaced)
        modelDescription = Self.describe(fit)
    }

    /// The last observed value and its year.
    public var lastObservation: (year: Int, value: Double) {
        (history.years[history.count - 1], history.values[history.count - 1])
    }

    /// The model label of the series' cells: the fitted model's label, with the short-series rule or
    /// the replaced family when one applied (`auto: naive (short series: pooled growth)`).
    public var label: String {
        var notes: [String] = []
        if let rule = fit.shortSeries { notes.append("short series: \(Self.shortWords(rule))") }
        if let replaced = fit.replaced { notes.append("\(replaced.family) needs \(replaced.needed) values") }
        return notes.isEmpty ? fit.model : "\(fit.model) (\(notes.joined(separator: "; ")))"
    }

    /// The facts of `fitted`: its label, the years of `history`, a log-linear trend's growth or a
    /// straight line's slope, the short-series rule of a series of one or two values, and the family
    /// `auto` replaced.
    static func fit(_ fitted: FittedModel, history: YearlySeries, replaced: ReplacedModel?) -> ModelFit {
        var growth: Double?, slope: Double?
        if let regression = fitted.trendRegression, regression.coefficients.count > 1 {
            if regression.transform == .exponential {
                growth = exp(regression.coefficients[1]) - 1
            } else if regression.transform == .identity && regression.coefficients.count == 2 {
                slope = regression.coefficients[1]
            }
        }
        var shortSeries: ShortSeriesRule?
        if history.count <= 2, let selection = fitted.selection {
            shortSeries = selection.note.contains("growth borrowed from the pool") ? .pooledGrowth
                : selection.members == [AutoMember.drift.rawValue] ? .drift : .carriedForward
        }
        let calibration = fitted.selection.flatMap { selection in
            selection.inflation.map {
                AutoCalibration(inflation: $0, checkPoints: selection.inflationCheckPoints, ownGrowthWeight: selection.ownGrowthWeight,
                                defaultLaw: selection.usesDefaultErrorLaw)
            }
        }
        return ModelFit(model: fitted.selection?.label ?? fitted.family, years: history.years[0]...history.years[history.count - 1],
                        observationCount: history.count, trendGrowth: growth, trendSlope: slope, shortSeries: shortSeries,
                        replaced: replaced, calibration: calibration)
    }

    /// The engine's English description of a fit: `loglinear, 2010–2017 (8 years), trend growth 12.3 %/yr`,
    /// or `auto: naive, 2017–2017 (1 years), short series: pooled growth (loglinear needs 3 values)`;
    /// `auto`'s calibration follows (`, intervals ×1.1 (the indicator's own check on 36 points), own
    /// growth weighted 0.83 against the indicator's median`).
    static func describe(_ fit: ModelFit) -> String {
        var text = "\(fit.model), \(fit.years.lowerBound)–\(fit.years.upperBound) (\(fit.observationCount) years)"
        if let growth = fit.trendGrowth {
            text += String(format: ", trend growth %.1f %%/yr", growth * 100)
        } else if let slope = fit.trendSlope {
            text += String(format: ", trend slope %.4g a year", slope)
        }
        if let rule = fit.shortSeries { text += ", short series: \(words(rule))" }
        if let replaced = fit.replaced { text += " (\(replaced.family) needs \(replaced.needed) values; projected by auto)" }
        if let calibration = fit.calibration {
            if calibration.defaultLaw {
                text += ", intervals from the default Student-t(4) law (too few pooled errors to learn one)"
            } else {
                text += String(format: ", intervals ×%.1f", calibration.inflation)
                text += calibration.checkPoints > 0
                    ? " (the indicator's own check on \(calibration.checkPoints) points)"
                    : " (the default: too few series of six years or more to check)"
            }
            if let weight = calibration.ownGrowthWeight {
                text += String(format: ", own growth weighted %.2f against the indicator's median", weight)
            }
        }
        return text
    }

    /// The short English name of a short-series rule, for model labels.
    static func shortWords(_ rule: ShortSeriesRule) -> String {
        switch rule {
        case .pooledGrowth: return "pooled growth"
        case .carriedForward: return "carried forward"
        case .drift: return "drift"
        }
    }

    /// The English words of a short-series rule.
    static func words(_ rule: ShortSeriesRule) -> String {
        switch rule {
        case .pooledGrowth: return "growth of the indicator in the other regions, interval widened"
        case .carriedForward: return "value carried forward, interval from the pooled errors"
        case .drift: return "drift through its two values, interval from the pooled errors"
        }
    }
}

/// Why a scenario could not be run: a plain sentence naming the series or setting concerned.
public enum ScenarioError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data have no annual value of the series in its history window (`historyFrom` … `asOf`);
    /// `observed` is the span of the years they do have (nil: no such series at all).
    case noHistory(region: String, indicator: String, asOf: Int, historyFrom: Int?, observed: ClosedRange<Int>?)
    /// The model could not be fitted.
    case fitFailed(region: String, indicator: String, reason: String)
    /// A unit conversion is impossible.
    case unitMismatch(String)
    /// An invalid setting.
    case invalid(String)
    /// A computation failed through a defect of sunan, not of the scenario or its data (LAPACK rejected
    /// an argument): the command reports an internal failure.
    case internalFailure(String)
    /// Several of the above, in the order of the projections and their series: everything that stops a
    /// run, found before anything is drawn.
    case problems([ScenarioError])

    /// Whether the error is sunan's fault rather than the input's: ``internalFailure(_:)``, or problems
    /// among which is one.
    public var isInternalFailure: Bool {
        switch self {
        case .internalFailure: return true
        case .problems(let problems): return problems.contains(where: \.isInternalFailure)
        default: return false
        }
    }

    /// The single problems: the list of ``problems(_:)``, or the error itself.
    public var problems: [ScenarioError] {
        if case .problems(let problems) = self { return problems.flatMap(\.problems) }
        return [self]
    }

    /// A plain sentence naming the series or setting concerned (one line per problem).
    public var description: String {
        switch self {
        case .noHistory(let region, let indicator, let asOf, let historyFrom, let observed):
            let window = historyFrom.map { "from \($0) through \(asOf)" } ?? "up to \(asOf)"
            let found = observed.map { "\(region)/\(indicator) has annual values for \($0.lowerBound)–\($0.upperBound) only, none \(window)" }
                ?? "the data have no annual series \(indicator) for \(region)"
            let supply = historyFrom.map {
                "add at least 1 annual value for a year of \($0)–\(asOf) to a data file (best: all \(asOf - $0 + 1) years of \($0)–\(asOf))"
            } ?? "add at least 1 annual value for \(asOf) or an earlier year to a data file (best: every year up to \(asOf))"
            return "\(found); to project it, \(supply). With 1 or 2 values it grows like \(indicator) in the other regions "
                + "(when at least 5 have it), with a wider interval; with 3 or more it gets a model of its own"
        case .fitFailed(let region, let indicator, let reason):
            return "\(region)/\(indicator) could not be fitted: \(reason)"
        case .unitMismatch(let message): return "unit mismatch: \(message)"
        case .invalid(let message): return message
        case .internalFailure(let message): return message
        case .problems(let problems): return problems.map(\.description).joined(separator: "\n")
        }
    }
}
