import Foundation

// From draws to summaries: the cells of a series, and the mean, standard error and quantiles of a
// sample with the order statistics they need.

extension ScenarioEngine {
    /// The cells of every series, ordered by scenario, then series, then year.
    static func summarise(_ draws: [SeriesDraws], scenarios: [ScenarioCase], years: [Int]) -> [ProjectionCell] {
        var scratch: [Double] = []
        let perSeries = draws.map { cells(of: $0, scenarios: scenarios, years: years, scratch: &scratch) }
        return scenarios.indices.flatMap { s in perSeries.flatMap { $0[s] } }
    }

    /// The cells of one series, `[scenario][year]`; `scratch` is a reusable buffer for the quantiles.
    static func cells(of series: SeriesDraws, scenarios: [ScenarioCase], years: [Int], scratch: inout [Double]) -> [[ProjectionCell]] {
        let probabilities = [0.025, 0.10, 0.5, 0.90, 0.975]
        return scenarios.enumerated().map { s, scenario in
            let moments = DrawSummary.moments(series.values[s])
            return years.enumerated().map { k, year in
                let q = DrawSummary.quantiles(series.values[s][k], probabilities, scratch: &scratch)
                return ProjectionCell(scenario: scenario.name, region: series.region, indicator: series.indicator,
                                      unit: series.unit.code, year: year, model: series.model,
                                      mean: moments[k].mean, meanStandardError: moments[k].meanStandardError,
                                      median: q[2], lo80: q[1], hi80: q[3], lo95: q[0], hi95: q[4], kind: series.kind)
            }
        }
    }
}

extension ScenarioEngine {
    /// Throws when a cell's number is not finite — a blank or a NaN where a number is due — saying which
    /// series and why: the projection itself overflows (a cell of a scenario that keeps the driver's
    /// baseline is not finite), or a scenario's change of the driver, raised to the elasticity draws,
    /// does. The file's limits (``ScenarioSchema/Limits``) keep valid inputs far from either.
    static func checkFinite(_ cells: [ProjectionCell], scenarios: [ScenarioCase]) throws {
        func isFinite(_ cell: ProjectionCell) -> Bool {
            [cell.mean, cell.meanStandardError, cell.median, cell.lo80, cell.hi80, cell.lo95, cell.hi95].allSatisfy(\.isFinite)
        }
        let failing = cells.filter { !isFinite($0) }
        guard !failing.isEmpty else { return }
        let baselines = Set(scenarios.filter { $0.driver == .baseline }.map(\.name))
        let largest = "the largest number a double holds (about 1.8e308)"
        if let cell = failing.first(where: { baselines.contains($0.scenario) }) {
            throw ScenarioError.invalid("the projection of \(cell.region)/\(cell.indicator) in \(cell.year) exceeds \(largest) in some draws, "
                + "before any scenario changes it: its model (\(cell.model)) extrapolates the data beyond any number; check the data's values and units")
        }
        let cell = failing[0]
        throw ScenarioError.invalid("scenario ‘\(cell.scenario)’: \(cell.region)/\(cell.indicator) in \(cell.year) exceeds \(largest) in some draws: "
            + "the scenario's change of the driver, raised to the elasticity drawn, overflows; move the driver less far from its baseline")
    }
}

/// Mean, Monte Carlo standard error and quantiles of a sample of draws.
///
/// The quantiles are those of the sorted sample (type 7), but only the order statistics that the
/// requested probabilities need are put in place (``OrderStatistics/select(_:ranks:)``): the same
/// values as a full sort, for a fraction of its cost. A sample of whole numbers (the draws of a count)
/// has mid-quantiles instead (``midQuantiles(sorted:_:)``), which interpolate between its values, so
/// that an interval can hold the mean of a count that is mostly 0.
struct DrawSummary {
    /// The probabilities of the 80 % and 95 % intervals and the median: 0.025, 0.10, 0.5, 0.90, 0.975.
    static let intervalProbabilities = [0.025, 0.10, 0.5, 0.90, 0.975]

    /// The draws, rearranged so that every order statistic in ``ranks`` is at its sorted position.
    private let ordered: [Double]
    /// The sorted positions put in place.
    private let ranks: [Int]
    /// The mid-quantiles at the prepared probabilities of a sample of whole numbers; nil otherwise.
    private let wholeNumberQuantiles: [Double: Double]?
    let mean: Double
    let meanStandardError: Double

    /// Summarises `values`, preparing the quantiles of `probabilities` (the intervals' by default).
    init(_ values: [Double], quantiles probabilities: [Double] = DrawSummary.intervalProbabilities) {
        (mean, meanStandardError) = Self.moments([values])[0]
        if Self.areWholeNumbers(values) {
            let sorted = values.sorted()
            wholeNumberQuantiles = Dictionary(uniqueKeysWithValues: zip(probabilities, Self.midQuantiles(sorted: sorted, probabilities)))
            ordered = sorted
            ranks = []
            return
        }
        wholeNumberQuantiles = nil
        let ranks = Self.ranks(probabilities, count: values.count)
        var ordered = values
        ordered.withUnsafeMutableBufferPointer { OrderStatistics.select($0, ranks: ranks) }
        self.ordered = ordered
        self.ranks = ranks
    }

