import Foundation
@testable import Forecasting
import SunanTestSupport
import Testing

/// The reference values of Fixtures/calibrated-reference.json, made by
/// scripts/forecast-reference/make_calibrated_reference.py from calibrated.py (an independent Python
/// implementation of the documented rules) and properscoring.
struct CalibratedReference: Decodable {
    struct Law: Decodable {
        let errors: [Double]
        let seriesCount: Int
        let knots: [Double]
        let tailScale: Double
        let quantiles: [String: Double]
        let cdf: [String: Double]
    }
    struct Step: Decodable {
        let median, mean, lo80, hi80, lo95, hi95, probe: Double
        let cdf_probe: Double
        let actual: Double?
        let crps: Double?
    }
    struct AutoCase: Decodable {
        let horizon: Int
        let poolsGrowth: Bool
        let support: String
        let series: [String: [Double]]
        let typicalVolatility: Double
        let errorCount: Int
        let lawErrorCount: Int
        let inflation: Double
        let inflationCheckPoints: Int
        let growthSpread: Double
        let knots: [Double]
        let forecasts: [String: [Step]]
    }
    struct Anchored: Decodable {
        let values: [Double]
        /// (location, scale, degrees of freedom) on the working scale, steps 1 … 4.
        let linear: [[Double]], loglinear: [[Double]], quadratic: [[Double]]
    }
    struct NormalCRPS: Decodable {
        struct Case: Decodable { let y, exact, quantileAveraged: Double }
        let location, scale: Double
        let cases: [Case]
    }
    struct StudentT4: Decodable { let quantiles: [String: Double] }
    /// Hand-built steps and their exact means (every support, both error scales, bounds reached or not).
    struct Steps: Decodable {
        struct Case: Decodable {
            let law: String, point, spread: Double, multiplicative: Bool, support: String, lastValue, mean: Double
        }
        /// The errors of the degenerate law "flat" (all equal).
        let flatErrors: [Double]
        let cases: [Case]
    }

    let law: Law
    let studentT4: StudentT4
    let panel: AutoCase
    let competition: AutoCase
    let counts: AutoCase
    let anchored: Anchored
    let normalCRPS: NormalCRPS
    let steps: Steps

    static let shared: CalibratedReference = {
        let url = Bundle.module.url(forResource: "calibrated-reference", withExtension: "json", subdirectory: "Fixtures")!
        return try! JSONDecoder().decode(CalibratedReference.self, from: Data(contentsOf: url))
    }()
}

/// Agreement of the pooled law, calibrated `auto`, anchored trends and the CRPS with the Python reference.
/// Tolerance 1e-9 relative (the same arithmetic in another language), unless stated.
@Suite("Reference values: calibrated auto, pooled law, anchored trends, CRPS", .tags(.reference))
struct CalibratedReferenceTests {
    static let reference = CalibratedReference.shared

    @Test("the pooled law: knots, tail, quantiles and distribution function")
    func pooledLaw() {
        let expected = Self.reference.law
        let law = PooledErrorLaw(errors: expected.errors, seriesCount: expected.seriesCount, inflation: AutoModel.fallbackInflation)
        #expect(worstRelativeDifference(law.knots, expected.knots) < 1e-12)
        #expect(relativeDifference(law.tailScale, expected.tailScale) < 1e-12)
        for (p, value) in expected.quantiles {
            #expect(relativeDifference(law.quantile(Double(p)!), value) < 1e-12, "quantile \(p)")
        }
        for (v, value) in expected.cdf {
            #expect(abs(law.cdf(Double(v)!) - value) < 1e-12, "cdf \(v)")
        }
    }

    /// Between 2.5 and 97.5 % the knots' linear interpolation is within 0.2 % of the closed form; in
    /// the outer 1 % the law's exponential tail is lighter than t(4)'s polynomial one (3 % at 0.1 %).
    @Test("the fallback law: the reference (1e-12); Student t(4) within 0.2 % in the body, 3 % in the far tail")
    func studentT4Law() {
        for (p, value) in Self.reference.studentT4.quantiles {
            let probability = Double(p)!
            #expect(relativeDifference(PooledErrorLaw.studentT4.quantile(probability), value) < 1e-12, "\(p)")
            let tolerance = (0.025...0.975).contains(probability) ? 2e-3 : 3e-2
            #expect(relativeDifference(value, studentT4Quantile(probability)) < tolerance, "\(p)")
        }
    }

    @Test("few errors or few series give the Student-t(4) law")
    func tooFewErrors() {
        #expect(PooledErrorLaw(errors: Array(repeating: 0.3, count: 29), seriesCount: 10, inflation: 1) == .studentT4)
        #expect(PooledErrorLaw(errors: Array(repeating: 0.3, count: 300), seriesCount: 4, inflation: 1) == .studentT4)
    }

    @Test("a step's closed-form mean equals the quadrature of its distribution function (1e-9), for every form of step")
    func stepMeans() throws {
        let reference = Self.reference
        let laws = ["law": PooledErrorLaw(errors: reference.law.errors, seriesCount: reference.law.seriesCount, inflation: AutoModel.fallbackInflation),
                    "studentT4": PooledErrorLaw.studentT4,
                    "flat": PooledErrorLaw(errors: reference.steps.flatErrors, seriesCount: 6, inflation: AutoModel.fallbackInflation)]
        #expect(laws["flat"]!.tailScale < 1e-8)
        for expected in reference.steps.cases {
            let step = CalibratedStep(point: expected.point, spread: expected.spread, multiplicative: expected.multiplicative,
                                      support: try #require(SeriesSupport(rawValue: expected.support)), law: try #require(laws[expected.law]),
                                      lastValue: expected.lastValue)
            #expect(relativeDifference(step.mean, expected.mean) < 1e-9, "\(expected)")
        }
    }

