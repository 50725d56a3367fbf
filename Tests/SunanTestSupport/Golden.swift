import Foundation
import Testing

/// Golden files: expected outputs recorded from this code and committed, compared byte for byte.
///
/// ``check(_:file:sourceLocation:)`` compares with the file in ``folder``. With `SUNAN_RECORD=1` in the
/// environment it writes the file instead and then fails the test with a message naming it, so a run that
/// records can never pass: run the tests again without the variable to check what was recorded.
public struct Golden: Sendable {
    /// The environment variable that turns checking into recording.
    public static let recordVariable = "SUNAN_RECORD"

    /// The repository's golden folder, `Tests/Golden`.
    public static let folder = Repository.url("Tests/Golden")

    /// Whether this process records golden files (`SUNAN_RECORD=1`) rather than checking them.
    public static var recordingRequested: Bool { ProcessInfo.processInfo.environment[recordVariable] == "1" }

    /// Checks `actual` against `Tests/Golden/<name>`, or records it there when `SUNAN_RECORD=1` (and fails).
    public static func check(_ actual: String, file name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try Golden(folder: folder, recording: recordingRequested).check(actual, file: name, sourceLocation: sourceLocation)
    }

    /// The folder whose files this value checks or records.
    public let folderURL: URL
    /// Whether ``check(_:file:sourceLocation:)`` records rather than compares.
    public let recording: Bool

    /// Golden files in `folder`, checked, or recorded when `recording`.
    public init(folder: URL, recording: Bool) {
        folderURL = folder
        self.recording = recording
    }

    /// Compares `actual` with the file `name` in the folder and records an issue at the first differing
    /// line; when recording, writes `actual` there (if it differs) and records an issue naming the file.
    /// Throws when the golden file is missing (``FixtureError``) or cannot be written.
    public func check(_ actual: String, file name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = folderURL.appendingPathComponent(name)
        let bytes = Data(actual.utf8)
        let existing = try? Data(contentsOf: url)
        if recording {
            if existing != bytes {
                try FileManager.default.createDirectory(at: folderURL, withIntermediateDirectories: true)
                try bytes.write(to: url)
            }
            Issue.record("\(Self.recordedMessage(url: url, changed: existing != bytes))", sourceLocation: sourceLocation)
            return
        }
        guard let expected = existing else {
            throw FixtureError(file: url.path, problem: "golden file missing or unreadable; record it with \(Self.recordVariable)=1")
        }
        #expect(bytes == expected, "\(name) differs from its golden file \(url.path) \(Self.firstDifference(actual, String(decoding: expected, as: UTF8.self)) ?? "in bytes only (Unicode normalisation)") (re-record with \(Self.recordVariable)=1 if intended)",
                sourceLocation: sourceLocation)
    }

    /// The failure message of a recording: which file was written and whether its content changed.
    static func recordedMessage(url: URL, changed: Bool) -> String {
        "\(recordVariable)=1 recorded the golden file \(url.path) (\(changed ? "content changed" : "content unchanged")); "
            + "a recording run always fails: run the tests again without \(recordVariable) to check it"
    }

    /// Where `actual` first differs from `expected`, line by line: "at line N:\n expected: …\n actual:   …",
    /// or nil when they are equal.
    public static func firstDifference(_ actual: String, _ expected: String) -> String? {
        if actual == expected { return nil }
        let actualLines = actual.components(separatedBy: "\n")
        let expectedLines = expected.components(separatedBy: "\n")
        let index = zip(actualLines, expectedLines).enumerated().first { $0.element.0 != $0.element.1 }?.offset
            ?? min(actualLines.count, expectedLines.count)
        let expectedLine = index < expectedLines.count ? expectedLines[index] : "<end>"
        let actualLine = index < actualLines.count ? actualLines[index] : "<end>"
        return "at line \(index + 1):\nexpected: \(expectedLine)\nactual:   \(actualLine)"
    }
}
