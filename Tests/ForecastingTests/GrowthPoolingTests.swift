import Foundation
@testable import Forecasting
import Testing

/// Growth pooling in a panel by empirical Bayes weights (round P1 of PROTOCOL.md): a series keeps its
/// own growth as far as it is precise against the spread of growth between the pool's series.
@Suite("Growth pooling by empirical Bayes weights", .tags(.specification))
struct GrowthPoolingTests {
    @Test("τ²: the variance of mean growth between series less their mean noise, floored at 0")
    func spread() {
        // Mean log growths log(2)/2 and log(8)/2 (exact ratios), no noise: τ² is their sample variance.
        let series: [(values: ArraySlice<Double>, volatility: Double)] = [([1, 1.5, 2][...], 0), ([1, 3, 8][...], 0)]
        let g = [log(2.0) / 2, log(8.0) / 2], mean = (g[0] + g[1]) / 2
        let expected = (g[0] - mean) * (g[0] - mean) + (g[1] - mean) * (g[1] - mean)
        #expect(abs(CalibrationPool.growthSpread(series) - expected) < 1e-15)
        // Noise larger than the spread: 0. Too few series or values: 0.
        #expect(CalibrationPool.growthSpread([([1, 1.5, 2][...], 1), ([1, 3, 8][...], 1)]) == 0)
        #expect(CalibrationPool.growthSpread([([1, 1.5, 2][...], 0)]) == 0)
        #expect(CalibrationPool.growthSpread([([1, 2][...], 0), ([1, 3][...], 0)]) == 0)
    }

    @Test("the weight of a series' own growth: 1 for a noiseless series, near 0 for a noisy one, 1 when nothing differs",
          arguments: [0.0004, 0.01])
    func weights(spread: Double) {
        #expect(CalibrationPool.ownGrowthWeight(volatility: 0, changes: 9, spread: spread) == 1)
        let noisy = CalibrationPool.ownGrowthWeight(volatility: 1, changes: 9, spread: spread)
        #expect(abs(noisy - spread / (spread + 1.0 / 9)) < 1e-15 && noisy < 0.1)
        #expect(CalibrationPool.ownGrowthWeight(volatility: 0.05, changes: 9, spread: 0) == 0)
        #expect(CalibrationPool.ownGrowthWeight(volatility: 0, changes: 9, spread: 0) == 1)
    }

    @Test("in a pool, a smooth series keeps its own growth and a noisy one moves toward the pool's median")
    func smoothKeepsItsGrowth() throws {
        let model = AutoModel(horizon: 3)
        // Twenty regions growing 2 … 21 %/yr exactly, and one noisy region: the spread is real.
        var histories = try (0..<20).map { i in
            try YearlySeries(startYear: 2010, values: (0..<8).map { 100 * pow(1.02 + 0.01 * Double(i), Double($0)) })
        }
        histories.append(try YearlySeries(startYear: 2010, values: [100, 140, 95, 150, 110, 170, 120, 190]))
        let preparations = try histories.map { try model.prepare($0) }
        let pool = CalibrationPool(preparations, poolsGrowth: true)
        #expect(pool.growthSpread > 0)
        let fastest = try model.finish(preparations[19], pool: pool).forecast(horizon: 1).steps[0].median
        let alone = preparations[19].points[0]
        #expect(abs(fastest / alone - 1) < 1e-9, "a noiseless series keeps its own growth")
        let noisy = preparations[20]
        let weight = pool.ownGrowthWeight(volatility: noisy.volatility, changes: 7)
        #expect(weight < 0.5)
    }
}
