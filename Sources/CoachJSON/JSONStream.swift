// JSONStream.swift — JSON written straight into bytes as it is produced, in exactly the form
// ``JSONWriter`` gives a ``JSONValue`` tree (same indentation, same numbers, same escapes),
// for outputs written per seller where building a tree first would cost more than writing.

/// Writes JSON incrementally: `beginObject()`, `key(_:)` and a value, …, `endObject()`.
public struct JSONStream {
    /// The bytes written so far.
    public var bytes: [UInt8]
    private let indent: Int?
    /// An empty stream with room for `capacity` bytes.
    public init(indent: Int? = 2, capacity: Int) {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(capacity)
        self.init(indent: indent, appendingTo: bytes)
    }

    /// Items written in each open container, innermost last.
    private var counts: [Int] = []
    private var afterKey = false

    /// A stream appending to `bytes`; `indent: nil` writes one line.
    public init(indent: Int? = 2, appendingTo bytes: [UInt8] = []) {
        self.indent = indent
        self.bytes = bytes
        counts.reserveCapacity(8)
    }

    private mutating func newline(_ level: Int) {
        guard let indent else { return }
        bytes.append(0x0A)
        var n = indent * level
        while n > 0 {
            let k = min(n, Self.spaceCount)
            bytes.append(contentsOf: UnsafeBufferPointer(start: Self.spaces, count: k))
            n -= k
        }
    }

    private static let spaceCount = 64
    /// Spaces for indentation, appended in one go: plain memory, made once and never freed.
    nonisolated(unsafe) private static let spaces: UnsafePointer<UInt8> = {
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: spaceCount)
        p.initialize(repeating: 0x20, count: spaceCount)
        return UnsafePointer(p)
    }()

    /// Commas and line breaks before an array element or an object key.
    private mutating func item() {
        guard let top = counts.indices.last else { return }
        if counts[top] > 0 { bytes.append(UInt8(ascii: ",")) }
        newline(counts.count)
        counts[top] += 1
    }

    private mutating func beforeValue() {
        if afterKey { afterKey = false } else { item() }
    }

    /// Starts an object (as a value).
    public mutating func beginObject() {
        beforeValue()
        bytes.append(UInt8(ascii: "{"))
        counts.append(0)
    }

    /// Ends the innermost object.
    public mutating func endObject() {
        let n = counts.removeLast()
        if n > 0 { newline(counts.count) }
        bytes.append(UInt8(ascii: "}"))
    }

    /// Starts an array (as a value).
    public mutating func beginArray() {
        beforeValue()
        bytes.append(UInt8(ascii: "["))
        counts.append(0)
    }

    /// Ends the innermost array.
    public mutating func endArray() {
        let n = counts.removeLast()
        if n > 0 { newline(counts.count) }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes an object key; the next call writes its value.
    public mutating func key(_ k: StaticString) {
        item()
        // Keys are the output format's own names, written as they are: plain ASCII that needs
        // no escape.
        bytes.append(UInt8(ascii: "\""))
        k.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
        if indent != nil { bytes.append(0x20) }
        afterKey = true
    }

    /// Writes an object key that is not one of the format's own names (escaped as needed).
    public mutating func key(text k: String) {
        item()
        JSONWriter.appendQuoted(k, to: &bytes)
        bytes.append(UInt8(ascii: ":"))
        if indent != nil { bytes.append(0x20) }
        afterKey = true
    }

    /// A string value.
    public mutating func string(_ s: String) {
        beforeValue()
        JSONWriter.appendQuoted(s, to: &bytes)
    }

    /// A string value, or null.
    public mutating func string(_ s: String?) {
        if let s { string(s) } else { null() }
    }

    /// An integer value.
    public mutating func int(_ i: Int) {
        beforeValue()
        JSONWriter.append(Int64(i), to: &bytes)
    }

    /// A double value (as ``JSONWriter/number(_:)`` writes it).
    public mutating func double(_ d: Double) {
        beforeValue()
        JSONWriter.append(JSONWriter.number(d), to: &bytes)
    }

    /// A boolean value.
    public mutating func bool(_ b: Bool) {
        beforeValue()
        JSONWriter.append(b ? "true" : "false", to: &bytes)
    }

    /// `null`.
    public mutating func null() {
        beforeValue()
        JSONWriter.append("null", to: &bytes)
    }

    /// A whole ``JSONValue``, as ``JSONWriter`` writes it at this depth.
    public mutating func value(_ v: JSONValue) {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .int(let i): beforeValue(); JSONWriter.append(i, to: &bytes)
        case .uint(let u): beforeValue(); JSONWriter.append(String(u), to: &bytes)
        case .double(let d): double(d)
        case .string(let s): string(s)
        case .array(let items):
            beginArray()
            for item in items { value(item) }
            endArray()
        case .object(let pairs):
            beginObject()
            for (k, item) in pairs {
                key(text: k)
                value(item)
            }
            endObject()
        }
    }
}
