import Foundation

// The standard normal distribution: cumulative distribution, survival, density and quantile, in pure
// Swift on top of the C library's erf, erfc and exp. The Student t distribution, which uses these, is
// in StudentT.swift. Measured against mpmath at high precision (Tests/LinearAlgebraTests/
// DistributionTests.swift and scripts/make_distribution_reference.py): relative errors of a few
// units in the last place for probabilities down to 1e-10, and below 1e-13 down to 1e-300.
// Nothing allocates.

/// Standard normal distribution, N(0, 1).
///
/// Tail probabilities come from the C library's `erfc`, with the argument x/√2 carried to
/// double-double precision so that the rounding of the division does not cost relative accuracy
/// far in the tails. The quantile is Wichura's algorithm AS 241 (Applied Statistics 37, 1988,
/// 477–484) followed by one Halley step on the accurate tail probability.
public enum Normal {
    /// Lower-tail probability P(Z ≤ x) for any real `x`; NaN for NaN.
    /// Method: ½·erfc(−x/√2) with a first-order correction for the rounding error of −x/√2.
    public static func cdf(_ x: Double) -> Double {
        upperTail(-x)
    }

    /// Upper-tail probability P(Z > x) for any real `x`; NaN for NaN. Accurate to a few units in
    /// the last place where the value is tiny (large `x`), unlike `1 - cdf(x)`.
    public static func survival(_ x: Double) -> Double {
        upperTail(x)
    }

    /// Density φ(x) = exp(−x²/2)/√(2π). The square x² is formed exactly (with a fused
    /// multiply-add) so the result keeps full relative accuracy in the tails.
    public static func pdf(_ x: Double) -> Double {
        guard x.isFinite else { return x.isNaN ? x : 0 }
        let square = x * x
        let squareError = (-square).addingProduct(x, x)
        return NumericConstants.inverseSqrtTwoPi * exp(-0.5 * square) * (1 - 0.5 * squareError)
    }

    /// Inverse of `cdf`: the x with P(Z ≤ x) = p, for p in (0, 1). Returns −∞ at p = 0, +∞ at
    /// p = 1 and NaN for p outside [0, 1] or NaN.
    /// Method: Wichura's AS 241 rational approximations (about 16 digits) followed by one Halley
    /// step, on ½·erf(x/√2) − (p − ½) in the centre and on the tail probability outside it.
    public static func quantile(_ p: Double) -> Double {
        guard p > 0, p < 1 else {
            if p == 0 { return -.infinity }
            if p == 1 { return .infinity }
            return .nan
        }
        let q = p - 0.5
        if abs(q) <= 0.425 {
            let x = as241Central(q)
            // Residual of the central equation ½·erf(x/√2) = q: relatively accurate for small x.
            let residual = 0.5 * erf(x * NumericConstants.inverseSqrtTwo) - q
            let step = residual / pdf(x)
            return x - step / (1 + 0.5 * x * step)
        }
        // Tail probability min(p, 1 − p); 1 − p is exact for p ≥ ½.
        let tail = q < 0 ? p : 1 - p
        let x = as241Tail(tail)
        let magnitude = refineUpperQuantile(x, tail: tail)
        return q < 0 ? -magnitude : magnitude
    }

    /// P(Z > x) = ½·erfc(x/√2). The argument is split as zHigh + zLow with zHigh = fl(x/√2);
    /// erfc(zHigh + zLow) ≈ erfc(zHigh) − zLow·(2/√π)·exp(−zHigh²) removes the rounding error
    /// of the division, which would otherwise be amplified by 2z² in the relative error.
    static func upperTail(_ x: Double) -> Double {
        guard x.isFinite else { return x.isNaN ? x : (x > 0 ? 0 : 1) }
        let zHigh = x * NumericConstants.inverseSqrtTwo
        var value = erfc(zHigh)
        if zHigh > 1 {
            let zLow = (-zHigh).addingProduct(x, NumericConstants.inverseSqrtTwo)
                + x * NumericConstants.inverseSqrtTwoLow
            value -= zLow * NumericConstants.twoOverSqrtPi * exp(-zHigh * zHigh)
        }
        return 0.5 * value
    }