    @Test("the pooled magnitudes come out in the order sorted() gives, zeros, subnormals, ties and non-finite errors included")
    func sortedMagnitudesMatchTheStandardSort() {
        var generator = SeededGenerator(seed: 7)
        for count in [0, 1, 2, 31, 1_000, 20_000] {
            var errors = (0..<count).map { index -> Double in
                switch index % 7 {
                case 0: return Double(bitPattern: generator.next())   // any double, NaN and infinities included
                case 1: return 0
                case 2: return -0.0
                case 3: return Double.leastNonzeroMagnitude * Double(Int.random(in: -5...5, using: &generator))
                case 4: return Double(Int.random(in: -3...3, using: &generator)) / 4
                default: return generator.normal()
                }
            }
            errors += count > 100 ? [.nan, .infinity, -.infinity] : []
            let expected = errors.map { abs($0) }.filter(\.isFinite).sorted()
            #expect(PooledErrorLaw.sortedMagnitudes(errors).map(\.bitPattern) == expected.map(\.bitPattern), "\(count) errors")
        }
    }

    static let cases: [String] = ["panel", "competition", "counts"]

    private func autoCase(_ name: String) -> CalibratedReference.AutoCase {
        switch name {
        case "panel": return Self.reference.panel
        case "competition": return Self.reference.competition
        default: return Self.reference.counts
        }
    }

    @Test("auto against a pool: the pool's volatility and size, every step's median, mean, 80/95 % bounds, CDF and CRPS",
          arguments: cases)
    func pooledAuto(name: String) throws {
        let expected = autoCase(name)
        let support = try #require(SeriesSupport(rawValue: expected.support))
        let model = AutoModel(horizon: expected.horizon)
        let names = expected.series.keys.sorted()
        let preparations = try names.map { try model.prepare(series(expected.series[$0]!), support: support) }
        let pool = CalibrationPool(preparations, poolsGrowth: expected.poolsGrowth)
        #expect(relativeDifference(pool.typicalVolatility, expected.typicalVolatility) < 1e-12)
        #expect(pool.errorCount == expected.errorCount)
        #expect(pool.law.errorCount == expected.lawErrorCount)
        #expect(pool.inflation == expected.inflation)
        #expect(pool.inflationCheckPoints == expected.inflationCheckPoints)
        #expect(abs(pool.growthSpread - expected.growthSpread) <= 1e-12 * max(expected.growthSpread, 1e-6))
        #expect(worstRelativeDifference([0, 49, 99, 149, 199].map { pool.law.knots[$0] }, expected.knots) < 1e-9)
        for (name, preparation) in zip(names, preparations) {
            let steps = try model.finish(preparation, pool: pool).forecast(horizon: expected.horizon).steps
            let reference = try #require(expected.forecasts[name])
            for (step, want) in zip(steps, reference) {
                let got = [step.median, step.mean, step.interval(level: 0.8).lowerBound, step.interval(level: 0.8).upperBound,
                           step.interval(level: 0.95).lowerBound, step.interval(level: 0.95).upperBound,
                           step.distribution.cdf(want.probe)]
                let wanted = [want.median, want.mean, want.lo80, want.hi80, want.lo95, want.hi95, want.cdf_probe]
                for (a, b) in zip(got, wanted) {
                    #expect(abs(a - b) <= 1e-9 * max(abs(b), 1e-6), "\(name) step \(step.horizon): \(got) vs \(wanted)")
                }
                if let actual = want.actual, let crps = want.crps {
                    #expect(relativeDifference(step.distribution.crps(actual), crps) < 1e-9)
                }
            }
        }
    }

    @Test("anchored trends: location and scale of every step against numpy (1e-9)",
          arguments: ["linear", "loglinear", "quadratic"])
    func anchoredTrend(family: String) throws {
        let expected = Self.reference.anchored
        let rows = family == "linear" ? expected.linear : family == "loglinear" ? expected.loglinear : expected.quadratic
        let steps = try fitFamily(family, series(expected.values)).forecast(horizon: 4).steps
        for (step, row) in zip(steps, rows) {
            guard case .studentT(let location, let scale, let df, _) = step.distribution else {
                Issue.record("\(family): not a Student-t step")
                continue
            }
            #expect(relativeDifference(location, row[0]) < 1e-9)
            #expect(relativeDifference(scale, row[1]) < 1e-9)
            #expect(df == row[2])
        }
    }

    @Test("CRPS of a normal distribution: the quantile average (1e-12) within 0.05 % of the exact value (properscoring)")
    func normalCRPS() {
        let expected = Self.reference.normalCRPS
        let normal = PredictiveDistribution.studentT(location: expected.location, scale: expected.scale,
                                                     degreesOfFreedom: .infinity, transform: .identity)
        for item in expected.cases {
            let crps = normal.crps(item.y)
            #expect(relativeDifference(crps, item.quantileAveraged) < 1e-12)
            #expect(relativeDifference(crps, item.exact) < 5e-4)
        }
    }
}
