// Resolver.swift — YAML 1.2 core-schema resolution of plain scalars, and explicit tags.

/// Resolves scalars to typed values by the YAML 1.2 core schema.
///
/// Plain scalars: `null`/`Null`/`NULL`/`~`/empty are null; `true`/`True`/`TRUE` and
/// `false`/`False`/`FALSE` are booleans; decimal, `0x` and `0o` integers; floats including
/// `.inf`, `-.inf`, `.nan`. Everything else is a string — `yes`, `no`, `on`, `off`, `y`
/// and `NO` stay strings (no YAML 1.1 "Norway problem"). Quoted scalars are strings.
package enum Resolver {
    /// The standard tags the resolver honours when written explicitly.
    package enum Tag {
        /// `!!str`
        package static let str = "tag:yaml.org,2002:str"
        /// `!!int`
        package static let int = "tag:yaml.org,2002:int"
        /// `!!float`
        package static let float = "tag:yaml.org,2002:float"
        /// `!!bool`
        package static let bool = "tag:yaml.org,2002:bool"
        /// `!!null`
        package static let null = "tag:yaml.org,2002:null"
        /// `!!seq`
        package static let seq = "tag:yaml.org,2002:seq"
        /// `!!map`
        package static let map = "tag:yaml.org,2002:map"
        /// The non-specific tag `!`: a scalar written with it is a string.
        package static let nonSpecific = "!"
    }

    /// Why an explicitly tagged scalar could not be read.
    package enum Failure: Error, Equatable {
        /// The text does not match the tag (`!!int abc`).
        case doesNotMatch(tag: String)
        /// An integer outside the signed 64-bit range.
        case integerOutOfRange
        /// A number too large for a double (`1e400`); `.inf` is how infinity is written.
        case floatOutOfRange
        /// A number not zero too small for a double (`1e-400`), which would read as 0.
        case floatUnderflow
    }

    /// Whether a number's text that reads as 0 was not written as zero (a digit other than 0
    /// before its exponent): `1e-400`, not `0.0e5`.
    package static func writtenNonZero(_ text: String) -> Bool {
        for byte in text.utf8 {
            if byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") { return false }
            if byte >= UInt8(ascii: "1") && byte <= UInt8(ascii: "9") { return true }
        }
        return false
    }

    /// The value of a plain (unquoted, untagged) scalar.
    /// Throws only for numbers that do not fit: integers beyond 64 bits, floats beyond a
    /// double.
    package static func resolvePlain(_ text: String) throws(Failure) -> ScalarValue {
        // Most plain scalars are words (ids, texts): none of null, bool, int or float can
        // start with a letter other than n, t, f (either case), so those are strings at once.
        if let first = text.utf8.first, Resolver.startsOnlyStrings(first) { return .string(text) }
        if let v = null(text) { return v }
        if let b = bool(text) { return .bool(b) }
        switch try int(text) {
        case .some(let i): return .int(i)
        case .none: break
        }
        if let d = try finiteUnlessWritten(text) { return .float(d) }
        return .string(text)
    }

    /// Whether a plain scalar starting with `byte` can only be a string in the core schema.
    static func startsOnlyStrings(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "~"),
             UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            return false
        default:
            return true
        }
    }

    /// `float(t)`, refusing a literal that overflows to infinity without saying `.inf`.
    static func finiteUnlessWritten(_ t: String) throws(Failure) -> Double? {
        guard let d = float(t) else { return nil }
        if d.isInfinite, !t.lowercased().hasSuffix(".inf") { throw .floatOutOfRange }
        if d == 0, writtenNonZero(t) { throw .floatUnderflow }
        return d
    }

    /// The value of a scalar with an explicit standard tag (`!!int 3`).
    package static func resolve(_ text: String, tag: String) throws(Failure) -> ScalarValue {
        switch tag {
        case Tag.str, Tag.nonSpecific: return .string(text)
        case Tag.null:
            guard let v = null(text) else { throw .doesNotMatch(tag: "!!null") }
            return v
        case Tag.bool:
            guard let b = bool(text) else { throw .doesNotMatch(tag: "!!bool") }
            return .bool(b)
        case Tag.int:
            guard let i = try int(text) else { throw .doesNotMatch(tag: "!!int") }
            return .int(i)
        case Tag.float:
            if let d = try finiteUnlessWritten(text) { return .float(d) }
            if let i = try? int(text) { return .float(Double(i)) }
            throw .doesNotMatch(tag: "!!float")
        default: throw .doesNotMatch(tag: tag)
        }
    }

    /// `!!str` style short name of a full standard tag, for messages.
    package static func shortName(_ tag: String) -> String {
        let prefix = "tag:yaml.org,2002:"
        return tag.hasPrefix(prefix) ? "!!" + tag.dropFirst(prefix.count) : tag
    }

    static func null(_ t: String) -> ScalarValue? {
        switch t {
        case "", "~", "null", "Null", "NULL": return .null
        default: return nil
        }
    }

    static func bool(_ t: String) -> Bool? {
        switch t {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// Core-schema integers: `[-+]?[0-9]+`, `0o[0-7]+`, `0x[0-9a-fA-F]+`.
    static func int(_ t: String) throws(Failure) -> Int64? {
        let u = Array(t.utf8)
        guard !u.isEmpty else { return nil }
        func digits(_ s: ArraySlice<UInt8>, radix: Int) -> Bool {
            !s.isEmpty && s.allSatisfy { b in
                switch radix {
                case 8: return b >= 0x30 && b <= 0x37
                case 16: return (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x66)
                default: return b >= 0x30 && b <= 0x39
                }
            }
        }
        if u.count > 2, u[0] == 0x30, u[1] == 0x78 {  // 0x
            guard digits(u[2...], radix: 16) else { return nil }
            guard let v = UInt64(String(decoding: u[2...], as: UTF8.self), radix: 16), v <= UInt64(Int64.max) else {
                throw .integerOutOfRange
            }
            return Int64(v)
        }
        if u.count > 2, u[0] == 0x30, u[1] == 0x6F {  // 0o
            guard digits(u[2...], radix: 8) else { return nil }
            guard let v = UInt64(String(decoding: u[2...], as: UTF8.self), radix: 8), v <= UInt64(Int64.max) else {
                throw .integerOutOfRange
            }
            return Int64(v)
        }
        let body = (u[0] == 0x2B || u[0] == 0x2D) ? u[1...] : u[0...]
        guard digits(body, radix: 10) else { return nil }
        let text = u[0] == 0x2B ? String(decoding: body, as: UTF8.self) : t
        guard let v = Int64(text) else { throw .integerOutOfRange }
        return v
    }

    /// Core-schema floats: `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`,
    /// `[-+]?\.(inf|Inf|INF)`, `\.(nan|NaN|NAN)`.
    static func float(_ t: String) -> Double? {
        switch t {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .infinity
        case "-.inf", "-.Inf", "-.INF": return -.infinity
        case ".nan", ".NaN", ".NAN": return .nan
        default: break
        }
        let u = Array(t.utf8)
        var i = 0
        if i < u.count, u[i] == 0x2B || u[i] == 0x2D { i += 1 }
        var intDigits = 0
        while i < u.count, u[i] >= 0x30, u[i] <= 0x39 { i += 1; intDigits += 1 }
        var fracDigits = 0
        var sawDot = false
        if i < u.count, u[i] == 0x2E {
            sawDot = true
            i += 1
            while i < u.count, u[i] >= 0x30, u[i] <= 0x39 { i += 1; fracDigits += 1 }
        }
        if intDigits == 0 && fracDigits == 0 { return nil }
        if intDigits == 0 && !sawDot { return nil }
        if i < u.count, u[i] == 0x65 || u[i] == 0x45 {
            i += 1
            if i < u.count, u[i] == 0x2B || u[i] == 0x2D { i += 1 }
            var expDigits = 0
            while i < u.count, u[i] >= 0x30, u[i] <= 0x39 { i += 1; expDigits += 1 }
            if expDigits == 0 { return nil }
        }
        guard i == u.count else { return nil }
        var swiftText = t
        if swiftText.hasPrefix("+") { swiftText.removeFirst() }
        if swiftText.hasPrefix(".") { swiftText = "0" + swiftText }
        if swiftText.hasPrefix("-.") { swiftText = "-0" + swiftText.dropFirst() }
        return Double(swiftText)
    }
}
