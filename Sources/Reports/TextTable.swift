import Foundation

/// Terminal display width of text, counting East Asian wide and fullwidth characters as two columns,
/// so that tables mixing Chinese and Latin text line up (String.count pads Chinese columns wrongly).
public enum TextWidth {
    /// The number of terminal columns `text` occupies.
    public static func of(_ text: String) -> Int {
        text.reduce(0) { $0 + width(of: $1) }
    }

    /// The columns one character occupies: 0 for combining marks and zero-width characters,
    /// 2 for East Asian wide/fullwidth characters and wide emoji, otherwise 1.
    public static func width(of character: Character) -> Int {
        guard let scalar = character.unicodeScalars.first else { return 0 }
        let value = scalar.value
        if value == 0x200B || value == 0x200C || value == 0x200D || value == 0xFEFF { return 0 }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .control, .format: return 0
        default: break
        }
        return isWide(value) ? 2 : 1
    }

    /// Whether a code point is East Asian Wide or Fullwidth (Unicode UAX #11), or a wide emoji.
    public static func isWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x231A...0x231B, 0x2329...0x232A, 0x23E9...0x23EC, 0x2E80...0x303E,
             0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF, 0xA960...0xA97F,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE10...0xFE19, 0xFE30...0xFE6F, 0xFF00...0xFF60,
             0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// `text` padded with spaces to `width` columns, on the right (left-aligned) or on the left.
    public static func pad(_ text: String, to width: Int, alignRight: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - of(text)))
        return alignRight ? padding + text : text + padding
    }
}

/// One table value with many renderings: aligned terminal text (East-Asian wide characters count
/// as two columns), CSV, JSON and Markdown. Cells are already formatted strings, so every rendering
/// shows the same digits.
public struct TextTable: Sendable, Equatable {
    /// Column titles.
    public let header: [String]
    /// Rows of cells, each as long as `header`.
    public let rows: [[String]]
    /// Columns (by index) whose cells are right-aligned, typically numbers.
    public var rightAligned: Set<Int> = []

    /// A table; `rightAligned` lists the numeric columns.
    public init(header: [String], rows: [[String]], rightAligned: Set<Int> = []) {
        self.header = header
        self.rows = rows
        self.rightAligned = rightAligned
    }

    /// Columns separated by two spaces, a dashed rule under the header, widths by display columns.
    public func plainText() -> String {
        let widths = header.indices.map { column in
            ([header[column]] + rows.map { $0[column] }).map(TextWidth.of).max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            let padded = cells.enumerated().map { index, cell in
                TextWidth.pad(cell, to: widths[index], alignRight: rightAligned.contains(index))
            }
            return String(padded.joined(separator: "  ").reversed().drop(while: { $0 == " " }).reversed())
        }
        var lines = [line(header), widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")]
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }

    /// A GitHub-flavoured Markdown table; pipes inside cells are escaped.
    public func markdown() -> String {
        func escape(_ cell: String) -> String { cell.replacingOccurrences(of: "|", with: "\\|") }
        var lines = ["| " + header.map(escape).joined(separator: " | ") + " |"]
        lines.append("|" + header.indices.map { rightAligned.contains($0) ? " ---: " : " --- " }.joined(separator: "|") + "|")
        lines += rows.map { "| " + $0.map(escape).joined(separator: " | ") + " |" }
        return lines.joined(separator: "\n")
    }
}

extension TextTable {
    /// RFC 4180 CSV: a header line and one line per row, fields quoted when they contain a comma,
    /// a quote or a line break; lines end with `\n` and the text ends with a newline.
    public func csv() -> String {
        // A field without any of the bytes `,` `"` LF CR is written as it is (the common case, found by a
        // scan of its UTF-8 bytes); one with them goes through the character-level rule, whose result is
        // remembered, since such fields (model labels with commas) repeat down a column.
        var quoted: [String: String] = [:]
        func quote(_ field: String) -> String {
            var special = false
            var field = field
            field.withUTF8 { bytes in
                for byte in bytes where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D {
                    special = true
                    break
                }
            }
            guard special else { return field }
            if let known = quoted[field] { return known }
            let result = field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" })
                ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
            quoted[field] = result
            return result
        }
        var text = ""
        text.reserveCapacity((rows.first.map { $0.reduce(0) { $0 + $1.utf8.count + 1 } } ?? 16) * (rows.count + 1))
        for row in [header] + rows {
            for (index, field) in row.enumerated() {
                if index > 0 { text += "," }
                text += quote(field)
            }
            text += "\n"
        }
        return text
    }

    /// A JSON array of objects keyed by the header; cells of `numericColumns` are written as numbers
    /// (an empty cell as `null`), the others as strings.
    public func json(numericColumns: Set<Int>) -> String {
        let objects = rows.map { row in
            "  {" + row.enumerated().map { index, cell in
                let value = numericColumns.contains(index) ? (cell.isEmpty ? "null" : cell) : JSONText.string(cell)
                return "\(JSONText.string(header[index])): \(value)"
            }.joined(separator: ", ") + "}"
        }
        return "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }
}

/// JSON text helpers shared by every JSON output.
public enum JSONText {
    /// A JSON string literal with the characters JSON requires escaped.
    public static func string(_ text: String) -> String {
        var escaped = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped + "\""
    }

    /// A number with 17 significant digits (round-trips a Double); `null` for NaN or infinity.
    public static func number(_ value: Double) -> String {
        value.isFinite ? NumberText.general(value, digits: 17) : "null"
    }
}
