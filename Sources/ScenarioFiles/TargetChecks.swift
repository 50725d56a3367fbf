import Foundation
import Indicators
import Scenarios

extension ScenarioLoader {
    /// The targets of `inputs` checked against what their series measure: every
    /// ``ScenarioEngine/targetProblems(_:)`` as an error at the target's line of `file` and the column
    /// at fault. (A target on a series whose measure nothing declares is read as the level of its year,
    /// as before measures existed; the bases that need a measure are among the problems.)
    static func targetIssues(_ inputs: ScenarioInputs, file: DataFile, lineOfID: [String: Int]) -> [ValidationIssue] {
        var columns: [String: Int?] = [:]
        func column(_ name: String) -> Int? {
            if let known = columns[name] { return known }
            let found = TargetLoader.column(name, in: file)
            columns[name] = found
            return found
        }
        return ScenarioEngine.targetProblems(inputs).map { problem in
            ValidationIssue.error(file.name, line: lineOfID[problem.targetID], column: column(problem.column),
                                  "target ‘\(problem.targetID)’: \(problem.message)")
        }
    }
}
