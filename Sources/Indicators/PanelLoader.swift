import Foundation

/// The result of reading panel files: the panel of every valid row, and every issue found.
public struct PanelReading: Sendable {
    /// The observations of all rows without errors.
    public let panel: Panel
    /// Every problem found, in file and line order; rows with errors are not in ``panel``.
    public let issues: [ValidationIssue]
    /// Region names read as the ids of the regions file (``RegionNameMap``), in file order.
    public var regionMappings: [RegionNameMapping] = []

    /// Whether any issue is an error.
    public var hasErrors: Bool { issues.contains { $0.severity == .error } }
}

/// Reads tidy panel CSVs: a header with at least `region,indicator,year,value`, optionally `period`,
/// `unit`, `quality`, `source`, `note`; every other column is kept as an observation attribute. An
/// optional `measure` column (kept as an attribute) declares a series' ``Measure``: `stock`, `flow` or
/// `rate`, the same on every row of the series that states one.
///
/// Every problem is reported with file, line and column, all at once: missing required columns,
/// non-numeric values, repeated region × indicator × year × period rows (also across files), years out of
/// range, negative values of indicators that cannot be negative, mixed units within one series, legacy
/// encodings, empty files and ragged rows.
public enum PanelLoader {
    /// The columns every panel file must have.
    public static let requiredColumns = ["region", "indicator", "year", "value"]
    /// The optional columns with a meaning of their own.
    public static let knownColumns = ["period", "unit", "quality", "source", "note"]

    /// Reads `files` into one panel, validating each row; never throws, never traps on malformed input.
    /// With `regions`, a region may be written as its id or its Chinese or English name (``RegionNameMap``).
    public static func read(_ files: [DataFile], rules: ValidationRules = .standard, regions: RegionHierarchy? = nil) -> PanelReading {
        var issues: [ValidationIssue] = []
        var documents: [CSVDocument] = []
        for file in files {
            let (document, fileIssues) = CSVDocument.read(file)
            issues += fileIssues
            if let document { documents.append(document) }
        }
        var builder = PanelBuilder(rules: rules, regionNames: regions.map(RegionNameMap.init))
        for document in documents { builder.add(document) }
        issues += builder.issues
        // The builder refuses duplicate rows and mixed units row by row (as issues), the two things `Panel` checks:
        // its observations always form a panel, and `.empty` is never taken.
        let panel = (try? Panel(observations: builder.observations)) ?? .empty
        return PanelReading(panel: panel, issues: sortedByLocation(issues, fileOrder: files.map(\.name)),
                            regionMappings: builder.regionMappings)
    }

    /// Reads one file already split by ``CSVDocument/read(_:)`` into `document`, with the `issues` found
    /// in splitting it: the same reading as ``read(_:rules:regions:)`` of that file, without reading it twice.
    public static func read(_ document: CSVDocument, issues: [ValidationIssue], rules: ValidationRules = .standard) -> PanelReading {
        var builder = PanelBuilder(rules: rules)
        builder.add(document)
        // The builder refuses duplicate rows and mixed units row by row (as issues), the two things `Panel` checks:
        // its observations always form a panel, and `.empty` is never taken.
        let panel = (try? Panel(observations: builder.observations)) ?? .empty
        return PanelReading(panel: panel, issues: sortedByLocation(issues + builder.issues, fileOrder: [document.file]))
    }

    /// Reads the files at `paths`; see ``read(_:rules:regions:)``. Unreadable files are reported as issues.
    public static func read(paths: [String], rules: ValidationRules = .standard, regions: RegionHierarchy? = nil) -> PanelReading {
        let (files, unreadable) = DataFile.read(paths: paths)
        let reading = read(files, rules: rules, regions: regions)
        return PanelReading(panel: reading.panel, issues: unreadable + reading.issues, regionMappings: reading.regionMappings)
    }

    /// Loads the files at `paths`, accepting them only when they have no errors.
    /// - Returns: the panel and the warnings.
    /// - Throws: ``ValidationFailure`` with every issue when any error is found.
    public static func load(paths: [String], rules: ValidationRules = .standard) throws(ValidationFailure) -> PanelReading {
        let reading = read(paths: paths, rules: rules)
        if reading.hasErrors { throw ValidationFailure(issues: reading.issues) }
        return reading
    }

