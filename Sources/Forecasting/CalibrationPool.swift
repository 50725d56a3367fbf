import Foundation

/// The first stage of an ``AutoModel`` forecast of one series: its member-median point forecasts and
/// the out-of-sample errors it contributes to a ``CalibrationPool``.
public struct AutoPreparation: Sendable {
    /// One out-of-sample error of the member median at a cut, with what normalises it.
    public struct OutOfSampleError: Sendable, Equatable {
        /// `log(actual/forecast)` (multiplicative series) or `actual − forecast` (working scale).
        public let error: Double
        /// `√(k (1 + k/(c − 1)))` for step k from a cut of length c.
        public let growth: Double
        /// The prefix's standard deviation of log growth rates (multiplicative) or its additive scale.
        public let volatility: Double
        /// Number of yearly changes in the prefix (c − 1).
        public let changes: Int
        /// The cut c: the length of the prefix the forecast was made from.
        public let cut: Int
        /// The step k ≥ 1 ahead of the cut (the actual is value c + k − 1).
        public let step: Int
        /// The member median's forecast at the cut and step, on the working scale.
        public let forecast: Double
    }

    /// The gap-filled working-scale values (`y + 1` for counts).
    public let values: [Double]
    /// The last observed year.
    public let lastYear: Int
    /// The series' support.
    public let support: SeriesSupport
    /// Whether every working value is positive (errors are log ratios).
    public let multiplicative: Bool
    /// The members whose median is the point forecast.
    public let members: [AutoMember]
    /// Point forecasts on the working scale, steps 1 … horizon.
    public let points: [Double]
    /// The series' own volatility: the standard deviation of its log growth rates (multiplicative),
    /// else its additive scale (see ``volatility(_:multiplicative:)``).
    public let volatility: Double
    /// The member median's out-of-sample errors at the cuts.
    public let errors: [OutOfSampleError]
    /// Defined behaviour that applied.
    public let notes: [String]
    /// True when a stated growth fixed the points (the pool's growth is then not used).
    public let growthFixed: Bool

    /// Standard deviation (n − 1 divisor) of the log growth rates of `values` (multiplicative) or of
    /// their yearly changes; 0 with fewer than two changes. An additive series whose changes do not
    /// vary falls back to the mean absolute change, then to 0.1 × max(|last value|, 1), so its scale
    /// is never 0.
    public static func volatility(_ values: [Double], multiplicative: Bool) -> Double {
        volatility(changes: changes(values, multiplicative: multiplicative)[...], lastValue: values.last ?? 0,
                   multiplicative: multiplicative)
    }

    /// The yearly changes of `values`: log growth rates (multiplicative) or differences.
    static func changes(_ values: [Double], multiplicative: Bool) -> [Double] {
        zip(values.dropFirst(), values).map { multiplicative ? log($0 / $1) : $0 - $1 }
    }

    /// ``volatility(_:multiplicative:)`` of the values whose yearly changes are `changes` and whose last
    /// value is `lastValue` (0 for no values); the first c − 1 changes of a series are those of its first c values.
    static func volatility(changes: ArraySlice<Double>, lastValue: Double, multiplicative: Bool) -> Double {
        var deviation = 0.0
        if changes.count > 1 {
            let mean = changes.reduce(0, +) / Double(changes.count)
            deviation = (changes.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(changes.count - 1)).squareRoot()
        }
        if multiplicative || deviation > 0 { return deviation }
        let meanChange = changes.reduce(0) { $0 + abs($1) } / Double(max(changes.count, 1))
        return meanChange > 0 ? meanChange : AutoModel.defaultVolatility * max(abs(lastValue), 1)
    }
}

/// Out-of-sample errors of many series pooled into one law of the normalised error, with the pool's
/// typical volatility, the inflation of the law the pool chose for itself (``InflationCheck``) and,
/// optionally, its median growth.
///
/// Build one per indicator and origin (a panel) or per file (a forecasting competition) from the
/// ``AutoPreparation`` of every series as of the same origin, so that nothing after the origin enters.
/// The scenario engine can build one from a whole panel and calibrate a single series against it.
public struct CalibrationPool: Sendable {
    /// The law of the normalised error, inflated by ``inflation``.
    public let law: PooledErrorLaw
    /// The multiplier of the pooled |u| quantiles, chosen by the pool's own ``InflationCheck``
    /// (``AutoModel/fallbackInflation`` when the pool cannot check itself).
    public let inflation: Double
    /// Forecast points the inflation was checked on (0: the fallback was used).
    public let inflationCheckPoints: Int
    /// The median log-growth volatility of the pool's positive series with three values or more whose
    /// growth varies (``AutoModel`` shrinks each series' own volatility toward it); 0.1 when there are
    /// fewer than five such series.
    public let typicalVolatility: Double
    /// Per step, the median growth ratio `f_k / y_{n−1}` of the pool's positive series, when the pool
    /// pools growth and has at least 5 of them; nil otherwise.
    public let growthRatios: [Double]?
    /// τ², the variance of yearly log growth between the pool's series beyond what their own noise
    /// explains (see `growthSpread(_:)`); it sets how far each series keeps its own growth
    /// (``ownGrowthWeight(volatility:changes:)``). 0 when the pool does not pool growth.
    public let growthSpread: Double
    /// Number of series and of errors pooled.
    public let seriesCount: Int, errorCount: Int

