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

    /// A chi-square variate with an integer number `df` of degrees of freedom: the sum of squared
    /// normals for df ≤ 2, else twice a Gamma(df/2) variate by Marsaglia and Tsang's squeeze method
    /// ("A simple method for generating gamma variables", ACM TOMS 26, 2000): with d = df/2 − 1/3 and
    /// c = 1/√(9d), draw a normal x and v = (1 + c x)³, accept d·v when v > 0 and a uniform u is below
    /// 1 − 0.0331 x⁴ or log u < x²/2 + d (1 − v + log v), else draw again. About one normal and one
    /// uniform per variate whatever df (the sum took df normals), which is what the Monte Carlo engine's
    /// Student-t paths spend most of their draws on.
    public mutating func nextChiSquare(degreesOfFreedom df: Int) -> Double {
        guard df > 2 else {
            var sum = 0.0
            for _ in 0..<max(df, 0) { let z = nextNormal(); sum += z * z }
            return sum
        }
        let d = Double(df) / 2 - 1.0 / 3.0, c = 1 / (9 * d).squareRoot()
        while true {
            let x = nextNormal()
            let root = 1 + c * x
            guard root > 0 else { continue }
            let v = root * root * root, u = nextUniform(), square = x * x
            if u < 1 - 0.0331 * square * square || log(u) < 0.5 * square + d * (1 - v + log(v)) { return 2 * d * v }
        }
    }

    private var spareNormal: Double?
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotatedLeft(by k: UInt64) -> UInt64 { (self << k) | (self >> (64 - k)) }
}
