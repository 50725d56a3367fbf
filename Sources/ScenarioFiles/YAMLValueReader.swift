import Foundation
import Indicators
import Scenarios

/// Where each value and key of a YAML file was written: 1-based line and column by value path.
///
/// Paths are keys joined by `.`, with 0-based list positions in brackets: `projections[0].driver.lag`.
struct YAMLSourceMap: Sendable {
    /// The mark of each value.
    var values: [String: Mark] = [:]
    /// The mark of each key (for mapping entries).
    var keys: [String: Mark] = [:]

    /// The mark of the value at `path`, or of its nearest recorded ancestor.
    func value(_ path: String) -> Mark? {
        var current = path
        while true {
            if let mark = values[current] { return mark }
            guard let parent = Self.parent(of: current) else { return values[""] }
            current = parent
        }
    }

    /// The mark of the key of `path` (falling back to its value, then to its ancestors).
    func key(_ path: String) -> Mark? { keys[path] ?? value(path) }

    /// `a.b[2]` → `a.b`; `a.b` → `a`; `a` → nil.
    static func parent(of path: String) -> String? {
        guard !path.isEmpty else { return nil }
        if path.hasSuffix("]"), let open = path.lastIndex(of: "[") { return String(path[..<open]) }
        if let dot = path.lastIndex(of: ".") { return String(path[..<dot]) }
        return ""
    }
}

/// A mapping read with its keys checked: the known entries by key, and where it was written.
struct YAMLFields {
    /// The value path of the mapping.
    let path: String
    /// The mark of the mapping.
    let mark: Mark?
    /// The entries with known keys.
    let entries: [String: (key: Node, value: Node)]
    /// Whether the mapping had unknown keys (already reported), so that a missing key may be a misspelt one.
    let hasUnknownKeys: Bool

    /// The value of `key`, if given.
    func node(_ key: String) -> Node? { entries[key]?.value }
    /// Whether `key` is given.
    func has(_ key: String) -> Bool { entries[key] != nil }
    /// The path of the value of `key`.
    func path(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }
}

/// Reads typed values out of a composed YAML tree, recording a problem with line and column for every
/// value that does not fit and the mark of every value read (see ``YAMLSourceMap``).
///
/// Scalars are interpreted by the type asked for, never by YAML 1.1 guessing: `NO` is the text "NO"
/// where text is expected, and a number must be written plainly (not quoted) where a number is expected.
final class YAMLValueReader {
    /// The file name used in issues.
    let file: String
    /// Every problem found so far, each once, the first ``IssueList/limit`` of them listed.
    private(set) var issues: IssueList
    /// Where each value read was written.
    private(set) var source = YAMLSourceMap()

    init(file: String) {
        self.file = file
        issues = IssueList(file: file)
    }

    /// Records an error at `mark` (once per place and check; `check` and `line` default to the caller's).
    func error(_ mark: Mark?, _ message: @autoclosure () -> String, check: StaticString = #fileID, line: UInt = #line) {
        issues.record(.error, at: mark, check: check, line: line, message)
    }

    /// Records a warning at `mark` (once per place and check).
    func warning(_ mark: Mark?, _ message: @autoclosure () -> String, check: StaticString = #fileID, line: UInt = #line) {
        issues.record(.warning, at: mark, check: check, line: line, message)
    }

    /// Records issues found before reading values (syntax problems).
    func adopt(_ found: [ValidationIssue]) { issues.adopt(found) }

    /// Whether any error has been recorded.
    var hasErrors: Bool { issues.hasErrors }

    /// Records the mark of the key of `path` (for mappings read entry by entry).
    func recordKey(_ mark: Mark, at path: String) { source.keys[path] = mark }

    private func record(_ node: Node, _ path: String) {
        if let mark = node.mark { source.values[path] = mark }
    }

    /// How a node reads in a message: `‘text’`, `an empty value`, `a list`, `a mapping`.
    static func describe(_ node: Node) -> String {
        switch node {
        case let .scalar(scalar):
            if isNull(scalar) { return "an empty value" }
            let text = shortened(scalar.string)
            return scalar.style == .plain ? "‘\(text)’" : "the quoted text ‘\(text)’"
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        }
    }

    /// `text` cut to its first line and at most 60 characters, with `…` when cut, so that a message
    /// quoting a long value (a whole CSV file read as one YAML scalar) stays one readable line.
    static func shortened(_ text: String) -> String {
        let firstLine = text.prefix { $0 != "\n" && $0 != "\r" }
        let cut = firstLine.prefix(60)
        return cut.count < text.count ? cut + "…" : text
    }

