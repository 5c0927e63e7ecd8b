// RuntimeTests.swift — evaluation semantics: arithmetic errors, error absorption, equality,
// strings, conversions, macros, objects, activations (absent and lazy slots), threads.

import CoachSource
import CoachTestSupport
import Testing
@testable import CoachExpr

@Suite struct RuntimeTests {
    /// Expressions that must evaluate to `true`.
    @Test(arguments: [
        "1 == 1.0", "1u == 1", "1u == 1.0", "[1, 2.0] == [1.0, 2u]", "{1: 'a'}[1u] == 'a'",
        "1 < 1.5", "2u > 1", "-1 < 0u", "'a' < 'b'", "b'a' < b'b'", "false < true",
        "!(0.0/0.0 == 0.0/0.0)",
        "size('👍🏽') == 2", "size([1, 2]) == 2", "size({'a': 1}) == 1",
        "'hello'.contains('ell')", "'hello'.startsWith('he')", "'hello'.endsWith('lo')",
        "'hello'.matches('^h.*o$')", "matches('abc', 'b')",
        "int('42') == 42", "int(3.9) == 3", "int(-3.9) == -3", "uint(3) == 3u", "double(1) == 1.0",
        "string(1.5) == '1.5'", "string(12u) == '12'", "bytes('a') == b'a'", "bool('true')",
        "dyn(1) == 1", "type(1) == int", "type('a') == string", "type([]) == list", "type(type) == type",
        "type(null) == null_type",
        "[1, 2, 3].all(x, x > 0)", "[1, 2, 3].exists(x, x == 2)", "[1, 2, 3].exists_one(x, x > 2)",
        "[1, 2, 3].map(x, x * 2) == [2, 4, 6]", "[1, 2, 3].filter(x, x % 2 == 1) == [1, 3]",
        "[1, 2, 3].map(x, x > 1, x * 10) == [20, 30]", "{'a': 1, 'b': 2}.all(k, k.size() == 1)",
        "has({'a': 1}.a)", "!has({'a': 1}.b)",
        "[1, 2] + [3] == [1, 2, 3]", "'a' + 'b' == 'ab'", "7 / 2 == 3", "-7 % 3 == -1", "7.0 / 2.0 == 3.5",
        "cel.bind(x, 2, x * x) == 4",
        "1 / 0 == 1 || true", "true || 1 / 0 == 1", "!(false && 1 / 0 == 1)", "!(1 / 0 == 1 && false)",
        "'été'.size() == 3", "'ab'.indexOf('b') == 1", "'a,b'.split(',') == ['a', 'b']",
        "' x '.trim() == 'x'", "'Ab'.lowerAscii() == 'ab'", "'abc'.substring(1) == 'bc'",
        "'aaa'.replace('a', 'b', 2) == 'bba'",
        "'e\\u0301' != '\\u00e9'", "!('e\\u0301' in ['\\u00e9', 'x'])", "'\\u00e9' in ['x', '\\u00e9']",
        "'a' < 'b' && 'B' < 'a' && 'é' > 'z'", "['a', 'b'].join('-') == 'a-b'",
    ])
    func truths(_ text: String) {
        let v = evaluate(text)
        #expect(isTrue(v), "\(text) gave \(Display.text(v))")
    }

    /// Expressions whose value is an error, with a fragment of the message.
    @Test(arguments: [
        ("9223372036854775807 + 1", "integer overflow"),
        ("-9223372036854775808 - 1", "integer overflow"),
        ("9223372036854775807 * 2", "integer overflow"),
        ("-(-9223372036854775808)", "integer overflow"),
        ("0u - 1u", "unsigned integer overflow"),
        ("1 / 0", "division by zero"),
        ("1 % 0", "modulus by zero"),
        ("1u / 0u", "division by zero"),
        ("int(1e19)", "integer overflow"),
        ("uint(-1)", "unsigned integer overflow"),
        ("int('x')", "cannot convert 'x' to int"),
        ("[1][5]", "index out of range: 5"),
        ("{'a': 1}['b']", "no such key"),
        ("1 / 0 == 1 || 2 / 0 == 1", "division by zero"),
        ("'abc'.substring(5)", "index out of range"),
        ("{'a': 1, 'a': 2}", "repeated key"),
    ])
    func errors(_ text: String, _ fragment: String) {
        let v = evaluate(text)
        #expect(errorMessage(v)?.contains(fragment) == true, "\(text) gave \(Display.text(v))")
    }

