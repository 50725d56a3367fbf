import Foundation

/// A data file name that names an Excel workbook: `data.xlsx` (its first worksheet) or
/// `data.xlsx#Sheet2` (the worksheet called `Sheet2`).
///
/// Documents read from a workbook carry the qualified name `data.xlsx#Sheet1` as their file, so every
/// issue made from a record's line and column is shown in spreadsheet terms:
/// `data.xlsx:Sheet1!D7` for a cell, `data.xlsx:Sheet1!7:7` for a whole row and `data.xlsx:Sheet1`
/// for the sheet — the part after the colon can be typed into the Name Box of Excel, WPS or
/// LibreOffice to jump there.
public struct WorkbookReference: Hashable, Sendable {
    /// The workbook file's path, ending in `.xlsx`.
    public let path: String
    /// The sheet asked for; nil for the first worksheet.
    public let sheet: String?

    /// Recognises `name` as a workbook reference: it ends in `.xlsx`, or has `.xlsx#` followed by a
    /// sheet name (without `/`). Case is ignored in the extension. Nil for any other name.
    public init?(_ name: String) {
        if name.lowercased().hasSuffix(".xlsx") {
            self.init(path: name, sheet: nil)
            return
        }
        var searchStart = name.startIndex
        while let marker = name.range(of: ".xlsx#", options: .caseInsensitive, range: searchStart..<name.endIndex) {
            let sheet = String(name[marker.upperBound...])
            if !sheet.contains("/") {
                self.init(path: String(name[..<name.index(before: marker.upperBound)]), sheet: sheet.isEmpty ? nil : sheet)
                return
            }
            searchStart = marker.upperBound
        }
        return nil
    }

    /// A reference to `sheet` (nil: the first worksheet) of the workbook at `path`.
    public init(path: String, sheet: String?) {
        self.path = path
        self.sheet = sheet
    }

    /// `path#sheet`, or `path` when no sheet is named.
    public var name: String { sheet.map { "\(path)#\($0)" } ?? path }

    /// The position of a row and column of this reference's sheet: `path:Sheet!D7` (cell),
    /// `path:Sheet!7:7` (row), `path:Sheet` (sheet), or `path` when no sheet is named.
    public func position(row: Int?, column: Int?) -> String {
        guard let sheet else { return path }
        let quoted = Self.quotedSheetName(sheet)
        guard let row else { return "\(path):\(quoted)" }
        guard let column, column >= 1 else { return "\(path):\(quoted)!\(row):\(row)" }
        return "\(path):\(quoted)!\(Self.columnLetters(column))\(row)"
    }

    /// The letters of the 1-based column `number`: 1 → A, 26 → Z, 27 → AA, 16384 → XFD.
    public static func columnLetters(_ number: Int) -> String {
        var letters: [Character] = []
        var remaining = max(1, number)
        while remaining > 0 {
            let digit = (remaining - 1) % 26
            letters.append(Character(Unicode.Scalar(UInt8(65 + digit))))
            remaining = (remaining - 1) / 26
        }
        return String(letters.reversed())
    }

    /// The sheet name as a spreadsheet formula writes it: bare when it is letters, digits, `_` and `.`
    /// starting with a letter and not shaped like a cell reference; otherwise in single quotes, with
    /// quotes inside doubled (`'My data'`, `'2020'`).
    public static func quotedSheetName(_ sheet: String) -> String {
        let plain = sheet.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "." }
        let startsWithLetter = sheet.unicodeScalars.first.map { $0.properties.isAlphabetic || $0 == "_" } ?? false
        let looksLikeCell = sheet.range(of: "^[A-Za-z]{1,3}[0-9]+$", options: .regularExpression) != nil
            || sheet.range(of: "^[Rr][0-9]*[Cc][0-9]*$", options: .regularExpression) != nil
        if plain, startsWithLetter, !looksLikeCell { return sheet }
        return "'" + sheet.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// The parsed cell reference `D7` as (row 7, column 4), or nil when `text` is not one within
    /// Excel's grid (columns A–XFD, rows 1–1,048,576). `$` signs are allowed.
    static func cell(_ text: Substring) -> (row: Int, column: Int)? {
        var column = 0
        var row = 0
        var sawLetter = false
        var sawDigit = false
        for byte in text.utf8 where byte != UInt8(ascii: "$") {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"):
                guard !sawDigit else { return nil }
                sawLetter = true
                column = column * 26 + Int((byte & 0xDF) - UInt8(ascii: "A")) + 1
                guard column <= maximumColumn else { return nil }
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard sawLetter else { return nil }
                sawDigit = true
                row = row * 10 + Int(byte - UInt8(ascii: "0"))
                guard row <= maximumRow else { return nil }
            default:
                return nil
            }
        }
        guard sawLetter, sawDigit, row >= 1 else { return nil }
        return (row, column)
    }

    /// Excel's last column (XFD).
    static let maximumColumn = 16_384
    /// Excel's last row.
    static let maximumRow = 1_048_576
}

extension DataFile {
    /// The path on disk of the data file named `name`: the workbook's path for `data.xlsx#Sheet2`,
    /// otherwise `name` itself.
    public static func diskPath(_ name: String) -> String {
        WorkbookReference(name)?.path ?? name
    }
}

extension ValidationIssue {
    /// The position `file:line:column` of a CSV file, or `data.xlsx:Sheet1!D7` of a sheet of a workbook
    /// (`file` qualified as `data.xlsx#Sheet1`); the parts that are known.
    public static func location(file: String, line: Int?, column: Int? = nil) -> String {
        if let workbook = WorkbookReference(file) {
            return workbook.position(row: line, column: line == nil ? nil : column)
        }
        var text = file
        if let line {
            text += ":\(line)"
            if let column { text += ":\(column)" }
        }
        return text
    }
}
