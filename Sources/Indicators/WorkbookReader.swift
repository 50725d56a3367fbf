import Foundation

/// Reads one worksheet of an Excel workbook (.xlsx, ECMA-376) into the same ``CSVDocument`` a CSV
/// file gives, so every loader and all validation apply unchanged.
///
/// The sheet is the one named after `#` in the file name (`data.xlsx#Sheet2`; matched exactly, else
/// ignoring case), or the first worksheet. The header is the first row that holds a value; every
/// later row that holds a value is a record, whose line is its row number and whose fields are its
/// cells from column A to the last column that holds a value anywhere, so a record's field number is
/// its column number and positions read `data.xlsx:Sheet1!D7`. Cells are read as
/// `WorksheetCells` describes; a merged range below the header reads as its top-left value in
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
                                            uses1904Dates: structure.uses1904Dates, limit: limits.tableCells)
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
        var ordered = cells.cells
        func precedes(_ a: WorksheetCells.Cell, _ b: WorksheetCells.Cell) -> Bool { (a.row, a.column) < (b.row, b.column) }
        if zip(ordered, ordered.dropFirst()).contains(where: { !precedes($0, $1) }) {
            ordered = ordered.enumerated().sorted { precedes($0.element, $1.element) || (!precedes($1.element, $0.element) && $0.offset < $1.offset) }
                .map(\.element)
        }
        var badRows = Set(cells.problems.compactMap(\.row))
        for (previous, cell) in zip(ordered, ordered.dropFirst()) where previous.row == cell.row && previous.column == cell.column {
            issues.append(.error(file, line: Int(cell.row), column: Int(cell.column), "the cell appears twice in the sheet; the workbook is corrupted"))
            badRows.insert(Int(cell.row))
        }
        guard let first = ordered.first else {
            issues.append(.error(file, line: nil, "the sheet is empty: expected a header row and data rows"))
            return (nil, issues)
        }
        let headerLine = Int(first.row)
        let width = Int(ordered.lazy.map(\.column).max() ?? 1)
        var rowNumbers: [Int] = []
        for cell in ordered where rowNumbers.last != Int(cell.row) { rowNumbers.append(Int(cell.row)) }
        let (cellCount, overflow) = rowNumbers.count.multipliedReportingOverflow(by: width)
        guard !overflow, cellCount <= limits.tableCells else {
            throw WorkbookProblem("the sheet's table is \(rowNumbers.count) rows × \(width) columns, more than \(limits.tableCells) cells; split the data into smaller sheets")
        }
        var rows = [[String]](repeating: [String](repeating: "", count: width), count: rowNumbers.count)
        var dataColumns = Set<Int>()
        var index = -1
        for cell in ordered {
            if index < 0 || rowNumbers[index] != Int(cell.row) { index += 1 }
            rows[index][Int(cell.column) - 1] = cell.text
            if index > 0 { dataColumns.insert(Int(cell.column)) }
        }
        try fillMerges(cells.merges, rowNumbers: rowNumbers, rows: &rows, dataColumns: &dataColumns, limit: limits.tableCells)
        let header = rows[0]
        issues += CSVDocument.headerIssues(header, line: headerLine, file: file).filter { issue in
            issue.severity == .error || dataColumns.contains(issue.column ?? 0)
        }
        let records = zip(rowNumbers, rows).dropFirst().filter { !badRows.contains($0.0) }.map { CSVRecord(line: $0.0, fields: $0.1) }
        return (CSVDocument(file: file, header: header, headerLine: headerLine, records: records), issues)
    }

    /// Copies the top-left value of each merged range that starts below the header into the other
    /// cells of the range, in the rows of the table; more than `limit` rows or cells visited is an error.
    private static func fillMerges(_ merges: [(top: Int, left: Int, bottom: Int, right: Int)], rowNumbers: [Int],
                                   rows: inout [[String]], dataColumns: inout Set<Int>, limit: Int) throws(WorkbookProblem) {
        guard !merges.isEmpty, let headerLine = rowNumbers.first else { return }
        let width = rows.first?.count ?? 0
        var visits = 0
        for merge in merges where merge.top > headerLine && merge.left <= width {
            let top = rowNumbers.partitioningIndex { $0 >= merge.top }
            guard top < rowNumbers.count, rowNumbers[top] == merge.top else { continue }
            let value = rows[top][merge.left - 1]
            guard !value.isEmpty else { continue }
            var index = top
            while index < rowNumbers.count, rowNumbers[index] <= merge.bottom {
                for column in merge.left...min(merge.right, width) where rows[index][column - 1].isEmpty {
                    rows[index][column - 1] = value
                    dataColumns.insert(column)
                }
                visits += 1 + min(merge.right, width) - merge.left
                guard visits <= limit else {
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
