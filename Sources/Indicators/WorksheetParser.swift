import Foundation

/// The cells of one worksheet part (`xl/worksheets/sheetN.xml`) as text, by row and column.
///
/// Each cell becomes the text a CSV export would hold (trimmed, as CSV fields are), so the CSV
/// validation applies unchanged:
/// - shared strings (`t="s"`), inline strings (`t="inlineStr"`) and formula strings (`t="str"`)
///   as they are, with OOXML's `_x000D_` escapes decoded;
/// - numbers (`t="n"` or no type) in the shortest form that reads back as the same double
///   (`2017`, `12.5`, `1e-07`): the stored value, not the digits the format shows;
/// - numbers with a date or time format as ISO dates, `2017-01-01`, `2017-01-01 08:30:00` or
///   `08:30:00` (1900 or 1904 date system; a year in a year column must be a plain number — see
///   `NumberParser.yearHint`);
/// - numbers with a percentage format as shown, `12.5%`, which the value column refuses rather
///   than guess the unit;
/// - booleans (`t="b"`) as `TRUE` and `FALSE`, error values (`t="e"`) as `#N/A`, `#DIV/0!` …,
///   ISO dates (`t="d"`) as written;
/// - a formula (`<f>`) as its saved result; one without a saved result is an error at the cell.
struct WorksheetCells {
    /// A problem at one cell, or at the sheet when `row` is nil.
    struct Problem {
        let row: Int?
        let column: Int?
        let message: String
    }

    /// One cell that holds a value.
    struct Cell {
        let row: Int32
        let column: Int32
        /// The text, trimmed, never empty.
        let text: String
    }

    /// The cells that hold a value, in the order of the part (rows and cells in order in every file a
    /// spreadsheet program writes).
    var cells: [Cell] = []
    /// Merged ranges (`<mergeCell ref="A2:A9">`), as first and last row and column.
    var merges: [(top: Int, left: Int, bottom: Int, right: Int)] = []
    /// Problems found in cells; their rows are left out of the table.
    var problems: [Problem] = []

    /// Parses the worksheet `data` (called `part` in messages), keeping at most `limit` cells with a value.
    static func read(_ data: Data, part: String, sharedStrings: [String], styles: [NumberStyle],
                     uses1904Dates: Bool, limit: Int) throws(WorkbookProblem) -> WorksheetCells {
        let handler = Handler(sharedStrings: sharedStrings, styles: styles, uses1904Dates: uses1904Dates, limit: limit)
        try WorkbookXML.parse(data, part: part, handler: handler)
        return handler.cells
    }

    private final class Handler: WorkbookXMLHandler {
        let sharedStrings: [String]
        let styles: [NumberStyle]
        let uses1904Dates: Bool
        let limit: Int
        var cells = WorksheetCells()
        var problem: WorkbookProblem?

        private var inSheetData = false
        private var row = 0
        private var column = 0
        private var cell: (row: Int, column: Int, type: String, style: Int)?
        private var value: String?
        private var inline: String?
        private var hasFormula = false
        private var inValue = false
        private var inInlineText = false
        private var inInline = false
        private var phoneticDepth = 0

        init(sharedStrings: [String], styles: [NumberStyle], uses1904Dates: Bool, limit: Int) {
            self.sharedStrings = sharedStrings
            self.styles = styles
            self.uses1904Dates = uses1904Dates
            self.limit = limit
        }

