import Foundation
import Indicators

/// A YAML file composed into a node tree (by ``YAMLComposer``), with every syntax problem located by
/// line and column.
///
/// Problems found here: bytes that are not UTF-8, tabs in indentation (when the text does not compose:
/// a tab inside a block of text or a flow list is allowed), syntax errors reported by the parser, several
/// documents in one file, keys repeated within one mapping (each reported where it is repeated, in one
/// pass), aliases that name no anchor or repeat too much, and nesting too deep.
struct YAMLDocument {
    /// The root node; nil when the file is empty or could not be composed.
    let root: Node?
    /// Every problem found, in line order.
    let issues: [ValidationIssue]

    /// Composes `file`, collecting every problem.
    static func compose(_ file: DataFile) -> YAMLDocument {
        let name = file.name
        var bytes = [UInt8](file.bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return YAMLDocument(root: nil, issues: [.error(name, line: firstInvalidLine(bytes), "the file is not UTF-8; save it as UTF-8 text")])
        }
        var issues: [ValidationIssue] = []
        var tabLines: Set<Int> = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let indentation = line.unicodeScalars.prefix { $0 == " " || $0 == "\t" }
            guard let tab = indentation.firstIndex(of: "\t") else { continue }
            let column = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: tab) + 1
            tabLines.insert(index + 1)
            issues.append(.error(name, line: index + 1, column: column,
                "a tab in the indentation; YAML indents with spaces only, so replace the tab with spaces"))
        }
        let composed = YAMLComposer.compose(bytes, file: name)
        if let failure = composed.failure {
            if let issue = syntaxIssue(failure, file: name, text: text, tabLines: tabLines) { issues.append(issue) }
            return YAMLDocument(root: nil, issues: issues + composed.issues)
        }
        // The text composed: any tab in leading whitespace sits in a block of text or a flow list, where
        // YAML allows it. Tabs are reported only when they break the structure.
        issues = composed.issues
        if composed.root == nil, issues.isEmpty {
            issues.append(.error(name, line: 1, "the file is empty: expected a scenario (schemaVersion, title, data, …)"))
        }
        return YAMLDocument(root: composed.root, issues: issues)
    }

    /// The 1-based line of the first byte sequence that is not UTF-8.
    private static func firstInvalidLine(_ bytes: [UInt8]) -> Int {
        var line = 1
        for slice in bytes.split(separator: 0x0A, omittingEmptySubsequences: false) {
            if String(validating: slice, as: UTF8.self) == nil { return line }
            line += 1
        }
        return line
    }

    /// A scanner, parser or reader error as an issue; nil when a tab already reported explains it.
    private static func syntaxIssue(_ failure: YAMLComposer.SyntaxFailure, file: String, text: String, tabLines: Set<Int>) -> ValidationIssue? {
        let problem = failure.problem, mark = failure.mark
        if failure.kind == .reader {
            var line: Int?, column: Int?
            let utf8 = text.utf8
            if let index = utf8.index(utf8.startIndex, offsetBy: failure.offset, limitedBy: utf8.endIndex) {
                let before = text[..<index]
                line = before.utf8.count(where: { $0 == 0x0A }) + 1
                let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
                column = before[lineStart...].unicodeScalars.count + 1
            }
            return .error(file, line: line, column: column, "the text cannot be read as YAML: \(problem)")
        }
        if !tabLines.isEmpty, tabLines.contains(mark.line) || problem.contains("tab character") { return nil }
        if problem.contains("tab character") {
            return .error(file, line: mark.line, column: mark.column, "a tab where YAML expects spaces; use spaces only")
        }
        var message = "YAML syntax error: \(problem)"
        if let context = failure.context, let contextMark = failure.contextMark {
            message += " (\(context) at line \(contextMark.line), column \(contextMark.column))"
        }
        return .error(file, line: mark.line, column: mark.column, message)
    }
}
