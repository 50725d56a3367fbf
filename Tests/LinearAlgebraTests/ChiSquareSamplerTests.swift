import Foundation
import LinearAlgebra
import SunanTestSupport
import Testing

/// Fixtures/chi-square-reference.json, made by scripts/make_chi_square_reference.py: quantiles of the
/// chi-square distribution from mpmath.
struct ChiSquareReference: Decodable {
    struct Quantile: Decodable, Sendable, CustomTestStringConvertible {
        let degreesOfFreedom: Int
        let p: String
        let x: String
        var testDescription: String { "df=\(degreesOfFreedom) p=\(p)" }
    }
    let quantiles: [Quantile]

    static let shared = Result { try Fixture.decode(ChiSquareReference.self, at: Fixture.url("chi-square-reference.json", in: .module)) }
}

/// `RandomSource.nextChiSquare` against the chi-square distribution: at every reference quantile q_p the
/// share of 100,000 draws at or below q_p is p within 4.5 binomial standard errors, and the draws' mean
/// is df within 4.5 standard errors (√(2 df / n)). About 70 checks share fixed seeds, so 4.5 (a
/// Bonferroni bound) keeps a correct sampler from failing by chance.
@Suite("Chi-square sampler against mpmath quantiles", .tags(.reference))
struct ChiSquareSamplerTests {
    static let draws = 100_000

    static let samples = Result { () throws -> [Int: [Double]] in
        let degrees = Set(try ChiSquareReference.shared.get().quantiles.map(\.degreesOfFreedom))
        var result: [Int: [Double]] = [:]
        for df in degrees {
            var rng = RandomSource(seed: 90_000 + UInt64(df))
            result[df] = (0..<draws).map { _ in rng.nextChiSquare(degreesOfFreedom: df) }
        }
        return result
    }

    @Test("the share of draws below each reference quantile", arguments: try ChiSquareReference.shared.get().quantiles)
    func quantile(_ reference: ChiSquareReference.Quantile) throws {
        let samples = try #require(try Self.samples.get()[reference.degreesOfFreedom])
        let p = try #require(Double(reference.p)), x = try #require(Double(reference.x))
        let share = Double(samples.filter { $0 <= x }.count) / Double(Self.draws)
        let standardError = (p * (1 - p) / Double(Self.draws)).squareRoot()
        #expect(abs(share - p) <= 4.5 * standardError, "share \(share) against \(p)")
    }

    @Test("the draws' mean is the degrees of freedom, and every draw is positive and finite")
    func mean() throws {
        for (df, samples) in try Self.samples.get() {
            let mean = samples.reduce(0, +) / Double(samples.count)
            #expect(abs(mean - Double(df)) <= 4.5 * (2 * Double(df) / Double(samples.count)).squareRoot(), "df \(df): mean \(mean)")
            #expect(samples.allSatisfy { $0 > 0 && $0.isFinite })
        }
    }
}