    /// Whether `values` has two or more values, all whole numbers (stops at the first that is not).
    static func areWholeNumbers(_ values: [Double]) -> Bool {
        values.count > 1 && !values.contains { $0 != $0.rounded() }
    }

    /// The mid-quantiles of a sample of whole numbers at `probabilities` (Ma, Genton and Parzen 2011):
    /// with the distinct values v₁ < … < v_m and their shares p_j, the mid-distribution function is
    /// `F(v_j) = p₁ + … + p_{j−1} + p_j / 2`; the p-quantile interpolates linearly between the points
    /// `(F(v_j), v_j)`, and is v₁ below F(v₁) and v_m above F(v_m). For distinct values it is the
    /// type 5 quantile.
    static func midQuantiles(sorted: [Double], _ probabilities: [Double]) -> [Double] {
        guard let first = sorted.first else { return probabilities.map { _ in .nan } }
        let n = Double(sorted.count)
        var values: [Double] = [], levels: [Double] = []
        var start = 0
        while start < sorted.count {
            var end = start + 1
            while end < sorted.count && sorted[end] == sorted[start] { end += 1 }
            values.append(sorted[start])
            levels.append((Double(start) + Double(end - start) / 2) / n)
            start = end
        }
        return probabilities.map { p in
            if p <= levels[0] { return first }
            guard let upper = levels.firstIndex(where: { $0 >= p }) else { return values[values.count - 1] }
            let lower = upper - 1
            return values[lower] + (values[upper] - values[lower]) * (p - levels[lower]) / (levels[upper] - levels[lower])
        }
    }

    /// The mean and its Monte Carlo standard error (sample standard deviation / √n) of each sample; all
    /// samples have one length. Each sum runs over the draws in order (`Σ x`, then `Σ (x − mean)²`), four
    /// samples at a time in the lanes of a SIMD vector, so the results are those of plain sequential sums.
    static func moments(_ samples: [[Double]]) -> [(mean: Double, meanStandardError: Double)] {
        var result: [(mean: Double, meanStandardError: Double)] = []
        result.reserveCapacity(samples.count)
        var start = 0
        while start < samples.count {
            let lanes = min(4, samples.count - start)
            let last = start + lanes - 1
            let n = samples[start].count
            precondition((start...last).allSatisfy { samples[$0].count == n }, "samples of different lengths")
            let count = Double(n)
            samples[start].withUnsafeBufferPointer { a in
                samples[min(start + 1, last)].withUnsafeBufferPointer { b in
                    samples[min(start + 2, last)].withUnsafeBufferPointer { c in
                        samples[min(start + 3, last)].withUnsafeBufferPointer { d in
                            var sum = SIMD4<Double>(repeating: 0)
                            for i in 0..<n { sum += SIMD4(a[i], b[i], c[i], d[i]) }
                            let mean = sum / count
                            var squares = SIMD4<Double>(repeating: 0)
                            if n > 1 {
                                for i in 0..<n {
                                    let deviation = SIMD4(a[i], b[i], c[i], d[i]) - mean
                                    squares += deviation * deviation
                                }
                            }
                            let variance = n > 1 ? squares / (count - 1) : SIMD4(repeating: 0)
                            let standardError = (variance / count).squareRoot()
                            for lane in 0..<lanes { result.append((mean[lane], standardError[lane])) }
                        }
                    }
                }
            }
            start += lanes
        }
        return result
    }

    /// The quantiles (type 7; mid-quantiles for whole numbers) of `values` at `probabilities`, selecting the
    /// order statistics in `scratch` (resized as needed, so that one buffer serves many samples).
    static func quantiles(_ values: [Double], _ probabilities: [Double], scratch: inout [Double]) -> [Double] {
        guard !values.isEmpty else { return probabilities.map { _ in .nan } }
        if areWholeNumbers(values) { return midQuantiles(sorted: values.sorted(), probabilities) }
        let ranks = ranks(probabilities, count: values.count)
        if scratch.count != values.count { scratch = values } else { scratch.withUnsafeMutableBufferPointer { target in
            values.withUnsafeBufferPointer { source in target.baseAddress!.update(from: source.baseAddress!, count: source.count) }
        } }
        scratch.withUnsafeMutableBufferPointer { OrderStatistics.select($0, ranks: ranks) }
        return probabilities.map { interpolate($0, ordered: scratch) }
    }