    static func sortedByLocation(_ issues: [ValidationIssue], fileOrder: [String]) -> [ValidationIssue] {
        var rank: [String: Int] = [:]
        for (index, name) in fileOrder.enumerated() {
            if rank[name] == nil { rank[name] = index }
            if rank[DataFile.diskPath(name)] == nil { rank[DataFile.diskPath(name)] = index }
        }
        return issues.enumerated().sorted { lhs, rhs in
            let l = lhs.element, r = rhs.element
            let lr = rank[l.file] ?? rank[DataFile.diskPath(l.file)] ?? Int.max, rr = rank[r.file] ?? rank[DataFile.diskPath(r.file)] ?? Int.max
            if lr != rr { return lr < rr }
            if (l.line ?? 0) != (r.line ?? 0) { return (l.line ?? 0) < (r.line ?? 0) }
            if (l.column ?? 0) != (r.column ?? 0) { return (l.column ?? 0) < (r.column ?? 0) }
            return lhs.offset < rhs.offset
        }.map(\.element)
    }
}

/// Turns validated CSV records into observations, collecting issues; also checks across files.
struct PanelBuilder {
    let rules: ValidationRules
    private(set) var observations: [Observation] = []
    private(set) var issues: [ValidationIssue] = []
    /// Region names read as the ids of the regions file, in the order first seen.
    private(set) var regionMappings: [RegionNameMapping] = []
    /// The names of the regions file, when one was read before the panels.
    var regionNames: RegionNameMap?
    private var mappingIndex: [String: Int] = [:]
    private var firstRowOfCell: [CellKey: String] = [:]
    private var unitOfSeries: [SeriesKey: (unit: UnitOfMeasure, location: String)] = [:]
    private var measureOfSeries: [SeriesKey: (measure: Measure, location: String)] = [:]

    private struct CellKey: Hashable {
        let key: SeriesKey
        let year: Int
        let period: Period
    }

    init(rules: ValidationRules, regionNames: RegionNameMap? = nil) {
        self.rules = rules
        self.regionNames = regionNames
    }

    /// The region id a row means by `written`, recording a name read as an id.
    private mutating func readRegion(_ written: String, file: String, line: Int) -> String {
        guard let id = regionNames?.id(for: written), id != written else { return written }
        let key = file + "\u{0}" + written
        if let index = mappingIndex[key] {
            let old = regionMappings[index]
            regionMappings[index] = RegionNameMapping(file: file, name: written, id: id, line: old.line, rows: old.rows + 1)
        } else {
            mappingIndex[key] = regionMappings.count
            regionMappings.append(RegionNameMapping(file: file, name: written, id: id, line: line, rows: 1))
        }
        return id
    }