    /// Runtime errors carry the position of the failing operation.
    @Test func errorPositions() {
        let v = evaluate("1 + 2 / 0")
        guard case .error(let e) = v else { Issue.record("expected an error"); return }
        #expect(e.location?.column == 7)
    }

    /// Unchecked expressions dispatch on runtime types.
    @Test(arguments: [
        ("[17, 'pancakes'][1] == 'pancakes'", true),
        ("dyn(1) + 1.0 == 2.0", false),
    ])
    func unchecked(_ text: String, _ expectTrue: Bool) {
        let v = evaluate(text, check: false)
        #expect(isTrue(v) == expectTrue)
    }

    @Test func objectFields() {
        let vars: [(String, CELType, Value)] = [("listings", .list(.object(listingType)), .list([listing(1, 30, true), listing(5, 10, false), listing(2, 40, true)]))]
        #expect(isTrue(evaluate("listings.filter(l, l.photos < 3).size() == 2", vars)))
        #expect(isTrue(evaluate("size(listings.filter(l, l.photos < 3)) == 2", vars)))
        #expect(isTrue(evaluate("{'a': 1, 'bb': 2}.filter(k, k.size() > 1).size() == 1", vars)))
        #expect(errorMessage(evaluate("[1, 0].filter(x, 1 / x > 0).size()", vars)) == "division by zero")
        #expect(errorMessage(evaluate("[1].filter(x, x).size()", vars, check: false))?.contains("needs a bool") == true)
        #expect(isTrue(evaluate("listings.exists(l, !l.has_description)", vars)))
        #expect(isTrue(evaluate("listings.map(l, l.title_length) == [30, 10, 40]", vars)))
        #expect(isTrue(evaluate("has(listings[0].photos)", vars)))
        let partial = Value.object(ObjectValue.make(type: listingType, values: ["photos": .int(1)]))
        #expect(isTrue(evaluate("!has(l.title_length)", [("l", .object(listingType), partial)])))
        #expect(errorMessage(evaluate("l.title_length", [("l", .object(listingType), partial)]))?.contains("not set") == true)
    }

    /// Comparisons of a variable with a literal (compiled to one closure) keep the semantics.
    @Test(arguments: [
        ("x < 1", Value.int(0), "true"), ("1 < x", .int(0), "false"), ("x >= 2.5", .double(2.5), "true"),
        ("0.5 > x", .uint(1), "false"), ("x < 1", .double(.nan), "false"), ("x <= 3u", .int(3), "true"),
        ("x < 1", .string("a"), "error: no such overload: <(string, int)"), ("1 > x", .null, "error: no such overload: >(int, null_type)"),
        ("x == 'toys'", .string("toys"), "true"), ("'toys' != x", .string("toys"), "false"), ("x == 'é'", .string("e\u{301}"), "false"),
        ("x == 1", .double(1.0), "true"), ("x != 1u", .int(1), "false"), ("x == null", .null, "true"), ("x == 'a'", .int(1), "false"),
        ("x == true", .list([]), "false"),
    ])
    func comparisonsWithLiterals(_ text: String, _ x: Value, _ expected: String) {
        #expect(Display.text(evaluate(text, [("x", .dyn, x)])) == expected)
    }

    @Test func absentSlots() throws {
        var env = Environment()
        let a = env.declare("orders_30d", .int)
        let p = try env.compile("orders_30d > 3 || true")
        let act = Activation(environment: env)
        #expect(isTrue(p.evaluate(act)))
        let q = try env.compile("orders_30d > 3")
        #expect(errorMessage(q.evaluate(act)) == "no value for 'orders_30d'")
        act[a] = .int(5)
        #expect(isTrue(q.evaluate(act)))
        act.setAbsent(a)
        #expect(errorMessage(q.evaluate(act)) == "no value for 'orders_30d'")
    }

    /// A lazy slot is computed once per activation, on first read.
    @Test func lazySlotsAreMemoised() throws {
        var env = Environment()
        let calls = env.declare("calls", .int)
        let weak = env.declare("weak_listings", .list(.int))
        env.declare(function: FunctionDecl("tick", overloads: [Overload("tick_int", [.int], .int, implementation: .unary { v in v })]))
        let definition = try env.compile("[1, 2, 3].filter(x, x < calls)")
        let rule = try env.compile("weak_listings.size() + weak_listings.size() + [0].map(i, weak_listings.size())[0]")
        let act = Activation(environment: env)
        act[calls] = .int(3)
        act.bindLazy(weak, to: definition)
        #expect(rule.evaluate(act).int == 6)
        // Memoised: changing the input afterwards does not recompute the definition.
        act[calls] = .int(10)
        #expect(rule.evaluate(act).int == 6)
        let selfRef = try env.compile("weak_listings")
        let act2 = Activation(environment: env)
        act2.bindLazy(weak, to: selfRef)
        #expect(errorMessage(rule.evaluate(act2))?.contains("depends on itself") == true)
    }

