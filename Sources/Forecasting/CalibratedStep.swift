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
    /// Non-negative whole numbers (counts of things). Models work on `y + 1`, which is positive; the
    /// expected count and its intervals are those of `X = max(0, z − 1)`, and every draw is a whole
    /// number, `⌊X + U⌋` with U uniform on [0, 1) (randomised rounding: the draws' mean is E X).
    case count

    /// The working-scale value of an observation (`y + 1` for counts).
    public func working(_ y: Double) -> Double { self == .count ? y + 1 : y }
}

/// One step of a calibrated forecast: a point forecast, the spread of the pooled out-of-sample errors
/// at this step, and the series' support.
///
/// On the working scale (the data, or `y + 1` for counts) the value is
/// `Z = point · exp(spread · V)` for a multiplicative (positive) series and `Z = point + spread · V`
/// otherwise, V distributed as ``law``, kept within ``lowest`` … ``highest`` (for a multiplicative
/// series 1/100 × and 100 × the last observed working value, for a count 100 × max(last count, 1),
/// so nothing lies beyond 100 × the last value, whatever the horizon; unbounded otherwise). The
/// data-scale value is
/// Z itself (``SeriesSupport/real``), `max(0, Z)` (``SeriesSupport/nonNegative``) or
/// `X = max(0, Z − 1)` (``SeriesSupport/count``: the expected count and its interval; draws are whole
/// numbers by randomised rounding of X, see ``PathSampler``). The point forecast is the median (V is
/// symmetric). A count's intervals are not whole numbers: an integer-valued interval could not hold
/// the mean of a series that has stayed at 0 (its 80 % interval would be 0 … 0 with a mean above 0).
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
    /// The smallest and largest working-scale values (−∞ and +∞ when unbounded).
    public let lowest: Double, highest: Double

    /// The bound on the ratio of a multiplicative step's values to the last observed value: 100.
    /// Number of midpoint probabilities of the quadrature that gives ``mean``.
    public static let meanNodes = 200
    /// The largest ratio of a multiplicative step's value to the last observed value (and of the
    /// last value to the step's smallest value).
    public static let largestRatio = 100.0

    /// Creates a step; see the type's discussion for the meaning of each part. `lastValue`: the
    /// last observed working-scale value, which bounds a multiplicative step.
    public init(point: Double, spread: Double, multiplicative: Bool, support: SeriesSupport, law: PooledErrorLaw,
                lastValue: Double) {
        self.point = point
        self.spread = spread
        self.multiplicative = multiplicative
        self.support = support
        self.law = law
        let bounded = multiplicative && lastValue > 0
        lowest = bounded ? lastValue / Self.largestRatio : -.infinity
        // A count's bound is on the count itself: at most 100 × max(last count, 1).
        highest = !bounded ? .infinity
            : support == .count ? Self.largestRatio * max(lastValue - 1, 1) + 1 : lastValue * Self.largestRatio
    }

    /// The working-scale value at standard error `v` of the law.
    @inline(__always)
    public func working(atError v: Double) -> Double {
        let z = multiplicative ? point * exp(spread * v) : point + spread * v
        return min(max(z, lowest), highest)
    }

    /// The data-scale value of working-scale value `z`.
    @inline(__always)
    public func dataValue(_ z: Double) -> Double {
        switch support {
        case .real: return z
        case .nonNegative: return z > 0 ? z : 0
        case .count: return z > 1 ? z - 1 : 0
        }
    }

    /// The `p`-quantile on the data's scale (0 < p < 1).
    public func quantile(_ p: Double) -> Double { dataValue(working(atError: law.quantile(p))) }

    /// `P(Y ≤ x)` on the data's scale.
    public func cdf(_ x: Double) -> Double {
        if support != .real && x < 0 { return 0 }
        let z = support == .count ? x + 1 : x
        if z >= highest { return 1 }
        if z < lowest { return 0 }
        guard spread > 0 else { return z < point ? 0 : 1 }
        if multiplicative { return z > 0 ? law.cdf(log(z / point) / spread) : 0 }
        return law.cdf((z - point) / spread)
    }

    /// The expectation on the data's scale, by averaging the quantile function at the
    /// ``meanNodes`` midpoint probabilities `(i − ½)/M` (the midpoint rule on the quantile function).
    public var mean: Double {
        var sum = 0.0
        for v in law.meanAbscissae {
            sum += dataValue(working(atError: -v)) + dataValue(working(atError: v))
        }
        return sum / Double(Self.meanNodes)
    }
}
