import Foundation
import Indicators
import Scenarios

/// Checks of a scenario against its zone: levels that need a zone, member shares and extra-budget splits
/// naming regions that are not members, members without a share.
enum ScenarioMembership {
    /// Every problem, located through `source`; `projectionPaths[i]` and `scenarioPaths[i]` are the value
    /// paths of `specification.projections[i]` and `specification.scenarios[i]`.
    static func problems(_ specification: ScenarioSpecification, source: YAMLSourceMap,
                         projectionPaths: [String], scenarioPaths: [String]) -> [(mark: Mark?, message: String)] {
        var problems: [(mark: Mark?, message: String)] = []
        let zone = specification.zone
        let members = zone?.members ?? []
        func notMember(_ name: String) -> String {
            let zoneName = zone?.region ?? ""
            let hint = Spelling.suggestion(for: name, among: members).map { Spelling.didYouMean($0) + " " } ?? ""
            return "‘\(name)’ is not a member of zone ‘\(zoneName)’; \(hint)its members are \(members.joined(separator: ", "))"
        }
        for (projection, path) in zip(specification.projections, projectionPaths) {
            if projection.level != .regions, zone == nil {
                problems.append((source.value("\(path).level"),
                    "level ‘\(projection.level.rawValue)’ relates the series to a zone and its members, but the file defines no ‘zone’; use level ‘regions’ or add a zone"))
                continue
            }
            guard let zone else { continue }
            switch projection.level {
            case .members:
                for (index, region) in projection.regions.enumerated() where !members.contains(region) {
                    problems.append((source.value("\(path).regions[\(index)]"), notMember(region) + "; level ‘members’ projects the member cities"))
                }
            case .parent:
                if let parent = zone.parent, let region = projection.regions.first, region != parent {
                    problems.append((source.value("\(path).regions[0]"),
                        "level ‘parent’ projects the zone's parent ‘\(parent)’, not ‘\(region)’"))
                }
            case .regions:
                break
            }
            guard let shares = projection.memberShares?.shares else { continue }
            // The shares' list: `memberShares` itself, or its `shares` when written as a mapping.
            let sharesPath = source.values["\(path).memberShares.shares"] != nil ? "\(path).memberShares.shares" : "\(path).memberShares"
            var seen: Set<String> = []
            for (index, share) in shares.enumerated() {
                let at = source.value("\(sharesPath)[\(index)].region")
                if !members.contains(share.region) {
                    problems.append((at, notMember(share.region)))
                } else if !seen.insert(share.region).inserted {
                    problems.append((at, "‘\(share.region)’ already has a share; give one share per member"))
                }
            }
            let missing = members.filter { !seen.contains($0) }
            if !missing.isEmpty {
                problems.append((source.key("\(path).memberShares"),
                    "‘memberShares’ gives no share for \(missing.joined(separator: ", ")); give one per member of ‘\(zone.region)’ (basis: assumption for, e.g., a GDP share)"))
            }
        }
        for (scenario, path) in zip(specification.scenarios, scenarioPaths) {
            guard case let .extraBudget(_, _, split) = scenario.driver else { continue }
            if zone == nil {
                problems.append((source.value("\(path).driver"),
                    "scenario ‘\(scenario.name)’ splits an ‘extraBudget’ across the zone's member cities, but the file defines no ‘zone’"))
                continue
            }
            for name in split.keys.sorted() where !members.contains(name) {
                problems.append((source.key("\(path).driver.split.\(name)"), notMember(name) + "; ‘split’ divides the budget among members only"))
            }
        }
        return problems
    }
}

/// Checks of a decoded scenario against the files it names: files exist, the zone is defined, every
/// projected region × indicator (and driver) is in the data with history up to the as-of year, units
/// convert, the target series is something the targets speak of.
struct ScenarioDataCheck {
    /// The scenario file's name in issues.
    let file: String
    /// Where each value was written.
    let source: YAMLSourceMap
    /// Every issue of the scenario file so far, each once, the first ``IssueList/limit`` of them listed.
    private var issues: IssueList

