import Foundation

/// Accuracy of one forecast path against what happened, in the conventions of the M competitions.
public struct ForecastAccuracy: Sendable, Equatable {
    /// Symmetric MAPE in percent: mean over steps of `200 |a − f| / (|a| + |f|)` (a step with
    /// a = f = 0 counts 0).
    public let smape: Double
    /// Mean absolute scaled error: mean |a − f| over steps divided by the mean absolute one-year
    /// change of the training data (in-sample naive error). NaN when the training data never change.
    public let mase: Double
    /// Root mean squared error, in the series' unit.
    public let rmse: Double
    /// For each requested level, how many of the actual values fell inside the interval.
    public let covered: [Double: Int]
    /// Number of steps compared.
    public let count: Int

    /// Compares `forecast` with `actual` (same length, step by step); `training` scales MASE.
    public init(forecast: [ForecastStep], actual: [Double], training: [Double], levels: [Double]) {
        let pairs = zip(actual, forecast.map(\.mean))
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
        var covered: [Double: Int] = [:]
        for level in levels {
            covered[level] = zip(actual, forecast).filter { $0.1.interval(level: level).contains($0.0) }.count
        }
        self.covered = covered
    }
}

/// Accuracy pooled over many series: means of the per-series sMAPE, MASE and RMSE (series whose MASE
/// is undefined are left out of the MASE mean and counted), and interval coverage pooled over all steps.
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
    /// Empirical coverage per level, over all compared steps.
    public let coverage: [Double: Double]
    /// Number of steps compared.
    public let stepCount: Int

    /// Pools per-series accuracies.
    public init(_ accuracies: [ForecastAccuracy], levels: [Double]) {
        seriesCount = accuracies.count
        let count = Double(max(accuracies.count, 1))
        smape = accuracies.reduce(0) { $0 + $1.smape } / count
        let defined = accuracies.filter { $0.mase.isFinite }
        mase = defined.reduce(0) { $0 + $1.mase } / Double(max(defined.count, 1))
        maseUndefinedCount = accuracies.count - defined.count
        rmse = accuracies.reduce(0) { $0 + $1.rmse } / count
        stepCount = accuracies.reduce(0) { $0 + $1.count }
        var coverage: [Double: Double] = [:]
        for level in levels {
            coverage[level] = Double(accuracies.reduce(0) { $0 + ($1.covered[level] ?? 0) }) / Double(max(stepCount, 1))
        }
        self.coverage = coverage
    }
}
