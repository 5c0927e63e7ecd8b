// Strings.swift — the strings extension: charAt, indexOf, lastIndexOf, lowerAscii,
// upperAscii, replace, split, substring, trim, join, reverse, strings.quote. Indexes count
// code points.

import CoachSource

enum Strings {
    /// The longest string `replace` and `join` build, in Unicode scalars / UTF-8 bytes.
    static let maxResult = 10_000_000

    /// Index (in scalars) of the first occurrence of `needle` in `hay` at or after `from`.
    static func find(_ hay: [Unicode.Scalar], _ needle: [Unicode.Scalar], from: Int) -> Int? {
        if needle.isEmpty { return from <= hay.count ? from : nil }
        guard hay.count >= needle.count, from <= hay.count - needle.count else { return nil }
        var i = from
        while i <= hay.count - needle.count {
            if hay[i] == needle[0] {
                var j = 1
                while j < needle.count, hay[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    static func string(_ scalars: some Sequence<Unicode.Scalar>) -> String { String(scalars: scalars) }

    static func isSpace(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    static func quote(_ s: String) -> String {
        var out = "\""
        for c in s.unicodeScalars {
            switch c {
            case "\u{07}": out += "\\a"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{0B}": out += "\\v"
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            default: out.unicodeScalars.append(c)
            }
        }
        return out + "\""
    }
}

extension Stdlib {
    static func int(_ v: Value) -> Int? {
        if case .int(let i) = v, let n = Int(exactly: i) { return n }
        return nil
    }

    static func stringExt() -> [FunctionDecl] {
        var out: [FunctionDecl] = []
        out.append(FunctionDecl("charAt", overloads: [o("string_char_at_int", [.string, .int], .string, receiver: true)], implementation: .binary { s, i in
            guard case .string(let str) = s, let n = int(i) else { return Ops.noOverload("charAt", s, i) }
            let sc = Array(str.unicodeScalars)
            guard n >= 0, n <= sc.count else { return .error("index out of range: \(n)") }
            return .string(n == sc.count ? "" : String(sc[n]))
        }))
        func indexFn(_ name: String, last: Bool) -> FunctionDecl {
            FunctionDecl(name, overloads: [
                o("string_\(name)_string", [.string, .string], .int, receiver: true),
                o("string_\(name)_string_int", [.string, .string, .int], .int, receiver: true),
            ], implementation: .variadic { args in
                guard args.count >= 2, case .string(let s) = args[0], case .string(let t) = args[1] else { return Ops.noOverload(name, args[0]) }
                let hay = Array(s.unicodeScalars), needle = Array(t.unicodeScalars)
                var start = last ? hay.count : 0
                if args.count == 3 {
                    guard let n = int(args[2]) else { return Ops.noOverload(name, args[2]) }
                    guard n >= 0, n <= hay.count else { return .error("index out of range: \(n)") }
                    start = n
                }
                if !last { return .int(Int64(Strings.find(hay, needle, from: start) ?? -1)) }
                var i = min(start, hay.count - needle.count)
                while i >= 0 {
                    if Array(hay[i..<(i + needle.count)]) == needle { return .int(Int64(i)) }
                    i -= 1
                }
                return .int(-1)
            })
        }
        out.append(indexFn("indexOf", last: false))
        out.append(indexFn("lastIndexOf", last: true))
        func caseFn(_ name: String, upper: Bool) -> FunctionDecl {
            FunctionDecl(name, overloads: [o("string_\(name)", [.string], .string, receiver: true)], implementation: .unary { v in
                guard case .string(let s) = v else { return Ops.noOverload(name, v) }
                return .string(Strings.string(s.unicodeScalars.map { c in
                    if upper, c >= "a", c <= "z" { return Unicode.Scalar(c.value - 32) ?? c }
                    if !upper, c >= "A", c <= "Z" { return Unicode.Scalar(c.value + 32) ?? c }
                    return c
                }))
            })
        }
        out.append(caseFn("lowerAscii", upper: false))
        out.append(caseFn("upperAscii", upper: true))
        var replace = FunctionDecl("replace", overloads: [
            o("string_replace_string_string", [.string, .string, .string], .string, receiver: true),
            o("string_replace_string_string_int", [.string, .string, .string, .int], .string, receiver: true),
        ], implementation: .variadic { args in
            guard args.count >= 3, case .string(let s) = args[0], case .string(let old) = args[1], case .string(let new) = args[2] else { return Ops.noOverload("replace", args[0]) }
            var limit = -1
            if args.count == 4 { guard let n = int(args[3]) else { return Ops.noOverload("replace", args[3]) }; limit = n }
            let hay = Array(s.unicodeScalars), o = Array(old.unicodeScalars), n = Array(new.unicodeScalars)
            var res: [Unicode.Scalar] = []
            var i = 0, count = 0
            while i <= hay.count {
                if limit >= 0 && count >= limit { break }
                guard let j = Strings.find(hay, o, from: i) else { break }
                res += hay[i..<j]
                res += n
                count += 1
                if res.count > Strings.maxResult { return .error("replace: result longer than \(Strings.maxResult) characters") }
                if o.isEmpty {
                    if j < hay.count { res.append(hay[j]) }
                    i = j + 1
                } else {
                    i = j + o.count
                }
            }
            if i < hay.count { res += hay[i...] }
            return .string(Strings.string(res))
        })
        // The result can be far longer than the arguments: charge the longest it can be.
        replace.cost = { args, _ in
            guard args.count >= 3, case .string(let s) = args[0], case .string(let old) = args[1], case .string(let new) = args[2] else { return 0 }
            var times = old.isEmpty ? s.unicodeScalars.count &+ 1 : s.utf8.count / old.utf8.count
            if args.count == 4, case .int(let n) = args[3], n >= 0 { times = min(times, Int(clamping: n)) }
            return s.utf8.count &+ old.utf8.count &+ times.multipliedReportingOverflow(by: max(new.utf8.count, 1)).partialValue
        }
        out.append(replace)
        out.append(FunctionDecl("split", overloads: [
            o("string_split_string", [.string, .string], .list(.string), receiver: true),
            o("string_split_string_int", [.string, .string, .int], .list(.string), receiver: true),
        ], implementation: .variadic { args in
            guard args.count >= 2, case .string(let s) = args[0], case .string(let sep) = args[1] else { return Ops.noOverload("split", args[0]) }
            var limit = -1
            if args.count == 3 { guard let n = int(args[2]) else { return Ops.noOverload("split", args[2]) }; limit = n }
            if limit == 0 { return .list([]) }
            let hay = Array(s.unicodeScalars), sp = Array(sep.unicodeScalars)
            var parts: [Value] = []
            if sp.isEmpty {
                for (k, c) in hay.enumerated() {
                    if limit > 0 && parts.count == limit - 1 { parts.append(.string(Strings.string(hay[k...]))); return .list(parts) }
                    parts.append(.string(String(c)))
                }
                return .list(parts)
            }
            var i = 0
            while true {
                if limit > 0 && parts.count == limit - 1 { break }
                guard let j = Strings.find(hay, sp, from: i) else { break }
                parts.append(.string(Strings.string(hay[i..<j])))
                i = j + sp.count
            }
            parts.append(.string(Strings.string(hay[i...])))
            return .list(parts)
        }))
        out.append(FunctionDecl("substring", overloads: [
            o("string_substring_int", [.string, .int], .string, receiver: true),
            o("string_substring_int_int", [.string, .int, .int], .string, receiver: true),
        ], implementation: .variadic { args in
            guard args.count >= 2, case .string(let s) = args[0], let start = int(args[1]) else { return Ops.noOverload("substring", args[0]) }
            let sc = Array(s.unicodeScalars)
            var end = sc.count
            if args.count == 3 { guard let e = int(args[2]) else { return Ops.noOverload("substring", args[2]) }; end = e }
            guard start >= 0, start <= sc.count else { return .error("index out of range: \(start)") }
            guard end >= 0, end <= sc.count else { return .error("index out of range: \(end)") }
            guard start <= end else { return .error("invalid substring range. start: \(start), end: \(end)") }
            return .string(Strings.string(sc[start..<end]))
        }))
        out.append(FunctionDecl("trim", overloads: [o("string_trim", [.string], .string, receiver: true)], implementation: .unary { v in
            guard case .string(let s) = v else { return Ops.noOverload("trim", v) }
            let sc = Array(s.unicodeScalars)
            var lo = 0, hi = sc.count
            while lo < hi, Strings.isSpace(sc[lo]) { lo += 1 }
            while hi > lo, Strings.isSpace(sc[hi - 1]) { hi -= 1 }
            return .string(Strings.string(sc[lo..<hi]))
        }))
        var join = FunctionDecl("join", overloads: [
            o("list_join", [.list(.string)], .string, receiver: true),
            o("list_join_string", [.list(.string), .string], .string, receiver: true),
        ], implementation: .variadic { args in
            guard case .list(let items) = args[0] else { return Ops.noOverload("join", args[0]) }
            var sep = ""
            if args.count == 2 { guard case .string(let s) = args[1] else { return Ops.noOverload("join", args[1]) }; sep = s }
            var parts: [String] = []
            var total = 0
            for i in items {
                guard case .string(let s) = i else { return .error("join needs a list of strings, found '\(i.typeName)'") }
                parts.append(s)
                total += s.utf8.count + sep.utf8.count
                if total > Strings.maxResult { return .error("join: result longer than \(Strings.maxResult) bytes") }
            }
            return .string(parts.joined(separator: sep))
        })
        join.cost = { args, left in args.reduce(0) { $0 &+ Compiler.deepSize($1, limit: left) } }
        out.append(join)
        out.append(FunctionDecl("reverse", overloads: [o("string_reverse", [.string], .string, receiver: true)], implementation: .unary { v in
            guard case .string(let s) = v else { return Ops.noOverload("reverse", v) }
            return .string(Strings.string(s.unicodeScalars.reversed()))
        }))
        out.append(FunctionDecl("strings.quote", overloads: [o("strings_quote", [.string], .string)], implementation: .unary { v in
            guard case .string(let s) = v else { return Ops.noOverload("strings.quote", v) }
            return .string(Strings.quote(s))
        }))
        return out
    }
}