    /// The order statistics the quantiles of `probabilities` need among `count` values, ascending.
    private static func ranks(_ probabilities: [Double], count: Int) -> [Int] {
        guard count > 0 else { return [] }
        return Array(Set(probabilities.flatMap { p -> [Int] in
            let (lower, upper) = positions(p, count: count)
            return [lower, upper]
        })).sorted()
    }

    /// The order statistics around the p-quantile (type 7) of `count` values.
    private static func positions(_ p: Double, count: Int) -> (lower: Int, upper: Int) {
        let position = p * Double(count - 1)
        let lower = Int(position.rounded(.down))
        return (lower, min(lower + 1, count - 1))
    }

    /// The p-quantile from values whose order statistics around it are in place.
    private static func interpolate(_ p: Double, ordered: [Double]) -> Double {
        let (lower, upper) = positions(p, count: ordered.count)
        let position = p * Double(ordered.count - 1)
        let fraction = position - Double(lower)
        return ordered[lower] + (ordered[upper] - ordered[lower]) * fraction
    }

    /// The p-quantile with linear interpolation between order statistics (type 7; the mid-quantile of
    /// whole numbers); `p` must be one of the probabilities the summary was made for.
    func quantile(_ p: Double) -> Double {
        guard !ordered.isEmpty else { return .nan }
        if let wholeNumberQuantiles {
            guard let value = wholeNumberQuantiles[p] else { preconditionFailure("quantile \(p) was not prepared by this summary") }
            return value
        }
        let (lower, upper) = Self.positions(p, count: ordered.count)
        precondition(ranks.contains(lower) && ranks.contains(upper), "quantile \(p) was not prepared by this summary")
        return Self.interpolate(p, ordered: ordered)
    }
}

/// Selection of order statistics without a full sort.
enum OrderStatistics {
    /// Rearranges `values` so that `values[k]` is the k-th smallest (0-based, as after sorting) for
    /// every k in `ranks` (ascending, within bounds). A quickselect on all the ranks at once: a
    /// branch-free Lomuto partition around a median-of-three pivot, recursing only into parts that
    /// hold a rank; small parts, and recursions past 2 log₂ n levels (many ties), are sorted instead.
    static func select(_ values: UnsafeMutableBufferPointer<Double>, ranks: [Int]) {
        guard !ranks.isEmpty, values.count > 1, let base = values.baseAddress else { return }
        let depth = 2 * (Int.bitWidth - values.count.leadingZeroBitCount)
        ranks.withUnsafeBufferPointer { selectRanks(base, 0, values.count, ranks: $0, 0, $0.count, depth: depth) }
    }

    /// Puts ranks `ranks[first ..< last]` in place within `a[lo ..< hi]`.
    private static func selectRanks(_ a: UnsafeMutablePointer<Double>, _ lo: Int, _ hi: Int,
                                    ranks: UnsafeBufferPointer<Int>, _ first: Int, _ last: Int, depth: Int) {
        guard first < last else { return }
        if hi - lo <= 32 {
            insertionSort(a, lo, hi)
            return
        }
        if depth == 0 {
            var part = UnsafeMutableBufferPointer(start: a + lo, count: hi - lo)
            part.sort()
            return
        }
        // Median of a[lo], a[mid], a[hi − 1] moved to a[hi − 1] as the pivot.
        let mid = lo + (hi - lo) / 2
        if a[mid] < a[lo] { swap(a, lo, mid) }
        if a[hi - 1] < a[lo] { swap(a, lo, hi - 1) }
        if a[mid] < a[hi - 1] { swap(a, mid, hi - 1) }
        let pivot = a[hi - 1]
        // Invariant: a[lo ..< store] < pivot ≤ a[store ..< i]; no branch on the comparison.
        var store = lo
        for i in lo..<(hi - 1) {
            let x = a[i]
            let smaller = x < pivot
            a[i] = a[store]
            a[store] = x
            store += smaller ? 1 : 0
        }
        a[hi - 1] = a[store]
        a[store] = pivot
        // The pivot is at its sorted position `store`.
        var split = first
        while split < last && ranks[split] < store { split += 1 }
        var resume = split
        while resume < last && ranks[resume] <= store { resume += 1 }
        selectRanks(a, lo, store, ranks: ranks, first, split, depth: depth - 1)
        selectRanks(a, store + 1, hi, ranks: ranks, resume, last, depth: depth - 1)
    }

    @inline(__always)
    private static func swap(_ a: UnsafeMutablePointer<Double>, _ i: Int, _ j: Int) {
        let x = a[i]
        a[i] = a[j]
        a[j] = x
    }

    private static func insertionSort(_ a: UnsafeMutablePointer<Double>, _ lo: Int, _ hi: Int) {
        guard hi - lo > 1 else { return }
        for i in (lo + 1)..<hi {
            let x = a[i]
            var j = i - 1
            while j >= lo && a[j] > x {
                a[j + 1] = a[j]
                j -= 1
            }
            a[j + 1] = x
        }
    }
}
