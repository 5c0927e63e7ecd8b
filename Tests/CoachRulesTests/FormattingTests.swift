// FormattingTests.swift — template values and formatting functions as people read them:
// never 0.0800000001, NaN%, "1e+20", "2 boxs" or "0.0%" for something that is not zero.

import CoachExpr
import CoachJSON
import CoachRules
import CoachSource
import CoachTestSupport
import Foundation
import Testing

@Suite struct FormattingTests {
    /// Evaluates a template expression with the template functions declared.
    static func text(_ expr: String) throws -> Result<String, EvalError> {
        var env = Environment()
        for f in Formatting.functions(currency: "USD") { env.declare(function: f) }
        let program = try env.compile(expr)
        return Formatting.display(program.evaluate(Activation(environment: env)))
    }

    @Test(arguments: [
        ("0.1 + 0.2", "0.3"), ("1e20", "100000000000000000000"), ("1e23", "100000000000000000000000"), ("-1.5e18", "-1500000000000000000"),
        ("percent(0.0, 1)", "0%"), ("-0.001", "0"), ("[1, 2.5, 'x']", "1, 2.5, x"),
        ("percent(0.0834)", "8.3%"), ("percent(0.0834, 0)", "8%"), ("percent(0.0004)", "under 0.1%"), ("percent(0.004, 0)", "under 1%"),
        ("percent(0.0)", "0%"), ("number(1234.5)", "1,234.5"), ("number(2.0 / 3.0, 2)", "0.67"), ("money(1234.5)", "$1,234.50"),
        ("money(-3.0)", "-$3.00"), ("money(9223372036854775807)", "$9,223,372,036,854,775,807.00"),
        ("money(-9223372036854775807 - 1)", "-$9,223,372,036,854,775,808.00"), ("money(-3)", "-$3.00"), ("money(0)", "$0.00"), ("money(12u)", "$12.00"), ("money(-0.001)", "$0.00"), ("percent(-0.0001)", "between -0.1% and 0%"),
        ("percent(-0.004, 0)", "between -1% and 0%"), ("percent(-0.05)", "-5%"), ("plural(1, 'listing')", "1 listing"), ("plural(3, 'listing')", "3 listings"),
        ("plural(2, 'box')", "2 boxes"), ("plural(2, 'category')", "2 categories"), ("plural(2, 'day')", "2 days"),
        ("plural(-1, 'day')", "-1 day"), ("plural(2, 'child', 'children')", "2 children"), ("days(1)", "1 day"), ("days(14)", "14 days"),
        ("percent(0.9996)", "over 99.9%"), ("percent(0.996, 0)", "over 99%"), ("percent(0.99996, 2)", "over 99.99%"),
        ("percent(-0.9996)", "between -100% and -99.9%"), ("percent(1.0)", "100%"), ("percent(0.9994)", "99.9%"), ("percent(1.0004)", "100%"),
        ("capitalized('over 99%')", "Over 99%"), ("capitalized('Über')", "Über"), ("capitalized('é')", "É"), ("capitalized('')", ""), ("capitalized('4%')", "4%"),
        ("capitalized('ßa')", "Ssa"), ("capitalized('ǆemal')", "ǅemal"), ("capitalized('e\\u0301té')", "E\u{0301}té"),
        ("listed([])", ""), ("listed(['Mug'])", "Mug"), ("listed(['Mug', 'Bowl'])", "Mug and Bowl"),
        ("listed(['Mug', 'Bowl', 'Vase'])", "Mug, Bowl and Vase"), ("listed(['Mug', 'Bowl', 'Vase'], 'or')", "Mug, Bowl or Vase"),
        ("listed(['', 'b'])", " and b"), ("listed(['a, b', 'c'])", "a, b and c"),
        // Whole numbers past 2^53 keep every digit (through a double they would not).
        ("number(9007199254740993u)", "9,007,199,254,740,993"), ("number(9007199254740993)", "9,007,199,254,740,993"),
        ("number(18446744073709551615u)", "18,446,744,073,709,551,615"), ("number(9007199254740993, 2)", "9,007,199,254,740,993.00"),
        ("number(18446744073709551615u, 1)", "18,446,744,073,709,551,615.0"), ("number(-5, 2)", "-5.00"), ("number(7u, 0)", "7"),
        ("money(18446744073709551615u)", "$18,446,744,073,709,551,615.00"), ("percent(9007199254740993)", "900719925474099300%"),
        ("percent(18446744073709551615u, 1)", "1844674407370955161500.0%"), ("percent(1)", "100%"), ("percent(1, 2)", "100.00%"),
        ("percent(0, 2)", "0%"), ("percent(-2)", "-200%"), ("percent(3u)", "300%"),
        // Half away from zero as written: the same rule as round(x, n).
        ("1.005", "1.01"), ("number(1.045, 2)", "1.05"), ("number(1.015, 2)", "1.02"), ("money(0.285)", "$0.29"),
        ("money(-2.675)", "-$2.68"), ("number(150274887993540.31, 3)", "150,274,887,993,540.300"),
        // Past exact integer arithmetic: still the decimals asked for, rounded as written.
        ("number(1e15, 3)", "1,000,000,000,000,000.000"), ("number(999999999999.995, 6)", "999,999,999,999.995000"),
        ("money(1e16)", "$10,000,000,000,000,000.00"), ("money(-1e17)", "-$100,000,000,000,000,000.00"),
        ("number(9999999999999999.0, 2)", "10,000,000,000,000,000.00"), ("percent(12345678901234.564, 4)", "1234567890123456.4000%"),
        ("percent(1e20)", "10000000000000000000000%"), ("percent(-1e18, 1)", "-100000000000000000000.0%"),
    ])
    func `values and functions are written for people`(_ expr: String, _ expected: String) throws {
        #expect(try Self.text(expr).get() == expected)
    }