    /// Pools `preparations`. `poolsGrowth`: whether the series are one indicator in comparable regions
    /// (a panel), whose median growth then informs each series' point forecast.
    public init(_ preparations: [AutoPreparation], poolsGrowth: Bool) {
        typicalVolatility = Self.typicalVolatility(preparations.map { ($0.multiplicative, $0.values.count, $0.volatility) })
        var normalised: [Double] = []
        normalised.reserveCapacity(preparations.reduce(0) { $0 + $1.errors.count })
        var contributors = 0
        for preparation in preparations {
            let firstCut = max(AutoModel.minimumCut, preparation.values.count - AutoModel.maximumCuts)
            if !preparation.errors.isEmpty { contributors += 1 }
            for error in preparation.errors where error.cut >= firstCut {
                if let u = Self.normalised(error, multiplicative: preparation.multiplicative, typical: typicalVolatility) {
                    normalised.append(u)
                }
            }
        }
        let check = InflationCheck(preparations, poolsGrowth: poolsGrowth)
        inflation = check.inflation
        inflationCheckPoints = check.pointCount
        law = PooledErrorLaw(errors: normalised, seriesCount: contributors, inflation: check.inflation)
        errorCount = normalised.count
        seriesCount = preparations.count
        let growers = preparations.filter { $0.multiplicative }
        let steps = growers.map(\.points.count).min() ?? 0
        if poolsGrowth && growers.count >= AutoModel.minimumGrowthPool && steps > 0 {
            growthRatios = (0..<steps).map { k in
                Self.pooledRatio(growers.compactMap { p in p.points[k] > 0 ? p.points[k] / p.values[p.values.count - 1] : nil })
            }
            growthSpread = Self.growthSpread(growers.map { ($0.values[...], $0.volatility) })
        } else {
            growthRatios = nil
            growthSpread = 0
        }
    }

    /// How much of its own growth a series of `changes` yearly changes and log-growth volatility
    /// `volatility` keeps against the pool's median (empirical Bayes): `τ² / (τ² + σ²/m)`, τ² the
    /// pool's ``growthSpread``; 1 when both are 0.
    public func ownGrowthWeight(volatility: Double, changes: Int) -> Double {
        Self.ownGrowthWeight(volatility: volatility, changes: changes, spread: growthSpread)
    }

    static func ownGrowthWeight(volatility: Double, changes: Int, spread: Double) -> Double {
        let noise = changes > 0 ? volatility * volatility / Double(changes) : 0
        return spread + noise > 0 ? spread / (spread + noise) : 1
    }

    /// τ² of positive series given as (working values, log-growth volatility): the variance (n − 1
    /// divisor) of their mean yearly log growth `log(y_last / y_first) / m` less the mean of their
    /// `σ² / m`, m their yearly changes, floored at 0; over the series with at least two changes
    /// (0 with fewer than two such series).
    static func growthSpread(_ series: [(values: ArraySlice<Double>, volatility: Double)]) -> Double {
        let usable = series.filter { $0.values.count >= 3 }
        guard usable.count >= 2 else { return 0 }
        let growth = usable.map { log($0.values.last! / $0.values.first!) / Double($0.values.count - 1) }
        let noise = usable.map { $0.volatility * $0.volatility / Double($0.values.count - 1) }
        let mean = growth.reduce(0, +) / Double(growth.count)
        let variance = growth.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(growth.count - 1)
        return max(0, variance - noise.reduce(0, +) / Double(noise.count))
    }

    /// A pool from raw histories, each prepared by `model` with `support`.
    public init(series: [YearlySeries], model: AutoModel, support: SeriesSupport = .real, poolsGrowth: Bool) throws {
        self.init(try series.map { try model.prepare($0, support: support) }, poolsGrowth: poolsGrowth)
    }

    /// A series' volatility shrunk toward the pool's: `√((m σ² + 2 σ̄²)/(m + 2))`, m its yearly changes.
    public func shrunkScale(volatility: Double, changes: Int) -> Double {
        Self.shrunk(volatility, changes: changes, typical: typicalVolatility)
    }

    /// The median volatility of the positive series among `volatilities` (pairs of multiplicative flag,
    /// values count and volatility): what ``typicalVolatility`` is for a pool of such series.
    static func typicalVolatility(_ volatilities: [(multiplicative: Bool, count: Int, volatility: Double)]) -> Double {
        let usable = volatilities.filter { $0.multiplicative && $0.count >= 3 && $0.volatility > 0 }.map(\.volatility).sorted()
        let typical = usable.count < PooledErrorLaw.minimumSeries ? AutoModel.defaultVolatility : median(usable)
        return typical > 0 ? typical : AutoModel.defaultVolatility
    }

    /// An out-of-sample error divided by its shrunk scale (multiplicative series) or its own scale, times
    /// its step's growth; nil when that scale is 0.
    static func normalised(_ error: AutoPreparation.OutOfSampleError, multiplicative: Bool, typical: Double) -> Double? {
        let scale = multiplicative ? shrunk(error.volatility, changes: error.changes, typical: typical) : error.volatility
        return scale > 0 ? error.error / (scale * error.growth) : nil
    }

    /// The median of one step's growth ratios when at least ``AutoModel/minimumGrowthPool`` series give
    /// one, else NaN (the step is not pooled).
    static func pooledRatio(_ ratios: [Double]) -> Double {
        ratios.count >= AutoModel.minimumGrowthPool ? median(ratios.sorted()) : .nan
    }

    static func shrunk(_ volatility: Double, changes: Int, typical: Double) -> Double {
        let m = Double(max(changes, 0)), prior = AutoModel.pseudoObservations
        return ((m * volatility * volatility + prior * typical * typical) / (m + prior)).squareRoot()
    }

    static func median(_ sorted: [Double]) -> Double {
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
