import Foundation
@testable import Forecasting
import SunanTestSupport
import Testing

/// Random awkward series (seeded): every family either fits or refuses with a ``ForecastingError``
/// (never crashes), and whatever fits forecasts finite means inside ordered intervals.
@Suite("Robustness on random awkward series", .tags(.invariant))
struct RobustnessTests {
    /// A random series of 1…30 values mixing trends, level shifts, zeros, negative values, repeats and
    /// huge or tiny scales.
    static func awkwardSeries(_ rng: inout SeededGenerator) -> YearlySeries {
        let count = Int.random(in: 1...30, using: &rng)
        let scale = pow(10, Double.random(in: -6...9, using: &rng))
        let slope = Double.random(in: -0.2...0.2, using: &rng)
        let kind = Int.random(in: 0..<5, using: &rng)
        var values: [Double] = []
        for t in 0..<count {
            var value = scale * (1 + slope * Double(t) + 0.1 * rng.normal())
            switch kind {
            case 1: if t % 4 == 0 { value = 0 }
            case 2: value -= scale * 0.8
            case 3: if t > 0 && Bool.random(using: &rng) { value = values[t - 1] }
            case 4: if t > count / 2 { value *= 5 }
            default: break
            }
            values.append(value)
        }
        return series(values)
    }

    @Test("every family fits or refuses cleanly; fitted forecasts are finite and ordered", arguments: ModelCatalog.names)
    func randomSeries(family: String) throws {
        var rng = SeededGenerator(seed: 99)
        var fitted = 0
        for _ in 0..<60 {
            let data = Self.awkwardSeries(&rng)
            let model: FittedModel
            do {
                model = try fitFamily(family, data, horizon: 4)
            } catch is ForecastingError {
                continue
            }
            fitted += 1
            for step in try model.forecast(horizon: 4).steps {
                let i80 = step.interval(level: 0.8), i95 = step.interval(level: 0.95)
                let finite = [step.mean, i80.lowerBound, i80.upperBound, i95.lowerBound, i95.upperBound].allSatisfy { $0.isFinite }
                #expect(finite, "\(family) on \(data.values): \(step)")
                #expect(i95.lowerBound <= i80.lowerBound && i80.upperBound <= i95.upperBound, "\(family) on \(data.values)")
            }
        }
        // auto never refuses a non-empty series.
        if family == "auto" { #expect(fitted == 60) }
        #expect(fitted > 0)
    }
}
