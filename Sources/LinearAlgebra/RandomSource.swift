import Foundation

/// A seeded pseudo-random generator (xoshiro256++, seeded through SplitMix64) with uniform,
/// standard normal and chi-square variates.
///
/// The same seed gives the same sequence on every machine and run: Monte Carlo outputs are
/// reproducible byte for byte. Not cryptographic. `split(stream:)` derives independent generators
/// for parallel or per-purpose streams without sharing state.
public struct RandomSource: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// A generator whose state is expanded from `seed` by SplitMix64.
    public init(seed: UInt64) {
        var x = seed
        func splitMix() -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(); s1 = splitMix(); s2 = splitMix(); s3 = splitMix()
    }

    /// An independent generator for stream number `stream`, derived from this generator's seed state.
    public func split(stream: UInt64) -> RandomSource {
        RandomSource(seed: s0 ^ (stream &* 0xD1B5_4A32_D192_ED03) ^ s3.rotatedLeft(by: 17))
    }

    /// The next 64 random bits.
    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = (s0 &+ s3).rotatedLeft(by: 23) &+ s0
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3.rotatedLeft(by: 45)
        return result
    }

    /// A uniform variate in the open interval (0, 1) (53 random bits, never 0 or 1).
    @inline(__always)
    public mutating func nextUniform() -> Double {
        (Double(next() >> 11) + 0.5) * 0x1.0p-53
    }

    /// A standard normal variate (Marsaglia's polar method; the second variate of each pair is kept).
    @inline(__always)
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        while true {
            let u = 2 * nextUniform() - 1, v = 2 * nextUniform() - 1
            let s = u * u + v * v
            if s < 1 && s > 0 {
                let factor = (-2 * log(s) / s).squareRoot()
                spareNormal = v * factor
                return u * factor
            }
        }
    }

    /// A chi-square variate with an integer number of degrees of freedom (sum of squared normals).
    public mutating func nextChiSquare(degreesOfFreedom df: Int) -> Double {
        var sum = 0.0
        for _ in 0..<max(df, 0) { let z = nextNormal(); sum += z * z }
        return sum
    }

    private var spareNormal: Double?
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotatedLeft(by k: UInt64) -> UInt64 { (self << k) | (self >> (64 - k)) }
}
