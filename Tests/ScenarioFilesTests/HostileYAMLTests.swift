import Foundation
import Indicators
import ScenarioFiles
import SunanTestSupport
import Testing

/// Bounded work on hostile scenario files (issue 14, item 7): each problem once, at most 100 listed,
/// linear in the size of the file whatever its repeated keys, aliases or nesting.
@Suite("Scenario loader: hostile files", .tags(.specification))
struct HostileYAMLTests {
    static func read(_ text: String) -> (issues: [ValidationIssue], seconds: Double) {
        let clock = ContinuousClock()
        var issues: [ValidationIssue] = []
        let elapsed = clock.measure { issues = ScenarioLoader.read(DataFile(name: "s.yaml", text: text)).issues }
        return (issues, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    @Test("a problem inside an anchored value is reported once, however many aliases repeat it")
    func aliasProblemOnce() {
        let text = """
            schemaVersion: 1
            title: Minimal
            data: [data.csv]
            asOf: 2017
            horizonYear: 2020
            projections:
              - &p {indicator: x, level: regions, regions: [Jiangsu], colour: red}
              - *p
              - *p
              - *p
            scenarios: [{name: baseline}]

            """
        let issues = Self.read(text).issues.map(\.description)
        #expect(issues.count == 1 && issues[0].hasPrefix("s.yaml:7:59: error: unknown key ‘colour’ in the projection; the allowed keys are"), "\(issues)")
    }

    @Test("only the first 100 problems are listed, then how many more there are")
    func cappedAtOneHundred() {
        let keys = (0..<1_000).map { "unknown\($0): 1" }.joined(separator: "\n")
        let issues = Self.read(LoaderFixtures.minimal + keys + "\n").issues
        #expect(issues.count == 101)
        #expect(issues.prefix(100).allSatisfy { $0.message.hasPrefix("unknown key ‘unknown") })
        #expect(issues.last?.description == "s.yaml: error: 900 more problems in this file, not listed (only the first 100 are); fix these and check again")
    }

    @Test("every repeated key is reported where it is repeated, in time linear in the file", arguments: [(1_000, "899"), (4_000, "3,899")])
    func repeatedKeys(_ repeats: Int, _ more: String) {
        let lines = (0..<repeats).map { "    label: repeat \($0)" }.joined(separator: "\n")
        let text = LoaderFixtures.minimal.replacingOccurrences(of: "  - name: baseline\n", with: "  - name: baseline\n\(lines)\n")
        let (issues, seconds) = Self.read(text)
        #expect(issues.first?.description == "s.yaml:13:5: error: key ‘label’ repeats the key at line 12, column 5 of the same mapping; keep one")
        #expect(issues.last?.message.hasPrefix("\(more) more problems") == true)
        #expect(seconds < 5, "\(repeats) repeated keys took \(seconds) s")
    }

    @Test("aliases that repeat more than 100,000 values are refused where the budget runs out")
    func aliasBudget() {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for level in 1..<9 { lines.append("a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]") }
        lines.append("? *a8\n: 1")
        let (issues, seconds) = Self.read(lines.joined(separator: "\n") + "\n")
        #expect(issues.count == 1)
        #expect(issues.first?.message.hasPrefix("the aliases (‘*name’) in this file repeat more than 100,000 values in all") == true)
        #expect(seconds < 5, "a billion laughs took \(seconds) s")
    }

    /// (libyaml itself stops at 1,000 levels.)
    @Test("nesting deeper than 64 levels, an alias without its anchor and a second document are refused plainly",
          arguments: [
            (String(repeating: "[", count: 100), "s.yaml:1:65: error: lists and mappings nest more than 64 deep here"),
            ("title: *nowhere\n", "s.yaml:1:8: error: the alias ‘*nowhere’ names no anchor"),
            ("a: 1\n---\nb: 2\n", "s.yaml:2:1: error: a second YAML document starts here"),
          ])
    func refusedStructure(_ text: String, _ expected: String) {
        let issues = Self.read(text).issues.map(\.description)
        #expect(issues.count == 1 && issues[0].hasPrefix(expected), "\(issues)")
    }
}
