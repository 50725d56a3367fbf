import Foundation

/// The timing of one benchmark case.
struct BenchResult {
    /// Case name, e.g. `independent`.
    let name: String
    /// Median wall-clock seconds of one run of the case.
    let medianSeconds: Double
    /// Number of timed repetitions.
    let repeats: Int
    /// Number of least-squares fits (right-hand sides) one run performs.
    let fits: Int
    /// Sum of all fitted coefficients of the last run, for comparing with the peer.
    let checksum: Double

    /// One JSON line or one CSV row; numbers with 17 significant digits (checksum) or 6 (times).
    func rendered(suite: String, format: BenchCommand.OutputFormat) -> String {
        let median = String(format: "%.6e", medianSeconds)
        let perFit = String(format: "%.6g", medianSeconds / Double(fits) * 1e9)
        let sum = String(format: "%.17g", checksum)
        switch format {
        case .jsonl:
            return "{\"suite\":\"\(suite)\",\"case\":\"\(name)\",\"median_seconds\":\(median),\"per_fit_ns\":\(perFit),"
                + "\"repeats\":\(repeats),\"fits\":\(fits),\"checksum\":\(sum)}"
        case .csv:
            return "\(suite),\(name),\(median),\(perFit),\(repeats),\(fits),\(sum)"
        }
    }
}

/// A counter-based generator (SplitMix64's output function applied to `seed + (key + 1)·γ`):
/// value `(stream, index)` depends on nothing else, so any language can reproduce the data exactly.
struct BenchData {
    /// The seed shared by all streams.
    let seed: UInt64

    /// A uniform double in [0, 1) with 53 random bits: element `index` of stream `stream`.
    @inline(__always)
    func uniform(stream: UInt64, index: Int) -> Double {
        let key = UInt64(index) &+ (stream << 40)
        var z = seed &+ (key &+ 1) &* 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return Double(z >> 11) * 0x1p-53
    }

    /// Noise with mean 0 and standard deviation `sd`: a scaled sum of three uniforms (streams
    /// `stream`, `stream + 1`, `stream + 2`), evaluated in a fixed order so it is reproducible.
    @inline(__always)
    func noise(stream: UInt64, index: Int, sd: Double) -> Double {
        let sum = uniform(stream: stream, index: index) + uniform(stream: stream + 1, index: index)
            + uniform(stream: stream + 2, index: index)
        return (sum - 1.5) * (2 * sd)
    }
}