    static func isNull(_ scalar: Node.Scalar) -> Bool {
        scalar.style == .plain && ["", "~", "null", "Null", "NULL"].contains(scalar.string)
    }

    /// The mapping at `node` with its keys checked against `allowed`: an unknown key is an error at
    /// that key with a suggestion (or the list of allowed keys), a missing `required` key an error at the
    /// mapping. Nil (after an error) when `node` is not a mapping.
    func fields(_ node: Node, path: String, name: String, what: String, allowed: [String], required: [String] = []) -> YAMLFields? {
        record(node, path)
        guard case let .mapping(mapping) = node else {
            error(node.mark, "‘\(name)’ must be a mapping of keys to values (key: value lines or {key: value, …}), not \(Self.describe(node))")
            return nil
        }
        var entries: [String: (key: Node, value: Node)] = [:]
        var suggested: Set<String> = []
        var hasUnknownKeys = false
        for (key, value) in mapping {
            guard case let .scalar(scalar) = key, !Self.isNull(scalar) else {
                error(key.mark, "a key in \(what) must be a plain name, not \(Self.describe(key))")
                continue
            }
            let name = scalar.string
            guard allowed.contains(name) else {
                hasUnknownKeys = true
                if let close = Spelling.suggestion(for: name, among: allowed) {
                    suggested.insert(close)
                    error(key.mark, "unknown key ‘\(name)’ in \(what); \(Spelling.didYouMean(close))")
                } else {
                    error(key.mark, "unknown key ‘\(name)’ in \(what); the allowed keys are \(allowed.joined(separator: ", "))")
                }
                continue
            }
            let childPath = path.isEmpty ? name : "\(path).\(name)"
            if let mark = key.mark { source.keys[childPath] = mark }
            record(value, childPath)
            entries[name] = (key, value)
        }
        // A misspelt required key is reported once, as misspelt, not again as missing.
        let missing = required.filter { entries[$0] == nil && !suggested.contains($0) }
        if !missing.isEmpty {
            let list = missing.map { "‘\($0)’" }.joined(separator: ", ")
            error(node.mark, "\(what) lacks the required key\(missing.count > 1 ? "s" : "") \(list)")
        }
        return YAMLFields(path: path, mark: node.mark, entries: entries, hasUnknownKeys: hasUnknownKeys)
    }

    /// The mapping at `node` with its keys checked against `section` of the scenario schema (see
    /// ``fields(_:path:name:what:allowed:required:)``).
    func fields(_ node: Node, path: String, name: String, what: String, section: ScenarioSection) -> YAMLFields? {
        fields(node, path: path, name: name, what: what, allowed: section.allowed, required: section.required)
    }

    /// Text: any scalar except an empty value.
    func string(_ node: Node, path: String, name: String) -> String? {
        record(node, path)
        guard case let .scalar(scalar) = node, !Self.isNull(scalar) else {
            error(node.mark, "‘\(name)’ must be text, not \(Self.describe(node))")
            return nil
        }
        return scalar.string
    }

    /// A plain scalar for a number; nil (after an error naming `expected`) otherwise.
    private func plainNumberText(_ node: Node, name: String, expected: String) -> String? {
        guard case let .scalar(scalar) = node, !Self.isNull(scalar) else {
            error(node.mark, "‘\(name)’ must be \(expected), not \(Self.describe(node))")
            return nil
        }
        guard scalar.style == .plain else {
            error(node.mark, "‘\(name)’ must be \(expected), not the quoted text ‘\(scalar.string)’; write the number without quotes")
            return nil
        }
        return scalar.string
    }

    /// A whole number written plainly.
    func int(_ node: Node, path: String, name: String, example: String = "2017") -> Int? {
        wholeNumber(node, path: path, name: name, expected: "a whole number such as \(example)")
    }

    /// A non-negative whole number up to 2⁶⁴ − 1, written plainly.
    func uint64(_ node: Node, path: String, name: String) -> UInt64? {
        wholeNumber(node, path: path, name: name, expected: "a whole number from 0 to 18446744073709551615")
    }

    /// A whole number of type `Number` written plainly; `expected` (`a whole number such as 2017`) ends
    /// the error when the node is not one.
    private func wholeNumber<Number: FixedWidthInteger>(_ node: Node, path: String, name: String,
                                                        expected: String) -> Number? {
        record(node, path)
        guard let text = plainNumberText(node, name: name, expected: expected) else { return nil }
        guard let value = Number(text) else {
            error(node.mark, "‘\(name)’ must be \(expected), not ‘\(text)’")
            return nil
        }
        return value
    }

