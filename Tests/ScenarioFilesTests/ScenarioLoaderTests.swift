import Foundation
import Indicators
@testable import ScenarioFiles
import Scenarios
import SunanTestSupport
import Testing

/// Helpers: the loader fixtures, in-memory reads and loads from a temporary folder holding the fixture data.
enum LoaderFixtures {
    /// `Fixtures/loader` in the test bundle; throws (naming it) when it is missing.
    static var folder: URL { get throws { try Fixture.url("loader", in: Bundle.module) } }

    /// The issues of reading `text` as `s.yaml`, rendered.
    static func readIssues(_ text: String) -> [String] {
        ScenarioLoader.read(DataFile(name: "s.yaml", text: text)).issues.map(\.description)
    }

    /// A minimal valid scenario (no data needed to read it); line numbers are stable for the tests.
    static let minimal = """
        schemaVersion: 1
        title: Minimal
        data: [data.csv]
        asOf: 2017
        horizonYear: 2020
        projections:
          - indicator: tech_market_value_outflow
            level: regions
            regions: [Jiangsu]
        scenarios:
          - name: baseline

        """

    /// `minimal` with line `number` (1-based) replaced by `replacement` (which may span lines).
    static func minimal(replacingLine number: Int, with replacement: String) -> String {
        var lines = minimal.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines[number - 1] = replacement
        return lines.joined(separator: "\n")
    }

