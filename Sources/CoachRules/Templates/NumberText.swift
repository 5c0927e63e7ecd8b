// NumberText.swift — numbers written as text byte by byte: fixed decimals, trailing zeros
// trimmed, thousands separators, regular English plurals. Every tip and checklist title of
// every seller goes through these, so they build each text in a stack buffer and make one
// String of it (no Character-level work, no heap for texts of up to 15 bytes).

import CoachExpr

enum NumberText {
    /// `d` (finite) with `digits` decimals, half away from zero as `d` is written; trailing
    /// zeros (and a bare point) dropped when `trim`; thousands separators when `grouped`.
    /// `shift`: `d` × 10^shift is written (a percentage: 2), rounded as `d` is written, not as
    /// the product is (0.0045 is 0.45%, though 0.0045 × 100 is 0.44999999999999996). nil when
    /// the number is too large for exact integer arithmetic (the caller takes the slow path).
    static func fixed(_ d: Double, digits: Int, trim: Bool, grouped: Bool, shift: Int = 0) -> String? {
        let digits = max(0, min(digits, 6))
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        var rounding = scale
        for _ in 0..<max(0, shift) { rounding *= 10 }
        guard let n = DecimalRounding.scaledWhole(abs(d), scale: rounding) else { return nil }
        let s = UInt64(scale)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { buffer -> String in
            let p = buffer.baseAddress.unsafelyUnwrapped
            var count = 0
            if d < 0 && n != 0 { p[0] = 45; count = 1 }  // "-"
            count = writeDecimal(n / s, grouped: grouped, to: p, at: count)
            if digits > 0 {
                var fraction = n % s
                let point = count
                p[point] = 46  // "."
                var k = point + digits
                while k > point {
                    p[k] = 48 &+ UInt8(truncatingIfNeeded: fraction % 10)
                    fraction /= 10
                    k -= 1
                }
                count = point + digits + 1
                if trim {
                    while count > point + 1 && p[count - 1] == 48 { count -= 1 }
                    if count == point + 1 { count = point }
                }
            }
            if count == 2 && p[0] == 45 && p[1] == 48 { return "0" }  // never "-0"
            return String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
        }
    }

    /// `n` with thousands separators.
    static func grouped(_ n: Int64) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer -> String in
            let p = buffer.baseAddress.unsafelyUnwrapped
            var count = 0
            if n < 0 { p[0] = 45; count = 1 }
            count = writeDecimal(n.magnitude, grouped: true, to: p, at: count)
            return String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
        }
    }

    /// `u` with thousands separators, every digit exact.
    static func grouped(_ u: UInt64) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { buffer -> String in
            let p = buffer.baseAddress.unsafelyUnwrapped
            let count = writeDecimal(u, grouped: true, to: p, at: 0)
            return String(decoding: UnsafeBufferPointer(start: p, count: count), as: UTF8.self)
        }
    }

    /// Writes `v`'s decimal digits at `p + at` (commas every three when `grouped`); returns the
    /// new count. Needs 26 bytes free.
    @inline(__always)
    static func writeDecimal(_ v: UInt64, grouped: Bool, to p: UnsafeMutablePointer<UInt8>, at: Int) -> Int {
        var digits = 1
        var rest = v / 10
        while rest > 0 { digits += 1; rest /= 10 }
        let width = digits + (grouped ? (digits - 1) / 3 : 0)
        var k = at + width - 1
        var x = v
        var written = 0
        while true {
            p[k] = 48 &+ UInt8(truncatingIfNeeded: x % 10)
            x /= 10
            written += 1
            k -= 1
            if x == 0 { break }
            if grouped && written % 3 == 0 { p[k] = 44; k -= 1 }  // ","
        }
        return at + width
    }

    /// Adds thousands separators to the whole part of a formatted number (digits, an
    /// optional sign and fraction); any other text comes back unchanged.
    static func grouped(_ s: String) -> String {
        let bytes = Array(s.utf8)
        let sign = bytes.first == 45
        let start = sign ? 1 : 0
        var end = start
        while end < bytes.count, bytes[end] != 46 {
            guard (48...57).contains(bytes[end]) else { return s }
            end += 1
        }
        let wholeCount = end - start
        guard wholeCount > 3 else { return s }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + wholeCount / 3)
        if sign { out.append(45) }
        for i in start..<end {
            if i > start && (end - i) % 3 == 0 { out.append(44) }
            out.append(bytes[i])
        }
        out.append(contentsOf: bytes[end...])
        return String(decoding: out, as: UTF8.self)
    }

    /// The regular English plural of a noun: boxes, categories, days, listings. Words that
    /// are not ASCII take the same rules through the standard library.
    static func plural(_ word: String) -> String {
        let u = word.utf8
        guard let last = u.last, u.allSatisfy({ $0 < 128 }) else { return slowPlural(word) }
        func lower(_ b: UInt8) -> UInt8 { (65...90).contains(b) ? b | 0x20 : b }
        let l = lower(last)
        let before = u.count > 1 ? lower(u[u.index(u.endIndex, offsetBy: -2)]) : 0
        if l == 115 || l == 120 || l == 122 || (l == 104 && (before == 99 || before == 115)) { return word + "es" }  // s x z ch sh
        if l == 121, before != 0, !"aeiou".utf8.contains(before) { return String(word.dropLast()) + "ies" }  // consonant + y
        return word + "s"
    }

    static func slowPlural(_ word: String) -> String {
        let lower = word.lowercased()
        if ["s", "x", "z", "ch", "sh"].contains(where: { lower.hasSuffix($0) }) { return word + "es" }
        if lower.hasSuffix("y"), let before = lower.dropLast().last, !"aeiou".contains(before) { return word.dropLast() + "ies" }
        return word + "s"
    }
}
