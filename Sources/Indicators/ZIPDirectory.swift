import Foundation
import ZIPFoundation

/// Why a workbook cannot be read: one sentence naming the part of the workbook concerned.
struct WorkbookProblem: Error, Equatable {
    /// What is wrong, as the end of "data.xlsx: error: …".
    let message: String

    init(_ message: String) { self.message = message }
}

/// Size limits that keep a hostile or broken workbook from exhausting memory.
///
/// A ZIP archive says how large each part is, but a zip bomb lies: the limits are checked against
/// the bytes actually inflated, and inflation stops as soon as one is passed.
public struct WorkbookLimits: Sendable {
    /// The largest workbook file read, in bytes (compressed, as on disk).
    public var fileBytes: Int
    /// The largest single XML part, in bytes once inflated.
    public var partBytes: Int
    /// The most bytes inflated in all, over every part read.
    public var totalBytes: Int
    /// The most cells in the table read from one sheet: rows that hold a value × the columns from A
    /// to the last one that holds a value.
    public var tableCells: Int

    /// Limits with the given sizes; see the properties.
    public init(fileBytes: Int, partBytes: Int, totalBytes: Int, tableCells: Int) {
        self.fileBytes = fileBytes
        self.partBytes = partBytes
        self.totalBytes = totalBytes
        self.tableCells = tableCells
    }

    /// 512 MiB on disk, 1 GiB per part and 2 GiB in all inflated, 20 million table cells (a full
    /// Excel sheet of 1,048,576 rows × 19 columns; about 320 MB even when every cell is empty): well
    /// above the data files sunan reads, below what exhausts a planner's PC.
    public static let standard = WorkbookLimits(fileBytes: 512 << 20, partBytes: 1 << 30, totalBytes: 2 << 30,
                                                tableCells: 20_000_000)
}

/// The central directory of a ZIP archive held in memory, read without trusting any offset or size
/// in it, and the inflation of one entry with a bound on its output.
///
/// ZIPFoundation 0.9.20's `Archive.extract` reads past an entry's compressed bytes into whatever
/// follows, and on Linux never returns when a deflate stream needs input beyond the end of the file
/// (a stored block longer than the file does it); this reader hands ZIPFoundation's inflater exactly
/// the entry's bytes and stops it when they are used up. Only what an .xlsx needs
/// is supported: stored and deflated entries of a single-disk archive without ZIP64 or encryption.
struct ZIPDirectory {
    /// One file in the archive.
    struct Entry {
        /// The path inside the archive, with `\` read as `/`.
        let name: String
        let method: UInt16
        let flags: UInt16
        let crc: UInt32
        let compressedSize: Int
        let uncompressedSize: Int
        /// The offset of the entry's local header.
        let headerOffset: Int
    }

    let bytes: [UInt8]
    /// Every entry, in directory order.
    let entries: [Entry]
    private let indexByName: [String: Int]

    /// Reads the central directory of `bytes`.
    /// - Throws: ``WorkbookProblem`` when the bytes are not a ZIP archive this reader supports.
    init(_ bytes: [UInt8]) throws(WorkbookProblem) {
        self.bytes = bytes
        guard bytes.count >= 22 else { throw Self.notAnArchive(bytes) }
        let lowest = max(0, bytes.count - 22 - 0xFFFF)
        var end = bytes.count - 22
        while end >= lowest, !(bytes[end] == 0x50 && bytes[end + 1] == 0x4B && bytes[end + 2] == 0x05 && bytes[end + 3] == 0x06) {
            end -= 1
        }
        guard end >= lowest else { throw Self.notAnArchive(bytes) }
        let disk = Self.uint16(bytes, end + 4), directoryDisk = Self.uint16(bytes, end + 6)
        let count = Int(Self.uint16(bytes, end + 10))
        let directorySize = Int(Self.uint32(bytes, end + 12)), directoryOffset = Int(Self.uint32(bytes, end + 16))
        if count == 0xFFFF || directorySize == 0xFFFF_FFFF || directoryOffset == 0xFFFF_FFFF {
            throw WorkbookProblem("the workbook is a ZIP64 archive (over 4 GB or 65,535 parts), which is not supported")
        }
        guard disk == 0, directoryDisk == 0 else {
            throw WorkbookProblem("the workbook is a ZIP archive split over several files, which is not supported")
        }
        guard directoryOffset <= end, directorySize <= end - directoryOffset else {
            throw WorkbookProblem("the workbook's ZIP directory lies outside the file: the file is truncated or corrupted")
        }
        var entries: [Entry] = []
        var indexByName: [String: Int] = [:]
        var position = directoryOffset
        let directoryEnd = directoryOffset + directorySize
        for _ in 0..<count {
            guard position + 46 <= directoryEnd, Self.uint32(bytes, position) == 0x0201_4B50 else {
                throw WorkbookProblem("the workbook's ZIP directory is corrupted (entry \(entries.count + 1) of \(count) is not where it should be)")
            }
            let nameLength = Int(Self.uint16(bytes, position + 28))
            let extraLength = Int(Self.uint16(bytes, position + 30)), commentLength = Int(Self.uint16(bytes, position + 32))
            let next = position + 46 + nameLength + extraLength + commentLength
            guard next <= directoryEnd else {
                throw WorkbookProblem("the workbook's ZIP directory is corrupted (entry \(entries.count + 1) runs past its end)")
            }
            let name = String(decoding: bytes[(position + 46)..<(position + 46 + nameLength)], as: UTF8.self)
                .replacingOccurrences(of: "\\", with: "/")
            let entry = Entry(name: name, method: Self.uint16(bytes, position + 10), flags: Self.uint16(bytes, position + 8),
                              crc: Self.uint32(bytes, position + 16), compressedSize: Int(Self.uint32(bytes, position + 20)),
                              uncompressedSize: Int(Self.uint32(bytes, position + 24)),
                              headerOffset: Int(Self.uint32(bytes, position + 42)))
            let key = Self.key(name)
            if indexByName[key] != nil {
                throw WorkbookProblem("the workbook's ZIP archive holds ‘\(name)’ twice; it is corrupted or was tampered with")
            }
            indexByName[key] = entries.count
            entries.append(entry)
            position = next
        }
        self.entries = entries
        self.indexByName = indexByName
    }

