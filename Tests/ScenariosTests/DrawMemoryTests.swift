import Foundation
@testable import Scenarios
import SunanTestSupport
import Testing

/// Issue 14, item 8: the memory the draws of a run need, the number of projections drawn at once, and
/// the refusal before any work of a run whose draws cannot fit.
@Suite(.tags(.specification)) struct DrawMemoryTests {
    /// `scenarios/sunan-2020.yaml` at 1,000,000 draws over its 4 projected years (2018–2021), 5 scenarios.
    static func shipped() throws -> DrawMemory {
        let inputs = try Repository.inputs("scenarios/sunan-2020.yaml")
        let years = Array(inputs.specification.projectionYears)
        return DrawMemory(inputs, projections: try ScenarioEngine.runProjections(inputs, years: years).projections, draws: 1_000_000,
                          years: years.count)
    }

    @Test("the estimate counts paths, series × scenarios × years, common draws and working columns", .tags(.reference))
    func estimateOfTheShippedScenario() throws {
        let memory = try Self.shipped()
        // Projection 1 (level parent, a driver, 5 member shares, a zone): 2 paths × 4 years, 8 series × 5
        // scenarios × 4 years, 2 + 5 common columns, 8 working columns. Projection 2 (level members, 5
        // cities, no driver, the zone): 5 × 4, 6 × 5 × 4, 2, 8.
        #expect(memory.bytesPerDraw == [(8 + 160 + 7 + 8) * 8, (20 + 120 + 2 + 8) * 8])
        // Measured peak resident memory of `sunan run` at 1,000,000 draws: 2.50 GB (2,439,516 kB).
        let measured = 2_439_516.0 * 1024
        let estimated = memory.bytes(ofProjection: 0) + memory.bytes(ofProjection: 1)
        #expect(estimated >= measured && estimated <= 1.2 * measured)
    }

    @Test("as many projections are drawn at once as fit, down to one")
    func threads() throws {
        let memory = try Self.shipped()
        let names = ["one", "two"]
        let both = (memory.bytes(ofProjection: 0) + memory.bytes(ofProjection: 1)) / DrawMemory.usableFraction
        #expect(try memory.threads(cores: 2, availableBytes: both * 1.01, projectionNames: names) == 2)
        #expect(try memory.threads(cores: 8, availableBytes: both * 1.01, projectionNames: names) == 2)
        #expect(try memory.threads(cores: 1, availableBytes: both * 1.01, projectionNames: names) == 1)
        #expect(try memory.threads(cores: 2, availableBytes: both * 0.99, projectionNames: names) == 1)
        let largest = memory.bytes(ofProjection: 0) / DrawMemory.usableFraction
        #expect(try memory.threads(cores: 2, availableBytes: largest * 1.01, projectionNames: names) == 1)
    }

    @Test("a run whose largest projection cannot fit is refused, naming it and the draws that would fit")
    func refusal() throws {
        let memory = try Self.shipped()
        let available = memory.bytes(ofProjection: 0) / DrawMemory.usableFraction / 3
        #expect(throws: ScenarioError.invalid("1,000,000 draws per scenario do not fit in memory: projection 1 (one) alone would hold "
            + "about 1.46 GB of draws, and 488 MB of the 610 MB available may be used; at most 330,000 draws per scenario fit "
            + "(set --draws or simulation.draws)")) {
            try memory.threads(cores: 2, availableBytes: available, projectionNames: ["one", "two"])
        }
        #expect(throws: ScenarioError.self) { try memory.threads(cores: 2, availableBytes: 100, projectionNames: ["one", "two"]) }
    }

    @Test("the memory available is positive and at most the physical memory")
    func available() {
        let bytes = DrawMemory.availableBytes()
        #expect(bytes > 0 && bytes <= Double(ProcessInfo.processInfo.physicalMemory))
    }

    @Test(arguments: [(0, 0), (99, 99), (100, 100), (1_234_567, 1_200_000), (333_333, 330_000)])
    func roundedDown(_ count: Int, _ rounded: Int) {
        #expect(DrawMemory.roundedDown(count) == rounded)
    }

    @Test(arguments: [(7, "7"), (1_000, "1,000"), (10_000_000, "10,000,000")])
    func grouped(_ count: Int, _ text: String) {
        #expect(DrawMemory.grouped(count) == text)
    }
}
