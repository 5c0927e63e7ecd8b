// JSONStream.swift — JSON written straight into bytes as it is produced, in exactly the form
// ``JSONWriter`` gives a ``JSONValue`` tree (same indentation, same numbers, same escapes),
// for outputs written per seller where building a tree first would cost more than writing.

/// Writes JSON incrementally: `beginObject()`, `key(_:)` and a value, …, `endObject()`.
///
/// The bytes go into a ``ByteBuffer`` (a copy of a stream writes to the same buffer).
///
/// Public to the package's modules only (`@_spi(Streaming) import CoachJSON`), not to hosts:
/// a `package` type's members are never inlined into another module, and the small steps
/// here (a comma, a key, a byte copy) are called thousands of times per result.
@_spi(Streaming) public struct JSONStream {
    @usableFromInline var out: ByteBuffer
    @usableFromInline let indent: Int?
    /// Items written in each open container, innermost last.
    /// How many containers are open, and for each whether it has an item yet: a bit per
    /// level (the first 64 levels), an array past that.
    @usableFromInline var depth = 0
    @usableFromInline var nonEmpty: UInt64 = 0
    @usableFromInline var deeper: [Bool] = []
    @usableFromInline var afterKey = false

    /// An empty stream with room for `capacity` bytes; `indent: nil` writes one line.
    package init(indent: Int? = 2, capacity: Int = 4096) {
        self.indent = indent
        out = ByteBuffer(capacity: capacity)
    }

    /// A stream for a fragment: one value written as if `depth` containers were open and
    /// its key just written, for ``raw(_:)`` to copy into streams at that depth later.
    package init(fragmentAtDepth depth: Int, indent: Int?) {
        self.init(indent: indent, capacity: 256)
        for _ in 0..<max(0, depth) { open() }
        afterKey = true
    }

    /// Empties the stream for the next fragment at `depth` (as ``init(fragmentAtDepth:indent:)``
    /// makes one), keeping the room its buffer grew to.
    package mutating func reset(fragmentAtDepth depth: Int) {
        reset()
        for _ in 0..<max(0, depth) { open() }
        afterKey = true
    }

    /// Empties the stream for the next document, keeping the room its buffer grew to (a
    /// batch writes one result per seller into the same stream).
    package mutating func reset() {
        out.count = 0
        depth = 0
        nonEmpty = 0
        deeper.removeAll(keepingCapacity: true)
        afterKey = false
    }

    /// The indentation per level (nil: one line).
    package var indentation: Int? { indent }

    /// How many containers are open.
    package var openContainers: Int { depth }

    /// Writes `bytes` as the next value: the text of one value that a stream made with
    /// ``init(fragmentAtDepth:indent:)`` wrote at this depth and indentation.
    package mutating func raw(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { raw($0) }
    }