    /// Every tie as written rounds away from zero, whichever side of the half its double (or
    /// the double times 100) falls: 0.0045 is 0.5%, though 0.0045 × 100 is 0.44999999999999996.
    @Test func `ties as written round away from zero in percent and number`() throws {
        for i in 0..<999 {
            let written = "0." + String(repeating: "0", count: 3 - String(i).count) + String(i) + "5"  // 0.0005 … 0.9985
            let up = i + 1
            #expect(try Self.text("percent(\(written), 1)").get() == "\(up / 10).\(up % 10)%", "percent(\(written), 1)")
            #expect(try Self.text("percent(-\(written), 1)").get() == "-\(up / 10).\(up % 10)%", "percent(-\(written), 1)")
            let thousandths = String(up / 1000) + "." + String(repeating: "0", count: 3 - String(up % 1000).count) + String(up % 1000)
            #expect(try Self.text("number(\(written), 3)").get() == thousandths, "number(\(written), 3)")
        }
        #expect(try Self.text("number(0.000035, 5)").get() == "0.00004")
        #expect(try Self.text("number(0.0000005, 6)").get() == "0.000001")
    }

    /// Digits written as a number the function does not take fail every evaluation, so they
    /// are refused when the expression is checked, at the number.
    @Test(arguments: [("number(0.3, 20)", 13, "number(): digits must be from 0 to 6, not 20"),
                      ("percent(0.3, -1)", 14, "percent(): digits must be from 0 to 6, not -1"),
                      ("round(0.3, 16)", 12, "round(): digits must be from 0 to 15, not 16")])
    func `digits out of range written as numbers are refused when checked`(_ expr: String, _ column: Int, _ message: String) {
        var env = Environment()
        for f in Formatting.functions(currency: "USD") { env.declare(function: f) }
        do {
            _ = try env.compile(expr)
            Issue.record("\(expr) compiled")
        } catch {
            #expect("\(error)".contains("<expr>:1:\(column): error: \(message)"), "\(error)")
        }
    }

    /// `listed` charges what it copies, as `join` does, so a huge list of names runs out of
    /// budget rather than building a text no one reads.
    @Test func `listed names are charged for the bytes they copy`() throws {
        var env = Environment()
        for f in Formatting.functions(currency: "USD") { env.declare(function: f) }
        let program = try env.compile("listed(['" + String(repeating: "x", count: 2_000) + "', 'y'])")
        #expect(program.evaluate(Activation(environment: env), budget: 10_000).string == "\(String(repeating: "x", count: 2_000)) and y")
        guard case .error(let e) = program.evaluate(Activation(environment: env), budget: 1_000) else { Issue.record("not charged"); return }
        #expect(e.message.contains("budget"))
    }

    @Test(arguments: ["0.0 / 0.0", "1.0 / 0.0", "percent(0.0 / 0.0)", "percent(1e307)", "percent(-1e307, 0)", "number(-1.0 / 0.0)", "money(1.0 / 0.0)", "[1.0, 0.0 / 0.0]",
                      "number(0.3, 10 * 2)", "percent(0.3, 0 - 1)"])
    func `what cannot be shown is an error, so the text is dropped rather than shown broken`(_ expr: String) throws {
        guard case .failure = try Self.text(expr) else { Issue.record("\(expr) was shown"); return }
    }

