// YAMLInput.swift — YAML snapshots through the YAML layer (positions kept).

import CoachSource
import CoachYAML

/// A parsed YAML document. A reference is a node and, for a mapping's value, where its key
/// stands (where a problem with the key, such as an unknown one, is reported).
struct YAMLDocument: InputDocument {
    struct Ref {
        let node: Node
        let key: SourceLocation?
    }

    let root: Ref

    init(root: Node) { self.root = Ref(node: root, key: nil) }

    func kind(_ r: Ref) -> InputKind {
        switch r.node.content {
        case .sequence: return .array
        case .mapping: return .object
        case .scalar(let s):
            switch s.value {
            case .null: return .null
            case .bool: return .bool
            case .int: return .int
            case .float: return .double
            case .string: return .string
            }
        }
    }

    func bool(_ r: Ref) -> Bool { if case .bool(let b)? = r.node.scalar?.value { return b }; return false }
    func int(_ r: Ref) -> Int64 { if case .int(let i)? = r.node.scalar?.value { return i }; return 0 }
    func uint(_ r: Ref) -> UInt64 { 0 }
    func double(_ r: Ref) -> Double { if case .float(let d)? = r.node.scalar?.value { return d }; return 0 }
    func string(_ r: Ref) -> String { r.node.scalar?.text ?? "" }
    func wholeNumberText(_ r: Ref) -> String { r.node.scalar?.text ?? String(int(r)) }

    func count(_ r: Ref) -> Int { r.node.sequence?.count ?? r.node.mapping?.count ?? 0 }

    func forEachElement(_ r: Ref, _ body: (Ref) -> Void) {
        for item in r.node.sequence ?? [] { body(Ref(node: item, key: nil)) }
    }

    func forEachMember(_ r: Ref, _ body: (UnsafeRawBufferPointer, Ref) -> Void) {
        for pair in r.node.mapping ?? [] {
            var key = pair.key.scalar?.text ?? pair.key.jsonKey
            key.withUTF8 { body(UnsafeRawBufferPointer($0), Ref(node: pair.value, key: pair.key.location)) }
        }
    }

    func location(_ r: Ref) -> SourceLocation? { r.node.location }
    func keyLocation(_ r: Ref) -> SourceLocation? { r.key ?? r.node.location }
}
