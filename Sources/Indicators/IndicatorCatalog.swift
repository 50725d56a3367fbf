import Foundation

/// One indicator of the catalog: its key in the data, its English and Chinese names, its usual unit.
public struct IndicatorEntry: Hashable, Sendable {
    /// The indicator key used in data panels, targets and scenario files, e.g. `tech_contract_value`.
    public let key: String
    /// English name, e.g. `Technology contract value (registration basis)`.
    public let nameEn: String
    /// Simplified Chinese name, e.g. `技术合同交易额（登记口径）`.
    public let nameZh: String
    /// The unit the data state the indicator in (``UnitOfMeasure/unspecified`` when the file gives none).
    public let unit: UnitOfMeasure
    /// What the indicator measures (stock, flow or rate); nil when the file does not say.
    public let measure: Measure?
    /// Where the names come from, and caveats.
    public let note: String

    /// An entry.
    public init(key: String, nameEn: String, nameZh: String, unit: UnitOfMeasure = .unspecified, measure: Measure? = nil,
                note: String = "") {
        self.key = key
        self.nameEn = nameEn
        self.nameZh = nameZh
        self.unit = unit
        self.measure = measure
        self.note = note
    }
}

/// The indicator catalog (`indicators.csv`): the bilingual names of every indicator key, so that
/// reports name indicators in the planner's language instead of by their keys.
public struct IndicatorCatalog: Sendable {
    /// The conventional file name, looked for next to the regions file.
    public static let fileName = "indicators.csv"
    /// The entries in file order.
    public let entries: [IndicatorEntry]
    private let byKey: [String: IndicatorEntry]

    /// A catalog of `entries`; a later entry with a repeated key is ignored.
    public init(entries: [IndicatorEntry]) {
        var unique: [IndicatorEntry] = []
        var byKey: [String: IndicatorEntry] = [:]
        for entry in entries where byKey[entry.key] == nil {
            byKey[entry.key] = entry
            unique.append(entry)
        }
        self.entries = unique
        self.byKey = byKey
    }

    /// The entry for `key`, if the catalog has one.
    public func entry(_ key: String) -> IndicatorEntry? { byKey[key] }

    /// The keys, in file order.
    public var keys: [String] { entries.map(\.key) }
}

/// Reads the indicator catalog: `indicator,name_en,name_zh`, optionally `unit`, `measure` (`stock`,
/// `flow` or `rate`, see ``Measure``) and `note`.
///
/// Errors: a missing required column, an empty key, a repeated key, a row with neither name, a
/// measure that is not one of stock, flow, rate.
/// Warnings: an unknown unit; a missing Chinese or English name; an empty measure in a file that has
/// the column.
public enum IndicatorCatalogLoader {
    /// The columns an indicator catalog must have.
    public static let requiredColumns = ["indicator", "name_en", "name_zh"]

    /// Reads `file`, returning the valid entries and every issue.
    public static func read(_ file: DataFile) -> (catalog: IndicatorCatalog, issues: [ValidationIssue]) {
        let (document, issues) = CSVDocument.read(file)
        guard let document else { return (IndicatorCatalog(entries: []), issues) }
        return read(document, issues: issues)
    }

    /// Loads the catalog at `path`, accepting it only without errors.
    /// - Throws: ``ValidationFailure`` with every issue when any error is found.
    public static func load(path: String) throws(ValidationFailure) -> IndicatorCatalog {
        let file = try DataFile.load(path: path)
        let (catalog, issues) = read(file)
        if issues.contains(where: { $0.severity == .error }) { throw ValidationFailure(issues: issues) }
        return catalog
    }

