import Foundation
import LinearAlgebra

/// The `auto` forecaster: the per-step median of eight simple members, with a predictive distribution
/// calibrated on out-of-sample errors pooled over many series.
///
/// **Point forecast.** For gap-free values y₀ … y_{n−1} (interior gaps are filled by linear
/// interpolation and noted; a count works on `y + 1`): with 3 or more values, the per-step median of
/// every ``AutoMember`` usable at that length (no per-series selection: cross-validation on 5–15
/// points is noise); with 2 values the random walk with drift; with 1 value the value itself. In a
/// pool that pools growth (a panel's indicator), a series' growth ratio `f_k / y_{n−1}` is replaced by
/// the weighted geometric mean of its own and the pool's median ratio, its own weighing
/// `τ² / (τ² + σ²/(n − 1))` (empirical Bayes: τ² the spread of growth between the pool's series
/// beyond their noise, σ the series' log-growth volatility); a series of one or two values takes
/// the pool's median ratio (or a stated growth) outright.
///
/// **Distribution.** Out-of-sample errors of the same median at every cut c = max(3, n − 10) … n − 1
/// of every series of the pool (data up to the forecast origin only), `log(actual/forecast)` for a
/// positive series (else the raw error), divided by `s_c · √(k (1 + k/(c − 1)))`, are pooled as
/// |u|; the step-k distribution is the point forecast times `exp(±λ · s · √(k (1 + k/(n − 1))) · |U|)`,
/// symmetric on the log scale (``CalibratedStep``, ``PooledErrorLaw``). `s` is the series' standard
/// deviation of log growth rates shrunk toward the pool's median with two pseudo-observations
/// (the standard deviation of the yearly changes for a series with a value ≤ 0). The inflation λ is
/// the pool's own: the value of ``inflationGrid`` under which the same rule, applied to the pool's
/// series cut up to three years short, best covers those years (``InflationCheck``; 1.3 when it
/// cannot be checked). The rule was chosen on M1 and the province panel's origins 2014–2016,
/// confirmed on Tourism and origins 2017–2019, and its inflation re-chosen on seven fresh yearly
/// panels (BENCHMARKS.md).
///
/// With fewer than 30 pooled errors or 5 series in the pool (``fit(_:)`` pools a series with itself
/// only), the normalised error is Student t with 4 degrees of freedom.
public struct AutoModel: ForecastModel {
    /// Steps whose errors are pooled and whose forecasts are prepared (the planner's horizon).
    public let horizon: Int
    /// Members whose median is the point forecast, in tie-break order.
    public let pool: [AutoMember]
    /// A growth rate a year (0.05 = 5 %) that projects a series of one or two values, instead of the
    /// pool's; nil to borrow the pool's (or, without one, carry the value forward).
    public let statedGrowth: Double?

    /// The default `auto` configuration for forecasts `horizon` years ahead.
    public init(horizon: Int, pool: [AutoMember] = AutoMember.allCases, statedGrowth: Double? = nil) {
        self.horizon = max(1, horizon)
        self.pool = pool.sorted()
        self.statedGrowth = statedGrowth
    }

    public var name: String { "auto" }

    /// Smallest training length of a cut whose errors are pooled.
    static let minimumCut = 3
    /// Largest number of cuts per series (the most recent).
    static let maximumCuts = 10
    /// The multiplier of the pooled |u| quantiles for a pool that cannot check its own (``InflationCheck``).
    public static let fallbackInflation = 1.3
    /// The inflations a pool chooses among (``InflationCheck``).
    public static let inflationGrid = [1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6]
    /// Most years a series is cut short for its pool's ``InflationCheck``.
    static let checkYears = 3
    /// Fewest values a series needs to be cut short for the check (it keeps at least 5).
    static let shortestChecked = 6
    /// Pseudo-observations of the pool's typical volatility in a series' shrunk scale.
    static let pseudoObservations = 2.0
    /// The typical log-growth volatility used when the pool has no positive series with two changes.
    static let defaultVolatility = 0.1
    /// Fewest positive series whose median growth a pool pools.
    static let minimumGrowthPool = 5

    /// Fits `series` alone (a pool of one: the Student-t(4) law, the series' own volatility), real support.
    public func fit(_ series: YearlySeries) throws -> FittedModel {
        let preparation = try prepare(series)
        return finish(preparation, pool: CalibrationPool([preparation], poolsGrowth: false))
    }

