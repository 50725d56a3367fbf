import Foundation
@testable import Forecasting
import SunanTestSupport
import Testing

/// The documented behaviour of `auto` on short, constant, gappy and one-point series.
@Suite("auto: defined behaviour on awkward series", .tags(.specification))
struct DefinedBehaviourTests {
    private func auto(_ data: YearlySeries, horizon: Int = 5) throws -> (FittedModel, [ForecastStep]) {
        let model = try AutoModel(selectionHorizon: horizon).fit(data)
        return (model, try model.forecast(horizon: horizon).steps)
    }

    /// Fewer than 5 points: random walk with drift, `f_k = y_{n−1} + k·d`, interval
    /// `f_k ± q·s·√(k(1 + k/(n−1)))` with s the standard deviation of the yearly changes and q the
    /// t(4) quantile (closed form, independent of LinearAlgebra). Tolerance 1e-12 relative.
    @Test("fewer than 5 points: random walk with drift and its note", arguments: [2, 3, 4])
    func shortSeries(count: Int) throws {
        let values = Array([12.0, 15.0, 14.0, 19.0].prefix(count))
        let (model, steps) = try auto(series(values))
        let selection = try #require(model.selection)
        #expect(selection.members == ["drift"])
        #expect(selection.combination == .single)
        #expect(selection.note == "short series: random walk with drift")
        #expect(selection.label == "auto: drift")
        let n = Double(count), last = values[count - 1]
        let drift = (last - values[0]) / (n - 1)
        let changes = zip(values.dropFirst(), values).map { $0 - $1 }
        let meanChange = changes.reduce(0, +) / Double(changes.count)
        let s = changes.count == 1 ? abs(changes[0])
            : (changes.map { ($0 - meanChange) * ($0 - meanChange) }.reduce(0, +) / Double(changes.count - 1)).squareRoot()
        for step in steps {
            let k = Double(step.horizon)
            #expect(relativeDifference(step.mean, last + k * drift) < 1e-12)
            let half = studentT4Quantile(0.975) * s * (k * (1 + k / (n - 1))).squareRoot()
            let interval = step.interval(level: 0.95)
            #expect(relativeDifference(interval.lowerBound, last + k * drift - half) < 1e-12)
            #expect(relativeDifference(interval.upperBound, last + k * drift + half) < 1e-12)
        }
    }

    @Test("5 or 6 points: no cross-validation origin, the per-step median of every member", arguments: [5, 6])
    func tooShortToCrossValidate(count: Int) throws {
        let values = Array([12.0, 15.0, 14.0, 19.0, 21.0, 20.0].prefix(count))
        let (model, steps) = try auto(series(values), horizon: 4)
        let selection = try #require(model.selection)
        #expect(selection.members == AutoMember.allCases.map(\.rawValue))
        #expect(selection.note == "too short to cross-validate: median of all members")
        #expect(selection.scores.isEmpty)
        let paths = AutoMember.allCases.map { $0.forecast(values, horizon: 4) }
        for (k, step) in steps.enumerated() {
            let sorted = paths.map { $0[k] }.sorted()
            #expect(step.mean == (sorted[3] + sorted[4]) / 2)
        }
    }

    @Test("a constant series: flat forecast and zero-width intervals", arguments: [2, 7, 25])
    func constantSeries(count: Int) throws {
        let (model, steps) = try auto(series([Double](repeating: 42.5, count: count)))
        #expect(model.selection?.note == "constant series")
        #expect(model.selection?.members == ["naive"])
        for step in steps {
            #expect(step.mean == 42.5)
            #expect(step.interval(level: 0.8) == 42.5...42.5)
            #expect(step.interval(level: 0.95) == 42.5...42.5)
        }
    }

    @Test("a one-point series: the value itself, zero width; every other family refuses it", arguments: ModelCatalog.names)
    func onePoint(family: String) throws {
        let one = try YearlySeries(years: [2019], values: [7.25])
        if family == "auto" {
            let (model, steps) = try auto(one, horizon: 3)
            #expect(model.selection?.note == "single value")
            #expect(steps.map(\.year) == [2020, 2021, 2022])
            #expect(steps.allSatisfy { $0.mean == 7.25 && $0.interval(level: 0.95) == 7.25...7.25 })
        } else {
            let error = try #require(throws: ForecastingError.self) { try fitFamily(family, one) }
            guard case .tooShort(_, _, let got) = error else {
                Issue.record("\(family): \(error)")
                return
            }
            #expect(got == 1)
        }
    }

    /// Interior gaps are filled by linear interpolation in the year, so auto on the gappy series equals
    /// auto on the series with the interpolated values written in (bitwise), plus the note.
    @Test("interior gaps are interpolated and noted", .tags(.invariant))
    func gaps() throws {
        let years = [2000, 2001, 2002, 2005, 2006, 2007, 2008, 2010, 2011, 2012, 2013, 2014, 2015]
        let values = [10.0, 11.0, 13.0, 16.0, 18.0, 17.0, 20.0, 24.0, 23.0, 26.0, 27.0, 29.0, 30.0]
        let (model, steps) = try auto(try YearlySeries(years: years, values: values), horizon: 4)
        #expect(model.selection?.note.hasPrefix("gaps interpolated") == true)
        #expect(model.observationCount == 16)
        let filled = [10.0, 11.0, 13.0, 14.0, 15.0, 16.0, 18.0, 17.0, 20.0, 22.0, 24.0, 23.0, 26.0, 27.0, 29.0, 30.0]
        let (reference, referenceSteps) = try auto(series(filled), horizon: 4)
        #expect(model.selection?.members == reference.selection?.members)
        #expect(bits(steps.map(\.mean)) == bits(referenceSteps.map(\.mean)))
        #expect(steps.map(\.year) == [2016, 2017, 2018, 2019])
        #expect(reference.selection?.note == "")
    }

    @Test("a long ordinary series is cross-validated: five members, a score for all eight, no note")
    func ordinarySeries() throws {
        let (model, _) = try auto(saturatingSeries)
        let selection = try #require(model.selection)
        #expect(selection.members.count == 5)
        #expect(selection.combination == .median)
        #expect(selection.scores.map(\.name) == AutoMember.allCases.map(\.rawValue))
        #expect(selection.note.isEmpty)
        #expect(selection.weights == [Double](repeating: 0.2, count: 5))
        let chosen = selection.scores.filter { selection.members.contains($0.name) }.map(\.score)
        let rest = selection.scores.filter { !selection.members.contains($0.name) }.map(\.score)
        #expect(chosen.max()! <= rest.min()!)
    }
}
