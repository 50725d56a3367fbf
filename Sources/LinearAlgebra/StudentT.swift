import Foundation

// Student's t distribution: cumulative distribution, survival, density, two-sided p-value and
// quantile, in pure Swift on top of the C library's exp, log, log1p and pow and of the normal
// distribution (NormalDistribution.swift). Measured against mpmath at high precision
// (Tests/LinearAlgebraTests/DistributionTests.swift and scripts/make_distribution_reference.py).
// Nothing allocates.

/// Student's t distribution with `degreesOfFreedom` ν > 0 (non-integer allowed; ν = +∞, and in
/// practice any ν above 1e25, is the standard normal).
///
/// Methods, all on the incomplete beta function identity P(|T| > t) = I_x(ν/2, ½) with
/// x = ν/(ν + t²), and with powers of x formed as exp(−a·log1p(t²/ν)) (or, once log(1/x) > 1,
/// as pow of a directly computed x) so that large ν loses no accuracy to the rounding of x:
/// - ν = 1 (Cauchy) and ν = 2 use their closed forms.
/// - Near the centre (t²/(ν + t²) ≤ 1.5/(ν/2 + 2.5)) the central probability P(0 < T ≤ t) comes
///   from the positive-term hypergeometric series of I_y(½, ν/2), y = t²/(ν + t²).
/// - In the tails for ν ≥ 20 and log(1 + t²/ν) ≤ 2, an expansion of I_x(a, ½) in upper incomplete
///   gamma functions Γ(2k + ½, u), u = (a − ¼)·log(1 + t²/ν), derived from the integral
///   ∫ e^{−(a−¼)s} s^{−1/2} (sinh(s/2)/(s/2))^{−1/2} ds (the approach of Temme and of DiDonato and
///   Morris, TOMS 708, for a large and b ≤ 1); its leading term is erfc(√u).
/// - Elsewhere in the tails the continued fraction for I_x(a, ½) evaluated by the modified Lentz
///   method.
/// - Γ(a + ½)/Γ(a), a = ν/2, is √(a − ¼)·exp of its asymptotic series in 1/(a − ¼)² for
///   a ≥ 10.25, and for smaller a comes down from there by the recurrence in a; this avoids the
///   cancellation in exp(lgamma(a + ½) − lgamma(a)) for large ν.
/// The quantile solves the equation with Halley's method, safeguarded by bisection, from a
/// Cornish–Fisher or tail-asymptotic starting value.
///
/// A value with ν ≤ 0 or ν = NaN is allowed but every function of it returns NaN.
public struct StudentT: Sendable, Hashable {
    /// Degrees of freedom ν; valid values are ν > 0, including +∞.
    public let degreesOfFreedom: Double

    /// Which evaluation path applies to this ν.
    private enum Kind: Sendable { case invalid, cauchy, two, general, normal }

    private let kind: Kind
    /// a = ν/2.
    private let halfDF: Double
    /// Γ(a + ½)/(Γ(a)·√π) = 1/B(a, ½).
    private let inverseBeta: Double
    /// Γ(a + ½)/(Γ(a)·√(a − ¼)), the prefactor of the incomplete-gamma expansion (ν ≥ 20 only).
    private let expansionScale: Double
    /// Γ(a + ½)/(Γ(a)·√(νπ)), the density at t = 0.
    private let densityScale: Double

    /// Creates the distribution; any ν is accepted, but ν ≤ 0 or NaN gives NaN from every function.
    public init(degreesOfFreedom: Double) {
        self.degreesOfFreedom = degreesOfFreedom
        let nu = degreesOfFreedom
        let a = 0.5 * nu
        halfDF = a
        guard nu > 0 else {
            kind = .invalid
            inverseBeta = .nan
            expansionScale = .nan
            densityScale = .nan
            return
        }
        if nu > StudentTMath.normalThreshold {
            kind = .normal
        } else if nu == 1 {
            kind = .cauchy
        } else if nu == 2 {
            kind = .two
        } else {
            kind = .general
        }
        // Γ(a + ½)/Γ(a) from its asymptotic series at a + n ≥ 10.25, brought down to a by the
        // recurrence Γ(a + ½)/Γ(a) = (a/(a + ½))·Γ(a + 1 + ½)/Γ(a + 1) (more accurate than a
        // ratio of tgamma values, which can be off by several units in the last place).
        var numerator = 1.0
        var denominator = 1.0
        var lifted = a
        while lifted < 10.25 {
            numerator *= lifted
            denominator *= lifted + 0.5
            lifted += 1
        }
        let liftedShift = lifted - 0.25
        let ratio = StudentTMath.gammaRatioScale(liftedShift) * liftedShift.squareRoot()
            * (numerator / denominator)
        let shifted = a - 0.25
        expansionScale = lifted == a ? StudentTMath.gammaRatioScale(shifted) : ratio / shifted.squareRoot()
        inverseBeta = ratio * NumericConstants.inverseSqrtPi
        densityScale = inverseBeta / nu.squareRoot()
    }

