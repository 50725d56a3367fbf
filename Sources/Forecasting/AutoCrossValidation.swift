import Foundation

/// The arithmetic behind ``AutoModel``: every member's forecasts from every cut of a series in one
/// pass, gap filling, and per-step medians.
extension AutoModel {
    /// Every usable member's forecasts from every cross-validation origin, `horizon` steps each
    /// (of which the first `min(horizon, n − origin)` are observed and scored), plus the full-data
    /// forecasts that came for free (Holt's grid search covers every prefix in one pass).
    struct CrossValidation {
        /// Forecasts, member-major, then origin, then step.
        let values: [Double]
        /// Full-data forecasts per member, where computed on the way (empty otherwise).
        let full: [[Double]]
        let originCount: Int
        let horizon: Int
        let origins: Range<Int>
        let n: Int

        /// Observed steps from origin number `originIndex`.
        func steps(_ originIndex: Int) -> Int { min(horizon, n - (origins.lowerBound + originIndex)) }

        /// Step `step` (0-based) of member `member`'s forecast from origin number `origin`.
        func value(member: Int, origin: Int, step: Int) -> Double {
            values[(member * originCount + origin) * horizon + step]
        }

        /// The full-data forecast of member `member`, if it was computed during cross-validation.
        func fullForecast(member: Int) -> [Double]? { full[member].isEmpty ? nil : full[member] }
    }

    /// Runs the cross-validation of `members` on `y` at `origins`.
    static func crossValidate(_ members: [AutoMember], _ y: [Double], origins: Range<Int>, horizon h: Int) -> CrossValidation {
        let n = y.count
        var values = [Double](repeating: 0, count: members.count * origins.count * h)
        var full = [[Double]](repeating: [], count: members.count)
        y.withUnsafeBufferPointer { series in
            values.withUnsafeMutableBufferPointer { output in
                for (index, member) in members.enumerated() {
                    let base = index * origins.count * h
                    if member == .holt {
                        SmoothingKernels.holtGrid(series, phis: [1], prefixes: (origins.first ?? n)...n) { length, fit in
                            if length == n {
                                var path = [Double](repeating: 0, count: h)
                                path.withUnsafeMutableBufferPointer { AutoMember.holtForecast(fit, into: $0) }
                                full[index] = path
                            } else {
                                let start = base + (length - origins.lowerBound) * h
                                AutoMember.holtForecast(fit, into: UnsafeMutableBufferPointer(rebasing: output[start..<(start + h)]))
                            }
                        }
                        continue
                    }
                    for (originIndex, origin) in origins.enumerated() {
                        let start = base + originIndex * h
                        member.forecast(UnsafeBufferPointer(rebasing: series[0..<origin]),
                                        into: UnsafeMutableBufferPointer(rebasing: output[start..<(start + h)]))
                    }
                }
            }
        }
        return CrossValidation(values: values, full: full, originCount: origins.count, horizon: h, origins: origins, n: n)
    }

    /// Values for every year from the first to the last, interior gaps filled linearly.
    static func filled(_ series: YearlySeries) -> [Double] {
        guard series.hasGaps else { return series.values }
        var values: [Double] = []
        for index in 0..<(series.count - 1) {
            let (year0, year1) = (series.years[index], series.years[index + 1])
            let (value0, value1) = (series.values[index], series.values[index + 1])
            for year in year0..<year1 {
                values.append(value0 + (value1 - value0) * Double(year - year0) / Double(year1 - year0))
            }
        }
        values.append(series.values[series.count - 1])
        return values
    }

    /// Per-step median of several paths (mean of the two middle values for an even count).
    static func median(_ paths: [[Double]]) -> [Double] {
        guard let length = paths.map(\.count).min() else { return [] }
        return withUnsafeTemporaryAllocation(of: Double.self, capacity: paths.count) { column in
            (0..<length).map { step in
                for (index, path) in paths.enumerated() { column[index] = path[step] }
                return sortedMedian(column)
            }
        }
    }

    /// Sorts `values` in place and returns their median (mean of the two middle values for an even
    /// count). The sort is the standard library's for short arrays (stable insertion sort by `<`; here
    /// each value is shifted into place instead of swapped step by step, with the same comparisons),
    /// so ties and signed zeros come out exactly as `sorted()` would order them; 7 or 8 values without
    /// NaN or zeros (the usual member count) go through a sorting network, which puts the same values
    /// in every position.
    static func sortedMedian(_ values: UnsafeMutableBufferPointer<Double>) -> Double {
        let count = values.count
        if (count == 7 || count == 8), values.allSatisfy({ $0 != 0 && !$0.isNaN }) {
            // Without NaN or zeros, equal values have equal bits, so any correct sort leaves the same values at
            // every position as the insertion sort below; a sorting network does it without data-dependent branches.
            sortByNetwork(values)
        } else if count > 1 {
            for end in 1..<count {
                let value = values[end]
                var index = end
                while index > 0, value < values[index - 1] {
                    values[index] = values[index - 1]
                    index -= 1
                }
                values[index] = value
            }
        }
        let middle = count / 2
        return count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2
    }

    /// Sorts 7 or 8 values that are neither NaN nor zero by the optimal sorting networks of 16 and 19
    /// compare-exchanges (Knuth, TAOCP 5.3.4).
    private static func sortByNetwork(_ values: UnsafeMutableBufferPointer<Double>) {
        @inline(__always) func order(_ i: Int, _ j: Int) {
            let a = values[i], b = values[j]
            values[i] = b < a ? b : a
            values[j] = b < a ? a : b
        }
        if values.count == 7 {
            order(0, 6); order(2, 3); order(4, 5)
            order(0, 2); order(1, 4); order(3, 6)
            order(0, 1); order(2, 5); order(3, 4)
            order(1, 2); order(4, 6)
            order(2, 3); order(4, 5)
            order(1, 2); order(3, 4); order(5, 6)
        } else {
            order(0, 2); order(1, 3); order(4, 6); order(5, 7)
            order(0, 4); order(1, 5); order(2, 6); order(3, 7)
            order(0, 1); order(2, 3); order(4, 5); order(6, 7)
            order(2, 4); order(3, 5)
            order(1, 4); order(3, 6)
            order(1, 2); order(3, 4); order(5, 6)
        }
    }
}
