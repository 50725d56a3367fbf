import Foundation

extension PredictiveDistribution {
    /// Number of midpoint levels of ``crps(_:)``.
    public static let crpsLevels = 100

    /// The continuous ranked probability score of this distribution for the outcome `y`, in the
    /// series' unit (lower is better; for a point mass it is the absolute error), by quantile
    /// averaging: `CRPS ≈ (2/M) Σ_m QS_τm(Q(τm), y)` over the M = 100 midpoint levels
    /// `τm = (m − ½)/M`, with the pinball loss `QS_τ(q, y) = (1{y < q} − τ)(q − y)`.
    ///
    /// The exact CRPS is `2 ∫₀¹ QS_τ(Q(τ), y) dτ`; the midpoint rule leaves out nothing but the
    /// quadrature error (for a normal distribution about 0.2 % of its value), and it needs only
    /// quantiles, so statsforecast's peers are scored the same way (Benchmarks/province_panel.py).
    public func crps(_ y: Double) -> Double {
        let m = Self.crpsLevels
        var sum = 0.0
        for index in 0..<m {
            let tau = (Double(index) + 0.5) / Double(m)
            let q = quantile(tau)
            sum += ((y < q ? 1 : 0) - tau) * (q - y)
        }
        return 2 * sum / Double(m)
    }
}

/// One predicted probability of an event and whether the event happened.
public struct Exceedance: Sendable, Equatable {
    /// The predicted probability.
    public let predicted: Double
    /// Whether it happened.
    public let happened: Bool
}

/// A reliability table: predicted probabilities binned by decile against the observed frequency
/// of the event. A calibrated forecaster's bins have observed frequencies close to their mean
/// predicted probabilities.
///
/// In `sunan backtest` the events are exceedances, `y > (1 + c) · last observed value` for
/// c in ``thresholds``, at every forecast step.
public struct ReliabilityTable: Sendable, Equatable {
    /// Relative thresholds of the exceedance events: ±10, ±20 and ±30 % of the last observed value.
    public static let thresholds: [Double] = [-0.3, -0.2, -0.1, 0.1, 0.2, 0.3]

    /// One decile of predicted probability.
    public struct Bin: Sendable, Equatable {
        /// The bin holds predictions in `[lower, lower + 0.1)` (the last one includes 1).
        public let lower: Double
        /// Number of predictions in the bin.
        public let cases: Int
        /// Their mean predicted probability (NaN when empty).
        public let meanPredicted: Double
        /// How often the event happened among them (NaN when empty).
        public let observedFrequency: Double
    }

    /// The ten bins, lowest first.
    public let bins: [Bin]

    /// Bins `events` by decile of the predicted probability.
    public init(_ events: [Exceedance]) {
        var cases = [Int](repeating: 0, count: 10), predicted = [Double](repeating: 0, count: 10)
        var happened = [Int](repeating: 0, count: 10)
        for event in events where event.predicted.isFinite {
            let bin = min(max(Int(event.predicted * 10), 0), 9)
            cases[bin] += 1
            predicted[bin] += event.predicted
            if event.happened { happened[bin] += 1 }
        }
        bins = (0..<10).map { bin in
            Bin(lower: Double(bin) / 10, cases: cases[bin],
                meanPredicted: cases[bin] > 0 ? predicted[bin] / Double(cases[bin]) : .nan,
                observedFrequency: cases[bin] > 0 ? Double(happened[bin]) / Double(cases[bin]) : .nan)
        }
    }

    /// The largest |mean predicted − observed frequency| over bins with at least `minimumCases`
    /// predictions (0 when there is none).
    public func largestDeviation(minimumCases: Int = 100) -> Double {
        bins.filter { $0.cases >= minimumCases }.map { abs($0.meanPredicted - $0.observedFrequency) }.max() ?? 0
    }
}
