import Foundation

/// Reads the plan's targets file (`targets.csv`): one typed ``Target`` per row.
///
/// Columns: `id,clause,scope,year,indicator,indicator_zh,comparator,low,high,unit,basis,responsible`
/// (responsible departments separated by `;`), optionally `from` (the first year of a cumulative
/// target), `tolerance` (of a `~` target, a fraction: 0.1 = ±10 %), `plan_wording`, `note` and `note_zh`.
public enum TargetLoader {
    /// The columns a targets file must have.
    public static let requiredColumns = ["id", "clause", "scope", "year", "indicator", "indicator_zh", "comparator", "low", "high", "unit", "basis", "responsible"]
    /// The optional columns with a meaning of their own, in the order ``TargetWriter`` writes them.
    public static let optionalColumns = ["from", "tolerance", "plan_wording", "note", "note_zh"]

    /// Reads `file`, returning every valid target and every issue.
    public static func read(_ file: DataFile, rules: ValidationRules = .standard) -> (targets: [Target], issues: [ValidationIssue]) {
        let reading = readWithLines(file, rules: rules)
        return (reading.targets, reading.issues)
    }

    /// Reads `file` like ``read(_:rules:)``, with the line of each valid target by id (so that later
    /// checks of a target can name its line).
    public static func readWithLines(_ file: DataFile, rules: ValidationRules = .standard)
        -> (targets: [Target], issues: [ValidationIssue], lineOfID: [String: Int]) {
        let (document, issues) = CSVDocument.read(file)
        guard let document else { return ([], issues, [:]) }
        return read(document, rules: rules, issues: issues)
    }

    /// The 1-based column of `name` in the header of the targets file `file`, if it has one.
    public static func column(_ name: String, in file: DataFile) -> Int? {
        CSVDocument.read(file).document?.column(name).map { $0 + 1 }
    }

    /// Loads the targets file at `path`, accepting it only without errors.
    /// - Throws: ``ValidationFailure`` with every issue when any error is found.
    public static func load(path: String, rules: ValidationRules = .standard) throws(ValidationFailure) -> [Target] {
        let file = try DataFile.load(path: path)
        let (targets, issues) = read(file, rules: rules)
        if issues.contains(where: { $0.severity == .error }) { throw ValidationFailure(issues: issues) }
        return targets
    }