    /// Re-arming computes a definition afresh for new inputs; a value set in its place
    /// replaces the binding, re-arming or not.
    @Test func lazySlotsRearmAndYieldToValues() throws {
        var env = Environment()
        let calls = env.declare("calls", .int)
        let weak = env.declare("weak_listings", .list(.int))
        let definition = try env.compile("[1, 2, 3].filter(x, x < calls)")
        let rule = try env.compile("weak_listings.size()")
        let act = Activation(environment: env)
        act[calls] = .int(3)
        act.bindLazy(weak, to: definition)
        #expect(rule.evaluate(act).int == 2)
        act[calls] = .int(10)
        act.rearmLazy()
        #expect(rule.evaluate(act).int == 3)
        act[weak] = .list([.int(7)])
        act.rearmLazy()
        #expect(!act.isPending(weak))  // no longer bound: re-arming leaves it alone
        #expect(rule.evaluate(act).int == 1)
    }

    @Test func customFunctions() throws {
        var env = Environment()
        let r = env.declare("rate", .double)
        env.declare(function: FunctionDecl("percent", overloads: [
            Overload("percent_double", [.double], .string, implementation: .unary { v in
                guard case .double(let d) = v else { return .error("percent needs a double") }
                return .string(Display.double((d * 1000).rounded() / 10) + "%")
            }),
        ]))
        let p = try env.compile("percent(rate)")
        #expect(p.resultType == .string)
        let act = Activation(environment: env)
        act[r] = .double(0.123)
        #expect(p.evaluate(act).string == "12.3%")
        #expect(diagnostics("percent(1)", env: env).first?.message == "no matching overload for percent(int)")
    }

    @Test func costBudget() throws {
        let env = Environment()
        let p = try env.compile("[1,2,3,4,5,6,7,8,9,10].map(a, [1,2,3,4,5,6,7,8,9,10].map(b, [1,2,3,4,5,6,7,8,9,10].map(c, a * b * c))).size()")
        let act = Activation(environment: env)
        #expect(p.evaluate(act).int == 10)
        #expect(errorMessage(p.evaluate(act, budget: 100))?.contains("cost budget") == true)
    }

    /// Programs are shared; activations are per evaluation.
    @Test func concurrentEvaluation() async throws {
        var env = Environment()
        let x = env.declare("x", .int)
        let p = try env.compile("[1, 2, 3].map(i, i * x).filter(v, v > x).size()")
        let environment = env
        let results = await withTaskGroup(of: Bool.self) { group in
            for n in 1...50 {
                group.addTask {
                    let act = Activation(environment: environment)
                    act[x] = .int(Int64(n))
                    return p.evaluate(act).int == 2
                }
            }
            var all: [Bool] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 50 && results.allSatisfy { $0 })
    }
}

@Suite struct ValueConversionTests {
    @Test func swiftAndJSON() {
        let v: Value = [1, 2.5, "a", true, nil]
        #expect(Display.text(v) == #"[1, 2.5, "a", true, null]"#)
        #expect(Value(3).int == 3 && Value(2.5).double == 2.5 && Value("x").string == "x" && Value(true).bool == true)
        #expect(Value(["b": 1, "a": 2]).json == .object([("a", .int(2)), ("b", .int(1))]))
        let back = Value(json: .array([.int(1), .uint(2), .double(0.5), .object([("k", .null)])]))
        #expect(Display.text(back) == #"[1, 2u, 0.5, {"k": null}]"#)
        #expect(Value.uint(7).number == 7.0)
        #expect(Value.error("boom").evalError?.message == "boom")
    }

