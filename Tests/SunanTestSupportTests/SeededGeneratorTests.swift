import Foundation
import SunanTestSupport
import Testing

/// The seeded generator against an independent SplitMix64 (Reference/make_reference.py, Python integers).
@Suite("SeededGenerator", .tags(.reference))
struct SeededGeneratorTests {
    /// Reference: the first five 64-bit words for a seed (seed 0 also matches Vigna's splitmix64.c, 0xE220A8397B1DCDAF).
    static let firstWordsBySeed: [(seed: UInt64, words: [UInt64])] = [
        (0, [16294208416658607535, 7960286522194355700, 487617019471545679, 17909611376780542444, 1961750202426094747]),
        (42, [13679457532755275413, 2949826092126892291, 5139283748462763858, 6349198060258255764, 701532786141963250]),
        (2024, [11487996472437173461, 1793612131670815442, 5507758030568793471, 2143266886397966425, 15321458573535757178]),
    ]

    /// Reference: the first uniform (low 53 bits × 2⁻⁵³) and the first Box–Muller normal of a seed, as the
    /// Python script derives them from the same words.
    static let firstDrawsBySeed: [(seed: UInt64, uniform: Double, normal: Double)] = [
        (0, 0.020535221540219584, 0.02469078462670411),
        (42, 0.7248717246943267, -1.6061683154100488),
        (2024, 0.4238190512327501, 0.7142538456099651),
    ]

    @Test("the first words of a seed match the Python SplitMix64", arguments: firstWordsBySeed)
    func firstWords(seed: UInt64, expected: [UInt64]) {
        var generator = SeededGenerator(seed: seed)
        #expect((0..<5).map { _ in generator.next() } == expected)
    }

    /// The uniform is exact; 1e-15 relative on the normal leaves room for libm's log and cos.
    @Test("the first uniform and normal draws of a seed match the Python derivation", arguments: firstDrawsBySeed)
    func firstDraws(seed: UInt64, uniform: Double, normal: Double) {
        var forUniform = SeededGenerator(seed: seed)
        #expect(Double.random(in: 0..<1, using: &forUniform) == uniform)
        var forNormal = SeededGenerator(seed: seed)
        #expect(relativeDifference(forNormal.normal(), normal) < 1e-15)
    }

    /// Invariant: two generators with one seed give one sequence; another seed gives another.
    @Test("equal seeds repeat, different seeds differ", .tags(.invariant))
    func repeatability() {
        var first = SeededGenerator(seed: 7), second = SeededGenerator(seed: 7), other = SeededGenerator(seed: 8)
        let a = (0..<100).map { _ in first.next() }
        #expect(a == (0..<100).map { _ in second.next() })
        #expect(a != (0..<100).map { _ in other.next() })
    }

    /// Invariant: 200,000 normal draws have mean 0 and standard deviation σ within 5 standard errors.
    @Test("noise has mean 0 and the requested standard deviation")
    func noiseMoments() {
        var generator = SeededGenerator(seed: 11)
        let count = 200_000, sigma = 2.5
        let draws = generator.noise(count, sigma: sigma)
        let mean = draws.reduce(0, +) / Double(count)
        let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(count - 1)
        #expect(draws.count == count)
        #expect(abs(mean) < 5 * sigma / Double(count).squareRoot())
        // The standard error of a sample standard deviation is about σ / √(2n).
        #expect(abs(variance.squareRoot() - sigma) < 5 * sigma / (2 * Double(count)).squareRoot())
    }
}
