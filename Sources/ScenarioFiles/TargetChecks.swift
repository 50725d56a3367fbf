import Foundation
import Indicators
import Scenarios

extension ScenarioLoader {
    /// The targets of `inputs` checked against what their series measure: every
    /// ``ScenarioEngine/targetProblems(_:)`` as an error at the target's line of `file` and the column
    /// at fault, and one warning listing the indicators of tested targets whose measure nothing declares
    /// (they are read as the level of the target year).
    static func targetIssues(_ inputs: ScenarioInputs, file: DataFile, lineOfID: [String: Int]) -> [ValidationIssue] {
        var columns: [String: Int?] = [:]
        func column(_ name: String) -> Int? {
            if let known = columns[name] { return known }
            let found = TargetLoader.column(name, in: file)
            columns[name] = found
            return found
        }
        var issues = ScenarioEngine.targetProblems(inputs).map { problem in
            ValidationIssue.error(file.name, line: lineOfID[problem.targetID], column: column(problem.column),
                                  "target ‘\(problem.targetID)’: \(problem.message)")
        }
        let zone = inputs.specification.zone
        var undeclared: [String] = []
        for target in inputs.targets where !undeclared.contains(target.indicator) {
            let regions = target.scope == .zone ? [zone?.region ?? ""] : zone?.members ?? []
            let tested = regions.contains { region in
                inputs.panel.series(region: region, indicator: target.indicator) != nil
                    || inputs.specification.projections.contains { $0.indicator == target.indicator || $0.targetSeries?.indicator == target.indicator }
            }
            if tested, regions.contains(where: { inputs.measure(region: $0, indicator: target.indicator) == nil }) {
                undeclared.append(target.indicator)
            }
        }
        if !undeclared.isEmpty {
            issues.append(.warning(file.name, line: nil,
                "no measure (stock, flow or rate) is declared for \(undeclared.map { "‘\($0)’" }.joined(separator: ", ")); "
                    + "targets on \(undeclared.count == 1 ? "it" : "them") are read as the level of the target year — declare it in "
                    + "the ‘measure’ column of indicators.csv"))
        }
        return issues
    }
}