    /// Two distributions are equal when their degrees of freedom are equal.
    public static func == (lhs: StudentT, rhs: StudentT) -> Bool {
        lhs.degreesOfFreedom == rhs.degreesOfFreedom
    }

    /// Hashes the degrees of freedom.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(degreesOfFreedom)
    }

    /// Lower-tail probability P(T ≤ t) for any real `t` (±∞ give 0 and 1); NaN for NaN.
    /// Relatively accurate in the lower tail; use `survival` for the upper tail.
    public func cdf(_ t: Double) -> Double {
        if t.isNaN || kind == .invalid { return .nan }
        if kind == .normal { return Normal.cdf(t) }
        let parts = split(abs(t))
        return t < 0 ? parts.upper : 0.5 + parts.middle
    }

    /// Upper-tail probability P(T > t), relatively accurate where it is tiny; NaN for NaN.
    public func survival(_ t: Double) -> Double {
        cdf(-t)
    }

    /// Density Γ((ν+1)/2)/(Γ(ν/2)·√(νπ))·(1 + t²/ν)^(−(ν+1)/2); NaN for NaN.
    public func pdf(_ t: Double) -> Double {
        if t.isNaN || kind == .invalid { return .nan }
        let tau = abs(t)
        switch kind {
        case .normal:
            return Normal.pdf(t)
        case .cauchy:
            return NumericConstants.inversePi / (1 + tau * tau)
        case .two:
            let inverseRoot = 1 / hypot(tau, NumericConstants.sqrtTwo)
            return inverseRoot * inverseRoot * inverseRoot
        default:
            if tau == .infinity { return 0 }
            let (x, _, logOnePlusS) = betaArguments(tau)
            // The exponent (ν + 1)/2 = a + ½ as an exact sum high + low, so the rounding of
            // a + ½ does not perturb the power far in the tails.
            let high = halfDF + 0.5
            let low = (halfDF - (high - (high - halfDF))) + (0.5 - (high - halfDF))
            let power = powerOfX(high, tau: tau, x: x, logOnePlusS: logOnePlusS)
            return densityScale * power * (1 - low * logOnePlusS)
        }
    }

    /// Two-sided p-value P(|T| ≥ |t|) for a t statistic; 1 at t = 0, 0 at ±∞, NaN for NaN.
    public func twoSidedPValue(_ t: Double) -> Double {
        if t.isNaN || kind == .invalid { return .nan }
        if kind == .normal { return 2 * Normal.survival(abs(t)) }
        return 2 * split(abs(t)).upper
    }

    /// Inverse of `cdf`: the t with P(T ≤ t) = p, for p in (0, 1). Returns −∞ at p = 0, +∞ at
    /// p = 1 and NaN for p outside [0, 1] or NaN. Closed forms for ν = 1 and 2; otherwise Halley
    /// iterations (about three) on the tail or central probability from a Cornish–Fisher or
    /// tail-asymptotic start, bracketed so that they always converge.
    public func quantile(_ p: Double) -> Double {
        if kind == .invalid { return .nan }
        guard p > 0, p < 1 else {
            if p == 0 { return -.infinity }
            if p == 1 { return .infinity }
            return .nan
        }
        if kind == .normal { return Normal.quantile(p) }
        if p == 0.5 { return 0 }
        let lower = p < 0.5
        // Probability of the tail beyond |t|; exact because 1 − p is exact for p ≥ ½.
        let tail = lower ? p : 1 - p
        let magnitude: Double
        switch kind {
        case .cauchy:
            magnitude = tail < 0.25
                ? 1 / tan(Double.pi * tail)
                : tan(Double.pi * (0.5 - tail))
        case .two:
            magnitude = 2 * (0.5 - tail) / (2 * tail * (1 - tail)).squareRoot()
        default:
            magnitude = solveMagnitude(tail: tail)
        }
        return lower ? -magnitude : magnitude
    }

    // MARK: - Internals

    /// For τ ≥ 0 and s = τ²/ν: x = 1/(1 + s), y = s/(1 + s) and log(1 + s), without overflow for
    /// huge τ (where log(1 + s) is formed from log(τ/√ν) to keep its absolute error small).
    private func betaArguments(_ tau: Double) -> (x: Double, y: Double, logOnePlusS: Double) {
        let nu = degreesOfFreedom
        if tau <= 1e150 {
            let s = tau * tau / nu
            return (1 / (1 + s), s / (1 + s), log1p(s))
        }
        let inverseS = nu / tau / tau
        let scaled = tau / nu.squareRoot()
        let logS = scaled.isFinite ? 2 * log(scaled) : 2 * log(tau) - log(nu)
        return (inverseS / (1 + inverseS), 1 / (1 + inverseS), logS + log1p(inverseS))
    }

    /// x^e for x = 1/(1 + τ²/ν): exp(−e·log(1 + s)) while log(1 + s) ≤ 1, where that product is
    /// small; beyond, pow of the directly computed x (or of τ/√ν for huge τ), whose relative error
    /// does not grow with the size of the exponent's product.
    private func powerOfX(_ exponent: Double, tau: Double, x: Double, logOnePlusS: Double) -> Double {
        if logOnePlusS <= 1 { return exp(-exponent * logOnePlusS) }
        if tau <= 1e150 { return pow(x, exponent) }
        let nu = degreesOfFreedom
        let inverseS = nu / tau / tau
        return pow(tau / nu.squareRoot(), -2 * exponent) * exp(-exponent * log1p(inverseS))
    }

    /// P(T > τ) and P(0 < T ≤ τ) for τ ≥ 0 (ν ≠ ∞). Whichever of the two is not computed
    /// directly is ½ minus the other; the central series is only used where P(T > τ) > 0.04, so
    /// that subtraction costs at most a factor of about 12 in relative accuracy.
    private func split(_ tau: Double) -> (upper: Double, middle: Double) {
        switch kind {
        case .cauchy:
            let upper = atan2(1, tau) * NumericConstants.inversePi
            return (upper, 0.5 - upper)
        case .two:
            // ½(1 − τ/√(2 + τ²)) = 1/((2 + τ²) + τ·√(2 + τ²)), free of cancellation; ½ at τ = 0.
            if tau > 1e100 {
                let upper = 0.5 / tau / tau
                return (upper, 0.5 - upper)
            }
            let square = 2 + tau * tau
            let upper = 1 / (square + tau * square.squareRoot())
            return (upper, 0.5 - upper)
        default:
            break
        }
        if tau == .infinity { return (0, 0.5) }
        let nu = degreesOfFreedom
        let a = halfDF
        let (x, y, logOnePlusS) = betaArguments(tau)
        if y * (a + 2.5) <= 1.5 {
            let middle = centralSeries(a: a, tau: tau, x: x, y: y, logOnePlusS: logOnePlusS)
            return (0.5 - middle, middle)
        }
        let upper: Double
        if nu >= StudentTMath.expansionThreshold && logOnePlusS <= StudentTMath.expansionMaxLog {
            upper = 0.5 * expansionScale * StudentTMath.gammaExpansion(
                shifted: a - 0.25, logOnePlusS: logOnePlusS)
        } else {
            upper = tailContinuedFraction(a: a, tau: tau, x: x, y: y, logOnePlusS: logOnePlusS)
        }
        return (upper, 0.5 - upper)
    }

    /// P(0 < T ≤ τ) = ½·I_y(½, a) = y^½·x^a/B(a, ½)·Σ_n (a + ½)_n/(3/2)_n·yⁿ, a series of
    /// positive terms (the Gauss hypergeometric form of the incomplete beta function).
    private func centralSeries(a: Double, tau: Double, x: Double, y: Double, logOnePlusS: Double) -> Double {
        var term = 1.0
        var sum = 1.0
        var n = 0.0
        while true {
            term *= (a + 0.5 + n) / (1.5 + n) * y
            sum += term
            n += 1
            if term <= 1e-17 * sum || n > 2000 { break }
        }
        return y.squareRoot() * powerOfX(a, tau: tau, x: x, logOnePlusS: logOnePlusS) * inverseBeta * sum
    }

    /// P(T > τ) = ½·I_x(a, ½) = ½·x^a·y^½/(a·B(a, ½))·CF, with CF the standard continued fraction
    /// 1/(1 + d₁/(1 + d₂/(1 + …))) of the incomplete beta function, evaluated by the modified
    /// Lentz method (Lentz 1976; Thompson and Barnett 1986).
    private func tailContinuedFraction(a: Double, tau: Double, x: Double, y: Double, logOnePlusS: Double) -> Double {
        let b = 0.5
        let tiny = 1e-300
        let aPlusB = a + b
        var c = 1.0
        var d = 1 - aPlusB * x / (a + 1)
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var fraction = d
        var m = 1.0
        while m < 5000 {
            let twoM = 2 * m
            let even = m * (b - m) * x / ((a + twoM - 1) * (a + twoM))
            d = 1 + even * d
            if abs(d) < tiny { d = tiny }
            c = 1 + even / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            fraction *= d * c
            let odd = -(a + m) * (aPlusB + m) * x / ((a + twoM) * (a + twoM + 1))
            d = 1 + odd * d
            if abs(d) < tiny { d = tiny }
            c = 1 + odd / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            fraction *= delta
            if abs(delta - 1) <= 3e-16 { break }
            m += 1
        }
        return 0.5 * powerOfX(a, tau: tau, x: x, logOnePlusS: logOnePlusS) * y.squareRoot() * inverseBeta / a * fraction
    }

    /// Solves P(T > t) = tail (tail < ¼) or P(0 < T ≤ t) = ½ − tail (tail ≥ ¼) for t > 0.
    private func solveMagnitude(tail: Double) -> Double {
        let nu = degreesOfFreedom
        let useMiddle = tail >= 0.25
        let target = useMiddle ? 0.5 - tail : tail
        var t = initialMagnitude(tail: tail)
        guard t.isFinite else { return .infinity }
        // Bracket [low, high] for the root; residual > 0 means t is too small.
        var low = 0.0
        var high = Double.infinity
        for _ in 0..<60 {
            if t == .infinity { return t }
            let parts = split(t)
            let residual = useMiddle ? target - parts.middle : parts.upper - target
            if residual > 0 { low = t } else if residual < 0 { high = t } else { return t }
            let density = pdf(t)
            // Newton step for t on F(t) = target; Halley factor uses f′/f = −(ν + 1)t/(ν + t²).
            let newton = residual / density
            let curvature = (nu + 1) / (t + nu / t)
            let denominator = 1 - 0.5 * newton * curvature
            let step = denominator > 0.5 ? newton / denominator : newton
            if abs(step) <= 1e-8 * t { return t + step }
            var next = t + step
            if !(next > low && next < high) {
                next = high.isFinite ? 0.5 * (low + high) : 2 * t
            }
            t = next
        }
        return t
    }

    /// Starting value for |t|: the Cornish–Fisher expansion (Abramowitz and Stegun 26.7.5) about
    /// the normal quantile when it is reliable, else the leading tail asymptote of
    /// ½·I_x(a, ½) ≈ x^a/(ν·B(a, ½))·(1 + a·x/(2(a + 1))), solved for x = ν/(ν + t²).
    private func initialMagnitude(tail: Double) -> Double {
        let nu = degreesOfFreedom
        let z = -Normal.quantile(tail)
        let a = halfDF
        // log x from the tail asymptote.
        let logX0 = (log(nu) + log(tail) - log(inverseBeta)) / a
        if logX0 < -1 || z * z > 2 * nu {
            var logX = logX0
            let x0 = exp(logX0)
            logX -= log1p(a * x0 / (2 * (a + 1))) / a
            // t = √(ν(1 − x)/x)
            return (nu * (-expm1(logX))).squareRoot() * exp(-0.5 * logX)
        }
        let z2 = z * z
        let g1 = (z2 + 1) * z / 4
        let g2 = ((5 * z2 + 16) * z2 + 3) * z / 96
        let g3 = (((3 * z2 + 19) * z2 + 17) * z2 - 15) * z / 384
        let g4 = ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945) * z / 92160
        let inverseNu = 1 / nu
        return z + (g1 + (g2 + (g3 + g4 * inverseNu) * inverseNu) * inverseNu) * inverseNu
    }
}