    mutating func add(_ document: CSVDocument) {
        let file = document.file
        let missing = PanelLoader.requiredColumns.filter { document.column($0) == nil }
        if !missing.isEmpty {
            let list = missing.map { "‘\($0)’" }.joined(separator: ", ")
            issues.append(.error(file, line: document.headerLine,
                "the header lacks the required column\(missing.count > 1 ? "s" : "") \(list); a data file needs at least region,indicator,year,value"))
            return
        }
        let regionColumn = document.column("region")!
        let indicatorColumn = document.column("indicator")!
        let yearColumn = document.column("year")!
        let valueColumn = document.column("value")!
        let periodColumn = document.column("period")
        let unitColumn = document.column("unit")
        let qualityColumn = document.column("quality")
        let sourceColumn = document.column("source")
        let noteColumn = document.column("note")
        let measureColumn = document.column(Panel.measureColumn)
        let special = Set([regionColumn, indicatorColumn, yearColumn, valueColumn] + [periodColumn, unitColumn, qualityColumn, sourceColumn, noteColumn].compactMap { $0 })
        let attributeColumns = document.header.indices.filter { !special.contains($0) && !document.header[$0].isEmpty }

        var unknownUnits: [String: (line: Int, count: Int)] = [:]
        var unknownQualities: [String: (line: Int, count: Int)] = [:]
        var emptyValues: (line: Int, count: Int)?
        var unitlessRows: (line: Int, count: Int)?

        for record in document.records {
            let fields = record.fields
            let line = record.line
            var rowIsValid = true
            func fail(_ column: Int, _ message: String) {
                issues.append(.error(file, line: line, column: column + 1, message))
                rowIsValid = false
            }
            let region = readRegion(fields[regionColumn], file: file, line: line)
            let indicator = fields[indicatorColumn]
            if region.isEmpty { fail(regionColumn, "the region is empty") }
            if indicator.isEmpty { fail(indicatorColumn, "the indicator is empty") }

            let yearText = fields[yearColumn]
            var year = 0
            if let parsed = Int(yearText) {
                year = parsed
                if !rules.years.contains(parsed) {
                    fail(yearColumn, "year \(parsed) is out of range (expected \(rules.years.lowerBound)–\(rules.years.upperBound))")
                }
            } else if yearText.isEmpty {
                fail(yearColumn, "the year is empty")
            } else {
                let hint = NumberParser.yearHint(yearText).map { ": \($0)" } ?? " such as 2018"
                fail(yearColumn, "year ‘\(yearText)’ is not a whole number\(hint)")
            }

            let valueText = fields[valueColumn]
            if valueText.isEmpty {
                emptyValues = (emptyValues?.line ?? line, (emptyValues?.count ?? 0) + 1)
                continue
            }
            var value = 0.0
            switch NumberParser.parse(valueText) {
            case let .success(parsed): value = parsed
            case let .failure(problem): fail(valueColumn, "value ‘\(valueText)’ in column ‘value’ \(problem.sentence)")
            }

            var unit = UnitOfMeasure.unspecified
            if let unitColumn {
                let text = fields[unitColumn]
                unit = UnitOfMeasure.parse(text)
                if text.isEmpty {
                    unitlessRows = (unitlessRows?.line ?? line, (unitlessRows?.count ?? 0) + 1)
                } else if !unit.isKnown {
                    unknownUnits[text] = (unknownUnits[text]?.line ?? line, (unknownUnits[text]?.count ?? 0) + 1)
                }
            }

            if rowIsValid, value < 0, !rules.allowsNegative(indicator) {
                fail(valueColumn, "value \(valueText) is negative, but ‘\(indicator)’ cannot be negative (only growth, change, balance and net indicators may be)")
            }

            var quality: Quality?
            if let qualityColumn, !fields[qualityColumn].isEmpty {
                let flag = Quality(fields[qualityColumn])
                quality = flag
                if !flag.isKnown {
                    unknownQualities[flag.flag] = (unknownQualities[flag.flag]?.line ?? line, (unknownQualities[flag.flag]?.count ?? 0) + 1)
                }
            }
            let period = Period(periodColumn.map { fields[$0] } ?? "")
            var measure: Measure?
            if let measureColumn, !fields[measureColumn].isEmpty {
                measure = Measure(text: fields[measureColumn])
                if measure == nil {
                    fail(measureColumn, "measure ‘\(fields[measureColumn])’ is not one of \(Measure.allCases.map(\.rawValue).joined(separator: ", "))")
                }
            }
            guard rowIsValid else { continue }

            let key = SeriesKey(region: region, indicator: indicator)
            let here = ValidationIssue.location(file: file, line: line)
            if let (firstUnit, location) = unitOfSeries[key], firstUnit != unit {
                let column = (unitColumn ?? valueColumn) + 1
                issues.append(.error(file, line: line, column: column,
                    "unit ‘\(unit)’ differs from unit ‘\(firstUnit)’ of the same series \(key) at \(location); one series must use one unit — convert the values first"))
                continue
            }
            let cell = CellKey(key: key, year: year, period: period)
            if let first = firstRowOfCell[cell] {
                issues.append(.error(file, line: line,
                    "duplicate row: \(region) × \(indicator) × \(year) × period ‘\(period)’ already appears at \(first); keep one row per region, indicator, year and period"))
                continue
            }
            if let measure, let measureColumn {
                if let (first, location) = measureOfSeries[key], first != measure {
                    issues.append(.error(file, line: line, column: measureColumn + 1,
                        "measure ‘\(measure.rawValue)’ differs from measure ‘\(first.rawValue)’ of the same series \(key) at \(location); one series has one measure"))
                    continue
                }
                if measureOfSeries[key] == nil { measureOfSeries[key] = (measure, here) }
            }
            firstRowOfCell[cell] = here
            if unitOfSeries[key] == nil { unitOfSeries[key] = (unit, here) }

            var attributes: [String: String] = [:]
            for column in attributeColumns where !fields[column].isEmpty {
                attributes[document.header[column]] = fields[column]
            }
            observations.append(Observation(
                region: region, indicator: indicator, year: year, period: period, value: value, unit: unit,
                quality: quality, source: sourceColumn.map { fields[$0] } ?? "", note: noteColumn.map { fields[$0] } ?? "",
                attributes: attributes))
        }

        if let (line, count) = emptyValues {
            issues.append(.warning(file, line: line, column: valueColumn + 1,
                "\(count) row\(count == 1 ? " has" : "s have") an empty value (first here); they are treated as missing, not as zero"))
        }
        if let (line, count) = unitlessRows, let unitColumn {
            issues.append(.warning(file, line: line, column: unitColumn + 1,
                "\(count) row\(count == 1 ? " has" : "s have") no unit (first here); their values cannot be converted"))
        }
        for (text, (line, count)) in unknownUnits.sorted(by: { $0.value.line < $1.value.line }) {
            issues.append(.warning(file, line: line, column: unitColumn.map { $0 + 1 },
                "unit ‘\(text)’ is not known (\(count) row\(count == 1 ? "" : "s"), first here); its values are kept but cannot be converted"))
        }
        for (flag, (line, count)) in unknownQualities.sorted(by: { $0.value.line < $1.value.line }) {
            issues.append(.warning(file, line: line, column: qualityColumn.map { $0 + 1 },
                "quality flag ‘\(flag)’ is not one of \(Quality.known.map(\.flag).joined(separator: ", ")) (\(count) row\(count == 1 ? "" : "s"), first here)"))
        }
    }
}

