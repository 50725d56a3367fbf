import Foundation

/// "Nice" axis ticks: steps of 1, 2 or 5 times a power of ten, covering a data range with about the
/// requested number of ticks (loose labelling as in Heckbert's "Nice numbers for graph labels": the
/// first and last ticks enclose the data).
public enum NiceScale {
    /// The nice step (1, 2 or 5 × 10ⁿ) closest above `range / (count − 1)`.
    /// - Parameters:
    ///   - range: the span to cover (positive).
    ///   - count: the wanted number of ticks (at least 2).
    public static func step(range: Double, count: Int) -> Double {
        let intervals = Double(max(count, 2) - 1)
        let rough = range / intervals
        guard rough.isFinite, rough > 0 else { return 1 }
        let magnitude = pow(10, floor(log10(rough)))
        let residual = rough / magnitude
        let nice: Double
        if residual <= 1 + 1e-9 {
            nice = 1
        } else if residual <= 2 + 1e-9 {
            nice = 2
        } else if residual <= 5 + 1e-9 {
            nice = 5
        } else {
            nice = 10
        }
        return nice * magnitude
    }

    /// Ticks covering `[lower, upper]`: multiples of the smallest nice step for which the ticks from the
    /// last one at or below `lower` to the first one at or above `upper` number at most `count + 1`. A
    /// zero-width range is widened around its value first; with `integers` the step is at least 1 (for
    /// years and counts). Non-finite bounds give `[0, 1]`. Tick values are rounded to the step's
    /// decimals, so they print without binary noise.
    public static func ticks(lower: Double, upper: Double, count: Int = 5, integers: Bool = false) -> [Double] {
        guard lower.isFinite, upper.isFinite else { return [0, 1] }
        var low = min(lower, upper)
        var high = max(lower, upper)
        if high - low < 1e-12 * max(1, abs(high)) {
            let pad = low == 0 ? 1 : abs(low) * 0.1
            low -= pad
            high += pad
        }
        let wanted = max(count, 2)
        let exponent = floor(log10((high - low) / Double(wanted - 1)))
        var candidates: [Double] = []
        for power in [exponent - 1, exponent, exponent + 1, exponent + 2] {
            for multiple in [1.0, 2, 5] { candidates.append(multiple * pow(10, power)) }
        }
        if integers { candidates = candidates.filter { $0 >= 1 - 1e-9 }.map { $0.rounded() } + [1] }
        candidates.sort()
        func span(_ step: Double) -> (first: Double, last: Double) {
            (floor(low / step + 1e-9), ceil(high / step - 1e-9))
        }
        let stepValue = candidates.first { step in
            let (first, last) = span(step)
            return last - first + 1 <= Double(wanted + 1)
        } ?? candidates.last ?? 1
        let (first, last) = span(stepValue)
        let places = decimals(step: stepValue)
        let scale = pow(10, Double(places))
        return stride(from: first, through: last, by: 1).map { index in
            let value = (index * stepValue * scale).rounded() / scale
            return value == 0 ? 0 : value
        }
    }

    /// The number of decimals needed to print multiples of `step` exactly (0 for steps ≥ 1).
    public static func decimals(step: Double) -> Int {
        guard step.isFinite, step > 0 else { return 0 }
        return max(0, -Int(floor(log10(step) + 1e-9)))
    }

    /// A tick value printed with `decimals` fixed decimals (no exponent, no negative zero).
    public static func label(_ value: Double, decimals: Int) -> String {
        NumberText.positional(value, decimals: decimals)
    }
}