    static func read(_ document: CSVDocument, rules: ValidationRules, issues initial: [ValidationIssue])
        -> (targets: [Target], issues: [ValidationIssue], lineOfID: [String: Int]) {
        var issues = initial
        let file = document.file
        if let issue = document.missingColumnsIssue(requiredColumns, in: "a targets file") {
            issues.append(issue)
            return ([], issues, [:])
        }
        func column(_ name: String) -> Int { document.column(name)! }
        let wordingColumn = document.column("plan_wording")
        let noteColumn = document.column("note")
        let noteZhColumn = document.column("note_zh")
        let fromColumn = document.column("from"), toleranceColumn = document.column("tolerance")
        var targets: [Target] = []
        var firstLineOfID: [String: Int] = [:]
        for record in document.records {
            let line = record.line
            var valid = true
            func field(_ name: String) -> String { record.fields[column(name)] }
            func fail(_ name: String, _ message: String) {
                issues.append(.error(file, line: line, column: column(name) + 1, message))
                valid = false
            }
            let id = field("id")
            if id.isEmpty { fail("id", "the target id is empty") }
            if let first = firstLineOfID[id] {
                fail("id", "target id ‘\(id)’ already appears at \(ValidationIssue.location(file: file, line: first)); ids must be unique")
            }
            let clause = Int(field("clause"))
            if clause == nil || !(1...99).contains(clause!) { fail("clause", "clause ‘\(field("clause"))’ is not a clause number such as 2 or 12") }
            let scope = TargetScope(rawValue: field("scope"))
            if scope == nil {
                fail("scope", "scope ‘\(field("scope"))’ is not one of \(TargetScope.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let year = Int(field("year"))
            if year == nil || !rules.years.contains(year!) {
                fail("year", "year ‘\(field("year"))’ is not a year in \(rules.years.lowerBound)–\(rules.years.upperBound)")
            }
            if field("indicator").isEmpty { fail("indicator", "the indicator key is empty") }
            var low: Double?
            switch NumberParser.parse(field("low")) {
            case let .success(value): low = value
            case let .failure(problem): fail("low", "threshold ‘\(field("low"))’ in column ‘low’ \(problem.sentence)")
            }
            var high: Double?
            if !field("high").isEmpty {
                switch NumberParser.parse(field("high")) {
                case let .success(value): high = value
                case let .failure(problem): fail("high", "upper bound ‘\(field("high"))’ in column ‘high’ \(problem.sentence)")
                }
            }
            let symbol = field("comparator")
            var comparator: TargetComparator?
            if let low {
                comparator = TargetComparator(symbol: symbol, low: low, high: high)
                if comparator == nil {
                    if symbol == "range" {
                        fail("high", "a range needs an upper bound ‘high’ not below ‘low’")
                    } else {
                        fail("comparator", "comparator ‘\(symbol)’ is not one of \(TargetComparator.symbols.joined(separator: ", "))")
                    }
                } else if symbol != "range", high != nil {
                    issues.append(.warning(file, line: line, column: column("high") + 1,
                        "‘high’ is ignored for comparator ‘\(symbol)’; use ‘range’ for a low–high target"))
                }
            }
            if let low, low < 0 { fail("low", "threshold \(low) is negative") }
            let unitText = field("unit")
            let unit = UnitOfMeasure.parse(unitText)
            if unitText.isEmpty {
                fail("unit", "the unit is empty")
            } else if !unit.isKnown {
                issues.append(.warning(file, line: line, column: column("unit") + 1,
                    "unit ‘\(unitText)’ is not known; the target can only be compared with values in exactly this unit"))
            }
            let basis = TargetBasis(rawValue: field("basis"))
            if basis == nil {
                fail("basis", "basis ‘\(field("basis"))’ is not one of \(TargetBasis.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var from: Int?
            if let fromColumn, !record.fields[fromColumn].isEmpty {
                let text = record.fields[fromColumn]
                from = Int(text)
                if let start = from, let year, start > year {
                    issues.append(.error(file, line: line, column: fromColumn + 1,
                        "start year \(start) in column ‘from’ is after the target year \(year)"))
                    valid = false
                } else if from == nil || !rules.years.contains(from!) {
                    issues.append(.error(file, line: line, column: fromColumn + 1,
                        "start year ‘\(text)’ in column ‘from’ is not a year in \(rules.years.lowerBound)–\(rules.years.upperBound)"))
                    valid = false
                } else if let basis, basis == .newInYear || basis == .annual {
                    issues.append(.warning(file, line: line, column: fromColumn + 1,
                        "‘from’ is ignored for basis ‘\(basis.rawValue)’; it starts the sum of a ‘cumulative’ target (or of a ‘stock’ target on a flow)"))
                }
            }
            var tolerance: Double?
            if let toleranceColumn, !record.fields[toleranceColumn].isEmpty {
                let text = record.fields[toleranceColumn]
                switch NumberParser.parse(text) {
                case let .success(value) where value > 0 && value < 1:
                    tolerance = value
                    if symbol.trimmingWhitespace() != "~" {
                        issues.append(.warning(file, line: line, column: toleranceColumn + 1,
                            "‘tolerance’ is ignored for comparator ‘\(symbol)’; it widens a ‘~’ (about) target"))
                    }
                case let .success(value):
                    let hint = value >= 1 && value < 100 ? "; for ±\(NumberFormatting.plain(value)) % write \(NumberFormatting.plain(value / 100))" : ""
                    issues.append(.error(file, line: line, column: toleranceColumn + 1,
                        "tolerance \(NumberFormatting.plain(value)) is not a fraction between 0 and 1 (0.1 = ±10 %)\(hint)"))
                    valid = false
                case let .failure(problem):
                    issues.append(.error(file, line: line, column: toleranceColumn + 1,
                        "tolerance ‘\(text)’ in column ‘tolerance’ \(problem.sentence)"))
                    valid = false
                }
            }
            guard valid, let clause, let scope, let year, let comparator, let basis else { continue }
            firstLineOfID[id] = line
            let responsible = field("responsible").split(separator: ";").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
            targets.append(Target(
                id: id, clause: clause, scope: scope, year: year, indicator: field("indicator"),
                indicatorZh: field("indicator_zh"), comparator: comparator, unit: unit, basis: basis, from: from,
                tolerance: tolerance, responsible: responsible,
                planWording: wordingColumn.map { record.fields[$0] } ?? "",
                note: noteColumn.map { record.fields[$0] } ?? "",
                noteZh: noteZhColumn.map { record.fields[$0] } ?? ""))
        }
        return (targets, issues, firstLineOfID)
    }
}

/// Writes targets in the layout of `targets.csv` (which ``TargetLoader`` reads back unchanged).
public enum TargetWriter {
    /// The CSV text, header first, one line per target, ending with a newline.
    public static func csv(_ targets: [Target]) -> String {
        var rows: [[String]] = [TargetLoader.requiredColumns + TargetLoader.optionalColumns]
        for target in targets {
            rows.append([
                target.id, String(target.clause), target.scope.rawValue, String(target.year), target.indicator,
                target.indicatorZh, target.comparator.symbol, NumberFormatting.plain(target.comparator.low),
                target.comparator.high.map(NumberFormatting.plain) ?? "", target.unit.code, target.basis.rawValue,
                target.responsible.joined(separator: ";"), target.from.map(String.init) ?? "",
                target.tolerance.map(NumberFormatting.plain) ?? "", target.planWording, target.note, target.noteZh,
            ])
        }
        return CSVText.lines(rows)
    }
}

/// Reads the region definition file (`regions.csv`) into a ``RegionHierarchy``.
///
/// Columns: `id,level,name_en,name_zh,parent,members` (members separated by `;`), optionally
/// `name_zh_hant`, `admin_code`, `note`.
public enum RegionLoader {
    /// The columns a regions file must have.
    public static let requiredColumns = ["id", "level", "name_en", "name_zh", "parent", "members"]

    /// Reads `file`; the hierarchy is nil when any error is found.
    public static func read(_ file: DataFile) -> (hierarchy: RegionHierarchy?, issues: [ValidationIssue]) {
        let (document, issues) = CSVDocument.read(file)
        guard let document else { return (nil, issues) }
        return read(document, issues: issues)
    }

    /// Loads the regions file at `path`.
    /// - Throws: ``ValidationFailure`` with every issue when any error is found.
    public static func load(path: String) throws(ValidationFailure) -> RegionHierarchy {
        let file = try DataFile.load(path: path)
        let (hierarchy, issues) = read(file)
        guard let hierarchy, !issues.contains(where: { $0.severity == .error }) else { throw ValidationFailure(issues: issues) }
        return hierarchy
    }

    static func read(_ document: CSVDocument, issues initial: [ValidationIssue]) -> (hierarchy: RegionHierarchy?, issues: [ValidationIssue]) {
        var issues = initial
        let file = document.file
        if let issue = document.missingColumnsIssue(requiredColumns, in: "a regions file") {
            issues.append(issue)
            return (nil, issues)
        }
        func column(_ name: String) -> Int { document.column(name)! }
        var regions: [Region] = []
        var lineOfID: [String: Int] = [:]
        for record in document.records {
            func field(_ name: String) -> String { document.column(name).map { record.fields[$0] } ?? "" }
            let id = field("id")
            guard !id.isEmpty else {
                issues.append(.error(file, line: record.line, column: column("id") + 1, "the region id is empty"))
                continue
            }
            if let first = lineOfID[id] {
                issues.append(.error(file, line: record.line, column: column("id") + 1, "region ‘\(id)’ is already defined at \(ValidationIssue.location(file: file, line: first))"))
                continue
            }
            guard let level = RegionLevel(rawValue: field("level")) else {
                issues.append(.error(file, line: record.line, column: column("level") + 1,
                    "level ‘\(field("level"))’ is not one of \(RegionLevel.allCases.map(\.rawValue).joined(separator: ", "))"))
                continue
            }
            let members = field("members").split(separator: ";").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
            if level == .zone, members.isEmpty {
                issues.append(.error(file, line: record.line, column: column("members") + 1, "zone ‘\(id)’ lists no members"))
                continue
            }
            lineOfID[id] = record.line
            let code = field("admin_code")
            regions.append(Region(
                id: id, level: level, nameEn: field("name_en"), nameZh: field("name_zh"), nameZhHant: field("name_zh_hant"),
                adminCode: code.isEmpty ? nil : code, parentID: field("parent").isEmpty ? nil : field("parent"),
                memberIDs: members, note: field("note")))
        }
        for region in regions {
            let line = lineOfID[region.id]
            if let parent = region.parentID, lineOfID[parent] == nil {
                issues.append(.error(file, line: line, column: column("parent") + 1, "parent ‘\(parent)’ of ‘\(region.id)’ is not defined in this file"))
            }
            for member in region.memberIDs where lineOfID[member] == nil {
                issues.append(.error(file, line: line, column: column("members") + 1, "member ‘\(member)’ of ‘\(region.id)’ is not defined in this file"))
            }
        }
        guard !issues.contains(where: { $0.severity == .error }) else { return (nil, issues) }
        issues += cycles(regions, file: file, lineOfID: lineOfID, parentColumn: column("parent") + 1,
                         membersColumn: column("members") + 1)
        guard !issues.contains(where: { $0.severity == .error }) else { return (nil, issues) }
        do {
            return (try RegionHierarchy(regions: regions), issues)
        } catch {
            issues.append(.error(file, line: nil, error.description))
            return (nil, issues)
        }
    }
}

extension RegionLoader {
    /// An error for each cycle of parents and each cycle of zone memberships, at the line of the
    /// region where the cycle is first entered, spelling the cycle out (`China → Jiangsu → China`).
    static func cycles(_ regions: [Region], file: String, lineOfID: [String: Int], parentColumn: Int,
                       membersColumn: Int) -> [ValidationIssue] {
        let byID = Dictionary(regions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var issues: [ValidationIssue] = []
        var reported: Set<String> = []
        for region in regions where !reported.contains(region.id) {
            var chain = [region.id]
            var current = region.parentID
            while let id = current, !chain.contains(id) {
                chain.append(id)
                current = byID[id]?.parentID
            }
            guard let repeated = current, repeated == region.id else { continue }
            reported.formUnion(chain)
            issues.append(.error(file, line: lineOfID[region.id], column: parentColumn,
                "the parents form a cycle (\((chain + [repeated]).joined(separator: " → "))): a region cannot enclose itself; give the top region (e.g. China) an empty parent"))
        }
        var memberReported: Set<String> = []
        for region in regions where region.isAggregate && !memberReported.contains(region.id) {
            if region.memberIDs.contains(region.id) {
                memberReported.insert(region.id)
                issues.append(.error(file, line: lineOfID[region.id], column: membersColumn,
                    "zone ‘\(region.id)’ lists itself among its members; remove ‘\(region.id)’ from ‘members’"))
                continue
            }
            if let path = memberPath(from: region.id, to: region.id, byID: byID) {
                memberReported.formUnion(path)
                issues.append(.error(file, line: lineOfID[region.id], column: membersColumn,
                    "the zone memberships form a cycle (\(path.joined(separator: " → "))): a zone cannot contain itself, even through other zones; remove one of these members"))
            }
        }
        return issues
    }

    /// The shortest chain of memberships from `start` back to `goal` (breadth first), if any.
    private static func memberPath(from start: String, to goal: String, byID: [String: Region]) -> [String]? {
        var previous: [String: String] = [:]
        var queue = byID[start]?.memberIDs ?? []
        for member in queue { previous[member] = start }
        var head = 0
        while head < queue.count {
            let id = queue[head]
            head += 1
            if id == goal {
                var path = [goal]
                var step = previous[goal]
                while let node = step, path.count <= byID.count {
                    path.append(node)
                    if node == start { break }
                    step = previous[node]
                }
                return path.reversed()
            }
            for member in byID[id]?.memberIDs ?? [] where previous[member] == nil {
                previous[member] = id
                queue.append(member)
            }
        }
        return nil
    }
}

/// A city of the zone with the industry specialties clause 5 assigns to its industrialization bases.
public struct CityProfile: Hashable, Sendable {
    /// The region identifier, e.g. `Nanjing`.
    public let city: String
    /// The Chinese name as in the plan (traditional characters).
    public let nameZh: String
    /// The GB/T 2260 administrative code.
    public let adminCode: String
    /// The base specialties in Chinese, e.g. `高端軟體`.
    public let baseSpecialtiesZh: [String]
    /// The same specialties in English.
    public let baseSpecialtiesEn: [String]
}

/// Reads `cities.csv`: `city,city_zh,admin_code,base_specialties_zh,base_specialties_en` (lists separated by `;`).
public enum CityProfileLoader {
    /// The columns a city profile file must have.
    public static let requiredColumns = ["city", "city_zh", "admin_code", "base_specialties_zh", "base_specialties_en"]

    /// Reads `file`, returning every valid profile and every issue.
    public static func read(_ file: DataFile) -> (cities: [CityProfile], issues: [ValidationIssue]) {
        let (document, issues) = CSVDocument.read(file)
        guard let document else { return ([], issues) }
        return read(document, issues: issues)
    }

    static func read(_ document: CSVDocument, issues initial: [ValidationIssue]) -> (cities: [CityProfile], issues: [ValidationIssue]) {
        var issues = initial
        let file = document.file
        if let issue = document.missingColumnsIssue(requiredColumns, in: "a city profile file") {
            issues.append(issue)
            return ([], issues)
        }
        func column(_ name: String) -> Int { document.column(name)! }
        var cities: [CityProfile] = []
        for record in document.records {
            func field(_ name: String) -> String { record.fields[column(name)] }
            func list(_ name: String) -> [String] {
                field(name).split(separator: ";").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
            }
            if field("city").isEmpty {
                issues.append(.error(file, line: record.line, column: column("city") + 1, "the city name is empty"))
                continue
            }
            let code = field("admin_code")
            if code.count != 6 || !code.allSatisfy({ $0.isASCII && $0.isNumber }) {
                issues.append(.error(file, line: record.line, column: column("admin_code") + 1,
                    "administrative code ‘\(code)’ is not six digits"))
                continue
            }
            let zh = list("base_specialties_zh"), en = list("base_specialties_en")
            if zh.count != en.count {
                issues.append(.warning(file, line: record.line, column: column("base_specialties_en") + 1,
                    "\(zh.count) Chinese but \(en.count) English specialties; the lists should match one to one"))
            }
            cities.append(CityProfile(city: field("city"), nameZh: field("city_zh"), adminCode: code,
                                      baseSpecialtiesZh: zh, baseSpecialtiesEn: en))
        }
        return (cities, issues)
    }
}
