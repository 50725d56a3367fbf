import Foundation

/// One CSV record and the line it starts on.
public struct CSVRecord: Sendable {
    /// The 1-based line of the record's first character.
    public let line: Int
    /// The fields, with surrounding whitespace removed.
    public let fields: [String]
}

/// A CSV file split into a header and records, each record knowing its line.
public struct CSVDocument: Sendable {
    /// The file name used in messages.
    public let file: String
    /// The header fields, trimmed.
    public let header: [String]
    /// The line of the header.
    public let headerLine: Int
    /// The non-blank records after the header.
    public let records: [CSVRecord]

    /// The index of the column named `name` (case-insensitive), if present.
    public func column(_ name: String) -> Int? {
        header.firstIndex { $0.lowercased() == name }
    }

    /// Reads `file`: refuses legacy encodings, UTF-16, binary data and empty files with one error each;
    /// otherwise tokenises the UTF-8 bytes (a BOM is skipped) in one pass that records the line of every
    /// record. Structural problems (ragged rows, unclosed quotes, text after a closing quote, repeated
    /// header names) are returned as issues. A file named `….xlsx` or `….xlsx#Sheet` is read as a
    /// sheet of an Excel workbook instead (``WorkbookReader``), into the same kind of document.
    public static func read(_ file: DataFile) -> (document: CSVDocument?, issues: [ValidationIssue]) {
        if WorkbookReference(file.name) != nil { return WorkbookReader.read(file) }
        let bytes = [UInt8](file.bytes)
        if let issue = encodingIssue(bytes, file: file.name) { return (nil, [issue]) }
        let bodyStart = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if bytes[bodyStart...].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) {
            return (nil, [.error(file.name, line: 1, "the file is empty: expected a header line and data rows")])
        }
        let tokens = CSVTokenizer.tokenize(bytes, from: bodyStart)
        var issues: [ValidationIssue] = tokens.problems.map { .error(file.name, line: $0.line, column: $0.column, $0.message) }
        issues += strayByteOrderMarks(bytes, from: bodyStart, file: file.name)
        var records: [CSVRecord] = []
        records.reserveCapacity(tokens.records.count)
        for record in tokens.records {
            var fields = record.fields   // copied only if a field needs trimming
            for index in fields.indices where fields[index].hasSurroundingWhitespace {
                fields[index] = fields[index].trimmingWhitespace()
            }
            if fields.allSatisfy(\.isEmpty) { continue }
            records.append(CSVRecord(line: record.line, fields: fields))
        }
        guard let headerRecord = records.first else {
            issues.append(.error(file.name, line: 1, "the file is empty: expected a header line and data rows"))
            return (nil, issues)
        }
        var header = headerRecord.fields
        if let first = header.first, first.hasPrefix("\u{FEFF}") { header[0] = String(first.dropFirst()) }
        issues += headerIssues(header, line: headerRecord.line, file: file.name)
        var body: [CSVRecord] = []
        body.reserveCapacity(records.count - 1)
        for record in records.dropFirst() {
            if record.fields.count != header.count {
                let column = min(record.fields.count, header.count) + 1
                issues.append(.error(file.name, line: record.line, column: column,
                    "the row has \(record.fields.count) fields but the header has \(header.count); check for a stray or missing comma or an unquoted comma inside a value"))
                continue
            }
            body.append(record)
        }
        let document = CSVDocument(file: file.name, header: header, headerLine: headerRecord.line, records: body)
        return (document, issues)
    }

    /// A warning for every column without a name and an error for every name that repeats an earlier
    /// one (ignoring case), at the header `line` of `file`.
    static func headerIssues(_ header: [String], line: Int, file: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        var seen: [String: Int] = [:]
        for (index, name) in header.enumerated() {
            if name.isEmpty {
                issues.append(.warning(file, line: line, column: index + 1,
                    "column \(index + 1) has no name in the header; its values are ignored"))
                continue
            }
            if let first = seen[name.lowercased()] {
                issues.append(.error(file, line: line, column: index + 1,
                    "column name ‘\(name)’ repeats column \(first + 1); every column needs a distinct name"))
            } else {
                seen[name.lowercased()] = index
            }
        }
        return issues
    }

    /// An error for every line holding a byte-order mark (U+FEFF, invisible) after the start of the file.
    ///
    /// A mark inside the file is what concatenating two files saved "with BOM" leaves behind; kept, it
    /// would silently turn `Nanjing` into a different region `\u{FEFF}Nanjing`, so it is refused.
    /// The column is the CSV field the mark sits in.
    private static func strayByteOrderMarks(_ bytes: [UInt8], from start: Int, file: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        var line = 1
        var field = 1
        var inQuotes = false
        var reportedLine = 0
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x22 {
                inQuotes.toggle()
            } else if byte == 0x2C, !inQuotes {
                field += 1
            } else if byte == 0x0A || (byte == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) {
                line += 1
                if !inQuotes { field = 1 }
            } else if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBB, bytes[index + 2] == 0xBF, reportedLine != line {
                reportedLine = line
                issues.append(.error(file, line: line, column: field,
                    "a byte-order mark (U+FEFF, an invisible character) inside the file, as left by joining files saved with BOM; delete it, e.g. `sed -i 's/\\xEF\\xBB\\xBF//g' \(file)`"))
            }
            index += 1
        }
        return issues
    }

    /// The single issue that makes the bytes unreadable as UTF-8 text, if any.
    private static func encodingIssue(_ bytes: [UInt8], file: String) -> ValidationIssue? {
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            return .error(file, line: 1, column: 1,
                "the file is UTF-16 encoded; save it as UTF-8, e.g. `iconv -f UTF-16 -t UTF-8 \(file) > converted.csv`")
        }
        if bytes.isEmpty { return .error(file, line: 1, "the file is empty: expected a header line and data rows") }
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        if let offset = UTF8Check.firstInvalidOffset(bytes, from: start) {
            let (line, column) = UTF8Check.position(of: offset, in: bytes, from: start)
            if UTF8Check.looksLikeGB18030(bytes, from: start) {
                return .error(file, line: line, column: column,
                    "the file is not UTF-8: its bytes look like the legacy Chinese encoding GBK/GB18030 (as saved by Excel on Chinese Windows); convert it with `iconv -f GB18030 -t UTF-8 \(file) > converted.csv`")
            }
            return .error(file, line: line, column: column,
                "the file is not valid UTF-8 (byte 0x\(String(bytes[offset], radix: 16, uppercase: true)) cannot start or continue a character); save it as UTF-8")
        }
        if let offset = bytes[start...].firstIndex(of: 0) {
            let (line, column) = UTF8Check.position(of: offset, in: bytes, from: start)
            return .error(file, line: line, column: column, "the file contains NUL bytes: it is binary data, not a CSV text file")
        }
        return nil
    }
}

