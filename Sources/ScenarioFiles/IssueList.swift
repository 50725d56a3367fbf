import Indicators

/// The problems found in one scenario file, each reported once and at most ``limit`` of them listed.
///
/// A problem is the same problem when it is found again at the same place by the same check: that is
/// what an alias (`*name`) does when it repeats a value with a problem, so an alias's problem is
/// reported once, where the anchored value is written. Past the first ``limit`` problems only a count
/// is kept (their messages are not even built), and ``listed`` ends with a line saying how many more
/// there are.
struct IssueList {
    /// How many problems are listed in full.
    static let limit = 100

    /// Identifies a problem: where (line, column) and which check found it (source file and line of
    /// the check, for those recorded through ``record(_:at:file:check:line:_:)``; its message otherwise).
    private struct Key: Hashable {
        let line: Int?
        let column: Int?
        let check: String
    }

    /// The file the problems are in (the name used in issues).
    let file: String
    /// The problems listed, in the order found.
    private(set) var kept: [ValidationIssue] = []
    /// How many more problems were found but not listed.
    private(set) var omitted = 0
    /// Whether any problem (listed or not) is an error.
    private(set) var hasErrors = false
    private var seen: Set<Key> = []

    init(file: String) { self.file = file }

    /// Records a problem found by the check at `check`:`line` (the caller's source position), unless
    /// the same check already reported that place; the message is built only when it is listed.
    mutating func record(_ severity: ValidationIssue.Severity, at mark: Mark?, check: StaticString, line: UInt,
                         _ message: () -> String) {
        let key = Key(line: mark?.line, column: mark?.column, check: "\(check):\(line)")
        guard seen.insert(key).inserted else { return }
        let file = self.file
        count(severity) {
            ValidationIssue(severity: severity, file: file, line: mark?.line, column: mark?.column, message: message())
        }
    }

    /// Records problems found elsewhere (syntax), each once.
    mutating func adopt(_ issues: [ValidationIssue]) {
        for issue in issues {
            let key = Key(line: issue.line, column: issue.column, check: issue.message)
            guard seen.insert(key).inserted else { continue }
            count(issue.severity) { issue }
        }
    }

    private mutating func count(_ severity: ValidationIssue.Severity, _ issue: () -> ValidationIssue) {
        if severity == .error { hasErrors = true }
        if kept.count < Self.limit {
            kept.append(issue())
        } else {
            omitted += 1
        }
    }

    /// The listed problems in line and column order, then (when some were not listed) one more saying
    /// how many.
    var listed: [ValidationIssue] {
        let sorted = ScenarioFileDecoder.sorted(kept)
        guard omitted > 0 else { return sorted }
        let more = "\(ScenarioFileDecoder.grouped(omitted)) more problem\(omitted == 1 ? "" : "s") in this file, not listed "
            + "(only the first \(Self.limit) are); fix these and check again"
        return sorted + [ValidationIssue(severity: hasErrors ? .error : .warning, file: file, line: nil, column: nil, message: more)]
    }
}