/// Constants and helpers shared by the Student t functions.
private enum StudentTMath {
    /// Above this ν the t distribution equals the normal to double precision.
    static let normalThreshold = 1e25
    /// Smallest ν for which the incomplete-gamma expansion is used in the tails.
    static let expansionThreshold = 20.0
    /// Largest log(1 + t²/ν) for which the incomplete-gamma expansion is used.
    static let expansionMaxLog = 2.0

    /// Γ(a + ½)/(Γ(a)·√T) with T = a − ¼ ≥ 10, from log Γ(T + ¾) − log Γ(T + ¼) − ½ log T =
    /// Σ_{n odd ≥ 3} 2·B_n(¼)/(n(n − 1)·T^{n−1}) (Stirling series with Bernoulli polynomials;
    /// the even-n terms cancel). Eight terms give full double precision for T ≥ 10.
    static func gammaRatioScale(_ shifted: Double) -> Double {
        let w = 1 / (shifted * shifted)
        let series = (((((((-0.14109182044194313 * w + 0.026524197443255355) * w
            - 0.006712389489014943) * w + 0.002409029006958008) * w
            - 0.0013208389282226562) * w + 0.0012410481770833333) * w
            - 0.00244140625) * w + 0.015625) * w
        return exp(series)
    }

    /// Σ_k c_k·Γ(2k + ½, u)/(√π·T^{2k}) with u = T·L, where c_k are the Taylor coefficients of
    /// (sinh(s/2)/(s/2))^{−1/2} in s². Then ½·I_x(a, ½) = ½·Γ(a + ½)/(Γ(a)√T)·(this sum).
    /// The upper incomplete gamma functions follow from erfc(√u) by the upward recurrence
    /// Γ(s + 1, u) = s·Γ(s, u) + u^s·e^{−u}, all of whose terms are positive.
    static func gammaExpansion(shifted: Double, logOnePlusS: Double) -> Double {
        let z = logOnePlusS
        let u = shifted * z
        let root = u.squareRoot()
        let expMinusU = exp(-u)
        // erfc(√u), corrected for the rounding of the square root: u − root² is formed exactly.
        let residual = u.addingProduct(-root, root)
        var h = erfc(root)
        if root > 0 {
            h -= residual / (2 * root) * NumericConstants.twoOverSqrtPi * expMinusU
        }
        var power = expMinusU * z.squareRoot() / (Double.pi * shifted).squareRoot()
        var sum = h
        var s = 0.5
        let inverseShifted = 1 / shifted
        for k in 1..<expansionCoefficients.count {
            h = s * inverseShifted * h + power
            power *= z
            s += 1
            h = s * inverseShifted * h + power
            power *= z
            s += 1
            let term = expansionCoefficients[k] * h
            sum += term
            if abs(term) <= 1e-17 * sum { break }
        }
        return sum
    }
}

