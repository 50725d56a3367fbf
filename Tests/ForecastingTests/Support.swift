import Foundation
@testable import Forecasting
import Testing

/// A small seeded generator (SplitMix64) so randomized tests repeat exactly on every machine.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    /// A generator whose whole output is fixed by `seed`.
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A standard normal draw (Box–Muller on two uniforms in (0, 1]).
    mutating func normal() -> Double {
        let u1 = 1 - Double.random(in: 0..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// `count` independent normal draws with standard deviation `sigma`.
    mutating func noise(_ count: Int, sigma: Double) -> [Double] {
        (0..<count).map { _ in sigma * normal() }
    }
}

/// Relative difference |a − b| / max(|b|, tiny); 0 when both are equal (including both infinite).
func relativeDifference(_ a: Double, _ b: Double) -> Double {
    a == b ? 0 : abs(a - b) / max(abs(b), 1e-300)
}

/// Largest relative difference between two arrays of equal length (infinity when lengths differ).
func worstRelativeDifference(_ a: [Double], _ b: [Double]) -> Double {
    guard a.count == b.count else { return .infinity }
    return zip(a, b).map { relativeDifference($0, $1) }.max() ?? 0
}

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

/// The statsmodels and prototype reference values made by scripts/forecast-reference/make_reference.py.
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

    /// The fixture, decoded once.
    static let shared: ForecastReference = {
        let url = Bundle.module.url(forResource: "forecast-reference", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(ForecastReference.self, from: Data(contentsOf: url))
    }()

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
