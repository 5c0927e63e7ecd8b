// ByteSink.swift — where JSON text is written: a byte array, or a growable buffer that
// appends without the array's uniqueness and capacity checks on every small write (the JSON
// of a full result is a few thousand small pieces).

/// Something bytes are appended to.
protocol ByteSink {
    /// Appends one byte.
    mutating func put(_ byte: UInt8)
    /// Appends `bytes`.
    mutating func put(_ bytes: UnsafeBufferPointer<UInt8>)
}

extension Array: ByteSink where Element == UInt8 {
    @inline(__always)
    mutating func put(_ byte: UInt8) { append(byte) }
    @inline(__always)
    mutating func put(_ bytes: UnsafeBufferPointer<UInt8>) { append(contentsOf: bytes) }
}

/// A growable byte buffer in manually managed memory. A reference type: copies of a value
/// holding one write to the same bytes. Not thread-safe: one writer at a time, so its
/// fields skip dynamic exclusivity checks (they would cost more than the writes). The
/// package's text renderers write into one too (a tip's JSON, before its result is written):
/// an array's append checked its uniqueness and called the copy for every piece of a few bytes.
@usableFromInline
package final class ByteBuffer: ByteSink {
    @usableFromInline @exclusivity(unchecked) var base: UnsafeMutablePointer<UInt8>
    @usableFromInline @exclusivity(unchecked) var count = 0
    @usableFromInline @exclusivity(unchecked) var capacity: Int

    /// An empty buffer with room for `capacity` bytes.
    package init(capacity: Int = 4096) {
        self.capacity = max(16, capacity)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// The bytes written.
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Hands out the bytes written, with a zero byte after them, in memory the caller now owns
    /// (freed with `deallocate()`), and starts again, empty, in new memory with room for a
    /// quarter more than was written (not the room the largest text so far needed: each text
    /// handed out would then hold that much while its owner keeps it): for a host keeping the
    /// bytes, no copy of them.
    func take() -> (bytes: UnsafeMutablePointer<UInt8>, count: Int) {
        if count == capacity { grow(count + 1) }
        base[count] = 0
        let taken = (base, count)
        capacity = max(4096, count &+ count / 4 &+ 64)
        base = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        count = 0
        return taken
    }

    /// Whether nothing was written.
    var isEmpty: Bool { count == 0 }

    /// How many bytes were written.
    package var written: Int { count }

    /// Keeps only the first `n` bytes written (all of them when `n` is more).
    package func truncate(to n: Int) { count = min(max(0, n), count) }

    /// The bytes written, in place: valid until the next write.
    package var view: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Appends the bytes written to `out`.
    func append(to out: inout [UInt8]) { out.append(contentsOf: UnsafeBufferPointer(start: base, count: count)) }

    @inlinable @inline(__always)
    package func put(_ byte: UInt8) {
        if count == capacity { grow(count + 1) }
        base[count] = byte
        count += 1
    }

    @inlinable @inline(__always)
    package func put(_ bytes: UnsafeBufferPointer<UInt8>) {
        let n = bytes.count
        guard n > 0, let source = bytes.baseAddress else { return }
        if count + n > capacity { grow(count + n) }
        ByteBuffer.copy(UnsafeRawPointer(source), to: UnsafeMutableRawPointer(base + count), n)
        count += n
    }

    /// Room for `n` more bytes after those written: where to write them, then ``advance(_:)``
    /// by as many as were.
    @inlinable @inline(__always)
    func room(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        if count &+ n > capacity { grow(count &+ n) }
        return base + count
    }

    /// Counts `n` bytes written into the room ``room(_:)`` gave.
    @inlinable @inline(__always)
    func advance(_ n: Int) { count &+= n }

    /// Copies `n` bytes (the two ranges apart). Most copies are a key or an indentation of a
    /// few bytes: up to 16 are two overlapping loads and stores of a word, without a call.
    @inlinable @inline(__always)
    static func copy(_ from: UnsafeRawPointer, to: UnsafeMutableRawPointer, _ n: Int) {
        switch n {
        case 8...16:
            let head = from.loadUnaligned(as: UInt64.self), tail = from.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)
            to.storeBytes(of: head, as: UInt64.self)
            to.storeBytes(of: tail, toByteOffset: n - 8, as: UInt64.self)
        case 4..<8:
            let head = from.loadUnaligned(as: UInt32.self), tail = from.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)
            to.storeBytes(of: head, as: UInt32.self)
            to.storeBytes(of: tail, toByteOffset: n - 4, as: UInt32.self)
        case 1..<4:
            for i in 0..<n { to.storeBytes(of: from.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self) }
        case 17...: to.copyMemory(from: from, byteCount: n)
        default: break
        }
    }

    @usableFromInline
    func grow(_ needed: Int) {
        var c = capacity
        while c < needed { c = c.multipliedReportingOverflow(by: 2).overflow ? needed : c * 2 }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: c)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = c
    }
}
