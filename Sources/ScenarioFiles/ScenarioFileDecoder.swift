import Forecasting
import Foundation
import Indicators
import Scenarios

/// What decoding one scenario file produced.
struct DecodedScenario {
    /// The specification; nil when any error was found.
    let specification: ScenarioSpecification?
    /// Every issue found in the file, in line order, each once and at most ``IssueList/limit`` of them
    /// (then one saying how many more there are).
    let issues: [ValidationIssue]
    /// Where each value was written.
    let source: YAMLSourceMap
    /// Whether the zone lists its members (otherwise they come from the regions file).
    let zoneMembersGiven: Bool
}

/// Builds a `ScenarioSpecification` from the YAML node tree, key by key, checking each value and the
/// relations that need no data (years, draws, scenario names, zone membership when members are given).
/// The keys, defaults and limits are those of `ScenarioSchema`.
struct ScenarioFileDecoder {
    let reader: YAMLValueReader
    /// The as-of and horizon years, once read (for range checks further down).
    private(set) var asOf: Int?
    private(set) var horizonYear: Int?

    private init(reader: YAMLValueReader) { self.reader = reader }

    /// Decodes `file`.
    static func decode(_ file: DataFile) -> DecodedScenario {
        let document = YAMLDocument.compose(file)
        let reader = YAMLValueReader(file: file.name)
        reader.adopt(document.issues)
        var decoder = ScenarioFileDecoder(reader: reader)
        var specification: ScenarioSpecification?
        var membersGiven = true
        if let root = document.root {
            (specification, membersGiven) = decoder.decodeFile(root)
        }
        return DecodedScenario(specification: reader.hasErrors ? nil : specification, issues: reader.issues.listed,
                               source: reader.source, zoneMembersGiven: membersGiven)
    }

    /// Issues in line and column order (stable).
    static func sorted(_ issues: [ValidationIssue]) -> [ValidationIssue] {
        issues.enumerated().sorted { lhs, rhs in
            let l = (lhs.element.line ?? 0, lhs.element.column ?? 0, lhs.offset)
            let r = (rhs.element.line ?? 0, rhs.element.column ?? 0, rhs.offset)
            return l < r
        }.map(\.element)
    }

    // MARK: The file