/// A single-pass RFC 4180 tokenizer over UTF-8 bytes that knows the line and column of everything it reads.
///
/// Records end at LF, CR or CRLF outside quotes; a double quote opens a quoted field only at the start of
/// a field, and `""` inside it is a literal quote; a quote inside an unquoted field is literal. A line
/// break inside a quoted field belongs to the field. The bytes must be valid UTF-8.
enum CSVTokenizer {
    struct Record {
        let line: Int
        let fields: [String]
    }

    struct Problem {
        let line: Int
        let column: Int
        let message: String
    }

    static func tokenize(_ bytes: [UInt8], from start: Int) -> (records: [Record], problems: [Problem]) {
        let quote: UInt8 = 0x22, comma: UInt8 = 0x2C, cr: UInt8 = 0x0D, lf: UInt8 = 0x0A
        var records: [Record] = []
        var problems: [Problem] = []
        var line = 1
        var index = start
        let end = bytes.count
        var fields: [String] = []
        var recordLine = 1
        var buffer: [UInt8] = []

        func text(_ range: Range<Int>) -> String {
            bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
        }

        while index < end {
            recordLine = line
            fields.removeAll(keepingCapacity: true)
            var recordEnded = false
            while !recordEnded {
                if index < end, bytes[index] == quote {
                    let openedLine = line
                    let column = fields.count + 1
                    index += 1
                    buffer.removeAll(keepingCapacity: true)
                    var closed = false
                    while index < end {
                        let byte = bytes[index]
                        if byte == quote {
                            if index + 1 < end, bytes[index + 1] == quote {
                                buffer.append(quote)
                                index += 2
                                continue
                            }
                            index += 1
                            closed = true
                            break
                        }
                        if byte == lf || (byte == cr && (index + 1 >= end || bytes[index + 1] != lf)) { line += 1 }
                        buffer.append(byte)
                        index += 1
                    }
                    if !closed {
                        problems.append(Problem(line: openedLine, column: column,
                            message: "a quoted field opened on this line is never closed; the rest of the file was read as one field"))
                    } else if index < end, bytes[index] != comma, bytes[index] != cr, bytes[index] != lf {
                        problems.append(Problem(line: line, column: column,
                            message: "unexpected text after the closing quote of field \(column); quote the whole value and double any quote inside it"))
                        while index < end, bytes[index] != comma, bytes[index] != cr, bytes[index] != lf {
                            buffer.append(bytes[index])
                            index += 1
                        }
                    }
                    fields.append(String(decoding: buffer, as: UTF8.self))
                } else {
                    let fieldStart = index
                    while index < end, bytes[index] != comma, bytes[index] != cr, bytes[index] != lf { index += 1 }
                    fields.append(text(fieldStart..<index))
                }
                if index >= end {
                    recordEnded = true
                } else if bytes[index] == comma {
                    index += 1
                    if index >= end {
                        fields.append("")
                        recordEnded = true
                    }
                } else {
                    if bytes[index] == cr, index + 1 < end, bytes[index + 1] == lf { index += 1 }
                    index += 1
                    line += 1
                    recordEnded = true
                }
            }
            records.append(Record(line: recordLine, fields: fields))
        }
        return (records, problems)
    }
}

