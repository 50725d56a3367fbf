import Foundation
@testable import Forecasting
import SunanTestSupport
import Testing

/// Models refuse data they cannot honestly fit, with the specific ``ForecastingError``.
@Suite("Refusals", .tags(.specification))
struct RefusalTests {
    /// True when `error` is `.notIdentified` for `model`.
    private func isNotIdentified(_ error: any Error, model: String) -> Bool {
        if case .notIdentified(let name, _) = error as? ForecastingError { return name == model }
        return false
    }

    @Test("an estimated ceiling is refused on exponential growth (no saturation in the data)",
          arguments: SaturationShape.allCases, [0.03, 0.1, 0.25])
    func exponentialHasNoCeiling(shape: SaturationShape, growth: Double) throws {
        let data = series((0..<20).map { 100 * pow(1 + growth, Double($0)) })
        let error = try #require(throws: ForecastingError.self) { try SaturationCurve(shape: shape).fit(data) }
        #expect(isNotIdentified(error, model: shape.rawValue), "\(error)")
        #expect(error.description.contains("no saturation"))
        // A given ceiling makes the same data fit.
        let given = try SaturationCurve(shape: shape, ceiling: .given(10 * data.values.max()!)).fit(data)
        #expect(given.parameter("ceiling") == 10 * data.values.max()!)
    }

    @Test("a given ceiling at or below the largest observation is refused", arguments: SaturationShape.allCases)
    func ceilingBelowData(shape: SaturationShape) {
        #expect(throws: ForecastingError.self) { try SaturationCurve(shape: shape, ceiling: .given(900)).fit(saturatingSeries) }
        #expect(throws: ForecastingError.self) { try SaturationCurve(shape: shape, ceiling: .given(.infinity)).fit(saturatingSeries) }
    }

    static let logScaleFamilies = ["loglinear", "theta-log", "logistic", "gompertz"]

    @Test("log-scale models refuse zero and negative values", arguments: logScaleFamilies, [0.0, -5.0])
    func logModelsNeedPositiveValues(family: String, bad: Double) throws {
        var values = saturatingSeries.values
        values[10] = bad
        let error = try #require(throws: ForecastingError.self) { try fitFamily(family, series(values)) }
        #expect(error == .notPositive(model: family), "\(error)")
    }

    static let gapFree = ["naive", "drift", "holt", "damped", "ses-drift", "theta", "theta-log"]
    static let gapTolerant = ["auto", "linear", "loglinear", "quadratic", "local", "logistic", "gompertz"]

    /// The saturating series without its 2005 and 2006 values.
    static let gappy: YearlySeries = {
        let keep = saturatingSeries.years.indices.filter { ![2005, 2006].contains(saturatingSeries.years[$0]) }
        return try! YearlySeries(years: keep.map { saturatingSeries.years[$0] }, values: keep.map { saturatingSeries.values[$0] })
    }()

    @Test("models that need consecutive years refuse a series with gaps", arguments: gapFree)
    func gapsRefused(family: String) throws {
        #expect(Self.gappy.hasGaps)
        let error = try #require(throws: ForecastingError.self) { try fitFamily(family, Self.gappy) }
        #expect(error == .hasGaps(model: family))
    }

    @Test("regression models and auto fit a series with gaps", arguments: gapTolerant)
    func gapsAccepted(family: String) throws {
        let model = try fitFamily(family, Self.gappy)
        #expect(model.observationCount == (family == "auto" ? 24 : 22))
        #expect(try model.forecast(horizon: 3).steps.map(\.year) == [2024, 2025, 2026])
    }

    /// The fewest observations each family needs (its parameters plus at least one degree of freedom).
    static let minimumLengths: [(String, Int)] = [
        ("naive", 2), ("drift", 3), ("linear", 3), ("loglinear", 3), ("quadratic", 4), ("local", 3),
        ("holt", 4), ("damped", 5), ("ses-drift", 4), ("theta", 4), ("theta-log", 4), ("logistic", 4), ("gompertz", 4),
    ]

    @Test("one observation fewer than a family needs gives tooShort; the minimum length does not",
          arguments: minimumLengths)
    func tooShort(family: String, needed: Int) throws {
        let short = saturatingSeries.prefix(needed - 1)
        let error = try #require(throws: ForecastingError.self) { try fitFamily(family, short) }
        #expect(error == .tooShort(model: family, needed: needed, got: needed - 1))
        // At its minimum length every family fits: any error other than the one named here fails the test.
        let minimal = saturatingSeries.prefix(needed)
        if let shape = SaturationShape(rawValue: family) {
            // The first four points of the curve show no saturation yet, so an estimated ceiling is refused
            // as not identified (a property of these data, not of their length); a given ceiling fits them.
            let error = try #require(throws: ForecastingError.self) { try fitFamily(family, minimal) }
            #expect(isNotIdentified(error, model: family), "\(error)")
            let given = try SaturationCurve(shape: shape, ceiling: .given(2000)).fit(minimal)
            #expect(given.observationCount == needed)
        } else {
            let fitted = try fitFamily(family, minimal)
            #expect(fitted.observationCount == needed)
        }
    }

    @Test("an empty series is too short even for auto")
    func emptySeries() throws {
        let empty = try YearlySeries(years: [], values: [])
        let error = try #require(throws: ForecastingError.self) { try AutoModel(horizon: 3).fit(empty) }
        #expect(error == .tooShort(model: "auto", needed: 1, got: 0))
    }

    @Test("malformed series are refused when built")
    func invalidSeries() {
        #expect(throws: ForecastingError.self) { try YearlySeries(years: [2000, 2001], values: [1]) }
        #expect(throws: ForecastingError.self) { try YearlySeries(years: [2001, 2001], values: [1, 2]) }
        #expect(throws: ForecastingError.self) { try YearlySeries(years: [2000, 2001], values: [1, .nan]) }
    }

    @Test("settings out of range are refused")
    func invalidSettings() throws {
        #expect(throws: ForecastingError.self) { try LocalLinearTrend(decay: .fixed(0)).fit(saturatingSeries) }
        #expect(throws: ForecastingError.self) { try LocalLinearTrend(decay: .fixed(1.5)).fit(saturatingSeries) }
        #expect(throws: ForecastingError.self) { try ThetaMethod(theta: 0.5).fit(saturatingSeries) }
        let error = try #require(throws: ForecastingError.self) { try ModelCatalog.model(named: "arima", horizon: 3) }
        #expect(error.description.contains("unknown model 'arima'"))
    }
}
