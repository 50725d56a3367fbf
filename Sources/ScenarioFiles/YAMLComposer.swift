import CYaml
import Indicators

/// Composes a YAML text into a ``Node`` tree from libyaml's events, in one pass and bounded work.
///
/// sunan composes files itself rather than through Yams' composer, whose work can grow without bound
/// on hostile input: it stops at the first repeated key (so reporting every repeat meant composing the
/// file again per repeat: quadratic), and it hashes every key of a mapping, aliases expanded, so an
/// alias of a deeply aliased list used as a key takes exponential time. Here:
///
/// - every key repeated within a mapping is reported where it is repeated (and dropped), in one pass;
/// - an alias is the node its anchor names, shared rather than copied; the values the aliases repeat are
///   counted, and a file whose aliases repeat more than ``aliasBudget`` values is refused, so that nothing
///   after composition (the decoder, the checks) ever sees more than the text plus that many values;
/// - lists and mappings nested deeper than ``depthLimit`` are refused (no recursion grows with the input).
///
/// libyaml (the C library inside Yams, module `CYaml`) does the scanning and parsing.
struct YAMLComposer {
    /// How many values all aliases together may repeat.
    static let aliasBudget = 100_000
    /// How deeply lists and mappings may nest.
    static let depthLimit = 64

    /// A problem libyaml reported, with its positions (1-based), for ``YAMLDocument`` to put in words.
    struct SyntaxFailure {
        enum Kind { case reader, scanner, parser, other }
        let kind: Kind
        let problem: String
        let mark: Mark
        let context: String?
        let contextMark: Mark?
        /// The byte offset of a reader error (bytes that are not text).
        let offset: Int
    }

    /// What composing produced.
    struct Result {
        /// The root node; nil for an empty text or when composing stopped.
        var root: Node?
        /// Repeated keys, aliases and nesting problems, in the order found.
        var issues: [ValidationIssue] = []
        /// The syntax error libyaml stopped at, if any.
        var failure: SyntaxFailure?
    }

    /// A list or mapping being composed.
    private struct Frame {
        let isMapping: Bool
        let mark: Mark
        let anchor: String?
        var items: [Node] = []
        var pairs: [(key: Node, value: Node)] = []
        var pendingKey: Node?
        var dropsValue = false
        var firstKeys: [String: Mark] = [:]
        var size = 1
    }

    private let file: String
    private var result = Result()
    private var stack: [Frame] = []
    private var anchors: [String: (node: Node, size: Int)] = [:]
    private var repeatedValues = 0
    private var documents = 0

    /// Composes `bytes` (UTF-8) of the file called `file` (the name used in issues).
    static func compose(_ bytes: [UInt8], file: String) -> Result {
        var composer = YAMLComposer(file: file)
        composer.run(bytes)
        return composer.result
    }

    private init(file: String) { self.file = file }