    /// Fits `series` with support `support`, calibrated against `pool` (built from the other series
    /// of its indicator or file as of the same origin; it may include `series` itself).
    public func fit(_ series: YearlySeries, support: SeriesSupport = .real, pool: CalibrationPool) throws -> FittedModel {
        finish(try prepare(series, support: support), pool: pool)
    }

    /// The member median's point forecasts and out-of-sample errors of `series` (the first stage;
    /// ``CalibrationPool`` pools many of these, ``finish(_:pool:)`` completes one).
    /// - Throws: ``ForecastingError`` for an empty series or a negative count.
    public func prepare(_ series: YearlySeries, support: SeriesSupport = .real) throws -> AutoPreparation {
        guard let lastYear = series.years.last else { throw ForecastingError.tooShort(model: name, needed: 1, got: 0) }
        if support == .count, let negative = series.values.firstIndex(where: { $0 < 0 }) {
            throw ForecastingError.invalidSeries("a count cannot be negative: \(series.values[negative]) in \(series.years[negative])")
        }
        var notes: [String] = []
        let y = Self.filled(series).map(support.working)
        if y.count != series.count { notes.append("gaps interpolated") }
        let n = y.count, h = horizon
        let multiplicative = y.allSatisfy { $0 > 0 }
        let usable = pool.filter { n >= $0.minimumLength }
        let members: [AutoMember]
        var points: [Double]
        var cuts: Range<Int> = 0..<0
        var crossValidation: CrossValidation?
        if n == 1 || y.allSatisfy({ $0 == y[0] }) {
            notes.append(n == 1 ? "single value" : "constant series")
            members = [.naive]
            points = [Double](repeating: y[n - 1], count: h)
        } else if n == 2 || usable.count < 3 {
            notes.append("short series: random walk with drift")
            members = [.drift]
            points = AutoMember.drift.forecast(y, horizon: h)
        } else {
            if n < 5 { notes.append("short series") }
            members = usable
            // The pool uses cuts from n − maximumCuts; the earlier ones serve the inflation check only.
            cuts = max(Self.minimumCut, n - Self.maximumCuts - Self.checkYears)..<n
            let computed = Self.crossValidate(usable, y, origins: cuts, horizon: h)
            crossValidation = computed
            let paths = usable.indices.map { computed.fullForecast(member: $0) ?? usable[$0].forecast(y, horizon: h) }
            // A member's small least-squares solve reports a failure as NaN coefficients; on a validated series
            // only a defect gets there, and a NaN would sort arbitrarily into the median, so it stops the fit.
            if let member = paths.firstIndex(where: { $0.contains(where: \.isNaN) }) {
                throw ForecastingError.internalFailure("auto's member \(usable[member].rawValue) could not be fitted to a valid series")
            }
            points = Self.median(paths)
        }
        if n <= 2, let growth = statedGrowth {
            notes.append("stated growth \(growth)")
            points = (1...h).map { y[n - 1] * pow(1 + growth, Double($0)) }
        }
        return AutoPreparation(
            values: y, lastYear: lastYear, support: support, multiplicative: multiplicative, members: members,
            points: points, volatility: AutoPreparation.volatility(y, multiplicative: multiplicative),
            errors: try crossValidation.map { try Self.errors(y, members: usable, cuts: cuts, crossValidation: $0, multiplicative: multiplicative) } ?? [],
            notes: notes, growthFixed: n <= 2 && statedGrowth != nil)
    }

