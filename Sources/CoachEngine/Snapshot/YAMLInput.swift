// YAMLInput.swift — YAML snapshots through the YAML layer (positions kept).

import CoachSource
import CoachYAML

/// A parsed YAML document.
struct YAMLDocument: InputDocument {
    let root: Node

    func kind(_ r: Node) -> InputKind {
        switch r.content {
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

    func bool(_ r: Node) -> Bool { if case .bool(let b)? = r.scalar?.value { return b }; return false }
    func int(_ r: Node) -> Int64 { if case .int(let i)? = r.scalar?.value { return i }; return 0 }
    func uint(_ r: Node) -> UInt64 { 0 }
    func double(_ r: Node) -> Double { if case .float(let d)? = r.scalar?.value { return d }; return 0 }
    func string(_ r: Node) -> String { r.scalar?.text ?? "" }
    func wholeNumberText(_ r: Node) -> String { r.scalar?.text ?? String(int(r)) }

    func count(_ r: Node) -> Int { r.sequence?.count ?? r.mapping?.count ?? 0 }

    func forEachElement(_ r: Node, _ body: (Node) -> Void) {
        for item in r.sequence ?? [] { body(item) }
    }

    func forEachMember(_ r: Node, _ body: (UnsafeRawBufferPointer, Node) -> Void) {
        for pair in r.mapping ?? [] {
            var key = pair.key.scalar?.text ?? pair.key.jsonKey
            key.withUTF8 { body(UnsafeRawBufferPointer($0), pair.value) }
        }
    }

    func location(_ r: Node) -> SourceLocation? { r.location }
}
