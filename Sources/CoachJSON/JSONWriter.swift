// JSONWriter.swift — writes JSON text deterministically: fixed key order, shortest
// round-trip numbers, and the same bytes for the same value every time.

/// Writes ``JSONValue``s (and pieces of JSON built by hand) as text.
///
/// Doubles use Swift's shortest round-trip form (`0.08`, not `0.08000000000000000166`);
/// integral doubles keep a `.0` so they read back as doubles. Strings escape `"`, `\`,
/// and control characters; everything else is written as UTF-8.
///
/// Everything is written into a byte buffer; ``write(_:)`` wraps it for callers that want a
/// `String`, and ``write(_:into:)`` appends to a caller's buffer (no intermediate strings).
package struct JSONWriter: Sendable {
    /// Indentation per level; `nil` writes everything on one line.
    package var indent: Int?

    /// Creates a writer; `indent: nil` gives compact output.
    package init(indent: Int? = 2) { self.indent = indent }

    /// The JSON text of `value` (no trailing newline).
    package func write(_ value: JSONValue) -> String {
        var out: [UInt8] = []
        write(value, into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the JSON text of `value` (no trailing newline) to `out`.
    package func write(_ value: JSONValue, into out: inout [UInt8]) {
        write(value, into: &out, level: 0)
    }

    private func newline(_ out: inout [UInt8], _ level: Int) {
        guard let indent else { return }
        out.append(0x0A)
        out.append(contentsOf: repeatElement(0x20, count: indent * level))
    }

    private func write(_ value: JSONValue, into out: inout [UInt8], level: Int) {
        switch value {
        case .null: JSONWriter.append("null", to: &out)
        case .bool(let b): JSONWriter.append(b ? "true" : "false", to: &out)
        case .int(let i): JSONWriter.append(i, to: &out)
        case .uint(let u): JSONWriter.append(String(u), to: &out)
        case .double(let d): JSONWriter.append(JSONWriter.number(d), to: &out)
        case .string(let s): JSONWriter.appendQuoted(s, to: &out)
        case .array(let items):
            if items.isEmpty { JSONWriter.append("[]", to: &out); return }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, level + 1)
                write(item, into: &out, level: level + 1)
            }
            newline(&out, level)
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            if pairs.isEmpty { JSONWriter.append("{}", to: &out); return }
            out.append(UInt8(ascii: "{"))
            for (i, (key, item)) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, level + 1)
                JSONWriter.appendQuoted(key, to: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(0x20) }
                write(item, into: &out, level: level + 1)
            }
            newline(&out, level)
            out.append(UInt8(ascii: "}"))
        }
    }

    /// A double as JSON: shortest round-trip digits, `.0` kept on integral values, and the
    /// strings `"NaN"`, `"Infinity"`, `"-Infinity"` for non-finite values.
    package static func number(_ d: Double) -> String {
        if d.isNaN { return "\"NaN\"" }
        if d.isInfinite { return d < 0 ? "\"-Infinity\"" : "\"Infinity\"" }
        return d.description
    }

    /// Writes text that needs no escaping as is (the generic form of ``append(_:to:)``).
    @inline(__always)
    static func write<Out: ByteSink>(_ raw: String, to out: inout Out) {
        var raw = raw
        raw.withUTF8 { out.put($0) }
    }

    /// Writes an integer's decimal digits (the generic form of ``append(_:to:)``).
    static func write<Out: ByteSink>(_ i: Int64, to out: inout Out) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buffer in
            let p = buffer.baseAddress.unsafelyUnwrapped
            var magnitude = i.magnitude
            var k = 24
            repeat {
                k -= 1
                p[k] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if i < 0 { k -= 1; p[k] = UInt8(ascii: "-") }
            out.put(UnsafeBufferPointer(start: p + k, count: 24 - k))
        }
    }

    /// Appends text that needs no escaping (punctuation, numbers, literals) as is.
    package static func append(_ raw: String, to out: inout [UInt8]) { write(raw, to: &out) }

    /// Appends an integer's decimal digits, without going through a `String`.
    package static func append(_ i: Int64, to out: inout [UInt8]) { write(i, to: &out) }

    /// Appends `s` as a quoted JSON string.
    package static func appendQuoted(_ s: String, to out: inout [UInt8]) { writeQuoted(s, to: &out) }

    /// Appends an integer's decimal digits to a buffer.
    package static func append(_ i: Int64, to out: ByteBuffer) {
        var sink = UnretainedSink(buffer: out)
        write(i, to: &sink)
    }

    /// Appends `s` escaped for the inside of a JSON string to a buffer (as to an array).
    package static func appendEscaped(_ s: String, to out: ByteBuffer) {
        var sink = UnretainedSink(buffer: out)
        writeEscaped(s, to: &sink)
    }

    /// A buffer held unmanaged for the length of the call that makes the sink (its caller
    /// keeps the buffer alive), for the generic writers, which take their sink `inout`: a
    /// variable holding the buffer itself, passed so, counted a reference per call.
    struct UnretainedSink: ByteSink {
        let buffer: Unmanaged<ByteBuffer>

        init(buffer: ByteBuffer) { self.buffer = .passUnretained(buffer) }

        @inline(__always)
        mutating func put(_ byte: UInt8) { buffer._withUnsafeGuaranteedRef { $0.put(byte) } }

        @inline(__always)
        mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) { buffer._withUnsafeGuaranteedRef { $0.put(bytes) } }
    }

    /// Writes `s` as a quoted JSON string (the generic form the public ones specialise).
    static func writeQuoted<Out: ByteSink>(_ s: String, to out: inout Out) {
        out.put(UInt8(ascii: "\""))
        // A native string's bytes are read in place; only a bridged one is copied first.
        if s.utf8.withContiguousStorageIfAvailable({ appendEscaped($0, to: &out) }) == nil {
            var copy = s
            copy.withUTF8 { appendEscaped($0, to: &out) }
        }
        out.put(UInt8(ascii: "\""))
    }

    /// Appends `s` escaped for the inside of a JSON string, without the quotes: for a string
    /// written in pieces (escaping is per character, so the pieces' escapes, one after the
    /// other, are the escape of the whole).
    package static func appendEscaped(_ s: String, to out: inout [UInt8]) { writeEscaped(s, to: &out) }

    /// The generic form of the two.
    static func writeEscaped<Out: ByteSink>(_ s: String, to out: inout Out) {
        if s.utf8.withContiguousStorageIfAvailable({ appendEscaped($0, to: &out) }) == nil {
            var copy = s
            copy.withUTF8 { appendEscaped($0, to: &out) }
        }
    }

    /// Appends UTF-8 `bytes` escaped for the inside of a JSON string.
    static func appendEscaped<Out: ByteSink>(_ bytes: UnsafeBufferPointer<UInt8>, to out: inout Out) {
        guard let base = bytes.baseAddress else { return }
        let plain = JSONWriter.plainTable
        var start = 0
        var i = 0
        let n = bytes.count
        while i < n {
            // Runs of bytes that need no escape are skipped over, eight at a time while they
            // are plain ASCII, then copied in one go.
            while i + 8 <= n, !mayNeedEscape(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) { i += 8 }
            while i < n, plain[Int(bytes[i])] { i += 1 }
            if i == n { break }
            let byte = bytes[i]
            if byte == 0xE2, !(i + 2 < n && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9)) {
                i += 1
                continue
            }
            out.put(UnsafeBufferPointer(rebasing: bytes[start..<i]))
            switch byte {
            case UInt8(ascii: "\""): write("\\\"", to: &out)
            case UInt8(ascii: "\\"): write("\\\\", to: &out)
            case 0x0A: write("\\n", to: &out)
            case 0x0D: write("\\r", to: &out)
            case 0x09: write("\\t", to: &out)
            case 0x08: write("\\b", to: &out)
            case 0x0C: write("\\f", to: &out)
            case 0xE2:
                // U+2028, U+2029: valid JSON, but not in JavaScript strings.
                appendUnicodeEscape(bytes[i + 2] == 0xA8 ? 0x2028 : 0x2029, to: &out)
                i += 2
            default: appendUnicodeEscape(UInt32(byte), to: &out)
            }
            i += 1
            start = i
        }
        if start < n { out.put(UnsafeBufferPointer(rebasing: bytes[start..<n])) }
    }

    /// Whether any of the eight bytes of `w` might need a look: a control character, a quote,
    /// a backslash, DEL or any byte of a multi-byte character. Exact for "none": a false
    /// alarm only sends the bytes through the table, byte by byte.
    @inline(__always)
    static func mayNeedEscape(_ w: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ v: UInt64) -> UInt64 { (v &- ones) & ~v & highs }
        let control = (w &- ones &* 0x20) & ~w & highs  // a byte below 0x20
        let quote = hasZero(w ^ (ones &* 0x22)), backslash = hasZero(w ^ (ones &* 0x5C)), del = hasZero(w ^ (ones &* 0x7F))
        return (control | quote | backslash | del | (w & highs)) != 0
    }

    /// Per byte, whether it is copied as it is: not a control character, quote, backslash,
    /// DEL or the lead byte of U+2028/U+2029 (checked further). Plain memory, made once and
    /// never freed: threads writing at once read it without touching a reference count.
    nonisolated(unsafe) static let plainTable: UnsafePointer<Bool> = {
        let table = UnsafeMutablePointer<Bool>.allocate(capacity: 256)
        for b in 0..<256 { table[b] = b >= 0x20 && b != 0x22 && b != 0x5C && b != 0x7F && b != 0xE2 }
        return UnsafePointer(table)
    }()

    private static func appendUnicodeEscape<Out: ByteSink>(_ value: UInt32, to out: inout Out) {
        let hex = Array("0123456789abcdef".utf8)
        out.put(UInt8(ascii: "\\"))
        out.put(UInt8(ascii: "u"))
        for shift in stride(from: 12, through: 0, by: -4) { out.put(hex[Int((value >> UInt32(shift)) & 0xF)]) }
    }

    /// Appends `s` as a quoted JSON string.
    package static func appendQuoted(_ s: String, to out: inout String) {
        out += quoted(s)
    }

    /// `s` as a quoted JSON string.
    package static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