    /// The entry called `name` (parts are named case-insensitively, as in Open Packaging Conventions).
    func entry(_ name: String) -> Entry? {
        indexByName[Self.key(name)].map { entries[$0] }
    }

    /// The inflated bytes of `entry`, refusing more than `limit` bytes.
    /// - Throws: ``WorkbookProblem`` naming the part when it is encrypted, compressed by another method,
    ///   larger than `limit`, truncated or corrupted (including a wrong checksum).
    func contents(of entry: Entry, limit: Int) throws(WorkbookProblem) -> Data {
        let part = entry.name
        guard entry.flags & 0x0001 == 0 else {
            throw WorkbookProblem("part \(part) is encrypted; save the workbook without a password")
        }
        guard entry.uncompressedSize <= limit else { throw Self.tooLarge(part, limit: limit) }
        let header = entry.headerOffset
        guard header <= bytes.count - 30, Self.uint32(bytes, header) == 0x0403_4B50 else {
            throw WorkbookProblem("part \(part) is not where the ZIP directory says: the file is truncated or corrupted")
        }
        let start = header + 30 + Int(Self.uint16(bytes, header + 26)) + Int(Self.uint16(bytes, header + 28))
        guard start <= bytes.count, entry.compressedSize <= bytes.count - start else {
            throw WorkbookProblem("part \(part) runs past the end of the file: the file is truncated")
        }
        let compressed = start..<(start + entry.compressedSize)
        var output = Data()
        var checksum: UInt32
        switch entry.method {
        case 0:
            guard entry.compressedSize == entry.uncompressedSize else {
                throw WorkbookProblem("part \(part) is stored with two different sizes: the file is corrupted")
            }
            output = Data(bytes[compressed])
            checksum = output.crc32(checksum: 0)
        case 8:
            (output, checksum) = try inflate(compressed, part: part, limit: limit)
        default:
            throw WorkbookProblem("part \(part) is compressed with method \(entry.method), not deflate; save the workbook again from Excel, WPS or LibreOffice")
        }
        guard checksum == entry.crc, output.count == entry.uncompressedSize else {
            throw WorkbookProblem("part \(part) is corrupted (its checksum or size does not match the ZIP directory)")
        }
        return output
    }

    /// Inflates the deflate stream in `range` with ZIPFoundation, handing it exactly those bytes: the
    /// last chunk is padded with zeros to the size asked for (ZIPFoundation's Linux inflater always
    /// reads a whole chunk), and a request after the last byte throws instead of returning nothing.
    private func inflate(_ range: Range<Int>, part: String, limit: Int) throws(WorkbookProblem) -> (Data, UInt32) {
        struct Stop: Error { let problem: WorkbookProblem }
        var output = Data()
        let bytes = self.bytes
        do {
            let checksum = try Data.decompress(size: Int64(range.count), bufferSize: 1 << 16, skipCRC32: false, provider: { position, size in
                let from = range.lowerBound + Int(position)
                guard position >= 0, from < range.upperBound, size > 0 else {
                    throw Stop(problem: WorkbookProblem("part \(part) is truncated: its compressed data ends before the part does"))
                }
                var chunk = Data(bytes[from..<min(range.upperBound, from + size)])
                if chunk.count < size { chunk.append(Data(count: size - chunk.count)) }
                return chunk
            }, consumer: { piece in
                guard output.count + piece.count <= limit else { throw Stop(problem: Self.tooLarge(part, limit: limit)) }
                output.append(piece)
            })
            return (output, checksum)
        } catch let stop as Stop {
            throw stop.problem
        } catch {
            throw WorkbookProblem("part \(part) is corrupted: its compressed data cannot be inflated")
        }
    }

    private static func tooLarge(_ part: String, limit: Int) -> WorkbookProblem {
        WorkbookProblem("part \(part) is larger than \(limit >> 20) MiB once uncompressed; it is refused as a possible zip bomb (split the data into smaller files)")
    }

    /// The error for bytes without a ZIP directory, saying what they look like instead.
    private static func notAnArchive(_ bytes: [UInt8]) -> WorkbookProblem {
        if bytes.starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
            return WorkbookProblem("the file is a password-protected workbook or an old Excel 97–2003 (.xls) file, not an .xlsx workbook; remove the password, or save it as .xlsx (Excel Workbook)")
        }
        if bytes.isEmpty { return WorkbookProblem("the file is empty, not an .xlsx workbook") }
        if bytes.starts(with: [0x50, 0x4B]) {
            return WorkbookProblem("the file is not a complete ZIP archive (an .xlsx workbook is one): it is truncated or corrupted")
        }
        let text = bytes.prefix(512).allSatisfy { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D || $0 >= 0x20 }
        return WorkbookProblem(text
            ? "the file is text, not an .xlsx workbook (a ZIP archive); if it is a CSV file, name it .csv"
            : "the file is not an .xlsx workbook (it is not a ZIP archive); save it from Excel, WPS or LibreOffice as .xlsx")
    }

    private static func key(_ name: String) -> String {
        (name.hasPrefix("/") ? String(name.dropFirst()) : name).lowercased()
    }

    static func uint16(_ bytes: [UInt8], _ offset: Int) -> UInt16 {
        UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
    }

    static func uint32(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}
