// PlainFields+Keys.swift — whether a snapshot key spells a laid-out name: by its length and
// two loads of a word, inlined into the reader's loops (in this module, so that it is).

import CoachRules
#if canImport(Glibc)
import Glibc
#endif

extension PlainFields.Field {
    /// Whether the `n` bytes at `p` spell this name: for 2 to 16 bytes, a word from each
    /// end compared with the name's own (``head``, ``tail``).
    @inline(__always)
    func isSpelled(by p: UnsafeRawPointer, _ n: Int) -> Bool {
        guard length == n else { return false }
        switch n {
        case 17...: return memcmp(name, p, n) == 0
        case 8...: return p.loadUnaligned(as: UInt64.self) == head && p.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) == tail
        case 4...: return UInt64(p.loadUnaligned(as: UInt32.self)) == head && UInt64(p.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)) == tail
        case 2...: return UInt64(p.loadUnaligned(as: UInt16.self)) == head && UInt64(p.loadUnaligned(fromByteOffset: n - 2, as: UInt16.self)) == tail
        case 1: return p.load(as: UInt8.self) == name.load(as: UInt8.self)
        default: return true
        }
    }
}