        func start(_ element: String, attributes: [String: String]) {
            switch element {
            case "sheetData": inSheetData = true
            case "row" where inSheetData:
                if let text = attributes["r"] {
                    guard let number = Int(text), (1...WorkbookReference.maximumRow).contains(number) else {
                        cells.problems.append(Problem(row: nil, column: nil, message: "row number ‘\(text)’ is not valid"))
                        row = -1
                        return
                    }
                    row = number
                } else {
                    row = row < 0 ? -1 : row + 1
                }
                column = 0
            case "c" where inSheetData && row > 0:
                var position = (row: row, column: column + 1)
                if let reference = attributes["r"] {
                    guard let parsed = WorkbookReference.cell(Substring(reference)) else {
                        cells.problems.append(Problem(row: row, column: nil, message: "cell reference ‘\(reference)’ is not valid"))
                        cell = nil
                        return
                    }
                    position = parsed
                }
                guard position.column <= WorkbookReference.maximumColumn else {
                    cells.problems.append(Problem(row: row, column: nil, message: "the row has cells beyond column XFD"))
                    cell = nil
                    return
                }
                column = position.column
                cell = (position.row, position.column, attributes["t"] ?? "n", attributes["s"].flatMap { Int($0) } ?? 0)
                value = nil
                inline = nil
                hasFormula = false
            case "v" where cell != nil: inValue = true; value = value ?? ""
            case "f" where cell != nil: hasFormula = true
            case "is" where cell != nil: inInline = true; inline = inline ?? ""
            case "rPh" where inInline: phoneticDepth += 1
            case "t" where inInline: inInlineText = phoneticDepth == 0
            case "mergeCell":
                if let reference = attributes["ref"], let range = Self.range(reference) { cells.merges.append(range) }
            default: break
            }
        }

        func end(_ element: String) {
            switch element {
            case "sheetData": inSheetData = false
            case "v": inValue = false
            case "t": inInlineText = false
            case "rPh": phoneticDepth = max(0, phoneticDepth - 1)
            case "is": inInline = false
            case "c":
                guard let current = cell else { return }
                cell = nil
                switch text(type: current.type, style: current.style) {
                case let .success(text):
                    let trimmed = text.trimmingWhitespace()
                    guard !trimmed.isEmpty else { break }
                    guard cells.cells.count < limit else {
                        problem = WorkbookProblem("the sheet has more than \(limit) cells with a value; split the data into smaller sheets")
                        return
                    }
                    cells.cells.append(Cell(row: Int32(current.row), column: Int32(current.column), text: trimmed))
                case let .failure(failure):
                    cells.problems.append(Problem(row: current.row, column: current.column, message: failure.message))
                }
            default: break
            }
        }

        func text(_ text: String) {
            if inValue { value? += text } else if inInlineText { inline? += text }
        }

        /// The text of the cell just closed.
        private func text(type: String, style: Int) -> Result<String, WorkbookProblem> {
            if type == "inlineStr", let inline { return .success(WorkbookXML.unescape(inline)) }
            guard let value, !(hasFormula && value.isEmpty) else {
                return hasFormula
                    ? .failure(WorkbookProblem("the cell holds a formula without a saved result (the file was written by a program that does not calculate); open the workbook in Excel, WPS or LibreOffice and save it"))
                    : .success("")
            }
            switch type {
            case "s":
                guard let index = Int(value.trimmingWhitespace()), sharedStrings.indices.contains(index) else {
                    return .failure(WorkbookProblem("the cell refers to shared string ‘\(value)’, but the workbook has \(sharedStrings.count); the workbook is corrupted"))
                }
                return .success(sharedStrings[index])
            case "str", "inlineStr": return .success(WorkbookXML.unescape(value))
            case "e", "d": return .success(value)
            case "b":
                switch value.trimmingWhitespace().lowercased() {
                case "1", "true": return .success("TRUE")
                case "0", "false": return .success("FALSE")
                default: return .failure(WorkbookProblem("the cell is marked as a boolean but holds ‘\(value)’"))
                }
            case "n":
                let trimmed = value.trimmingWhitespace()
                if trimmed.isEmpty { return .success("") }
                guard let number = Double(trimmed), number.isFinite else {
                    return .failure(WorkbookProblem("the cell is marked as a number but holds ‘\(value)’"))
                }
                switch styles.indices.contains(style) ? styles[style] : .plain {
                case .plain: return .success(SpreadsheetNumber.text(number))
                case .percent: return .success(SpreadsheetNumber.percentText(number))
                case .date: return .success(SpreadsheetNumber.dateText(number, uses1904Dates: uses1904Dates) ?? SpreadsheetNumber.text(number))
                }
            default:
                return .failure(WorkbookProblem("the cell has the unknown type ‘\(type)’"))
            }
        }

