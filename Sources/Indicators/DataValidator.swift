import Foundation

/// The kinds of CSV file the toolkit reads, recognised from the header.
public enum DataFileKind: String, Hashable, Sendable {
    /// A tidy panel: `region,indicator,year,value` (+ optional columns).
    case panel
    /// The plan's targets (`targets.csv`).
    case targets
    /// The region definition (`regions.csv`).
    case regions
    /// The city profiles with base specialties (`cities.csv`).
    case cityProfiles = "city_profiles"
    /// The bilingual indicator names (`indicators.csv`).
    case indicatorCatalog = "indicators"

    /// Recognises a header: targets, regions, city profiles and the indicator catalog by their key
    /// columns; anything else is treated as a panel (so a panel file missing required columns is
    /// reported as such).
    static func recognise(_ header: [String]) -> DataFileKind {
        let names = Set(header.map { $0.lowercased() })
        if names.isSuperset(of: ["id", "clause", "comparator"]) { return .targets }
        if names.isSuperset(of: ["id", "level", "members"]) { return .regions }
        if names.isSuperset(of: ["city", "admin_code"]), !names.contains("indicator") { return .cityProfiles }
        if names.isSuperset(of: ["indicator", "name_en", "name_zh"]), !names.contains("region"), !names.contains("year") {
            return .indicatorCatalog
        }
        return .panel
    }
}

/// What was read from one file during a check.
public struct CheckedFile: Hashable, Sendable {
    /// The file name as given.
    public let name: String
    /// The recognised kind; nil when the file could not be read at all.
    public let kind: DataFileKind?
    /// Data rows read (excluding the header and blank lines).
    public let rowCount: Int
}

/// The outcome of checking a set of files: every issue, and what the valid parts contain.
public struct CheckReport: Sendable {
    /// Each file, in the order given.
    public let files: [CheckedFile]
    /// Every problem found, ordered by file, line and column.
    public let issues: [ValidationIssue]
    /// The panel built from the valid rows of all panel files.
    public let panel: Panel
    /// The valid targets of all targets files.
    public let targets: [Target]
    /// The region hierarchy, when a regions file without errors was given.
    public let hierarchy: RegionHierarchy?
    /// The city profiles of all city profile files.
    public let cityProfiles: [CityProfile]
    /// The indicator catalog, when an indicators file was given (the first one, if several).
    public var indicatorCatalog: IndicatorCatalog? = nil
    /// Region names of the panels read as the ids of the regions file (``RegionNameMap``).
    public var regionMappings: [RegionNameMapping] = []

    /// Whether any issue is an error.
    public var hasErrors: Bool { issues.contains { $0.severity == .error } }
    /// The number of errors.
    public var errorCount: Int { issues.count(where: { $0.severity == .error }) }
    /// The number of warnings.
    public var warningCount: Int { issues.count(where: { $0.severity == .warning }) }

    /// The panel summary, measuring missing city-year cells over the cities of the hierarchy
    /// (or, without a regions file, over the city profiles).
    public var summary: PanelSummary {
        let cities = hierarchy.map { $0.regions(at: .city).map(\.id) } ?? cityProfiles.map(\.city)
        return panel.summary(cities: cities)
    }
}

/// Validates any mix of panel, targets, regions and city profile files, reporting every problem at once.
public enum DataValidator {
    /// Checks the files at `paths`; unreadable files are reported as errors.
    public static func check(paths: [String], rules: ValidationRules = .standard) -> CheckReport {
        let (files, unreadable) = DataFile.read(paths: paths)
        let report = check(files, rules: rules)
        let checked = paths.map { path in
            report.files.first { $0.name == path } ?? CheckedFile(name: path, kind: nil, rowCount: 0)
        }
        return CheckReport(
            files: checked, issues: PanelLoader.sortedByLocation(unreadable + report.issues, fileOrder: paths),
            panel: report.panel, targets: report.targets, hierarchy: report.hierarchy, cityProfiles: report.cityProfiles,
            indicatorCatalog: report.indicatorCatalog, regionMappings: report.regionMappings)
    }

