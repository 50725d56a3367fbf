import Foundation
import Indicators
@testable import SunanCLI
import SunanTestSupport
import Testing

/// The one atomic writer of the commands' files and folders.
@Suite("OutputFiles", .tags(.specification))
struct OutputFilesTests {
    /// The names in `folder`, hidden ones included, sorted.
    static func names(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
    }

    @Test("a file replaces the previous one and leaves no temporary file behind")
    func file() throws {
        let folder = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("forecast.csv").path
        try OutputFiles.writeFile("first\n", to: path)
        try OutputFiles.writeFile("second\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second\n")
        #expect(try Self.names(in: folder) == ["forecast.csv"])
    }

    @Test("a file that cannot be written is refused with a plain message, the old file kept")
    func fileRefusals() throws {
        let folder = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("missing/x.csv").path
        #expect(throws: ValidationIssue.error(missing, line: nil,
            "cannot write the output file: the folder \(folder.path)/missing does not exist; create it first or choose another output path")) {
            try OutputFiles.writeFile("x", to: missing)
        }
        let file = folder.appendingPathComponent("data.csv")
        try Data("kept".utf8).write(to: file)
        let under = file.appendingPathComponent("x.csv").path
        #expect(throws: ValidationIssue.error(under, line: nil,
            "cannot write the output file: \(file.path) is a file, not a folder; choose another output path")) {
            try OutputFiles.writeFile("x", to: under)
        }
        let directory = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: false)
        #expect(throws: ValidationIssue.error(directory.path, line: nil,
            "cannot write the output file: \(directory.path) is a folder, not a regular file; sunan writes output files only to regular files and never replaces anything else; give the name of a file in it, or choose another path")) {
            try OutputFiles.writeFile("x", to: directory.path)
        }
        #expect(try Self.names(in: folder) == ["data.csv", "out"])
        #expect(try String(contentsOf: file, encoding: .utf8) == "kept")
    }

    @Test("a folder is written with its marker, replaces a folder sunan wrote, and refuses any other")
    func folder() throws {
        let root = try SunanProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("a/b/run")
        try OutputFiles.writeFolder([("one.csv", { "1\n" }), ("two.md", { "2\n" })], to: out.path)
        #expect(try Self.names(in: out) == [OutputFiles.marker, "one.csv", "two.md"])
        try OutputFiles.writeFolder([("three.csv", { "3\n" })], to: out.path)
        #expect(try Self.names(in: out) == [OutputFiles.marker, "three.csv"])
        #expect(try Self.names(in: out.deletingLastPathComponent()) == ["run"])
        let foreign = root.appendingPathComponent("thesis")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: false)
        try Data("notes\n".utf8).write(to: foreign.appendingPathComponent("notes.txt"))
        #expect(throws: ValidationIssue.error(foreign.path, line: nil,
            "exists and was not written by sunan (it has no .sunan-output marker); choose another --out or move it away")) {
            try OutputFiles.writeFolder([("one.csv", { "1\n" })], to: foreign.path)
        }
        #expect(try Self.names(in: foreign) == ["notes.txt"])
    }

    @Test("the temporary name is a hidden sibling carrying the process id")
    func temporaryName() {
        let sibling = OutputFiles.temporarySibling(of: URL(fileURLWithPath: "/tmp/x/forecast.csv"))
        #expect(sibling.path == "/tmp/x/.forecast.csv.partial-\(ProcessInfo.processInfo.processIdentifier)")
    }
}
