import Foundation
import Indicators
import ScenarioFiles
import Scenarios
import SunanTestSupport
import Testing

/// The decoder takes its keys, required keys, defaults and limits from ``ScenarioSchema``: changing the
/// table changes what files are accepted, with no second list to forget.
@Suite("Scenario loader: the schema table", .tags(.specification))
struct ScenarioSchemaDecodingTests {
    /// A minimal file (see `LoaderFixtures.minimal`) with `lines` appended at the top level.
    static func issues(appending lines: String) -> [String] {
        LoaderFixtures.readIssues(LoaderFixtures.minimal + lines)
    }

    @Test func whatTheFileLeavesOutTakesTheSchemaDefaults() throws {
        let text = LoaderFixtures.minimal(replacingLine: 9, with: """
                regions: [Jiangsu]
                driver: {indicator: gov, elasticity: estimate}
            """)
        let specification = try #require(ScenarioLoader.read(DataFile(name: "s.yaml", text: text)).specification)
        let defaults = ScenarioSchema.Defaults.self
        #expect(specification.schemaVersion == ScenarioSchema.currentVersion)
        #expect(specification.description == defaults.description)
        #expect(specification.projections[0].model == defaults.model)
        #expect(specification.projections[0].driver?.lag == defaults.lag)
        #expect(specification.projections[0].driver?.model == defaults.model)
        #expect(specification.scenarios[0].driver == defaults.driverPath)
        #expect(specification.scenarios[0].label == specification.scenarios[0].name)
        #expect(specification.simulation.draws == defaults.draws)
        #expect(specification.simulation.seed == defaults.seed)
    }

    @Test func factorAndShareErrorsDefaultToTheSchema() throws {
        let loaded = try ScenarioLoader.load(path: LoaderFixtures.folder.appendingPathComponent("valid.yaml").path)
        let projection = loaded.specification.projections[0]
        // The fixture leaves out the second factor's standardError and Wuxi's relativeError.
        #expect(projection.targetSeries?.factors[1].standardError == ScenarioSchema.Defaults.factorStandardError)
        #expect(projection.memberShares?.shares[1].relativeError == ScenarioSchema.Defaults.shareRelativeError)
    }

    @Test("the Chinese texts of a scenario file: labelZh, and a factor's nameZh and ruleZh, a share's ruleZh")
    func chineseTexts() throws {
        let path = Repository.path("scenarios/sunan-2020.yaml")
        let specification = try ScenarioLoader.load(path: path).specification
        #expect(specification.scenarios.map(\.labelZh).allSatisfy { $0 != nil })
        #expect(specification.scenarios[0].labelZh == "基准：科技预算按自身趋势")
        let projection = specification.projections[0]
        #expect(projection.targetSeries?.factors.map(\.nameZh) == ["登记口径与年鉴口径之比", "苏南五市占江苏的份额"])
        #expect(projection.targetSeries?.factors.allSatisfy { $0.ruleZh != nil } == true)
        #expect(projection.memberShares?.shares.allSatisfy { $0.ruleZh != nil } == true)
        #expect(specification.projections[1].targetSeries == nil)
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: #"labelZh: "基准：科技预算按自身趋势""#, with: "labelZh: [基准]")
        let issues = ScenarioLoader.read(DataFile(name: "s.yaml", text: text)).issues.map(\.description)
        #expect(issues.count == 1 && issues[0].contains("‘labelZh’ must be text"), "\(issues)")
    }

    /// The draws at both ends of the schema's range and one step outside each.
    static let drawCases: [(draws: Int, accepted: Bool)] = {
        let limits = ScenarioSchema.Limits.draws
        return [(limits.lowerBound - 1, false), (limits.lowerBound, true), (limits.upperBound, true), (limits.upperBound + 1, false)]
    }()

    @Test(arguments: drawCases)
    func drawsAreCheckedAgainstTheSchemaLimits(_ draws: Int, _ accepted: Bool) {
        let issues = Self.issues(appending: "simulation: {draws: \(draws)}\n")
        if accepted {
            #expect(issues.isEmpty)
        } else {
            // The limits written with grouped digits, as the article writes them.
            let formatter = NumberFormatter()
            formatter.numberStyle = .decimal
            formatter.locale = Locale(identifier: "en_US")
            let limits = ScenarioSchema.Limits.draws
            let lower = formatter.string(from: limits.lowerBound as NSNumber)!
            let upper = formatter.string(from: limits.upperBound as NSNumber)!
            #expect(issues == ["s.yaml:12:21: error: ‘draws’ is \(draws); it must be from \(lower) to \(upper)"])
        }
    }

    @Test(arguments: [ScenarioSchema.Limits.lag.lowerBound - 1, ScenarioSchema.Limits.lag.lowerBound])
    func lagsAreCheckedAgainstTheSchemaLimit(_ lag: Int) {
        let text = LoaderFixtures.minimal(replacingLine: 9, with: """
                regions: [Jiangsu]
                driver: {indicator: gov, lag: \(lag), elasticity: estimate}
            """)
        let issues = LoaderFixtures.readIssues(text)
        #expect(issues.isEmpty == ScenarioSchema.Limits.lag.contains(lag), "\(issues)")
    }

    @Test(arguments: [ScenarioSchema.Limits.years.lowerBound - 1, ScenarioSchema.Limits.years.upperBound + 1])
    func yearsOutsideTheSchemaLimitsAreRefused(_ year: Int) {
        let years = ScenarioSchema.Limits.years
        let issues = LoaderFixtures.readIssues(LoaderFixtures.minimal(replacingLine: 5, with: "horizonYear: \(year)"))
        #expect(issues.contains("s.yaml:5:14: error: ‘horizonYear’ \(year) is not a year in \(years.lowerBound)–\(years.upperBound)"))
    }

    @Test func aFileWithNoKeysLacksExactlyTheRequiredOnes() {
        let required = ScenarioSchema.Sections.file.required.filter { $0 != "schemaVersion" }
        let issues = LoaderFixtures.readIssues("schemaVersion: 1\nnote: x\n")
        let list = required.map { "‘\($0)’" }.joined(separator: ", ")
        #expect(issues.contains("s.yaml:1:1: error: the scenario file lacks the required keys \(list)"), "\(issues)")
    }

    /// Two mappings of the schema, each with a key of neither.
    @Test(arguments: [
        ("the zone", ScenarioSchema.Sections.zone, "zone: {region: Sunan, members: [Nanjing], colour: red}\n"),
        ("the simulation settings", ScenarioSchema.Sections.simulation, "simulation: {colour: red}\n"),
    ])
    func anUnknownKeyListsTheSectionsAllowedKeys(_ what: String, _ section: ScenarioSection, _ line: String) {
        let issues = Self.issues(appending: line)
        let expected = "unknown key ‘colour’ in \(what); the allowed keys are " + section.allowed.joined(separator: ", ")
        #expect(issues.contains { $0.hasSuffix(expected) }, "\(issues)")
    }
}
