// SafetyTests.swift — the regex matcher (linear time, RE2 syntax) and the limits.

import CoachSource
import Testing
@testable import CoachExpr

@Suite struct RegexTests {
    @Test(arguments: [
        ("abc", "b", true), ("abc", "^b", false), ("abc", "c$", true), ("abc", "^abc$", true),
        ("a1b2", "\\d", true), ("ab", "\\d", false), ("a b", "\\s", true), ("__", "^\\w+$", true),
        ("hello", "h(e|a)llo", true), ("hallo", "h(?:e|a)llo", true), ("hxllo", "h(e|a)llo", false),
        ("aaa", "^a{3}$", true), ("aa", "^a{3}$", false), ("aaaa", "^a{2,3}$", false), ("aaa", "^a{2,}$", true),
        ("HeLLo", "(?i)hello", true), ("HeLLo", "hello", false), ("x-y", "[a-z]-[a-z]", true),
        ("x", "[^a-z]", false), ("5", "[[:digit:]]", true), ("a.b", "a\\.b", true), ("axb", "a\\.b", false),
        ("foo bar", "\\bbar\\b", true), ("foobar", "\\bbar\\b", false), ("", "^$", true), ("ab", "a?b+c*", true),
        ("café", "^caf.$", true), ("line1\nline2", "(?m)^line2$", true), ("a\nb", "a.b", false), ("a\nb", "(?s)a.b", true),
        ("A", "\\x41", true), ("😀", "^.$", true),
        // Case folding works both ways, also for the letters that fold with a third one.
        ("\u{212A}", "(?i)K", true), ("k", "(?i)\u{212A}", true), ("\u{17F}", "(?i)s", true), ("\u{212A}", "(?i)[a-z]", true),
        ("\u{212A}", "K", false),
    ])
    func patterns(_ text: String, _ pattern: String, _ expected: Bool) {
        guard case .success(let re) = Regex.compile(pattern) else { Issue.record("\(pattern) did not compile"); return }
        #expect(re.search(text)?.matched == expected, "\(pattern) on \(text)")
    }

    /// Patterns that make backtracking matchers explode run in linear time here.
    @Test(arguments: [
        ("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", "(a+)+$"),
        (String(repeating: "a", count: 5000) + "!", "^(a|aa)*$"),
        (String(repeating: "a", count: 5000), "(a*)*b"),
        (String(repeating: "ab", count: 3000), "(.*a){20}x"),
    ])
    func pathologicalPatternsFinish(_ text: String, _ pattern: String) {
        let v = evaluate("s.matches(p)", [("s", .string, .string(text)), ("p", .string, .string(pattern))])
        #expect(isTrue(evaluate("!x", [("x", .bool, v)])), "got \(Display.text(v))")
    }

    @Test(arguments: ["(", "a)", "[a-", "*a", "a{2,1}", "a**", "\\q", "(?z)a", "a{5000}", "\\x{110000}", "[\\x{110041}]", "\\x{}"])
    func invalidPatterns(_ pattern: String) {
        if case .success = Regex.compile(pattern) { Issue.record("\(pattern) compiled") }
        // A literal pattern is rejected when the expression is compiled…
        let ds = diagnostics("'x'.matches('\(pattern.replacingOccurrences(of: "\\", with: "\\\\"))')")
        #expect(ds.first?.message.hasPrefix("invalid regular expression") == true, "\(ds)")
        // …and a computed one gives an error value.
        let v = evaluate("'x'.matches(p)", [("p", .string, .string(pattern))])
        #expect(errorMessage(v)?.hasPrefix("invalid regular expression") == true)
    }
}

@Suite struct LimitsTests {
    @Test(arguments: ["(", "[", "{1: ", "a[", "f(", "!", "-"])
    func deepNestingIsAnError(_ opener: String) {
        let text = String(repeating: opener, count: 10_000) + "1"
        var env = Environment()
        env.limits.maxLength = 100_000
        env.declare("a", .dyn)
        let ds = diagnostics(text, env: env)
        #expect(ds.count == 1)
        #expect(ds.first?.message.contains("nested too deeply") == true, "\(ds.first?.message ?? "")")
    }

    /// A bracket is one level, as a parenthesis is: 99 nested lists, maps or parentheses
    /// around a value are within the 100 levels, 100 are not (lists and maps counted twice).
    @Test(arguments: [("(", ")"), ("[", "]"), ("{1: ", "}")])
    func everyBracketIsOneLevel(_ open: String, _ close: String) {
        let at99 = String(repeating: open, count: 99) + "1" + String(repeating: close, count: 99)
        #expect(diagnostics(at99).isEmpty, "\(open)")
        let at100 = String(repeating: open, count: 100) + "1" + String(repeating: close, count: 100)
        #expect(diagnostics(at100).first?.message == "expression is nested too deeply (more than 100 levels)", "\(open)")
    }

    @Test func longChainsAreAnError() {
        var env = Environment()
        env.limits.maxLength = 100_000
        let text = Array(repeating: "1", count: 5_000).joined(separator: " + ")
        #expect(diagnostics(text, env: env).first?.message.contains("nested too deeply") == true)
        // && chains are balanced, so long ones stay shallow.
        let ands = Array(repeating: "true", count: 2_000).joined(separator: " && ")
        #expect(isTrue(evaluateIn(env, ands)))
    }

