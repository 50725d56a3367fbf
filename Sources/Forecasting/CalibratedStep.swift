import Foundation

/// The values a series can take; its forecasts, intervals and draws respect it.
///
/// Forecasting does not know units: the caller decides (the command line maps count units such as
/// 个, 件, 项 to ``count``).
public enum SeriesSupport: String, Sendable, Equatable, CaseIterable {
    /// Any real number.
    case real
    /// Zero or more (amounts, stocks, rates): quantiles and draws below 0 become 0.
    case nonNegative
    /// Non-negative whole numbers (counts of things). Models work on `y + 1`, which is positive, and
    /// every quantile and draw is `round(z − 1)`, at least 0.
    case count

    /// The working-scale value of an observation (`y + 1` for counts).
    public func working(_ y: Double) -> Double { self == .count ? y + 1 : y }
}

/// One step of a calibrated forecast: a point forecast, the spread of the pooled out-of-sample errors
/// at this step, and the series' support.
///
/// On the working scale (the data, or `y + 1` for counts) the value is
/// `Z = point · exp(clamp(spread · V))` for a multiplicative (positive) series and
/// `Z = point + spread · V` otherwise, V distributed as ``law``; `clamp` keeps `spread · V` within
/// ±log 100, so no quantile lies beyond 100 × or 1/100 × the point forecast. The data-scale value is
/// Z itself (``SeriesSupport/real``), `max(0, Z)` (``SeriesSupport/nonNegative``) or
/// `max(0, round(Z − 1))` (``SeriesSupport/count``). The point forecast is the median (V is symmetric).
public struct CalibratedStep: Sendable, Equatable {
    /// The median on the working scale.
    public let point: Double
    /// The scale of the normalised error at this step, `s · √(k (1 + k/(n − 1)))` (log scale when
    /// multiplicative, else the working scale's unit).
    public let spread: Double
    /// Whether errors are log ratios (every value of the series and the point forecast > 0).
    public let multiplicative: Bool
    /// The values the series can take.
    public let support: SeriesSupport
    /// The pooled law of the normalised error.
    public let law: PooledErrorLaw

    /// The largest `|spread · V|` of a multiplicative step: log 100.
    public static let logCap = log(100.0)
    /// Number of midpoint probabilities of the quadrature that gives ``mean``.
    public static let meanNodes = 200

    /// Creates a step; see the type's discussion for the meaning of each part.
    public init(point: Double, spread: Double, multiplicative: Bool, support: SeriesSupport, law: PooledErrorLaw) {
        self.point = point
        self.spread = spread
        self.multiplicative = multiplicative
        self.support = support
        self.law = law
    }

    /// The working-scale value at standard error `v` of the law.
    @inline(__always)
    public func working(atError v: Double) -> Double {
        let offset = spread * v
        return multiplicative ? point * exp(min(max(offset, -Self.logCap), Self.logCap)) : point + offset
    }

    /// The data-scale value of working-scale value `z`.
    @inline(__always)
    public func dataValue(_ z: Double) -> Double {
        switch support {
        case .real: return z
        case .nonNegative: return max(0, z)
        case .count: return max(0, (z - 1).rounded())
        }
    }

    /// The `p`-quantile on the data's scale (0 < p < 1).
    public func quantile(_ p: Double) -> Double { dataValue(working(atError: law.quantile(p))) }

    /// `P(Y ≤ x)` on the data's scale.
    public func cdf(_ x: Double) -> Double {
        if support != .real && x < 0 { return 0 }
        // A count is at most x when Z − 1 rounds to at most ⌊x⌋, that is Z < ⌊x⌋ + 1.5.
        let z = support == .count ? x.rounded(.down) + 1.5 : x
        guard spread > 0 else { return z < point ? 0 : 1 }
        if multiplicative {
            guard z > 0 else { return 0 }
            let offset = log(z / point)
            if offset >= Self.logCap { return 1 }
            if offset < -Self.logCap { return 0 }
            return law.cdf(offset / spread)
        }
        return law.cdf((z - point) / spread)
    }

    /// The expectation on the data's scale, by averaging the quantile function at the
    /// ``meanNodes`` midpoint probabilities `(i − ½)/M` (exact for the law's piecewise-linear body up
    /// to the quadrature; for counts it is the mean of whole numbers, so a series that never left 0
    /// has mean 0 until the upper tail reaches 1).
    public var mean: Double {
        var sum = 0.0
        let m = Self.meanNodes
        for i in 0..<(m / 2) {
            let v = law.absoluteQuantile(1 - (2 * Double(i) + 1) / Double(m))
            sum += dataValue(working(atError: -v)) + dataValue(working(atError: v))
        }
        return sum / Double(m)
    }
}
