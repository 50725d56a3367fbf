import Foundation
@testable import Forecasting
import SunanTestSupport
import Testing

/// sMAPE, MASE, RMSE and coverage on examples small enough to check by hand.
@Suite("Accuracy metrics", .tags(.reference))
struct AccuracyTests {
    /// A normal predictive distribution centred on `point` with standard deviation `scale`.
    private func step(_ horizon: Int, _ point: Double, _ scale: Double) -> ForecastStep {
        ForecastStep(year: 2020 + horizon, horizon: horizon,
                     distribution: .scaled(point: point, scale: scale, degreesOfFreedom: .infinity, multiplicative: false))
    }

    /// Actual 100, 110, 120 against forecasts 90, 110, 132 (normal spreads 5, 5, 8), training data
    /// 80, 90, 85, 95:
    /// - sMAPE = mean(200·10/190, 200·0/220, 200·12/252) = (10.526… + 0 + 9.523…)/3 = 6.6833…;
    /// - MAE = (10 + 0 + 12)/3 = 22/3; the naive in-sample scale is mean(|10|, |−5|, |10|) = 25/3,
    ///   so MASE = 22/25 = 0.88;
    /// - RMSE = √((100 + 0 + 144)/3) = √(244/3);
    /// - 80 % intervals (±1.2816 σ): [83.6, 96.4] misses 100, [103.6, 116.4] holds 110,
    ///   [121.7, 142.3] misses 120 → 1 covered; 95 % (±1.96 σ): [80.2, 99.8] misses 100,
    ///   [100.2, 119.8] holds 110, [116.3, 147.7] holds 120 → 2 covered.
    @Test("a hand-checked example (1e-14 relative)")
    func handExample() {
        let accuracy = ForecastAccuracy(forecast: [step(1, 90, 5), step(2, 110, 5), step(3, 132, 8)],
                                        actual: [100, 110, 120], training: [80, 90, 85, 95], levels: [0.8, 0.95])
        #expect(accuracy.count == 3)
        #expect(relativeDifference(accuracy.smape, (2000.0 / 190 + 2400.0 / 252) / 3) < 1e-14)
        #expect(relativeDifference(accuracy.mase, 0.88) < 1e-14)
        #expect(relativeDifference(accuracy.rmse, (244.0 / 3).squareRoot()) < 1e-14)
        #expect(accuracy.covered == [0.8: 1, 0.95: 2])
    }

    @Test("a step where actual and forecast are both 0 counts 0 in sMAPE; constant training leaves MASE undefined")
    func edgeCases() {
        let accuracy = ForecastAccuracy(forecast: [step(1, 0, 1), step(2, 10, 1)], actual: [0, 30],
                                        training: [5, 5, 5], levels: [0.9])
        // (0 + 200·20/40)/2 = 50.
        #expect(accuracy.smape == 50)
        #expect(accuracy.mase.isNaN)
        #expect(relativeDifference(accuracy.rmse, (400.0 / 2).squareRoot()) < 1e-14)
        #expect(accuracy.covered == [0.9: 1])
    }

    /// Pooled summary of the two examples above: sMAPE and RMSE are means over series, MASE the mean
    /// over the one series where it is defined, coverage pooled over the 5 steps.
    @Test("the summary pools series means and coverage counts")
    func summary() {
        let a = ForecastAccuracy(forecast: [step(1, 90, 5), step(2, 110, 5), step(3, 132, 8)],
                                 actual: [100, 110, 120], training: [80, 90, 85, 95], levels: [0.8, 0.95])
        let b = ForecastAccuracy(forecast: [step(1, 0, 1), step(2, 10, 1)], actual: [0, 30],
                                 training: [5, 5, 5], levels: [0.8, 0.95])
        let summary = AccuracySummary([a, b], levels: [0.8, 0.95])
        #expect(summary.seriesCount == 2)
        #expect(summary.stepCount == 5)
        #expect(relativeDifference(summary.smape, (a.smape + 50) / 2) < 1e-14)
        #expect(summary.mase == a.mase)
        #expect(summary.maseUndefinedCount == 1)
        #expect(relativeDifference(summary.rmse, (a.rmse + b.rmse) / 2) < 1e-14)
        // b: the 0 step is covered at both levels (|0 − 0| = 0), the 30 step at neither.
        #expect(summary.coverage[0.8] == 2.0 / 5)
        #expect(summary.coverage[0.95] == 3.0 / 5)
    }
}