    private mutating func decodeFile(_ root: Node) -> (ScenarioSpecification?, Bool) {
        guard case let .mapping(mapping) = root else {
            var hint = ""
            if case let .scalar(scalar) = root, scalar.string.prefix(while: { $0 != "\n" }).contains(",") {
                hint = "; this looks like a CSV data file: name it under ‘data:’ in a scenario file, or use `sunan forecast --data`"
            }
            reader.error(root.mark, "a scenario file is a mapping of keys (schemaVersion, title, data, asOf, …), not \(YAMLValueReader.describe(root))\(hint)")
            return (nil, true)
        }
        // The version decides the layout: check it before anything else.
        if let versionNode = mapping["schemaVersion"] {
            guard let version = reader.int(versionNode, path: "schemaVersion", name: "schemaVersion", example: "\(ScenarioSchema.currentVersion)") else { return (nil, true) }
            guard ScenarioSchema.supportedVersions.contains(version) else {
                let supported = ScenarioSchema.supportedVersions.map(String.init).joined(separator: ", ")
                reader.error(versionNode.mark, "schemaVersion \(version) is not supported; this version of sunan reads schema version \(supported)")
                return (nil, true)
            }
        } else if !mapping.keys.contains(where: { $0.string.flatMap { Spelling.suggestion(for: $0, among: ["schemaVersion"]) } != nil }) {
            reader.error(root.mark, "the scenario file lacks ‘schemaVersion’; add `schemaVersion: \(ScenarioSchema.currentVersion)` as its first line")
        }
        // A missing schemaVersion has just been reported, with its own advice.
        let file = ScenarioSchema.Sections.file
        guard let top = reader.fields(root, path: "", name: "the file", what: "the scenario file",
                                      allowed: file.allowed, required: file.required.filter { $0 != "schemaVersion" }) else { return (nil, true) }

        let title = reader.string(top, "title")
        let description = top.has("description") ? reader.string(top, "description") : ScenarioSchema.Defaults.description
        var data = reader.strings(top, "data", example: "[../notebooks-data/china-provinces-st-panel.csv]")
        if let list = data, list.isEmpty {
            reader.error(top.node("data")?.mark, "‘data’ lists no file; name at least one data file")
            data = nil
        }
        let regions = reader.string(top, "regions")
        let targets = reader.string(top, "targets")
        let years = ScenarioSchema.Limits.years
        asOf = reader.int(top, "asOf")
        horizonYear = reader.int(top, "horizonYear", example: "2021")
        for (key, value) in [("asOf", asOf), ("horizonYear", horizonYear)] {
            if let value, !years.contains(value) {
                reader.error(top.node(key)?.mark, "‘\(key)’ \(value) is not a year in \(years.lowerBound)–\(years.upperBound)")
                if key == "asOf" { asOf = nil } else { horizonYear = nil }
            }
        }
        if let asOf, let horizon = horizonYear, horizon < asOf + 1 {
            reader.error(top.node("horizonYear")?.mark,
                "‘horizonYear’ \(horizon) must be after ‘asOf’ \(asOf): the first projected year is asOf + 1 = \(asOf + 1)")
            horizonYear = nil
        }

        var zone: ZoneSpecification?
        var membersGiven = true
        if let node = top.node("zone") { (zone, membersGiven) = decodeZone(node, path: "zone") }

        var projections: [(index: Int, value: ProjectionSpecification)] = []
        if let node = top.node("projections"),
           let items = reader.items(node, path: "projections", name: "projections", example: "[{indicator: …, level: …, regions: […]}]") {
            if items.isEmpty { reader.error(node.mark, "‘projections’ is empty; project at least one indicator") }
            for (index, item) in items.enumerated() {
                if let projection = decodeProjection(item, path: "projections[\(index)]") { projections.append((index, projection)) }
            }
        }

        var scenarios: [(index: Int, value: ScenarioCase)] = []
        if let node = top.node("scenarios"),
           let items = reader.items(node, path: "scenarios", name: "scenarios", example: "[{name: baseline}]") {
            if items.isEmpty { reader.error(node.mark, "‘scenarios’ is empty; define at least one scenario (e.g. {name: baseline})") }
            var firstLine: [String: Int] = [:]
            for (index, item) in items.enumerated() {
                guard let scenario = decodeScenario(item, path: "scenarios[\(index)]") else { continue }
                let nameMark = reader.source.value("scenarios[\(index)].name")
                if let line = firstLine[scenario.name] {
                    reader.error(nameMark, "scenario name ‘\(scenario.name)’ is already used at line \(line); names must be unique")
                } else {
                    firstLine[scenario.name] = nameMark?.line ?? 0
                }
                if scenario.driver != .baseline, !projections.isEmpty, !projections.contains(where: { $0.value.driver != nil }) {
                    reader.error(reader.source.value("scenarios[\(index)].driver"),
                        "scenario ‘\(scenario.name)’ sets a driver path, but no projection has a ‘driver’ for it to act on")
                }
                scenarios.append((index, scenario))
            }
        }

        var allocation: TargetAllocationRule?
        if top.has("targetAllocation") {
            allocation = reader.choice(top, "targetAllocation", among: TargetAllocationRule.allCases.map(\.rawValue))
                .flatMap(TargetAllocationRule.init(rawValue:))
            if allocation != nil, zone == nil, !top.has("zone") {
                reader.error(top.node("targetAllocation")?.mark, "‘targetAllocation’ allocates zone targets to member cities, but the file defines no ‘zone’")
            }
        }

        var aboutTolerance: Double?
        if top.has("aboutTolerance"), let value = reader.double(top, "aboutTolerance", example: "0.1") {
            let limits = ScenarioSchema.Limits.aboutTolerance
            if value > limits.lowerBound, value < limits.upperBound {
                aboutTolerance = value
            } else {
                let hint = value >= 1 && value < 100 ? String(format: "; for ±%g %% write %g", value, value / 100) : ""
                reader.error(top.node("aboutTolerance")?.mark,
                    String(format: "‘aboutTolerance’ is %g; it is a fraction between 0 and 1 (0.1 = ±10 %%)", value) + hint)
            }
        }

        var simulation = SimulationSettings()
        if let node = top.node("simulation"),
           let fields = reader.fields(node, path: "simulation", name: "simulation", what: "the simulation settings", section: ScenarioSchema.Sections.simulation) {
            if let draws = reader.int(fields, "draws", example: "\(ScenarioSchema.Defaults.draws)") {
                let limits = ScenarioSchema.Limits.draws
                if limits.contains(draws) {
                    simulation.draws = draws
                } else {
                    reader.error(fields.node("draws")?.mark,
                        "‘draws’ is \(draws); it must be from \(Self.grouped(limits.lowerBound)) to \(Self.grouped(limits.upperBound))")
                }
            }
            if let node = fields.node("seed"), let seed = reader.uint64(node, path: fields.path("seed"), name: "seed") {
                simulation.seed = seed
            }
        }

        let specification = ScenarioSpecification(
            schemaVersion: ScenarioSchema.currentVersion, title: title ?? "", description: description ?? "", data: data ?? [], regions: regions,
            targets: targets, asOf: asOf ?? 0, horizonYear: horizonYear ?? 0, zone: zone, projections: projections.map(\.value),
            scenarios: scenarios.map(\.value), targetAllocation: allocation, aboutTolerance: aboutTolerance, simulation: simulation)
        if membersGiven {
            let problems = ScenarioMembership.problems(
                specification, source: reader.source,
                projectionPaths: projections.map { "projections[\($0.index)]" }, scenarioPaths: scenarios.map { "scenarios[\($0.index)]" })
            for problem in problems { reader.error(problem.mark, problem.message) }
        }
        return (specification, membersGiven)
    }