/// UTF-8 validation with positions, and a heuristic for GBK/GB18030 bytes.
enum UTF8Check {
    /// The offset of the first byte that is not part of a well-formed UTF-8 sequence, or nil.
    static func firstInvalidOffset(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        let end = bytes.count
        while index < end {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            let length: Int
            var low: UInt8 = 0x80, high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return index
            }
            guard index + length <= end else { return index }
            for k in 1..<length {
                let byte = bytes[index + k]
                let (l, h) = k == 1 ? (low, high) : (UInt8(0x80), UInt8(0xBF))
                if byte < l || byte > h { return index }
            }
            index += length
        }
        return nil
    }

    /// Whether the bytes parse completely as GB18030 (one-, two- and four-byte forms) with some non-ASCII.
    static func looksLikeGB18030(_ bytes: [UInt8], from start: Int) -> Bool {
        var index = start
        let end = bytes.count
        var multiByte = 0
        while index < end {
            let lead = bytes[index]
            if lead < 0x80 { index += 1; continue }
            guard (0x81...0xFE).contains(lead), index + 1 < end else { return false }
            let second = bytes[index + 1]
            if (0x40...0x7E).contains(second) || (0x80...0xFE).contains(second) {
                index += 2
            } else if (0x30...0x39).contains(second), index + 3 < end,
                      (0x81...0xFE).contains(bytes[index + 2]), (0x30...0x39).contains(bytes[index + 3]) {
                index += 4
            } else {
                return false
            }
            multiByte += 1
        }
        return multiByte > 0
    }

    /// The 1-based line and column (in characters, counting undecodable bytes as one each) of `offset`.
    static func position(of offset: Int, in bytes: [UInt8], from start: Int) -> (line: Int, column: Int) {
        var line = 1
        var column = 1
        var index = start
        while index < offset {
            let byte = bytes[index]
            if byte == 0x0A || (byte == 0x0D && (index + 1 >= bytes.count || bytes[index + 1] != 0x0A)) {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
            index += 1
        }
        return (line, column)
    }
}
