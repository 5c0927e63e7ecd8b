// PlainFields.swift — names laid out for the snapshot reader's one-pass reading: a list
// signal's object fields, or the catalog's signals. One record per name in one buffer, so the
// reader's loop does no array access, optional unwrapping, reference counting or call per key.

/// Names in declared order (a list signal's object fields, or the catalog's signals): per
/// name where its UTF-8 bytes are, the kind of a plain value for it, whether it may be left
/// out, and its range as two doubles (an open end infinite). Immutable once made.
package final class PlainFields: @unchecked Sendable {
    /// One field.
    package struct Field {
        /// The name's bytes (in storage this object owns).
        package let name: UnsafeRawPointer
        /// The name's length in bytes.
        package let length: Int
        /// For a name of 2 to 16 bytes, its first and its last 2, 4 or 8 bytes (the widest
        /// that fits) as words, loaded as a key's are, so a key is compared with two loads.
        package let head: UInt64
        package let tail: UInt64
        /// The kind its values must have.
        package let kind: SignalReadPlan.Scalar
        /// Whether a value for it is a scalar of ``kind``, read in one step when plain.
        package let scalar: Bool
        /// Whether a value for it is a list of scalars of ``kind`` (each within the range),
        /// read in one pass when every element is plain.
        package let list: Bool
        /// Whether it may be left out, or null.
        package let optional: Bool
        /// The range its numbers must be in (`-∞` and `+∞` when open), tested as
        /// ``ValueRange/contains(_:)`` tests it: `!(x < lo) && !(x > hi)`. For an int with a
        /// bound past ±(2^53 − 1), both are narrowed to within it: a double cannot tell the ints
        /// beyond apart, so those are left to the general reading, which checks them exactly.
        package let lo: Double
        package let hi: Double
    }

    /// The fields, `count` of them.
    package let fields: UnsafePointer<Field>
    /// The number of fields.
    package let count: Int
    private let names: UnsafeMutableRawPointer
    private let records: UnsafeMutablePointer<Field>

    /// `kinds[i]` nil for a name whose values are neither scalars nor lists of scalars;
    /// `lists[i]` true for a list of scalars of `kinds[i]` (none when `lists` is empty).
    package init(names fieldNames: [String], kinds: [SignalReadPlan.Scalar?], ranges: [ValueRange?], optional: [Bool], lists: [Bool] = []) {
        let n = min(fieldNames.count, kinds.count, ranges.count, optional.count)
        let total = fieldNames.prefix(n).reduce(0) { $0 + $1.utf8.count }
        let storage = UnsafeMutableRawPointer.allocate(byteCount: max(1, total), alignment: 8)
        let made = UnsafeMutablePointer<Field>.allocate(capacity: max(1, n))
        var offset = 0
        for i in 0..<n {
            var name = 0
            for byte in fieldNames[i].utf8 {
                storage.storeBytes(of: byte, toByteOffset: offset + name, as: UInt8.self)
                name += 1
            }
            let at = UnsafeRawPointer(storage + offset)
            var lo = ranges[i]?.min ?? -.infinity, hi = ranges[i]?.max ?? .infinity
            if kinds[i] == .int {
                // A bound past ±(2^53 − 1) narrows both sides to within it (a bound of 2^53 + 1
                // reads as 2^53 in a double): what is outside, the general reading checks.
                let exact = 9_007_199_254_740_991.0  // 2^53 − 1
                if (lo.isFinite && abs(lo) > exact) || (hi.isFinite && abs(hi) > exact) {
                    lo = max(lo, -exact)
                    hi = min(hi, exact)
                }
            }
            let (head, tail) = PlainFields.words(at, name)
            (made + i).initialize(to: Field(name: at, length: name, head: head, tail: tail, kind: kinds[i] ?? .string,
                                            scalar: kinds[i] != nil && !(i < lists.count && lists[i]),
                                            list: kinds[i] != nil && i < lists.count && lists[i], optional: optional[i],
                                            lo: lo, hi: hi))
            offset += name
        }
        names = storage
        records = made
        fields = UnsafePointer(made)
        count = n
    }

    /// The first and the last `w` bytes of the `n` at `p` as words, `w` the widest of 8, 4
    /// and 2 no longer than `n` (the two overlap when `n < 2w`); zero for other lengths.
    static func words(_ p: UnsafeRawPointer, _ n: Int) -> (UInt64, UInt64) {
        switch n {
        case 17...: return (0, 0)
        case 8...: return (p.loadUnaligned(as: UInt64.self), p.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self))
        case 4...: return (UInt64(p.loadUnaligned(as: UInt32.self)), UInt64(p.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)))
        case 2...: return (UInt64(p.loadUnaligned(as: UInt16.self)), UInt64(p.loadUnaligned(fromByteOffset: n - 2, as: UInt16.self)))
        default: return (0, 0)
        }
    }

    deinit {
        records.deinitialize(count: count)
        records.deallocate()
        names.deallocate()
    }
}