    /// Checks `files`: recognises each by its header, validates it by its kind, and cross-checks panel
    /// rows across files (duplicates, mixed units), city codes against the regions file, and the
    /// indicator catalog against the indicators of the panels and targets. The regions file is read
    /// first, whatever its place: the panels may name regions by their Chinese or English names.
    public static func check(_ files: [DataFile], rules: ValidationRules = .standard) -> CheckReport {
        var issues: [ValidationIssue] = []
        var checked: [CheckedFile?] = Array(repeating: nil, count: files.count)
        var builder = PanelBuilder(rules: rules)
        var targets: [Target] = []
        var hierarchy: RegionHierarchy?
        var cityProfiles: [CityProfile] = []
        var cityProfileLines: [String: (file: String, line: Int)] = [:]
        var catalog: (catalog: IndicatorCatalog, file: String, lines: [String: Int])?
        let documents = files.map { CSVDocument.read($0) }
        let isRegions = { (index: Int) in documents[index].document.map { DataFileKind.recognise($0.header) } == .regions }
        for index in files.indices.filter(isRegions) + files.indices.filter({ !isRegions($0) }) {
            let file = files[index]
            let (document, readIssues) = documents[index]
            guard let document else {
                issues += readIssues
                checked[index] = CheckedFile(name: file.name, kind: nil, rowCount: 0)
                continue
            }
            let kind = DataFileKind.recognise(document.header)
            checked[index] = CheckedFile(name: file.name, kind: kind, rowCount: document.records.count)
            switch kind {
            case .panel:
                issues += readIssues
                let before = builder.issues.count
                builder.add(document)
                issues += builder.issues[before...]
            case .targets:
                let result = TargetLoader.read(document, rules: rules, issues: readIssues)
                targets += result.targets
                issues += result.issues
            case .regions:
                let result = RegionLoader.read(document, issues: readIssues)
                issues += result.issues
                if let read = result.hierarchy {
                    if hierarchy == nil {
                        hierarchy = read
                        builder.regionNames = RegionNameMap(hierarchy: read)
                    } else {
                        issues.append(.warning(file.name, line: nil, "a second regions file was given; only the first is used"))
                    }
                }
            case .cityProfiles:
                let result = CityProfileLoader.read(document, issues: readIssues)
                cityProfiles += result.cities
                issues += result.issues
                if let cityColumn = document.column("city") {
                    for record in document.records where cityProfileLines[record.fields[cityColumn]] == nil {
                        cityProfileLines[record.fields[cityColumn]] = (file.name, record.line)
                    }
                }
            case .indicatorCatalog:
                let result = IndicatorCatalogLoader.read(document, issues: readIssues)
                issues += result.issues
                if catalog == nil {
                    var lines: [String: Int] = [:]
                    if let keyColumn = document.column("indicator") {
                        for record in document.records where lines[record.fields[keyColumn]] == nil {
                            lines[record.fields[keyColumn]] = record.line
                        }
                    }
                    catalog = (result.catalog, file.name, lines)
                } else {
                    issues.append(.warning(file.name, line: nil, "a second indicators file was given; only the first is used"))
                }
            }
        }
        if let hierarchy {
            for profile in cityProfiles {
                let place = cityProfileLines[profile.city]
                guard let region = hierarchy.region(profile.city) else {
                    issues.append(.warning(place?.file ?? "", line: place?.line, column: 1,
                        "city ‘\(profile.city)’ is not defined in the regions file"))
                    continue
                }
                if let code = region.adminCode, code != profile.adminCode {
                    issues.append(.error(place?.file ?? "", line: place?.line, column: 3,
                        "administrative code \(profile.adminCode) of ‘\(profile.city)’ differs from \(code) in the regions file"))
                }
            }
        }
        // As in `PanelLoader.read`: the builder's observations always form a panel, and `.empty` is never taken.
        let panel = (try? Panel(observations: builder.observations)) ?? .empty
        if let catalog {
            issues += IndicatorCatalogLoader.crossCheck(catalog.catalog, file: catalog.file, lineOfKey: catalog.lines,
                                                        panel: panel, targets: targets)
        }
        return CheckReport(
            files: checked.compactMap { $0 }, issues: PanelLoader.sortedByLocation(issues, fileOrder: files.map(\.name)),
            panel: panel, targets: targets, hierarchy: hierarchy, cityProfiles: cityProfiles,
            indicatorCatalog: catalog?.catalog, regionMappings: builder.regionMappings)
    }
}

extension DataValidator {
    /// Loads any mix of data files for a command that uses them: the same reading and validation as
    /// ``check(paths:rules:)``, accepted only when no error is found.
    /// - Returns: the report, whose issues are then warnings only.
    /// - Throws: ``ValidationFailure`` with every issue (errors and warnings, in file and line order)
    ///   when any error is found.
    public static func load(paths: [String], rules: ValidationRules = .standard) throws(ValidationFailure) -> CheckReport {
        let report = check(paths: paths, rules: rules)
        if report.hasErrors { throw ValidationFailure(issues: report.issues) }
        return report
    }
}
