import Foundation

/// Reads one worksheet of an Excel workbook (.xlsx, ECMA-376) into the same ``CSVDocument`` a CSV
/// file gives, so every loader and all validation apply unchanged.
///
/// The sheet is the one named after `#` in the file name (`data.xlsx#Sheet2`; matched exactly, else
/// ignoring case), or the first worksheet. The header is the first row that holds a value; every
/// later row that holds a value is a record, whose line is its row number and whose fields are its
/// cells from column A to the last column that holds a value anywhere, so a record's field number is
/// its column number and positions read `data.xlsx:Sheet1!D7`. Cells are read as
/// ``WorksheetCells`` describes; a merged range below the header reads as its top-left value in
/// every row of the table it covers, as it appears on screen.
///
/// Nothing in the file is trusted: sizes are capped by ``WorkbookLimits``, and a file that is not a
/// workbook, a corrupted or truncated archive, a zip bomb or malformed XML gives one error naming the
/// file and the part.
public enum WorkbookReader {
    /// Reads the sheet that `file.name` refers to (a name ending in `.xlsx`, or with `.xlsx#Sheet`).
    /// - Returns: the document (nil when the workbook cannot be read) and every issue found.
    public static func read(_ file: DataFile, limits: WorkbookLimits = .standard) -> (document: CSVDocument?, issues: [ValidationIssue]) {
        let reference = WorkbookReference(file.name) ?? WorkbookReference(path: file.name, sheet: nil)
        do {
            return try read(file.bytes, reference: reference, limits: limits)
        } catch {
            return (nil, [.error(reference.path, line: nil, error.message)])
        }
    }

    private static func read(_ data: Data, reference: WorkbookReference, limits: WorkbookLimits) throws(WorkbookProblem)
        -> (document: CSVDocument?, issues: [ValidationIssue]) {
        guard data.count <= limits.fileBytes else {
            throw WorkbookProblem("the workbook is larger than \(limits.fileBytes >> 20) MiB; split the data into smaller files")
        }
        var parts = WorkbookPartReader(zip: try ZIPDirectory([UInt8](data)), limits: limits)
        let structure = try WorkbookStructure.read(&parts)
        let sheet = try choose(reference.sheet, among: structure.sheets)
        guard let sheetPart = sheet.part, let sheetData = try parts.data(sheetPart) else {
            throw WorkbookProblem("sheet ‘\(sheet.name)’ has no worksheet part (\(sheet.part ?? "no relationship")); the workbook is corrupted")
        }
        var sharedStrings: [String] = []
        if let part = structure.sharedStringsPart, let data = try parts.data(part) {
            sharedStrings = try SharedStrings.read(data, part: part)
        }
        var styles: [NumberStyle] = []
        if let part = structure.stylesPart, let data = try parts.data(part) {
            styles = try CellStyles.read(data, part: part)
        }
        let cells = try WorksheetCells.read(sheetData, part: sheetPart, sharedStrings: sharedStrings, styles: styles,
                                            uses1904Dates: structure.uses1904Dates)
        let name = WorkbookReference(path: reference.path, sheet: sheet.name).name
        return try table(cells, file: name, limits: limits)
    }

    /// The sheet named `wanted` (exactly, else ignoring case), or the first worksheet.
    private static func choose(_ wanted: String?, among sheets: [WorkbookStructure.Sheet]) throws(WorkbookProblem) -> WorkbookStructure.Sheet {
        let names = sheets.map { "‘\($0.name)’" }.joined(separator: ", ")
        guard let wanted else {
            guard let first = sheets.first(where: \.isWorksheet) else {
                throw WorkbookProblem("the workbook has no worksheet" + (sheets.isEmpty ? "" : " (only \(names))"))
            }
            return first
        }
        guard let sheet = sheets.first(where: { $0.name == wanted })
            ?? sheets.first(where: { $0.name.lowercased() == wanted.lowercased() }) else {
            throw WorkbookProblem("the workbook has no sheet ‘\(wanted)’; its sheets are \(names.isEmpty ? "none" : names)")
        }
        guard sheet.isWorksheet else { throw WorkbookProblem("sheet ‘\(sheet.name)’ is a chart or dialog sheet, not a worksheet") }
        return sheet
    }

