import Foundation
import Scenarios
import SunanTestSupport
import Testing

/// ``ScenarioSchema`` is the one table of the scenario file: the article states it, and the
/// specification's initialisers take their defaults from it.
@Suite("Scenario schema", .tags(.specification))
struct ScenarioSchemaTests {
    /// The article's key tables, by the heading above each, and the schema section each states.
    static let tables: [(heading: String, section: ScenarioSection)] = [
        ("Top-level keys", ScenarioSchema.Sections.file),
        ("`zone`", ScenarioSchema.Sections.zone),
        ("`projections` items", ScenarioSchema.Sections.projection),
        ("A projection's `driver`", ScenarioSchema.Sections.driver),
        ("A driver's `elasticity`", ScenarioSchema.Sections.elasticity),
        ("An elasticity's `estimate`", ScenarioSchema.Sections.estimate),
        ("A projection's `targetSeries`", ScenarioSchema.Sections.targetSeries),
        ("`factors` items", ScenarioSchema.Sections.factor),
        ("`memberShares` as a mapping", ScenarioSchema.Sections.memberShares),
        ("`memberShares` items", ScenarioSchema.Sections.memberShare),
        ("`scenarios` items", ScenarioSchema.Sections.scenario),
        ("A scenario's `driver`", ScenarioSchema.Sections.driverPath),
        ("`simulation`", ScenarioSchema.Sections.simulation),
    ]

    /// The rows of each table of the ScenarioFile article, by heading: key (without backticks) and cells.
    static let article: [String: [(key: String, cells: [String])]] = {
        let path = Repository.path("Sources/Scenarios/Scenarios.docc/ScenarioFile.md")
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        var tables: [String: [(key: String, cells: [String])]] = [:]
        var heading = ""
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("### ") {
                heading = String(line.dropFirst(4))
            } else if line.hasPrefix("| `") {
                let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
                tables[heading, default: []].append((cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "`")), cells))
            }
        }
        return tables
    }()

    /// The cells of the article's row for `key` in the table under `heading`, joined.
    static func row(_ heading: String, _ key: String) -> String {
        article[heading]?.first { $0.key == key }?.cells.joined(separator: " | ") ?? ""
    }

    /// `value` with its digits grouped by three, as the article writes numbers.
    static func grouped(_ value: Int) -> String {
        let formatter = NumberFormatter()
        formatter.numberStyle = .decimal
        formatter.locale = Locale(identifier: "en_US")
        return formatter.string(from: value as NSNumber) ?? ""
    }

    @Test(arguments: tables)
    func theArticleListsEveryKeyAndWhichAreRequired(_ heading: String, _ section: ScenarioSection) throws {
        let rows = try #require(Self.article[heading], "no table under ‘### \(heading)’")
        #expect(rows.map(\.key) == section.allowed)
        for (key, cells) in rows {
            #expect((cells[1] == "yes") == section.required.contains(key), "‘\(key)’: required is ‘\(cells[1])’")
        }
    }

    @Test func theArticleStatesTheDefaultsAndLimits() {
        let defaults = ScenarioSchema.Defaults.self, limits = ScenarioSchema.Limits.self
        let versions = ScenarioSchema.supportedVersions.map(String.init).joined(separator: ", ")
        #expect(Self.row("Top-level keys", "schemaVersion").contains("this build reads `\(versions)`"))
        #expect(defaults.description.isEmpty && Self.row("Top-level keys", "description").contains("default empty"))
        #expect(Self.row("Top-level keys", "asOf").contains("a year from \(limits.years.lowerBound) to \(limits.years.upperBound)"))
        #expect(Self.row("Top-level keys", "horizonYear").contains("at most \(limits.years.upperBound)"))
        #expect(Self.row("`projections` items", "model").contains("`\(defaults.model)` by default"))
        #expect(Self.row("A projection's `driver`", "lag").contains("(default \(defaults.lag))"))
        #expect(limits.lag.lowerBound == 0 && Self.row("A projection's `driver`", "lag").contains("not negative"))
        #expect(Self.row("A projection's `driver`", "model").contains("(default `\(defaults.model)`)"))
        #expect(Self.row("`factors` items", "standardError").contains("(default \(String(format: "%g", defaults.factorStandardError))"))
        #expect(Self.row("`memberShares` items", "relativeError").contains("(default \(String(format: "%g", defaults.shareRelativeError)))"))
        #expect(limits.shareBases.allSatisfy { Self.row("`memberShares` items", "basis").contains("`\($0)`") })
        #expect(defaults.driverPath == .baseline && Self.row("`scenarios` items", "driver").contains("`baseline` (default)"))
        let draws = Self.row("`simulation`", "draws")
        #expect(draws.contains("\(Self.grouped(limits.draws.lowerBound))–\(Self.grouped(limits.draws.upperBound))"))
        #expect(draws.contains("(default \(Self.grouped(defaults.draws)))"))
        #expect(Self.row("`simulation`", "seed").contains("(default \(defaults.seed))"))
    }

    @Test(arguments: tables.map(\.section))
    func everySectionNamesEachKeyOnce(_ section: ScenarioSection) {
        #expect(Set(section.allowed).count == section.allowed.count)
        #expect(section.required.allSatisfy(section.allowed.contains))
    }

    @Test func theInitialisersTakeTheirDefaultsFromTheSchema() {
        let defaults = ScenarioSchema.Defaults.self
        let specification = ScenarioSpecification(title: "t", data: [], asOf: 2017, horizonYear: 2020, projections: [], scenarios: [])
        #expect(specification.schemaVersion == ScenarioSchema.currentVersion)
        #expect(ScenarioSchema.supportedVersions.contains(ScenarioSchema.currentVersion))
        #expect(specification.description == defaults.description)
        #expect(specification.simulation == SimulationSettings(draws: defaults.draws, seed: defaults.seed))
        #expect(ProjectionSpecification(indicator: "x", level: .regions, regions: []).model == defaults.model)
        let driver = DriverSpecification(indicator: "x", elasticity: .estimate(regions: [], fromYear: nil))
        #expect(driver.lag == defaults.lag && driver.model == defaults.model)
        #expect(DerivationFactor(name: "f", value: 1, rule: "r").standardError == defaults.factorStandardError)
        #expect(MemberShare(region: "r", share: 1, basis: "observed", rule: "r").relativeError == defaults.shareRelativeError)
        #expect(ScenarioCase(name: "n") == ScenarioCase(name: "n", label: "n", driver: defaults.driverPath))
        #expect(ScenarioSchema.Limits.draws.contains(defaults.draws))
    }
}