    /// A fresh folder holding copies of the fixture data, regions and targets files, and `text` as `s.yaml`.
    static func folderWithScenario(_ text: String) throws -> URL {
        let folder = try TemporaryFolder.make(prefix: "sunan-loader")
        for name in ["data.csv", "regions.csv", "targets.csv"] {
            try FileManager.default.copyItem(at: Self.folder.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        try text.write(to: folder.appendingPathComponent("s.yaml"), atomically: true, encoding: .utf8)
        return folder
    }

    /// The issues of loading `text` next to the fixture data, rendered with the scenario file called `s.yaml`.
    static func loadIssues(_ text: String) throws -> [String] {
        let folder = try folderWithScenario(text)
        let path = folder.appendingPathComponent("s.yaml").path
        do throws(ValidationFailure) {
            let loaded = try ScenarioLoader.load(path: path)
            return loaded.warnings.map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") }
        } catch {
            return error.issues.map { $0.description.replacingOccurrences(of: folder.path + "/", with: "") }
        }
    }
}

@Suite("Scenario loader: decoding", .tags(.specification))
struct ScenarioLoaderDecodingTests {
    @Test func theFixtureDecodesToExactlyTheseValues() throws {
        let path = try LoaderFixtures.folder.appendingPathComponent("valid.yaml").path
        let loaded = try ScenarioLoader.load(path: path)
        let expected = ScenarioSpecification(
            schemaVersion: 1, title: "Fixture: technology market", description: "Every key once.\n",
            data: ["data.csv"], regions: "regions.csv", targets: "targets.csv", asOf: 2017, horizonYear: 2020,
            zone: ZoneSpecification(region: "Sunan", members: ["Nanjing", "Wuxi", "Suzhou"], parent: "Jiangsu"),
            projections: [
                ProjectionSpecification(
                    indicator: "tech_market_value_outflow", unit: "100m_cny", model: "loglinear", historyFrom: 2010,
                    level: .parent, regions: ["Jiangsu"],
                    driver: DriverSpecification(indicator: "gov_budget_expenditure_sci_tech", lag: 2, model: "linear",
                                                elasticity: .estimate(regions: ["Jiangsu", "Zhejiang", "Guangdong"], fromYear: 2009),
                                                unit: "100m_cny"),
                    targetSeries: TargetSeriesSpecification(
                        indicator: "tech_contract_value", region: "Sunan", unit: "100m_cny",
                        factors: [DerivationFactor(name: "basis", value: 1.137, standardError: 0.02, rule: "registration / yearbook"),
                                  DerivationFactor(name: "zone share", value: 0.6, standardError: 0, rule: "Sunan / Jiangsu 2016")]),
                    memberShares: MemberShares(shares: [
                        MemberShare(region: "Nanjing", share: 0.3, relativeError: 0.1, basis: "observed", rule: "Nanjing 2016"),
                        MemberShare(region: "Wuxi", share: 0.2, relativeError: 0, basis: "assumption", rule: "GDP share"),
                        MemberShare(region: "Suzhou", share: 0.5, relativeError: 0.05, basis: "observed", rule: "Suzhou 2016"),
                    ])),
                ProjectionSpecification(
                    indicator: "tech_market_value_outflow", level: .regions, regions: ["Zhejiang", "Guangdong"],
                    driver: DriverSpecification(indicator: "gov_budget_expenditure_sci_tech",
                                                elasticity: .given(value: 0.6, standardError: 0.15))),
            ],
            scenarios: [
                ScenarioCase(name: "baseline", label: "Baseline"),
                ScenarioCase(name: "plus10", label: "+10 %/yr from 2018", driver: .uplift(percentPerYear: 10, fromYear: 2018)),
                ScenarioCase(name: "fixed", driver: .amounts([2018: 520, 2019: 560.5])),
                ScenarioCase(name: "extra", driver: .extraBudget(amountPerYear: 50, fromYear: 2019, split: ["Nanjing": 2, "Suzhou": 1])),
                ScenarioCase(name: "plain", label: "plain", driver: .baseline),
            ],
            targetAllocation: .baselineShare,
            simulation: SimulationSettings(draws: 5000, seed: .max))
        #expect(loaded.specification == expected)
        #expect(loaded.warnings.isEmpty)
        #expect(loaded.path == path)
        #expect(loaded.panel.seriesKeys.count == 10)
        #expect(loaded.hierarchy?.members(of: "Sunan").map(\.id) == ["Nanjing", "Wuxi", "Suzhou"])
        #expect(loaded.targets.map(\.id) == ["Z2020-contracts"])
    }

    @Test func readingAloneLeavesHierarchyDefaultsEmptyAndAppliesTheOthers() throws {
        let text = try String(contentsOf: LoaderFixtures.folder.appendingPathComponent("valid.yaml"), encoding: .utf8)
        let (specification, issues) = ScenarioLoader.read(DataFile(name: "valid.yaml", text: text))
        #expect(issues.isEmpty)
        let zone = try #require(specification?.zone)
        #expect(zone == ZoneSpecification(region: "Sunan", members: [], parent: nil))
        let minimal = try #require(ScenarioLoader.read(DataFile(name: "m.yaml", text: LoaderFixtures.minimal)).specification)
        #expect(minimal.description == "")
        #expect(minimal.projections[0].model == "auto")
        #expect(minimal.scenarios == [ScenarioCase(name: "baseline", label: "baseline", driver: .baseline)])
        #expect(minimal.simulation == SimulationSettings(draws: 10_000, seed: 20_180_101))
        #expect(minimal.targetAllocation == nil && minimal.zone == nil && minimal.regions == nil && minimal.targets == nil)
    }

    @Test func theShippedScenarioFilesLoad() throws {
        let folder = Repository.url("scenarios")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".yaml") && !$0.hasPrefix("tmp") }.sorted()
        // At least the two shipped files; any file added later is loaded too.
        #expect(Set(names).isSuperset(of: ["sunan-2020.yaml", "leading-provinces-2025.yaml"]), "scenario files: \(names)")
        for name in names {
            let path = folder.appendingPathComponent(name).path
            do throws(ValidationFailure) {
                let loaded = try ScenarioLoader.load(path: path)
                #expect(!loaded.specification.scenarios.isEmpty, "\(name)")
            } catch {
                Issue.record("\(name) does not load:\n\(error.description)")
            }
        }
    }