    /// The document of `cells`: header, records and the issues CSV reading would give.
    private static func table(_ cells: WorksheetCells, file: String, limits: WorkbookLimits) throws(WorkbookProblem)
        -> (document: CSVDocument?, issues: [ValidationIssue]) {
        var issues = cells.problems.map { ValidationIssue.error(file, line: $0.row, column: $0.column, $0.message) }
        let badRows = Set(cells.problems.compactMap(\.row))
        var rows = cells.rows.compactMapValues { row -> [Int: String]? in
            let trimmed = row.mapValues { $0.trimmingWhitespace() }.filter { !$0.value.isEmpty }
            return trimmed.isEmpty ? nil : trimmed
        }
        guard let headerLine = rows.keys.min() else {
            issues.append(.error(file, line: nil, "the sheet is empty: expected a header row and data rows"))
            return (nil, issues)
        }
        let width = rows.values.lazy.compactMap { $0.keys.max() }.max() ?? 0
        let (cellCount, overflow) = rows.count.multipliedReportingOverflow(by: width)
        guard !overflow, cellCount <= limits.tableCells else {
            throw WorkbookProblem("the sheet's table is \(rows.count) rows × \(width) columns, more than \(limits.tableCells) cells; split the data into smaller sheets")
        }
        try fillMerges(cells.merges, below: headerLine, width: width, rows: &rows, limit: limits.tableCells)
        func fields(_ row: [Int: String]) -> [String] { (1...max(width, 1)).map { row[$0] ?? "" } }
        let header = fields(rows[headerLine]!)
        let dataColumns = Set(rows.lazy.filter { $0.key != headerLine }.flatMap(\.value.keys))
        issues += CSVDocument.headerIssues(header, line: headerLine, file: file).filter { issue in
            issue.severity == .error || dataColumns.contains(issue.column ?? 0)
        }
        let records = rows.keys.sorted().dropFirst().filter { !badRows.contains($0) }.map { CSVRecord(line: $0, fields: fields(rows[$0]!)) }
        return (CSVDocument(file: file, header: header, headerLine: headerLine, records: records), issues)
    }

    /// Copies the top-left value of each merged range that starts below the header into the other
    /// cells of the range, in rows that hold a value; more than `limit` copies is an error.
    private static func fillMerges(_ merges: [(top: Int, left: Int, bottom: Int, right: Int)], below headerLine: Int,
                                   width: Int, rows: inout [Int: [Int: String]], limit: Int) throws(WorkbookProblem) {
        guard !merges.isEmpty else { return }
        let rowNumbers = rows.keys.sorted()
        var copies = 0
        for merge in merges where merge.top > headerLine {
            guard let value = rows[merge.top]?[merge.left] else { continue }
            var index = rowNumbers.partitioningIndex { $0 >= merge.top }
            while index < rowNumbers.count, rowNumbers[index] <= merge.bottom {
                let row = rowNumbers[index]
                for column in stride(from: merge.left, through: min(merge.right, width), by: 1) where rows[row]?[column] == nil {
                    rows[row]![column] = value
                    copies += 1
                }
                copies += 1
                guard copies <= limit else {
                    throw WorkbookProblem("the sheet's merged cells cover more than \(limit) cells; unmerge them")
                }
                index += 1
            }
        }
    }
}

extension Array where Element: Comparable {
    /// The first index whose element satisfies `predicate`, which must be false then true along the array.
    fileprivate func partitioningIndex(where predicate: (Element) -> Bool) -> Int {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if predicate(self[middle]) { high = middle } else { low = middle + 1 }
        }
        return low
    }
}
