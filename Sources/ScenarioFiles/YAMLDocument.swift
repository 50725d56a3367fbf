import Foundation
import Indicators
import Yams

/// A YAML file composed into a node tree, with every syntax problem located by line and column.
///
/// Problems found here: bytes that are not UTF-8, tabs in indentation (when the text does not compose:
/// a tab inside a block of text or a flow list is allowed), syntax errors reported by the parser, several documents in one file, and keys repeated within one mapping. Yams stops at the first
/// repeated key; each repeat is located in the text, reported, renamed to a placeholder (see
/// ``isPlaceholder(_:)``) and the text composed again, so every repeat is reported in one pass.
struct YAMLDocument {
    /// The root node; nil when the file is empty or could not be composed.
    let root: Node?
    /// Every problem found, in line order.
    let issues: [ValidationIssue]

    private static let placeholderPrefix = "__sunan_repeated_key_"

    /// Whether `key` is the placeholder a repeated key was renamed to (already reported; to be skipped).
    static func isPlaceholder(_ key: String) -> Bool { key.hasPrefix(placeholderPrefix) }

    /// Composes `file`, collecting every problem.
    static func compose(_ file: DataFile) -> YAMLDocument {
        let name = file.name
        var bytes = [UInt8](file.bytes)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            return YAMLDocument(root: nil, issues: [.error(name, line: firstInvalidLine(bytes), "the file is not UTF-8; save it as UTF-8 text")])
        }
        var issues: [ValidationIssue] = []
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var tabLines: Set<Int> = []
        for (index, line) in lines.enumerated() {
            let indentation = line.unicodeScalars.prefix { $0 == " " || $0 == "\t" }
            guard let tab = indentation.firstIndex(of: "\t") else { continue }
            let column = line.unicodeScalars.distance(from: line.unicodeScalars.startIndex, to: tab) + 1
            tabLines.insert(index + 1)
            issues.append(.error(name, line: index + 1, column: column,
                "a tab in the indentation; YAML indents with spaces only, so replace the tab with spaces"))
        }
        var renamed = 0
        while true {
            let yaml = lines.joined(separator: "\n")
            do {
                let root = try Yams.compose(yaml: yaml)
                // The text composed: any tab in leading whitespace sits in a block of text or a flow
                // list, where YAML allows it. Tabs are reported only when they break the structure.
                issues.removeAll { $0.line.map(tabLines.contains) ?? false && $0.message.hasPrefix("a tab in the indentation") }
                if root == nil {
                    issues.append(.error(name, line: 1, "the file is empty: expected a scenario (schemaVersion, title, data, …)"))
                }
                return YAMLDocument(root: root, issues: issues)
            } catch let YamlError.duplicatedKeysInMapping(duplicates, context) {
                guard let key = duplicates.first,
                      let repeat_ = locateRepeat(of: key, after: context.mark, in: lines) else {
                    issues.append(.error(name, line: context.mark.line, column: context.mark.column,
                        "key ‘\(duplicates.first ?? "")’ appears more than once in this mapping; keep one"))
                    return YAMLDocument(root: nil, issues: issues)
                }
                issues.append(.error(name, line: repeat_.line, column: repeat_.column,
                    "key ‘\(key)’ repeats the key at line \(context.mark.line), column \(context.mark.column) of the same mapping; keep one"))
                renamed += 1
                lines[repeat_.line - 1] = replacing(in: lines[repeat_.line - 1], column: repeat_.column,
                                                    length: repeat_.length, with: "\(placeholderPrefix)\(renamed)")
            } catch let error as YamlError {
                if let issue = syntaxIssue(error, file: name, tabLines: tabLines) { issues.append(issue) }
                return YAMLDocument(root: nil, issues: issues)
            } catch {
                issues.append(.error(name, line: nil, "cannot be read as YAML: \(error)"))
                return YAMLDocument(root: nil, issues: issues)
            }
        }
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

