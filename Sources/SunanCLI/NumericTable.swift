import CSV
import Foundation

/// A CSV file read as named numeric columns, for `sunan ols`.
///
/// Every cell of the requested columns must parse as a finite `Double`; the first problem found is
/// reported as an ``InputError`` naming the file, the line (the header is line 1) and the column.
struct NumericTable {
    /// Path of the file, as given on the command line.
    let path: String
    /// Header names in file order.
    let header: [String]
    /// Raw data rows (strings), in file order.
    let rows: [[String]]

    /// Reads a CSV with a header row from `path` (UTF-8, BOM stripped).
    static func read(path: String) throws -> NumericTable {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputError(file: path, line: nil, message: "cannot read the file (missing or not readable)")
        }
        guard !data.isEmpty else {
            throw InputError(file: path, line: nil, message: "the file is empty; a header row is required")
        }
        guard String(data: data, encoding: .utf8) != nil else {
            throw InputError(file: path, line: nil,
                             message: "the file is not valid UTF-8 (if it is GBK/GB18030, convert it with `iconv -f GB18030 -t UTF-8`)")
        }
        let reader: CSVReader
        do {
            reader = try CSVReader(stream: InputStream(data: data), hasHeaderRow: true)
        } catch {
            throw InputError(file: path, line: 1, message: "cannot read the header row")
        }
        let header = (reader.headerRow ?? []).map { $0.trimmingCharacters(in: .whitespaces) }
        guard !(header.count == 1 && header[0].isEmpty) else {
            throw InputError(file: path, line: 1, message: "the header row is empty")
        }
        var rows: [[String]] = []
        while let row = reader.next() {
            if row.count == 1 && row[0].trimmingCharacters(in: .whitespaces).isEmpty { continue }
            rows.append(row)
        }
        if reader.error != nil {
            throw InputError(file: path, line: rows.count + 2, message: "malformed CSV (unbalanced quotes or invalid text)")
        }
        return NumericTable(path: path, header: header, rows: rows)
    }

    /// The values of column `name` as finite doubles.
    /// - Throws: ``InputError`` for a missing column, a short row, or a cell that is empty, not a number, NaN or infinite.
    func numericColumn(_ name: String) throws -> [Double] {
        guard let index = header.firstIndex(of: name) else {
            throw InputError(file: path, line: 1,
                             message: "no column '\(name)'; the header has: \(header.joined(separator: ", "))")
        }
        return try rows.enumerated().map { offset, row in
            let line = offset + 2
            guard index < row.count else {
                throw InputError(file: path, line: line, message: "row has \(row.count) fields; column '\(name)' is missing")
            }
            let text = row[index].trimmingCharacters(in: .whitespaces)
            guard let value = Double(text) else {
                let shown = text.isEmpty ? "an empty cell" : "'\(text)'"
                throw InputError(file: path, line: line, message: "column '\(name)': \(shown) is not a number")
            }
            guard value.isFinite else {
                throw InputError(file: path, line: line, message: "column '\(name)': '\(text)' is not a finite number")
            }
            return value
        }
    }
}
