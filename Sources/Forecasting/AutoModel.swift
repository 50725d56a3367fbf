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
/// Cost: every member is refitted at up to ten origins, so a series costs about 80 small fits. They
/// run on stack buffers with no per-fit allocation, Holt's grid covers all origins in one pass (the
/// recursion on a prefix is the start of the recursion on the whole series), and the smoothing grids
/// run their grid points in SIMD lanes; none of this changes a single bit of the results.
///
/// Accuracy and speed on the M1 and Tourism yearly competitions are in BENCHMARKS.md.
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
        let origins = max(Self.minimumOriginLength, n - Self.maximumOrigins)..<max(Self.minimumOriginLength, n)
        let crossValidated = Self.crossValidate(usable, y, origins: origins, horizon: h)
        let members: [AutoMember]
        var scores: [(name: String, score: Double)] = []
        if origins.isEmpty {
            members = usable
            notes.append("too short to cross-validate: median of all members")
        } else {
            let score = y.withUnsafeBufferPointer { values in
                usable.indices.map { index in
                    crossValidated.score(member: index, values, scale: scale) / Double(origins.count)
                }
            }
            scores = usable.indices.map { (usable[$0].rawValue, score[$0]) }
            members = Array(usable.indices.sorted { (score[$0], usable[$0].order) < (score[$1], usable[$1].order) }
                .prefix(memberCount).map { usable[$0] })
        }
        let selected = members.map { usable.firstIndex(of: $0)! }

        let forecast = Self.median(selected.map { crossValidated.fullForecast(member: $0) ?? usable[$0].forecast(y, horizon: h) })
        let positive = y.allSatisfy { $0 > 0 } && forecast.allSatisfy { $0 > 0 }
        // Root mean square of the combination's normalised out-of-sample errors, accumulated in origin
        // and step order.
        var sumOfSquares = 0.0, errorCount = 0
        withUnsafeTemporaryAllocation(of: Double.self, capacity: selected.count) { column in
            for (originIndex, origin) in origins.enumerated() {
                for step in 0..<crossValidated.steps(originIndex) {
                    for (position, member) in selected.enumerated() {
                        column[position] = crossValidated.value(member: member, origin: originIndex, step: step)
                    }
                    let value = Self.sortedMedian(column)
                    let actual = y[origin + step]
                    let error: Double
                    if positive {
                        guard value > 0 else { continue }
                        error = log(actual / value)
                    } else {
                        error = (actual - value) / scale
                    }
                    let normalised = error / Double(step + 1).squareRoot()
                    sumOfSquares = sumOfSquares + normalised * normalised
                    errorCount += 1
                }
            }
        }
        let outOfSample = errorCount >= Self.minimumErrors
        let sigma = outOfSample ? (sumOfSquares / Double(errorCount)).squareRoot() : 0
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

    /// Every usable member's forecasts from every cross-validation origin, `horizon` steps each
    /// (of which the first `min(horizon, n − origin)` are observed and scored), plus the full-data
    /// forecasts that came for free (Holt's grid search covers every prefix in one pass).
    struct CrossValidation {
        /// Forecasts, member-major, then origin, then step.
        let values: [Double]
        /// Full-data forecasts per member, where computed on the way (empty otherwise).
        let full: [[Double]]
        let originCount: Int
        let horizon: Int
        let origins: Range<Int>
        let n: Int

        /// Observed steps from origin number `originIndex`.
        func steps(_ originIndex: Int) -> Int { min(horizon, n - (origins.lowerBound + originIndex)) }

        /// Step `step` (0-based) of member `member`'s forecast from origin number `origin`.
        func value(member: Int, origin: Int, step: Int) -> Double {
            values[(member * originCount + origin) * horizon + step]
        }

        /// The full-data forecast of member `member`, if it was computed during cross-validation.
        func fullForecast(member: Int) -> [Double]? { full[member].isEmpty ? nil : full[member] }

        /// Sum over origins (in order) of `sMAPE/20 + MAE/scale/3` over the observed steps.
        func score(member: Int, _ y: UnsafeBufferPointer<Double>, scale: Double) -> Double {
            var sum = 0.0
            for originIndex in 0..<originCount {
                let origin = origins.lowerBound + originIndex
                let count = steps(originIndex)
                var smape = 0.0, absolute = 0.0
                for step in 0..<count {
                    let actual = y[origin + step], forecast = value(member: member, origin: originIndex, step: step)
                    let denominator = abs(actual) + abs(forecast)
                    smape = smape + (denominator > 0 ? 200 * abs(actual - forecast) / denominator : 0)
                    absolute = absolute + abs(actual - forecast)
                }
                sum = sum + (smape / Double(count)) / 20 + (absolute / Double(count)) / scale / 3
            }
            return sum
        }
    }

    /// Runs the cross-validation of `members` on `y` at `origins`.
    static func crossValidate(_ members: [AutoMember], _ y: [Double], origins: Range<Int>, horizon h: Int) -> CrossValidation {
        let n = y.count
        var values = [Double](repeating: 0, count: members.count * origins.count * h)
        var full = [[Double]](repeating: [], count: members.count)
        y.withUnsafeBufferPointer { series in
            values.withUnsafeMutableBufferPointer { output in
                for (index, member) in members.enumerated() {
                    let base = index * origins.count * h
                    if member == .holt {
                        SmoothingKernels.holtGrid(series, phis: [1], prefixes: (origins.first ?? n)...n) { length, fit in
                            if length == n {
                                var path = [Double](repeating: 0, count: h)
                                path.withUnsafeMutableBufferPointer { AutoMember.holtForecast(fit, into: $0) }
                                full[index] = path
                            } else {
                                let start = base + (length - origins.lowerBound) * h
                                AutoMember.holtForecast(fit, into: UnsafeMutableBufferPointer(rebasing: output[start..<(start + h)]))
                            }
                        }
                        continue
                    }
                    for (originIndex, origin) in origins.enumerated() {
                        let start = base + originIndex * h
                        member.forecast(UnsafeBufferPointer(rebasing: series[0..<origin]),
                                        into: UnsafeMutableBufferPointer(rebasing: output[start..<(start + h)]))
                    }
                }
            }
        }
        return CrossValidation(values: values, full: full, originCount: origins.count, horizon: h, origins: origins, n: n)
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
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: paths.count) { column in
            (0..<length).map { step in
                for (index, path) in paths.enumerated() { column[index] = path[step] }
                return sortedMedian(column)
            }
        }
    }

    /// Sorts `values` in place and returns their median (mean of the two middle values for an even
    /// count). The sort is the standard library's for short arrays (stable insertion sort by `<`),
    /// so ties and signed zeros come out exactly as `sorted()` would order them.
    static func sortedMedian(_ values: UnsafeMutableBufferPointer<Double>) -> Double {
        let count = values.count
        if count > 1 {
            for end in 1..<count {
                var index = end
                while index > 0, values[index] < values[index - 1] {
                    values.swapAt(index, index - 1)
                    index -= 1
                }
            }
        }
        let middle = count / 2
        return count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2
    }
}
