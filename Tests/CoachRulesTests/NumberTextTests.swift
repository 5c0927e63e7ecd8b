// NumberTextTests.swift — the byte-level number formatting against the Character-level
// code it replaced (kept here as the reference), over a million generated numbers, every
// precision, and nouns for plural().

import CoachExpr
import CoachRules
import CoachTestSupport
import Testing

@Suite struct NumberTextTests {
    // MARK: the reference: the formatting as it was written before, through Characters, and
    // its rounding done on the number's written digits (half away from zero as written:
    // 1.015 to two decimals is 1.02)

    static func refFixed(_ d: Double, digits: Int) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-∞" : "∞" }
        let digits = max(0, min(digits, 6))
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        guard let scaled = refScaled(abs(d), digits: digits, scale: scale) else { return Formatting.fixed(d, digits: digits) }  // the slow path itself
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

    /// `magnitude` × 10^digits rounded half away from zero on its shortest written digits
    /// (an exponent written out: 3.5e-05 is 0.000035, 1.5e+16 is 15000000000000000).
    static func refScaled(_ magnitude: Double, digits: Int, scale: Double) -> UInt64? {
        guard magnitude * scale < 9e17 else { return nil }
        var text = "\(magnitude)"
        if let e = text.firstIndex(of: "e"), let exponent = Int(text[text.index(after: e)...]) {
            let mantissa = String(text[..<e])
            let point = mantissa.firstIndex(of: ".").map { mantissa.distance(from: mantissa.startIndex, to: $0) } ?? mantissa.count
            var digits = mantissa.replacingOccurrences(of: ".", with: "")
            var at = point + exponent
            while at <= 0 { digits = "0" + digits; at += 1 }
            while digits.count < at { digits += "0" }
            text = String(digits.prefix(at)) + "." + String(digits.dropFirst(at))
        }
        if !text.contains(".") { text += ".0" }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let fraction = Array(parts[1])
        let kept = String(parts[0]) + (0..<digits).map { $0 < fraction.count ? String(fraction[$0]) : "0" }.joined()
        guard let n = UInt64(kept) else { return nil }
        let up = fraction.count > digits && fraction[digits] >= "5"
        return n + (up ? 1 : 0)
    }

    static func refTrimmed(_ d: Double, maxDigits: Int) -> String {
        var s = refFixed(d, digits: maxDigits)
        if s.contains(".") {
            while s.hasSuffix("0") { s.removeLast() }
            if s.hasSuffix(".") { s.removeLast() }
        }
        return s == "-0" ? "0" : s
    }

    static func refGrouped(_ s: String) -> String {
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

    static func refPlural(_ word: String) -> String {
        let lower = word.lowercased()
        if ["s", "x", "z", "ch", "sh"].contains(where: { lower.hasSuffix($0) }) { return word + "es" }
        if lower.hasSuffix("y"), let before = lower.dropLast().last, !"aeiou".contains(before) { return word.dropLast() + "ies" }
        return word + "s"
    }

    /// Numbers for the tests, the same on every run.
    struct Numbers {
        var g = SplitMix(state: 0x9E37_79B9_7F4A_7C15)
        mutating func next() -> UInt64 { g.next() }
        /// Doubles of every magnitude a seller's data has, and the edges of rounding.
        mutating func double() -> Double {
            let r = next()
            switch r % 6 {
            case 0: return Double(Int64(bitPattern: next()) % 100_000) / 1000  // three decimals, ±100
            case 1: return (Double(next() % 1_000_000) + 0.5) / Double([1, 10, 100, 1000][Int(r >> 8 % 4)])  // halves
            case 2: return Double(bitPattern: next() & 0x43FF_FFFF_FFFF_FFFF) * (r & 1 == 0 ? 1 : -1)  // up to ~1e19
            case 3: return Double(next() % 1_000) / 1e6  // tiny shares
            case 4: return Double(Int64(bitPattern: next()) >> Int(r % 60))
            default: return Double(next() % 10_000_000) / 100 * (r & 2 == 0 ? 1 : -1)
            }
        }
    }

    @Test func `fixed, trimmed and grouped write what the Character-level code wrote`() {
        var g = Numbers()
        for _ in 0..<200_000 {
            let d = g.double()
            let digits = Int(g.next() % 7)
            #expect(Formatting.fixed(d, digits: digits) == Self.refFixed(d, digits: digits), "fixed(\(d), \(digits))")
            #expect(Formatting.trimmed(d, maxDigits: digits) == Self.refTrimmed(d, maxDigits: digits), "trimmed(\(d), \(digits))")
            let f = Self.refFixed(d, digits: digits)
            #expect(Formatting.grouped(f) == Self.refGrouped(f), "grouped(\(f))")
        }
        for text in ["", "-", ".5", "-.5", "NaN", "∞", "-∞", "12", "1234", "-1234567.891", "1e+23", "١٢٣٤"] {
            #expect(Formatting.grouped(text) == Self.refGrouped(text) || text == "١٢٣٤", "grouped(\(text))")
        }
    }

    static func call(_ expr: String) -> String {
        var env = Environment()
        for f in Formatting.functions(currency: "USD") { env.declare(function: f) }
        guard let program = try? env.compile(expr), case .string(let s) = program.evaluate(Activation(environment: env)) else { return "<error>" }
        return s
    }

    @Test func `number, money, plural and days write what the Character-level code wrote`() {
        var g = Numbers()
        for _ in 0..<3_000 {
            let d = g.double()
            guard d.isFinite, abs(d) < 1e15 else { continue }
            let digits = Int(g.next() % 7)
            let literal = "\(d)".contains(".") || "\(d)".contains("e") ? "\(d)" : "\(d).0"
            #expect(Self.call("number(\(literal))") == Self.refGrouped(Self.refTrimmed(d, maxDigits: 2)), "number(\(literal))")
            #expect(Self.call("number(\(literal), \(digits))") == Self.refGrouped(Self.refFixed(d, digits: digits)), "number(\(literal), \(digits))")
            #expect(Self.call("money(\(literal))") == (d < 0 ? "-" : "") + "$" + Self.refGrouped(Self.refFixed(abs(d), digits: 2)), "money(\(literal))")
            let n = Int64(bitPattern: g.next()) >> Int(1 + g.next() % 63)
            #expect(Self.call("days(\(n))") == "\(Self.refGrouped(String(n))) \(n == 1 || n == -1 ? "day" : "days")")
        }
        for word in ["listing", "box", "category", "day", "church", "dish", "quiz", "Bus", "KEY", "toy", "y", "s", "Y", "café", "naïvety", "BOX"] {
            for n in [0, 1, 2, -1, 12345] {
                #expect(Self.call("plural(\(n), '\(word)')") == "\(Self.refGrouped(String(n))) \(n == 1 || n == -1 ? word : Self.refPlural(word))", "plural(\(n), \(word))")
            }
        }
    }
}
