import Foundation
@testable import Forecasting
import SunanTestSupport
import Testing

/// The per-pool inflation (``InflationCheck``): a pool whose last years broke from their past widens
/// its intervals more than a pool whose last years continue it; pools that cannot check themselves
/// take the fallback. (The chosen value against the Python reference: CalibratedReferenceTests.)
@Suite("Inflation chosen by each pool", .tags(.specification))
struct InflationCheckTests {
    /// 20 series of 12 years growing 5 %/yr with log-normal noise (SD 0.04); with `breakGrowth`, the
    /// last three years grow by that rate instead.
    static func pool(breakGrowth: Double? = nil, seed: UInt64) throws -> [AutoPreparation] {
        var generator = SeededGenerator(seed: seed)
        let model = AutoModel(horizon: 6)
        return try (0..<20).map { _ in
            var level = Double.random(in: 50...500, using: &generator), values: [Double] = []
            for year in 0..<12 {
                let growth = year >= 9 ? breakGrowth ?? 0.05 : 0.05
                level *= exp(log(1 + growth) + 0.04 * normal(&generator))
                values.append(level)
            }
            return try model.prepare(try YearlySeries(startYear: 2006, values: values))
        }
    }

    private static func normal(_ generator: inout SeededGenerator) -> Double {
        let u = Double.random(in: Double.ulpOfOne..<1, using: &generator), v = Double.random(in: 0..<1, using: &generator)
        return (-2 * log(u)).squareRoot() * cos(2 * .pi * v)
    }

    @Test("a pool whose last three years broke upward takes the widest inflation; a steady pool a narrower one",
          arguments: [1 as UInt64, 2, 3])
    func breakWidens(seed: UInt64) throws {
        let steady = CalibrationPool(try Self.pool(seed: seed), poolsGrowth: true)
        let broken = CalibrationPool(try Self.pool(breakGrowth: 0.30, seed: seed), poolsGrowth: true)
        #expect(steady.inflationCheckPoints == 60 && broken.inflationCheckPoints == 60)
        #expect(broken.inflation == AutoModel.inflationGrid.last)
        #expect(steady.inflation < broken.inflation)
    }

    @Test("series shorter than six values, or too few of them, leave the pool at the fallback inflation")
    func fallback() throws {
        let model = AutoModel(horizon: 6)
        let short = try (0..<10).map { i in
            try model.prepare(try YearlySeries(startYear: 2013, values: (0..<5).map { 10 * pow(1.1, Double($0)) + Double(i) }))
        }
        let tooShort = CalibrationPool(short, poolsGrowth: true)
        #expect(tooShort.inflation == AutoModel.fallbackInflation && tooShort.inflationCheckPoints == 0)
        let few = CalibrationPool(Array(try Self.pool(seed: 5).prefix(4)), poolsGrowth: true)
        #expect(few.inflation == AutoModel.fallbackInflation && few.inflationCheckPoints == 0)
    }
}