    /// One Halley step for x > 0 solving P(Z > x) = tail, starting from an approximation `x`.
    static func refineUpperQuantile(_ x: Double, tail: Double) -> Double {
        let density = pdf(x)
        guard density > 0 else { return x }
        let step = (upperTail(x) - tail) / density
        return x + step / (1 - 0.5 * x * step)
    }

    /// AS 241 central region, |q| ≤ 0.425 where q = p − ½: x = q·A(r)/B(r), r = 0.180625 − q².
    static func as241Central(_ q: Double) -> Double {
        let r = 0.180625 - q * q
        let numerator = (((((((2.5090809287301226727e3 * r + 3.3430575583588128105e4) * r
            + 6.7265770927008700853e4) * r + 4.5921953931549871457e4) * r
            + 1.3731693765509461125e4) * r + 1.9715909503065514427e3) * r
            + 1.3314166789178437745e2) * r + 3.3871328727963666080e0)
        let denominator = (((((((5.2264952788528545610e3 * r + 2.8729085735721942674e4) * r
            + 3.9307895800092710610e4) * r + 2.1213794301586595867e4) * r
            + 5.3941960214247511077e3) * r + 6.8718700749205790830e2) * r
            + 4.2313330701600911252e1) * r + 1)
        return q * numerator / denominator
    }

    /// AS 241 tail regions: the positive x with P(Z > x) = tail for tail < 0.075, as a rational
    /// function of r = √(−log tail) (one approximation for r ≤ 5 and one beyond).
    static func as241Tail(_ tail: Double) -> Double {
        let r = (-log(tail)).squareRoot()
        if r <= 5 {
            let s = r - 1.6
            let numerator = (((((((7.74545014278341407640e-4 * s + 2.27238449892691845833e-2) * s
                + 2.41780725177450611770e-1) * s + 1.27045825245236838258e0) * s
                + 3.64784832476320460504e0) * s + 5.76949722146069140550e0) * s
                + 4.63033784615654529590e0) * s + 1.42343711074968357734e0)
            let denominator = (((((((1.05075007164441684324e-9 * s + 5.47593808499534494600e-4) * s
                + 1.51986665636164571966e-2) * s + 1.48103976427480074590e-1) * s
                + 6.89767334985100004550e-1) * s + 1.67638483018380384940e0) * s
                + 2.05319162663775882187e0) * s + 1)
            return numerator / denominator
        }
        let s = r - 5
        let numerator = (((((((2.01033439929228813265e-7 * s + 2.71155556874348757815e-5) * s
            + 1.24266094738807843860e-3) * s + 2.65321895265761230930e-2) * s
            + 2.96560571828504891230e-1) * s + 1.78482653991729133580e0) * s
            + 5.46378491116411436990e0) * s + 6.65790464350110377720e0)
        let denominator = (((((((2.04426310338993978564e-15 * s + 1.42151175831644588870e-7) * s
            + 1.84631831751005468180e-5) * s + 7.86869131145613259100e-4) * s
            + 1.48753612908506148525e-2) * s + 1.36929880922735805310e-1) * s
            + 5.99832206555887937690e-1) * s + 1)
        return numerator / denominator
    }
}


/// Double-precision constants (each the nearest Double unless marked as a low part).
enum NumericConstants {
    /// 1/√2.
    static let inverseSqrtTwo = 0.7071067811865476
    /// 1/√2 − inverseSqrtTwo, the low part of a double-double 1/√2.
    static let inverseSqrtTwoLow = -4.833646656726457e-17
    /// 2/√π.
    static let twoOverSqrtPi = 1.1283791670955126
    /// 1/√(2π).
    static let inverseSqrtTwoPi = 0.3989422804014327
    /// 1/√π.
    static let inverseSqrtPi = 0.5641895835477563
    /// 1/π.
    static let inversePi = 0.3183098861837907
    /// √2.
    static let sqrtTwo = 1.4142135623730951
}
