// Formatting.swift — values written for people, and the template functions percent, number,
// money, plural, days, listed and capitalized.

import Foundation
import CoachExpr
import CoachJSON
import CoachSource

/// How template values are written, and the formatting functions templates can call.
package enum Formatting {
    /// A value as people read it: integers as is, doubles with at most two decimals,
    /// strings as is, booleans as true/false, lists joined with ", ", null as nothing. What
    /// a person cannot read — NaN, an infinity, an object, a map, bytes, a type — is an
    /// error, so the text is dropped rather than shown broken.
    package static func display(_ v: Value) -> Result<String, EvalError> {
        if let e = tooLarge(v) { return .failure(e) }
        return checkedDisplay(v)
    }

    /// The error for a list too large to write in a text (``WritingBudget``): a list can hold
    /// itself many times over, so its text can be exponentially longer than the work that made
    /// it. Nil for anything else.
    @inline(__always)
    static func tooLarge(_ v: Value) -> EvalError? {
        guard case .list = v, WritingBudget.exceeded(by: v) else { return nil }
        return EvalError("the list is too large to write in a text (more than \(WritingBudget.maxElements) elements or \(WritingBudget.maxBytes) bytes)")
    }

    /// ``display(_:)`` of a value within the budget.
    private static func checkedDisplay(_ v: Value) -> Result<String, EvalError> {
        switch v {
        case .null: return .success("")
        case .bool(let b): return .success(b ? "true" : "false")
        case .int(let i): return .success(String(i))
        case .uint(let u): return .success(String(u))
        case .double(let d):
            guard d.isFinite else { return .failure(notFinite(d)) }
            return .success(trimmed(d, maxDigits: 2))
        case .string(let s): return .success(s)
        case .list(let items):
            var parts: [String] = []
            for item in items {
                switch checkedDisplay(item) {
                case .success(let s): parts.append(s)
                case .failure(let e): return .failure(e)
                }
            }
            return .success(parts.joined(separator: ", "))
        case .error(let e): return .failure(e)
        default: return .failure(EvalError("a \(v.typeName) cannot be written in a text; show one of its fields"))
        }
    }

    /// Appends ``display(_:)``'s text for `v` to `out` escaped for a JSON string, adding its
    /// length (unescaped, in bytes) to `written`; the error instead (nothing appended). A whole
    /// number or a text is written without a String made for it.
    package static func appendEscaped(_ v: Value, to out: ByteBuffer, counting written: inout Int) -> EvalError? {
        if let e = tooLarge(v) { return e }
        return checkedAppendEscaped(v, to: out, counting: &written)
    }

    /// ``appendEscaped(_:to:counting:)`` of a value within the budget.
    private static func checkedAppendEscaped(_ v: Value, to out: ByteBuffer, counting written: inout Int) -> EvalError? {
        func count(_ n: Int) {
            let (sum, overflow) = written.addingReportingOverflow(n)
            written = overflow ? Int.max : sum
        }
        switch v {
        case .int(let i):
            let before = out.written
            JSONWriter.append(i, to: out)  // digits and a sign: nothing to escape
            count(out.written - before)
        case .string(let s):
            JSONWriter.appendEscaped(s, to: out)
            count(s.utf8.count)
        case .list(let items):
            // `display`'s join, element by element, without a String made per element or for
            // the whole; at an element that cannot be written, what was appended is taken back.
            let start = out.written
            var length = 0
            for n in items.indices {
                if n > 0 {
                    out.put(UInt8(ascii: ","))
                    out.put(UInt8(ascii: " "))
                    length = length < Int.max - 2 ? length + 2 : Int.max
                }
                if let e = checkedAppendEscaped(items[n], to: out, counting: &length) {
                    out.truncate(to: start)
                    return e
                }
            }
            count(length)
        default:
            switch checkedDisplay(v) {
            case .success(let s):
                JSONWriter.appendEscaped(s, to: out)
                count(s.utf8.count)
            case .failure(let e):
                return e
            }
        }
        return nil
    }

    /// Appends ``display(_:)``'s text for `v` to `out`; the error instead (nothing appended). A
    /// whole number or a text is written without a String made or copied out for it.
    package static func append(_ v: Value, to out: inout [UInt8]) -> EvalError? {
        switch v {
        case .int(let i): JSONWriter.append(i, to: &out)  // the digits and sign `String(i)` has
        case .string(let s): out.append(contentsOf: s.utf8)
        default:
            switch display(v) {
            case .success(let s): out.append(contentsOf: s.utf8)
            case .failure(let e): return e
            }
        }
        return nil
    }

    /// The error ``display(_:)`` gives for `v`, found without writing it; nil when it can be written.
    package static func problem(_ v: Value) -> EvalError? {
        if let e = tooLarge(v) { return e }
        return checkedProblem(v)
    }

    /// ``problem(_:)`` of a value within the budget.
    private static func checkedProblem(_ v: Value) -> EvalError? {
        switch v {
        case .null, .bool, .int, .uint, .string: return nil
        case .double(let d): return d.isFinite ? nil : notFinite(d)
        case .list(let items):
            for item in items { if let e = checkedProblem(item) { return e } }
            return nil
        case .error(let e): return e
        default: return EvalError("a \(v.typeName) cannot be written in a text; show one of its fields")
        }
    }

    /// Whether values of `type` can be written in a text (`dyn` may be).
    package static func isDisplayable(_ type: CELType) -> Bool {
        switch type {
        case .null, .bool, .int, .uint, .double, .string, .dyn, .error, .param: return true
        case .list(let element): return isDisplayable(element)
        default: return false
        }
    }

    static func notFinite(_ d: Double) -> EvalError {
        EvalError("the value is \(d.isNaN ? "not a number (NaN)" : "infinite"), which cannot be shown; guard the division or the data it comes from")
    }

    /// `d` with exactly `digits` decimals (half away from zero), no grouping.
    package static func fixed(_ d: Double, digits: Int) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-∞" : "∞" }
        return NumberText.fixed(d, digits: digits, trim: false, grouped: false) ?? slowFixed(d, digits: digits)
    }

    /// ``fixed(_:digits:)`` through Characters, for numbers too large for the integer path.
    static func slowFixed(_ d: Double, digits: Int) -> String {
        let digits = max(0, min(digits, 6))
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        guard let scaled = DecimalRounding.scaledWhole(abs(d), scale: scale) else {
            // Too large for the integer path: the shortest digits that round-trip (1e23 is
            // 100000000000000000000000, not its binary expansion), no exponent, with the
            // decimals asked for, rounded as written.
            let text = writtenFixed(abs(d), digits: digits)
            return (d < 0 && text.contains(where: { $0 >= "1" && $0 <= "9" }) ? "-" : "") + text
        }
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

    /// `magnitude`'s shortest written digits with exactly `digits` decimals, rounded half away
    /// from zero as written (string arithmetic: for numbers past exact integer arithmetic).
    /// `shift`: the number × 10^shift is written (a percentage: 2), its point moved on the
    /// written digits.
    static func writtenFixed(_ magnitude: Double, digits: Int, shift: Int = 0) -> String {
        guard let plain = DecimalRounding.plainDecimal(magnitude) else { return "\(magnitude)" }  // finite: never
        let parts = plain.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var whole = Array(parts[0].utf8)
        var fraction = parts.count > 1 ? Array(parts[1].utf8) : []
        for _ in 0..<max(0, shift) {
            whole.append(fraction.isEmpty ? UInt8(ascii: "0") : fraction.removeFirst())
        }
        while whole.count > 1, whole[0] == UInt8(ascii: "0") { whole.removeFirst() }
        let up = fraction.count > digits && fraction[digits] >= UInt8(ascii: "5")
        if fraction.count > digits { fraction.removeLast(fraction.count - digits) }
        while fraction.count < digits { fraction.append(UInt8(ascii: "0")) }
        if up {
            // Add one in the last place kept, carrying through the fraction and the whole part.
            var carry = true
            for i in fraction.indices.reversed() where carry {
                if fraction[i] == UInt8(ascii: "9") { fraction[i] = UInt8(ascii: "0") } else { fraction[i] += 1; carry = false }
            }
            for i in whole.indices.reversed() where carry {
                if whole[i] == UInt8(ascii: "9") { whole[i] = UInt8(ascii: "0") } else { whole[i] += 1; carry = false }
            }
            if carry { whole.insert(UInt8(ascii: "1"), at: 0) }
        }
        let text = String(decoding: whole, as: UTF8.self)
        return digits > 0 ? text + "." + String(decoding: fraction, as: UTF8.self) : text
    }

    /// ``percentText(_:digits:trim:)``'s digits for a ratio past exact integer arithmetic.
    static func writtenPercent(_ x: Double, digits: Int, trim: Bool) -> String {
        var text = writtenFixed(abs(x), digits: max(0, min(digits, 6)), shift: 2)
        if trim, text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return (x < 0 && text.contains(where: { $0 >= "1" && $0 <= "9" }) ? "-" : "") + text
    }


    /// `d` with at most `maxDigits` decimals, trailing zeros dropped.
    package static func trimmed(_ d: Double, maxDigits: Int) -> String {
        if d.isFinite, let s = NumberText.fixed(d, digits: maxDigits, trim: true, grouped: false) { return s }
        var s = fixed(d, digits: maxDigits)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }

    /// Adds thousands separators to the whole part of a formatted number.
    package static func grouped(_ s: String) -> String { NumberText.grouped(s) }

    /// `x` as a percentage; a share too small to show at this precision is "under 0.1%",
    /// or "between -0.1% and 0%" below zero (never "0.0%" for something that is not zero).
    package static func percentText(_ x: Double, digits: Int, trim: Bool) -> String {
        if x == 0 { return "0%" }  // nothing is nothing, at any precision
        // Rounded as `x` is written, two places on: the product x × 100 may land either side of a half.
        let text = NumberText.fixed(x, digits: digits, trim: trim, grouped: false, shift: 2) ?? writtenPercent(x, digits: digits, trim: trim)
        if x != 0, text.utf8.allSatisfy({ $0 == 48 || $0 == 46 || $0 == 45 }) {  // only 0 . -
            let smallest = digits == 0 ? "1" : "0." + String(repeating: "0", count: digits - 1) + "1"
            return x < 0 ? "between -\(smallest)% and 0%" : "under \(smallest)%"
        }
        // Nor all for what is not quite all: 99.96% is "over 99.9%", not "100%".
        if abs(x) >= 0.99, abs(x) < 1, text == "100" || text == "-100" || text.hasPrefix("100.") || text.hasPrefix("-100.") {
            let largest = digits == 0 ? "99" : "99." + String(repeating: "9", count: digits)
            return x < 0 ? "between -100% and -\(largest)%" : "over \(largest)%"
        }
        return text + "%"
    }

    /// A warning for each two-argument `plural(n, "…")` whose phrase the last word's plural
    /// does not make plural: one holding a verb (`plural(2, "listing is")` writes "2
    /// listing ises") or ending "X of Y" ("2 piece of jewelleries"). "open case" is fine.
    static func phrasePlurals(_ program: Program) -> [Diagnostic] {
        guard let root = program.parsed?.root else { return [] }
        return root.allNodes.compactMap { node -> Diagnostic? in
            guard case .call(nil, "plural", let args) = node.kind, args.count == 2,
                  case .literal(.string(let phrase)) = args[1].kind else { return nil }
            // A verb anywhere ("listing is", "photo is missing"), or "X of Y" ending the
            // phrase ("piece of art"); "out of stock listing" and "open case" are fine.
            let words = phrase.lowercased().split(separator: " ").map(String.init)
            guard words.count > 1, words.contains(where: verbs.contains) || words[words.count - 2] == "of" else { return nil }
            return .warning("plural() makes the last word of '\(phrase.clipped())' plural: 2 reads '2 \(pluralOf(phrase).clipped())'",
                            at: program.location(of: args[1]), length: phrase.count + 2,
                            hint: "give the plural as a third argument: plural(n, \"\(phrase.clipped())\", \"…\")", code: .templatePlural)
        }
    }

    /// Verbs that make a phrase's plural not its last word's.
    static let verbs: Set<String> = ["is", "are", "was", "were", "has", "have", "had", "does", "do", "did", "needs", "need"]

    /// The regular English plural of a noun: boxes, categories, days, listings. Irregular
    /// ones take the three-argument plural(n, "child", "children").
    static func pluralOf(_ word: String) -> String { NumberText.plural(word) }

    /// The currency symbol for an ISO code, or the code followed by a space.
    package static func currencyPrefix(_ currency: String) -> String {
        switch currency.uppercased() {
        case "USD": return "$"
        case "EUR": return "€"
        case "GBP": return "£"
        case "JPY": return "¥"
        case "INR": return "₹"
        default: return currency.count == 1 ? currency : currency + " "
        }
    }

    /// The ISO 4217 codes the system knows (ICU's, with the toolchain: current and withdrawn,
    /// funds and metals too), sorted.
    package static let isoCurrencies: [String] = Locale.Currency.isoCurrencies.map(\.identifier).sorted()

    /// Whether `code` (any case) is an ISO 4217 currency code.
    package static func isISOCurrency(_ code: String) -> Bool { isoCurrencies.contains(code.uppercased()) }

    /// How many decimals an amount in `currency` is written with, ISO 4217's minor unit: none
    /// for the currencies without cents (the yen, the won, the króna, the CFA francs…),
    /// three for the dinars of Bahrain, Iraq, Jordan, Kuwait, Libya and Tunisia and the
    /// rial of Oman, four for Chile's and Uruguay's units of account, two for the others and
    /// for a symbol.
    package static func minorDigits(_ currency: String) -> Int {
        switch currency.uppercased() {
        case "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF": return 0
        case "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND": return 3
        case "CLF", "UYW": return 4
        default: return 2
        }
    }

    /// A point and `digits` zeros (nothing for none): a whole number's decimals.
    static func decimals(_ digits: Int) -> String { digits > 0 ? "." + String(repeating: "0", count: digits) : "" }

    /// An int's or a uint's percentage, every digit exact (its digits and two zeros: a
    /// double would round a large one); nil for a double.
    static func wholePercent(_ a: Value, digits: Int) -> String? {
        let text: String
        switch a {
        case .int(let i): text = String(i)
        case .uint(let u): text = String(u)
        default: return nil
        }
        return text == "0" ? "0%" : text + "00" + decimals(digits) + "%"
    }

    /// The template functions, for a rule set whose money is in `currency`. Each overload
    /// takes its arguments one by one (no array made per call: a text calls them per seller).
    package static func functions(currency: String) -> [FunctionDecl] {
        let prefix = currencyPrefix(currency)
        func numeric(_ name: String, _ f: @escaping @Sendable (Value) -> Value) -> [Overload] {
            [CELType.int, .double, .uint].map { t in Overload("\(name)_\(t)", [t], .string, implementation: .unary(f)) }
        }
        func numericDigits(_ name: String, _ f: @escaping @Sendable (Value, Value) -> Value) -> [Overload] {
            [CELType.int, .double, .uint].map { t in Overload("\(name)_\(t)_int", [t, .int], .string, implementation: .binary(f)) }
        }
        var percent = FunctionDecl("percent", doc: "a ratio as a percentage: percent(0.083) is 8.3%",
            overloads: numeric("percent") { a in
                if let whole = wholePercent(a, digits: 0) { return .string(whole) }
                guard let x = a.number else { return .error("percent() needs a number") }
                // As a percentage: a finite ratio over about 1.8e306 is infinite once multiplied.
                guard (x * 100).isFinite else { return .error(notFinite(x * 100)) }
                return .string(percentText(x, digits: 1, trim: true))
            } + numericDigits("percent") { a, digits in
                guard let x = a.number, case .int(let d) = digits else { return .error("percent() needs a number") }
                guard (0...6).contains(d) else { return .error("percent(): digits must be from 0 to 6, not \(d)") }
                if let whole = wholePercent(a, digits: Int(d)) { return .string(whole) }
                guard (x * 100).isFinite else { return .error(notFinite(x * 100)) }
                return .string(percentText(x, digits: Int(d), trim: false))
            })
        var numberFn = FunctionDecl("number", doc: "a number with thousands separators: number(1234.5) is 1,234.5",
            overloads: numeric("number") { a in
                if case .int(let i) = a { return .string(NumberText.grouped(i)) }
                if case .uint(let u) = a { return .string(NumberText.grouped(u)) }
                guard let x = a.number else { return .error("number() needs a number") }
                guard x.isFinite else { return .error(notFinite(x)) }
                return .string(NumberText.fixed(x, digits: 2, trim: true, grouped: true) ?? grouped(trimmed(x, maxDigits: 2)))
            } + numericDigits("number") { a, digits in
                guard let x = a.number, case .int(let d) = digits else { return .error("number() needs a number") }
                guard (0...6).contains(d) else { return .error("number(): digits must be from 0 to 6, not \(d)") }
                // A whole number's digits exactly (a double holds 2^53 + 1 as 2^53).
                switch a {
                case .int(let i): return .string(NumberText.grouped(i) + decimals(Int(d)))
                case .uint(let u): return .string(NumberText.grouped(u) + decimals(Int(d)))
                default: break
                }
                guard x.isFinite else { return .error(notFinite(x)) }
                return .string(NumberText.fixed(x, digits: Int(d), trim: false, grouped: true) ?? grouped(fixed(x, digits: Int(d))))
            })
        let minor = minorDigits(currency), cents = decimals(minor)
        let money = FunctionDecl("money", doc: "an amount of money: money(1234.5) is $1,234.50 (¥1,235 in yen)",
            overloads: numeric("money") { a in
                // A whole amount exactly, past 2^53 too (a double would round it).
                switch a {
                case .int(let i): return .string((i < 0 ? "-" : "") + prefix + NumberText.grouped(i).trimmingPrefix("-") + cents)
                case .uint(let u): return .string(prefix + NumberText.grouped(u) + cents)
                default: break
                }
                guard let x = a.number else { return .error("money() needs a number") }
                guard x.isFinite else { return .error(notFinite(x)) }
                let s = NumberText.fixed(abs(x), digits: minor, trim: false, grouped: true) ?? grouped(fixed(abs(x), digits: minor))
                // Less than half a cent below zero shows as $0.00, as number() shows 0: no sign.
                let shownNegative = x < 0 && s.utf8.contains { $0 >= 0x31 && $0 <= 0x39 }
                return .string((shownNegative ? "-" : "") + prefix + s)
            })
        let plural = FunctionDecl("plural", doc: "a count with its noun: plural(3, \"listing\") is 3 listings",
            overloads: [
                Overload("plural_int_string", [.int, .string], .string, implementation: .binary { count, word in
                    guard case .int(let n) = count, case .string(let w) = word else { return .error("plural() needs a count and a word") }
                    return .string("\(NumberText.grouped(n)) \(n == 1 || n == -1 ? w : pluralOf(w))")
                }),
                Overload("plural_int_string_string", [.int, .string, .string], .string, implementation: .ternary { count, singular, plural in
                    guard case .int(let n) = count, case .string(let one) = singular, case .string(let many) = plural else {
                        return .error("plural() needs a count and two words")
                    }
                    return .string("\(NumberText.grouped(n)) \(n == 1 || n == -1 ? one : many)")
                }),
            ])
        let days = FunctionDecl("days", doc: "a number of days: days(1) is 1 day",
            overloads: [
                Overload("days_int", [.int], .string, implementation: .unary { count in
                    guard case .int(let n) = count else { return .error("days() needs a whole number") }
                    return .string("\(NumberText.grouped(n)) \(n == 1 || n == -1 ? "day" : "days")")
                }),
            ])
        var listed = FunctionDecl("listed", doc: "names written as in a sentence: listed([\"a\", \"b\", \"c\"]) is a, b and c",
            overloads: [
                Overload("listed_list_string", [.list(.string)], .string, implementation: .unary { names in
                    listedText(names, conjunction: "and")
                }),
                Overload("listed_list_string_string", [.list(.string), .string], .string, implementation: .binary { names, word in
                    guard case .string(let w) = word else { return .error("listed() needs a list of names and a word") }
                    return listedText(names, conjunction: w)
                }),
            ])
        // Charged as `join` is: one a name, and the bytes it copies.
        listed.cost = { args, left in
            guard case .list(let items)? = args.first else { return 0 }
            var n = items.count
            for case .string(let s) in items {
                n &+= s.utf8.count
                if n > left { break }
            }
            return n
        }
        percent.digits = 0...6
        numberFn.digits = 0...6
        let capitalized = FunctionDecl("capitalized", doc: "a text with a capital first letter, to start a sentence: capitalized(\"over 99%\") is Over 99%",
            overloads: [
                Overload("capitalized_string", [.string], .string, implementation: .unary { v in
                    guard case .string(let s) = v else { return .error("capitalized() needs a text") }
                    guard let first = s.first, first.isLowercase, let head = first.unicodeScalars.first else { return v }
                    // Title case, which starts a word: 'ß' gives 'Ss', 'ǆ' gives 'ǅ' (capitals: 'SS', 'Ǆ').
                    let rest = String(String.UnicodeScalarView(first.unicodeScalars.dropFirst()))
                    return .string(head.properties.titlecaseMapping + rest + s.dropFirst())
                }),
            ])
        return [percent, numberFn, money, plural, days, listed, capitalized]
    }

    /// The longest text `listed` writes, in bytes (as `join`'s).
    static let maxListedBytes = 10_000_000

    /// `listed(names, conjunction)`: nothing for no names, the name for one, "a and b" for
    /// two, "a, b and c" for more (no comma before the conjunction).
    static func listedText(_ names: Value, conjunction: String) -> Value {
        guard case .list(let items) = names else { return .error("listed() needs a list of names") }
        var parts: [String] = []
        parts.reserveCapacity(items.count)
        var total = 0
        for item in items {
            guard case .string(let s) = item else { return .error("listed() needs a list of strings, found '\(item.typeName)'") }
            parts.append(s)
            total &+= s.utf8.count &+ 2
            if total > maxListedBytes { return .error("listed(): result longer than \(maxListedBytes) bytes") }
        }
        guard let last = parts.popLast() else { return .string("") }
        if parts.isEmpty { return .string(last) }
        let text = parts.joined(separator: ", ") + " " + conjunction + " " + last
        if text.utf8.count > maxListedBytes { return .error("listed(): result longer than \(maxListedBytes) bytes") }
        return .string(text)
    }
}
