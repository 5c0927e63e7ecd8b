// InputDocument.swift — the common view of a parsed snapshot, whether it came from JSON
// (simdjson's flattened nodes) or YAML (the YAML layer's nodes).

import CoachExpr
import CoachRules
import CoachSource

/// The kinds of value a snapshot document holds.
package enum InputKind {
    case null, bool, int, uint, double, string, array, object
}

/// A parsed document the snapshot reader walks. Generic code over it is specialised for
/// each format, so the JSON path makes no dynamic calls.
protocol InputDocument {
    associatedtype Ref
    var root: Ref { get }
    func kind(_ r: Ref) -> InputKind
    func bool(_ r: Ref) -> Bool
    func int(_ r: Ref) -> Int64
    func uint(_ r: Ref) -> UInt64
    func double(_ r: Ref) -> Double
    func string(_ r: Ref) -> String
    /// A whole number as the input wrote it (`00123` stays so in YAML, where a plain
    /// scalar may be a number of several spellings); its digits where no text is kept.
    func wholeNumberText(_ r: Ref) -> String
    /// Calls `body` with each element of an array.
    func forEachElement(_ r: Ref, _ body: (Ref) -> Void)
    /// The number of elements of an array or members of an object.
    func count(_ r: Ref) -> Int
    /// Calls `body` with each member of an object: its name's UTF-8 bytes and its value.
    func forEachMember(_ r: Ref, _ body: (UnsafeRawBufferPointer, Ref) -> Void)
    /// Where the value is, when the format keeps positions.
    func location(_ r: Ref) -> SourceLocation?
    /// Where the key of `r`, a value of an object's member, is (where an unknown key or one
    /// given twice is reported), when the format keeps positions.
    func keyLocation(_ r: Ref) -> SourceLocation?
    /// The value as short text, for messages.
    func describe(_ r: Ref) -> String
    /// Reads object `r` of a list of objects (its fields laid out in `layout`) in one pass
    /// when it is plain: its fields given
    /// once each, in declared order, each a value of its field's kind within its range (an
    /// optional one may be left out or null).
    /// True when it wrote every field into `fields`; false otherwise, and the caller clears
    /// `fields` and reads the object the general way, with its messages.
    func readPlainObject(_ r: Ref, _ layout: PlainFields, into fields: UnsafeMutableBufferPointer<Value?>) -> Bool
    /// The value at `r` when it is a plain one for `field` (of its kind; an int's or a
    /// number's within its range, a text within the length limit): what
    /// `SnapshotDecoder.scalar` gives without a problem; nil for anything else (null too),
    /// which the caller reads the general way.
    func plainScalar(_ r: Ref, _ field: PlainFields.Field) -> Value?
}

extension InputDocument {
    func readPlainObject(_ r: Ref, _ layout: PlainFields, into fields: UnsafeMutableBufferPointer<Value?>) -> Bool { false }
    func plainScalar(_ r: Ref, _ field: PlainFields.Field) -> Value? { nil }
    func wholeNumberText(_ r: Ref) -> String { String(int(r)) }

    func describe(_ r: Ref) -> String {
        switch kind(r) {
        case .null: return "null"
        case .bool: return bool(r) ? "true" : "false"
        case .int: return String(int(r))
        case .uint: return String(uint(r))
        case .double: return String(double(r))
        case .string:
            let s = string(r)
            return "\"" + s.clipped() + "\""
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    /// The kind as a type name for messages.
    func typeName(_ r: Ref) -> String {
        switch kind(r) {
        case .null: return "null"
        case .bool: return "bool"
        case .int, .uint: return "int"
        case .double: return "double"
        case .string: return "string"
        case .array: return "list"
        case .object: return "object"
        }
    }
}
