import Foundation
import Indicators

/// A CSV file read as named numeric columns, for `sunan ols`.
///
/// Read with the data layer's tokenizer (UTF-8, BOM skipped, every record knows its line), so
/// problems are located exactly; every cell of a requested column must parse as a finite `Double`.
struct NumericTable {
    /// The parsed file.
    let document: CSVDocument

    /// Reads a CSV with a header row from `path`.
    /// - Throws: ``ValidationFailure`` with every structural problem (encoding, ragged rows, quotes, an empty file).
    static func read(path: String) throws -> NumericTable {
        NumericTable(document: try CSVDocument.load(path: path).document)
    }

    /// Number of data rows.
    var rowCount: Int { document.records.count }

    /// The line of the last data row (the header's when there is none).
    var lastLine: Int { document.records.last?.line ?? document.headerLine }

    /// The values of column `name` as finite doubles.
    /// - Throws: ``ValidationIssue`` for a missing column or a cell that is empty, not a number, NaN or infinite.
    func numericColumn(_ name: String) throws -> [Double] {
        guard let index = document.header.firstIndex(of: name) else {
            throw ValidationIssue.error(document.file, line: document.headerLine,
                                        "no column '\(name)'; the header has: \(document.header.joined(separator: ", "))")
        }
        return try document.records.map { record in
            let text = record.fields[index]
            guard let value = Double(text) else {
                let shown = text.isEmpty ? "an empty cell" : "'\(text)'"
                throw ValidationIssue.error(document.file, line: record.line, column: index + 1,
                                            "column '\(name)': \(shown) is not a number")
            }
            guard value.isFinite else {
                throw ValidationIssue.error(document.file, line: record.line, column: index + 1,
                                            "column '\(name)': '\(text)' is not a finite number")
            }
            return value
        }
    }
}
