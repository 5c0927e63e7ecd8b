// JSONInput.swift — JSON snapshots through simdjson: bytes in, its tape read in place.

import CoachExpr
import CoachJSONShim
import CoachRules
import CoachSource

/// A parsed JSON document, read in place from simdjson's tape (valid while the parser lives,
/// until its next parse). A reference is a tape index. Each value is one 64-bit word with its
/// type character in the top byte (numbers take a second word for the value); an array or
/// object word holds the index just past its end, and its element count (saturated at
/// 2²⁴ − 1); a string word holds an offset into the string buffer, where a 32-bit
/// little-endian length precedes the bytes. (simdjson's doc/tape.md.)
package struct JSONDocument: InputDocument {
    let tape: UnsafePointer<UInt64>
    let strings: UnsafePointer<UInt8>

    /// The type character of the value at `r`.
    @inline(__always) private func type(_ r: Int) -> UInt8 { UInt8(truncatingIfNeeded: tape[r] &>> 56) }
    /// The 56-bit payload of the word at `r`.
    @inline(__always) private func payload(_ r: Int) -> UInt64 { tape[r] & 0x00FF_FFFF_FFFF_FFFF }

    package var root: Int { 1 }

    package func kind(_ r: Int) -> InputKind {
        switch type(r) {
        case UInt8(ascii: "n"): return .null
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "l"): return .int
        case UInt8(ascii: "u"): return .uint
        case UInt8(ascii: "d"): return .double
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "["): return .array
        default: return .object
        }
    }

    package func bool(_ r: Int) -> Bool { type(r) == UInt8(ascii: "t") }
    package func int(_ r: Int) -> Int64 { Int64(bitPattern: tape[r + 1]) }
    package func uint(_ r: Int) -> UInt64 { tape[r + 1] }
    package func double(_ r: Int) -> Double { Double(bitPattern: tape[r + 1]) }

    /// The UTF-8 bytes of the string at `r` (simdjson validated them).
    @inline(__always) private func bytes(_ r: Int) -> UnsafeRawBufferPointer {
        let start = strings + Int(payload(r))
        let length = UnsafeRawPointer(start).loadUnaligned(as: UInt32.self)
        return UnsafeRawBufferPointer(start: start + 4, count: Int(UInt32(littleEndian: length)))
    }

    package func string(_ r: Int) -> String { JSONDocument.text(bytes(r)) }

    /// `bytes` as a string, as `String(decoding:as: UTF8.self)` makes it (an invalid sequence
    /// repaired, though simdjson has checked them), written straight into the string's own
    /// storage: about 65 instructions fewer for each of a snapshot's short texts (ids,
    /// categories).
    @inline(__always)
    static func text(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { out in
            guard let from = bytes.baseAddress, let to = out.baseAddress else { return 0 }
            UnsafeMutableRawPointer(to).copyMemory(from: from, byteCount: bytes.count)
            return bytes.count
        }
    }

    /// The index just past the value at `r`.
    @inline(__always) private func next(_ r: Int) -> Int {
        switch type(r) {
        case UInt8(ascii: "["), UInt8(ascii: "{"): return Int(UInt32(truncatingIfNeeded: tape[r]))
        case UInt8(ascii: "l"), UInt8(ascii: "u"), UInt8(ascii: "d"): return r + 2
        default: return r + 1
        }
    }

    package func count(_ r: Int) -> Int {
        let stored = Int((tape[r] &>> 32) & 0xFF_FFFF)
        guard stored == 0xFF_FFFF else { return stored }
        // Saturated: count them (a 64 MiB snapshot can hold more than 2²⁴ − 1 values).
        var n = 0
        if type(r) == UInt8(ascii: "{") { forEachMember(r) { _, _ in n += 1 } } else { forEachElement(r) { _ in n += 1 } }
        return n
    }

    package func forEachElement(_ r: Int, _ body: (Int) -> Void) {
        var child = r + 1
        let end = next(r) - 1  // the closing word
        while child < end {
            body(child)
            child = next(child)
        }
    }

    package func forEachMember(_ r: Int, _ body: (UnsafeRawBufferPointer, Int) -> Void) {
        var key = r + 1
        let end = next(r) - 1
        while key < end {
            body(bytes(key), key + 1)
            key = next(key + 1)
        }
    }

    package func location(_ r: Int) -> SourceLocation? { nil }
    package func keyLocation(_ r: Int) -> SourceLocation? { nil }
}

