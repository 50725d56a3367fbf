import Foundation
@testable import Forecasting
import SunanTestSupport
import Testing

/// Properties every family must have, checked exactly (bitwise), with no tolerance.
@Suite("Forecast invariants for every family", .tags(.invariant))
struct InvariantTests {
    /// Series every catalog family can fit: a saturating one (so the estimated ceilings are identified)
    /// and the same series with its first half dropped (near the ceiling, short).
    static let inputs: [YearlySeries] = [saturatingSeries, saturatingSeries.prefix(24).suffixSeries(from: 8)]

    /// The lower and upper bounds of the 80 % and 95 % intervals, as bit patterns.
    private func intervalBits(_ step: ForecastStep) -> [UInt64] {
        let i80 = step.interval(level: 0.8), i95 = step.interval(level: 0.95)
        return bits([i80.lowerBound, i80.upperBound, i95.lowerBound, i95.upperBound])
    }

    @Test("forecast(horizon: 1) equals the first step of forecast(horizon: 6), means and 80/95 intervals exactly",
          arguments: ModelCatalog.names)
    func firstStepDoesNotDependOnHorizon(family: String) throws {
        for data in Self.inputs {
            let model = try fitFamily(family, data, horizon: 6)
            let one = try model.forecast(horizon: 1).steps
            let six = try model.forecast(horizon: 6).steps
            #expect(one.count == 1 && six.count == 6)
            #expect(one[0].year == six[0].year && one[0].year == data.lastYear! + 1)
            #expect(one[0].mean.bitPattern == six[0].mean.bitPattern, "\(family): \(one[0].mean) vs \(six[0].mean)")
            #expect(intervalBits(one[0]) == intervalBits(six[0]), "\(family)")
            // Longer paths extend shorter ones: the first six steps of a 10-year forecast are the 6-year forecast.
            let ten = try model.forecast(horizon: 10).steps
            #expect(Array(ten.prefix(6)) == six, "\(family)")
        }
    }

    @Test("refitting the same data gives a bitwise identical model and forecast", arguments: ModelCatalog.names)
    func refitIsIdentical(family: String) throws {
        for data in Self.inputs {
            let first = try fitFamily(family, data), second = try fitFamily(family, data)
            #expect(first.family == second.family)
            #expect(first.parameters.map(\.name) == second.parameters.map(\.name))
            #expect(bits(first.parameters.map(\.estimate)) == bits(second.parameters.map(\.estimate)), "\(family)")
            #expect(bits(first.parameters.map(\.standardError)) == bits(second.parameters.map(\.standardError)), "\(family)")
            #expect(bits(first.fittedValues) == bits(second.fittedValues), "\(family)")
            #expect(first.residualStandardDeviation.bitPattern == second.residualStandardDeviation.bitPattern)
            #expect(first.residualDegreesOfFreedom == second.residualDegreesOfFreedom)
            #expect(first.selection == second.selection)
            let a = try first.forecast(horizon: 6).steps, b = try second.forecast(horizon: 6).steps
            #expect(bits(a.map(\.mean)) == bits(b.map(\.mean)), "\(family)")
            #expect(a.map(intervalBits) == b.map(intervalBits), "\(family)")
        }
    }

    @Test("fitting in a parallel batch gives the same models as fitting one by one", arguments: ["auto", "local", "logistic"])
    func batchEqualsSerial(family: String) throws {
        let specification = try ModelCatalog.model(named: family, horizon: 4)
        let inputs = Array(repeating: Self.inputs, count: 4).flatMap { $0 }
        let outcomes = BatchForecasting.fit(specification, to: inputs, threads: 2)
        #expect(outcomes.map(\.index) == Array(inputs.indices))
        for (outcome, data) in zip(outcomes, inputs) {
            let batch = try outcome.result.get().forecast(horizon: 4).steps
            let alone = try specification.fit(data).forecast(horizon: 4).steps
            #expect(bits(batch.map(\.mean)) == bits(alone.map(\.mean)))
            #expect(batch.map(intervalBits) == alone.map(intervalBits))
        }
    }

    @Test("a horizon below 1 is refused", .tags(.specification), arguments: [0, -3])
    func horizonBelowOne(horizon: Int) throws {
        let model = try LinearTrend().fit(saturatingSeries)
        #expect(throws: ForecastingError.self) { try model.forecast(horizon: horizon) }
    }
}

extension YearlySeries {
    /// The observations from index `start` on.
    func suffixSeries(from start: Int) -> YearlySeries {
        try! YearlySeries(years: Array(years[start...]), values: Array(values[start...]))
    }
}