        /// `A2:C9` (or a single cell) as its corners, or nil.
        private static func range(_ text: String) -> (top: Int, left: Int, bottom: Int, right: Int)? {
            let ends = text.split(separator: ":", maxSplits: 1)
            guard let first = ends.first.flatMap(WorkbookReference.cell) else { return nil }
            let last = ends.count == 2 ? WorkbookReference.cell(ends[1]) : first
            guard let last else { return nil }
            return (min(first.row, last.row), min(first.column, last.column), max(first.row, last.row), max(first.column, last.column))
        }
    }
}

/// How the numbers of spreadsheet cells are written as text.
enum SpreadsheetNumber {
    /// The shortest text that reads back as `value`: `2017`, `12.5`, `1e-07`, `1.5e+20`.
    static func text(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// `value` as a percentage, as a percent format shows it: 0.125 → `12.5%`.
    static func percentText(_ value: Double) -> String {
        let percent = Double(String(format: "%.15g", value * 100)) ?? value * 100
        return text(percent) + "%"
    }

    /// The date (and time of day) of the serial day number `value`: `2017-01-01`,
    /// `2017-01-01 08:30:00`, or `08:30:00` for a time without a date; nil outside 1900–9999.
    ///
    /// In the 1900 system day 1 is 1900-01-01 and day 60 is Lotus's 1900-02-29, kept as Excel shows it;
    /// in the 1904 system day 0 is 1904-01-01.
    static func dateText(_ value: Double, uses1904Dates: Bool) -> String? {
        guard value >= 0, value < 2_958_466 else { return nil }
        var days = Int(value.rounded(.down))
        var seconds = Int(((value - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 {
            days += 1
            seconds -= 86_400
        }
        let time = String(format: "%02d:%02d:%02d", seconds / 3600, seconds / 60 % 60, seconds % 60)
        if days == 0 && (!uses1904Dates || seconds > 0) { return time }
        let date: String
        if !uses1904Dates && days == 60 {
            date = "1900-02-29"
        } else {
            let epochOffset = uses1904Dates ? -24_107 : (days < 60 ? -25_568 : -25_569)
            let (year, month, day) = civilDate(daysSince1970: days + epochOffset)
            date = String(format: "%04d-%02d-%02d", year, month, day)
        }
        return seconds == 0 ? date : date + " " + time
    }

    /// Why the ISO date `text` (as a date-formatted cell reads) is not a year, as the end of a sentence;
    /// nil when `text` is not such a date. A whole date whose 1900-system serial is 1000–9999 (a day in
    /// 1902–1927) is taken for a year typed into a date-formatted cell, which shows 2017 as 1905-07-09.
    static func dateYearHint(_ text: String) -> String? {
        let parts = text.split(separator: " ", maxSplits: 1)
        let fields = parts.first?.split(separator: "-", omittingEmptySubsequences: false) ?? []
        guard fields.count == 3, fields[0].count == 4, fields[1].count == 2, fields[2].count == 2,
              fields.allSatisfy({ $0.allSatisfy(\.isASCII) }),
              let year = Int(fields[0]), let month = Int(fields[1]), let day = Int(fields[2]),
              (1...12).contains(month), (1...31).contains(day) else { return nil }
        let serial = daysSince1970(year: year, month: month, day: day) + 25_569
        if parts.count == 1, (1000...9999).contains(serial) {
            return "the cell holds the number \(serial) shown with a date format; format the column as General (常规)"
        }
        return "a date is not a year; write the plain number \(year) in a cell formatted as General (常规)"
    }

    /// Days from 1970-01-01 to the proleptic Gregorian date (H. Hinnant's `days_from_civil`).
    static func daysSince1970(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01 (H. Hinnant's `civil_from_days`).
    static func civilDate(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
