import Foundation
import Indicators
@testable import SunanCLI
import SunanTestSupport
import Testing

/// The marker of an output folder: its SHA-256, its text, and what it lets sunan replace.
@Suite("OutputManifest", .tags(.specification))
struct OutputManifestTests {
    /// Digests by hashlib (`Fixtures/reference/sha256_reference.py`): FIPS 180-4's examples and the
    /// padding boundaries at 55, 56, 63, 64 and 65 bytes.
    static let digests: [(name: String, length: Int, hex: String)] = [
        ("empty", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("two blocks", 56, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
        ("55 a", 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        ("56 a", 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        ("63 a", 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34"),
        ("64 a", 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        ("65 a", 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0"),
        ("bytes 0-255 to 1000", 1000, "a8af099bf2e878609558dbf69d8f88f4a31040a8cf84b549a0cfa912f12ffc3f"),
        ("one million a", 1_000_000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"),
    ]

    static func message(_ name: String, length: Int) -> [UInt8] {
        switch name {
        case "abc": return Array("abc".utf8)
        case "two blocks": return Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        case "bytes 0-255 to 1000": return (0..<length).map { UInt8($0 % 256) }
        default: return [UInt8](repeating: UInt8(ascii: "a"), count: length)
        }
    }

    @Test("SHA-256 matches hashlib", .tags(.reference), arguments: digests.indices)
    func sha256(_ index: Int) {
        let (name, length, hex) = Self.digests[index]
        let bytes = Self.message(name, length: length)
        #expect(SHA256.hex(of: bytes) == hex, "\(name)")
        var pieces = SHA256()
        for chunk in stride(from: 0, to: bytes.count, by: 37) { pieces.update(bytes[chunk..<min(chunk + 37, bytes.count)]) }
        #expect(pieces.finalHex() == hex, "\(name) in pieces of 37 bytes")
    }

    @Test("a marker's text reads back as the same list; anything else is not a marker", .tags(.invariant))
    func roundTrip() {
        let complete = OutputManifest(state: .complete([
            .init(name: "gaps.csv", size: 12, sha256: String(repeating: "a", count: 64)),
            .init(name: "report 1.html", size: 0, sha256: String(repeating: "0", count: 64)),
        ]))
        let partial = OutputManifest(state: .partial(planned: ["gaps.csv", "summary.md"]))
        #expect(OutputManifest.parse(complete.text) == complete)
        #expect(OutputManifest.parse(partial.text) == partial)
        for text in ["written by sunan\n", "", "# sunan output folder (format 2)\nfile\t1\tabc\tx.csv\n",
                     "# sunan output folder (format 2)\nfile\t1\t\(String(repeating: "a", count: 64))\t../x\n",
                     "# something else\nplanned\tx.csv\n"] {
            #expect(OutputManifest.parse(text) == nil, "\(text)")
        }
    }

    @Test("an empty folder and an untouched sunan folder may be replaced; anything else is refused with its reason")
    func inspection() throws {
        let root = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: false)
        #expect(try ExistingOutput.inspect(out.path, shownAs: "out") == .empty)
        try OutputFiles.writeFolder([("a.csv", { "1\n" }), ("b.md", { "2\n" })], to: out.path)
        guard case let .owned(manifest) = try ExistingOutput.inspect(out.path, shownAs: "out") else {
            Issue.record("a folder sunan just wrote is not recognised as sunan's")
            return
        }
        #expect(manifest.names == ["a.csv", "b.md"])
        try FileManager.default.removeItem(at: out.appendingPathComponent("b.md"))
        #expect(try ExistingOutput.inspect(out.path, shownAs: "out") == .owned(manifest), "a file sunan wrote may be missing")

        func refusal(_ change: (URL) throws -> Void) throws -> String? {
            let folder = root.appendingPathComponent(UUID().uuidString)
            try OutputFiles.writeFolder([("a.csv", { "1\n" })], to: folder.path)
            try change(folder)
            do {
                _ = try ExistingOutput.inspect(folder.path, shownAs: "out")
                return nil
            } catch let issue as ValidationIssue {
                return issue.message
            }
        }
        #expect(try refusal { try Data("x".utf8).write(to: $0.appendingPathComponent("notes.txt")) }?
            .hasPrefix("holds ‘notes.txt’ that sunan did not write there") == true)
        #expect(try refusal { try Data("1\n ".utf8).write(to: $0.appendingPathComponent("a.csv")) }?
            .hasPrefix("holds ‘a.csv’, which changed after sunan wrote it") == true)
        #expect(try refusal { try Data("2\n".utf8).write(to: $0.appendingPathComponent("a.csv")) }?
            .hasPrefix("holds ‘a.csv’, which changed after sunan wrote it") == true, "same size, other bytes")
        #expect(try refusal { try FileManager.default.createDirectory(at: $0.appendingPathComponent("sub"), withIntermediateDirectories: false) }?
            .hasPrefix("holds ‘sub’ that sunan did not write there") == true)
        #expect(try refusal { try Data("written by sunan\n".utf8).write(to: $0.appendingPathComponent(OutputFiles.marker)) }?
            .hasPrefix("has a .sunan-output marker that does not list the files") == true, "an older sunan's marker")
    }
}