/// Owns a simdjson parser. One per thread (or per reader); not shared.
package final class JSONParserHandle {
    let parser: OpaquePointer?

    package init() { parser = coach_json_parser_new() }
    deinit { coach_json_parser_free(parser) }

    /// Parses `bytes` and calls `body` with the document; `nil` and a message on a syntax error.
    /// `padded`: at least ``SnapshotReader/padding`` readable bytes follow `bytes`, which are
    /// then parsed where they are (otherwise copied first).
    package func withDocument<T>(_ bytes: UnsafeRawBufferPointer, padded: Bool = false,
                                 _ body: (JSONDocument) -> T) -> Result<T, JSONSyntaxError> {
        var tape: UnsafePointer<UInt64>?
        var strings: UnsafePointer<UInt8>?
        var message: UnsafePointer<CChar>?
        let data = bytes.baseAddress?.assumingMemoryBound(to: CChar.self)
        let code = padded && data != nil
            ? coach_json_parse_padded(parser, data, bytes.count, &tape, &strings, &message)
            : coach_json_parse(parser, data, bytes.count, &tape, &strings, &message)
        guard code == 0, let tape, let strings else {
            return .failure(JSONSyntaxError(message: message.map { String(cString: $0) } ?? "invalid JSON",
                                            isNumber: coach_json_is_number_error(code) != 0))
        }
        return .success(body(JSONDocument(tape: tape, strings: strings)))
    }
}

/// simdjson's description of a syntax error.
package struct JSONSyntaxError: Error {
    package let message: String
    /// Whether a number could not be read (malformed, or too large for its kind).
    package let isNumber: Bool
}

extension JSONDocument {
    /// See ``InputDocument/readPlainObject(_:_:into:)``: the tape walked once, each key
    /// compared with the field expected next (an optional field may be left out, or null),
    /// each value checked as `SnapshotDecoder.scalar` checks it (an int's, or a number's,
    /// range; a text's length).
    package func readPlainObject(_ r: Int, _ layout: PlainFields, into fields: UnsafeMutableBufferPointer<Value?>) -> Bool {
        guard type(r) == UInt8(ascii: "{") else { return false }
        let spec = layout.fields, count = layout.count
        guard count == fields.count, let base = fields.baseAddress else { return false }
        var f = 0
        var key = r + 1
        let end = next(r) - 1
        while key < end {
            let name = bytes(key)
            guard let at = name.baseAddress else { return false }
            while f < count, !spec[f].isSpelled(by: at, name.count) {
                guard spec[f].optional else { return false }  // an optional field left out stays unset
                f += 1
            }
            guard f < count else { return false }
            let v = key + 1
            guard let x = plainScalar(v, spec[f]) else {
                // null: unset, as for a field left out
                guard type(v) == UInt8(ascii: "n"), spec[f].optional else { return false }
                f += 1
                key = v + 1
                continue
            }
            (base + f).initialize(to: x)  // once per field, over the unset value it starts as: nothing to destroy
            f += 1
            key = next(v)
        }
        while f < count, spec[f].optional { f += 1 }
        return f == count
    }

    /// See ``InputDocument/plainScalar(_:_:)``.
    @inline(__always)
    package func plainScalar(_ v: Int, _ field: PlainFields.Field) -> Value? {
        let tag = type(v)
        switch field.kind {
        case .int:
            guard tag == UInt8(ascii: "l") else { return nil }
            let i = int(v)
            let x = Double(i)
            // Exact: an int field's bounds are within ±(2^53 − 1) here (``PlainFields/Field/lo``).
            return !(x < field.lo) && !(x > field.hi) ? .int(i) : nil
        case .double:
            let d: Double
            if tag == UInt8(ascii: "d") { d = double(v) } else if tag == UInt8(ascii: "l") { d = Double(int(v)) } else { return nil }
            return d.isFinite && !(d < field.lo) && !(d > field.hi) ? .double(d) : nil
        case .bool:
            guard tag == UInt8(ascii: "t") || tag == UInt8(ascii: "f") else { return nil }
            return .bool(tag == UInt8(ascii: "t"))
        case .string:
            guard tag == UInt8(ascii: "\"") else { return nil }
            let b = bytes(v)
            guard b.count <= SnapshotLimits.maxTextBytes else { return nil }
            return .string(JSONDocument.text(b))
        }
    }
}
