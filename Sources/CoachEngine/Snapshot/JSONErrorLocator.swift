// JSONErrorLocator.swift — on the error path only: finds where malformed JSON goes wrong,
// since simdjson reports what is wrong but not where.

import CoachYAML

/// Scans JSON text and reports the first syntax error with its position.
package enum JSONErrorLocator {
    /// The deepest nesting a snapshot may have (the simdjson shim allocates its parser with the same).
    static let maxDepth = 512
    package struct Located {
        package let scalarOffset: Int
        package let message: String
        package let hint: String?
    }

    struct Failure: Error {
        let offset: Int
        let message: String
        let hint: String?
    }

    static func hex(_ b: UInt8) -> String { (b < 16 ? "0" : "") + String(b, radix: 16, uppercase: true) }

    package static func locate(_ bytes: [UInt8]) -> Located? {
        var scanner = Scanner(b: bytes)
        do {
            if let p = bytes.withUnsafeBufferPointer({ UTF8Check.firstProblem(in: $0) }) {
                throw Failure(offset: p.byteOffset, message: "invalid UTF-8 (byte 0x\(hex(p.byte)) at offset \(p.byteOffset))",
                              hint: "write the snapshot as UTF-8")
            }
            scanner.skipSpace()
            try scanner.value(depth: 0)
            scanner.skipSpace()
            if scanner.i < bytes.count {
                throw Failure(offset: scanner.i, message: "unexpected text after the end of the JSON value", hint: nil)
            }
            return nil
        } catch let f as Failure {
            // Convert the byte offset to a Unicode scalar offset.
            let prefix = bytes[0..<min(f.offset, bytes.count)]
            let scalars = prefix.reduce(0) { $1 & 0xC0 == 0x80 ? $0 : $0 + 1 }
            return Located(scalarOffset: scalars, message: f.message, hint: f.hint)
        } catch {
            return nil
        }
    }

    struct Scanner {
        let b: [UInt8]
        var i = 0

        mutating func skipSpace() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x0A || b[i] == 0x0D || b[i] == 0x09 { i += 1 }
        }

        func fail(_ message: String, hint: String? = nil) -> Failure {
            Failure(offset: i, message: message, hint: hint)
        }

        mutating func value(depth: Int) throws {
            guard depth < JSONErrorLocator.maxDepth else { throw fail("nesting deeper than \(JSONErrorLocator.maxDepth) levels") }
            guard i < b.count else { throw fail("the text ends where a value was expected", hint: "the JSON is cut short") }
            switch b[i] {
            case UInt8(ascii: "{"):
                i += 1
                skipSpace()
                if i < b.count, b[i] == UInt8(ascii: "}") { i += 1; return }
                while true {
                    skipSpace()
                    guard i < b.count else { throw fail("the text ends inside an object", hint: "add the closing '}'") }
                    guard b[i] == UInt8(ascii: "\"") else {
                        throw fail("expected a member name in double quotes", hint: i < b.count && b[i] == UInt8(ascii: "}") ? "remove the trailing comma" : "JSON object keys are quoted: \"name\": value")
                    }
                    try string()
                    skipSpace()
                    guard i < b.count, b[i] == UInt8(ascii: ":") else { throw fail("expected ':' after the member name") }
                    i += 1
                    skipSpace()
                    try value(depth: depth + 1)
                    skipSpace()
                    guard i < b.count else { throw fail("the text ends inside an object", hint: "add the closing '}'") }
                    if b[i] == UInt8(ascii: ",") { i += 1; continue }
                    if b[i] == UInt8(ascii: "}") { i += 1; return }
                    throw fail("expected ',' or '}' after a member")
                }
            case UInt8(ascii: "["):
                i += 1
                skipSpace()
                if i < b.count, b[i] == UInt8(ascii: "]") { i += 1; return }
                while true {
                    skipSpace()
                    if i < b.count, b[i] == UInt8(ascii: "]") { throw fail("unexpected ']'", hint: "remove the trailing comma") }
                    try value(depth: depth + 1)
                    skipSpace()
                    guard i < b.count else { throw fail("the text ends inside a list", hint: "add the closing ']'") }
                    if b[i] == UInt8(ascii: ",") { i += 1; continue }
                    if b[i] == UInt8(ascii: "]") { i += 1; return }
                    throw fail("expected ',' or ']' after a list item")
                }
            case UInt8(ascii: "\""):
                try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                try number()
            default:
                throw fail("unexpected \(character(at: i))",
                           hint: b[i] == UInt8(ascii: "'") ? "JSON strings use double quotes" : nil)
            }
        }

        /// The character at `i` as a message shows it: printable ASCII quoted, anything
        /// else by its code, so a control byte never reaches a terminal raw.
        func character(at i: Int) -> String {
            let c = b[i]
            if c > 0x20, c < 0x7F { return "character '\(Character(Unicode.Scalar(c)))'" }
            if c < 0x80 { return "control character U+00\(JSONErrorLocator.hex(c))" }
            var decoder = UTF8()
            var iterator = b[i...].makeIterator()
            if case .scalarValue(let s) = decoder.decode(&iterator) {
                return "character U+\(String(s.value, radix: 16, uppercase: true))"
            }
            return "byte 0x\(JSONErrorLocator.hex(c))"
        }

        mutating func literal(_ word: String) throws {
            let w = Array(word.utf8)
            guard i + w.count <= b.count, Array(b[i..<i + w.count]) == w else {
                throw fail("invalid literal", hint: "JSON knows true, false and null (lower case)")
            }
            i += w.count
        }

        mutating func number() throws {
            let start = i
            if b[i] == UInt8(ascii: "-") { i += 1 }
            var digits = 0
            let first = i
            while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1; digits += 1 }
            if digits == 0 { throw Failure(offset: start, message: "invalid number", hint: nil) }
            if digits > 1, b[first] == UInt8(ascii: "0") {
                throw Failure(offset: start, message: "invalid number: a leading zero", hint: "write the number without it, or as text in quotes")
            }
            if i < b.count, b[i] == UInt8(ascii: ".") {
                i += 1
                var frac = 0
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1; frac += 1 }
                if frac == 0 { throw Failure(offset: start, message: "invalid number: digits must follow '.'", hint: nil) }
            }
            if i < b.count, b[i] == UInt8(ascii: "e") || b[i] == UInt8(ascii: "E") {
                i += 1
                if i < b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-") { i += 1 }
                var exp = 0
                while i < b.count, b[i] >= 0x30, b[i] <= 0x39 { i += 1; exp += 1 }
                if exp == 0 { throw Failure(offset: start, message: "invalid number: digits must follow the exponent", hint: nil) }
            }
            // Well formed, but beyond what a number can hold (simdjson refuses these too).
            let token = String(decoding: b[start..<i], as: UTF8.self)
            if let d = Double(token), !d.isFinite {
                throw Failure(offset: start, message: "the number \(token.clipped()) is too large", hint: nil)
            }
            if !token.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }), Int64(token) == nil, UInt64(token) == nil {
                throw Failure(offset: start, message: "the integer \(token.clipped()) is too large for 64 bits", hint: "write it as a double (with .0) or as text")
            }
        }

        mutating func string() throws {
            let start = i
            i += 1
            while i < b.count {
                let c = b[i]
                if c == UInt8(ascii: "\"") { i += 1; return }
                if c == UInt8(ascii: "\\") {
                    try escape()
                    continue
                }
                if c < 0x20 { throw fail("control character inside a string", hint: "write a line break as \\n") }
                i += 1
            }
            throw Failure(offset: start, message: "string is never closed", hint: "add the closing '\"'")
        }

        /// The escape at `i` (a backslash), as simdjson takes them: one of `\" \\ \/ \b \f \n
        /// \r \t`, or `\u` and four hex digits, a surrogate only as the first of a pair.
        mutating func escape() throws {
            guard i + 1 < b.count else { i += 1; return }  // the string is never closed: said by the caller
            switch b[i + 1] {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                 UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                i += 2
            case UInt8(ascii: "u"):
                guard let unit = hex4(at: i + 2) else {
                    throw fail("invalid \\u escape: four hex digits must follow", hint: "write a character as \\u00E9, or as itself")
                }
                if unit >= 0xDC00, unit <= 0xDFFF { throw fail(Self.loneSurrogate(unit), hint: Self.surrogateHint) }
                if unit >= 0xD800, unit <= 0xDBFF {
                    guard i + 7 < b.count, b[i + 6] == UInt8(ascii: "\\"), b[i + 7] == UInt8(ascii: "u"),
                          let low = hex4(at: i + 8), low >= 0xDC00, low <= 0xDFFF else {
                        throw fail(Self.loneSurrogate(unit), hint: Self.surrogateHint)
                    }
                    i += 12
                } else {
                    i += 6
                }
            default:
                throw fail("invalid escape \(character(at: i + 1)) after '\\' in a string",
                           hint: #"JSON's escapes are \" \\ \/ \b \f \n \r \t and \uXXXX; a backslash itself is \\"#)
            }
        }

        /// The four hex digits at `at` as a number, or nil.
        func hex4(at: Int) -> UInt32? {
            guard at + 4 <= b.count else { return nil }
            var value: UInt32 = 0
            for k in at..<at + 4 {
                let c = b[k]
                let digit: UInt8
                switch c {
                case 0x30...0x39: digit = c - 0x30
                case 0x41...0x46: digit = c - 0x41 + 10
                case 0x61...0x66: digit = c - 0x61 + 10
                default: return nil
                }
                value = value << 4 | UInt32(digit)
            }
            return value
        }

        static func loneSurrogate(_ unit: UInt32) -> String {
            "invalid \\u escape: \\u\(String(unit, radix: 16, uppercase: true)) is half of a surrogate pair, alone"
        }

        static let surrogateHint = #"a character beyond U+FFFF is written as a pair of escapes, such as \uD83D\uDE00, or as itself"#
    }
}