    /// A value written straight into a result (``Formatting/appendEscaped(_:to:counting:)``):
    /// the bytes of its displayed text escaped, its length counted, or the same error.
    @Test(arguments: [Value.int(0), .int(-7), .int(Int64.min), .int(Int64.max), .string("say \"hi\"\n\tthen “go” \u{1}"),
                      .string(""), .double(2.5), .double(-0.001), .double(.nan), .bool(true), .null, .uint(18),
                      .list([.int(-1), .string("x\"y"), .double(0.25)]), .list([.double(.infinity)]),
                      // A list is written element by element: one that fails after others were
                      // written takes them back; nested lists, nulls and empty ones as joined.
                      .list([.string("a"), .int(2), .double(.nan)]), .list([.string("a"), .map(MapValue([(.string("k"), .int(1))]))]),
                      .list([.list([.int(1), .string("b\\")]), .null, .string(""), .list([])]), .list([])])
    func `a value written escaped is its text escaped`(_ v: Value) {
        let buffer = ByteBuffer(capacity: 16)  // small: it grows as the value is written
        buffer.put(0x21)
        var written = 5
        let problem = Formatting.appendEscaped(v, to: buffer, counting: &written)
        let out = Array(buffer.view)
        switch Formatting.display(v) {
        case .success(let text):
            var expected: [UInt8] = [0x21]
            JSONWriter.appendEscaped(text, to: &expected)
            #expect(problem == nil && out == expected && written == 5 + text.utf8.count, "\(v)")
        case .failure(let e):
            #expect(problem?.message == e.message && out == [0x21] && written == 5, "\(v)")
        }
    }

    /// A value written into a text as it is rendered (``Formatting/append(_:to:)``): the bytes
    /// of its displayed text, or the same error with nothing written.
    @Test(arguments: [Value.int(0), .int(-7), .int(Int64.min), .int(Int64.max), .string("say \"hi\"\n “go” \u{1}"),
                      .string(""), .double(2.5), .double(-0.001), .double(.nan), .bool(true), .null, .uint(18),
                      .list([.int(-1), .string("x\"y"), .double(0.25)]), .list([.double(.infinity)])])
    func `a value written into a text is its displayed text`(_ v: Value) {
        var out: [UInt8] = [0x21]
        let problem = Formatting.append(v, to: &out)
        switch Formatting.display(v) {
        case .success(let text): #expect(problem == nil && out == [0x21] + Array(text.utf8), "\(v)")
        case .failure(let e): #expect(problem?.message == e.message && out == [0x21], "\(v)")
        }
    }

    @Test func `a count that would overflow stays at the largest`() {
        let out = ByteBuffer()
        var written = Int.max - 1
        #expect(Formatting.appendEscaped(.int(-123), to: out, counting: &written) == nil)
        #expect(written == Int.max && Array(out.view) == Array("-123".utf8))
    }
}

@Suite struct CurrencyTests {
    static func money(_ expr: String, _ currency: String) throws -> String? {
        var env = Environment()
        for f in Formatting.functions(currency: currency) { env.declare(function: f) }
        return try env.compile(expr).evaluate(Activation(environment: env)).string
    }

    /// An amount has its currency's own decimals (ISO 4217's minor unit), rounded as written.
    @Test(arguments: [("money(1234.5)", "JPY", "¥1,235"), ("money(1234)", "JPY", "¥1,234"), ("money(-0.4)", "JPY", "¥0"),
                      ("money(1.2345)", "KWD", "KWD 1.235"), ("money(7)", "KWD", "KWD 7.000"), ("money(1.5)", "CLF", "CLF 1.5000"),
                      ("money(1234.5)", "USD", "$1,234.50"), ("money(1234.5)", "kr", "kr 1,234.50")])
    func `an amount has its currency's decimals`(_ expr: String, _ currency: String, _ shown: String) throws {
        #expect(try Self.money(expr, currency) == shown)
    }

    /// The base fixture's warnings with its currency set to `currency`.
    static func warnings(currency: String) throws -> [Diagnostic] {
        let files = TestPaths.baseFixtureTexts { $1.replacingOccurrences(of: "currency: USD", with: "currency: \(currency)") }
        return try RuleSetLoader.load(texts: files).warnings
    }

    @Test func `three letters that name no currency are said, and written as they are`() throws {
        let said = try Self.warnings(currency: "XYZ").filter { $0.code == "rules.currency" }
        #expect(said.map(\.message) == ["currency 'XYZ' is not an ISO 4217 code; amounts are written 'XYZ 1,234.50'"])
        #expect(try Self.warnings(currency: "eur").filter { $0.code == "rules.currency" }.isEmpty)
        #expect(try Self.warnings(currency: "kr").filter { $0.code == "rules.currency" }.isEmpty)
        for code in ["VED", "CLF", "XDR", "CHE"] {  // ISO codes outside the common list: funds, units, a new bolívar
            #expect(try Self.warnings(currency: code).filter { $0.code == "rules.currency" }.isEmpty, "\(code)")
        }
    }
}
