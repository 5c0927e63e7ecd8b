// Node.swift — the YAML node tree: scalars, sequences and mappings, each with its position.

import CoachSource

/// A composed YAML node: a scalar, a sequence or a mapping, with the place in the file
/// where it starts.
///
/// Aliases are already expanded (an alias yields a copy of its anchored node, which keeps
/// the anchored node's position) and merge keys (`<<`) are already applied.
package struct Node: Sendable {
    /// What the node holds.
    package enum Content: Sendable {
        /// A scalar, resolved by the YAML 1.2 core schema or its explicit tag.
        case scalar(Scalar)
        /// A sequence of nodes.
        case sequence([Node])
        /// A mapping: its key/value pairs in file order.
        case mapping([Pair])
    }

    /// The node's content.
    package var content: Content
    /// Where the node starts (for an alias: where the anchored node starts).
    package var location: SourceLocation
    /// Where the node ends (just past its last character).
    package var endLocation: SourceLocation
    /// The anchor the node was defined with (`&base`), if any.
    package var anchor: String?
    /// The explicit tag written on the node, if any (`tag:yaml.org,2002:str` for `!!str`).
    package var tag: String?
    /// Where the alias stood, when this node is an alias's copy of an anchored one (`- *base`):
    /// the place the copy is used, which its own ``location`` (the anchor's) is not.
    package var aliasedAt: SourceLocation?

    /// Creates a node.
    package init(_ content: Content, at location: SourceLocation, end: SourceLocation? = nil, anchor: String? = nil, tag: String? = nil) {
        self.content = content
        self.location = location
        self.endLocation = end ?? location
        self.anchor = anchor
        self.tag = tag
    }

    /// The scalar, when the node is one.
    package var scalar: Scalar? { if case .scalar(let s) = content { return s }; return nil }
    /// The items, when the node is a sequence.
    package var sequence: [Node]? { if case .sequence(let s) = content { return s }; return nil }
    /// The pairs, when the node is a mapping.
    package var mapping: [Pair]? { if case .mapping(let m) = content { return m }; return nil }

    /// The value under the string key `key`, when the node is a mapping that has it.
    package subscript(key: String) -> Node? {
        guard let pairs = mapping else { return nil }
        for pair in pairs where pair.key.scalar?.value == .string(key) { return pair.value }
        return nil
    }

    /// A short name for the node's kind, for messages: `mapping`, `sequence`, `string`,
    /// `integer`, `float`, `boolean` or `null`.
    package var kindName: String {
        switch content {
        case .sequence: return "sequence"
        case .mapping: return "mapping"
        case .scalar(let s): return s.value.kindName
        }
    }

    /// The kind with its article, for messages: "a mapping", "an integer".
    package var kindWithArticle: String {
        let kind = kindName
        return ("aeiou".contains(kind.first ?? "x") ? "an " : "a ") + kind
    }
}

/// One key/value pair of a mapping.
package struct Pair: Sendable {
    /// The key node (usually a string scalar).
    package var key: Node
    /// The value node.
    package var value: Node
    /// Creates a pair.
    package init(key: Node, value: Node) { self.key = key; self.value = value }
}

/// A scalar node: the text as written, how it was written, and what it resolved to.
package struct Scalar: Sendable, Equatable {
    /// The scalar's text after YAML's own processing (quotes, escapes, folding).
    package var text: String
    /// How the scalar was written.
    package var style: Style
    /// The value under the core schema (or the explicit tag).
    package var value: ScalarValue

    /// How a scalar was written in the file.
    package enum Style: String, Sendable {
        /// Unquoted.
        case plain
        /// `'single quoted'`.
        case singleQuoted = "single-quoted"
        /// `"double quoted"`.
        case doubleQuoted = "double-quoted"
        /// A `|` block.
        case literal
        /// A `>` block.
        case folded
    }

    /// Creates a scalar.
    package init(text: String, style: Style, value: ScalarValue) {
        self.text = text
        self.style = style
        self.value = value
    }
}

/// The typed value of a scalar.
package enum ScalarValue: Sendable, Equatable, Hashable {
    /// `null`, `~` or nothing.
    case null
    /// `true` or `false`.
    case bool(Bool)
    /// An integer in decimal, `0x` hex or `0o` octal.
    case int(Int64)
    /// A float, including `.inf`, `-.inf` and `.nan`.
    case float(Double)
    /// Anything else, and every quoted scalar.
    case string(String)

    /// `null`, `boolean`, `integer`, `float` or `string`.
    package var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .int: return "integer"
        case .float: return "float"
        case .string: return "string"
        }
    }

    package static func == (a: ScalarValue, b: ScalarValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.float(x), .float(y)): return x.bitPattern == y.bitPattern || x == y
        case let (.string(x), .string(y)): return x == y
        default: return false
        }
    }

    package func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let b): hasher.combine(1); hasher.combine(b)
        case .int(let i): hasher.combine(2); hasher.combine(i)
        case .float(let d): hasher.combine(3); hasher.combine(d == 0 ? 0 : d.bitPattern)
        case .string(let s): hasher.combine(4); hasher.combine(s)
        }
    }
}
