import Forecasting
import Foundation
import Indicators
import Yams

/// What decoding one scenario file produced.
struct DecodedScenario {
    /// The specification; nil when any error was found.
    let specification: ScenarioSpecification?
    /// Every issue found in the file, in line order.
    let issues: [ValidationIssue]
    /// Where each value was written.
    let source: YAMLSourceMap
    /// Whether the zone lists its members (otherwise they come from the regions file).
    let zoneMembersGiven: Bool
}

/// Builds a ``ScenarioSpecification`` from the YAML node tree, key by key, checking each value and the
/// relations that need no data (years, draws, scenario names, zone membership when members are given).
struct ScenarioFileDecoder {
    static let topKeys = ["schemaVersion", "title", "description", "data", "regions", "targets", "asOf", "horizonYear",
                          "zone", "projections", "scenarios", "targetAllocation", "simulation"]
    static let zoneKeys = ["region", "members", "parent"]
    static let projectionKeys = ["indicator", "unit", "model", "historyFrom", "level", "regions", "driver", "targetSeries", "memberShares"]
    static let driverKeys = ["indicator", "lag", "model", "elasticity", "unit"]
    static let elasticityKeys = ["value", "standardError", "estimate"]
    static let estimateKeys = ["regions", "fromYear"]
    static let targetSeriesKeys = ["indicator", "region", "unit", "factors"]
    static let factorKeys = ["name", "value", "standardError", "rule"]
    static let memberShareKeys = ["region", "share", "relativeError", "basis", "rule"]
    static let scenarioKeys = ["name", "label", "driver"]
    static let driverPathKeys = ["uplift", "amounts", "extraBudget", "from", "split"]
    static let simulationKeys = ["draws", "seed"]
    static let shareBases = ["observed", "assumption"]
    static let maximumDraws = 10_000_000

    let reader: YAMLValueReader
    /// The as-of and horizon years, once read (for range checks further down).
    private var asOf: Int?
    private var horizonYear: Int?

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
        let issues = sorted(reader.issues)
        let hasErrors = issues.contains { $0.severity == .error }
        return DecodedScenario(specification: hasErrors ? nil : specification, issues: issues,
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
            guard let version = reader.int(versionNode, path: "schemaVersion", name: "schemaVersion", example: "1") else { return (nil, true) }
            guard ScenarioLoader.supportedSchemaVersions.contains(version) else {
                let supported = ScenarioLoader.supportedSchemaVersions.map(String.init).joined(separator: ", ")
                reader.error(versionNode.mark, "schemaVersion \(version) is not supported; this version of sunan reads schema version \(supported)")
                return (nil, true)
            }
        } else if !mapping.keys.contains(where: { $0.string.flatMap { Spelling.suggestion(for: $0, among: ["schemaVersion"]) } != nil }) {
            reader.error(root.mark, "the scenario file lacks ‘schemaVersion’; add `schemaVersion: 1` as its first line")
        }
        let required = ["title", "data", "asOf", "horizonYear", "projections", "scenarios"]
        guard let top = reader.fields(root, path: "", name: "the file", what: "the scenario file",
                                      allowed: Self.topKeys, required: required) else { return (nil, true) }

        let title = reader.string(top, "title")
        let description = top.has("description") ? reader.string(top, "description") : ""
        var data = reader.strings(top, "data", example: "[../notebooks-data/china-provinces-st-panel.csv]")
        if let list = data, list.isEmpty {
            reader.error(top.node("data")?.mark, "‘data’ lists no file; name at least one data file")
            data = nil
        }
        let regions = reader.string(top, "regions")
        let targets = reader.string(top, "targets")
        let years = ValidationRules.standard.years
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

        var simulation = SimulationSettings()
        if let node = top.node("simulation"),
           let fields = reader.fields(node, path: "simulation", name: "simulation", what: "the simulation settings", allowed: Self.simulationKeys) {
            if let draws = reader.int(fields, "draws", example: "10000") {
                if (1...Self.maximumDraws).contains(draws) {
                    simulation.draws = draws
                } else {
                    reader.error(fields.node("draws")?.mark, "‘draws’ is \(draws); it must be from 1 to 10,000,000")
                }
            }
            if let node = fields.node("seed"), let seed = reader.uint64(node, path: fields.path("seed"), name: "seed") {
                simulation.seed = seed
            }
        }

