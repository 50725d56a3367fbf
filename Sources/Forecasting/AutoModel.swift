import Foundation
import LinearAlgebra

/// The `auto` forecaster: rolling-origin cross-validation at the requested horizon chooses the five
/// best of eight least-squares and smoothing members, whose per-step median is the forecast;
/// intervals are calibrated on the combination's own out-of-sample errors (conformal).
///
/// The algorithm, for gap-free values y₀ … y_{n−1} (interior gaps are first filled by linear
/// interpolation between the neighbouring years, and noted):
/// - **Constant or single value**: the last value, zero-width intervals.
/// - **n < 5**: random walk with drift; interval `f ± q s √(k(1 + k/(n−1)))`, s the standard deviation of
///   the yearly changes.
/// - **Selection**: origins `o = max(6, n − 10) … n − 1`; at each, every member fits `y₀ … y_{o−1}` and
///   forecasts `min(h, n − o)` observed steps. Score = mean over origins of `sMAPE/20 + MAE/scale/3`,
///   scale = mean |yearly change| (1 if 0). The five lowest scores (ties: pool order) are combined by
///   the per-step median. With no origin (n ≤ 6) all usable members are combined.
/// - **Intervals**: the combination's out-of-sample errors, `log(a/f)` when series and forecasts are
///   positive (else `(a − f)/scale`), divided by √k, give σ = their root mean square; the interval at
///   step k is `f · exp(±q σ √k)` (or `f ± q σ √k · scale`), with q the Student-t quantile on 4 degrees
///   of freedom (heavier tails than normal, calibrated on training data only). With fewer than
///   three errors the random-walk interval is used.
///
/// Accuracy on the M1 and Tourism yearly competitions is in BENCHMARKS.md.
public struct AutoModel: ForecastModel {
    /// Horizon at which members are scored (the planner's horizon).
    public let selectionHorizon: Int
    /// How many of the best members are combined.
    public let memberCount: Int
    /// Candidate members, in tie-break order.
    public let pool: [AutoMember]

    /// The default `auto` configuration for forecasts `selectionHorizon` years ahead.
    public init(selectionHorizon: Int, memberCount: Int = 5, pool: [AutoMember] = AutoMember.allCases) {
        self.selectionHorizon = max(1, selectionHorizon)
        self.memberCount = memberCount
        self.pool = pool.sorted()
    }

    public var name: String { "auto" }

    /// Smallest training length of a cross-validation origin.
    static let minimumOriginLength = 6
    /// Largest number of origins.
    static let maximumOrigins = 10
    /// Degrees of freedom of the interval quantiles.
    static let intervalDegreesOfFreedom = 4.0
    /// Fewest normalised errors from which σ is estimated out of sample.
    static let minimumErrors = 3

    public func fit(_ series: YearlySeries) throws -> FittedModel {
        guard let lastYear = series.years.last else {
            throw ForecastingError.tooShort(model: name, needed: 1, got: 0)
        }
        var notes: [String] = []
        let y = Self.filled(series)
        if y.count != series.count { notes.append("gaps interpolated") }
        let n = y.count
        let last = y[n - 1]

        if n == 1 || y.allSatisfy({ $0 == y[0] }) {
            notes.append(n == 1 ? "single value" : "constant series")
            return model(y, lastYear: lastYear, members: [.naive], combination: .single, scores: [], notes: notes) { _ in
                .scaled(point: last, scale: 0, degreesOfFreedom: Self.intervalDegreesOfFreedom, multiplicative: false)
            }
        }
        let usable = pool.filter { n >= $0.minimumLength }
        if n < 5 || usable.isEmpty {
            notes.append("short series: random walk with drift")
            let drift = (last - y[0]) / Double(n - 1)
            let sigma = Self.randomWalkSigma(y)
            return model(y, lastYear: lastYear, members: [.drift], combination: .single, scores: [], notes: notes) { k in
                .scaled(point: last + Double(k) * drift, scale: sigma * Self.randomWalkGrowth(k, n),
                        degreesOfFreedom: Self.intervalDegreesOfFreedom, multiplicative: false)
            }
        }

        let h = selectionHorizon
        let scale = Self.meanAbsoluteChange(y)
        let origins = Array(max(Self.minimumOriginLength, n - Self.maximumOrigins)..<max(Self.minimumOriginLength, n))
        var crossValidated: [AutoMember: [[Double]]] = [:]
        for member in usable {
            crossValidated[member] = origins.map { origin in
                Array(member.forecast(Array(y[..<origin]), horizon: h).prefix(n - origin))
            }
        }
        let members: [AutoMember]
        var scores: [(name: String, score: Double)] = []
        if origins.isEmpty {
            members = usable
            notes.append("too short to cross-validate: median of all members")
        } else {
            let score = Dictionary(uniqueKeysWithValues: usable.map { member in
                (member, zip(origins, crossValidated[member]!).reduce(0.0) { sum, entry in
                    let actual = Array(y[entry.0..<(entry.0 + entry.1.count)])
                    return sum + Self.smape(actual, entry.1) / 20 + Self.meanAbsoluteError(actual, entry.1) / scale / 3
                } / Double(origins.count))
            })
            scores = usable.map { ($0.rawValue, score[$0]!) }
            members = Array(usable.sorted { (score[$0]!, $0.order) < (score[$1]!, $1.order) }.prefix(memberCount))
        }

        let forecast = Self.median(members.map { $0.forecast(y, horizon: h) })
        let positive = y.allSatisfy { $0 > 0 } && forecast.allSatisfy { $0 > 0 }
        var normalised: [Double] = []
        for (index, origin) in origins.enumerated() {
            let combined = Self.median(members.map { crossValidated[$0]![index] })
            for (step, value) in combined.enumerated() {
                let actual = y[origin + step]
                let error: Double
                if positive {
                    guard value > 0 else { continue }
                    error = log(actual / value)
                } else {
                    error = (actual - value) / scale
                }
                normalised.append(error / Double(step + 1).squareRoot())
            }
        }
        let outOfSample = normalised.count >= Self.minimumErrors
        let sigma = outOfSample ? (normalised.reduce(0) { $0 + $1 * $1 } / Double(normalised.count)).squareRoot() : 0
        let fallbackSigma = Self.randomWalkSigma(y)
        return model(y, lastYear: lastYear, members: members, combination: members.count == 1 ? .single : .median,
                     scores: scores, notes: notes) { k in
            // Each member's step-k forecast does not depend on the horizon asked for.
            let point = k <= h ? forecast[k - 1] : Self.median(members.map { $0.forecast(y, horizon: k) })[k - 1]
            if outOfSample {
                let spread = sigma * Double(k).squareRoot()
                return positive
                    ? .scaled(point: point, scale: spread, degreesOfFreedom: Self.intervalDegreesOfFreedom, multiplicative: true)
                    : .scaled(point: point, scale: spread * scale, degreesOfFreedom: Self.intervalDegreesOfFreedom, multiplicative: false)
            }
            return .scaled(point: point, scale: fallbackSigma * Self.randomWalkGrowth(k, n),
                           degreesOfFreedom: Self.intervalDegreesOfFreedom, multiplicative: false)
        }
    }

