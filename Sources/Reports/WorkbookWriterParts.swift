import Foundation

/// The XML parts of a workbook written by ``WorkbookWriter``.
enum WorkbookParts {
    static let declaration = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
    static let mainNamespace = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    static let relationshipNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    static let packageRelationshipNamespace = "http://schemas.openxmlformats.org/package/2006/relationships"

    /// Cell format indices of `styles`: 0 text, 1 bold header, 2 integer, 3 decimal, 4 percent.
    enum Style: Int {
        case text = 0, header, integer, decimal, percent
    }

    static func contentTypes(sheetCount: Int) -> String {
        let type = "application/vnd.openxmlformats-officedocument.spreadsheetml"
        var xml = declaration + #"<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/xl/workbook.xml" ContentType="\#(type).sheet.main+xml"/>"#
            + #"<Override PartName="/xl/styles.xml" ContentType="\#(type).styles+xml"/>"#
            + #"<Override PartName="/xl/sharedStrings.xml" ContentType="\#(type).sharedStrings+xml"/>"#
        for index in stride(from: 1, through: sheetCount, by: 1) {
            xml += #"<Override PartName="/xl/worksheets/sheet\#(index).xml" ContentType="\#(type).worksheet+xml"/>"#
        }
        return xml + "</Types>"
    }

    static let packageRelationships = declaration + #"<Relationships xmlns="\#(packageRelationshipNamespace)">"#
        + #"<Relationship Id="rId1" Type="\#(relationshipNamespace)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#

    static func workbook(_ names: [String]) -> String {
        var xml = declaration + #"<workbook xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipNamespace)">"#
            + #"<bookViews><workbookView activeTab="0"/></bookViews><sheets>"#
        for (index, name) in names.enumerated() {
            xml += #"<sheet name="\#(escape(name, quotes: true))" sheetId="\#(index + 1)" r:id="rId\#(index + 1)"/>"#
        }
        return xml + "</sheets></workbook>"
    }

    static func workbookRelationships(sheetCount: Int) -> String {
        var xml = declaration + #"<Relationships xmlns="\#(packageRelationshipNamespace)">"#
        for index in 0..<sheetCount {
            xml += #"<Relationship Id="rId\#(index + 1)" Type="\#(relationshipNamespace)/worksheet" Target="worksheets/sheet\#(index + 1).xml"/>"#
        }
        xml += #"<Relationship Id="rId\#(sheetCount + 1)" Type="\#(relationshipNamespace)/styles" Target="styles.xml"/>"#
        xml += #"<Relationship Id="rId\#(sheetCount + 2)" Type="\#(relationshipNamespace)/sharedStrings" Target="sharedStrings.xml"/>"#
        return xml + "</Relationships>"
    }

    /// Two fonts (regular, bold) and the five cell formats of ``Style``: General, bold General,
    /// built-in `0` (1), General, built-in `0.00%` (10).
    static let styles = declaration + #"<styleSheet xmlns="\#(mainNamespace)">"#
        + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>"#
        + #"<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>"#
        + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
        + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
        + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
        + #"<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
        + #"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>"#
        + #"<xf numFmtId="1" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>"#
        + #"<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>"#
        + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#

    /// The worksheet part of `sheet`: frozen header row, column widths, one `<row>` per table row.
    static func worksheet(_ sheet: WorkbookSheet, name: String, selected: Bool, strings: inout SharedStringTable) throws -> String {
        let columns = max(sheet.header.count, 1)
        let letters = (1...columns).map(columnLetters)
        let lastCell = "\(letters[columns - 1])\(sheet.rows.count + 1)"
        var xml = declaration + #"<worksheet xmlns="\#(mainNamespace)" xmlns:r="\#(relationshipNamespace)">"#
            + #"<dimension ref="A1:\#(lastCell)"/>"#
            + #"<sheetViews><sheetView\#(selected ? #" tabSelected="1""# : "") workbookViewId="0">"#
            + #"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            + #"<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>"#
            + #"<sheetFormatPr defaultRowHeight="15"/>"#
        if !sheet.header.isEmpty {
            xml += "<cols>"
            for column in sheet.header.indices {
                let widest = ([sheet.header[column]] + sheet.rows.lazy.map { $0[column] }).lazy.map(TextWidth.of).max() ?? 0
                xml += #"<col min="\#(column + 1)" max="\#(column + 1)" width="\#(min(60, max(8, widest + 2)))" customWidth="1"/>"#
            }
            xml += "</cols>"
        }
        xml += "<sheetData>"
        for (rowIndex, cells) in ([sheet.header] + sheet.rows).enumerated() {
            let row = rowIndex + 1
            xml += #"<row r="\#(row)">"#
            for (column, text) in cells.enumerated() where !text.isEmpty {
                let reference = (column < letters.count ? letters[column] : columnLetters(column + 1)) + String(row)
                guard text.utf16.count <= 32_767 else { throw WorkbookWriterError.cellTooLong(sheet: name, cell: reference) }
                let format = row == 1 || column >= sheet.formats.count ? .text : sheet.formats[column]
                if format != .text, let number = Double(text), number.isFinite {
                    let style: Style = format == .integer ? .integer : format == .percent ? .percent : .decimal
                    xml += #"<c r="\#(reference)" s="\#(style.rawValue)"><v>\#(numberText(number))</v></c>"#
                } else {
                    let style: Style = row == 1 ? .header : .text
                    xml += #"<c r="\#(reference)" s="\#(style.rawValue)" t="s"><v>\#(strings.reference(text))</v></c>"#
                }
            }
            xml += "</row>"
        }
        return xml + "</sheetData></worksheet>"
    }

    /// The shortest text that reads back as `value` (`2017`, `12.3457`, `1e-07`), valid as xsd:double.
    static func numberText(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// `<t>text</t>`, preserving leading and trailing spaces, with XML's and OOXML's escapes: control
    /// characters as `_x0001_`, and an underscore that would start such an escape as `_x005F_`.
    static func textElement(_ text: String) -> String {
        var escaped = ""
        let scalars = Array(text.unicodeScalars)
        for (index, scalar) in scalars.enumerated() {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "_" where index + 6 < scalars.count && scalars[index + 1] == "x" && scalars[index + 6] == "_"
                && scalars[(index + 2)..<(index + 6)].allSatisfy(\.properties.isASCIIHexDigit):
                escaped += "_x005F_"
            case _ where (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r") || scalar.value == 0xFFFE || scalar.value == 0xFFFF:
                escaped += String(format: "_x%04X_", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        let preserve = text.first.map(\.isWhitespace) == true || text.last.map(\.isWhitespace) == true
        return (preserve ? #"<t xml:space="preserve">"# : "<t>") + escaped + "</t>"
    }

    /// `text` with `&`, `<`, `>` (and `"` when `quotes`) escaped.
    static func escape(_ text: String, quotes: Bool = false) -> String {
        var escaped = text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
        if quotes { escaped = escaped.replacingOccurrences(of: "\"", with: "&quot;") }
        return escaped
    }

    /// The letters of the 1-based column `number` (1 → A, 27 → AA).
    static func columnLetters(_ number: Int) -> String {
        var letters: [Character] = []
        var remaining = number
        while remaining > 0 {
            letters.append(Character(Unicode.Scalar(UInt8(65 + (remaining - 1) % 26))))
            remaining = (remaining - 1) / 26
        }
        return String(letters.reversed())
    }
}
