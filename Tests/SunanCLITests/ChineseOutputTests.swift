import Foundation
import SunanTestSupport
import Testing

/// Chinese throughout (issue 13): with `--lang zh` the printed table and `summary.md` of both shipped
/// scenarios have no English word but codes, and `report.html` at most ten; `sunan targets` and
/// `sunan compare` have none. Codes are the run's target ids and scenario codes, file names, web
/// addresses and the acronyms of ``EnglishWords``.
@Suite("Chinese throughout: no English words in the zh outputs", .serialized, .tags(.specification))
struct ChineseOutputTests {
    static let scenarios = ["scenarios/sunan-2020.yaml", "scenarios/leading-provinces-2025.yaml"]

    /// Runs `scenario` in Chinese (500 draws): its output folder, what it printed, and a scanner that
    /// allows its target ids and scenario codes.
    static func run(_ scenario: String) throws -> (folder: URL, output: String, scanner: EnglishWords) {
        let folder = try SunanProcess.temporaryFolder().appendingPathComponent("run")
        let outcome = try SunanProcess.run(["run", scenario, "--lang", "zh", "--draws", "500", "--out", folder.path])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let results = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("results.json")))
        let gaps = (results as? [String: Any])?["gaps"] as? [[String: Any]] ?? []
        #expect(!gaps.isEmpty)
        let missing = (results as? [String: Any])?["missing_data"] as? [[String: Any]] ?? []
        let codes = Set(gaps.compactMap { $0["target_id"] as? String } + gaps.compactMap { $0["scenario"] as? String }
                        + missing.compactMap { $0["target_id"] as? String })
        // The output folder is a path the user gave, not text of sunan's.
        return (folder, outcome.standardOutput.replacingOccurrences(of: folder.path, with: ""), EnglishWords(codes: codes))
    }

    @Test("the printed table and summary.md have no English words", arguments: scenarios)
    func summaryAndTable(_ scenario: String) throws {
        let (folder, output, scanner) = try Self.run(scenario)
        let summary = try String(contentsOf: folder.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("达成目标的概率"))
        #expect(scanner.words(in: output) == [], "printed: \(output)")
        #expect(scanner.words(in: summary) == [])
    }

    @Test("report.html has at most ten English words in its visible text", arguments: scenarios)
    func report(_ scenario: String) throws {
        let (folder, _, scanner) = try Self.run(scenario)
        let html = try String(contentsOf: folder.appendingPathComponent("report.html"), encoding: .utf8)
        let words = scanner.words(in: EnglishWords.visibleText(html: html))
        #expect(words.count <= 10, "\(words.count) English words: \(words)")
        // The only one today: the program's name in the footer.
        #expect(words == ["sunan"])
    }

    @Test("sunan targets in Chinese (text and Markdown) has no English words but the target ids",
          arguments: ["text", "markdown"])
    func targets(_ format: String) throws {
        let outcome = try SunanProcess.run(["targets", "--format", format])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        let ids = try String(contentsOfFile: Repository.path("notebooks-data/targets.csv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { String($0.prefix { $0 != "," }) }
        #expect(ids.count == 54)
        #expect(EnglishWords(codes: Set(ids)).words(in: outcome.standardOutput) == [])
        #expect(!outcome.standardOutput.contains("Notes") && outcome.standardOutput.contains("说明："))
    }

    @Test("sunan compare in Chinese names its models in Chinese; only the indicator key stays")
    func compare() throws {
        let outcome = try SunanProcess.run(["compare", "--indicator", "gdp"])
        #expect(outcome.status == 0, "\(outcome.standardError)")
        #expect(outcome.standardOutput.contains("自动："))
        #expect(EnglishWords(codes: ["gdp"]).words(in: outcome.standardOutput) == [])
    }
}