    private func model(_ y: [Double], lastYear: Int, members: [AutoMember], combination: ModelSelection.Combination,
                       scores: [(name: String, score: Double)], notes: [String],
                       distribution: @escaping @Sendable (Int) -> PredictiveDistribution) -> FittedModel {
        let selection = ModelSelection(members: members.map(\.rawValue), combination: combination, scores: scores,
                                       note: notes.joined(separator: "; "))
        return FittedModel(family: name, parameters: [], fittedValues: [], residualStandardDeviation: .nan,
                           residualDegreesOfFreedom: 0, observationCount: y.count, lastYear: lastYear,
                           selection: selection, stepDistribution: distribution)
    }

    /// Values for every year from the first to the last, interior gaps filled linearly.
    static func filled(_ series: YearlySeries) -> [Double] {
        guard series.hasGaps else { return series.values }
        var values: [Double] = []
        for index in 0..<(series.count - 1) {
            let (year0, year1) = (series.years[index], series.years[index + 1])
            let (value0, value1) = (series.values[index], series.values[index + 1])
            for year in year0..<year1 {
                values.append(value0 + (value1 - value0) * Double(year - year0) / Double(year1 - year0))
            }
        }
        values.append(series.values[series.count - 1])
        return values
    }

    /// Mean absolute yearly change, or 1 when the series never changes.
    static func meanAbsoluteChange(_ y: [Double]) -> Double {
        let total = zip(y.dropFirst(), y).reduce(0) { $0 + abs($1.0 - $1.1) }
        let mean = total / Double(max(y.count - 1, 1))
        return mean > 0 ? mean : 1
    }

    /// Standard deviation of the yearly changes (|change| when there is only one).
    static func randomWalkSigma(_ y: [Double]) -> Double {
        let changes = zip(y.dropFirst(), y).map { $0 - $1 }
        guard changes.count > 1 else { return abs(changes.first ?? 0) }
        let mean = changes.reduce(0, +) / Double(changes.count)
        return (changes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(changes.count - 1)).squareRoot()
    }

    /// `√(k (1 + k/(n − 1)))`: growth of the random-walk-with-drift forecast error with the step.
    static func randomWalkGrowth(_ k: Int, _ n: Int) -> Double {
        let kk = Double(k)
        return (kk * (1 + kk / Double(max(n - 1, 1)))).squareRoot()
    }

    /// Per-step median of several paths (mean of the two middle values for an even count).
    static func median(_ paths: [[Double]]) -> [Double] {
        guard let length = paths.map(\.count).min() else { return [] }
        return (0..<length).map { step in
            let sorted = paths.map { $0[step] }.sorted()
            let middle = sorted.count / 2
            return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        }
    }

    static func smape(_ actual: [Double], _ forecast: [Double]) -> Double {
        zip(actual, forecast).reduce(0) { sum, pair in
            let denominator = abs(pair.0) + abs(pair.1)
            return sum + (denominator > 0 ? 200 * abs(pair.0 - pair.1) / denominator : 0)
        } / Double(actual.count)
    }

    static func meanAbsoluteError(_ actual: [Double], _ forecast: [Double]) -> Double {
        zip(actual, forecast).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(actual.count)
    }
}
