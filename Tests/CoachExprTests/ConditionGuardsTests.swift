// ConditionGuardsTests.swift — an expression's comparisons of a variable with a number, tested
// before it is run, decide it as running it decides: false when one fails (whatever the other
// conjuncts give, errors included), true when they are the whole expression and all hold, and
// nothing otherwise.

@testable import CoachExpr
import Testing

@Suite struct ConditionGuardsTests {
    /// Expressions, with the number of guards each has and whether they are all of it.
    static let expressions: [(String, Int, Bool)] = [
        ("i > 2", 1, true), ("2 < i", 1, true), ("i >= 2 && x < 1.5", 2, true), ("x <= -0.0 && i != 3", 1, false),
        ("i > 9223372036854775806", 1, true), ("i < -9223372036854775807", 1, true), ("i > 1.5", 1, true), ("x >= 2", 1, true),
        ("x > 1.0 && p", 2, true), ("p && x > 1.0", 2, true), ("!p && i > 0", 2, true), ("p && ns.size() > 1", 1, false), ("i > 1 && e > 0", 2, true), ("e > 0 && i > 1", 2, true),
        ("i > 2 && i < 5 && x > 0.0 && x < 3.0 && j > 0", 4, false), ("size(ns) > 2 && i > 5", 1, false),
        ("(i > 0 && j < 3) && (x > 0.5 && q)", 4, true), ("i > params.low && x <= params.high", 2, true),
        ("i > 0 && ns.exists(n, n > i)", 1, false), ("x < 0.0 && 1 / (i - i) > 0", 1, false),
        ("i == 0", 1, true), ("0 == i && p", 2, true), ("x == 1.0 && i == 1", 2, true), ("x == 0 && i >= 0", 2, true),
        ("i == 9007199254740993", 1, true), ("x == -0.0 || i == 1", 0, false), ("i == 2.5 && x > 0.0", 2, true),
        ("x == 9007199254740992.0 && i == params.low", 2, true),
        ("t == \"basic\" && i > 0", 1, false), ("i >= 1 && t != \"pro\" && ns.size() > 1", 1, false),
        ("\"pro\" == t && !q", 1, false), ("i != 0 && p && q && !p && x > 0.0", 4, false), ("p", 1, true), ("!q", 1, true),
        ("p && q && !p && !q && q && i > 0", 5, false), ("!p && e > 0", 2, true),
    ]

    /// Variables: ints, doubles, bools, a list, a definition (`e`, failing when `j` is 0),
    /// and params.
    struct Slots {
        static let paramsType = ObjectType(name: "params", fields: [.init("low", .int), .init("high", .double)])
        static let params = Value.object(ObjectValue.make(type: paramsType, fields: [.int(1), .double(2.5)]))
        var env = Environment()
        let i, j, x, p, q, ns, e, params, t: Int
        init() {
            i = env.declare("i", .int); j = env.declare("j", .int); x = env.declare("x", .double); t = env.declare("t", .string)
            p = env.declare("p", .bool); q = env.declare("q", .bool); ns = env.declare("ns", .list(.int)); e = env.declare("e", .int)
            params = env.declareConstant("params", .object(Self.paramsType), Self.params)
        }
    }

    @Test func `guards are found in the conjuncts of an expression, and only there`() throws {
        let s = Slots()
        for (text, count, whole) in Self.expressions {
            let program = try s.env.compile(text)
            #expect(program.guards.count + program.boolGuardList.count == count && program.guardsWhole == whole, "\(text)")
            let plain = try s.env.compile(text, fused: false)
            #expect(plain.guards.isEmpty && plain.boolGuardList.isEmpty, "\(text)")
        }
        for text in ["i > 2 || x > 1.0", "!(i > 2)", "i + 1 > 2", "p || q", "i > j", "ns.size() > 2", "i != 3", "x == -0.0 || i == 1",
                     "t == string(i)", "t == \"basic\"", "!!p", "p == true", "t < \"basic\"", "t == t", "i > j && !(p && q)"] {
            let program = try s.env.compile(text)
            #expect(program.guards.isEmpty && program.boolGuardList.isEmpty, "\(text)")
        }
    }

