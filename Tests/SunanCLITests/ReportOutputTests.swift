import Foundation
import SunanTestSupport
import Testing

/// Golden files of the planner-facing outputs of `sunan run` on the default scenario (fixed seed,
/// 2000 draws): the printed summary table, `summary.md` in Chinese and English, and `cities.csv`.
/// The golden files live in `Tests/Golden/`; `SUNAN_RECORD=1` rewrites them and fails (see ``Golden``).
@Suite("sunan run: summary table, summary.md and cities.csv", .serialized)
struct ReportOutputTests {
    /// Runs the default scenario with 2000 draws and the file's seed in `language`; returns the folder and stdout.
    static func run(language: String) throws -> (folder: URL, output: String) {
        let folder = try SunanProcess.temporaryFolder().appendingPathComponent("run")
        let outcome = try SunanProcess.run(["run", "--out", folder.path, "--draws", "2000", "--lang", language])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardError.isEmpty, "\(outcome.standardError)")
        return (folder, outcome.standardOutput.replacingOccurrences(of: folder.path, with: "<out>"))
    }

    @Test("zh: the printed table, summary.md and cities.csv match the golden files")
    func chinese() throws {
        let (folder, output) = try Self.run(language: "zh")
        try Golden.check(output, file: "run-summary-zh.txt")
        try Golden.check(String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8), file: "summary-zh.md")
        try Golden.check(String(contentsOf: folder.appendingPathComponent("cities.csv"), encoding: .utf8), file: "cities-zh.csv")
    }

    @Test("en: the printed table, summary.md and cities.csv match the golden files")
    func english() throws {
        let (folder, output) = try Self.run(language: "en")
        try Golden.check(output, file: "run-summary-en.txt")
        try Golden.check(String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8), file: "summary-en.md")
        try Golden.check(String(contentsOf: folder.appendingPathComponent("cities.csv"), encoding: .utf8), file: "cities-en.csv")
    }

    @Test("the Chinese summary has no English words: only numbers, Chinese units and codes (target ids, file names)")
    func chineseSummaryHasNoEnglish() throws {
        let (folder, output) = try Self.run(language: "zh")
        let summary = try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("达成目标的概率"))
        #expect(Self.englishWords(in: summary) == [])
        #expect(Self.englishWords(in: output.replacingOccurrences(of: "<out>", with: "")) == [])
    }

    /// Latin-letter words left after removing codes: target ids (`Z2020-contract-value/Nanjing`),
    /// file names (`gaps.csv`) and unit codes.
    static func englishWords(in text: String) -> [String] {
        let codes = [#"[A-Z]\d{4}-[A-Za-z0-9-]+(/[A-Za-z]+)?"#, #"[A-Za-z0-9_-]+\.(csv|json|md|html)"#,
                     #"\b(100m_cny|10k_cny|cny|percent|count|persons)\b"#]
        var stripped = text
        for pattern in codes {
            stripped = stripped.replacingOccurrences(of: pattern, with: " ", options: .regularExpression)
        }
        return stripped.split(whereSeparator: { !$0.isASCII || !$0.isLetter }).map(String.init)
    }

    @Test("cities.csv: five cities and the zone per tested zone target, ranks 1–5, derived rows marked")
    func citiesTable() throws {
        let (folder, _) = try Self.run(language: "en")
        let lines = try String(contentsOf: folder.appendingPathComponent("cities.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let header = lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(header.prefix(6) == ["target_id", "indicator", "indicator_name", "region", "region_name", "unit"])
        #expect(header.suffix(3) == ["rank_latest", "rank_projected", "derived"])
        #expect(lines.count == 1 + 2 * 6)
        let rankColumn = header.firstIndex(of: "rank_projected")!
        let firstBlock = lines[1...5].map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        #expect(Set(firstBlock.map { $0[rankColumn] }) == ["1", "2", "3", "4", "5"])
        #expect(lines[6].hasPrefix("Z2020-contract-value,tech_contract_value,"))
        #expect(lines.dropFirst().allSatisfy { $0.hasSuffix(",yes") })
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

    @Test("on a terminal (script(1)) status words are coloured, and NO_COLOR turns colour off")
    func terminalOutputIsColoured() throws {
        let script = URL(fileURLWithPath: "/usr/bin/script")
        guard FileManager.default.isExecutableFile(atPath: script.path) else { return }
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
