// JSONPositions.swift — where each value of a refused JSON snapshot is. simdjson's tape keeps
// no positions, so a refused snapshot is decoded a second time through a document that finds
// them: one scan of the text (already validated by simdjson) numbers its tokens as the tape
// does. Until the fourth session of 2026-12-07 the text was read again as YAML instead, which
// lost every position where YAML's limits are not JSON's (nesting past 256, an integer past
// 2⁶³) and cost 10–30 times an accepted snapshot of the same size.

import CoachExpr
import CoachRules
import CoachSource

/// A JSON document that knows where its values are: the tape's reader, and the scalar offset
/// of each tape word's token.
struct LocatedJSONDocument: InputDocument {
    let base: JSONDocument
    /// By tape index: the token's offset in Unicode scalars (-1 for a number's second word;
    /// 32 bits hold any offset of a snapshot within its 64 MiB limit).
    let offsets: [Int32]
    let file: SourceFile

    /// The positions of `bytes`, which simdjson parsed into `base`'s tape without an error.
    /// The tape holds, in document order: one word for each `{`, `}`, `[`, `]`, string (keys
    /// included), `true`, `false` and `null`; two for each number; and a word before and
    /// after the root value (simdjson's doc/tape.md).
    init(_ base: JSONDocument, bytes: UnsafeRawBufferPointer, path: String) {
        self.base = base
        file = Self.file(bytes, path: path)
        var offsets: [Int32] = [-1]  // the root word
        var scalar = 0, i = 0
        let n = bytes.count
        func advance() {
            if bytes[i] & 0xC0 != 0x80 { scalar += 1 }
            i += 1
        }
        while i < n {
            switch bytes[i] {
            case UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"):
                offsets.append(Int32(truncatingIfNeeded: scalar))
                advance()
            case UInt8(ascii: "\""):
                offsets.append(Int32(truncatingIfNeeded: scalar))
                advance()
                while i < n, bytes[i] != UInt8(ascii: "\"") {
                    if bytes[i] == UInt8(ascii: "\\"), i + 1 < n { advance() }
                    advance()
                }
                if i < n { advance() }
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                offsets.append(Int32(truncatingIfNeeded: scalar))
                while i < n, (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(bytes[i]) { advance() }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                offsets.append(Int32(truncatingIfNeeded: scalar))
                offsets.append(-1)
                while i < n, Self.inNumber(bytes[i]) { advance() }
            default:
                advance()  // white space, `,` and `:` (the text is valid JSON)
            }
        }
        self.offsets = offsets
    }

    /// The JSON text as a file whose lines are JSON's: only a line feed ends one. A carriage
    /// return is white space between tokens, and U+0085, U+2028 and U+2029 may sit inside a
    /// string; a file would end a line at each, so they are shown as spaces (one scalar for
    /// one, so every offset stands).
    static func file(_ bytes: UnsafeRawBufferPointer, path: String) -> SourceFile {
        let text = String(decoding: bytes, as: UTF8.self)
        let breaks: Set<Unicode.Scalar> = ["\r", "\u{85}", "\u{2028}", "\u{2029}"]
        guard text.unicodeScalars.contains(where: breaks.contains) else { return SourceFile(path: path, text: text) }
        return SourceFile(path: path, text: String(scalars: text.unicodeScalars.map { breaks.contains($0) ? " " : $0 }))
    }

    static func inNumber(_ b: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: "+")
            || b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E")
    }

    var root: Int { base.root }
    func kind(_ r: Int) -> InputKind { base.kind(r) }
    func bool(_ r: Int) -> Bool { base.bool(r) }
    func int(_ r: Int) -> Int64 { base.int(r) }
    func uint(_ r: Int) -> UInt64 { base.uint(r) }
    func double(_ r: Int) -> Double { base.double(r) }
    func string(_ r: Int) -> String { base.string(r) }
    func forEachElement(_ r: Int, _ body: (Int) -> Void) { base.forEachElement(r, body) }
    func count(_ r: Int) -> Int { base.count(r) }
    func forEachMember(_ r: Int, _ body: (UnsafeRawBufferPointer, Int) -> Void) { base.forEachMember(r, body) }
    func readPlainObject(_ r: Int, _ layout: PlainFields, into fields: UnsafeMutableBufferPointer<Value?>) -> Bool {
        base.readPlainObject(r, layout, into: fields)
    }
    func plainScalar(_ r: Int, _ field: PlainFields.Field) -> Value? { base.plainScalar(r, field) }

    func location(_ r: Int) -> SourceLocation? {
        guard offsets.indices.contains(r), offsets[r] >= 0 else { return nil }
        return file.location(atScalarOffset: Int(offsets[r]))
    }

    /// A member's key is the string just before its value on the tape.
    func keyLocation(_ r: Int) -> SourceLocation? { location(r - 1) ?? location(r) }

    /// The keys given twice in one object, anywhere in the document: the first `most` in
    /// the order written, each an error at the second with a note at the first (as a YAML
    /// file's duplicate keys are said), and how many more there are (counted, not made).
    func duplicateKeys(most: Int) -> (shown: [Diagnostic], unshown: Int) {
        var found: [(at: Int, first: Int)] = []
        var pending = [root]  // a work list, not recursion: the nesting is the input's
        while let r = pending.popLast() {
            switch kind(r) {
            case .array:
                forEachElement(r) { pending.append($0) }
            case .object:
                var seen: [[UInt8]: Int] = [:]
                forEachMember(r) { key, value in
                    pending.append(value)
                    let bytes = Array(key), at = value - 1  // the key's word comes just before its value's
                    guard let first = seen[bytes] else {
                        seen[bytes] = at
                        return
                    }
                    found.append((at, first))
                }
            default:
                break
            }
        }
        // Made only for those shown: a snapshot can give a million.
        let shown = found.sorted { $0.at < $1.at }.prefix(most).map { d -> Diagnostic in
            let name = string(d.at)  // a key is a string word of the tape
            return .error("duplicate key '\(name.clipped())'", at: location(d.at), length: min(name.count + 2, 42),  // with its quotes
                          hint: "remove one of the two, or rename it",
                          notes: [.init("first defined here", at: location(d.first))], code: .snapshotDuplicateKey)
        }
        return (Array(shown), found.count - shown.count)
    }
}
