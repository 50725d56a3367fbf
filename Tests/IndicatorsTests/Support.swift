import Foundation
import Indicators
import SunanTestSupport

/// Helpers shared by the Indicators tests.
enum Support {
    /// The path of a shipped file in notebooks-data/.
    static func shipped(_ name: String) -> String { Repository.path("notebooks-data/\(name)") }

    /// Reads CSV `text` as a panel file called `name`.
    static func read(_ text: String, name: String = "data.csv") -> PanelReading {
        PanelLoader.read([DataFile(name: name, text: text)])
    }

    /// The descriptions of the errors among `issues`.
    static func errors(_ issues: [ValidationIssue]) -> [String] {
        issues.filter { $0.severity == .error }.map(\.description)
    }
}
