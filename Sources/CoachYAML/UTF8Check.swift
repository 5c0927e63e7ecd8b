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
        var i = 0
        var line = 1
        var column = 1
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            var width = 0
            var minimum: UInt32 = 0
            var scalar: UInt32 = 0
            if b < 0x80 {
                if b == 0x0A { line += 1; column = 1 } else { column += 1 }
                i += 1
                continue
            } else if b & 0xE0 == 0xC0 { width = 2; minimum = 0x80; scalar = UInt32(b & 0x1F) }
            else if b & 0xF0 == 0xE0 { width = 3; minimum = 0x800; scalar = UInt32(b & 0x0F) }
            else if b & 0xF8 == 0xF0 { width = 4; minimum = 0x10000; scalar = UInt32(b & 0x07) }
            else { return Problem(byteOffset: i, line: line, column: column, byte: b) }
            guard i + width <= n else { return Problem(byteOffset: i, line: line, column: column, byte: b) }
            for k in 1..<width {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return Problem(byteOffset: i, line: line, column: column, byte: b) }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF) {
                return Problem(byteOffset: i, line: line, column: column, byte: b)
            }
            i += width
            column += 1
        }
        return nil
    }
}
