import Foundation
@testable import Forecasting
import LinearAlgebra
import SunanTestSupport
import Testing

/// Fixtures/count-draws-reference.json, made by scripts/forecast-reference/make_count_draws_reference.py:
/// the distribution of a count's whole-number draws from the documented rule
/// `P(D ≤ j) = ∫_j^{j+1} F_X(x) dx` (X the calibrated value, D = ⌊X + U⌋), with F_X from calibrated.py.
struct CountDrawsReference: Decodable {
    struct Probability: Decodable { let j: Int, probability: Double }
    struct Case: Decodable {
        let series: String, values: [Double], step: Int, mean: Double
        let atMost: [Probability], equal: [Probability]
    }
    let horizon: Int
    let pool: [String: [Double]]
    let cases: [Case]

    static let url = Result { try Fixture.url("count-draws-reference.json", in: .module) }
    static let shared = Result { try Fixture.decode(CountDrawsReference.self, at: url.get()) }
}

/// The whole-number draws of short count series (issue 12 item 4) against the documented rounding rule
/// computed outside Swift.
@Suite("Count draws against the rounding rule, computed in Python", .tags(.reference))
struct CountDrawsReferenceTests {
    static let paths = 40_000
    /// Standard errors allowed: about 130 checks share one seed, so 4 (a Bonferroni bound: a correct
    /// sampler fails one of them with a chance of about 1 %; 3 would fail one in three runs of seeds).
    static let allowedStandardErrors = 4.0

    /// Each checked series' sample paths (6 years), drawn with sunan's PathSampler from auto fitted against
    /// the reference's pool, keyed by series name.
    static let drawn = Result { () throws -> [String: [[Double]]] in
        let reference = try CountDrawsReference.shared.get()
        let model = AutoModel(horizon: reference.horizon)
        let names = reference.pool.keys.sorted()
        let preparations = try names.map { try model.prepare(series(reference.pool[$0]!), support: .count) }
        let pool = CalibrationPool(preparations, poolsGrowth: true)
        var result: [String: [[Double]]] = [:]
        for (index, (name, preparation)) in zip(names, preparations).enumerated()
        where reference.cases.contains(where: { $0.series == name }) {
            let fitted = model.finish(preparation, pool: pool)
            var rng = RandomSource(seed: 15_000 + UInt64(index))
            result[name] = try fitted.paths(count: paths, years: Array((fitted.lastYear + 1)...(fitted.lastYear + reference.horizon)),
                                            rng: &rng)
        }
        return result
    }

    @Test("the step's closed-form mean equals E X = ∫ (1 − F_X) computed by quadrature in Python (1e-9)")
    func closedFormMean() throws {
        let reference = try CountDrawsReference.shared.get()
        let model = AutoModel(horizon: reference.horizon)
        let names = reference.pool.keys.sorted()
        let preparations = try names.map { try model.prepare(series(reference.pool[$0]!), support: .count) }
        let pool = CalibrationPool(preparations, poolsGrowth: true)
        for expected in reference.cases {
            let preparation = try #require(names.firstIndex(of: expected.series).map { preparations[$0] })
            let steps = try model.finish(preparation, pool: pool).forecast(horizon: reference.horizon).steps
            let mean = steps[expected.step - 1].mean
            #expect(relativeDifference(mean, expected.mean) < 1e-9, "\(expected.series) step \(expected.step): \(mean) vs \(expected.mean)")
        }
    }

    @Test("every draw is a whole number ≥ 0", .tags(.invariant))
    func wholeNumbers() throws {
        let drawn = try Self.drawn.get()
        #expect(drawn.count == 6)
        for (name, paths) in drawn {
            #expect(paths.allSatisfy { $0.allSatisfy { $0 >= 0 && $0 == $0.rounded() } }, "\(name)")
        }
    }

    @Test("P(D ≤ j), P(D = j) and the mean of the draws (E X) within 4 Monte Carlo standard errors of the rule")
    func probabilities() throws {
        let reference = try CountDrawsReference.shared.get()
        let drawn = try Self.drawn.get()
        let cases = try Fixture.nonEmpty(reference.cases, from: CountDrawsReference.url.get())
        var worst = 0.0, checked = 0
        for expected in cases {
            let paths = try #require(drawn[expected.series])
            let values = paths.map { $0[expected.step - 1] }
            let n = Double(values.count)
            for (probability, isMet, word) in expected.atMost.map({ p in (p, { (v: Double) in v <= Double(p.j) }, "≤") })
                + expected.equal.map({ p in (p, { (v: Double) in v == Double(p.j) }, "=") }) {
                let frequency = Double(values.count(where: isMet)) / n
                let disagreement = abs(frequency - probability.probability) / proportionStandardError(probability.probability, n: n)
                worst = max(worst, disagreement)
                checked += 1
                #expect(disagreement <= Self.allowedStandardErrors,
                        "\(expected.series) step \(expected.step): P(D \(word) \(probability.j)) = \(frequency), rule \(probability.probability)")
            }
            let mean = values.reduce(0, +) / n
            let deviation = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
            let disagreement = abs(mean - expected.mean) / (deviation / n.squareRoot())
            worst = max(worst, disagreement)
            #expect(disagreement <= Self.allowedStandardErrors, "\(expected.series) step \(expected.step): mean \(mean), E X \(expected.mean)")
        }
        #expect(checked >= 60)
        print("count draws reference: largest disagreement \(String(format: "%.2f", worst)) s.e. over \(checked) probabilities and \(cases.count) means")
    }

    /// `√(p(1 − p)/n)` with p at least 5 draws from 0 and 1.
    private func proportionStandardError(_ p: Double, n: Double) -> Double {
        let kept = min(max(p, 5 / n), 1 - 5 / n)
        return (kept * (1 - kept) / n).squareRoot()
    }
}
