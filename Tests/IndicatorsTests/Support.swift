import Foundation
import Indicators

/// Helpers shared by the Indicators tests.
enum Support {
    /// The repository root, found from this source file's location (tests read only the repository's own files).
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The path of a shipped file in notebooks-data/.
    static func shipped(_ name: String) -> String {
        repositoryRoot.appendingPathComponent("notebooks-data").appendingPathComponent(name).path
    }

    /// Reads CSV `text` as a panel file called `name`.
    static func read(_ text: String, name: String = "data.csv") -> PanelReading {
        PanelLoader.read([DataFile(name: name, text: text)])
    }

    /// The descriptions of the errors among `issues`.
    static func errors(_ issues: [ValidationIssue]) -> [String] {
        issues.filter { $0.severity == .error }.map(\.description)
    }
}
