import Foundation
import Indicators

/// A scenario file with everything it names loaded and checked against each other.
public struct LoadedScenario: Sendable {
    /// The decoded specification, with the zone's `members` and `parent` filled in from the region
    /// hierarchy where the file leaves them out.
    public let specification: ScenarioSpecification
    /// The scenario file's path as given.
    public let path: String
    /// The panel of every data file (`data`), validated like `sunan check` validates it.
    public let panel: Panel
    /// The region hierarchy (`regions`), or nil when the file names none.
    public let hierarchy: RegionHierarchy?
    /// The plan's targets (`targets`), or empty when the file names none.
    public let targets: [Target]
    /// Warnings about the scenario file and the files it names (the load succeeded despite them).
    public let warnings: [ValidationIssue]

    /// A loaded scenario; see the properties for the meaning of each argument.
    public init(specification: ScenarioSpecification, path: String, panel: Panel, hierarchy: RegionHierarchy?,
                targets: [Target], warnings: [ValidationIssue]) {
        self.specification = specification
        self.path = path
        self.panel = panel
        self.hierarchy = hierarchy
        self.targets = targets
        self.warnings = warnings
    }
}

/// Reads scenario files (YAML, schema version 1) into ``ScenarioSpecification`` values, strictly.
///
/// The layout follows the types of ``ScenarioSpecification`` key for key (see their documentation and
/// `scenarios/sunan-2020.yaml`). Every problem is reported with file, line and column, all at once:
///
/// - YAML syntax errors, tabs in indentation, repeated keys, more than one document;
/// - an unknown or misspelt key at any level, with a "did you mean" suggestion (Damerau–Levenshtein
///   distance ≤ 2, or the same letters up to case and `_`), or the allowed keys when nothing is close;
/// - a missing required key, a value of the wrong type (quoted numbers are text, not numbers), a
///   `schemaVersion` other than 1, an unknown model, level, unit or allocation rule;
/// - inconsistent values: `horizonYear` not after `asOf`, a driver path's `from` year or an amounts year
///   outside `asOf + 1 … horizonYear`, draws outside 1…10,000,000, a negative lag or standard error, a
///   repeated scenario name or region, member shares or an extra-budget split naming regions that are
///   not zone members;
/// - (``load(path:)`` only) a data, regions or targets path that does not exist, problems inside those
///   files, a region or indicator the data lack (listing what exists, closest first), units that cannot
///   be converted; and, as a warning, an `asOf` later than the last data year of a projected series.
///
/// Defaults: `description` empty; `model` and the driver's `model` `loglinear`; `lag` 1; `label` the
/// scenario's name; `driver` (of a scenario) `baseline`; `simulation` 10,000 draws with seed 20180101;
/// the zone's `members` and `parent` from the regions file.
public enum ScenarioLoader {
    /// The schema versions this build reads.
    public static let supportedSchemaVersions = [1]

    /// Decodes and checks the scenario in `file` on its own (without reading the files it names).
    ///
    /// The zone's `members` stay empty when the file leaves them to the regions file.
    /// - Returns: the specification (nil when any error is found) and every issue, in line order.
    public static func read(_ file: DataFile) -> (specification: ScenarioSpecification?, issues: [ValidationIssue]) {
        let decoded = ScenarioFileDecoder.decode(file)
        return (decoded.specification, decoded.issues)
    }

    /// Reads the scenario file at `path`, loads the data, regions and targets files it names (paths
    /// relative to the scenario file's folder) with the same validation as `sunan check`, and checks the
    /// scenario against them.
    /// - Throws: `ValidationFailure` (from `Indicators`) with every issue (errors and warnings, the scenario file's first,
    ///   in line order) when any error is found.
    public static func load(path: String) throws(ValidationFailure) -> LoadedScenario {
        let file = try DataFile.load(path: path)
        let decoded = ScenarioFileDecoder.decode(file)
        guard var specification = decoded.specification else { throw ValidationFailure(issues: decoded.issues) }
        let folder = (path as NSString).deletingLastPathComponent
        var check = ScenarioDataCheck(file: path, source: decoded.source, issues: decoded.issues)

        var dataPaths: [String] = []
        for (index, relative) in specification.data.enumerated() {
            if let resolved = check.existingFile(relative, folder: folder, at: "data[\(index)]", role: "data file") {
                dataPaths.append(resolved)
            }
        }
        let regionsPath = specification.regions.flatMap { check.existingFile($0, folder: folder, at: "regions", role: "regions file") }
        let targetsPath = specification.targets.flatMap { check.existingFile($0, folder: folder, at: "targets", role: "targets file") }
        let allFound = dataPaths.count == specification.data.count
            && (specification.regions == nil) == (regionsPath == nil) && (specification.targets == nil) == (targetsPath == nil)

        let reading = PanelLoader.read(paths: dataPaths)
        var fileIssues = reading.issues
        var hierarchy: RegionHierarchy?
        if let regionsPath, case let .success(regionsFile) = DataFile.read(path: regionsPath) {
            let (read, issues) = RegionLoader.read(regionsFile)
            hierarchy = read
            fileIssues += issues
        }
        var targets: [Target] = []
        if let targetsPath, case let .success(targetsFile) = DataFile.read(path: targetsPath) {
            let (read, issues) = TargetLoader.read(targetsFile)
            targets = read
            fileIssues += issues
        }
        let filesAreSound = allFound && !fileIssues.contains { $0.severity == .error }
        if filesAreSound {
            check.run(&specification, panel: reading.panel, hierarchy: hierarchy,
                      targets: specification.targets == nil ? nil : targets, membersGiven: decoded.zoneMembersGiven)
        }
        let issues = check.sortedIssues + fileIssues
        if issues.contains(where: { $0.severity == .error }) { throw ValidationFailure(issues: issues) }
        return LoadedScenario(specification: specification, path: path, panel: reading.panel, hierarchy: hierarchy,
                              targets: targets, warnings: issues)
    }

    /// `relative` resolved against `folder` (unless absolute), with `.` and `..` components removed.
    static func resolve(_ relative: String, against folder: String) -> String {
        let joined = relative.hasPrefix("/") || folder.isEmpty ? relative : "\(folder)/\(relative)"
        let isAbsolute = joined.hasPrefix("/")
        var parts: [Substring] = []
        for part in joined.split(separator: "/") {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part == "..", isAbsolute, parts.isEmpty {
                continue
            } else {
                parts.append(part)
            }
        }
        let path = parts.joined(separator: "/")
        return isAbsolute ? "/" + path : (path.isEmpty ? "." : path)
    }
}
