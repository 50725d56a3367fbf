import Foundation
@testable import Forecasting
import LinearAlgebra
import SunanTestSupport
import Testing

/// Issue 12's catalogue of short count series, forecast alone and pooled as one indicator: bounds
/// at or above 0, whole-number draws, the mean inside its 80 % interval, 95 % intervals wider than
/// zero and nothing above 100 × the last value (at least 1) within 6 years.
@Suite("Counts and short series", .tags(.specification))
struct CountAndShortSeriesTests {
    static let catalogue: [(name: String, values: [Double])] = [
        ("1,2,2,3,2", [1, 2, 2, 3, 2]), ("9,9,9,9,9", [9, 9, 9, 9, 9]), ("1,1,1,1,1", [1, 1, 1, 1, 1]),
        ("0,0,1,3", [0, 0, 1, 3]), ("0,0,0,0", [0, 0, 0, 0]), ("5", [5]), ("5,6", [5, 6]),
        ("232 growing 40 %/yr", (0..<5).map { (232 * pow(1.4, Double($0))).rounded() }),
    ]

    static func histories() -> [YearlySeries] {
        catalogue.map { try! YearlySeries(years: Array((2018 - $0.values.count)..<2018), values: $0.values) }
    }

    private func check(_ fitted: FittedModel, _ values: [Double], label: String) throws {
        let ceiling = 100 * max(values.last!, 1)
        let steps = try fitted.forecast(horizon: 6).steps
        for step in steps {
            let i80 = step.interval(level: 0.8), i95 = step.interval(level: 0.95)
            #expect(i95.lowerBound >= 0 && i80.lowerBound >= 0, "\(label) \(step.year)")
            #expect(i80.contains(step.mean), "\(label) \(step.year): mean \(step.mean) outside \(i80)")
            #expect(i95.upperBound > i95.lowerBound, "\(label) \(step.year)")
            #expect(step.distribution.quantile(0.999_999) <= ceiling * (1 + 1e-12), "\(label) \(step.year)")
            #expect(step.mean.isFinite && step.mean <= ceiling)
        }
        var rng = RandomSource(seed: 21)
        let paths = try fitted.paths(count: 2000, years: Array(2018...2023), rng: &rng)
        #expect(paths.allSatisfy { $0.allSatisfy { $0 >= 0 && $0 == $0.rounded() && $0 <= ceiling } }, "\(label)")
    }

    @Test("the catalogue forecast one series at a time")
    func alone() throws {
        let model = AutoModel(horizon: 6)
        for (entry, history) in zip(Self.catalogue, Self.histories()) {
            let preparation = try model.prepare(history, support: .count)
            try check(model.finish(preparation, pool: CalibrationPool([preparation], poolsGrowth: false)), entry.values, label: entry.name)
        }
    }

    @Test("the catalogue pooled as one indicator (growth borrowed by the one- and two-value series)")
    func pooled() throws {
        let model = AutoModel(horizon: 6)
        let pool = try CalibrationPool(series: Self.histories(), model: model, support: .count, poolsGrowth: true)
        #expect(pool.growthRatios != nil)
        for (entry, history) in zip(Self.catalogue, Self.histories()) {
            let fitted = try model.fit(history, support: .count, pool: pool)
            try check(fitted, entry.values, label: entry.name)
            if entry.values.count <= 2 {
                #expect(fitted.selection?.note.contains("growth borrowed from the pool") == true)
            }
        }
    }

    @Test("a stated growth projects a one-value series and is noted")
    func statedGrowth() throws {
        let fitted = try AutoModel(horizon: 3, statedGrowth: 0.1).fit(try YearlySeries(years: [2017], values: [200]))
        let medians = try fitted.forecast(horizon: 3).steps.map(\.median)
        let expected: [Double] = [220, 242, 266.2]
        #expect(worstRelativeDifference(medians, expected) < 1e-12)
        #expect(fitted.selection?.note.contains("stated growth") == true)
    }

    @Test("a negative count is refused")
    func negativeCount() {
        #expect(throws: ForecastingError.self) {
            try AutoModel(horizon: 3).prepare(try YearlySeries(startYear: 2010, values: [3, -1, 2]), support: .count)
        }
    }

    @Test("non-negative support: no bound below 0")
    func nonNegative() throws {
        let model = AutoModel(horizon: 6)
        let history = try YearlySeries(startYear: 2010, values: [5, 3, 1, 0.5, 0, 0.2])
        let fitted = try model.fit(history, support: .nonNegative, pool: CalibrationPool([try model.prepare(history, support: .nonNegative)], poolsGrowth: false))
        #expect(try fitted.forecast(horizon: 6).steps.allSatisfy { $0.interval(level: 0.95).lowerBound >= 0 })
    }
}

/// Paths start where the history ends (issue 12): on a series whose growth slows, so that a global
/// log-linear line ends some 2,000 above the last value, the first forecast year of every family lies
/// within the largest year-on-year change of the last five observed years, up to 15 %: an anchored
/// trend moves by its fitted yearly change, which here slightly exceeds the recent changes (linear
/// +904 against a largest recent change of 900), and auto's mean lies above its median by the skew
/// of its log-scale distribution. The log-linear trend is left out here: anchored, it grows the last
/// value by its fitted (whole-history) growth rate, 15 %/yr on this series, which is what that model
/// says; `logLinearAnchor` checks that it starts from the last value.
@Suite("Forecasts start from the last observation", .tags(.invariant))
struct AnchoringTests {
    /// Fast growth that slows: a log-linear line through it ends well below the last value.
    static let slowing = try! YearlySeries(startYear: 2008, values: [3000, 3900, 4900, 5900, 6900, 7800, 8700, 9500, 10300, 11000])

    @Test("the first year's mean and median lie within 1.15 × the largest recent yearly change",
          arguments: ["auto", "drift", "naive", "linear", "quadratic", "local", "holt", "damped", "ses-drift",
                      "theta", "theta-log"])
    func firstYear(family: String) throws {
        let fitted = try fitFamily(family, Self.slowing)
        let values = Self.slowing.values
        let last = values[values.count - 1]
        let largest = zip(values.suffix(5).dropFirst(), values.suffix(5)).map { abs($0 - $1) }.max()!
        let step = try fitted.forecast(horizon: 1).steps[0]
        #expect(abs(step.median - last) <= 1.15 * largest, "\(family): median \(step.median)")
        #expect(abs(step.mean - last) <= 1.15 * largest, "\(family): mean \(step.mean)")
        if family == "auto" { #expect(abs(step.median - last) <= largest) }
    }

    @Test("a log-linear forecast is the last value times the fitted growth")
    func logLinearAnchor() throws {
        let fitted = try LogLinearTrend().fit(Self.slowing)
        let slope = try #require(fitted.parameter("slope"))
        let median = try fitted.forecast(horizon: 2).steps.map(\.median)
        #expect(relativeDifference(median[0], 11000 * exp(slope)) < 1e-12)
        #expect(relativeDifference(median[1], 11000 * exp(2 * slope)) < 1e-12)
    }
}