    @Test func yamlOneOneBooleansAreTextWhereTextIsExpected() {
        let text = LoaderFixtures.minimal(replacingLine: 11, with: "  - {name: NO, label: yes}")
        let specification = ScenarioLoader.read(DataFile(name: "s.yaml", text: text)).specification
        #expect(specification?.scenarios == [ScenarioCase(name: "NO", label: "yes")])
    }
}

@Suite("Scenario loader: every problem with file, line and column", .tags(.specification))
struct ScenarioLoaderProblemTests {
    // MARK: Keys

    @Test func aMisspeltTopLevelKeyIsReportedOnceWithASuggestion() {
        let text = LoaderFixtures.minimal(replacingLine: 5, with: "horizonyear: 2020")
        #expect(LoaderFixtures.readIssues(text) == [
            "s.yaml:5:1: error: unknown key ‘horizonyear’ in the scenario file; did you mean ‘horizonYear’?",
        ])
    }

    @Test func misspeltKeysAtEveryLevelAreReportedWithSuggestions() {
        let text = """
            schemaVersion: 1
            title: Keys
            data: [data.csv]
            asOf: 2017
            horizonYear: 2020
            zone: {region: Sunan, member: [Nanjing]}
            projections:
              - indicator: tech_market_value_outflow
                levle: regions
                regions: [Jiangsu]
                driver: {indicator: gov, elastcity: estimate}
                targetSeries:
                  indicator: tech_contract_value
                  region: Sunan
                  unit: 100m_cny
                  factors: [{name: f, value: 1.1, standard_error: 0.1, rule: r}]
            scenarios:
              - {name: up, driver: {uplfit: 10, from: 2018}}
            simulation: {seeds: 1}
            colour: red

            """
        #expect(LoaderFixtures.readIssues(text) == [
            "s.yaml:6:23: error: unknown key ‘member’ in the zone; did you mean ‘members’?",
            "s.yaml:9:5: error: unknown key ‘levle’ in the projection; did you mean ‘level’?",
            "s.yaml:11:30: error: unknown key ‘elastcity’ in the driver; did you mean ‘elasticity’?",
            "s.yaml:16:39: error: unknown key ‘standard_error’ in the factor; did you mean ‘standardError’?",
            "s.yaml:18:25: error: unknown key ‘uplfit’ in the scenario's driver path; did you mean ‘uplift’?",
            "s.yaml:19:14: error: unknown key ‘seeds’ in the simulation settings; did you mean ‘seed’?",
            "s.yaml:20:1: error: unknown key ‘colour’ in the scenario file; the allowed keys are schemaVersion, title, description, data, regions, targets, asOf, horizonYear, zone, projections, scenarios, targetAllocation, aboutTolerance, simulation",
        ])
    }

    @Test func missingRequiredKeysAreReportedAtTheirMapping() {
        let text = """
            schemaVersion: 1
            data: [data.csv]
            asOf: 2017
            horizonYear: 2020
            projections:
              - indicator: tech_market_value_outflow
                regions: [Jiangsu]
                driver: {indicator: gov}
            scenarios:
              - label: no name

            """
        #expect(LoaderFixtures.readIssues(text) == [
            "s.yaml:1:1: error: the scenario file lacks the required key ‘title’",
            "s.yaml:6:5: error: the projection lacks the required key ‘level’",
            "s.yaml:8:13: error: the driver lacks the required key ‘elasticity’",
            "s.yaml:10:5: error: the scenario lacks the required key ‘name’",
        ])
    }

    // MARK: Types and versions

    @Test func wrongTypesAreReportedWithWhatWasFound() {
        let text = """
            schemaVersion: 1
            title:
            data: [data.csv]
            asOf: "2017"
            horizonYear: twenty
            zone: [Sunan]
            projections:
              - indicator: tech_market_value_outflow
                level: regions
                regions: Jiangsu
                driver: {indicator: gov, lag: 1.5, elasticity: {value: high, standardError: 0.1}}
            scenarios: {name: baseline}
            simulation: {draws: 1e4, seed: -1}

            """
        #expect(LoaderFixtures.readIssues(text) == [
            "s.yaml:2:7: error: ‘title’ must be text, not an empty value",
            "s.yaml:4:7: error: ‘asOf’ must be a whole number such as 2017, not the quoted text ‘2017’; write the number without quotes",
            "s.yaml:5:14: error: ‘horizonYear’ must be a whole number such as 2021, not ‘twenty’",
            "s.yaml:6:7: error: ‘zone’ must be a mapping of keys to values (key: value lines or {key: value, …}), not a list",
            "s.yaml:10:14: error: ‘regions’ must be a list such as [Jiangsu], not ‘Jiangsu’",
            "s.yaml:11:35: error: ‘lag’ must be a whole number such as 1, not ‘1.5’",
            "s.yaml:11:60: error: ‘value’ must be a number such as 0.6, not ‘high’",
            "s.yaml:12:12: error: ‘scenarios’ must be a list such as [{name: baseline}], not a mapping",
            "s.yaml:13:21: error: ‘draws’ must be a whole number such as 10000, not ‘1e4’",
            "s.yaml:13:32: error: ‘seed’ must be a whole number from 0 to 18446744073709551615, not ‘-1’",
        ])
    }

    @Test func onlySchemaVersionOneIsRead() {
        #expect(LoaderFixtures.readIssues(LoaderFixtures.minimal(replacingLine: 1, with: "schemaVersion: 2")) == [
            "s.yaml:1:16: error: schemaVersion 2 is not supported; this version of sunan reads schema version 1",
        ])
        #expect(LoaderFixtures.readIssues(LoaderFixtures.minimal(replacingLine: 1, with: "# no version")) == [
            "s.yaml:2:1: error: the scenario file lacks ‘schemaVersion’; add `schemaVersion: 1` as its first line",
        ])
    }

    @Test func unknownChoicesAreSuggested() {
        let text = """
            schemaVersion: 1
            title: Choices
            data: [data.csv]
            asOf: 2017
            horizonYear: 2020
            projections:
              - {indicator: x, level: parnet, regions: [Jiangsu], model: loglinaer, unit: 100m_yuan}
              - {indicator: y, level: regions, regions: [Jiangsu], driver: {indicator: z, elasticity: estimat}}
            scenarios:
              - {name: baseline, driver: baseine}
            targetAllocation: equal

            """
        #expect(LoaderFixtures.readIssues(text) == [
            "s.yaml:7:27: error: ‘level’ is ‘parnet’, which is not one of members, parent, regions; did you mean ‘parent’?",
            "s.yaml:7:62: error: model ‘loglinaer’ is not known; did you mean ‘loglinear’?",
            "s.yaml:7:79: error: unit ‘100m_yuan’ is not known; known units: cny, 10k_cny, 100m_cny, percent, percent_coverage, count, events, teams, enterprises, cases, persons, 10k_persons, person_years, items_per_10k_persons",
            "s.yaml:8:91: error: ‘elasticity’ is ‘estimat’; did you mean ‘estimate’?",
            "s.yaml:10:30: error: the scenario's ‘driver’ must be ‘baseline’, {uplift: 10, from: 2018}, {amounts: {2018: 520}} or {extraBudget: 50, from: 2018, split: {Nanjing: 1}}, not ‘baseine’; did you mean ‘baseline’?",
            "s.yaml:11:19: error: ‘targetAllocation’ is ‘equal’, which is not one of baselineShare, equalGrowth",
        ])
    }

    // MARK: YAML syntax

    @Test func repeatedKeysAreAllReportedAtTheRepeat() {
        let text = """
            schemaVersion: 1
            title: Repeats
            data: [data.csv]
            asOf: 2017
            horizonYear: 2020
            projections:
              - indicator: tech_market_value_outflow
                level: regions
                regions: [Jiangsu]
                level: parent
            scenarios:
              - {name: baseline, name: other}
            asOf: 2018

            """
        #expect(LoaderFixtures.readIssues(text) == [
            "s.yaml:10:5: error: key ‘level’ repeats the key at line 8, column 5 of the same mapping; keep one",
            "s.yaml:12:22: error: key ‘name’ repeats the key at line 12, column 6 of the same mapping; keep one",
            "s.yaml:13:1: error: key ‘asOf’ repeats the key at line 4, column 1 of the same mapping; keep one",
        ])
    }

    @Test func tabsInIndentationAreReportedAtTheTab() {
        let text = LoaderFixtures.minimal(replacingLine: 8, with: "    level: regions\n\t\tregions: [Jiangsu]")
        #expect(LoaderFixtures.readIssues(text) == [
            "s.yaml:9:1: error: a tab in the indentation; YAML indents with spaces only, so replace the tab with spaces",
        ])
        let inText = LoaderFixtures.minimal(replacingLine: 2, with: "title: T\ndescription: |\n  first\n  \tindented with a tab")
        let read = ScenarioLoader.read(DataFile(name: "s.yaml", text: inText))
        #expect(read.issues.isEmpty)
        #expect(read.specification?.description == "first\n\tindented with a tab\n")
    }

    @Test func syntaxErrorsCarryTheParsersLineAndColumn() {
        let text = LoaderFixtures.minimal(replacingLine: 3, with: "data: [data.csv\nregions: r.csv")
        #expect(LoaderFixtures.readIssues(text) == [
            "s.yaml:4:8: error: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence at line 3, column 7)",
        ])
        #expect(LoaderFixtures.readIssues(LoaderFixtures.minimal + "---\nother: 1\n") == [
            "s.yaml:12:1: error: a second YAML document starts here; a scenario file holds exactly one (remove the `---`)",
        ])
        #expect(LoaderFixtures.readIssues("") == ["s.yaml:1: error: the file is empty: expected a scenario (schemaVersion, title, data, …)"])
        #expect(LoaderFixtures.readIssues("- a\n- b\n") == [
            "s.yaml:1:1: error: a scenario file is a mapping of keys (schemaVersion, title, data, asOf, …), not a list",
        ])
        let latin1 = ScenarioLoader.read(DataFile(name: "s.yaml", bytes: Data("title: a\nx: ".utf8) + Data([0xE9, 0x0A])))
        #expect(latin1.issues.map(\.description) == ["s.yaml:2: error: the file is not UTF-8; save it as UTF-8 text"])
    }

    // MARK: Values that do not fit together

    @Test func yearsDrawsAndLagsOutOfRange() {
        let text = """
            schemaVersion: 1
            title: Ranges
            data: [data.csv]
            asOf: 2017
            horizonYear: 2020
            projections:
              - indicator: tech_market_value_outflow
                level: regions
                regions: [Jiangsu]
                driver: {indicator: gov, lag: -1, elasticity: {value: 0.5, standardError: -0.1}}
            scenarios:
              - {name: early, driver: {uplift: 10, from: 2017}}
              - {name: late, driver: {extraBudget: 5, from: 2021, split: {Nanjing: 1}}}
              - {name: fixed, driver: {amounts: {2018: 1, 2025: 2}}}
            simulation: {draws: 0}

            """
        #expect(LoaderFixtures.readIssues(text) == [
            "s.yaml:10:35: error: ‘lag’ is -1; the years between spending and effect cannot be negative",
            "s.yaml:10:79: error: ‘standardError’ is -0.1; it cannot be negative",
            "s.yaml:12:46: error: ‘from’ 2017 is outside the projected years 2018–2020 (asOf + 1 to horizonYear)",
            "s.yaml:13:49: error: ‘from’ 2021 is outside the projected years 2018–2020 (asOf + 1 to horizonYear)",
            "s.yaml:14:47: error: amounts year 2025 is outside the projected years 2018–2020 (asOf + 1 to horizonYear)",
            "s.yaml:15:21: error: ‘draws’ is 0; it must be from 1 to 10,000,000",
        ])
        #expect(LoaderFixtures.readIssues(LoaderFixtures.minimal + "simulation: {draws: 10000001}\n") == [
            "s.yaml:12:21: error: ‘draws’ is 10000001; it must be from 1 to 10,000,000",
        ])
        #expect(LoaderFixtures.readIssues(LoaderFixtures.minimal(replacingLine: 5, with: "horizonYear: 2017")) == [
            "s.yaml:5:14: error: ‘horizonYear’ 2017 must be after ‘asOf’ 2017: the first projected year is asOf + 1 = 2018",
        ])
    }

    @Test func repeatedScenarioNamesAndUnusableNames() {
        let text = LoaderFixtures.minimal(replacingLine: 11, with: """
              - name: baseline
              - {name: other}
              - {name: baseline, label: again}
              - {name: "plus 10 %"}
            """)
        #expect(LoaderFixtures.readIssues(text) == [
            "s.yaml:13:12: error: scenario name ‘baseline’ is already used at line 11; names must be unique",
            "s.yaml:14:12: error: scenario name ‘plus 10 %’ is used in file names and tables: use letters, digits, ‘_’, ‘-’ and ‘.’ only, starting with a letter or digit (put free text in ‘label’)",
        ])
    }

    @Test func sharesAndSplitsMustNameZoneMembers() {
        let text = """
            schemaVersion: 1
            title: Members
            data: [data.csv]
            asOf: 2017
            horizonYear: 2020
            zone: {region: Sunan, members: [Nanjing, Wuxi, Suzhou], parent: Jiangsu}
            projections:
              - indicator: tech_market_value_outflow
                level: parent
                regions: [Jiangsu]
                driver: {indicator: gov, elasticity: estimate}
                memberShares:
                  - {region: Nanjing, share: 0.3, basis: observed, rule: r}
                  - {region: Suzou, share: 0.5, basis: observed, rule: r}
                  - {region: Nanjing, share: 0.2, basis: assumption, rule: r}
            scenarios:
              - {name: extra, driver: {extraBudget: 50, from: 2018, split: {Nanjing: 2, Shanghai: 1}}}

            """
        #expect(LoaderFixtures.readIssues(text) == [
            "s.yaml:12:5: error: ‘memberShares’ gives no share for Wuxi, Suzhou; give one per member of ‘Sunan’ (basis: assumption for, e.g., a GDP share)",
            "s.yaml:14:18: error: ‘Suzou’ is not a member of zone ‘Sunan’; did you mean ‘Suzhou’? its members are Nanjing, Wuxi, Suzhou",
            "s.yaml:15:18: error: ‘Nanjing’ already has a share; give one share per member",
            "s.yaml:17:77: error: ‘Shanghai’ is not a member of zone ‘Sunan’; its members are Nanjing, Wuxi, Suzhou; ‘split’ divides the budget among members only",
        ])
    }

    @Test func zoneLevelsNeedAZone() {
        let text = LoaderFixtures.minimal(replacingLine: 8, with: "    level: parent")
        #expect(LoaderFixtures.readIssues(text) == [
            "s.yaml:8:12: error: level ‘parent’ relates the series to a zone and its members, but the file defines no ‘zone’; use level ‘regions’ or add a zone",
        ])
    }

    // MARK: Against the data

    @Test func regionsAndIndicatorsTheDataLackAreListedClosestFirst() throws {
        let text = """
            schemaVersion: 1
            title: Data
            data: [data.csv]
            asOf: 2017
            horizonYear: 2020
            projections:
              - indicator: tech_market_value_outflow
                level: regions
                regions: [Jiangsu, Zhejang]
                driver: {indicator: gov_budget_expenditure_scitech, elasticity: estimate}
              - indicator: patent
                level: regions
                regions: [Jiangsu]
              - indicator: gdp
                level: regions
                regions: [Guangdong]
            scenarios:
              - name: baseline

            """
        let issues = try LoaderFixtures.loadIssues(text)
        #expect(issues == [
            "s.yaml:9:24: error: region ‘Zhejang’ is not in the data; did you mean ‘Zhejiang’? The data have 6 regions: Zhejiang, Nanjing, Jiangsu, Guangdong, Suzhou, Wuxi",
            "s.yaml:10:25: error: indicator ‘gov_budget_expenditure_scitech’ is not in the data; did you mean ‘gov_budget_expenditure_sci_tech’? The data have 4 indicators: gov_budget_expenditure_sci_tech, tech_market_value_outflow, patents, gdp",
            "s.yaml:11:16: error: indicator ‘patent’ is not in the data; did you mean ‘patents’? The data have 4 indicators: patents, gdp, tech_market_value_outflow, gov_budget_expenditure_sci_tech",
            "s.yaml:16:15: error: the data have no ‘gdp’ series for ‘Guangdong’; they have it for 3 regions: Nanjing, Suzhou, Wuxi",
        ])
    }

    @Test func aMissingDataFileIsReportedAtItsPath() throws {
        let text = LoaderFixtures.minimal(replacingLine: 3, with: "data:\n  - data.csv\n  - ../nowhere/more.csv\nregions: region.csv")
        let issues = try LoaderFixtures.loadIssues(text)
        #expect(issues == [
            "s.yaml:5:5: error: data file ‘../nowhere/more.csv’ does not exist (looked for "
                + "\(FileManager.default.temporaryDirectory.path)/nowhere/more.csv; paths are relative to the scenario file's folder)",
            "s.yaml:6:10: error: regions file ‘region.csv’ does not exist (looked for region.csv; paths are relative to the scenario file's folder)",
        ])
    }

    @Test func anAsOfAfterTheLastDataYearIsAWarning() throws {
        let text = LoaderFixtures.minimal(replacingLine: 7, with: "  - indicator: gdp") .replacingOccurrences(of: "[Jiangsu]", with: "[Nanjing, Wuxi]")
        let issues = try LoaderFixtures.loadIssues(text)
        #expect(issues == [
            "s.yaml:9:15: warning: asOf 2017 is later than the last data year 2015 of Nanjing/gdp",
            "s.yaml:9:24: warning: asOf 2017 is later than the last data year 2015 of Wuxi/gdp",
        ])
    }

    @Test func membersThatDifferFromTheRegionsFileAreAWarning() throws {
        let text = LoaderFixtures.minimal(replacingLine: 3, with: "data: [data.csv]\nregions: regions.csv\nzone: {region: Sunan, members: [Suzhou, Nanjing]}")
        let issues = try LoaderFixtures.loadIssues(text)
        #expect(issues == [
            "s.yaml:5:32: warning: these members of ‘Sunan’ differ from the regions file's (Nanjing, Wuxi, Suzhou); the file's list is used",
        ])
    }

    @Test func membersComeFromTheRegionsFileAndAreCheckedThen() throws {
        let text = """
            schemaVersion: 1
            title: Members from the hierarchy
            data: [data.csv]
            regions: regions.csv
            targets: targets.csv
            asOf: 2017
            horizonYear: 2020
            zone: {region: Sunan}
            projections:
              - indicator: tech_market_value_outflow
                unit: count
                level: parent
                regions: [Zhejiang]
                driver: {indicator: gov_budget_expenditure_sci_tech, elasticity: estimate}
                targetSeries: {indicator: tech_contract_values, region: Sunam, unit: 100m_cny}
            scenarios:
              - {name: extra, driver: {extraBudget: 50, from: 2018, split: {Changzhou: 1}}}

            """
        let issues = try LoaderFixtures.loadIssues(text)
        #expect(issues == [
            "s.yaml:11:11: error: the data give Zhejiang/tech_market_value_outflow in ‘100m_cny’, which cannot be converted to ‘count’",
            "s.yaml:13:15: error: level ‘parent’ projects the zone's parent ‘Jiangsu’, not ‘Zhejiang’",
            "s.yaml:15:31: warning: no target in the targets file is about ‘tech_contract_values’, so this series is projected but not tested; did you mean ‘tech_contract_value’?",
            "s.yaml:15:61: error: region ‘Sunam’ is not defined in the regions file; did you mean ‘Sunan’? The regions file defines 8 regions: Sunan, China, Wuxi, Suzhou, Jiangsu, Nanjing, Zhejiang, Guangdong",
            "s.yaml:17:65: error: ‘Changzhou’ is not a member of zone ‘Sunan’; its members are Nanjing, Wuxi, Suzhou; ‘split’ divides the budget among members only",
        ])
    }
}

