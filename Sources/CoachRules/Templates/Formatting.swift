// Formatting.swift — values written for people, and the template functions percent, number,
// money, plural and days.

import CoachExpr

/// How template values are written, and the formatting functions templates can call.
public enum Formatting {
    /// A value as people read it: integers as is, doubles with at most two decimals,
    /// strings as is, booleans as true/false, lists joined with ", ", null as nothing.
    public static func display(_ v: Value) -> String {
        switch v {
        case .null: return ""
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return String(u)
        case .double(let d): return trimmed(d, maxDigits: 2)
        case .string(let s): return s
        case .list(let items): return items.map(display).joined(separator: ", ")
        case .error(let e): return "<\(e.message)>"
        default: return "\(v)"
        }
    }

    /// `d` with exactly `digits` decimals (half away from zero), no grouping.
    public static func fixed(_ d: Double, digits: Int) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-∞" : "∞" }
        let digits = max(0, min(digits, 6))
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(d) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9e17 else { return String(d) }
        let n = Int64(scaled)
        let whole = n / Int64(scale)
        let fraction = n % Int64(scale)
        var out = (d < 0 && n != 0 ? "-" : "") + String(whole)
        if digits > 0 {
            let f = String(fraction)
            out += "." + String(repeating: "0", count: digits - f.count) + f
        }
        return out
    }

    /// `d` with at most `maxDigits` decimals, trailing zeros dropped.
    public static func trimmed(_ d: Double, maxDigits: Int) -> String {
        var s = fixed(d, digits: maxDigits)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }

    /// Adds thousands separators to the whole part of a formatted number.
    public static func grouped(_ s: String) -> String {
        var sign = ""
        var body = Substring(s)
        if body.hasPrefix("-") { sign = "-"; body = body.dropFirst() }
        let parts = body.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let whole = Array(parts[0])
        guard whole.allSatisfy(\.isNumber) else { return s }
        var out = ""
        for (i, c) in whole.enumerated() {
            if i > 0 && (whole.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return sign + out + (parts.count > 1 ? "." + parts[1] : "")
    }

    static func number(_ v: Value) -> Double? { v.numericValue }

    /// The currency symbol for an ISO code, or the code followed by a space.
    static func currencyPrefix(_ currency: String) -> String {
        switch currency.uppercased() {
        case "USD": return "$"
        case "EUR": return "€"
        case "GBP": return "£"
        case "JPY": return "¥"
        case "INR": return "₹"
        default: return currency.count == 1 ? currency : currency + " "
        }
    }

    /// The template functions, for a rule set whose money is in `currency`.
    public static func functions(currency: String) -> [FunctionDecl] {
        let prefix = currencyPrefix(currency)
        func numeric(_ name: String, _ extra: [CELType], _ f: @escaping @Sendable ([Value]) -> Value) -> [Overload] {
            [CELType.int, .double, .uint].map { t in
                Overload("\(name)_\(t)\(extra.map { "_\($0)" }.joined())", [t] + extra, .string, implementation: .variadic(f))
            }
        }
        let percent = FunctionDecl("percent", doc: "a ratio as a percentage: percent(0.083) is 8.3%",
            overloads: numeric("percent", []) { a in
                guard let x = number(a[0]) else { return .error("percent() needs a number") }
                return .string(trimmed(x * 100, maxDigits: 1) + "%")
            } + numeric("percent", [.int]) { a in
                guard let x = number(a[0]), case .int(let d) = a[1] else { return .error("percent() needs a number") }
                return .string(fixed(x * 100, digits: Int(d)) + "%")
            })
        let numberFn = FunctionDecl("number", doc: "a number with thousands separators: number(1234.5) is 1,234.5",
            overloads: numeric("number", []) { a in
                if case .int(let i) = a[0] { return .string(grouped(String(i))) }
                guard let x = number(a[0]) else { return .error("number() needs a number") }
                return .string(grouped(trimmed(x, maxDigits: 2)))
            } + numeric("number", [.int]) { a in
                guard let x = number(a[0]), case .int(let d) = a[1] else { return .error("number() needs a number") }
                return .string(grouped(fixed(x, digits: Int(d))))
            })
        let money = FunctionDecl("money", doc: "an amount of money: money(1234.5) is $1,234.50",
            overloads: numeric("money", []) { a in
                guard let x = number(a[0]) else { return .error("money() needs a number") }
                let s = grouped(fixed(abs(x), digits: 2))
                return .string((x < 0 ? "-" : "") + prefix + s)
            })
        let plural = FunctionDecl("plural", doc: "a count with its noun: plural(3, \"listing\") is 3 listings",
            overloads: [
                Overload("plural_int_string", [.int, .string], .string, implementation: .variadic { a in
                    guard case .int(let n) = a[0], case .string(let w) = a[1] else { return .error("plural() needs a count and a word") }
                    return .string("\(grouped(String(n))) \(n == 1 ? w : w + "s")")
                }),
                Overload("plural_int_string_string", [.int, .string, .string], .string, implementation: .variadic { a in
                    guard case .int(let n) = a[0], case .string(let one) = a[1], case .string(let many) = a[2] else {
                        return .error("plural() needs a count and two words")
                    }
                    return .string("\(grouped(String(n))) \(n == 1 ? one : many)")
                }),
            ])
        let days = FunctionDecl("days", doc: "a number of days: days(1) is 1 day",
            overloads: [
                Overload("days_int", [.int], .string, implementation: .variadic { a in
                    guard case .int(let n) = a[0] else { return .error("days() needs a whole number") }
                    return .string("\(grouped(String(n))) \(n == 1 || n == -1 ? "day" : "days")")
                }),
            ])
        return [percent, numberFn, money, plural, days]
    }
}