    // MARK: Parts

    private func decodeZone(_ node: Node, path: String) -> (ZoneSpecification?, Bool) {
        guard let fields = reader.fields(node, path: path, name: "zone", what: "the zone", section: ScenarioSchema.Sections.zone) else {
            return (nil, true)
        }
        let region = reader.string(fields, "region")
        var members: [String] = []
        if fields.has("members") {
            members = reader.strings(fields, "members", example: "[Nanjing, Wuxi, Suzhou]") ?? []
            if members.isEmpty, let node = fields.node("members"), case .sequence = node {
                reader.error(node.mark, "‘members’ is empty; list the member regions or leave the key out to take them from the regions file")
            }
            checkRepeats(members, path: fields.path("members"), what: "member")
        }
        let parent = reader.string(fields, "parent")
        guard let region else { return (nil, true) }
        return (ZoneSpecification(region: region, members: members, parent: parent), fields.has("members"))
    }

    /// Reports the second and later occurrences of a repeated name in a list.
    /// The fields of a value written either as a keyword (handled by the caller) or as a mapping: when
    /// `node` is not a mapping, the error "`called` must be `forms`, not …" and nil.
    func mappingForm(_ node: Node, path: String, called: String, forms: String, name: String, what: String,
                     section: ScenarioSection) -> YAMLFields? {
        guard case .mapping = node else {
            reader.error(node.mark, "\(called) must be \(forms), not \(YAMLValueReader.describe(node))")
            return nil
        }
        return reader.fields(node, path: path, name: name, what: what, section: section)
    }

    func checkRepeats(_ names: [String], path: String, what: String) {
        var seen: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            if let first = seen[name] {
                reader.error(reader.source.value("\(path)[\(index)]"), "\(what) ‘\(name)’ is listed twice (also item \(first + 1))")
            } else {
                seen[name] = index
            }
        }
    }

    func decodeModel(_ fields: YAMLFields, _ key: String) -> String? {
        guard let name = reader.string(fields, key) else { return nil }
        guard (try? ModelCatalog.model(named: name, horizon: 1)) != nil else {
            let hint = Spelling.suggestion(for: name, among: ModelCatalog.names).map { "; " + Spelling.didYouMean($0) }
                ?? "; choose one of \(ModelCatalog.names.joined(separator: ", "))"
            reader.error(fields.node(key)?.mark, "model ‘\(name)’ is not known\(hint)")
            return nil
        }
        return name
    }

    func decodeUnit(_ fields: YAMLFields, _ key: String) -> String? {
        guard let code = reader.string(fields, key) else { return nil }
        guard UnitOfMeasure(knownCode: code) != nil else {
            let codes = UnitOfMeasure.known.map(\.code)
            let hint = Spelling.suggestion(for: code, among: codes).map { "; " + Spelling.didYouMean($0) }
                ?? "; known units: \(codes.joined(separator: ", "))"
            reader.error(fields.node(key)?.mark, "unit ‘\(code)’ is not known\(hint)")
            return nil
        }
        return code
    }

    /// `value` with its digits grouped by three with commas, whatever the locale: 10000000 → "10,000,000".
    static func grouped(_ value: Int) -> String {
        let digits = Array(String(value.magnitude))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return (value < 0 ? "-" : "") + text
    }

    /// Checks that `year` (at `mark`) is a projected year.
    /// Checks what it can when `asOf` or `horizonYear` is missing or wrong (already reported).
    func checkProjected(_ year: Int, mark: Mark?, what: String) -> Bool {
        switch (asOf, horizonYear) {
        case let (asOf?, horizonYear?) where !(asOf + 1...horizonYear).contains(year):
            reader.error(mark, "\(what) \(year) is outside the projected years \(asOf + 1)–\(horizonYear) (asOf + 1 to horizonYear)")
        case let (asOf?, nil) where year <= asOf:
            reader.error(mark, "\(what) \(year) is before the first projected year \(asOf + 1) (asOf + 1)")
        case let (nil, horizonYear?) where year > horizonYear:
            reader.error(mark, "\(what) \(year) is after the last projected year \(horizonYear) (horizonYear)")
        default:
            return true
        }
        return false
    }
}
