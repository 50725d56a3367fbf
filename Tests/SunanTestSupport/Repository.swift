import Foundation

/// The repository's root folder, found from this source file's place (Tests/SunanTestSupport/<file>),
/// so tests can read the repository's own files (shipped data, scenarios, golden files) by relative path.
public enum Repository {
    /// The repository's root folder.
    public static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The URL of `relative` (a path inside the repository, such as `notebooks-data/regions.csv`).
    public static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }

    /// The absolute path of `relative` inside the repository.
    public static func path(_ relative: String) -> String { url(relative).path }
}
