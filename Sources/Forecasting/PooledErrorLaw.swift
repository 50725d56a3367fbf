import Foundation
import LinearAlgebra

/// The law of a normalised forecast error V, learned from out-of-sample errors pooled over many
/// series: symmetric about 0, with |V| described by its quantiles at a fixed grid of probabilities.
///
/// |V| has the piecewise-linear quantile function through the ``knots`` at probabilities
/// `q_j = (j − ½)/K`, j = 1 … K (K = ``knotCount``), linear from 0 at q = 0 to the first knot, and an
/// exponential tail beyond the last knot, `Q(q) = knot_K − θ log((1 − q)/(1 − q_K))`, θ the mean
/// excess of the top tenth of the knots over the first of them. V itself is `±|V|` with equal
/// probability: `Q_V(p) = sign(p − ½) · Q_|V|(|2p − 1|)`. Unitless.
public struct PooledErrorLaw: Sendable, Equatable {
    /// Number of knots K.
    public static let knotCount = 200
    /// Fewest pooled errors from which the law is learned; with fewer, ``studentT4`` is used.
    public static let minimumErrors = 30
    /// Fewest series whose errors are pooled; with fewer, ``studentT4`` is used (one series' own
    /// errors can be degenerate, e.g. all 0 for an exactly linear history).
    public static let minimumSeries = 5

    /// Quantiles of |V| at `(j − ½)/K`, non-decreasing, already multiplied by the inflation.
    public let knots: [Double]
    /// Scale θ of the exponential tail beyond the last knot.
    public let tailScale: Double
    /// How many errors the law was learned from (0 for the fallback law).
    public let errorCount: Int

    /// The law of `inflation · |e|` for the pooled normalised errors `errors` (signs are ignored),
    /// through their empirical quantiles at plotting positions `(i − ½)/N`, when they come from
    /// `seriesCount` series; with fewer than ``minimumErrors`` errors or ``minimumSeries`` series,
    /// the ``studentT4`` law.
    public init(errors: [Double], seriesCount: Int, inflation: Double) {
        let sorted = Self.sortedMagnitudes(errors)
        guard sorted.count >= Self.minimumErrors, seriesCount >= Self.minimumSeries else {
            self = Self.studentT4
            return
        }
        let n = Double(sorted.count)
        let knots = (1...Self.knotCount).map { j -> Double in
            let q = (Double(j) - 0.5) / Double(Self.knotCount)
            let position = q * n - 0.5
            if position <= 0 { return inflation * sorted[0] * q / (0.5 / n) }
            if position >= n - 1 { return inflation * sorted[sorted.count - 1] }
            let low = Int(position.rounded(.down))
            let fraction = position - Double(low)
            return inflation * (sorted[low] + fraction * (sorted[low + 1] - sorted[low]))
        }
        self.init(knots: knots, errorCount: sorted.count)
    }

    /// `|e|` for the finite errors `e`, in increasing order: what `map(abs).filter(\.isFinite).sorted()` gives,
    /// by a radix sort of the bit patterns, whose order is that of the values for non-negative finite numbers
    /// (equal values have equal bits, so no order among ties can differ). Linear time: a file pools tens of
    /// thousands of errors.
    static func sortedMagnitudes(_ errors: [Double]) -> [Double] {
        var keys = errors.compactMap { $0.isFinite ? abs($0).bitPattern : nil }
        var scattered = [UInt64](repeating: 0, count: keys.count)
        var starts = [Int](repeating: 0, count: 257)
        for shift in stride(from: UInt64(0), to: 64, by: 8) {
            for digit in starts.indices { starts[digit] = 0 }
            for key in keys { starts[Int((key >> shift) & 0xFF) + 1] += 1 }
            if starts.contains(keys.count) { continue }   // one digit for every key: the pass would change nothing
            for digit in 1...256 { starts[digit] += starts[digit - 1] }
            for key in keys {
                let digit = Int((key >> shift) & 0xFF)
                scattered[starts[digit]] = key
                starts[digit] += 1
            }
            swap(&keys, &scattered)
        }
        return keys.map { Double(bitPattern: $0) }
    }

    /// A law from its knots (non-decreasing, ``knotCount`` of them).
    init(knots: [Double], errorCount: Int) {
        self.knots = knots
        let top = knots.suffix(Self.knotCount / 10)
        let start = top.first ?? 0
        tailScale = max(top.reduce(0) { $0 + ($1 - start) } / Double(max(top.count, 1)), 1e-9)
        self.errorCount = errorCount
    }

    /// The fallback: V Student t with 4 degrees of freedom (no inflation), used when too few errors
    /// were pooled to learn the law.
    public static let studentT4: PooledErrorLaw = {
        let t = StudentT(degreesOfFreedom: 4)
        let knots = (1...knotCount).map { j in t.quantile(0.5 + 0.5 * (Double(j) - 0.5) / Double(knotCount)) }
        return PooledErrorLaw(knots: knots, errorCount: 0)
    }()

    /// Probability of the first knot, `1/(2K)`.
    private static let firstProbability = 0.5 / Double(knotCount)
    /// Probability of the last knot, `1 − 1/(2K)`.
    private static let lastProbability = 1 - 0.5 / Double(knotCount)

    /// The `q`-quantile of |V| (0 ≤ q < 1).
    @inline(__always)
    public func absoluteQuantile(_ q: Double) -> Double {
        Self.absoluteQuantile(q, knots: knots, tailScale: tailScale)
    }

    /// The `q`-quantile of |V| for a law with `knots` and tail scale `tailScale`.
    @inline(__always)
    private static func absoluteQuantile(_ q: Double, knots: [Double], tailScale: Double) -> Double {
        let position = q * Double(knotCount) - 0.5
        if position <= 0 { return knots[0] * q / firstProbability }
        if position >= Double(knotCount - 1) {
            return knots[knotCount - 1] - tailScale * log((1 - q) / (1 - lastProbability))
        }
        let low = Int(position)
        let fraction = position - Double(low)
        return knots[low] + fraction * (knots[low + 1] - knots[low])
    }

    /// `P(|V| ≤ a)`.
    public func absoluteCDF(_ a: Double) -> Double {
        guard a > 0 else { return 0 }
        let first = knots[0], last = knots[Self.knotCount - 1]
        if a < first { return Self.firstProbability * a / first }
        if a >= last { return 1 - (1 - Self.lastProbability) * exp(-(a - last) / tailScale) }
        var low = 0, high = Self.knotCount - 1   // knots[low] ≤ a < knots[high]
        while high - low > 1 {
            let middle = (low + high) / 2
            if knots[middle] <= a { low = middle } else { high = middle }
        }
        let width = knots[high] - knots[low]
        let fraction = width > 0 ? (a - knots[low]) / width : 0
        return (Double(low) + 0.5 + fraction) / Double(Self.knotCount)
    }

    /// The `p`-quantile of V (0 < p < 1).
    @inline(__always)
    public func quantile(_ p: Double) -> Double {
        let magnitude = absoluteQuantile(abs(2 * p - 1))
        return p < 0.5 ? -magnitude : magnitude
    }

    /// `P(V ≤ v)`.
    public func cdf(_ v: Double) -> Double {
        let half = 0.5 * absoluteCDF(abs(v))
        return v < 0 ? 0.5 - half : 0.5 + half
    }
}