/// Taylor coefficients c_k of (sinh(s/2)/(s/2))^{−1/2} = Σ c_k·s^{2k}, from the power recurrence
/// for g^{−1/2} with g(s) = Σ (s/2)^{2k}/(2k + 1)! (computed in exact rational arithmetic).
private let expansionCoefficients: [Double] = [
    1.0,
    -0.020833333333333332,
    0.000390625,
    -7.879670965608466e-06,
    1.6967665791721782e-07,
    -3.805064191721906e-09,
    8.748377596315407e-11,
    -2.044523359411974e-12,
    4.833351797967704e-14,
    -1.152434101767386e-15,
    2.76605204359937e-17,
    -6.67428195089166e-19,
    1.61745507718158e-20,
    -3.93397792009138e-22,
    9.597634062586047e-24,
    -2.347690291162632e-25,
    5.7558703875442666e-27,
    -1.414008810826549e-28,
    3.479869365059028e-30,
    -8.577466165340376e-32,
    2.1172351041679865e-33,
    -5.232780285737599e-35,
    1.2947835769777707e-36,
    -3.2071412978037775e-38,
    7.951627314205514e-40,
    -1.973224903040875e-41,
    4.900603093875565e-43,
    -1.218002072404472e-44,
    3.029341376031126e-46,
    -7.539260834355307e-48,
]
