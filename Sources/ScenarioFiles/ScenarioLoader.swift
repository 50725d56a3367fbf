import Foundation
import Indicators
import Scenarios

/// A scenario file with everything it names loaded and checked against each other: what
/// ``ScenarioLoader/load(path:)`` returns (and only it makes), and all that `sunan run` and `sunan check` need.
public struct LoadedScenario: Sendable {
    /// What the engine runs on: the specification (with the zone's `members` and `parent` filled in
    /// from the region hierarchy where the file leaves them out), the panel of every data file, the
    /// region hierarchy (nil when the file names no regions file) and the plan's targets (empty when
    /// it names no targets file).
    public let inputs: ScenarioInputs
    /// The scenario file's path as given.
    public let path: String
    /// The indicator names found next to the data (see ``ScenarioLoader/indicatorCatalogPath(regions:data:)``),
    /// or nil when there is no such file.
    public let catalog: IndicatorCatalog?
    /// Warnings about the scenario file and the files it names (the load succeeded despite them).
    public let warnings: [ValidationIssue]
    /// Region names of the data read as the ids of the regions file (`RegionNameMap` in `Indicators`).
    public let regionMappings: [RegionNameMapping]

    /// The decoded specification (the same as `inputs.specification`).
    public var specification: ScenarioSpecification { inputs.specification }
    /// The panel of every data file (the same as `inputs.panel`).
    public var panel: Panel { inputs.panel }
    /// The region hierarchy, or nil (the same as `inputs.hierarchy`).
    public var hierarchy: RegionHierarchy? { inputs.hierarchy }
    /// The plan's targets, or empty (the same as `inputs.targets`).
    public var targets: [Target] { inputs.targets }
}

/// Reads scenario files (YAML) into `ScenarioSpecification` values, strictly, and loads what they name.
///
/// The layout follows the types of `ScenarioSpecification` key for key; its keys, which are required,
/// the defaults and the limits are those of `ScenarioSchema` (in `Scenarios`), and `scenarios/sunan-2020.yaml`
/// is the worked example. Every problem is reported with file, line and column, all at once:
///
/// - YAML syntax errors, tabs in indentation, repeated keys, more than one document;
/// - an unknown or misspelt key at any level, with a "did you mean" suggestion (`Spelling` in
///   `Indicators`: Damerau–Levenshtein distance ≤ 2, or the same letters up to case and `_`), or the
///   allowed keys when nothing is close;
/// - a missing required key, a value of the wrong type (quoted numbers are text, not numbers), an
///   unsupported `schemaVersion`, an unknown model, level, unit or allocation rule;
/// - inconsistent values: `horizonYear` not after `asOf`, a driver path's `from` year or an amounts year
///   outside `asOf + 1 … horizonYear`, draws or a lag outside the schema's limits, a negative standard
///   error, a repeated scenario name or region, member shares or an extra-budget split naming regions that
///   are not zone members;
/// - (``load(path:)`` only) a data, regions or targets path that does not exist, problems inside those
///   files and inside the indicator names file, a region or indicator the data lack (listing what exists,
///   closest first), units that cannot be converted; a target that cannot be tested as written
///   (`ScenarioEngine.targetProblems(_:)`: a basis its series' measure cannot give, `=` on a unit that
///   is not a count …), at its line of the targets file; and, as a warning, an `asOf` later than the last
///   data year of a projected series.
///
/// What a file leaves out takes the schema's defaults; the zone's `members` and `parent` come from the
/// regions file. The data files may name a region by its id or by its Chinese or English name in the
/// regions file (`RegionNameMap` in `Indicators`, as `sunan check` reads them): names are read as ids.
public enum ScenarioLoader {
    /// Decodes and checks the scenario in `file` on its own (without reading the files it names).
    ///
    /// The zone's `members` stay empty when the file leaves them to the regions file.
    /// - Returns: the specification (nil when any error is found) and every issue, in line order.
    public static func read(_ file: DataFile) -> (specification: ScenarioSpecification?, issues: [ValidationIssue]) {
        let decoded = ScenarioFileDecoder.decode(file)
        return (decoded.specification, decoded.issues)
    }

    /// Reads the scenario file at `path`, loads the data, regions and targets files it names (paths
    /// relative to the scenario file's folder) with the same validation as `sunan check`, checks the
    /// scenario against them, and reads the indicator names (``indicatorCatalogPath(regions:data:)``).
    ///
    /// The indicator names file is read only when everything else loaded without an error.
    /// - Throws: `ValidationFailure` (from `Indicators`) with every issue (errors and warnings, the scenario
    ///   file's first, in line order, then those of the files it names) when any error is found.
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

        // The regions first: the data may name regions by their Chinese or English names.
        var hierarchy: RegionHierarchy?
        var regionIssues: [ValidationIssue] = []
        if let regionsPath, case let .success(regionsFile) = DataFile.read(path: regionsPath) {
            (hierarchy, regionIssues) = RegionLoader.read(regionsFile)
        }
        let reading = PanelLoader.read(paths: dataPaths, regions: hierarchy)
        var fileIssues = reading.issues + regionIssues
        var targets: [Target] = []
        var targetsFile: DataFile?
        var lineOfTarget: [String: Int] = [:]
        if let targetsPath, case let .success(file) = DataFile.read(path: targetsPath) {
            let reading = TargetLoader.readWithLines(file)
            targets = reading.targets
            lineOfTarget = reading.lineOfID
            targetsFile = file
            fileIssues += reading.issues
        }
        let filesAreSound = allFound && !fileIssues.contains { $0.severity == .error }
        if filesAreSound {
            check.run(&specification, panel: reading.panel, hierarchy: hierarchy,
                      targets: specification.targets == nil ? nil : targets, membersGiven: decoded.zoneMembersGiven)
        }
        var issues = check.sortedIssues + fileIssues
        var catalog: IndicatorCatalog?
        if !issues.contains(where: { $0.severity == .error }),
           let catalogPath = indicatorCatalogPath(regions: regionsPath, data: dataPaths) {
            switch DataFile.read(path: catalogPath) {
            case let .success(catalogFile):
                let (read, catalogIssues) = IndicatorCatalogLoader.read(catalogFile)
                catalog = read
                issues += catalogIssues
            case let .failure(issue):
                issues.append(issue)
            }
        }
        if issues.contains(where: { $0.severity == .error }) { throw ValidationFailure(issues: issues) }
        let inputs = ScenarioInputs(specification: specification, panel: reading.panel, hierarchy: hierarchy, targets: targets,
                                    measures: MeasureBook(catalog: catalog, panel: reading.panel))
        if let targetsFile { issues += targetIssues(inputs, file: targetsFile, lineOfID: lineOfTarget) }
        if issues.contains(where: { $0.severity == .error }) { throw ValidationFailure(issues: issues) }
        return LoadedScenario(inputs: inputs, path: path, catalog: catalog, warnings: issues, regionMappings: reading.regionMappings)
    }

    /// Where the indicator names of a scenario are: `indicators.csv` in the folder of the regions file
    /// or, when there is none there (or no regions file), in the folder of the first data file that has
    /// one; nil when none of those folders has it.
    /// - Parameters:
    ///   - regions: the regions file's path, resolved, or nil.
    ///   - data: the data files' paths, resolved, in the scenario's order.
    public static func indicatorCatalogPath(regions: String?, data: [String]) -> String? {
        for neighbour in (regions.map { [$0] } ?? []) + data {
            let path = resolve(IndicatorCatalog.fileName, against: (neighbour as NSString).deletingLastPathComponent)
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
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