    /// The same, from memory the caller holds.
    package mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) {
        beforeValue()
        out.put(bytes)
    }

    /// The bytes written so far.
    package var bytes: [UInt8] { out.bytes }

    /// Calls `body` with the bytes written so far, in place (valid only during the call).
    package func withBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: out.base, count: out.count))
    }

    /// Whether nothing was written.
    package var isEmpty: Bool { out.isEmpty }

    /// Appends the bytes written so far to `bytes`.
    package func append(to bytes: inout [UInt8]) { out.append(to: &bytes) }

    /// Hands out the bytes written so far, a zero byte after them, in memory the caller now
    /// owns (freed with `deallocate()`); the stream is left empty, to be ``reset()`` before it
    /// writes again (see `ByteBuffer.take()`).
    package mutating func takeBytes() -> (bytes: UnsafeMutablePointer<UInt8>, count: Int) { out.take() }

    @inlinable @inline(__always)
    mutating func newline(_ level: Int) {
        guard let indent else { return }
        indentedNewline(level, indent)
    }

    @usableFromInline
    mutating func indentedNewline(_ level: Int, _ indent: Int) {
        let n = max(0, indent &* level)
        let p = out.room(n &+ 1 &+ 8)
        p[0] = 0x0A
        JSONStream.spaces(n, at: p + 1)
        out.advance(n &+ 1)
    }

    /// Writes `n` spaces at `p` a word at a time, and so up to 7 bytes past them: the caller's
    /// room holds 8 bytes more, and what it writes next goes over them.
    @inlinable @inline(__always)
    static func spaces(_ n: Int, at p: UnsafeMutablePointer<UInt8>) {
        let raw = UnsafeMutableRawPointer(p)
        var i = 0
        while i < n {
            raw.storeBytes(of: 0x2020_2020_2020_2020 as UInt64, toByteOffset: i, as: UInt64.self)
            i &+= 8
        }
    }

    /// Commas and line breaks before an array element or an object key.
    @inlinable @inline(__always)
    mutating func item() {
        guard depth > 0 else { return }
        if hasItems(depth) { out.put(UInt8(ascii: ",")) } else { setHasItems(depth, true) }
        newline(depth)
    }

    @inlinable @inline(__always)
    func hasItems(_ level: Int) -> Bool {
        level <= 64 ? nonEmpty & (1 << UInt64(level - 1)) != 0 : deeper[level - 65]
    }

    @inlinable @inline(__always)
    mutating func setHasItems(_ level: Int, _ value: Bool) {
        if level <= 64 {
            let bit: UInt64 = 1 << UInt64(level - 1)
            nonEmpty = value ? nonEmpty | bit : nonEmpty & ~bit
        } else {
            deeper[level - 65] = value
        }
    }

    /// A stream for the first members of an object: written as if `depth` containers were
    /// open, the innermost an object with nothing in it yet, for ``rawMembers(_:)`` to copy
    /// into streams at that depth later.
    package init(membersAtDepth depth: Int, indent: Int?) {
        self.init(indent: indent, capacity: 256)
        for _ in 0..<max(0, depth) { open() }
    }

    /// Writes `bytes` as the first members of the object just begun: the text that a stream
    /// made with ``init(membersAtDepth:indent:)`` wrote at this depth and indentation.
    @inlinable
    @_spi(Streaming) public mutating func rawMembers(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { rawMembers($0) }
    }

    /// The same, from memory the caller holds.
    @inlinable
    @_spi(Streaming) public mutating func rawMembers(_ bytes: UnsafeBufferPointer<UInt8>) {
        out.put(bytes)
        if !bytes.isEmpty, depth > 0 { setHasItems(depth, true) }
    }

    /// Says the container just begun holds items: the first ones laid out by the caller with
    /// ``put(_:)-(StaticString)`` (in a one-line stream), written straight in, not gathered first.
    @inlinable
    @_spi(Streaming) public mutating func markItems() {
        if depth > 0 { setHasItems(depth, true) }
    }

    /// Opens a container level.
    @inlinable @inline(__always)
    mutating func open() {
        depth += 1
        if depth > 64 { deeper.append(false) } else { setHasItems(depth, false) }
    }

    /// Closes the innermost level; whether it had any item.
    @inlinable @inline(__always)
    mutating func close() -> Bool {
        let had = hasItems(depth)
        if depth > 64 { deeper.removeLast() }
        depth -= 1
        return had
    }

    @inlinable @inline(__always)
    mutating func beforeValue() {
        if afterKey { afterKey = false } else { item() }
    }

    /// Before a value whose whole text the caller then lays out with ``put(_:)-(StaticString)``
    /// (a one-line stream): what the stream writes before any value (a comma after an item,
    /// nothing after a key), and the container marked as holding it.
    @inlinable @inline(__always)
    @_spi(Streaming) public mutating func beginLaidOutValue() { beforeValue() }

    /// Starts an object (as a value).
    @inlinable
    @_spi(Streaming) public mutating func beginObject() {
        beforeValue()
        out.put(UInt8(ascii: "{"))
        open()
    }

    /// Ends the innermost object.
    @inlinable
    @_spi(Streaming) public mutating func endObject() {
        if close() { newline(depth) }
        out.put(UInt8(ascii: "}"))
    }

    /// Starts an array (as a value).
    @inlinable
    @_spi(Streaming) public mutating func beginArray() {
        beforeValue()
        out.put(UInt8(ascii: "["))
        open()
    }

    /// Ends the innermost array.
    @inlinable
    @_spi(Streaming) public mutating func endArray() {
        if close() { newline(depth) }
        out.put(UInt8(ascii: "]"))
    }

    /// Writes an object key; the next call writes its value.
    @inlinable
    @_spi(Streaming) public mutating func key(_ k: StaticString) {
        if let indent, depth > 0, k.hasPointerRepresentation {
            indentedKey(k, indent)
            return
        }
        item()
        // Keys are the output format's own names, written as they are: plain ASCII that needs
        // no escape.
        out.put(UInt8(ascii: "\""))
        // A key literal is stored as UTF-8 in the binary: read in place, without a closure
        // (which would retain the buffer for every key).
        if k.hasPointerRepresentation {
            out.put(UnsafeBufferPointer(start: k.utf8Start, count: k.utf8CodeUnitCount))
        } else {
            k.withUTF8Buffer { out.put($0) }
        }
        out.put(UInt8(ascii: "\""))
        out.put(UInt8(ascii: ":"))
        if indent != nil { out.put(0x20) }
        afterKey = true
    }

    /// What ``key(_:)`` writes in an indented stream (a comma after a member, the line break,
    /// the indentation, the quoted key, the colon and a space), into room made once: written
    /// piece by piece, a key cost about a hundred instructions, and a result has dozens.
    @usableFromInline
    mutating func indentedKey(_ k: StaticString, _ indent: Int) {
        let had = hasItems(depth)
        if !had { setHasItems(depth, true) }
        let spaces = max(0, indent &* depth), length = k.utf8CodeUnitCount
        // The comma, the line break, the spaces (and the 8 bytes they may run over), the
        // quotes, the key, the colon and its space.
        let p = out.room(spaces &+ length &+ 16)
        var at = 0
        if had {
            p[0] = UInt8(ascii: ",")
            at = 1
        }
        p[at] = 0x0A
        JSONStream.spaces(spaces, at: p + at + 1)
        at = at &+ 1 &+ spaces
        p[at] = UInt8(ascii: "\"")
        ByteBuffer.copy(UnsafeRawPointer(k.utf8Start), to: UnsafeMutableRawPointer(p + at + 1), length)
        at = at &+ 1 &+ length
        p[at] = UInt8(ascii: "\"")
        p[at &+ 1] = UInt8(ascii: ":")
        p[at &+ 2] = 0x20
        out.advance(at &+ 3)
        afterKey = true
    }

    /// Writes an object key from `text`, the bytes ``keyText(_:depth:indent:)`` made for this
    /// stream's depth and indentation: what ``key(_:)`` writes after an object's first member
    /// (its comma, line break and indentation, the quoted key, the colon) in one copy. False,
    /// with nothing written, when the object has no member yet: the caller writes the key.
    @inlinable
    @_spi(Streaming) public mutating func rawKey(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard depth > 0, !afterKey, hasItems(depth) else { return false }
        out.put(text)
        afterKey = true
        return true
    }

    /// The bytes ``key(_:)`` writes for `key` after an object's first member, in a stream at
    /// `depth` (the object's own level) with `indent`, for ``rawKey(_:)``.
    package static func keyText(_ key: StaticString, depth: Int, indent: Int?) -> [UInt8] {
        var s = JSONStream(membersAtDepth: depth, indent: indent)
        s.key("x")
        s.null()
        let before = s.bytes.count
        s.key(key)
        return Array(s.bytes[before...])
    }

    /// Writes `bytes` as the next value: JSON text of a scalar (a quoted text that needs no
    /// escape, a number, `true`), the same at every depth.
    @inlinable
    @_spi(Streaming) public mutating func rawScalar(_ bytes: UnsafeBufferPointer<UInt8>) {
        beforeValue()
        out.put(bytes)
    }

    // MARK: Text laid out by the caller (one-line streams)

    /// Whether the stream writes one line (`indent: nil`): the text of a member or a value is
    /// then the same at every depth, so a writer may lay it out itself with ``put(_:)-(StaticString)``.
    @inlinable
    @_spi(Streaming) public var isOneLine: Bool { indent == nil }

    /// Writes `text` as it is: no comma, no key, no change to what the stream knows of the
    /// containers open. For a writer laying out members' text itself, in a one-line stream,
    /// inside an object that already has a member (so each member's text starts with `,`).
    @inline(__always)
    @inlinable
    @_spi(Streaming) public mutating func put(_ text: StaticString) {
        out.put(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Writes `bytes` as they are (see ``put(_:)-(StaticString)``).
    @inline(__always)
    @inlinable
    @_spi(Streaming) public mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) { out.put(bytes) }

    /// Writes `s` quoted and escaped, as they are (see ``put(_:)-(StaticString)``).
    package mutating func putQuoted(_ s: String) { JSONWriter.writeQuoted(s, to: &out) }

    /// Writes `s` escaped for the inside of a JSON string, without quotes (part of a string
    /// the caller lays out).
    package mutating func putEscaped(_ s: String) { JSONWriter.writeEscaped(s, to: &out) }

    /// Writes `s` quoted and escaped, or `null` (see ``put(_:)-(StaticString)``).
    @inline(__always)
    package mutating func putQuoted(_ s: String?) {
        if let s { putQuoted(s) } else { put("null") }
    }

    /// Writes an integer's digits (see ``put(_:)-(StaticString)``).
    package mutating func putInt(_ i: Int) { JSONWriter.write(Int64(i), to: &out) }

    /// Writes a double as ``double(_:)`` does (see ``put(_:)-(StaticString)``).
    package mutating func putDouble(_ d: Double) { JSONWriter.write(JSONWriter.number(d), to: &out) }

    /// Writes a key's text laid out by the caller (`,"name":` in a one-line stream); the next
    /// call writes its value, as after ``key(_:)``.
    @inline(__always)
    @inlinable
    @_spi(Streaming) public mutating func putKey(_ text: StaticString) {
        put(text)
        afterKey = true
    }

    /// Writes an object key that is not one of the format's own names (escaped as needed).
    package mutating func key(text k: String) {
        item()
        JSONWriter.writeQuoted(k, to: &out)
        out.put(UInt8(ascii: ":"))
        if indent != nil { out.put(0x20) }
        afterKey = true
    }

    /// A string value.
    package mutating func string(_ s: String) {
        beforeValue()
        JSONWriter.writeQuoted(s, to: &out)
    }

    /// A string value, or null.
    package mutating func string(_ s: String?) {
        if let s { string(s) } else { null() }
    }

    /// An integer value.
    package mutating func int(_ i: Int) {
        beforeValue()
        JSONWriter.write(Int64(i), to: &out)
    }

    /// A double value (as ``JSONWriter/number(_:)`` writes it).
    package mutating func double(_ d: Double) {
        beforeValue()
        JSONWriter.write(JSONWriter.number(d), to: &out)
    }

    /// A boolean value.
    package mutating func bool(_ b: Bool) {
        beforeValue()
        JSONWriter.write(b ? "true" : "false", to: &out)
    }

    /// `null`.
    package mutating func null() {
        beforeValue()
        JSONWriter.write("null", to: &out)
    }

    /// A whole ``JSONValue``, as ``JSONWriter`` writes it at this depth.
    package mutating func value(_ v: JSONValue) {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .int(let i): beforeValue(); JSONWriter.write(i, to: &out)
        case .uint(let u): beforeValue(); JSONWriter.write(String(u), to: &out)
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