    /// A finite decimal number written plainly (`0.6`, `-10`, `1.5e3`).
    func double(_ node: Node, path: String, name: String, example: String = "0.6") -> Double? {
        record(node, path)
        let expected = "a number such as \(example)"
        guard let text = plainNumberText(node, name: name, expected: expected) else { return nil }
        guard Self.isDecimal(text), let value = Double(text), value.isFinite else {
            error(node.mark, "‘\(name)’ must be \(expected), not ‘\(text)’")
            return nil
        }
        return value
    }

    /// `[+-]digits[.digits][e[+-]digits]` (or `.digits`).
    private static func isDecimal(_ text: String) -> Bool {
        var scalars = Substring(text).unicodeScalars[...]
        if scalars.first == "+" || scalars.first == "-" { scalars = scalars.dropFirst() }
        let isDigit: (Unicode.Scalar) -> Bool = { ("0"..."9").contains($0) }
        let whole = scalars.prefix(while: isDigit)
        scalars = scalars.dropFirst(whole.count)
        var fraction = Substring.UnicodeScalarView.SubSequence()
        if scalars.first == "." {
            scalars = scalars.dropFirst()
            fraction = scalars.prefix(while: isDigit)
            scalars = scalars.dropFirst(fraction.count)
        }
        guard !whole.isEmpty || !fraction.isEmpty else { return false }
        if scalars.first == "e" || scalars.first == "E" {
            scalars = scalars.dropFirst()
            if scalars.first == "+" || scalars.first == "-" { scalars = scalars.dropFirst() }
            let exponent = scalars.prefix(while: isDigit)
            guard !exponent.isEmpty else { return false }
            scalars = scalars.dropFirst(exponent.count)
        }
        return scalars.isEmpty
    }

    /// The items of a list; nil (after an error) when `node` is not a list.
    func items(_ node: Node, path: String, name: String, example: String) -> [Node]? {
        record(node, path)
        guard case let .sequence(sequence) = node else {
            error(node.mark, "‘\(name)’ must be a list such as \(example), not \(Self.describe(node))")
            return nil
        }
        return Array(sequence)
    }

    /// A list of texts; nil when it is not a list or any item is not text (each reported).
    func strings(_ node: Node, path: String, name: String, example: String) -> [String]? {
        guard let items = items(node, path: path, name: name, example: example) else { return nil }
        var values: [String] = []
        var failed = false
        for (index, item) in items.enumerated() {
            if let value = string(item, path: "\(path)[\(index)]", name: "\(name)’ item ‘\(index + 1)") {
                values.append(value)
            } else {
                failed = true
            }
        }
        return failed ? nil : values
    }

    /// One of `choices`, with a suggestion when the text is close to one.
    func choice(_ node: Node, path: String, name: String, among choices: [String]) -> String? {
        guard let text = string(node, path: path, name: name) else { return nil }
        guard choices.contains(text) else {
            let hint = Spelling.suggestion(for: text, among: choices).map { "; " + Spelling.didYouMean($0) } ?? ""
            error(node.mark, "‘\(name)’ is ‘\(text)’, which is not one of \(choices.joined(separator: ", "))\(hint)")
            return nil
        }
        return text
    }

    // MARK: Field shortcuts (nil when absent or wrong; wrong values are reported)

    /// The text of `key`.
    func string(_ fields: YAMLFields, _ key: String) -> String? {
        fields.node(key).flatMap { string($0, path: fields.path(key), name: key) }
    }

    /// The whole number of `key`.
    func int(_ fields: YAMLFields, _ key: String, example: String = "2017") -> Int? {
        fields.node(key).flatMap { int($0, path: fields.path(key), name: key, example: example) }
    }

    /// The number of `key`.
    func double(_ fields: YAMLFields, _ key: String, example: String = "0.6") -> Double? {
        fields.node(key).flatMap { double($0, path: fields.path(key), name: key, example: example) }
    }

    /// The list of texts of `key`.
    func strings(_ fields: YAMLFields, _ key: String, example: String) -> [String]? {
        fields.node(key).flatMap { strings($0, path: fields.path(key), name: key, example: example) }
    }

    /// One of `choices` at `key`.
    func choice(_ fields: YAMLFields, _ key: String, among choices: [String]) -> String? {
        fields.node(key).flatMap { choice($0, path: fields.path(key), name: key, among: choices) }
    }
}