    private mutating func run(_ bytes: [UInt8]) {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else {
            result.failure = SyntaxFailure(kind: .other, problem: "out of memory", mark: Mark(line: 1, column: 1), context: nil, contextMark: nil, offset: 0)
            return
        }
        defer { yaml_parser_delete(&parser) }
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            var event = yaml_event_t()
            while true {
                guard yaml_parser_parse(&parser, &event) == 1 else {
                    result.failure = Self.failure(of: parser)
                    result.root = nil
                    return
                }
                let proceed = handle(event)
                yaml_event_delete(&event)
                if !proceed { return }
            }
        }
    }

    /// Takes one event; false when composing ends (the stream ended, or a problem stops it).
    private mutating func handle(_ event: yaml_event_t) -> Bool {
        let mark = Self.mark(event.start_mark)
        switch event.type {
        case YAML_STREAM_END_EVENT:
            return false
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                stop(at: mark, "a second YAML document starts here; a scenario file holds exactly one (remove the `---`)")
                return false
            }
            return true
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let text = String(decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
            let node = Node.scalar(.init(string: text, style: Self.style(scalar.style), mark: mark))
            register(Self.text(scalar.anchor), node, size: 1)
            return add(node, size: 1)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            guard stack.count < Self.depthLimit else {
                stop(at: mark, "lists and mappings nest more than \(Self.depthLimit) deep here; a scenario file needs a handful of levels")
                return false
            }
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchor = isMapping ? Self.text(event.data.mapping_start.anchor) : Self.text(event.data.sequence_start.anchor)
            stack.append(Frame(isMapping: isMapping, mark: mark, anchor: anchor))
            return true
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = stack.popLast() else { return false }
            let node: Node = frame.isMapping ? .mapping(.init(pairs: frame.pairs, mark: frame.mark))
                : .sequence(.init(nodes: frame.items, mark: frame.mark))
            register(frame.anchor, node, size: frame.size)
            return add(node, size: frame.size)
        case YAML_ALIAS_EVENT:
            let name = Self.text(event.data.alias.anchor) ?? ""
            guard let (node, size) = anchors[name] else {
                stop(at: mark, "the alias ‘*\(name)’ names no anchor; write ‘&\(name)’ on the value to repeat, before this line")
                return false
            }
            repeatedValues += size
            guard repeatedValues <= Self.aliasBudget else {
                stop(at: mark, "the aliases (‘*name’) in this file repeat more than \(ScenarioFileDecoder.grouped(Self.aliasBudget)) values in all "
                    + "(‘*\(name)’ repeats \(ScenarioFileDecoder.grouped(size)) values each time); a scenario file needs far fewer: write out what is repeated, or alias smaller parts")
                return false
            }
            return add(node, size: size)
        default:
            return true
        }
    }

    /// Adds a finished node to the list or mapping being composed, or makes it the root.
    private mutating func add(_ node: Node, size: Int) -> Bool {
        guard var frame = stack.popLast() else {
            result.root = node
            return true
        }
        frame.size += size
        if !frame.isMapping {
            frame.items.append(node)
        } else if let key = frame.pendingKey {
            if !frame.dropsValue { frame.pairs.append((key, node)) }
            frame.pendingKey = nil
            frame.dropsValue = false
        } else {
            frame.pendingKey = node
            if case let .scalar(scalar) = node, let here = scalar.mark {
                if let first = frame.firstKeys[scalar.string] {
                    frame.dropsValue = true
                    result.issues.append(.error(file, line: here.line, column: here.column,
                        "key ‘\(scalar.string)’ repeats the key at line \(first.line), column \(first.column) of the same mapping; keep one"))
                } else {
                    frame.firstKeys[scalar.string] = here
                }
            }
        }
        stack.append(frame)
        return true
    }

    private mutating func register(_ anchor: String?, _ node: Node, size: Int) {
        if let anchor { anchors[anchor] = (node, size) }
    }

    /// Records a problem that stops composing; the tree is discarded.
    private mutating func stop(at mark: Mark, _ message: String) {
        result.issues.append(.error(file, line: mark.line, column: mark.column, message))
        result.root = nil
        stack = []
    }

    // MARK: From libyaml's C types

    private static func mark(_ mark: yaml_mark_t) -> Mark {
        Mark(line: Int(mark.line) + 1, column: Int(mark.column) + 1)
    }

    private static func text(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    private static func style(_ style: yaml_scalar_style_t) -> Node.Scalar.Style {
        switch style {
        case YAML_PLAIN_SCALAR_STYLE: return .plain
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .any
        }
    }

    private static func failure(of parser: yaml_parser_t) -> SyntaxFailure {
        let kind: SyntaxFailure.Kind
        switch parser.error {
        case YAML_READER_ERROR: kind = .reader
        case YAML_SCANNER_ERROR: kind = .scanner
        case YAML_PARSER_ERROR: kind = .parser
        default: kind = .other
        }
        let problem = parser.problem.map { String(cString: $0) } ?? "the text cannot be read"
        let context = parser.context.map { String(cString: $0) }
        return SyntaxFailure(kind: kind, problem: problem, mark: mark(parser.problem_mark), context: context,
                             contextMark: context == nil ? nil : mark(parser.context_mark), offset: Int(parser.problem_offset))
    }
}
