import Foundation
import FuzzerDriver
import Indicators

/// A stored (uncompressed) ZIP archive of `parts`, with correct sizes and checksums, so that
/// mutations of the XML reach the XML parsers instead of failing the archive's checks.
func storedArchive(_ parts: [(name: String, bytes: [UInt8])]) -> Data {
    func le16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
    func le32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }
    func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }
    var archive: [UInt8] = [], directory: [UInt8] = []
    for part in parts {
        let name = Array(part.name.utf8), crc = crc32(part.bytes), size = le32(UInt32(part.bytes.count))
        let common = le16(20) + le16(0) + le16(0) + le16(0) + le16(0x21) + le32(crc) + size + size + le16(name.count) + le16(0)
        directory += [0x50, 0x4B, 0x01, 0x02] + le16(20) + common + le16(0) + le16(0) + le16(0) + le32(0) + le32(UInt32(archive.count)) + name
        archive += [0x50, 0x4B, 0x03, 0x04] + common + name + part.bytes
    }
    let end = [0x50, 0x4B, 0x05, 0x06] + le16(0) + le16(0) + le16(parts.count) + le16(parts.count)
        + le32(UInt32(directory.count)) + le32(UInt32(archive.count)) + le16(0)
    return Data(archive + directory + end)
}

/// The workbook of the structured mode: the input split at NUL bytes into the worksheet, the shared
/// strings, the styles and the workbook part, with fixed relationship parts around them.
func structuredWorkbook(_ bytes: ArraySlice<UInt8>) -> Data {
    let pieces = bytes.split(separator: 0, maxSplits: 3, omittingEmptySubsequences: false).map(Array.init)
    func piece(_ index: Int, _ fallback: String) -> [UInt8] { index < pieces.count ? pieces[index] : Array(fallback.utf8) }
    let relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    return storedArchive([
        ("_rels/.rels", Array(#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(relationships)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.utf8)),
        ("xl/_rels/workbook.xml.rels", Array(#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="\#(relationships)/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="\#(relationships)/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId3" Type="\#(relationships)/styles" Target="styles.xml"/></Relationships>"#.utf8)),
        ("xl/worksheets/sheet1.xml", piece(0, "<worksheet/>")),
        ("xl/sharedStrings.xml", piece(1, "<sst/>")),
        ("xl/styles.xml", piece(2, "<styleSheet/>")),
        ("xl/workbook.xml", piece(3, #"<workbook xmlns:r="\#(relationships)"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#)),
    ])
}

/// libFuzzer's entry point: the workbook reader, and the panel loader on what it reads, take any bytes
/// without trapping. The first byte chooses: bit 0 clear, the rest is the .xlsx file itself;
/// set, the rest is parts of a workbook (see `structuredWorkbook`); bit 1 set, the file is named
/// `fuzz.xlsx#Sheet1` rather than `fuzz.xlsx` (first worksheet).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ start: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: start, count: count)
    guard let mode = bytes.first else { return 0 }
    let data = mode & 1 == 0 ? Data(bytes.dropFirst()) : structuredWorkbook(Array(bytes)[1...])
    let file = DataFile(name: mode & 2 == 0 ? "fuzz.xlsx" : "fuzz.xlsx#Sheet1", bytes: data)
    let (document, issues) = CSVDocument.read(file)
    if let document { _ = PanelLoader.read(document, issues: issues) }
    return 0
}

// SwiftPM links an executable's main under another name, so libFuzzer's own main is never used:
// this one hands the command line to libFuzzer's driver instead.
var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzz(data!, size) })