@Suite("Scenario loader: robustness", .tags(.invariant))
struct ScenarioLoaderRobustnessTests {
    @Test func mutatedFilesNeverTrapAndEveryIssueHasALine() throws {
        let text = try String(contentsOf: LoaderFixtures.folder.appendingPathComponent("valid.yaml"), encoding: .utf8)
        var generator = SeededGenerator(seed: 20_180_101)
        let pieces = ["\t", ":", "- ", "{", "]", "\"", "  ", "\n", "#", "&a ", "*a", "---\n", "asOf: 1\n", "é", "2018"]
        for _ in 0..<400 {
            var scalars = Array(text.unicodeScalars)
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let position = Int.random(in: 0..<scalars.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0:
                    let end = min(scalars.count, position + Int.random(in: 1...12, using: &generator))
                    scalars.removeSubrange(position..<end)
                case 1:
                    scalars.insert(contentsOf: pieces.randomElement(using: &generator)!.unicodeScalars, at: position)
                default:
                    let lines = String(String.UnicodeScalarView(scalars)).split(separator: "\n", omittingEmptySubsequences: false)
                    let line = lines.randomElement(using: &generator)!
                    scalars.insert(contentsOf: (line + "\n").unicodeScalars, at: position)
                }
                if scalars.isEmpty { scalars = Array("x".unicodeScalars) }
            }
            let mutated = String(String.UnicodeScalarView(scalars))
            let (specification, issues) = ScenarioLoader.read(DataFile(name: "m.yaml", text: mutated))
            #expect(specification != nil || issues.contains { $0.severity == .error }, "\(mutated)")
            for issue in issues {
                #expect(issue.line != nil, "\(issue) in\n\(mutated)")
            }
        }
    }
}

@Suite("Scenario loader: helpers", .tags(.specification))
struct ScenarioLoaderHelperTests {
    @Test func misspeltKeysAreMatchedAgainstTheSchema() {
        let topKeys = ScenarioSchema.Sections.file.allowed
        #expect(Spelling.suggestion(for: "horizon_year", among: topKeys) == "horizonYear")
        #expect(Spelling.suggestion(for: "colour", among: topKeys) == nil)
    }

    @Test func pathsResolveAgainstTheScenarioFolder() {
        #expect(ScenarioLoader.resolve("../notebooks-data/x.csv", against: "scenarios") == "notebooks-data/x.csv")
        #expect(ScenarioLoader.resolve("x.csv", against: "") == "x.csv")
        #expect(ScenarioLoader.resolve("../x.csv", against: "") == "../x.csv")
        #expect(ScenarioLoader.resolve("./a/../b.csv", against: "/data/s") == "/data/s/b.csv")
        #expect(ScenarioLoader.resolve("/abs/x.csv", against: "scenarios") == "/abs/x.csv")
        #expect(ScenarioLoader.resolve("../../../x.csv", against: "/a") == "/x.csv")
    }
}
