// UTF8Check.swift — finds the first invalid UTF-8 sequence in a file, with its position.

/// Validates UTF-8 before libyaml sees the bytes, so the error can name a line and column.
package enum UTF8Check {
    /// A problem found: the byte offset, and the line and column (in scalars) it falls on.
    package struct Problem {
        package let byteOffset: Int
        package let line: Int
        package let column: Int
        package let byte: UInt8
    }

    /// The first invalid sequence in `bytes`, or `nil` when all of it is valid UTF-8.
    package static func firstProblem(in bytes: UnsafeBufferPointer<UInt8>) -> Problem? {
        // First a check that steps over runs of ASCII (most of a rule file) eight bytes at a
        // time; lines and columns are counted, by the scan below, only when there is a problem.
        guard let base = bytes.baseAddress else { return nil }
        let n = bytes.count
        var i = 0
        while i < n {
            while i + 8 <= n, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
            if i == n { break }
            if base[i] < 0x80 { i += 1; continue }
            guard let width = sequenceWidth(bytes, at: i) else { return scan(bytes) }
            i += width
        }
        return nil
    }

    /// The first invalid sequence, counting lines and columns as it goes.
    package static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Problem? {
        var i = 0
        var line = 1
        var column = 1
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                if b == 0x0A { line += 1; column = 1 } else { column += 1 }
                i += 1
                continue
            }
            guard let width = sequenceWidth(bytes, at: i) else { return Problem(byteOffset: i, line: line, column: column, byte: b) }
            i += width
            column += 1
        }
        return nil
    }

    /// The length of the valid multi-byte sequence starting at `i`, or nil when it is not one
    /// (a stray continuation byte, a truncated or overlong sequence, a surrogate, or a value
    /// past U+10FFFF).
    @inline(__always)
    static func sequenceWidth(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        let b = bytes[i]
        let width: Int, minimum: UInt32
        var scalar: UInt32
        if b & 0xE0 == 0xC0 { width = 2; minimum = 0x80; scalar = UInt32(b & 0x1F) }
        else if b & 0xF0 == 0xE0 { width = 3; minimum = 0x800; scalar = UInt32(b & 0x0F) }
        else if b & 0xF8 == 0xF0 { width = 4; minimum = 0x10000; scalar = UInt32(b & 0x07) }
        else { return nil }
        guard i + width <= bytes.count else { return nil }
        for k in 1..<width {
            let c = bytes[i + k]
            guard c & 0xC0 == 0x80 else { return nil }
            scalar = scalar << 6 | UInt32(c & 0x3F)
        }
        if scalar < minimum || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF) { return nil }
        return width
    }
}