        let specification = ScenarioSpecification(
            schemaVersion: 1, title: title ?? "", description: description ?? "", data: data ?? [], regions: regions,
            targets: targets, asOf: asOf ?? 0, horizonYear: horizonYear ?? 0, zone: zone, projections: projections.map(\.value),
            scenarios: scenarios.map(\.value), targetAllocation: allocation, simulation: simulation)
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
        guard let fields = reader.fields(node, path: path, name: "zone", what: "the zone", allowed: Self.zoneKeys, required: ["region"]) else {
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
    private func checkRepeats(_ names: [String], path: String, what: String) {
        var seen: [String: Int] = [:]
        for (index, name) in names.enumerated() {
            if let first = seen[name] {
                reader.error(reader.source.value("\(path)[\(index)]"), "\(what) ‘\(name)’ is listed twice (also item \(first + 1))")
            } else {
                seen[name] = index
            }
        }
    }

    private func decodeModel(_ fields: YAMLFields, _ key: String) -> String? {
        guard let name = reader.string(fields, key) else { return nil }
        guard (try? ModelCatalog.model(named: name, horizon: 1)) != nil else {
            let hint = Spelling.suggestion(for: name, among: ModelCatalog.names).map { "; did you mean ‘\($0)’?" }
                ?? "; choose one of \(ModelCatalog.names.joined(separator: ", "))"
            reader.error(fields.node(key)?.mark, "model ‘\(name)’ is not known\(hint)")
            return nil
        }
        return name
    }

    private func decodeUnit(_ fields: YAMLFields, _ key: String) -> String? {
        guard let code = reader.string(fields, key) else { return nil }
        guard UnitOfMeasure(knownCode: code) != nil else {
            let codes = UnitOfMeasure.known.map(\.code)
            let hint = Spelling.suggestion(for: code, among: codes).map { "; did you mean ‘\($0)’?" }
                ?? "; known units: \(codes.joined(separator: ", "))"
            reader.error(fields.node(key)?.mark, "unit ‘\(code)’ is not known\(hint)")
            return nil
        }
        return code
    }

    private func decodeProjection(_ node: Node, path: String) -> ProjectionSpecification? {
        guard let fields = reader.fields(node, path: path, name: "projections’ item", what: "the projection",
                                         allowed: Self.projectionKeys, required: ["indicator", "level", "regions"]) else { return nil }
        let indicator = reader.string(fields, "indicator")
        let unit = fields.has("unit") ? decodeUnit(fields, "unit") : nil
        let model = fields.has("model") ? decodeModel(fields, "model") : "loglinear"
        let historyFrom = reader.int(fields, "historyFrom", example: "2010")
        if let historyFrom, let asOf, historyFrom >= asOf {
            reader.error(fields.node("historyFrom")?.mark, "‘historyFrom’ \(historyFrom) leaves no history before ‘asOf’ \(asOf); it must be earlier")
        }
        let level = reader.choice(fields, "level", among: ProjectionLevel.allCases.map(\.rawValue)).flatMap(ProjectionLevel.init(rawValue:))
        let regions = reader.strings(fields, "regions", example: "[Jiangsu]")
        if let regions {
            if regions.isEmpty { reader.error(fields.node("regions")?.mark, "‘regions’ is empty; list the regions whose series are projected") }
            checkRepeats(regions, path: fields.path("regions"), what: "region")
            if level == .parent, regions.count > 1 {
                reader.error(fields.node("regions")?.mark, "level ‘parent’ projects one region, the zone's parent, but ‘regions’ lists \(regions.count)")
            }
        }
        let driver = fields.node("driver").flatMap { decodeDriver($0, path: fields.path("driver")) }
        let targetSeries = fields.node("targetSeries").flatMap { decodeTargetSeries($0, path: fields.path("targetSeries")) }
        var memberShares: MemberShares?
        if let sharesNode = fields.node("memberShares") {
            if let level, level != .parent {
                reader.error(fields.entries["memberShares"]?.key.mark,
                    "‘memberShares’ splits a zone observed through its parent; it applies to level ‘parent’ only, not ‘\(level.rawValue)’")
            }
            let sharesPath = fields.path("memberShares")
            if let items = reader.items(sharesNode, path: sharesPath, name: "memberShares", example: "[{region: Nanjing, share: 0.3, basis: observed, rule: …}]") {
                let shares = items.enumerated().compactMap { decodeMemberShare($1, path: "\(sharesPath)[\($0)]") }
                if items.isEmpty { reader.error(sharesNode.mark, "‘memberShares’ is empty; give one share per member city") }
                if shares.count == items.count { memberShares = MemberShares(shares: shares) }
            }
        }
        guard let indicator, let model, let level, let regions else { return nil }
        return ProjectionSpecification(indicator: indicator, unit: unit, model: model, historyFrom: historyFrom, level: level,
                                       regions: regions, driver: driver, targetSeries: targetSeries, memberShares: memberShares)
    }

    private func decodeDriver(_ node: Node, path: String) -> DriverSpecification? {
        guard let fields = reader.fields(node, path: path, name: "driver", what: "the driver", allowed: Self.driverKeys,
                                         required: ["indicator", "elasticity"]) else { return nil }
        let indicator = reader.string(fields, "indicator")
        var lag: Int? = 1
        if fields.has("lag") {
            lag = reader.int(fields, "lag", example: "1")
            if let value = lag, value < 0 {
                reader.error(fields.node("lag")?.mark, "‘lag’ is \(value); the years between spending and effect cannot be negative")
                lag = nil
            }
        }
        let model = fields.has("model") ? decodeModel(fields, "model") : "loglinear"
        let unit = fields.has("unit") ? decodeUnit(fields, "unit") : nil
        let elasticity = fields.node("elasticity").flatMap { decodeElasticity($0, path: fields.path("elasticity")) }
        guard let indicator, let lag, let model, let elasticity else { return nil }
        return DriverSpecification(indicator: indicator, lag: lag, model: model, elasticity: elasticity, unit: unit)
    }

    private func decodeElasticity(_ node: Node, path: String) -> ElasticitySetting? {
        let forms = "‘estimate’, {value: 0.6, standardError: 0.15} or {estimate: {regions: […], fromYear: 2010}}"
        if case let .scalar(scalar) = node, !YAMLValueReader.isNull(scalar) {
            if scalar.string == "estimate" { return .estimate(regions: [], fromYear: nil) }
            if scalar.style == .plain, Double(scalar.string) != nil {
                reader.error(node.mark, "‘elasticity’ must be \(forms); to fix it at \(scalar.string) write {value: \(scalar.string), standardError: 0}")
            } else if Spelling.suggestion(for: scalar.string, among: ["estimate"]) != nil {
                reader.error(node.mark, "‘elasticity’ is ‘\(scalar.string)’; did you mean ‘estimate’?")
            } else {
                reader.error(node.mark, "‘elasticity’ must be \(forms), not ‘\(scalar.string)’")
            }
            return nil
        }
        guard case .mapping = node else {
            reader.error(node.mark, "‘elasticity’ must be \(forms), not \(YAMLValueReader.describe(node))")
            return nil
        }
        guard let fields = reader.fields(node, path: path, name: "elasticity", what: "the elasticity", allowed: Self.elasticityKeys) else { return nil }
        if let estimateNode = fields.node("estimate") {
            for key in ["value", "standardError"] where fields.has(key) {
                reader.error(fields.entries[key]?.key.mark, "‘\(key)’ gives the elasticity, but ‘estimate’ asks for it to be estimated; keep one")
            }
            if case let .scalar(scalar) = estimateNode, YAMLValueReader.isNull(scalar) { return .estimate(regions: [], fromYear: nil) }
            guard let estimate = reader.fields(estimateNode, path: fields.path("estimate"), name: "estimate",
                                               what: "the estimate settings", allowed: Self.estimateKeys) else { return nil }
            let regions = estimate.has("regions") ? reader.strings(estimate, "regions", example: "[Beijing, Shanghai, Jiangsu]") : []
            if let regions { checkRepeats(regions, path: estimate.path("regions"), what: "region") }
            let fromYear = reader.int(estimate, "fromYear", example: "2010")
            if let fromYear, let asOf, fromYear >= asOf {
                reader.error(estimate.node("fromYear")?.mark, "‘fromYear’ \(fromYear) leaves no years before ‘asOf’ \(asOf) to estimate from")
                return nil
            }
            guard let regions else { return nil }
            return .estimate(regions: regions, fromYear: fromYear)
        }
        let missing = ["value", "standardError"].filter { !fields.has($0) }
        if !missing.isEmpty {
            if fields.hasUnknownKeys { return nil }
            reader.error(node.mark, "the elasticity lacks \(missing.map { "‘\($0)’" }.joined(separator: " and ")) (or write ‘estimate’ to estimate it); use standardError: 0 for a value taken as certain")
            return nil
        }
        let value = reader.double(fields, "value")
        let standardError = reader.double(fields, "standardError", example: "0.15")
        if let standardError, standardError < 0 {
            reader.error(fields.node("standardError")?.mark, "‘standardError’ is \(standardError); it cannot be negative")
            return nil
        }
        guard let value, let standardError else { return nil }
        return .given(value: value, standardError: standardError)
    }

    private func decodeTargetSeries(_ node: Node, path: String) -> TargetSeriesSpecification? {
        guard let fields = reader.fields(node, path: path, name: "targetSeries", what: "the target series",
                                         allowed: Self.targetSeriesKeys, required: ["indicator", "region", "unit"]) else { return nil }
        let indicator = reader.string(fields, "indicator")
        let region = reader.string(fields, "region")
        let unit = fields.has("unit") ? decodeUnit(fields, "unit") : nil
        var factors: [DerivationFactor]? = []
        if let factorsNode = fields.node("factors") {
            let factorsPath = fields.path("factors")
            if let items = reader.items(factorsNode, path: factorsPath, name: "factors", example: "[{name: …, value: 1.1, standardError: 0.02, rule: …}]") {
                let decoded = items.enumerated().compactMap { decodeFactor($1, path: "\(factorsPath)[\($0)]") }
                factors = decoded.count == items.count ? decoded : nil
            } else {
                factors = nil
            }
        }
        guard let indicator, let region, let unit, let factors else { return nil }
        return TargetSeriesSpecification(indicator: indicator, region: region, unit: unit, factors: factors)
    }

    private func decodeFactor(_ node: Node, path: String) -> DerivationFactor? {
        guard let fields = reader.fields(node, path: path, name: "factors’ item", what: "the factor", allowed: Self.factorKeys,
                                         required: ["name", "value", "rule"]) else { return nil }
        let name = reader.string(fields, "name")
        var value = reader.double(fields, "value", example: "1.137")
        if let factor = value, factor <= 0 {
            reader.error(fields.node("value")?.mark, "factor ‘value’ is \(factor); a multiplicative factor must be positive")
            value = nil
        }
        var standardError: Double? = 0
        if fields.has("standardError") {
            standardError = reader.double(fields, "standardError", example: "0.02")
            if let error = standardError, error < 0 {
                reader.error(fields.node("standardError")?.mark, "‘standardError’ is \(error); it cannot be negative")
                standardError = nil
            }
        }
        let rule = reader.string(fields, "rule")
        guard let name, let value, let standardError, let rule else { return nil }
        return DerivationFactor(name: name, value: value, standardError: standardError, rule: rule)
    }

    private func decodeMemberShare(_ node: Node, path: String) -> MemberShare? {
        guard let fields = reader.fields(node, path: path, name: "memberShares’ item", what: "the member share",
                                         allowed: Self.memberShareKeys, required: ["region", "share", "basis", "rule"]) else { return nil }
        let region = reader.string(fields, "region")
        var share = reader.double(fields, "share", example: "0.3")
        if let value = share, value <= 0 {
            reader.error(fields.node("share")?.mark, "‘share’ is \(value); a share must be positive")
            share = nil
        }
        var relativeError: Double? = 0
        if fields.has("relativeError") {
            relativeError = reader.double(fields, "relativeError", example: "0.1")
            if let value = relativeError, value < 0 {
                reader.error(fields.node("relativeError")?.mark, "‘relativeError’ is \(value); it cannot be negative")
                relativeError = nil
            }
        }
        let basis = reader.choice(fields, "basis", among: Self.shareBases)
        let rule = reader.string(fields, "rule")
        guard let region, let share, let relativeError, let basis, let rule else { return nil }
        return MemberShare(region: region, share: share, relativeError: relativeError, basis: basis, rule: rule)
    }

    private func decodeScenario(_ node: Node, path: String) -> ScenarioCase? {
        guard let fields = reader.fields(node, path: path, name: "scenarios’ item", what: "the scenario",
                                         allowed: Self.scenarioKeys, required: ["name"]) else { return nil }
        var name = reader.string(fields, "name")
        if let text = name, !Self.isIdentifier(text) {
            reader.error(fields.node("name")?.mark,
                "scenario name ‘\(text)’ is used in file names and tables: use letters, digits, ‘_’, ‘-’ and ‘.’ only, starting with a letter or digit (put free text in ‘label’)")
            name = nil
        }
        let label = fields.has("label") ? reader.string(fields, "label") : name
        var driver: DriverPath? = .baseline
        if let driverNode = fields.node("driver") { driver = decodeDriverPath(driverNode, path: fields.path("driver")) }
        guard let name, let label, let driver else { return nil }
        return ScenarioCase(name: name, label: label, driver: driver)
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first.isASCII, first.properties.isAlphabetic || ("0"..."9").contains(first) else { return false }
        return text.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "_-.".unicodeScalars.contains($0)) }
    }

    /// Checks that `year` (at `mark`) is a projected year.
    /// Checks what it can when `asOf` or `horizonYear` is missing or wrong (already reported).
    private func checkProjected(_ year: Int, mark: Mark?, what: String) -> Bool {
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

    private func decodeDriverPath(_ node: Node, path: String) -> DriverPath? {
        let forms = "‘baseline’, {uplift: 10, from: 2018}, {amounts: {2018: 520}} or {extraBudget: 50, from: 2018, split: {Nanjing: 1}}"
        if case let .scalar(scalar) = node, !YAMLValueReader.isNull(scalar) {
            if scalar.string == "baseline" { return .baseline }
            let hint = Spelling.suggestion(for: scalar.string, among: ["baseline"]) != nil ? "; did you mean ‘baseline’?" : ""
            reader.error(node.mark, "the scenario's ‘driver’ must be \(forms), not ‘\(scalar.string)’\(hint)")
            return nil
        }
        guard case .mapping = node else {
            reader.error(node.mark, "the scenario's ‘driver’ must be \(forms), not \(YAMLValueReader.describe(node))")
            return nil
        }
        guard let fields = reader.fields(node, path: path, name: "driver", what: "the scenario's driver path", allowed: Self.driverPathKeys) else { return nil }
        let kinds = ["uplift", "amounts", "extraBudget"].filter(fields.has)
        guard kinds.count == 1, let kind = kinds.first else {
            if kinds.isEmpty {
                if !fields.hasUnknownKeys {
                    reader.error(node.mark, "the scenario's driver path needs one of ‘uplift’, ‘amounts’ or ‘extraBudget’ (or write driver: baseline)")
                }
            } else {
                reader.error(node.mark, "the scenario's driver path gives \(kinds.map { "‘\($0)’" }.joined(separator: " and ")); give exactly one")
            }
            return nil
        }
        if kind != "extraBudget", let key = fields.entries["split"]?.key {
            reader.error(key.mark, "‘split’ divides an ‘extraBudget’ across cities; it does not apply to ‘\(kind)’")
        }
        if kind == "amounts", let key = fields.entries["from"]?.key {
            reader.error(key.mark, "‘from’ does not apply to ‘amounts’, which gives each year explicitly")
        }
        var fromYear: Int?
        if kind != "amounts" {
            if fields.has("from") {
                fromYear = reader.int(fields, "from", example: "2018")
                if let year = fromYear, !checkProjected(year, mark: fields.node("from")?.mark, what: "‘from’") { fromYear = nil }
            } else {
                reader.error(node.mark, "‘\(kind)’ needs ‘from’, the first year it applies to")
            }
        }
        switch kind {
        case "uplift":
            guard let percent = reader.double(fields, "uplift", example: "10") else { return nil }
            if percent <= -100 {
                reader.error(fields.node("uplift")?.mark, "‘uplift’ is \(percent) %; a cut of 100 % or more a year leaves nothing to spend")
                return nil
            }
            guard let fromYear else { return nil }
            return .uplift(percentPerYear: percent, fromYear: fromYear)
        case "amounts":
            guard let amounts = decodeYearAmounts(fields.node("amounts")!, path: fields.path("amounts")) else { return nil }
            return .amounts(amounts)
        default:
            let amount = reader.double(fields, "extraBudget", example: "50")
            var split: [String: Double]?
            if let splitNode = fields.node("split") {
                split = decodeWeights(splitNode, path: fields.path("split"))
            } else {
                reader.error(node.mark, "‘extraBudget’ needs ‘split’, the weights of the member cities, e.g. {Nanjing: 2, Suzhou: 1}")
            }
            guard let amount, let fromYear, let split else { return nil }
            return .extraBudget(amountPerYear: amount, fromYear: fromYear, split: split)
        }
    }

    private func decodeYearAmounts(_ node: Node, path: String) -> [Int: Double]? {
        guard case let .mapping(mapping) = node, !mapping.isEmpty else {
            reader.error(node.mark, "‘amounts’ must be a mapping of years to amounts such as {2018: 520, 2019: 560}, not \(YAMLValueReader.describe(node))")
            return nil
        }
        var amounts: [Int: Double] = [:]
        var failed = false
        for (key, value) in mapping {
            guard case let .scalar(scalar) = key, scalar.style == .plain, let year = Int(scalar.string) else {
                reader.error(key.mark, "an ‘amounts’ key must be a year such as 2018, not \(YAMLValueReader.describe(key))")
                failed = true
                continue
            }
            if YAMLDocument.isPlaceholder(scalar.string) { continue }
            if !checkProjected(year, mark: key.mark, what: "amounts year") { failed = true }
            guard let amount = reader.double(value, path: "\(path).\(year)", name: "amounts’ for ‘\(year)", example: "520") else {
                failed = true
                continue
            }
            if amount < 0 {
                reader.error(value.mark, "the amount for \(year) is \(amount); spending cannot be negative")
                failed = true
            }
            amounts[year] = amount
        }
        return failed ? nil : amounts
    }

    private func decodeWeights(_ node: Node, path: String) -> [String: Double]? {
        guard case let .mapping(mapping) = node, !mapping.isEmpty else {
            reader.error(node.mark, "‘split’ must be a mapping of member cities to weights such as {Nanjing: 2, Suzhou: 1}, not \(YAMLValueReader.describe(node))")
            return nil
        }
        var weights: [String: Double] = [:]
        var failed = false
        for (key, value) in mapping {
            guard case let .scalar(scalar) = key, !YAMLValueReader.isNull(scalar) else {
                reader.error(key.mark, "a ‘split’ key must be a region name, not \(YAMLValueReader.describe(key))")
                failed = true
                continue
            }
            let name = scalar.string
            if YAMLDocument.isPlaceholder(name) { continue }
            let childPath = "\(path).\(name)"
            if let mark = key.mark { reader.recordKey(mark, at: childPath) }
            guard let weight = reader.double(value, path: childPath, name: "split’ weight of ‘\(name)", example: "1") else {
                failed = true
                continue
            }
            if weight <= 0 {
                reader.error(value.mark, "the split weight of ‘\(name)’ is \(weight); weights must be positive (leave a city out to give it nothing)")
                failed = true
            }
            weights[name] = weight
        }
        return failed ? nil : weights
    }
}
