import Foundation

/// How wide a pool's intervals should be, learned from the pool itself: the inflation λ of its
/// pooled error law under which the calibrated `auto` rule, applied to the pool's series cut a few
/// years short, best covers the years that were cut.
///
/// **Rule.** Every series of n ≥ 6 values is cut m = min(3, n − 5) years short. The cut series form a
/// pool of their own, built exactly as ``CalibrationPool`` builds one (their out-of-sample errors at
/// cuts max(3, n − m − 10) … n − m − 1, their typical volatility, their median growth and its
/// spread in a panel) but
/// with λ = 1, and forecast their own last m years (steps up to the horizon asked for). λ is the
/// value of ``AutoModel/inflationGrid`` whose central 50, 80 and 95 % intervals give the smallest
/// Σ (coverage − level)² over those check points, coverage in percent; among tied values, the largest
/// when they under-cover the check points (e.g. none covers a break), else the smallest. A pool
/// with no check point, or whose cut errors are too few to learn a law, takes
/// ``AutoModel/fallbackInflation``. Only values up to the forecast origin are used.
///
/// Chosen on fresh yearly panels against a single constant and confirmed on others
/// (scripts/forecast-research/PROTOCOL.md, rounds I5 and I6; BENCHMARKS.md).
public struct InflationCheck: Sendable, Equatable {
    /// The chosen inflation λ (unitless).
    public let inflation: Double
    /// Number of check points (0 when the fallback was taken).
    public let pointCount: Int

    /// The levels whose coverage is checked, in percent.
    static let levels = [50.0, 80.0, 95.0]

    /// One cut series: what the check needs of it.
    private struct CutSeries {
        let preparation: AutoPreparation
        /// Length of the cut series (n − m).
        let length: Int
        /// Its volatility (``AutoPreparation/volatility(_:multiplicative:)`` of the first `length` values).
        let volatility: Double
        /// Its forecasts of the years cut, by step (working scale, the member median's).
        let checks: [AutoPreparation.OutOfSampleError]
    }

    /// Runs the check on the series of one pool (see the type's rule).
    public init(_ preparations: [AutoPreparation], poolsGrowth: Bool) {
        let cut = preparations.compactMap { p -> CutSeries? in
            let n = p.values.count
            guard n >= AutoModel.shortestChecked, !p.errors.isEmpty else { return nil }
            let length = n - min(AutoModel.checkYears, n - 5)
            let volatility = AutoPreparation.volatility(Array(p.values[0..<length]), multiplicative: p.multiplicative)
            return CutSeries(preparation: p, length: length, volatility: volatility,
                             checks: p.errors.filter { $0.cut == length }.sorted { $0.step < $1.step })
        }
        let typical = CalibrationPool.typicalVolatility(cut.map { ($0.preparation.multiplicative, $0.length, $0.volatility) })
        var normalised: [Double] = []
        var contributors = 0
        for series in cut {
            let p = series.preparation
            let firstCut = max(AutoModel.minimumCut, series.length - AutoModel.maximumCuts)
            var contributed = false
            for error in p.errors where error.cut >= firstCut && error.cut + error.step <= series.length {
                if let u = CalibrationPool.normalised(error, multiplicative: p.multiplicative, typical: typical) {
                    normalised.append(u)
                    contributed = true
                }
            }
            if contributed { contributors += 1 }
        }
        let law = PooledErrorLaw(errors: normalised, seriesCount: contributors, inflation: 1)
        let ratios = poolsGrowth ? Self.growthRatios(cut) : []
        let spread = ratios.isEmpty ? 0 : CalibrationPool.growthSpread(cut.filter { $0.preparation.multiplicative }
            .map { ($0.preparation.values[0..<$0.length], $0.volatility) })
        var points: [(error: Double, width: Double, low: Double, high: Double)] = []
        for series in cut {
            let p = series.preparation
            let last = p.values[series.length - 1]
            let scale = p.multiplicative
                ? CalibrationPool.shrunk(series.volatility, changes: series.length - 1, typical: typical) : series.volatility
            let weight = CalibrationPool.ownGrowthWeight(volatility: series.volatility, changes: series.length - 1, spread: spread)
            for check in series.checks {
                let actual = p.values[series.length + check.step - 1]
                var forecast = check.forecast
                if p.multiplicative, check.step <= ratios.count, ratios[check.step - 1].isFinite, forecast > 0 {
                    forecast = AutoModel.pooledGrowth(forecast, last: last, poolRatio: ratios[check.step - 1], weight: weight)
                }
                let width = scale * AutoModel.growth(check.step, series.length)
                if p.multiplicative {
                    let point = max(forecast, last / CalibratedStep.largestRatio)
                    points.append((log(actual / point), width, log(last / CalibratedStep.largestRatio / point),
                                   log(last * CalibratedStep.largestRatio / point)))
                } else {
                    points.append((actual - forecast, width, -.infinity, .infinity))
                }
            }
        }
        guard law.errorCount > 0, !points.isEmpty else {
            self.init(inflation: AutoModel.fallbackInflation, pointCount: 0)
            return
        }
        let quantiles = Self.levels.map { law.absoluteQuantile($0 / 100) }
        var scored: [(inflation: Double, loss: Double, shortfall: Double)] = []
        for inflation in AutoModel.inflationGrid {
            var loss = 0.0, shortfall = 0.0
            for (level, quantile) in zip(Self.levels, quantiles) {
                let covered = points.reduce(0) { count, point in
                    let half = point.width * inflation * quantile
                    return count + (max(-half, point.low) <= point.error && point.error <= min(half, point.high) ? 1 : 0)
                }
                let coverage = 100 * Double(covered) / Double(points.count)
                loss += (coverage - level) * (coverage - level)
                shortfall += level - coverage
            }
            scored.append((inflation, loss, shortfall))
        }
        let least = scored.map(\.loss).min() ?? 0
        let tied = scored.filter { $0.loss <= least + 1e-9 }
        // Tied values cover the check points alike: under-covered, the widest of them; else the narrowest.
        let best = (tied.first?.shortfall ?? 0) > 0 ? tied.last! : tied.first!
        self.init(inflation: best.inflation, pointCount: points.count)
    }

    private init(inflation: Double, pointCount: Int) {
        self.inflation = inflation
        self.pointCount = pointCount
    }

    /// Per step, the median ratio of the cut positive series' forecasts to their last value, when at
    /// least ``AutoModel/minimumGrowthPool`` of them have a positive forecast at that step (else NaN);
    /// empty when fewer series grow.
    private static func growthRatios(_ cut: [CutSeries]) -> [Double] {
        let growers = cut.filter { $0.preparation.multiplicative }
        guard growers.count >= AutoModel.minimumGrowthPool else { return [] }
        let steps = growers.map { $0.checks.last?.step ?? 0 }.max() ?? 0
        guard steps > 0 else { return [] }
        return (1...steps).map { step in
            CalibrationPool.pooledRatio(growers.compactMap { series -> Double? in
                guard let check = series.checks.first(where: { $0.step == step }), check.forecast > 0 else { return nil }
                return check.forecast / series.preparation.values[series.length - 1]
            })
        }
    }
}