    /// Against a double constant an int is compared as a double: the ints a guard keeps are
    /// those whose doubles the comparison keeps, at the edges where doubles skip ints too.
    @Test func `an int compared with a double keeps the ints whose doubles it keeps`() {
        let edges: [Double] = [0, -0.0, 1.5, -1.5, 9_007_199_254_740_992, 9_007_199_254_740_993, 9.223372036854775807e18,
                               -9.223372036854775808e18, 1e300, -1e300, .infinity, -.infinity, .nan, .ulpOfOne, 4.5e15 + 0.5]
        let probes: [Int64] = [.min, .min + 1, -9_007_199_254_740_993, -2, -1, 0, 1, 2, 9_007_199_254_740_991, 9_007_199_254_740_992,
                               9_007_199_254_740_993, 9_007_199_254_740_994, 4_500_000_000_000_000, 4_500_000_000_000_001, .max - 1, .max]
        for c in edges {
            for kind in 0..<4 {
                let doubles = FieldTests.doubleInterval(c, kind)
                let ints = NumberGuard.ints(within: doubles)
                for x in probes {
                    let d = Double(x)
                    let held = [d < c, d <= c, d > c, d >= c][kind]
                    #expect((ints.lo <= x && x <= ints.hi) == held, "\(x) op \(kind) \(c)")
                }
            }
        }
    }

    @Test func `guarded expressions answer as they do unguarded`() throws {
        let s = Slots()
        let odd: [Value?] = [nil, .int(Int64.max), .int(Int64.min), .double(.nan), .double(-0.0), .double(.infinity), .double(-.infinity),
                             .uint(3), .string("3"), .null, .bool(true), .int(9_007_199_254_740_993), .double(9_007_199_254_740_992)]
        var state: UInt64 = 5
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        func value(_ kind: CELType) -> Value? {
            if next(5) == 0 { return odd[next(odd.count)] }
            switch kind {
            case .int: return .int(Int64(next(9)) - 3)
            case .double: return .double(Double(next(17)) / 4 - 1)
            case .bool: return .bool(next(2) == 0)
            case .string: return .string(["basic", "pro", "", "Basic", "basic ", "b\u{e9}", "be\u{301}"][next(7)])
            default: return .list((0..<next(5)).map { _ in .int(Int64(next(7)) - 2) })
            }
        }
        for (text, count, whole) in Self.expressions where count > 0 {
            let guarded = try s.env.compile(text), plain = try s.env.compile(text, fused: false)
            #expect(!(guarded.guards.isEmpty && guarded.boolGuardList.isEmpty) && plain.guards.isEmpty && plain.boolGuardList.isEmpty)
            var decided = (false: 0, true: 0), trues = 0
            for _ in 0..<600 {
                let values = [(s.i, value(.int)), (s.j, value(.int)), (s.x, value(.double)), (s.p, value(.bool)), (s.q, value(.bool)),
                              (s.ns, value(.list(.int))), (s.t, value(.string))]
                for budget in [nil, 0, 2] as [Int?] {
                    let a = Activation(environment: s.env), b = Activation(environment: s.env)
                    for act in [a, b] {
                        act[s.params] = Slots.params
                        for (slot, v) in values { if let v { act[slot] = v } else { act.setAbsent(slot) } }
                        act.bindLazy(s.e, to: try s.env.compile("10 / j", fused: act === b ? false : true))
                    }
                    let u = guarded.evaluate(a, budget: budget), v = plain.evaluate(b, budget: budget)
                    let context = "\(text) with \(values.map { $0.1.map(Display.text) ?? "absent" }), budget \(budget.map(String.init) ?? "default")"
                    #expect(Display.text(u) == Display.text(v) && u.evalError?.message == v.evalError?.message, "\(context)")
                    if case .bool(true) = v { trues += 1 }
                    if let verdict = guarded.guardVerdict(a) {
                        if verdict { decided.true += 1 } else { decided.false += 1 }
                    }
                }
            }
            // Each expression's guards decided some evaluations (and, when they are the whole
            // of it, both ways).
            #expect(decided.false > 50, "\(text): guards decided false \(decided.false) times")
            // When they are the whole of it, they decide most evaluations that give true (not
            // those of a value of another kind, a uint, which the closures compare).
            if whole { #expect(decided.true * 10 >= trues * 8 && (trues == 0 || decided.true > 0), "\(text): guards decided true \(decided.true) times of \(trues)") }
        }
    }
}