    /// A parser, scanner or composer error as an issue; nil when a tab already reported explains it.
    private static func syntaxIssue(_ error: YamlError, file: String, tabLines: Set<Int>) -> ValidationIssue? {
        func located(_ context: YamlError.Context?, _ problem: String, _ mark: Mark) -> ValidationIssue? {
            if !tabLines.isEmpty, tabLines.contains(mark.line) || problem.contains("tab character") { return nil }
            if problem.contains("tab character") {
                return .error(file, line: mark.line, column: mark.column, "a tab where YAML expects spaces; use spaces only")
            }
            if problem.contains("but found another document") || (context?.text.contains("single document") ?? false) {
                return .error(file, line: mark.line, column: mark.column,
                    "a second YAML document starts here; a scenario file holds exactly one (remove the `---`)")
            }
            var message = "YAML syntax error: \(problem)"
            if let context {
                message += " (\(context.text) at line \(context.mark.line), column \(context.mark.column))"
            }
            return .error(file, line: mark.line, column: mark.column, message)
        }
        switch error {
        case let .scanner(context, problem, mark, _): return located(context, problem, mark)
        case let .parser(context, problem, mark, _): return located(context, problem, mark)
        case let .composer(context, problem, mark, _): return located(context, problem, mark)
        case let .reader(problem, offset, _, yaml):
            var line: Int?, column: Int?
            if let offset, let index = yaml.index(yaml.startIndex, offsetBy: offset, limitedBy: yaml.endIndex) {
                let before = yaml[..<index]
                line = before.count(where: { $0 == "\n" }) + 1
                let lineStart = before.lastIndex(of: "\n").map { before.index(after: $0) } ?? before.startIndex
                column = before[lineStart...].unicodeScalars.count + 1
            }
            return .error(file, line: line, column: column, "the text cannot be read as YAML: \(problem)")
        default:
            return .error(file, line: nil, "cannot be read as YAML: \(error)")
        }
    }

    /// Where the key `key`, first seen at `first`, is written again in the same mapping: the first later
    /// occurrence written as a key (`key:`) in block style at the same column, or in flow style after a
    /// `{` or `,`. Columns count Unicode scalars from 1, as Yams' marks do.
    private static func locateRepeat(of key: String, after first: Mark, in lines: [String]) -> (line: Int, column: Int, length: Int)? {
        let spellings = [key, "\"\(key)\"", "'\(key)'"].map { Array($0.unicodeScalars) }
        func keyLength(at offset: Int, in scalars: [Unicode.Scalar]) -> Int? {
            for spelling in spellings where offset + spelling.count <= scalars.count {
                guard Array(scalars[offset..<offset + spelling.count]) == spelling else { continue }
                var next = offset + spelling.count
                while next < scalars.count, scalars[next] == " " { next += 1 }
                guard next < scalars.count, scalars[next] == ":" else { continue }
                let after = next + 1
                if after == scalars.count || [" ", "\r", "\t", ",", "}", "{", "["].contains(scalars[after]) { return spelling.count }
            }
            return nil
        }
        guard first.line >= 1, first.line <= lines.count else { return nil }
        let firstScalars = Array(lines[first.line - 1].unicodeScalars)
        let firstOffset = first.column - 1
        let isBlock = firstScalars.prefix(max(0, firstOffset)).allSatisfy { $0 == " " || $0 == "-" }
        if !isBlock {
            // Flow style: a later key on the same line, after the first occurrence.
            var offset = firstOffset + 1
            while offset < firstScalars.count {
                let previous = firstScalars[..<offset].last { $0 != " " }
                if previous == "{" || previous == ",", let length = keyLength(at: offset, in: firstScalars) {
                    return (first.line, offset + 1, length)
                }
                offset += 1
            }
        }
        for lineNumber in (first.line + 1)...max(first.line + 1, lines.count) where lineNumber <= lines.count {
            let scalars = Array(lines[lineNumber - 1].unicodeScalars)
            let indentation = scalars.prefix { $0 == " " }.count
            let content = scalars.dropFirst(indentation)
            if content.isEmpty || content.first == "#" || content.first == "\r" { continue }
            if isBlock {
                if indentation < firstOffset { return nil }
                if indentation == firstOffset, let length = keyLength(at: firstOffset, in: scalars) {
                    return (lineNumber, firstOffset + 1, length)
                }
            } else {
                var offset = indentation
                while offset < scalars.count {
                    let previous = scalars[..<offset].last { $0 != " " }
                    if previous == nil || previous == "{" || previous == ",", let length = keyLength(at: offset, in: scalars) {
                        return (lineNumber, offset + 1, length)
                    }
                    offset += 1
                }
            }
        }
        return nil
    }

    /// `line` with `length` Unicode scalars from 1-based `column` replaced by `replacement`.
    private static func replacing(in line: String, column: Int, length: Int, with replacement: String) -> String {
        var scalars = Array(line.unicodeScalars)
        scalars.replaceSubrange((column - 1)..<(column - 1 + length), with: replacement.unicodeScalars)
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }
}
