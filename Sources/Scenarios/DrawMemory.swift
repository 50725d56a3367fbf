import Foundation

// How much memory the draws of a run need, and how many projections may be drawn at once: the check
// that refuses, before any work, a run whose draws cannot fit, instead of letting it abort.

/// The memory the draws of a run hold, estimated from its layout before anything is fitted, and the
/// number of projections that may be drawn at the same time within the memory available.
///
/// Each thread holds the draws of one projection (see ``ScenarioEngine``). A projection drawn whole
/// holds, per draw, its baseline paths (`paths × years`), the values of every series under every
/// scenario (`series × scenarios × years`, the zone's running sum included), its common draws
/// (elasticity, factor product, member shares) and a few columns of working space (summaries and gap
/// rows); at level `regions` one region's share of that, whatever the number of regions. Every number
/// is a double of 8 bytes. The estimate is about 6 % above the peak resident memory measured for
/// `scenarios/sunan-2020.yaml` (2.66 GB estimated, 2.50 GB measured at 1,000,000 draws).
public struct DrawMemory: Sendable, Equatable {
    /// Bytes per draw held at the peak by each projection, in the order of the specification.
    public let bytesPerDraw: [Int]
    /// Draws per scenario.
    public let draws: Int

    /// Columns of working space per projection beyond its stored draws: the summary's scratch copy,
    /// the scenario kernel's temporary columns and the per-draw arrays of the gap rows.
    static let workingColumns = 8

    /// The fraction of the available memory the draws may take; the rest is left to the data, the
    /// results, the output being written and the rest of the machine.
    public static let usableFraction = 0.8

    /// The estimate for the `projections` of a run of `inputs` (those of the file and those added for
    /// targets it does not project) at `draws` draws per scenario over `years` projected years.
    public init(_ inputs: ScenarioInputs, projections: [ProjectionSpecification], draws: Int, years: Int) {
        let scenarios = inputs.specification.scenarios.count
        bytesPerDraw = projections.map { projection in
            let layout = ScenarioEngine.ProjectionLayout(projection, inputs: inputs)
            let driver = layout.hasDriver ? 1 : 0, zone = layout.hasZone ? 1 : 0
            let drawnRegions = projection.level == .regions ? min(1, layout.sources.count) : layout.sources.count
            let paths = drawnRegions * (1 + driver)
            let series = paths + layout.shares.count + zone
            let columns = paths * years + series * scenarios * years + 2 + layout.shares.count + Self.workingColumns
            return columns * MemoryLayout<Double>.size
        }
        self.draws = draws
    }

    /// Bytes held by projection `index` at its peak.
    public func bytes(ofProjection index: Int) -> Double { Double(bytesPerDraw[index]) * Double(draws) }

    /// How many projections may be drawn at once (at most `cores`) so that the draws of the largest
    /// ones together fit in `availableBytes` × ``usableFraction``.
    /// - Throws: ``ScenarioError/invalid(_:)`` when even the largest projection alone does not fit,
    ///   naming it, its size, the memory available and the most draws that would fit.
    public func threads(cores: Int, availableBytes: Double, projectionNames: [String]) throws -> Int {
        guard !bytesPerDraw.isEmpty else { return max(1, cores) }
        let budget = availableBytes * Self.usableFraction
        let largestFirst = bytesPerDraw.indices.sorted { bytesPerDraw[$0] > bytesPerDraw[$1] }
        var held = 0.0, threads = 0
        for index in largestFirst.prefix(max(1, cores)) {
            held += bytes(ofProjection: index)
            guard held <= budget else { break }
            threads += 1
        }
        guard threads == 0 else { return threads }
        let largest = largestFirst[0]
        let fitting = Self.roundedDown(Int(budget / Double(bytesPerDraw[largest])))
        let advice = fitting >= 1
            ? "at most \(Self.grouped(fitting)) draws per scenario fit (set --draws or simulation.draws)"
            : "not even one draw fits; free memory or split the scenario file"
        throw ScenarioError.invalid("\(Self.grouped(draws)) draws per scenario do not fit in memory: projection \(largest + 1) "
            + "(\(projectionNames[largest])) alone would hold about \(Self.size(bytes(ofProjection: largest))) of draws, and "
            + "\(Self.size(budget)) of the \(Self.size(availableBytes)) available may be used; \(advice)")
    }

    /// The memory available to this process now, in bytes: the smallest of the kernel's estimate of
    /// available memory (`MemAvailable` in /proc/meminfo), what the control group still allows
    /// (cgroup v2 `memory.max` − `memory.current`) and the physical memory.
    public static func availableBytes() -> Double {
        var available = Double(ProcessInfo.processInfo.physicalMemory)
        if let text = try? String(contentsOfFile: "/proc/meminfo", encoding: .utf8),
           let line = text.split(separator: "\n").first(where: { $0.hasPrefix("MemAvailable:") }),
           let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) {
            available = min(available, kilobytes * 1024)
        }
        if let limit = number(inFile: "/sys/fs/cgroup/memory.max"), let current = number(inFile: "/sys/fs/cgroup/memory.current") {
            available = min(available, max(0, limit - current))
        }
        return available
    }

    /// The number a one-line file holds, nil when it is missing or not a number (`max`).
    private static func number(inFile path: String) -> Double? {
        (try? String(contentsOfFile: path, encoding: .utf8)).flatMap { Double($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    /// `count` rounded down to two significant digits (1,234,567 → 1,200,000).
    static func roundedDown(_ count: Int) -> Int {
        guard count >= 100 else { return count }
        var unit = 1
        while count / unit >= 100 { unit *= 10 }
        return count / unit * unit
    }

    /// `count` with thousands separators (10,000,000).
    static func grouped(_ count: Int) -> String {
        let digits = String(count)
        var result = ""
        for (offset, digit) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return result
    }

    /// Bytes in MB, GB or TB, three significant digits.
    static func size(_ bytes: Double) -> String {
        let units: [(Double, String)] = [(1e12, "TB"), (1e9, "GB"), (1e6, "MB")]
        for (scale, name) in units where bytes >= scale { return String(format: "%.3g", bytes / scale) + " " + name }
        return String(format: "%.3g", bytes / 1e3) + " kB"
    }
}
