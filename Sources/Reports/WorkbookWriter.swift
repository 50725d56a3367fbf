import Foundation
import ZIPFoundation

/// How the cells of one workbook column are written.
public enum WorkbookColumnFormat: Sendable, Equatable {
    /// Text (a shared string), whatever it looks like.
    case text
    /// Whole numbers, shown without separators or decimals (format `0`): years, ranks, counts.
    case integer
    /// Numbers shown with the digits they have (format General), so the sheet shows what the CSV holds.
    case decimal
    /// Fractions shown as percentages with two decimals (format `0.00%`: 0.853 shows as 85.30%).
    case percent
}

/// One sheet of a workbook: a table with a format per column.
///
/// Cells of numeric columns are written as numbers when their text is a finite number (the table's
/// own digits, so every rendering shows the same value) and as text otherwise; empty cells are left
/// out.
public struct WorkbookSheet: Sendable, Equatable {
    /// The sheet's tab name as asked for (the writer makes it valid and unique).
    public let name: String
    /// Column titles, written as the first row (bold, frozen).
    public let header: [String]
    /// Rows of cells, each as long as `header`.
    public let rows: [[String]]
    /// The format of each column.
    public let formats: [WorkbookColumnFormat]

    /// A sheet with explicit column formats (missing ones are text).
    public init(name: String, header: [String], rows: [[String]], formats: [WorkbookColumnFormat]) {
        self.name = name
        self.header = header
        self.rows = rows
        self.formats = header.indices.map { $0 < formats.count ? formats[$0] : .text }
    }

    /// A sheet of `table`: its right-aligned columns are numbers — percentages where `isPercent` says
    /// so of the column's title, whole numbers where every cell is one, decimals otherwise — and the
    /// other columns text.
    public init(name: String, table: TextTable, isPercent: (String) -> Bool = { _ in false }) {
        let formats = table.header.indices.map { column -> WorkbookColumnFormat in
            guard table.rightAligned.contains(column) else { return .text }
            if isPercent(table.header[column]) { return .percent }
            let wholeNumbers = table.rows.allSatisfy { $0[column].isEmpty || Int($0[column]) != nil }
            return wholeNumbers ? .integer : .decimal
        }
        self.init(name: name, header: table.header, rows: table.rows, formats: formats)
    }
}

/// Why a workbook cannot be written.
public enum WorkbookWriterError: Error, CustomStringConvertible, Equatable {
    /// A cell's text is longer than the 32,767 characters a spreadsheet cell holds.
    case cellTooLong(sheet: String, cell: String)

    /// One sentence saying what is wrong.
    public var description: String {
        switch self {
        case let .cellTooLong(sheet, cell):
            return "cell \(cell) of sheet ‘\(sheet)’ is longer than the 32,767 characters a spreadsheet cell can hold"
        }
    }
}

/// Writes tables as one Excel workbook (.xlsx, ECMA-376 transitional), valid in Excel, WPS and
/// LibreOffice: one sheet per table with a bold, frozen header row, column widths from the content
/// (Chinese characters count double), numbers as numeric cells and text as shared strings.
///
/// The bytes depend on the tables only: every ZIP entry carries the fixed time 1980-01-01 00:00 and
/// the parts are written in a fixed order, so the same run gives the same file.
public enum WorkbookWriter {
    /// The workbook of `sheets`, in order; the first sheet is the one shown when the file opens.
    /// - Throws: ``WorkbookWriterError`` when a cell cannot be written; ZIP errors from ZIPFoundation.
    public static func data(_ sheets: [WorkbookSheet]) throws -> Data {
        var names: [String] = []
        for sheet in sheets { names.append(sheetName(sheet.name, avoiding: names)) }
        var strings = SharedStringTable()
        var sheetParts: [String] = []
        for (index, sheet) in sheets.enumerated() {
            sheetParts.append(try WorkbookParts.worksheet(sheet, name: names[index], selected: index == 0, strings: &strings))
        }
        var parts: [(String, String)] = [
            ("[Content_Types].xml", WorkbookParts.contentTypes(sheetCount: sheets.count)),
            ("_rels/.rels", WorkbookParts.packageRelationships),
            ("xl/workbook.xml", WorkbookParts.workbook(names)),
            ("xl/_rels/workbook.xml.rels", WorkbookParts.workbookRelationships(sheetCount: sheets.count)),
            ("xl/styles.xml", WorkbookParts.styles),
            ("xl/sharedStrings.xml", strings.part),
        ]
        for (index, part) in sheetParts.enumerated() { parts.append(("xl/worksheets/sheet\(index + 1).xml", part)) }
        let archive = try Archive(data: Data(), accessMode: .create)
        let fixedTime = Date(timeIntervalSince1970: 315_532_800)
        for (path, text) in parts {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: fixedTime,
                                 permissions: 0o644, compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return archive.data ?? Data()
    }

    /// `proposed` made a valid sheet name unlike every one of `used` (ignoring case): the characters
    /// `[ ] : * ? / \` become `_`, leading and trailing apostrophes go, it is cut to 31 characters,
    /// an empty name becomes `Sheet`, and a repeated one (or Excel's reserved `History`) gets ` (2)`,
    /// ` (3)` … within the 31 characters.
    public static func sheetName(_ proposed: String, avoiding used: [String]) -> String {
        var base = String(proposed.map { "[]:*?/\\".contains($0) || $0.isNewline ? "_" : $0 })
        while base.hasPrefix("'") { base.removeFirst() }
        while base.hasSuffix("'") { base.removeLast() }
        if base.isEmpty { base = "Sheet" }
        func fitted(_ text: String, suffix: String) -> String {
            var head = text
            while head.utf16.count + suffix.utf16.count > 31 { head.removeLast() }
            return head + suffix
        }
        let taken = Set(used.map { $0.lowercased() } + ["history"])
        var candidate = fitted(base, suffix: "")
        var number = 2
        while taken.contains(candidate.lowercased()) {
            candidate = fitted(base, suffix: " (\(number))")
            number += 1
        }
        return candidate
    }
}

/// The strings of every text cell, each stored once; cells refer to them by index.
struct SharedStringTable {
    private var index: [String: Int] = [:]
    private var items: [String] = []
    private var references = 0

    /// The index of `text`, added when new.
    mutating func reference(_ text: String) -> Int {
        references += 1
        if let known = index[text] { return known }
        index[text] = items.count
        items.append(text)
        return items.count - 1
    }

    /// `xl/sharedStrings.xml`.
    var part: String {
        var xml = WorkbookParts.declaration
            + #"<sst xmlns="\#(WorkbookParts.mainNamespace)" count="\#(references)" uniqueCount="\#(items.count)">"#
        for item in items { xml += "<si>" + WorkbookParts.textElement(item) + "</si>" }
        return xml + "</sst>"
    }
}
