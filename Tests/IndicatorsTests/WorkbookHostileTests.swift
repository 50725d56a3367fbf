import Foundation
import Indicators
import SunanTestSupport
import Testing
import ZIPFoundation

/// Minimal workbooks built in the test, part by part, to reach what no spreadsheet program writes.
enum SyntheticWorkbook {
    static let relationshipsNamespace = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

    /// A worksheet part whose `<sheetData>` holds `rows`, with `extra` after it (e.g. merged cells).
    static func sheet(_ rows: String, extra: String = "") -> String {
        #"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#
            + rows + "</sheetData>" + extra + "</worksheet>"
    }

    /// A styles part whose cell formats have the number formats `formatIDs`, with `custom` formats.
    static func styles(_ formatIDs: [Int], custom: [Int: String] = [:]) -> String {
        let formats = custom.sorted { $0.key < $1.key }.map { #"<numFmt numFmtId="\#($0.key)" formatCode="\#($0.value)"/>"# }.joined()
        return #"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts>\#(formats)</numFmts>"#
            + #"<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs>"# + formatIDs.map { #"<xf numFmtId="\#($0)"/>"# }.joined()
            + "</cellXfs></styleSheet>"
    }

    /// The parts of a one-sheet workbook (sheet "Sheet1"), with shared strings and styles when given.
    static func parts(sheet: String, sharedStrings: [String]? = nil, styles: String? = nil) -> [(String, Data)] {
        var relationships = #"<Relationship Id="rId1" Type="\#(relationshipsNamespace)/worksheet" Target="worksheets/sheet1.xml"/>"#
        var parts: [(String, Data)] = [
            ("_rels/.rels", Data(#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(relationshipsNamespace)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.utf8)),
            ("xl/workbook.xml", Data(#"<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="\#(relationshipsNamespace)"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.utf8)),
            ("xl/worksheets/sheet1.xml", Data(sheet.utf8)),
        ]
        if let sharedStrings {
            relationships += #"<Relationship Id="rId2" Type="\#(relationshipsNamespace)/sharedStrings" Target="sharedStrings.xml"/>"#
            parts.append(("xl/sharedStrings.xml", Data((#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">"#
                + sharedStrings.map { "<si>\($0)</si>" }.joined() + "</sst>").utf8)))
        }
        if let styles {
            relationships += #"<Relationship Id="rId3" Type="\#(relationshipsNamespace)/styles" Target="styles.xml"/>"#
            parts.append(("xl/styles.xml", Data(styles.utf8)))
        }
        parts.append(("xl/_rels/workbook.xml.rels", Data(#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\#(relationships)</Relationships>"#.utf8)))
        return parts
    }

    /// The ZIP archive of `parts`.
    static func zip(_ parts: [(String, Data)], compression: CompressionMethod = .deflate) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, data) in parts {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: compression) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }

    /// The offset in `data` of the ZIP record (local header or directory entry) starting with
    /// `signature` whose file name, at `nameOffset` in the record, is `name`.
    static func record(_ name: String, signature: [UInt8], nameOffset: Int, in data: Data) -> Int? {
        let name = Data(name.utf8)
        var from = data.startIndex
        while let found = data.range(of: Data(signature), in: from..<data.endIndex) {
            let start = found.lowerBound + nameOffset
            if data.count >= start + name.count, data[start..<(start + name.count)] == name { return found.lowerBound }
            from = found.upperBound
        }
        return nil
    }

    /// The document and issues of a workbook whose sheet holds `rows`.
    static func read(_ rows: String, extra: String = "", sharedStrings: [String]? = nil, styles: String? = nil,
                     limits: WorkbookLimits = .standard) throws -> (document: CSVDocument?, issues: [ValidationIssue]) {
        let data = try zip(parts(sheet: sheet(rows, extra: extra), sharedStrings: sharedStrings, styles: styles))
        return WorkbookReader.read(DataFile(name: "t.xlsx", bytes: data), limits: limits)
    }
}

@Suite("Workbook reader on cell types and layouts", .tags(.specification))
struct WorkbookCellTests {
    @Test("each cell type reads as the text a CSV export would hold", arguments: [
        (#"<c r="A2" t="e"><v>#DIV/0!</v></c>"#, "#DIV/0!"),
        (#"<c r="A2" t="d"><v>2017-06-30T00:00:00</v></c>"#, "2017-06-30T00:00:00"),
        (#"<c r="A2" t="s"><v>1</v></c>"#, "a\rb"),
        (#"<c r="A2" t="s"><v>2</v></c>"#, "漢字"),
        (#"<c r="A2" t="inlineStr"><is><t xml:space="preserve">  x_x005F_y  </t></is></c>"#, "x_y"),
        (#"<c r="A2" t="str"><f>A1</f><v>text</v></c>"#, "text"),
        (#"<c r="A2" t="b"><v>1</v></c>"#, "TRUE"),
        (#"<c r="A2"><v>3.1400000000000001</v></c>"#, "3.14"),
        (#"<c r="A2"><v>2.0E3</v></c>"#, "2000"),
        (#"<c r="A2"><v>1e-7</v></c>"#, "1e-07"),
        (#"<c r="A2"><v>123456789012345678</v></c>"#, "1.2345678901234568e+17"),
        (#"<c r="A2" s="1"><v>42916</v></c>"#, "2017-06-30"),
        (#"<c r="A2" s="2"><v>0.125</v></c>"#, "12.5%"),
        (#"<c r="A2" s="3"><v>0.07</v></c>"#, "7%"),
        (#"<c r="A2" s="4"><v>2017</v></c>"#, "2017"),
        (#"<c r="A2" s="5"><v>1.5</v></c>"#, "1.5"),
        (#"<c r="A2" s="6"><v>1.25</v></c>"#, "1900-01-01 06:00:00"),
        (#"<c r="A2" s="7"><v>60</v></c>"#, "1900-02-29"),
        (#"<c r="A2" s="1"><v>-1</v></c>"#, "-1"),
    ])
    func cellTypes(cell: String, expected: String) throws {
        let styles = SyntheticWorkbook.styles([0, 14, 10, 164, 165, 166, 167, 168],
                                              custom: [164: "0.0%", 165: "&quot;Year &quot;0", 166: "[Red]#,##0.00_);(#,##0.00)",
                                                       167: "[h]:mm", 168: "yyyy\\-mm\\-dd"])
        let (document, issues) = try SyntheticWorkbook.read(#"<row r="1"><c r="A1" t="inlineStr"><is><t>h</t></is></c></row><row r="2">\#(cell)</row>"#,
                                                       sharedStrings: ["<t>h</t>", "<t>a_x000D_b</t>", "<r><t>漢</t></r><rPh><t>かん</t></rPh><r><t>字</t></r>"],
                                                       styles: styles)
        #expect(issues.isEmpty)
        #expect(try #require(document).records.first?.fields == [expected])
    }

    @Test("a cell that cannot be read is an error at its cell, and its row is left out", arguments: [
        (#"<c r="B2" t="s"><v>7</v></c>"#, "t.xlsx:Sheet1!B2: error: the cell refers to shared string ‘7’, but the workbook has 1; the workbook is corrupted"),
        (#"<c r="B2"><v>abc</v></c>"#, "t.xlsx:Sheet1!B2: error: the cell is marked as a number but holds ‘abc’"),
        (#"<c r="B2" t="b"><v>2</v></c>"#, "t.xlsx:Sheet1!B2: error: the cell is marked as a boolean but holds ‘2’"),
        (#"<c r="B2" t="x"><v>1</v></c>"#, "t.xlsx:Sheet1!B2: error: the cell has the unknown type ‘x’"),
        (#"<c r="B2"><f>1+1</f></c>"#, "t.xlsx:Sheet1!B2: error: the cell holds a formula without a saved result (the file was written by a program that does not calculate); open the workbook in Excel, WPS or LibreOffice and save it"),
        (#"<c r="2B"><v>1</v></c>"#, "t.xlsx:Sheet1!2:2: error: cell reference ‘2B’ is not valid"),
        (#"<c r="XFE2"><v>1</v></c>"#, "t.xlsx:Sheet1!2:2: error: cell reference ‘XFE2’ is not valid"),
    ])
    func badCells(cell: String, expected: String) throws {
        let (document, issues) = try SyntheticWorkbook.read(
            #"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row><row r="2"><c r="A2"><v>1</v></c>\#(cell)</row><row r="3"><c r="A3"><v>3</v></c></row>"#,
            sharedStrings: ["<t>a</t>"])
        #expect(issues.map(\.description) == [expected])
        #expect(try #require(document).records.map(\.line) == [3])
    }

    @Test("rows and cells without r, prefixed element names, blank rows, a table that starts in column B")
    func layout() throws {
        let rows = #"<x:row xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:c r="B1" t="inlineStr"><x:is><x:t>region</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>year</x:t></x:is></x:c></x:row>"#
            + #"<row><c r="B2" t="inlineStr"><is><t>Nanjing</t></is></c><c><v>2017</v></c></row>"#
            + #"<row r="5"><c r="A5" t="inlineStr"><is><t> </t></is></c><c r="B5" s="0"/></row>"#
            + #"<row r="6"><c r="B6" t="inlineStr"><is><t>Wuxi</t></is></c><c r="C6"><v>2018</v></c><c r="E6"><v>9</v></c></row>"#
        let (document, issues) = try SyntheticWorkbook.read(rows)
        let table = try #require(document)
        #expect(table.header == ["", "region", "year", "", ""])
        #expect(table.records.map(\.line) == [2, 6])
        #expect(table.records.map(\.fields) == [["", "Nanjing", "2017", "", ""], ["", "Wuxi", "2018", "", "9"]])
        #expect(issues.map(\.description) == ["t.xlsx:Sheet1!E1: warning: column 5 has no name in the header; its values are ignored"])
    }

    @Test("merged cells fill only below the header, and only the rows of the table")
    func merges() throws {
        let rows = #"<row r="1"><c r="A1" t="inlineStr"><is><t>a</t></is></c><c r="B1" t="inlineStr"><is><t>b</t></is></c></row>"#
            + #"<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c><c r="B2"><v>1</v></c></row>"#
            + #"<row r="4"><c r="B4"><v>2</v></c></row>"#
        let (document, issues) = try SyntheticWorkbook.read(rows, extra: #"<mergeCells><mergeCell ref="A1:B1"/><mergeCell ref="A2:XFD1048576"/></mergeCells>"#)
        #expect(issues.isEmpty)
        let table = try #require(document)
        #expect(table.header == ["a", "b"])
        #expect(table.records.map(\.fields) == [["x", "1"], ["x", "2"]])
    }
}

@Suite("Workbook reader on hostile and broken files", .tags(.specification))
struct WorkbookHostileTests {
    static let limits = WorkbookLimits(fileBytes: 1 << 20, partBytes: 1 << 20, totalBytes: 3 << 20, tableCells: 1000)

    /// The one issue reading `bytes` as `t.xlsx` gives (there must be exactly one, and no document).
    static func onlyIssue(_ bytes: Data, limits: WorkbookLimits = limits) throws -> String {
        let (document, issues) = WorkbookReader.read(DataFile(name: "t.xlsx", bytes: bytes), limits: limits)
        #expect(document == nil)
        #expect(issues.count == 1)
        return try #require(issues.first).description
    }

    @Test("files that are not workbooks say what they are", arguments: [
        (Data("region,indicator,year,value\n".utf8), "t.xlsx: error: the file is text, not an .xlsx workbook (a ZIP archive); if it is a CSV file, name it .csv"),
        (Data(), "t.xlsx: error: the file is empty, not an .xlsx workbook"),
        (Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 600)),
         "t.xlsx: error: the file is a password-protected workbook or an old Excel 97–2003 (.xls) file, not an .xlsx workbook; remove the password, or save it as .xlsx (Excel Workbook)"),
        (Data([0x50, 0x4B, 0x03, 0x04] + [UInt8](repeating: 7, count: 100)),
         "t.xlsx: error: the file is not a complete ZIP archive (an .xlsx workbook is one): it is truncated or corrupted"),
    ])
    func notWorkbooks(bytes: Data, expected: String) throws {
        #expect(try Self.onlyIssue(bytes) == expected)
    }

    @Test("every truncation of a real workbook is one error naming the file, never a crash or a hang", .tags(.invariant))
    func truncated() throws {
        let bytes = try Workbooks.file("libreoffice-cells.xlsx").bytes
        for length in stride(from: 0, to: bytes.count, by: 37) {
            let issue = try Self.onlyIssue(bytes.prefix(length))
            #expect(issue.hasPrefix("t.xlsx: error: "))
        }
    }

    @Test("flipped bytes anywhere in a real workbook give an error or the same table, never a crash", .tags(.invariant))
    func corrupted() throws {
        let bytes = try Workbooks.file("openpyxl-cells.xlsx").bytes
        let intact = try #require(WorkbookReader.read(DataFile(name: "t.xlsx", bytes: bytes)).document)
        var errors = 0
        for offset in stride(from: 0, to: bytes.count, by: 11) {
            var damaged = bytes
            damaged[offset] ^= 0x5A
            let (document, issues) = WorkbookReader.read(DataFile(name: "t.xlsx", bytes: damaged))
            if let document, issues.isEmpty {
                #expect(document.records.count == intact.records.count)
            } else {
                errors += 1
                #expect(issues.allSatisfy { $0.file.hasPrefix("t.xlsx") })
            }
        }
        #expect(errors > 0)
    }

    @Test("a part that inflates beyond the limit is refused, even when the ZIP directory states a small size")
    func zipBomb() throws {
        let padding = String(repeating: " ", count: 4 << 20)
        let bomb = SyntheticWorkbook.sheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"# + padding)
        var data = try SyntheticWorkbook.zip(SyntheticWorkbook.parts(sheet: bomb))
        #expect(data.count < 64 << 10)
        let expected = "t.xlsx: error: part xl/worksheets/sheet1.xml is larger than 1 MiB once uncompressed; it is refused as a possible zip bomb (split the data into smaller files)"
        #expect(try Self.onlyIssue(data) == expected)
        // Overwrite the stated uncompressed size (central directory, offset 24) of the sheet with 100 bytes.
        let entry = try #require(SyntheticWorkbook.record("xl/worksheets/sheet1.xml", signature: [0x50, 0x4B, 0x01, 0x02], nameOffset: 46, in: data))
        data.replaceSubrange((entry + 24)..<(entry + 28), with: [100, 0, 0, 0])
        #expect(try Self.onlyIssue(data) == expected)
    }

    /// ZIPFoundation 0.9.20's own `Archive.extract` never returns on such an entry on Linux (its
    /// inflate loop waits for input after the end of the file); the reader hands it the entry's bytes only.
    @Test("a deflate stream cut short (a stored block longer than the file) is an error, not a hang")
    func truncatedStream() throws {
        var data = try SyntheticWorkbook.zip(SyntheticWorkbook.parts(sheet: SyntheticWorkbook.sheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#)))
        let header = try #require(SyntheticWorkbook.record("xl/worksheets/sheet1.xml", signature: [0x50, 0x4B, 0x03, 0x04], nameOffset: 30, in: data))
        let start = header + 30 + Int(data[header + 26]) + Int(data[header + 27]) << 8 + Int(data[header + 28]) + Int(data[header + 29]) << 8
        data.replaceSubrange(start..<(start + 5), with: [0x00, 0xFF, 0xFF, 0x00, 0x00])
        #expect(try Self.onlyIssue(data)
            == "t.xlsx: error: part xl/worksheets/sheet1.xml is truncated: its compressed data ends before the part does")
    }

    @Test("a wrong checksum, a document type declaration and malformed XML are refused", arguments: [
        ("doctype", "t.xlsx: error: part xl/worksheets/sheet1.xml declares a document type (<!DOCTYPE>), which no spreadsheet program writes; it is refused as unsafe"),
        ("malformed", "t.xlsx: error: part xl/worksheets/sheet1.xml is not well-formed XML (near line 1, column "),
        ("unclosed", "t.xlsx: error: part xl/worksheets/sheet1.xml is not well-formed XML (near line 1, column "),
        ("mismatched", "t.xlsx: error: part xl/worksheets/sheet1.xml is not well-formed XML (near line 1, column "),
        ("utf16", "t.xlsx: error: part xl/worksheets/sheet1.xml is not UTF-8 XML; save the workbook again from Excel, WPS or LibreOffice"),
        // Found by FuzzXLSX: Foundation's XMLParser traps on malformed UTF-8 inside a tag.
        ("utf8", "t.xlsx: error: part xl/worksheets/sheet1.xml is not valid UTF-8 (byte 74 of the part); the workbook is corrupted"),
        ("checksum", "t.xlsx: error: part xl/worksheets/sheet1.xml is corrupted (its checksum or size does not match the ZIP directory)"),
        ("table", "t.xlsx: error: the sheet's table is 2 rows × 1000 columns, more than 1000 cells; split the data into smaller sheets"),
        ("cells", "t.xlsx: error: the sheet has more than 1000 cells with a value; split the data into smaller sheets"),
    ])
    func refused(kind: String, expected: String) throws {
        var sheet = SyntheticWorkbook.sheet(#"<row r="1"><c r="A1"><v>1</v></c></row>"#)
        switch kind {
        case "doctype":
            sheet = #"<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>"# + sheet
        case "malformed": sheet = String(sheet.dropLast(4))
        case "unclosed": sheet = String(sheet.dropLast("</sheetData></worksheet>".count))
        case "mismatched": sheet = sheet.replacingOccurrences(of: "</row>", with: "</rows>")
        case "table": sheet = SyntheticWorkbook.sheet(#"<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="ALL2"><v>1</v></c></row>"#)
        case "cells": sheet = SyntheticWorkbook.sheet((1...1001).map { #"<row r="\#($0)"><c r="A\#($0)"><v>1</v></c></row>"# }.joined())
        default: break
        }
        var sheetData = Data(sheet.utf8)
        if kind == "utf16" { sheetData = try #require(sheet.data(using: .utf16LittleEndian)) }
        if kind == "utf8", let at = sheetData.range(of: Data("openxml".utf8)) { sheetData.replaceSubrange(at, with: [0x6F, 0x70, 0x94, 0x99]) }
        let parts = SyntheticWorkbook.parts(sheet: sheet).map { $0.0 == "xl/worksheets/sheet1.xml" ? ($0.0, sheetData) : $0 }
        var data = try SyntheticWorkbook.zip(parts, compression: .none)
        if kind == "checksum", let range = data.range(of: Data(#"<v>1</v>"#.utf8)) {
            data[range.lowerBound + 3] = UInt8(ascii: "2")
        }
        #expect(try Self.onlyIssue(data).hasPrefix(expected))
    }

    @Test("a sheet part of more than 10 MB on one line is read whole (XMLParser fed in chunks)")
    func largePart() throws {
        let padding = String(repeating: "x", count: 180)
        let rows = (1...60_000).map { #"<row r="\#($0)"><c r="A\#($0)"><v>\#($0)</v></c><c r="B\#($0)" t="inlineStr"><is><t>\#(padding)</t></is></c></row>"# }
        let sheet = SyntheticWorkbook.sheet(rows.joined())
        #expect(sheet.utf8.count > 12_000_000)
        let data = try SyntheticWorkbook.zip(SyntheticWorkbook.parts(sheet: sheet))
        let (document, issues) = WorkbookReader.read(DataFile(name: "t.xlsx", bytes: data))
        #expect(issues.isEmpty)
        let table = try #require(document)
        #expect(table.records.count == 59_999)
        #expect(table.records.last?.fields == ["60000", padding])
    }

    @Test("a sheet without rows, a workbook without worksheets")
    func empty() throws {
        let (document, issues) = try SyntheticWorkbook.read("")
        #expect(document == nil)
        #expect(issues.map(\.description) == ["t.xlsx:Sheet1: error: the sheet is empty: expected a header row and data rows"])
        let parts = SyntheticWorkbook.parts(sheet: "").filter { $0.0 != "xl/workbook.xml" }
        #expect(try Self.onlyIssue(try SyntheticWorkbook.zip(parts))
            == "t.xlsx: error: the workbook lacks its workbook part (part xl/workbook.xml); it is not a valid .xlsx file")
    }
}
