/// A position in a YAML file: 1-based line and column (columns count Unicode scalars, as libyaml does).
///
/// The names `Mark` and ``Node`` are those of Yams' types, which this layer used before it composed
/// files itself (see ``YAMLComposer``): the decoder reads the tree through the same small interface.
struct Mark: Hashable, Sendable, CustomStringConvertible {
    /// The line, from 1.
    let line: Int
    /// The column, from 1, in Unicode scalars.
    let column: Int

    /// `line:column`.
    var description: String { "\(line):\(column)" }
}

/// A composed YAML value: a scalar (text as written, with its quoting style), a list or a mapping,
/// each with where it starts in the file. An alias is the node its anchor names (shared, not copied).
enum Node: Sendable {
    case scalar(Scalar)
    case mapping(Mapping)
    case sequence(Sequence)

    /// A scalar: its text and how it was written.
    struct Scalar: Sendable {
        /// How a scalar was written: plain, quoted, or as a block of text.
        enum Style: Sendable {
            case plain, singleQuoted, doubleQuoted, literal, folded, any
        }

        /// The text (after YAML's escapes and folding).
        let string: String
        /// How it was written.
        let style: Style
        /// Where it starts.
        let mark: Mark?
    }

    /// A mapping: its entries in file order (repeated keys already removed and reported).
    struct Mapping: Sendable, Swift.Sequence {
        /// The entries, in file order.
        let pairs: [(key: Node, value: Node)]
        /// Where it starts.
        let mark: Mark?

        /// Whether it has no entries.
        var isEmpty: Bool { pairs.isEmpty }
        /// The keys, in file order.
        var keys: [Node] { pairs.map(\.key) }

        /// The value of the first entry whose key is the scalar `key`.
        subscript(key: String) -> Node? {
            pairs.first { $0.key.string == key }?.value
        }

        func makeIterator() -> IndexingIterator<[(key: Node, value: Node)]> { pairs.makeIterator() }
    }

    /// A list: its items in file order.
    struct Sequence: Sendable, Swift.Sequence {
        /// The items.
        let nodes: [Node]
        /// Where it starts.
        let mark: Mark?

        func makeIterator() -> IndexingIterator<[Node]> { nodes.makeIterator() }
    }

    /// Where the node starts.
    var mark: Mark? {
        switch self {
        case let .scalar(scalar): return scalar.mark
        case let .mapping(mapping): return mapping.mark
        case let .sequence(sequence): return sequence.mark
        }
    }

    /// The text of a scalar; nil for a list or a mapping.
    var string: String? {
        if case let .scalar(scalar) = self { return scalar.string }
        return nil
    }
}
