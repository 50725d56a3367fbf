import Reports
import Scenarios

/// The concise summary printed after `sunan run`: the summary table with the status words coloured
/// (on a terminal only) and a footnote.
enum RunSummary {
    /// The line naming the scenario file run: `情景文件：scenarios/sunan-2020.yaml（默认情景）`.
    static func scenarioLine(_ path: String, isDefault: Bool, language: Language) -> String {
        switch language {
        case .zh: return "情景文件：\(path)" + (isDefault ? "（默认情景）" : "")
        case .en: return "Scenario file: \(path)" + (isDefault ? " (the default scenario)" : "")
        }
    }

    /// The table and footnote; `color` colours the status column (green, yellow, red by tone).
    static func text(_ run: ScenarioRun, names: NameBook, language: Language, folder: String, color: Bool) -> String {
        let table = SummaryReport.table(run, names: names, language: language)
        var lines = table.plainText().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let baseline = run.specification.scenarios.first?.name ?? ""
        let statusByWord = Dictionary(run.gaps.filter { $0.scenario == baseline }.map { (ResultWords.status($0.status, language), $0.status) },
                                      uniquingKeysWith: { first, _ in first })
        if color {
            for index in lines.indices.dropFirst(2) {
                let word = table.rows[index - 2].last ?? ""
                guard let status = statusByWord[word], lines[index].hasSuffix(word) else { continue }
                lines[index] = String(lines[index].dropLast(word.count))
                    + Terminal.colored(word, tone: ResultWords.tone(status), enabled: true)
            }
        }
        return lines.joined(separator: "\n") + "\n\n" + SummaryReport.tableFootnote(run, names: names, language: language, folder: folder)
    }
}