    init(file: String, source: YAMLSourceMap, issues: [ValidationIssue]) {
        self.file = file
        self.source = source
        self.issues = IssueList(file: file)
        self.issues.adopt(issues)
    }

    /// The issues in line order.
    var sortedIssues: [ValidationIssue] { issues.listed }

    private mutating func error(_ mark: Mark?, _ message: String, check: StaticString = #fileID, line: UInt = #line) {
        issues.record(.error, at: mark, check: check, line: line) { message }
    }

    private mutating func warning(_ mark: Mark?, _ message: String, check: StaticString = #fileID, line: UInt = #line) {
        issues.record(.warning, at: mark, check: check, line: line) { message }
    }

    /// `relative` resolved against `folder` when it names an existing file; otherwise nil, after an
    /// error at the value `path`.
    mutating func existingFile(_ relative: String, folder: String, at path: String, role: String) -> String? {
        let resolved = ScenarioLoader.resolve(relative, against: folder)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: DataFile.diskPath(resolved), isDirectory: &isDirectory) else {
            error(source.value(path), "\(role) ‘\(relative)’ does not exist (looked for \(resolved); paths are relative to the scenario file's folder)")
            return nil
        }
        guard !isDirectory.boolValue else {
            error(source.value(path), "\(role) ‘\(relative)’ is a folder, not a file")
            return nil
        }
        return resolved
    }

    /// "‘x’ is not …; did you mean ‘y’? The data have N regions: closest first …".
    private func unknown(_ kind: String, _ name: String, among names: [String], in place: String) -> String {
        let hint = Spelling.suggestion(for: name, among: names).map { Spelling.didYouMean($0) + " " } ?? ""
        let intro = place == "in the data" ? "the data have" : "the regions file defines"
        let capitalised = hint.isEmpty ? intro : intro.prefix(1).uppercased() + intro.dropFirst()
        return "\(kind) ‘\(name)’ is not \(place); \(hint)\(capitalised) \(names.count) \(kind)\(names.count == 1 ? "" : "s"): "
            + Spelling.listing(names, closestTo: name)
    }

    /// Completes the zone from `hierarchy` and checks `specification` against the loaded files.
    mutating func run(_ specification: inout ScenarioSpecification, panel: Panel, hierarchy: RegionHierarchy?,
                      targets: [Target]?, membersGiven: Bool) {
        completeZone(&specification, hierarchy: hierarchy, membersGiven: membersGiven)
        if !membersGiven {
            let problems = ScenarioMembership.problems(
                specification, source: source,
                projectionPaths: specification.projections.indices.map { "projections[\($0)]" },
                scenarioPaths: specification.scenarios.indices.map { "scenarios[\($0)]" })
            for problem in problems { error(problem.mark, problem.message) }
        }
        var firstProjection: [SeriesKey: Int] = [:]
        for (index, projection) in specification.projections.enumerated() {
            let path = "projections[\(index)]"
            checkProjection(projection, path: path, asOf: specification.asOf, panel: panel, hierarchy: hierarchy, targets: targets)
            for (position, region) in projection.regions.enumerated() {
                let key = SeriesKey(region: region, indicator: projection.indicator)
                let at = source.value("\(path).regions[\(position)]")
                if let line = firstProjection[key] {
                    error(at, "\(key) is already projected at line \(line); project each series once")
                } else {
                    firstProjection[key] = at?.line ?? 0
                }
            }
        }
        checkDriverChanges(specification, panel: panel)
    }

    /// Checks that every `amounts` value and `extraBudget` keeps each driver it changes within
    /// ``ScenarioSchema/Limits/driverFactor`` of the driver's last observed value up to `asOf` (the
    /// baseline's starting point): an amount against the budget it replaces, an extra budget against
    /// the budget of each region (or member city, through its share) that receives part of it.
    private mutating func checkDriverChanges(_ specification: ScenarioSpecification, panel: Panel) {
        let limit = ScenarioSchema.Limits.driverFactor
        let zone = specification.zone
        var reported: Set<String> = []
        for (s, scenario) in specification.scenarios.enumerated() {
            for projection in specification.projections {
                guard let driver = projection.driver else { continue }
                let sources: [String]
                switch projection.level {
                case .parent: sources = projection.regions.isEmpty ? [zone?.parent].compactMap { $0 } : [projection.regions[0]]
                case .members: sources = projection.regions.isEmpty ? zone?.members ?? [] : projection.regions
                case .regions: sources = projection.regions
                }
                /// The last observed driver value of `region` up to asOf, in the driver's working unit.
                func lastObserved(_ region: String) -> (year: Int, value: Double)? {
                    guard var series = panel.series(region: region, indicator: driver.indicator) else { return nil }
                    // A driver unit the data cannot be converted to is an error of `checkSeries`; here the data's own unit stays.
                    if let unit = driver.unit, let converted = try? series.converted(to: UnitOfMeasure.parse(unit)) { series = converted }
                    guard let last = series.observations.last(where: { $0.year <= specification.asOf }), last.value > 0 else { return nil }
                    return (last.year, last.value)
                }
                switch scenario.driver {
                case .amounts(let amounts):
                    for region in sources {
                        guard let (year, budget) = lastObserved(region) else { continue }
                        for (amountYear, amount) in amounts.sorted(by: { $0.key < $1.key }) {
                            let factor = amount / budget
                            let path = "scenarios[\(s)].driver.amounts.\(amountYear)"
                            guard factor > limit || factor < 1 / limit, reported.insert(path).inserted else { continue }
                            error(source.value(path),
                                "the amount \(ScenarioFileDecoder.text(amount)) for \(amountYear) is \(String(format: "%.3g", factor)) times the last observed "
                                    + "\(driver.indicator) of \(region) (\(ScenarioFileDecoder.text(budget)) in \(year)); a scenario may move its driver within a factor of "
                                    + "\(Int(limit)) of the baseline, where the constant-elasticity model still holds: "
                                    + "from \(String(format: "%.4g", budget / limit)) to \(String(format: "%.4g", budget * limit)) here")
                        }
                    }
                case .extraBudget(let amount, _, let split):
                    let total = split.values.reduce(0, +)
                    guard total > 0 else { continue }
                    // Who receives which part, and the budget it is added to.
                    var receivers: [(name: String, budget: Double, year: Int, part: Double)] = []
                    if projection.level == .parent, let parent = sources.first, let (year, budget) = lastObserved(parent) {
                        receivers.append((parent, budget, year, 1))
                        let shares = projection.memberShares?.shares ?? []
                        let shareTotal = shares.reduce(0) { $0 + $1.share }
                        for share in shares where shareTotal > 0 {
                            receivers.append((share.region, budget * share.share / shareTotal, year, (split[share.region] ?? 0) / total))
                        }
                    } else if projection.level != .parent {
                        for region in sources {
                            guard let (year, budget) = lastObserved(region) else { continue }
                            receivers.append((region, budget, year, (split[region] ?? 0) / total))
                        }
                    }
                    let allowed = receivers.filter { $0.part > 0 }.map { (limit - 1) * $0.budget / $0.part }.min()
                    guard let allowed, amount > allowed,
                          let worst = receivers.filter({ $0.part > 0 }).max(by: { $0.part / $0.budget < $1.part / $1.budget }),
                          reported.insert("scenarios[\(s)]").inserted else { continue }
                    let factor = (worst.budget + amount * worst.part) / worst.budget
                    error(source.value("scenarios[\(s)].driver.extraBudget"),
                        "‘extraBudget’ \(ScenarioFileDecoder.text(amount)) a year would make the \(driver.indicator) of \(worst.name) \(String(format: "%.3g", factor)) times "
                            + "its last observed level (\(String(format: "%.4g", worst.budget)) in \(worst.year)); a scenario may move its driver "
                            + "within a factor of \(Int(limit)) of the baseline, where the constant-elasticity model still holds: "
                            + "at most \(String(format: "%.4g", allowed)) a year here")
                case .baseline, .uplift:
                    break
                }
            }
        }
    }

    private mutating func completeZone(_ specification: inout ScenarioSpecification, hierarchy: RegionHierarchy?, membersGiven: Bool) {
        guard var zone = specification.zone else { return }
        defer { specification.zone = zone }
        guard let hierarchy else {
            if zone.members.isEmpty {
                error(source.key("zone"), "the zone lists no ‘members’ and the file names no ‘regions’ file to take them from; add one or the other")
            }
            return
        }
        let ids = hierarchy.regions.map(\.id)
        guard hierarchy.region(zone.region) != nil else {
            error(source.value("zone.region"), unknown("region", zone.region, among: ids, in: "defined in the regions file"))
            return
        }
        if zone.members.isEmpty {
            zone.members = hierarchy.members(of: zone.region).map(\.id)
            if zone.members.isEmpty {
                error(source.value("zone.region"), "region ‘\(zone.region)’ has no members in the regions file; list them in ‘members’")
            }
        }
        for (index, member) in zone.members.enumerated() where hierarchy.region(member) == nil {
            error(source.value("zone.members[\(index)]"), unknown("region", member, among: ids, in: "defined in the regions file"))
        }
        let defined = hierarchy.members(of: zone.region).map(\.id)
        if membersGiven, !defined.isEmpty, Set(defined) != Set(zone.members) {
            warning(source.value("zone.members"),
                "these members of ‘\(zone.region)’ differ from the regions file's (\(defined.joined(separator: ", "))); the file's list is used")
        }
        if zone.parent == nil {
            zone.parent = hierarchy.region(zone.region)?.parentID
        } else if let parent = zone.parent, hierarchy.region(parent) == nil {
            error(source.value("zone.parent"), unknown("region", parent, among: ids, in: "defined in the regions file"))
        }
    }

    /// Checks that the data hold `indicator` for `region` (reported at `at`), converting to `unit`
    /// (reported at `unitAt`) and, with `asOf`, observed up to the as-of year.
    /// - Returns: whether the series exists.
    @discardableResult
    private mutating func checkSeries(_ region: String, _ indicator: String, panel: Panel, at: Mark?, role: String,
                                      unit: String?, unitAt: Mark?, asOf: Int?, historyFrom: Int? = nil) -> Bool {
        guard let series = panel.series(region: region, indicator: indicator) else {
            if !panel.regions.contains(region) {
                error(at, unknown("region", region, among: panel.regions, in: "in the data"))
            } else {
                let having = panel.seriesKeys.filter { $0.indicator == indicator }.map(\.region)
                error(at, "the data have no \(role)‘\(indicator)’ series for ‘\(region)’; they have it for "
                    + "\(having.count) region\(having.count == 1 ? "" : "s"): \(Spelling.listing(having, closestTo: region))")
            }
            return false
        }
        if let unit, let target = UnitOfMeasure(knownCode: unit), !series.unit.isConvertible(to: target) {
            error(unitAt, "the data give \(series.key) in ‘\(series.unit)’, which cannot be converted to ‘\(unit)’")
        }
        guard let asOf else { return true }
        let start = historyFrom ?? Int.min
        let used = series.years.filter { $0 >= start && $0 <= asOf }
        if used.isEmpty {
            let span = series.span.map { "\($0.lowerBound)–\($0.upperBound)" } ?? "no year"
            let window = historyFrom.map { "from \($0) " } ?? ""
            error(at, "the data have no \(series.key) observation \(window)up to asOf \(asOf) (the series covers \(span))")
        } else if let last = series.span?.upperBound, last < asOf {
            warning(at, "asOf \(asOf) is later than the last data year \(last) of \(series.key)")
        }
        return true
    }

    private mutating func checkProjection(_ projection: ProjectionSpecification, path: String, asOf: Int, panel: Panel,
                                          hierarchy: RegionHierarchy?, targets: [Target]?) {
        let outcomeKnown = panel.indicators.contains(projection.indicator)
        if !outcomeKnown {
            error(source.value("\(path).indicator"), unknown("indicator", projection.indicator, among: panel.indicators, in: "in the data"))
        }
        var observedRegions: [String] = []
        for (position, region) in projection.regions.enumerated() where outcomeKnown {
            if checkSeries(region, projection.indicator, panel: panel, at: source.value("\(path).regions[\(position)]"), role: "",
                           unit: projection.unit, unitAt: source.value("\(path).unit"), asOf: asOf, historyFrom: projection.historyFrom) {
                observedRegions.append(region)
            }
        }
        if let driver = projection.driver {
            let driverPath = "\(path).driver"
            let at = source.value("\(driverPath).indicator")
            if !panel.indicators.contains(driver.indicator) {
                error(at, unknown("indicator", driver.indicator, among: panel.indicators, in: "in the data"))
            } else {
                for region in observedRegions {
                    checkSeries(region, driver.indicator, panel: panel, at: at, role: "driver ", unit: driver.unit,
                                unitAt: source.value("\(driverPath).unit"), asOf: asOf)
                }
                if case let .estimate(regions, _) = driver.elasticity, outcomeKnown {
                    let estimatePath = "\(driverPath).elasticity.estimate.regions"
                    for (position, region) in regions.enumerated() {
                        let regionAt = source.value("\(estimatePath)[\(position)]")
                        if checkSeries(region, projection.indicator, panel: panel, at: regionAt, role: "", unit: nil, unitAt: nil, asOf: nil) {
                            checkSeries(region, driver.indicator, panel: panel, at: regionAt, role: "driver ", unit: nil, unitAt: nil, asOf: nil)
                        }
                    }
                    if regions.isEmpty {
                        let both = panel.regions.filter {
                            panel.series(region: $0, indicator: projection.indicator) != nil && panel.series(region: $0, indicator: driver.indicator) != nil
                        }
                        if both.count < 2 {
                            error(source.value("\(driverPath).elasticity"),
                                "estimating the elasticity needs ‘\(projection.indicator)’ and ‘\(driver.indicator)’ in at least two regions; the data have both for \(both.count)")
                        }
                    }
                }
            }
        }
        guard let targetSeries = projection.targetSeries else { return }
        let seriesPath = "\(path).targetSeries"
        if let hierarchy, hierarchy.region(targetSeries.region) == nil, !panel.regions.contains(targetSeries.region) {
            error(source.value("\(seriesPath).region"),
                unknown("region", targetSeries.region, among: hierarchy.regions.map(\.id), in: "defined in the regions file"))
        }
        guard let targets else { return }
        let matching = targets.filter { $0.indicator == targetSeries.indicator }
        if matching.isEmpty {
            let indicators = Array(Set(targets.map(\.indicator))).sorted()
            let hint = Spelling.suggestion(for: targetSeries.indicator, among: indicators).map { "; " + Spelling.didYouMean($0) } ?? ""
            warning(source.value("\(seriesPath).indicator"),
                "no target in the targets file is about ‘\(targetSeries.indicator)’, so this series is projected but not tested\(hint)")
        }
        if let unit = UnitOfMeasure(knownCode: targetSeries.unit) {
            for target in matching where !unit.isConvertible(to: target.unit) {
                error(source.value("\(seriesPath).unit"),
                    "target ‘\(target.id)’ is in ‘\(target.unit)’, which ‘\(targetSeries.unit)’ cannot be converted to")
            }
        }
    }
}