    static func read(_ document: CSVDocument, issues initial: [ValidationIssue]) -> (catalog: IndicatorCatalog, issues: [ValidationIssue]) {
        var issues = initial
        let file = document.file
        if let issue = document.missingColumnsIssue(requiredColumns, in: "an indicators file") {
            issues.append(issue)
            return (IndicatorCatalog(entries: []), issues)
        }
        func column(_ name: String) -> Int { document.column(name)! }
        let unitColumn = document.column("unit"), noteColumn = document.column("note")
        let measureColumn = document.column("measure")
        var entries: [IndicatorEntry] = []
        var lineOfKey: [String: Int] = [:]
        for record in document.records {
            let key = record.fields[column("indicator")]
            let nameEn = record.fields[column("name_en")], nameZh = record.fields[column("name_zh")]
            guard !key.isEmpty else {
                issues.append(.error(file, line: record.line, column: column("indicator") + 1, "the indicator key is empty"))
                continue
            }
            if let first = lineOfKey[key] {
                issues.append(.error(file, line: record.line, column: column("indicator") + 1,
                    "indicator ‘\(key)’ is already named at \(ValidationIssue.location(file: file, line: first)); keep one row per indicator"))
                continue
            }
            guard !(nameEn.isEmpty && nameZh.isEmpty) else {
                issues.append(.error(file, line: record.line, column: column("name_en") + 1,
                    "indicator ‘\(key)’ has neither an English nor a Chinese name"))
                continue
            }
            if nameZh.isEmpty {
                issues.append(.warning(file, line: record.line, column: column("name_zh") + 1,
                    "indicator ‘\(key)’ has no Chinese name; Chinese reports will show the English one"))
            } else if nameEn.isEmpty {
                issues.append(.warning(file, line: record.line, column: column("name_en") + 1,
                    "indicator ‘\(key)’ has no English name; English reports will show the Chinese one"))
            }
            let unitText = unitColumn.map { record.fields[$0] } ?? ""
            let unit = UnitOfMeasure.parse(unitText)
            if let unitColumn, !unitText.isEmpty, !unit.isKnown {
                issues.append(.warning(file, line: record.line, column: unitColumn + 1,
                    "unit ‘\(unitText)’ of ‘\(key)’ is not known"))
            }
            var measure: Measure?
            if let measureColumn {
                let text = record.fields[measureColumn]
                measure = Measure(text: text)
                if text.isEmpty {
                    issues.append(.warning(file, line: record.line, column: measureColumn + 1,
                        "indicator ‘\(key)’ states no measure; unless a data file or a scenario's projection declares one, targets on it are read as the level of the target year"))
                } else if measure == nil {
                    issues.append(.error(file, line: record.line, column: measureColumn + 1,
                        "measure ‘\(text)’ of ‘\(key)’ is not one of \(Measure.allCases.map(\.rawValue).joined(separator: ", "))"))
                    continue
                }
            }
            lineOfKey[key] = record.line
            entries.append(IndicatorEntry(key: key, nameEn: nameEn, nameZh: nameZh, unit: unit, measure: measure,
                                          note: noteColumn.map { record.fields[$0] } ?? ""))
        }
        return (IndicatorCatalog(entries: entries), issues)
    }

    /// Cross-checks a catalog against the data and targets read with it: every indicator of the panel
    /// and the targets should be named (a warning otherwise), and a catalog unit must be convertible to
    /// the unit the panel states the indicator in (a warning otherwise).
    static func crossCheck(_ catalog: IndicatorCatalog, file: String, lineOfKey: [String: Int],
                           panel: Panel, targets: [Target]) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        let keys = Set(catalog.keys)
        let missing = Set(panel.indicators + targets.map(\.indicator)).subtracting(keys).sorted()
        if !missing.isEmpty {
            issues.append(.warning(file, line: nil,
                "\(missing.count) indicator\(missing.count == 1 ? "" : "s") of the data or targets \(missing.count == 1 ? "has" : "have") no name here: "
                    + missing.map { "‘\($0)’" }.joined(separator: ", ")))
        }
        var checked: Set<String> = []
        for key in panel.seriesKeys where !checked.contains(key.indicator) {
            guard let entry = catalog.entry(key.indicator), entry.unit.isKnown, let unit = panel.unit(of: key), unit.isKnown else { continue }
            checked.insert(key.indicator)
            if !entry.unit.isConvertible(to: unit) {
                issues.append(.warning(file, line: lineOfKey[key.indicator],
                    "unit ‘\(entry.unit.code)’ of ‘\(key.indicator)’ cannot be converted to the data's unit ‘\(unit.code)’ (\(key.region))"))
            }
        }
        return issues
    }
}