/// Strict decimal number parsing for data cells.
///
/// Only plain ASCII decimals are numbers. Text that a spreadsheet shows as a number but that would
/// need guessing to read (full-width digits, thousands separators, a decimal comma, `N/A` or `—` for a
/// missing value, a value beyond the range of a double) is refused with a sentence saying how to fix it.
enum NumberParser {
    enum Problem: Error, Equatable {
        case notANumber
        case thousandsSeparator
        case decimalComma
        case fullWidth(ascii: String)
        case missingMarker
        case tooLarge
        case tooSmall
        case outsideComputableRange
        case percentage(number: String, fraction: String)

        var sentence: String {
            switch self {
            case .notANumber: return "is not a number"
            case .thousandsSeparator: return "is not a number: remove the thousands separators"
            case .decimalComma:
                return "is not a number: a comma is not a decimal mark here; write the decimal with a point (12.5) and no separators"
            case let .fullWidth(ascii):
                return "is not a number: it is written with full-width (全角) characters; write \(ascii) with half-width (半角) ASCII digits"
            case .missingMarker:
                return "is not a number: to mark a missing value leave the cell empty (an empty cell is missing, never zero)"
            case .tooLarge:
                return "is not a finite number: it is beyond the largest representable value (about 1.8e308); check the unit and the exponent"
            case .tooSmall:
                return "is too small to be represented (below about 2.2e-308, it would be read as 0 or lose digits); check the unit and the exponent"
            case .outsideComputableRange:
                return "is outside the magnitudes sunan computes with (1e-100 to 1e100): a planning statistic this large or small is "
                    + "almost surely a unit or exponent error, and its squares and growth ratios would overflow; check the unit and the exponent"
            case let .percentage(number, fraction):
                return "is not a number: the cell shows a percentage; write the number \(number) with the unit ‘%’, or \(fraction) without a percent format"
            }
        }
    }

    /// Cell texts that spreadsheets and yearbooks use for a missing value.
    static let missingMarkers: Set<String> = [
        "n/a", "na", "#n/a", "n.a.", "nan", "null", "none", "-", "--", "—", "——", "–", "…", "...", "无", "缺", "缺失", "空",
    ]

