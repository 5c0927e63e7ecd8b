// Format.swift — `'…'.format([args])` from the strings extension: %s %d %f %e %b %o %x %X
// and %%, with an optional precision (`%.2f`).

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum Format {
    struct Failure: Error { let message: String }

    static func format(_ pattern: String, _ args: [Value]) -> Value {
        var out = ""
        var next = 0
        let s = Array(pattern.unicodeScalars)
        var i = 0
        do {
            while i < s.count {
                let c = s[i]
                i += 1
                if c != "%" { out.unicodeScalars.append(c); continue }
                guard i < s.count else { throw Failure(message: "format: a '%' at the end of the pattern") }
                if s[i] == "%" { out += "%"; i += 1; continue }
                var precision: Int?
                if s[i] == "." {
                    i += 1
                    var p = 0, digits = 0
                    while i < s.count, s[i] >= "0", s[i] <= "9", digits < 3 { p = p * 10 + Int(s[i].value - 48); i += 1; digits += 1 }
                    if i < s.count, s[i] >= "0", s[i] <= "9" { throw Failure(message: "format: a precision has at most 3 digits") }
                    precision = p
                }
                guard i < s.count else { throw Failure(message: "format: unfinished clause at the end of the pattern") }
                let verb = s[i]
                i += 1
                guard next < args.count else { throw Failure(message: "format: index \(next) out of range (\(args.count) argument\(args.count == 1 ? "" : "s"))") }
                let arg = args[next]
                next += 1
                out += try clause(verb, precision, arg)
            }
        } catch let f as Failure {
            return .error(f.message)
        } catch {
            return .error("format failed")
        }
        return .string(out)
    }

    /// `d` written by C's printf as `%.<precision>f` or `%.<precision>e` (precision at most
    /// 999, as the pattern reader allows).
    private static func printf(_ d: Double, precision: Int, verb: Unicode.Scalar) -> String {
        let pattern = "%.\(precision)\(verb)"
        let count = withVaList([d]) { vsnprintf(nil, 0, pattern, $0) }
        guard count >= 0 else { return "" }
        var buffer = [CChar](repeating: 0, count: Int(count) + 1)
        _ = buffer.withUnsafeMutableBufferPointer { b in withVaList([d]) { vsnprintf(b.baseAddress, b.count, pattern, $0) } }
        return String(decoding: buffer.prefix(Int(count)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func nonFinite(_ d: Double) -> String? {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return nil
    }

    private static func clause(_ verb: Unicode.Scalar, _ precision: Int?, _ v: Value) throws -> String {
        switch verb {
        case "s": return text(v)
        case "d":
            switch v {
            case .int(let i): return String(i)
            case .uint(let u): return String(u)
            case .double(let d): if let n = nonFinite(d) { return n }
            default: break
            }
        case "f", "e":
            guard let d = v.number else { throw Failure(message: "format: %\(verb) needs a number, not '\(v.typeName)'") }
            if let n = nonFinite(d) { return n }
            return printf(d, precision: precision ?? 6, verb: verb)
        case "b":
            switch v {
            case .int(let i): return i < 0 ? "-" + String(i.magnitude, radix: 2) : String(i, radix: 2)
            case .uint(let u): return String(u, radix: 2)
            case .bool(let b): return b ? "1" : "0"
            default: break
            }
        case "o":
            switch v {
            case .int(let i): return i < 0 ? "-" + String(i.magnitude, radix: 8) : String(i, radix: 8)
            case .uint(let u): return String(u, radix: 8)
            default: break
            }
        case "x", "X":
            let upper = verb == "X"
            var r: String?
            switch v {
            case .int(let i): r = i < 0 ? "-" + String(i.magnitude, radix: 16) : String(i, radix: 16)
            case .uint(let u): r = String(u, radix: 16)
            case .string(let str): r = hex(Array(str.utf8))
            case .bytes(let b): r = hex(b)
            default: break
            }
            if let r { return upper ? r.uppercased() : r }
        default:
            throw Failure(message: "format: unrecognized formatting clause '%\(verb)'")
        }
        throw Failure(message: "format: %\(verb) cannot format a value of type '\(v.typeName)'")
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { b in (b < 16 ? "0" : "") + String(b, radix: 16) }.joined()
    }

    /// The `%s` form: strings and bytes as text, doubles in shortest form, lists and maps
    /// with their elements in this form (map keys sorted).
    static func text(_ v: Value) -> String {
        switch v {
        case .string(let s): return s
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        case .double(let d): return nonFinite(d) ?? Display.double(d)
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .bool(let b): return b ? "true" : "false"
        case .null: return "null"
        case .type(let t): return t.runtimeName
        case .list(let items): return "[" + items.map(text).joined(separator: ", ") + "]"
        case .map(let m):
            let parts = m.entries.map { (text($0.key.value), text($0.value)) }.sorted { $0.0 < $1.0 }
            return "{" + parts.map { "\($0.0): \($0.1)" }.joined(separator: ", ") + "}"
        case .object, .error: return Display.text(v)
        }
    }
}

extension Stdlib {
    static func formatFunction() -> FunctionDecl {
        var format = FunctionDecl("format", doc: "printf-style formatting: 'rate %.1f%%'.format([x])", overloads: [
            o("string_format_list", [.string, .list(.dyn)], .string, receiver: true),
        ], implementation: .binary { p, l in
            guard case .string(let pattern) = p, case .list(let args) = l else { return Ops.noOverload("format", p, l) }
            return Format.format(pattern, args)
        })
        // `%s` of a nested list writes all of it.
        format.cost = { args, left in args.reduce(0) { $0 &+ Compiler.deepSize($1, limit: left) } }
        return format
    }
}
