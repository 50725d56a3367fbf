import Foundation
import SunanTestSupport
import Testing

/// The golden-file helper on a temporary folder: checking, reporting the first difference, and recording
/// that writes the file and still fails.
@Suite("Golden files", .tags(.specification))
struct GoldenTests {
    /// A golden folder holding `a.txt` with "one\ntwo\n".
    static func folder() throws -> URL {
        let folder = try TemporaryFolder.make(prefix: "sunan-golden")
        try Data("one\ntwo\n".utf8).write(to: folder.appendingPathComponent("a.txt"))
        return folder
    }

    @Test("equal text passes")
    func equalPasses() throws {
        try Golden(folder: Self.folder(), recording: false).check("one\ntwo\n", file: "a.txt")
    }

    @Test("different text fails at the first differing line, naming the file")
    func differenceFails() throws {
        let golden = Golden(folder: try Self.folder(), recording: false)
        try withKnownIssue {
            try golden.check("one\nTWO\n", file: "a.txt")
        } matching: { issue in
            let text = issue.comments.map(\.rawValue).joined()
            return text.contains("a.txt differs from its golden file") && text.contains("at line 2:\nexpected: two\nactual:   TWO")
        }
    }

    @Test("a missing golden file throws instead of passing")
    func missingThrows() throws {
        let golden = Golden(folder: try Self.folder(), recording: false)
        let error = #expect(throws: FixtureError.self) { try golden.check("x", file: "absent.txt") }
        #expect(error?.file.hasSuffix("/absent.txt") == true)
    }

    @Test("recording writes the file and fails with a message naming it", arguments: ["one\ntwo\n", "new\n"])
    func recordingFails(text: String) throws {
        let folder = try Self.folder()
        let url = folder.appendingPathComponent("a.txt")
        let before = try Data(contentsOf: url)
        try withKnownIssue {
            try Golden(folder: folder, recording: true).check(text, file: "a.txt")
        } matching: { issue in
            let message = issue.comments.map(\.rawValue).joined()
            let change = Data(text.utf8) == before ? "content unchanged" : "content changed"
            return message.contains("SUNAN_RECORD=1 recorded the golden file \(url.path) (\(change))")
        }
        #expect(try Data(contentsOf: url) == Data(text.utf8))
    }

    @Test("recording creates a file that did not exist, and fails")
    func recordingCreates() throws {
        let folder = try Self.folder().appendingPathComponent("sub")
        try withKnownIssue {
            try Golden(folder: folder, recording: true).check("fresh\n", file: "b.txt")
        } matching: { issue in
            issue.comments.map(\.rawValue).joined().contains("b.txt (content changed)")
        }
        #expect(try String(contentsOf: folder.appendingPathComponent("b.txt"), encoding: .utf8) == "fresh\n")
    }

    @Test("the first difference names the line and both versions")
    func firstDifference() {
        #expect(Golden.firstDifference("a\nb", "a\nb") == nil)
        #expect(Golden.firstDifference("a\nc\nd", "a\nb\nd") == "at line 2:\nexpected: b\nactual:   c")
        #expect(Golden.firstDifference("a", "a\n") == "at line 2:\nexpected: \nactual:   <end>")
        #expect(Golden.firstDifference("a\nextra", "a") == "at line 2:\nexpected: <end>\nactual:   extra")
    }
}
