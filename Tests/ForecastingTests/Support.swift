import Foundation
@testable import Forecasting
import SunanTestSupport
import Testing

/// The bit patterns of a list of doubles, so NaN compares equal to itself in "bitwise identical" checks.
func bits(_ values: [Double]) -> [UInt64] { values.map(\.bitPattern) }

/// A gap-free series starting in 2000 (the values are assumed finite).
func series(_ values: [Double], startYear: Int = 2000) -> YearlySeries {
    try! YearlySeries(startYear: startYear, values: values)
}

/// Fits the catalog family `name` configured for `horizon`.
func fitFamily(_ name: String, _ data: YearlySeries, horizon: Int = 6) throws -> FittedModel {
    try ModelCatalog.model(named: name, horizon: horizon).fit(data)
}

/// A clearly saturating, positive, noisy logistic series (ceiling 1000, inflection inside the
/// data, last value about 94 % of the ceiling) on which every catalog family fits.
let saturatingSeries: YearlySeries = {
    var rng = SeededGenerator(seed: 2024)
    let values = (0..<24).map { t -> Double in
        let z = -3 + 0.28 * Double(t) + 0.03 * rng.normal()
        return 1000 / (1 + exp(-z))
    }
    return series(values)
}()

/// The statsmodels reference values and the Python prototype's regression values made by
/// scripts/forecast-reference/make_reference.py (which says which is which).
struct ForecastReference: Decodable {
    struct OLS: Decodable {
        let y: [Double]
        let coef: [Double]
        let se: [Double]
        let sigma2: Double
        let df_resid: Double
        let mean: [Double]
        let pi80_lower: [Double]
        let pi80_upper: [Double]
        let pi95_lower: [Double]
        let pi95_upper: [Double]
    }
    struct Theta: Decodable {
        let y: [Double]
        let params: [String: Double]
        let forecast_h1_6: [Double]
        let formula: String
    }
    struct HoltFixed: Decodable {
        let y: [Double]
        let alpha: Double
        let frac: Double
        let phi: Double
        let forecast_h1_6: [Double]
        let sse: Double
    }
    struct Auto: Decodable {
        let mean: [Double]
        let members: [String]
        let scores: [String: Double]
        let lo80: [Double]
        let hi80: [Double]
        let lo95: [Double]
        let hi95: [Double]
    }
    /// One series' prototype values: every member's point forecast (by prototype name) and auto's result.
    struct Prototype: Decodable {
        let members: [String: [Double]]
        let auto: Auto

        private struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            var members: [String: [Double]] = [:]
            for key in container.allKeys where key.stringValue != "auto" {
                members[key.stringValue] = try container.decode([Double].self, forKey: key)
            }
            self.members = members
            auto = try container.decode(Auto.self, forKey: Key(stringValue: "auto"))
        }
    }

    let ols_linear_trend: OLS
    let theta: Theta
    let holt_damped_fixed: HoltFixed
    let sunan_python_prototype: [String: Prototype]
    let tolerances: [String: String]

    /// The fixture, decoded once; throws (naming the file) when it is missing or unreadable.
    static var shared: ForecastReference { get throws { try loaded.get() } }

    private static let loaded = Result {
        try Fixture.decode(ForecastReference.self, at: Fixture.url("forecast-reference.json", in: Bundle.module))
    }

    /// The series a prototype entry was computed on (`y_ols`, `y_theta`, `y_holt`).
    func prototypeSeries(_ name: String) -> [Double] {
        switch name {
        case "y_ols": return ols_linear_trend.y
        case "y_theta": return theta.y
        default: return holt_damped_fixed.y
        }
    }
}

/// The prototype's member names and the Swift pool members they correspond to.
let prototypeMemberNames: [(prototype: String, member: AutoMember)] = [
    ("naive", .naive), ("rwd", .drift), ("sesd_ols", .sesDrift), ("sesd_fix", .sesDriftFixed),
    ("holt", .holt), ("ewls", .local), ("theta5_log", .thetaLog), ("quad", .quadratic),
]

/// The Student-t quantile on 4 degrees of freedom in closed form (the prototype's formula, independent
/// of LinearAlgebra's implementation): for p > 1/2, a = 4p(1−p), Q = cos(acos(√a)/3)/√a, q = 2√(Q − 1).
func studentT4Quantile(_ p: Double) -> Double {
    let a = 4 * p * (1 - p)
    let q = cos(acos(a.squareRoot()) / 3) / a.squareRoot()
    let upper = 2 * (q - 1).squareRoot()
    return p >= 0.5 ? upper : -upper
}
