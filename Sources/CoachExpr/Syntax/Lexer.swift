// Lexer.swift — splits expression text into tokens. Works over Unicode scalars so that
// offsets are the column unit diagnostics use.

import CoachSource

/// Turns expression text into tokens, resolving literal escapes.
package struct Lexer {
    private let s: [Unicode.Scalar]
    private var i = 0

    init(_ text: String) { s = Array(text.unicodeScalars) }

    private func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }

    static let reserved: Set<String> = [
        "as", "break", "const", "continue", "else", "for", "function", "if", "import", "let",
        "loop", "package", "namespace", "return", "var", "void", "while",
    ]

    /// The words no name may be: the reserved words and the literals `true`, `false`,
    /// `null` and the operator `in`.
    package static let unusableNames: Set<String> = reserved.union(["true", "false", "null", "in"])

    /// Whether `name` can stand as a variable's name: ASCII letters, digits and `_`, not
    /// starting with a digit, and not a literal or reserved word. The one rule for names:
    /// the rule format checks the names it declares with it.
    package static func isIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, isIdentStart(first) else { return false }
        guard !unusableNames.contains(name) else { return false }
        return name.unicodeScalars.allSatisfy(isIdentPart)
    }

    /// All tokens, ending with `.eof`.
    mutating func tokenize() throws(SyntaxError) -> [Token] {
        var out: [Token] = []
        while true {
            let t = try next()
            out.append(t)
            if t.kind == .eof { return out }
        }
    }

    private mutating func skipSpaceAndComments() {
        while let c = peek() {
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}" {
                i += 1
            } else if c == "/", peek(1) == "/" {
                while let d = peek(), d != "\n" { i += 1 }
            } else {
                return
            }
        }
    }

    /// A character for a message: itself when printable, else its escape.
    static func shown(_ c: Unicode.Scalar) -> String {
        c.properties.generalCategory == .control || c.properties.isWhitespace ? c.escaped(asASCII: true) : String(c)
    }

    /// What a name starts with: an ASCII letter or `_`.
    private static func isIdentStart(_ c: Unicode.Scalar) -> Bool { c == "_" || c.isASCIILetter }
    /// What a name goes on with: an ASCII letter, digit or `_`.
    private static func isIdentPart(_ c: Unicode.Scalar) -> Bool { isIdentStart(c) || c.isASCIIDigit }
    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c.isASCIIDigit }
    private static func isHex(_ c: Unicode.Scalar) -> Bool {
        isDigit(c) || (c >= "a" && c <= "f") || (c >= "A" && c <= "F")
    }

    private mutating func next() throws(SyntaxError) -> Token {
        skipSpaceAndComments()
        let start = i
        guard let c = peek() else { return Token(kind: .eof, offset: i, length: 1) }
        // String and bytes literals with prefixes.
        if c == "'" || c == "\"" { return try stringLiteral(start: start, raw: false, bytes: false) }
        if c == "r" || c == "R" || c == "b" || c == "B" {
            var j = 0
            var raw = false, bytes = false
            while j < 2, let p = peek(j) {
                if (p == "r" || p == "R") && !raw { raw = true; j += 1 } else if (p == "b" || p == "B") && !bytes { bytes = true; j += 1 } else { break }
            }
            if let q = peek(j), q == "'" || q == "\"" {
                i += j
                return try stringLiteral(start: start, raw: raw, bytes: bytes)
            }
        }
        if c == "`" {
            i += 1
            let nameStart = i
            while let d = peek(), d != "`" {
                let ok = Lexer.isIdentStart(d) || Lexer.isDigit(d) || d == "." || d == "-" || d == "/" || d == " "
                if !ok { throw SyntaxError(message: "unexpected character '\(Lexer.shown(d))' in a quoted field name", offset: i) }
                i += 1
            }
            guard peek() == "`" else { throw SyntaxError(message: "unterminated quoted field name", offset: start, hint: "add the closing '`'") }
            let name = text(nameStart, i)
            i += 1
            if name.isEmpty { throw SyntaxError(message: "empty quoted field name", offset: start) }
            return Token(kind: .quotedIdent(name), offset: start, length: i - start)
        }
        if Lexer.isIdentStart(c) {
            while let d = peek(), Lexer.isIdentPart(d) { i += 1 }
            let name = String(scalars: s[start..<i])
            return Token(kind: .ident(name), offset: start, length: i - start)
        }
        if Lexer.isDigit(c) || (c == "." && peek(1).map(Lexer.isDigit) == true) {
            return try number(start: start)
        }
        if let d = peek(1), Lexer.isPair(c, d) {
            var pair = ""
            pair.unicodeScalars.append(c)
            pair.unicodeScalars.append(d)
            i += 2
            return Token(kind: .punct(pair), offset: start, length: 2)
        }
        if Lexer.single.contains(c) {
            i += 1
            return Token(kind: .punct(String(c)), offset: start, length: 1)
        }
        if c == "=" || c == "&" || c == "|" {
            throw SyntaxError(message: "unexpected '\(c)'", offset: start, hint: c == "=" ? "use '==' to compare" : "use '\(c)\(c)'")
        }
        throw SyntaxError(message: "unexpected character '\(Lexer.shown(c))'", offset: start,
                          hint: c.value > 127 && c.properties.isAlphabetic ? "names are ASCII letters, digits and '_'" : nil)
    }

    /// One-character punctuation.
    static let single: Set<Unicode.Scalar> = ["+", "-", "*", "/", "%", "!", "<", ">", "?", ":", ".", ",", "(", ")", "[", "]", "{", "}"]

    /// `&&`, `||`, `==`, `!=`, `<=`, `>=`.
    static func isPair(_ c: Unicode.Scalar, _ d: Unicode.Scalar) -> Bool {
        switch (c, d) {
        case ("&", "&"), ("|", "|"), ("=", "="), ("!", "="), ("<", "="), (">", "="): return true
        default: return false
        }
    }

    private mutating func number(start: Int) throws(SyntaxError) -> Token {
        // Hexadecimal.
        if peek() == "0", let x = peek(1), x == "x" || x == "X" {
            i += 2
            let digitsStart = i
            while let d = peek(), Lexer.isHex(d) { i += 1 }
            let digits = text(digitsStart, i)
            if digits.isEmpty { throw SyntaxError(message: "expected hexadecimal digits after '0x'", offset: i) }
            if let u = peek(), u == "u" || u == "U" {
                i += 1
                guard let v = UInt64(digits, radix: 16) else { throw SyntaxError(message: "unsigned integer literal out of range", offset: start, length: i - start) }
                return try finishNumber(.uint(v), start)
            }
            guard let v = Int64(digits, radix: 16) else {
                return try finishNumber(.intOverflow("0x" + digits), start)
            }
            return try finishNumber(.int(v), start)
        }
        while let d = peek(), Lexer.isDigit(d) { i += 1 }
        var isDouble = false
        if peek() == ".", let d = peek(1), Lexer.isDigit(d) {
            isDouble = true
            i += 1
            while let d = peek(), Lexer.isDigit(d) { i += 1 }
        }
        if let e = peek(), e == "e" || e == "E" {
            var j = 1
            if let sgn = peek(1), sgn == "+" || sgn == "-" { j = 2 }
            if let d = peek(j), Lexer.isDigit(d) {
                isDouble = true
                i += j
                while let d = peek(), Lexer.isDigit(d) { i += 1 }
            } else {
                throw SyntaxError(message: "expected digits in the exponent", offset: i + j)
            }
        }
        let literal = text(start, i)
        if isDouble {
            guard let v = Double(literal) else { throw SyntaxError(message: "invalid number '\(literal)'", offset: start, length: i - start) }
            guard v.isFinite else { throw SyntaxError(message: "number '\(literal)' is too large for a double", offset: start, length: i - start) }
            return try finishNumber(.double(v), start)
        }
        if let u = peek(), u == "u" || u == "U" {
            i += 1
            guard let v = UInt64(literal) else { throw SyntaxError(message: "unsigned integer literal out of range", offset: start, length: i - start) }
            return try finishNumber(.uint(v), start)
        }
        guard let v = Int64(literal) else { return try finishNumber(.intOverflow(literal), start) }
        return try finishNumber(.int(v), start)
    }

    private mutating func finishNumber(_ kind: TokenKind, _ start: Int) throws(SyntaxError) -> Token {
        if let c = peek(), Lexer.isIdentStart(c) || Lexer.isDigit(c) {
            throw SyntaxError(message: "unexpected '\(c)' after a number", offset: i)
        }
        return Token(kind: kind, offset: start, length: i - start)
    }

    private func text(_ a: Int, _ b: Int) -> String {
        String(scalars: s[a..<b])
    }

    /// Reads a quoted literal; `i` is at the opening quote.
    private mutating func stringLiteral(start: Int, raw: Bool, bytes: Bool) throws(SyntaxError) -> Token {
        guard let q = peek() else { throw SyntaxError(message: "expected a quote", offset: i) }
        let triple = peek(1) == q && peek(2) == q
        i += triple ? 3 : 1
        var scalars: [Unicode.Scalar] = []
        var data: [UInt8] = []
        func add(_ c: Unicode.Scalar) {
            if bytes { data.append(contentsOf: Array(String(c).utf8)) } else { scalars.append(c) }
        }
        while true {
            guard let c = peek() else {
                throw SyntaxError(message: "unterminated \(bytes ? "bytes" : "string") literal", offset: start, hint: "add the closing \(triple ? String(repeating: String(q), count: 3) : String(q))")
            }
            if c == q {
                if !triple { i += 1; break }
                if peek(1) == q, peek(2) == q { i += 3; break }
                add(c); i += 1; continue
            }
            if !triple, c == "\n" || c == "\r" {
                throw SyntaxError(message: "line break inside a quoted literal", offset: i, hint: "use '\\n' or a triple-quoted literal")
            }
            if c == "\\" {
                if raw {
                    // Raw literals keep backslashes as written.
                    add(c); i += 1
                    continue
                }
                let escStart = i
                i += 1
                guard let e = peek() else { throw SyntaxError(message: "unfinished escape sequence", offset: escStart) }
                i += 1
                switch try escape(e, from: escStart, bytes: bytes) {
                case .scalar(let c): add(c)
                case .byte(let b): data.append(b)
                case .nothing: break
                }
                continue
            }
            add(c)
            i += 1
        }
        if bytes { return Token(kind: .bytes(data), offset: start, length: i - start) }
        return Token(kind: .string(String(scalars: scalars)), offset: start, length: i - start)
    }

    /// What an escape sequence stands for: a character, or a byte (in a bytes literal).
    private enum Escaped { case scalar(Unicode.Scalar), byte(UInt8), nothing }

    /// The escape `\e`, its letter just read (`escStart` is its backslash); `i` moves past
    /// its digits.
    private mutating func escape(_ e: Unicode.Scalar, from escStart: Int, bytes: Bool) throws(SyntaxError) -> Escaped {
        switch e {
        case "a": return .scalar("\u{07}")
        case "b": return .scalar("\u{08}")
        case "f": return .scalar("\u{0C}")
        case "n": return .scalar("\n")
        case "r": return .scalar("\r")
        case "t": return .scalar("\t")
        case "v": return .scalar("\u{0B}")
        case "\\", "?", "\"", "'", "`": return .scalar(e)
        case "x", "X", "u", "U":
            let n = (e == "x" || e == "X") ? 2 : (e == "u" ? 4 : 8)
            var v: UInt32 = 0
            for _ in 0..<n {
                guard let h = peek(), Lexer.isHex(h), let dv = UInt32(String(h), radix: 16) else {
                    throw SyntaxError(message: "expected \(n) hexadecimal digits in '\\\(e)' escape", offset: escStart, length: i - escStart + 1)
                }
                v = v * 16 + dv
                i += 1
            }
            if bytes && n == 2 { return .byte(UInt8(v)) }
            if bytes && n > 2 { throw SyntaxError(message: "'\\\(e)' escape is not allowed in bytes literals", offset: escStart, length: i - escStart) }
            guard let sc = Unicode.Scalar(v) else {
                throw SyntaxError(message: "escape is not a valid Unicode code point", offset: escStart, length: i - escStart)
            }
            return .scalar(sc)
        case "0"..."3":
            var v: UInt32 = e.value - 48
            for _ in 0..<2 {
                guard let d = peek(), d >= "0" && d <= "7" else {
                    throw SyntaxError(message: "expected 3 octal digits in escape", offset: escStart, length: i - escStart + 1)
                }
                v = v * 8 + (d.value - 48)
                i += 1
            }
            if bytes { return .byte(UInt8(v & 0xFF)) }
            return Unicode.Scalar(v).map { .scalar($0) } ?? .nothing
        default:
            throw SyntaxError(message: "invalid escape sequence '\\\(e)'", offset: escStart, length: 2)
        }
    }
}