    @Test func lengthLimit() {
        var env = Environment()
        env.limits.maxLength = 20
        let ds = diagnostics("1 + 1 + 1 + 1 + 1 + 1 + 1", env: env)
        #expect(ds.first?.message == "expression is 25 characters long; the limit is 20")
    }

    @Test func budgetStopsRunawayComprehensions() throws {
        let env = Environment()
        let p = try env.compile("[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, [1,2,3,4,5,6,7,8,9,10].all(d, a + b + c + d > 0))))")
        let act = Activation(environment: env)
        #expect(isTrue(p.evaluate(act)))
        let v = p.evaluate(act, budget: 1_000)
        #expect(errorMessage(v) == "evaluation cost budget of 1000 exceeded")
    }

    func evaluateIn(_ env: Environment, _ text: String) -> Value {
        do { return try env.compile(text).evaluate(Activation(environment: env)) } catch { return .error("compile") }
    }
}

@Suite struct GrowthTests {
    static func doubling(_ seed: String) -> String {
        "cel.bind(s, \(seed), " + String(repeating: "cel.bind(s, s + s, ", count: 40) + "size(s)" + String(repeating: ")", count: 41)
    }

    /// Doubling a list or string again and again runs out of budget instead of memory.
    @Test(arguments: [doubling("'abcdefgh'"), doubling("[1, 2, 3, 4]"), doubling("b'xy'")])
    func doublingRunsOutOfBudget(_ text: String) throws {
        var env = Environment()
        env.limits.maxLength = 100_000
        let p = try env.compile(text)
        let v = p.evaluate(Activation(environment: env), budget: 100_000)
        #expect(errorMessage(v)?.contains("cost budget") == true, "got \(Display.text(v))")
    }

    @Test func replaceCannotExplode() {
        let v = evaluate("cel.bind(s, 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', cel.bind(t, s.replace('a', s), cel.bind(u, t.replace('a', t), u.replace('a', u)))).size()")
        #expect(errorMessage(v)?.contains("longer than") == true || errorMessage(v)?.contains("cost budget") == true, "got \(Display.text(v))")
    }

    /// A list of 10,000 ones, built by tenfold concatenation.
    static let big = "cel.bind(a, [1,1,1,1,1,1,1,1,1,1], cel.bind(b, a+a+a+a+a+a+a+a+a+a, cel.bind(c, b+b+b+b+b+b+b+b+b+b, cel.bind(d, c+c+c+c+c+c+c+c+c+c, "

    /// Work that grows with the whole of a value is charged for all of it: a short
    /// expression cannot run for seconds inside the budget.
    @Test(arguments: [
        big + "d.all(x, d == d)))))",
        big + "d.all(x, !(2 in d))))))",
        big + "c.all(x, {'k': d} == {'k': d})))))",
        big + "c.all(x, '%s'.format([d]) != '')))))",
        // (The separator read from the loop's variable: a part that does not depend on the
        // loop is computed once per run of it, KeptPartTests.)
        big + "c.all(x, d.map(y, 'ab').join(string(x)) != '')))))",
        "cel.bind(s, '" + String(repeating: "a", count: 3000) + "', [s, s].map(x, x.replace('a', s)).size())",
        // Building a 10,000-entry map one insert at a time copies it each time.
        big + "d.map(x, string(x)).transformMap(i, v, v).size()))))",
        "cel.bind(a, '" + String(repeating: "a", count: 100) + "', cel.bind(b, a+a+a+a+a+a+a+a+a+a, cel.bind(c, b+b+b+b+b+b+b+b+b+b, (c+c).matches('(a?){1000}b'))))",
        "cel.bind(a, '" + String(repeating: "a", count: 100) + "', cel.bind(b, a+a+a+a+a+a+a+a+a+a, cel.bind(c, b+b+b+b+b+b+b+b+b+b, [1,2,3].all(i, !(c+c).matches('(a?){' + string(1000 - i) + '}b')))))",
    ])
    func wholeValueWorkIsCharged(_ text: String) throws {
        var env = Environment()
        env.limits.maxLength = 100_000
        let p = try env.compile(text)
        let v = p.evaluate(Activation(environment: env))
        #expect(errorMessage(v) == "evaluation cost budget of 1000000 exceeded", "got \(Display.text(v))")
    }

    /// The same kinds of work on ordinary sizes stay well inside the budget.
    @Test(arguments: [
        "[1, 2, 3] == [1, 2, 3]", "2 in [1, 2, 3]", "'%s and %d'.format(['a', 1]) == 'a and 1'",
        "['a', 'b'].join(',') == 'a,b'", "'a-b'.replace('-', '+') == 'a+b'", "'seller-123'.matches('^seller-[0-9]+$')",
        "cel.bind(p, '^s.*3$', 'seller-123'.matches(p))",
    ])
    func ordinaryWorkFits(_ text: String) {
        #expect(Display.text(evaluate(text)) == "true")
    }
}
