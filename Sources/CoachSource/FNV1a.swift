// FNV1a.swift — the 64-bit FNV-1a hash: the one implementation behind rule-set fingerprints
// and the byte-keyed name tables.

/// A running 64-bit FNV-1a hash: stable across runs and machines (unlike `Hasher`).
package struct FNV1a: Sendable {
    /// The hash of what was fed so far.
    package var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// A hash of nothing yet.
    @inlinable package init() {}

    /// Feeds one byte.
    @inlinable @inline(__always)
    package mutating func feed(_ byte: UInt8) { value = (value ^ UInt64(byte)) &* 0x100_0000_01b3 }

    /// Feeds the bytes of a buffer in order: a loop over memory. (There is deliberately no
    /// form for any sequence of bytes: callers in other modules reached it through the
    /// iterator's witnesses, about 300 instructions a byte; hash a String with `withUTF8`.)
    @inlinable
    package mutating func feed(_ bytes: UnsafeRawBufferPointer) {
        for i in 0..<bytes.count { feed(bytes[i]) }
    }
}