    /// Completes the forecast of a prepared series against `pool`.
    public func finish(_ preparation: AutoPreparation, pool: CalibrationPool) -> FittedModel {
        let p = preparation
        let n = p.values.count, last = p.values[n - 1]
        let scale = p.multiplicative ? pool.shrunkScale(volatility: p.volatility, changes: n - 1) : p.volatility
        var points = p.points
        var notes = p.notes
        var ownGrowthWeight: Double?
        if let ratios = pool.growthRatios, p.multiplicative, !p.growthFixed {
            let weight = pool.ownGrowthWeight(volatility: p.volatility, changes: n - 1)
            if n > 2 { ownGrowthWeight = weight }
            for k in points.indices where k < ratios.count && ratios[k].isFinite && points[k] > 0 {
                points[k] = n <= 2 ? last * ratios[k] : Self.pooledGrowth(points[k], last: last, poolRatio: ratios[k], weight: weight)
            }
            if n <= 2 { notes.append("growth borrowed from the pool") }
        }
        let law = pool.law, support = p.support, multiplicative = p.multiplicative
        let values = p.values, members = p.members, h = points.count
        let fixedPoints = points
        var selection = ModelSelection(members: members.map(\.rawValue), combination: members.count == 1 ? .single : .median,
                                       scores: [], note: notes.joined(separator: "; "), usesDefaultErrorLaw: law.errorCount == 0)
        selection.inflation = pool.inflation
        selection.inflationCheckPoints = pool.inflationCheckPoints
        selection.ownGrowthWeight = ownGrowthWeight
        return FittedModel(
            family: name, parameters: [ParameterEstimate(name: "scale", estimate: scale)], fittedValues: [],
            residualStandardDeviation: .nan, residualDegreesOfFreedom: 0, observationCount: n, lastYear: p.lastYear,
            selection: selection,
            stepDistribution: { k in
                // Members' step-k forecasts do not depend on the horizon asked for.
                let median = k <= h ? fixedPoints[k - 1] : Self.median(members.map { $0.forecast(values, horizon: k) })[k - 1]
                // A positive series stays on the log scale: a median at or below zero (linear members extrapolating
                // a fall) is floored at the guard's lowest ratio to the last value, never switched to a raw-scale
                // spread that was measured on the log scale.
                let point = multiplicative ? max(median, last / CalibratedStep.largestRatio) : median
                return .calibrated(CalibratedStep(point: point, spread: scale * Self.growth(k, n),
                                                  multiplicative: multiplicative, support: support, law: law,
                                                  lastValue: last))
            })
    }

    /// `last · exp(w log(point / last) + (1 − w) log(poolRatio))`: a forecast whose growth ratio is the
    /// weighted geometric mean of its own (weight `w`) and the pool's median.
    static func pooledGrowth(_ point: Double, last: Double, poolRatio: Double, weight: Double) -> Double {
        last * exp(weight * log(point / last) + (1 - weight) * log(poolRatio))
    }

    /// `√(k (1 + k/(n − 1)))` (n − 1 at least 1): the random-walk-with-drift growth of the error with the step.
    static func growth(_ k: Int, _ n: Int) -> Double {
        let kk = Double(k)
        return (kk * (1 + kk / Double(max(n - 1, 1)))).squareRoot()
    }

    /// The member median's out-of-sample errors at every cut, with what normalises them.
    /// - Throws: ``ForecastingError/internalFailure(_:)`` when a member's forecast at a cut is NaN (its small
    ///   least-squares solve failed, which only a defect causes on a validated series).
    static func errors(_ y: [Double], members: [AutoMember], cuts: Range<Int>, crossValidation: CrossValidation,
                       multiplicative: Bool) throws -> [AutoPreparation.OutOfSampleError] {
        var errors: [AutoPreparation.OutOfSampleError] = []
        let changes = AutoPreparation.changes(y, multiplicative: multiplicative)
        try withUnsafeTemporaryAllocation(of: Double.self, capacity: members.count) { column in
            for (cutIndex, cut) in cuts.enumerated() {
                let usable = members.indices.filter { members[$0].minimumLength <= cut }
                let volatility = AutoPreparation.volatility(changes: changes[0..<(cut - 1)], lastValue: y[cut - 1],
                                                            multiplicative: multiplicative)
                for step in 0..<crossValidation.steps(cutIndex) {
                    for (position, member) in usable.enumerated() {
                        column[position] = crossValidation.value(member: member, origin: cutIndex, step: step)
                        if column[position].isNaN {
                            throw ForecastingError.internalFailure("auto's member \(members[member].rawValue) could not be fitted at cut \(cut)")
                        }
                    }
                    let forecast = sortedMedian(UnsafeMutableBufferPointer(rebasing: column[0..<usable.count]))
                    let actual = y[cut + step]
                    let error: Double
                    if multiplicative {
                        guard forecast > 0 else { continue }
                        error = log(actual / forecast)
                    } else {
                        error = actual - forecast
                    }
                    errors.append(.init(error: error, growth: growth(step + 1, cut), volatility: volatility, changes: cut - 1,
                                        cut: cut, step: step + 1, forecast: forecast))
                }
            }
        }
        return errors
    }
}
