import Foundation
@testable import Forecasting
import SunanTestSupport
import Testing

/// The documented behaviour of `auto` on short, constant, gappy and one-point series.
@Suite("auto: defined behaviour on awkward series", .tags(.specification))
struct DefinedBehaviourTests {
    private func auto(_ data: YearlySeries, horizon: Int = 5) throws -> (FittedModel, [ForecastStep]) {
        let model = try AutoModel(horizon: horizon).fit(data)
        return (model, try model.forecast(horizon: horizon).steps)
    }

    /// Two points: random walk with drift; a series alone is calibrated with the Student-t(4) law and
    /// its volatility shrunk toward 0.1 (the default when the pool has fewer than five series), so
    /// the step-k interval is `f_k · exp(±q · s · √(k (1 + k/(n − 1))))` on the log scale, q the t(4)
    /// quantile and `s = √(2 · 0.1² / (m + 2))` with m = 1 change. The law holds t(4) as 200 knots
    /// with linear interpolation: 1e-3 relative against the closed form.
    @Test("two points: random walk with drift, Student-t(4) spread from the default volatility")
    func twoPoints() throws {
        let (model, steps) = try auto(series([12, 15]))
        let selection = try #require(model.selection)
        #expect(selection.members == ["drift"])
        #expect(selection.combination == .single)
        #expect(selection.note == "short series: random walk with drift")
        #expect(selection.label == "auto: drift")
        let s = (2 * 0.1 * 0.1 / 3).squareRoot()
        for step in steps {
            let k = Double(step.horizon)
            let point = 15 + 3 * k
            #expect(relativeDifference(step.median, point) < 1e-12)
            let half = studentT4Quantile(0.975) * s * (k * (1 + k)).squareRoot()
            let interval = step.interval(level: 0.95)
            #expect(relativeDifference(interval.lowerBound, point * exp(-half)) < 1e-3)
            #expect(relativeDifference(interval.upperBound, point * exp(half)) < 1e-3)
        }
    }

    @Test("three or more points: the per-step median of every usable member", arguments: [3, 4, 5, 6])
    func memberMedian(count: Int) throws {
        let values = Array([12.0, 15.0, 14.0, 19.0, 21.0, 20.0].prefix(count))
        let (model, steps) = try auto(series(values), horizon: 4)
        let selection = try #require(model.selection)
        let usable = AutoMember.allCases.filter { count >= $0.minimumLength }
        #expect(selection.members == usable.map(\.rawValue))
        #expect(selection.combination == .median)
        #expect(selection.scores.isEmpty)
        #expect(selection.note == (count < 5 ? "short series" : ""))
        let paths = usable.map { $0.forecast(values, horizon: 4) }
        for (k, step) in steps.enumerated() {
            let sorted = paths.map { $0[k] }.sorted()
            let middle = sorted.count / 2
            let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
            #expect(relativeDifference(step.median, median) < 1e-12)
        }
    }

    @Test("a constant series: flat median, intervals wider than zero", arguments: [2, 7, 25])
    func constantSeries(count: Int) throws {
        let (model, steps) = try auto(series([Double](repeating: 42.5, count: count)))
        #expect(model.selection?.note == "constant series")
        #expect(model.selection?.members == ["naive"])
        var previousWidth = 0.0
        for step in steps {
            #expect(step.median == 42.5)
            let interval = step.interval(level: 0.95)
            #expect(interval.lowerBound < 42.5 && interval.upperBound > 42.5)
            let width = interval.upperBound - interval.lowerBound
            #expect(width > previousWidth)
            previousWidth = width
            #expect(step.interval(level: 0.8).upperBound > 42.5)
        }
    }

    @Test("an exactly linear series: intervals wider than zero")
    func exactlyLinear() throws {
        let (_, steps) = try auto(series((0..<8).map { 100 + 5 * Double($0) }))
        for step in steps {
            let interval = step.interval(level: 0.8)
            #expect(interval.upperBound - interval.lowerBound > 0.01 * step.median)
        }
    }

    @Test("a one-point series: the value itself, widened intervals; every other family refuses it", arguments: ModelCatalog.names)
    func onePoint(family: String) throws {
        let one = try YearlySeries(years: [2019], values: [7.25])
        if family == "auto" {
            let (model, steps) = try auto(one, horizon: 3)
            #expect(model.selection?.note == "single value")
            #expect(steps.map(\.year) == [2020, 2021, 2022])
            #expect(steps.allSatisfy { $0.median == 7.25 && $0.interval(level: 0.95).lowerBound < 7.25 })
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
        #expect(bits(steps.map(\.median)) == bits(referenceSteps.map(\.median)))
        #expect(steps.map(\.year) == [2016, 2017, 2018, 2019])
        #expect(reference.selection?.note == "")
    }

    @Test("a long ordinary series: all eight members, no note, the median is the point forecast")
    func ordinarySeries() throws {
        let (model, steps) = try auto(saturatingSeries)
        let selection = try #require(model.selection)
        #expect(selection.members == AutoMember.allCases.map(\.rawValue))
        #expect(selection.combination == .median)
        #expect(selection.note.isEmpty)
        #expect(steps.allSatisfy { $0.interval(level: 0.5).contains($0.median) })
    }
}
