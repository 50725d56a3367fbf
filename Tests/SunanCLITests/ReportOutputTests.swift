import Foundation
import SunanTestSupport
import Testing

/// Golden files of the planner-facing outputs of `sunan run` on the default scenario (fixed seed,
/// 2000 draws): the printed summary table, `summary.md` in Chinese and English, and `cities.csv`.
/// The golden files live in `Tests/Golden/`; `SUNAN_RECORD=1` rewrites them and fails (see ``Golden``).
@Suite("sunan run: summary table, summary.md and cities.csv", .tags(.specification), .serialized)
struct ReportOutputTests {
    /// Runs the default scenario with 2000 draws and the file's seed in `language`; returns the folder and stdout.
    static func run(language: String) throws -> (folder: URL, output: String) {
        let folder = try SunanProcess.temporaryFolder().appendingPathComponent("run")
        let outcome = try SunanProcess.run(["run", "--out", folder.path, "--draws", "2000", "--lang", language])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.isEmpty, "\(outcome.standardError)")
        return (folder, outcome.standardOutput.replacingOccurrences(of: folder.path, with: "<out>"))
    }

    @Test("zh: the printed table, summary.md and cities.csv match the golden files", .tags(.regression))
    func chinese() throws {
        let (folder, output) = try Self.run(language: "zh")
        try Golden.check(output, file: "run-summary-zh.txt")
        try Golden.check(String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8), file: "summary-zh.md")
        try Golden.check(String(contentsOf: folder.appendingPathComponent("cities.csv"), encoding: .utf8), file: "cities-zh.csv")
    }

    @Test("en: the printed table, summary.md and cities.csv match the golden files", .tags(.regression))
    func english() throws {
        let (folder, output) = try Self.run(language: "en")
        try Golden.check(output, file: "run-summary-en.txt")
        try Golden.check(String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8), file: "summary-en.md")
        try Golden.check(String(contentsOf: folder.appendingPathComponent("cities.csv"), encoding: .utf8), file: "cities-en.csv")
    }

    @Test("cities.csv: every target that binds the cities — allocated zone targets (five cities and the zone) and each_city targets")
    func citiesTable() throws {
        let (folder, _) = try Self.run(language: "en")
        let lines = try String(contentsOf: folder.appendingPathComponent("cities.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        let rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(header.prefix(6) == ["target_id", "indicator", "indicator_name", "region", "region_name", "unit"])
        #expect(header.suffix(4) == ["status", "rank_latest", "rank_projected", "derived"])
        let column = { (name: String) in header.firstIndex(of: name)! }
        // Z2020 and Z2018 contract value: five cities and the zone each. C2018-bases binds every city but has no
        // data: it is not a row here (no empty rows) but one line per city in missing-data.csv.
        #expect(rows.count == 6 + 6)
        #expect(Set(rows[0..<5].map { $0[column("rank_projected")] }) == ["1", "2", "3", "4", "5"])
        #expect(rows[5][0] == "Z2020-contract-value" && rows[5][column("region")] == "Sunan")
        #expect(rows.allSatisfy { !$0[column("projected_mean")].isEmpty }, "no empty rows")
        let missing = try String(contentsOf: folder.appendingPathComponent("missing-data.csv"), encoding: .utf8)
            .split(separator: "\n").filter { $0.hasPrefix("C2018-bases,") }.map { $0.split(separator: ",")[1] }
        #expect(missing == ["Nanjing", "Wuxi", "Suzhou", "Changzhou", "Zhenjiang"])
        #expect(rows.filter { $0[0].contains("contract-value") }.allSatisfy { $0[column("derived")] == "yes" })
        #expect(rows.allSatisfy { !$0[column("city_target")].isEmpty }, "no row without a target")
    }

    @Test("cities.csv of the leading provinces: the each_city target, and no rows for zone targets not allocated")
    func citiesTableOfEachCityTargets() throws {
        let folder = try SunanProcess.temporaryFolder().appendingPathComponent("run")
        let outcome = try SunanProcess.run(["run", "scenarios/leading-provinces-2025.yaml", "--out", folder.path, "--draws", "300", "--quiet"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let lines = try String(contentsOf: folder.appendingPathComponent("cities.csv"), encoding: .utf8).split(separator: "\n")
        #expect(lines.dropFirst().map { String($0.split(separator: ",")[0]) }
                == ["Beijing", "Shanghai", "Jiangsu", "Zhejiang", "Guangdong"].map { "ILLUSTRATIVE-L2025-each-3000/\($0)" })
        #expect(lines.dropFirst().allSatisfy { $0.contains(",3000,") })
    }

    @Test("--excel keeps the BOM and CRLF, cities.csv included")
    func excelCSV() throws {
        let folder = try SunanProcess.temporaryFolder().appendingPathComponent("run")
        let outcome = try SunanProcess.run(["run", "--out", folder.path, "--draws", "200", "--excel", "--quiet"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.isEmpty)
        let bytes = try Data(contentsOf: folder.appendingPathComponent("cities.csv"))
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        #expect(String(decoding: bytes, as: UTF8.self).contains("\r\n"))
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(files.contains("summary.md") && files.contains("cities.csv") && files.contains("report.html"))
    }

    @Test("piped output has no colour codes and no progress bar, even without NO_COLOR")
    func pipedOutputIsPlain() throws {
        let folder = try SunanProcess.temporaryFolder().appendingPathComponent("run")
        let outcome = try SunanProcess.run(["run", "--out", folder.path, "--draws", "10000"],
                                           environment: ["NO_COLOR": "", "TERM": "xterm-256color"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(!outcome.standardOutput.contains("\u{1B}"))
        #expect(outcome.standardOutput.contains("很可能达成"))
        #expect(outcome.standardError.isEmpty, "the progress bar must not be drawn into a pipe: \(outcome.standardError)")
    }

    /// script(1), which runs a command on a pseudo-terminal (util-linux).
    static let script = URL(fileURLWithPath: "/usr/bin/script")

    @Test("on a terminal (script(1)) status words are coloured, and NO_COLOR turns colour off",
          .enabled(if: FileManager.default.isExecutableFile(atPath: script.path),
                   "needs script(1) at /usr/bin/script (util-linux) to give sunan a terminal"))
    func terminalOutputIsColoured() throws {
        let script = Self.script
        func underTerminal(noColor: String) throws -> String {
            let folder = try SunanProcess.temporaryFolder().appendingPathComponent("run")
            let command = "'\(SunanProcess.executable.path)' run --out '\(folder.path)' --draws 200"
            let process = Process()
            process.executableURL = script
            process.arguments = ["-qec", command, "/dev/null"]
            process.currentDirectoryURL = SunanProcess.repositoryRoot
            var environment = ProcessInfo.processInfo.environment
            environment["NO_COLOR"] = noColor
            environment["TERM"] = "xterm-256color"
            process.environment = environment
            let output = Pipe()
            process.standardOutput = output
            process.standardInput = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
        let coloured = try underTerminal(noColor: "")
        #expect(coloured.contains("\u{1B}[32m很可能达成"))
        let plain = try underTerminal(noColor: "1")
        #expect(plain.contains("很可能达成"))
        #expect(!plain.contains("\u{1B}[32m"))
    }
}
