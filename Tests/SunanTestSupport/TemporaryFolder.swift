import Foundation

/// Fresh folders under the system's temporary directory, one per test, so tests never share or clobber files.
public enum TemporaryFolder {
    /// Creates and returns a new empty folder named `<prefix>-<UUID>` in the temporary directory.
    public static func make(prefix: String = "sunan-test") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
