import Foundation

/// Accuracy of one forecast path against what happened, in the conventions of the M competitions,
/// plus the scores of the whole predictive distribution.
///
/// The point forecast scored is each step's median (``ForecastStep/median``), the forecast that
/// minimises the expected absolute error.
public struct ForecastAccuracy: Sendable, Equatable {
    /// Symmetric MAPE in percent: mean over steps of `200 |a − f| / (|a| + |f|)` (a step with
    /// a = f = 0 counts 0).
    public let smape: Double
    /// Mean absolute scaled error: mean |a − f| over steps divided by the mean absolute one-year
    /// change of the training data (in-sample naive error). NaN when the training data never change.
    public let mase: Double
    /// Root mean squared error, in the series' unit.
    public let rmse: Double
    /// Mean over steps of the CRPS (``PredictiveDistribution/crps(_:)``) divided by the same scale as
    /// MASE; NaN when the training data never change. 0 for a point mass on the actual value.
    public let scaledCRPS: Double
    /// For each requested level, how many of the actual values fell inside the interval.
    public let covered: [Double: Int]
    /// Predicted against observed exceedances of the thresholds ``ReliabilityTable/thresholds``
    /// (relative to the last training value), every step and threshold.
    public let exceedances: [Exceedance]
    /// Number of steps compared.
    public let count: Int

    /// Compares `forecast` with `actual` (same length, step by step); `training` scales MASE and
    /// CRPS, and its last value anchors the exceedance thresholds.
    public init(forecast: [ForecastStep], actual: [Double], training: [Double], levels: [Double]) {
        let points = forecast.map(\.median)
        let pairs = zip(actual, points)
        let n = Double(min(actual.count, forecast.count))
        self.count = min(actual.count, forecast.count)
        self.smape = pairs.reduce(0) { sum, pair in
            let denominator = abs(pair.0) + abs(pair.1)
            return sum + (denominator > 0 ? 200 * abs(pair.0 - pair.1) / denominator : 0)
        } / n
        let meanAbsoluteError = pairs.reduce(0) { $0 + abs($1.0 - $1.1) } / n
        let naiveScale = training.count > 1
            ? zip(training.dropFirst(), training).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(training.count - 1)
            : .nan
        self.mase = naiveScale > 0 ? meanAbsoluteError / naiveScale : .nan
        self.rmse = (pairs.reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) } / n).squareRoot()
        let crps = zip(actual, forecast).reduce(0) { $0 + $1.1.distribution.crps($1.0) } / n
        self.scaledCRPS = naiveScale > 0 ? crps / naiveScale : .nan
        var covered: [Double: Int] = [:]
        for level in levels {
            covered[level] = zip(actual, forecast).filter { $0.1.interval(level: level).contains($0.0) }.count
        }
        self.covered = covered
        var exceedances: [Exceedance] = []
        if let last = training.last {
            for (value, step) in zip(actual, forecast) {
                for change in ReliabilityTable.thresholds {
                    let threshold = last * (1 + change)
                    exceedances.append(Exceedance(predicted: 1 - step.distribution.cdf(threshold), happened: value > threshold))
                }
            }
        }
        self.exceedances = exceedances
    }
}

/// Accuracy pooled over many series: means of the per-series sMAPE, MASE, RMSE and scaled CRPS
/// (series whose scale is undefined are left out of the MASE and CRPS means and counted), and
/// interval coverage pooled over all steps.
public struct AccuracySummary: Sendable, Equatable {
    /// Number of series evaluated.
    public let seriesCount: Int
    /// Mean sMAPE over series, percent.
    public let smape: Double
    /// Mean MASE over series with a defined scale.
    public let mase: Double
    /// Series left out of the MASE mean (constant training data).
    public let maseUndefinedCount: Int
    /// Mean RMSE over series (scale-dependent: compare models on the same data only).
    public let rmse: Double
    /// Mean scaled CRPS over series with a defined scale.
    public let scaledCRPS: Double
    /// Empirical coverage per level, over all compared steps.
    public let coverage: [Double: Double]
    /// Number of steps compared.
    public let stepCount: Int
    /// The reliability of the exceedance probabilities of every step.
    public let reliability: ReliabilityTable

    /// Pools per-series accuracies.
    public init(_ accuracies: [ForecastAccuracy], levels: [Double]) {
        seriesCount = accuracies.count
        let count = Double(max(accuracies.count, 1))
        smape = accuracies.reduce(0) { $0 + $1.smape } / count
        let defined = accuracies.filter { $0.mase.isFinite }
        mase = defined.reduce(0) { $0 + $1.mase } / Double(max(defined.count, 1))
        maseUndefinedCount = accuracies.count - defined.count
        let scored = accuracies.filter { $0.scaledCRPS.isFinite }
        scaledCRPS = scored.reduce(0) { $0 + $1.scaledCRPS } / Double(max(scored.count, 1))
        rmse = accuracies.reduce(0) { $0 + $1.rmse } / count
        stepCount = accuracies.reduce(0) { $0 + $1.count }
        var coverage: [Double: Double] = [:]
        for level in levels {
            coverage[level] = Double(accuracies.reduce(0) { $0 + ($1.covered[level] ?? 0) }) / Double(max(stepCount, 1))
        }
        self.coverage = coverage
        reliability = ReliabilityTable(accuracies.flatMap(\.exceedances))
    }
}