    /// The magnitudes a value may have (zero aside): no planning statistic in any unit comes near them, and
    /// within them every square, sum of squares and ratio the models form stays finite and normal.
    static let computableMagnitudes: ClosedRange<Double> = 1e-100...1e100

    /// Parses `-12.5`, `3e4`, `1.5E-3`; refuses text, hex, `nan`, `inf`, separators, full-width digits,
    /// missing-value markers, values that overflow or underflow a double, and nonzero values whose magnitude
    /// is outside ``computableMagnitudes``.
    static func parse(_ text: String) -> Result<Double, Problem> {
        var sawDigit = false
        var sawNonZeroDigit = false
        var sawDot = false
        var sawExponent = false
        var previous: UInt8 = 0
        var index = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                sawDigit = true
                if byte != UInt8(ascii: "0"), !sawExponent { sawNonZeroDigit = true }
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard index == 0 || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") else { return .failure(diagnose(text)) }
            case UInt8(ascii: "."):
                guard !sawDot, !sawExponent else { return .failure(.notANumber) }
                sawDot = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard sawDigit, !sawExponent else { return .failure(diagnose(text)) }
                sawExponent = true
                sawDigit = false
            case UInt8(ascii: ","):
                return .failure(commaProblem(text))
            default:
                return .failure(diagnose(text))
            }
            previous = byte
            index += 1
        }
        guard sawDigit, let value = Double(text) else { return .failure(diagnose(text)) }
        guard value.isFinite else { return .failure(.tooLarge) }
        if sawNonZeroDigit, value == 0 || !value.isNormal { return .failure(.tooSmall) }
        if value != 0, !computableMagnitudes.contains(abs(value)) { return .failure(.outsideComputableRange) }
        return .success(value)
    }

    /// A thousands separator when every comma is followed by exactly three digits (`1,234.5`),
    /// otherwise a decimal comma (`12,5`).
    private static func commaProblem(_ text: String) -> Problem {
        let integer = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let groups = integer.split(separator: ",", omittingEmptySubsequences: false)
        let grouped = groups.dropFirst().allSatisfy { $0.count == 3 && $0.allSatisfy(\.isASCII) }
            && !groups[0].isEmpty && groups[0].count <= 4
        return grouped ? .thousandsSeparator : .decimalComma
    }

    /// Why `text`, which is not a plain ASCII number, is refused.
    private static func diagnose(_ text: String) -> Problem {
        if missingMarkers.contains(text.lowercased()) { return .missingMarker }
        if text.hasSuffix("%"), case let .success(percent) = parse(String(text.dropLast()).trimmingWhitespace()) {
            return .percentage(number: String(text.dropLast()).trimmingWhitespace(), fraction: String(format: "%.15g", percent / 100))
        }
        let narrowed = halfWidth(text)
        if narrowed != text, case .success = parse(narrowed) { return .fullWidth(ascii: narrowed) }
        return .notANumber
    }

    /// `text` with full-width digits, signs, point, comma and letter e (U+FF01–U+FF5E) mapped to ASCII.
    static func halfWidth(_ text: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if (0xFF01...0xFF5E).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFEE0) {
                scalars.append(ascii)
            } else if scalar == "\u{3002}" {
                scalars.append(".")
            } else {
                scalars.append(scalar)
            }
        }
        return String(scalars)
    }

    /// Why the year text `text` is refused, as the end of a sentence; nil for the plain message.
    ///
    /// `2017年` and `２０１７` are the year 2017 written for people; they are refused with the fix, as is
    /// a date (`2017-01-01`, what a date-formatted spreadsheet cell reads as).
    static func yearHint(_ text: String) -> String? {
        if let hint = SpreadsheetNumber.dateYearHint(text) { return hint }
        var stripped = halfWidth(text)
        for suffix in ["年度", "年"] where stripped.hasSuffix(suffix) {
            stripped = String(stripped.dropLast(suffix.count))
            break
        }
        guard stripped != text, let year = Int(stripped) else { return nil }
        return "write the year as the plain number \(year) (no 年, half-width digits)"
    }
}
