// NameTable.swift — finds a name's index from its UTF-8 bytes without building a String,
// for reading snapshot keys quickly.

#if canImport(Glibc)
import CoachSource
import Glibc
#endif

/// Maps names to indexes, looked up by raw UTF-8 bytes.
///
/// The names are stored in one byte array and found through an open-addressing table, so a
/// lookup is a hash, a probe or two and one `memcmp`. Callers reading objects whose keys
/// come in a repeated order (the listings of a snapshot) pass the index they expect next,
/// which is checked first.
package struct NameTable: Sendable {
    @usableFromInline let bytes: [UInt8]
    @usableFromInline let starts: [Int]
    private let slots: [Int32]
    private let mask: Int

    /// A table of `names`; a name's index is its position in the array.
    package init(_ names: [String]) {
        var bytes: [UInt8] = []
        var starts = [0]
        for n in names {
            bytes.append(contentsOf: n.utf8)
            starts.append(bytes.count)
        }
        var size = 8
        while size < names.count * 2 { size *= 2 }
        var slots = [Int32](repeating: -1, count: size)
        for i in names.indices {
            let hash = bytes.withUnsafeBytes { Self.hash(UnsafeRawBufferPointer(rebasing: $0[starts[i]..<starts[i + 1]])) }
            var s = hash & (size - 1)
            while slots[s] >= 0 { s = (s + 1) & (size - 1) }
            slots[s] = Int32(i)
        }
        self.bytes = bytes
        self.starts = starts
        self.slots = slots
        self.mask = size - 1
    }

    /// The number of names.
    @inlinable package var count: Int { starts.count - 1 }

    /// The index of the name spelled by `bytes`, or `nil`.
    package func index(of name: UnsafeRawBufferPointer) -> Int? {
        var s = Self.hash(name) & mask
        while true {
            let i = Int(slots[s])
            if i < 0 { return nil }
            if matches(i, name) { return i }
            s = (s + 1) & mask
        }
    }

    /// The index of the name spelled by `bytes`, checking `expected` first (the index that
    /// usually comes next, when keys come in a repeated order).
    package func index(of name: UnsafeRawBufferPointer, expected: Int) -> Int? {
        if expected >= 0, expected < count, matches(expected, name) { return expected }
        return index(of: name)
    }

    /// Whether name `i` is spelled by `name` (inlinable: the snapshot reader's plain objects
    /// compare each key with the field expected next).
    @inlinable @inline(__always)
    package func matches(_ i: Int, _ name: UnsafeRawBufferPointer) -> Bool {
        let start = starts[i], length = starts[i + 1] - start
        guard length == name.count else { return false }
        if length == 0 { return true }
        return bytes.withUnsafeBytes { NameTable.same($0.baseAddress! + start, name.baseAddress!, length) }
    }

    /// Whether `n` bytes at `a` and at `b` are the same: up to 16 by two overlapping loads of
    /// a word (never past either end), longer by `memcmp`.
    @inlinable @inline(__always)
    package static func same(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
        func equal<T: FixedWidthInteger>(_ t: T.Type) -> Bool {
            a.loadUnaligned(as: T.self) == b.loadUnaligned(as: T.self)
                && a.loadUnaligned(fromByteOffset: n - MemoryLayout<T>.size, as: T.self) == b.loadUnaligned(fromByteOffset: n - MemoryLayout<T>.size, as: T.self)
        }
        switch n {
        case 17...: return memcmp(a, b, n) == 0
        case 8...: return equal(UInt64.self)
        case 4...: return equal(UInt32.self)
        case 2...: return equal(UInt16.self)
        case 1: return a.load(as: UInt8.self) == b.load(as: UInt8.self)
        default: return true
        }
    }

    /// The index of `name`, or `nil`.
    package func index(of name: String) -> Int? {
        var copy = name
        return copy.withUTF8 { index(of: UnsafeRawBufferPointer($0)) }
    }

    static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var h = FNV1a()
        h.feed(bytes)
        return Int(truncatingIfNeeded: h.value ^ (h.value >> 29))
    }
}