    /// Setting a seller's signals in one call gives each slot what setting it alone gives,
    /// whatever the slot held before (numbers written over numbers in place, texts, lists,
    /// absent values), and says which are missing.
    @Test func `signals set together hold what each set alone holds`() throws {
        var env = Environment()
        let slots = ["a", "b", "c", "d", "e"].map { env.declare($0, .dyn) }
        let choices: [Value?] = [nil, .int(3), .double(2.5), .bool(true), .string("shop"), .list([.int(1), .string("x")]), .null]
        let together = Activation(environment: env), alone = Activation(environment: env)
        var rng = SplitMix(state: 7)
        for round in 0..<400 {
            let signals = (0..<(round % 7 == 0 ? 3 : 5)).map { _ in choices[Int(rng.next() % UInt64(choices.count))] }
            var missing = [Bool](repeating: false, count: slots.count)
            let mask = missing.withUnsafeMutableBufferPointer { together.setSignals(signals, slots: slots, missing: $0) }
            var expectedMask: UInt64 = 0
            for (i, slot) in slots.enumerated() {
                if i < signals.count, let v = signals[i] { alone.set(slot, v) } else { alone.setAbsent(slot); expectedMask |= 1 << UInt64(i) }
                #expect(missing[i] == (i >= signals.count || signals[i] == nil))
                #expect(Display.text(together[slot]) == Display.text(alone[slot]), "round \(round), slot \(i)")
            }
            #expect(mask == expectedMask)
        }
    }

    /// Signals are borrowed, not copied: the activation neither keeps a seller's values alive
    /// nor releases them (a release too many frees a value its owner still holds; one too few
    /// keeps it forever), whether they are set again, written over one by one, dropped, or
    /// left in the activation when it goes.
    @Test func `borrowed signals are neither kept nor released by the activation`() {
        var env = Environment()
        let slots = ["a", "b", "c"].map { env.declare($0, .dyn) }
        weak var first: EvalError?, second: EvalError?, third: EvalError?
        var missing = [Bool](repeating: false, count: slots.count)
        do {
            let act = Activation(environment: env)
            do {
                let e1 = EvalError("one"), e2 = EvalError("two")
                (first, second) = (e1, e2)
                let signals: [Value?] = [.error(e1), .list([.error(e2)]), nil]
                _ = missing.withUnsafeMutableBufferPointer { act.setSignals(signals, slots: slots, missing: $0) }
                #expect(act[slots[0]].evalError?.message == "one")
                #expect(Display.text(act[slots[1]]).contains("two"))
                #expect(missing == [false, false, true])
                act.set(slots[0], .int(1))  // written over one by one: the borrowed bits are not released
                #expect(act[slots[0]].int == 1)
                act.dropBorrowed()
                #expect(first != nil)  // `e1` is still in scope
            }
            #expect(first == nil && second == nil)  // freed with the signals, once
            do {
                let e3 = EvalError("three")
                third = e3
                let signals: [Value?] = [.int(5), .error(e3), .string("shop")]
                _ = missing.withUnsafeMutableBufferPointer { act.setSignals(signals, slots: slots, missing: $0) }
                _ = missing.withUnsafeMutableBufferPointer { act.setSignals(signals, slots: slots, missing: $0) }  // set again over itself
                #expect(act[slots[1]].evalError?.message == "three" && act[slots[2]].string == "shop" && act[slots[0]].int == 5)
                #expect(missing == [false, false, false])
                act.dropBorrowed()
            }
            #expect(third == nil)
            // Set once more and left in the activation as it goes: released by its owner only.
            let kept: [Value?] = [.error(EvalError("kept")), nil, nil]
            _ = missing.withUnsafeMutableBufferPointer { act.setSignals(kept, slots: slots, missing: $0) }
            #expect(act[slots[0]].evalError?.message == "kept")
            #expect(act[slots[1]].evalError != nil)  // absent: its error names the signal
        }
    }

    /// An activation that owns what it borrowed keeps it past its signals, and lets it go
    /// with itself.
    @Test func `an activation owning its borrowed signals outlives them`() {
        var env = Environment()
        let slots = ["a", "b"].map { env.declare($0, .dyn) }
        weak var held: EvalError?
        var missing = [Bool](repeating: false, count: slots.count)
        var act: Activation? = Activation(environment: env)
        do {
            let e = EvalError("held")
            held = e
            let signals: [Value?] = [.list([.error(e)]), nil]
            _ = missing.withUnsafeMutableBufferPointer { act?.setSignals(signals, slots: slots, missing: $0) }
            act?.ownBorrowed()
        }
        #expect(held != nil)
        #expect(act.map { Display.text($0[slots[0]]) }?.contains("held") == true)
        #expect(act?[slots[1]].evalError != nil)
        act = nil
        #expect(held == nil)
    }
}
