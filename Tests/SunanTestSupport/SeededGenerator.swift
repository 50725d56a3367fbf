import Foundation

/// A small seeded generator (SplitMix64) so randomized tests repeat exactly on every machine.
///
/// The whole output is fixed by the seed: the same seed gives the same sequence of 64-bit words, and
/// so the same `Double.random(in:using:)`, `Int.random(in:using:)` and ``normal()`` draws.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator whose whole output is fixed by `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits (SplitMix64: a Weyl step of 0x9E3779B97F4A7C15, then two xor-shift-multiply rounds).
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform draw from `range`.
    public mutating func uniform(_ range: ClosedRange<Double>) -> Double { Double.random(in: range, using: &self) }

    /// A standard normal draw (Box–Muller on two uniforms, the first in (0, 1] so its logarithm is finite).
    public mutating func normal() -> Double {
        let u1 = 1 - Double.random(in: 0..<1, using: &self)
        let u2 = Double.random(in: 0..<1, using: &self)
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    /// `count` independent normal draws with mean 0 and standard deviation `sigma` (in the units of `sigma`).
    public mutating func noise(_ count: Int, sigma: Double) -> [Double] {
        (0..<count).map { _ in sigma * normal() }
    }
}
