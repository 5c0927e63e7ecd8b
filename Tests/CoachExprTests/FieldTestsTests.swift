// FieldTestsTests.swift — comprehension predicates made only of field tests, decided 64
// elements at a time: over generated lists (empty, longer than one chunk, unset fields, fields
// of the wrong kind, ints and doubles mixed, NaN, objects of another type) and tight budgets,
// they give exactly the general loop's value or error, and charge exactly its cost.

import CoachSource
import Testing
@testable import CoachExpr

@Suite struct FieldTestsTests {
    static let item = ObjectType(name: "Item", fields: [.init("n", .int), .init("d", .double), .init("b", .bool)])
    static let other = ObjectType(name: "Item", fields: [.init("n", .int), .init("d", .double), .init("b", .bool)])

    static let expressions = [
        "xs.exists(x, x.n < 3)", "xs.all(x, x.d >= 0.5)", "xs.exists(x, 2 < x.n && x.b)", "xs.all(x, x.d == 2.5 || x.n <= -7)",
        "xs.filter(x, x.n == 0 && x.d > 1.0).size()", "xs.filter(x, !x.b || x.n != 4)", "xs.exists(x, x.n > 2.5)",
        "xs.all(x, x.d < 3)", "xs.filter(x, x.d != 0.0).size()", "xs.exists(x, x.n == 3.0)", "xs.filter(x, x.b).size() > 2",
        "xs.exists(x, !(x.n >= 10 || x.d <= -20.0))", "size(xs.filter(x, 0.0 <= x.d))", "xs.all(x, x.b && x.n < 40 && x.d > -50.0)",
        "xs.exists(x, xs.exists(y, x.n < 3))",
        // Bounds at the ends of the number lines, and signed zeros.
        "xs.exists(x, x.n > 9223372036854775807)", "xs.filter(x, x.n < -9223372036854775807 - 1).size()",
        "xs.filter(x, x.n >= 9223372036854775807 || x.n <= -9223372036854775807).size()", "xs.all(x, x.d < 1e308)",
        "xs.filter(x, x.d > -0.0).size()", "xs.filter(x, x.d >= -0.0 && x.n < 0.0).size()", "xs.filter(x, x.d <= 0.0).size()",
        "xs.filter(x, x.n > 9007199254740992.0).size()", "xs.exists(x, x.d > 2 && x.d < 3)",
        // Double arithmetic on fields (an int field through `double()`; a double field holding
        // an int is the general path's no-such-overload), against constants of either kind.
        "xs.exists(x, 30.0 * double(x.n) / x.d < 20.0)", "xs.filter(x, x.n >= 3 && double(x.n) / x.d >= 0.5).size()",
        "xs.all(x, -x.d + 1.0 > 0.0)", "xs.filter(x, x.d * 2.0 <= 3).size()", "xs.filter(x, double(x.n) / double(x.n) > 0.5).size()",
        "xs.exists(x, 1e308 * x.d > 1e308)", "xs.filter(x, 2.5 < x.d - double(x.n)).size()", "xs.filter(x, x.d / 0.0 >= 0.0).size()",
        "xs.exists(x, x.d > double(3))", "xs.filter(x, double(x.n) * 0.1 + double(x.n) * 0.2 > 0.3 * double(2)).size()",
        // Against variables outside the loop (set, absent, NaN, at the ends of the number line).
        "xs.exists(x, x.n < lim)", "xs.filter(x, dlim <= x.d).size()", "xs.all(x, double(x.n) / x.d > dlim)",
        "xs.filter(x, x.n >= lim && x.d < dlim).size()", "xs.exists(x, lim > 30.0 * double(x.n))", "xs.filter(x, x.d >= lim).size()",
    ]

    /// Values of the variables `lim` (an int) and `dlim` (a double) the expressions compare with.
    static let limits: [(Value?, Value?)] = [
        (.int(3), .double(0.5)), (nil, .double(2.5)), (.int(-7), nil), (.int(Int64.max), .double(.nan)), (.int(Int64.min), .double(-.infinity)),
        (.int(0), .double(-0.0)), (.int(9_007_199_254_740_993), .double(1e308)),
    ]

    /// Lists of every awkward kind, from a fixed seed.
    static func lists() -> [[Value]] {
        let odd: [Value?] = [nil, .int(Int64.max), .int(Int64.min), .double(.nan), .double(-0.0), .double(0), .string("3"), .bool(true), .uint(3), .null,
                             .double(.infinity), .double(-.infinity), .double(1e308), .int(9_007_199_254_740_993), .int(Int64.max - 1), .double(-Double.leastNonzeroMagnitude)]
        var state: UInt64 = 23
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var out: [[Value]] = [[]]
        for i in 0..<500 {
            var xs: [Value] = []
            let length = i % 10 == 0 ? 60 + next(80) : i % 10 == 1 ? 10 + next(30) : next(8)
            for _ in 0..<length {
                // Mostly well-formed fields, sometimes an unset one, one of another kind, or
                // an object of another type with the same name.
                let n: Value? = next(12) > 0 ? .int(Int64(next(60)) - 20) : odd[next(odd.count)]
                let d: Value? = next(12) > 0 ? (next(4) == 0 ? .int(Int64(next(8))) : .double(Double(next(400)) / 8 - 25)) : odd[next(odd.count)]
                let b: Value? = next(12) > 0 ? .bool(next(3) > 0) : odd[next(odd.count)]
                let type = next(40) == 0 ? other : item
                xs.append(.object(ObjectValue.make(type: type, fields: [n, d, b])))
            }
            out.append(xs)
        }
        return out
    }

    @Test("field tests answer and charge as the general loop does", arguments: expressions)
    func sameAsGeneral(_ text: String) throws {
        var env = Environment()
        let slot = env.declare("xs", .list(.object(Self.item)))
        let lim = env.declare("lim", .int), dlim = env.declare("dlim", .double)
        let fast = try env.compile(text)
        let general = try env.compile(text, fused: false)
        var answered = 0
        for (i, xs) in Self.lists().enumerated() {
            for budget in [nil, 0, 1, xs.count / 2, xs.count, xs.count + 1, 2 * xs.count + 1] as [Int?] {
                let a = Activation(environment: env), b = Activation(environment: env)
                a[slot] = .list(xs)
                b[slot] = .list(xs)
                let (l, d) = Self.limits[i % Self.limits.count]
                for act in [a, b] {
                    if let l { act[lim] = l } else { act.setAbsent(lim) }
                    if let d { act[dlim] = d } else { act.setAbsent(dlim) }
                }
                let x = fast.evaluate(a, budget: budget), y = general.evaluate(b, budget: budget)
                if !y.isError { answered += 1 }
                #expect(Display.text(x) == Display.text(y) && errorMessage(x) == errorMessage(y) && a.cost == b.cost,
                        "\(text) over \(Display.text(.list(xs))) with budget \(budget.map(String.init) ?? "default")")
            }
        }
        #expect(answered > 500, "too few lists give an answer to exercise \(text)")
    }

    /// Lists of numbers and bools, mostly of their declared kind, sometimes not.
    static func scalarLists(_ kind: CELType) -> [[Value]] {
        let odd: [Value] = [.int(Int64.max), .int(Int64.min), .double(.nan), .double(-0.0), .string("3"), .bool(true), .uint(3), .null,
                            .double(.infinity), .int(9_007_199_254_740_993)]
        var state: UInt64 = 41
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        return (0..<300).map { i in
            (0..<(i % 7 == 0 ? 70 + next(20) : next(12))).map { _ -> Value in
                if next(15) == 0 { return odd[next(odd.count)] }
                switch kind {
                case .int: return .int(Int64(next(12)) - 2)
                case .double: return next(5) == 0 ? .int(Int64(next(4))) : .double(Double(next(80)) / 8)
                default: return .bool(next(3) > 0)
                }
            }
        }
    }

    @Test("tests of the elements of a list of numbers or bools answer and charge as the general loop does", arguments: [
        "ns.all(w, w == 0)", "ns.exists(w, w > 3 && w < 10)", "ns.filter(w, w >= lim).size()", "ns.filter(w, !(w != 2))",
        "bs.exists(f, f)", "bs.all(f, !f || f)", "ds.all(d, d < 2.5 || d > 7.0)", "ds.filter(d, d == 0.5 || 3 <= d).size()",
        "ds.exists(d, d >= dlim)",
    ])
    func elementsSameAsGeneral(_ text: String) throws {
        var env = Environment()
        let ns = env.declare("ns", .list(.int)), ds = env.declare("ds", .list(.double)), bs = env.declare("bs", .list(.bool))
        let lim = env.declare("lim", .int), dlim = env.declare("dlim", .double)
        let fast = try env.compile(text)
        let general = try env.compile(text, fused: false)
        #expect(fast.fieldLoops == 1)
        var answered = 0
        let lists = [Self.scalarLists(.int), Self.scalarLists(.double), Self.scalarLists(.bool)]
        for i in lists[0].indices {
            for budget in [nil, 0, 1, lists[0][i].count / 2, lists[0][i].count + 1] as [Int?] {
                let a = Activation(environment: env), b = Activation(environment: env)
                let (l, d) = Self.limits[i % Self.limits.count]
                for act in [a, b] {
                    act[ns] = .list(lists[0][i])
                    act[ds] = .list(lists[1][i])
                    act[bs] = .list(lists[2][i])
                    if let l { act[lim] = l } else { act.setAbsent(lim) }
                    if let d { act[dlim] = d } else { act.setAbsent(dlim) }
                }
                let x = fast.evaluate(a, budget: budget), y = general.evaluate(b, budget: budget)
                if !y.isError { answered += 1 }
                #expect(Display.text(x) == Display.text(y) && errorMessage(x) == errorMessage(y) && a.cost == b.cost, "\(text), list \(i), budget \(budget.map(String.init) ?? "default")")
            }
        }
        #expect(answered > 300, "too few lists give an answer to exercise \(text)")
    }

    @Test("a definition compared with a field is read once per chunk, with the general loop's answers and costs", arguments: [
        "xs.exists(x, x.n == top && x.b)", "xs.filter(x, x.n >= top).size()", "xs.all(x, x.n < top || x.d > 1.0)",
        "xs.filter(x, !(x.d != dtop))", "xs.exists(x, x.n == top && x.d <= dtop)", "xs.filter(x, x.d > dtop && top != x.n).size()",
        "xs.exists(x, x.b && x.n == top)", "xs.all(x, x.n != top)", "xs.exists(x, x.n > top && x.n <= top + 0)",
        // Variables the checker types `dyn`: a definition that gives a number or a list, and a
        // free one holding a number of either kind, a text, a uint, or nothing.
        "xs.exists(x, x.n == dyntop && x.b)", "xs.filter(x, x.d >= dyntop).size()", "xs.all(x, x.n != dyntop || x.n < free)",
        "xs.filter(x, x.d < free && x.n == dyntop).size()", "xs.exists(x, free == x.n)",
    ])
    func definitionSameAsGeneral(_ text: String) throws {
        var env = Environment()
        let slot = env.declare("xs", .list(.object(Self.item)))
        let top = env.declare("top", .int), dtop = env.declare("dtop", .double)
        let dyntop = env.declare("dyntop", .dyn), free = env.declare("free", .dyn)
        // Definitions that would charge a reader if it paid for them: a count, and a map that
        // fails on an unset field. Each runs within a budget of its own, wherever it is computed.
        let topDefinition = try env.compile("xs.filter(x, x.n > 5).size()", fused: false)
        let dtopDefinition = try env.compile("double(xs.map(x, x.n).size()) / 3.0", fused: false)
        let listDefinition = try env.compile("xs.filter(x, x.b)", fused: false)
        let frees: [Value?] = [.int(3), .double(2.5), .string("3"), .uint(3), nil]
        let fast = try env.compile(text)
        let general = try env.compile(text, fused: false)
        var answered = 0
        for (i, xs) in Self.lists().enumerated() {
            let n = xs.count
            for budget in [nil, 0, 1, 2, 3, n / 2, n, n + 1, n + 2, 2 * n, 2 * n + 1, 2 * n + 2, 3 * n + 3] as [Int?] {
                let a = Activation(environment: env), b = Activation(environment: env)
                for act in [a, b] {
                    act[slot] = .list(xs)
                    act.bindLazy(top, to: topDefinition)
                    act.bindLazy(dtop, to: dtopDefinition)
                    act.bindLazy(dyntop, to: i % 3 == 2 ? listDefinition : topDefinition)
                    if let f = frees[i % frees.count] { act[free] = f } else { act.setAbsent(free) }
                }
                let x = fast.evaluate(a, budget: budget), y = general.evaluate(b, budget: budget)
                if !y.isError { answered += 1 }
                let where_ = "\(text) over \(Display.text(.list(xs))) with budget \(budget.map(String.init) ?? "default")"
                #expect(Display.text(x) == Display.text(y) && errorMessage(x) == errorMessage(y) && a.cost == b.cost, "\(where_)")
                for d in [top, dtop, dyntop] {
                    if !a.isPending(d), !b.isPending(d) {
                        #expect(Display.text(a.read(d)) == Display.text(b.read(d)) && errorMessage(a.read(d)) == errorMessage(b.read(d)), "\(where_)")
                    }
                }
            }
        }
        #expect(answered > 1000, "too few lists give an answer to exercise \(text)")
    }

    @Test("the shape is recognised, and only the shape", arguments: [
        ("xs.exists(x, x.n < 3)", 1), ("xs.filter(x, x.b && !x.b).size()", 1), ("xs.all(x, x.d > 1.0 || x.n == 2)", 1),
        ("xs.exists(x, x.n + 1 < 3)", 0), ("xs.exists(x, has(x.n))", 0),
        ("xs.map(x, x.n < 3)", 0), ("xs.exists(x, xs.exists(y, x.n < 3))", 0), ("xs.exists(x, xs.exists(y, y.n < x.n))", 0),
        ("xs.exists(x, x.d == x.d)", 0), ("xs.exists(x, double(x.n) * 2.0 < 3.0)", 1), ("xs.exists(x, double(x.n) * 2.0 < y)", 1),
        ("xs.exists(x, double(x.n) - x.d == 2.0)", 0), ("xs.all(x, x.b && 3.0 / x.d > 0.5)", 1), ("xs.exists(x, double(x.n + 1) < 3.0)", 0),
        ("ns.exists(w, w < 3)", 1), ("ns.exists(w, w + 1 < 3)", 0), ("ss.exists(w, w == 'a')", 0), ("ns.map(w, w < 3)", 0),
        ("xs.exists(x, x.n < y)", 1), ("xs.exists(x, x.d * 2.0 >= y)", 1), ("xs.exists(x, x.n < d)", 1), ("xs.exists(x, x.d * 2.0 >= d)", 0),
        // A definition, read as any variable, wherever the predicate reads it.
        ("xs.exists(x, x.n < defined)", 1), ("xs.exists(x, x.n == defined && defined > x.n)", 1), ("xs.exists(x, !(x.n != defined) || x.b)", 1),
        ("xs.exists(x, defined > x.n)", 1), ("xs.exists(x, x.b && x.n == defined)", 1), ("xs.exists(x, x.n == y && x.n == defined)", 1),
        ("xs.exists(x, x.n == y)", 1), ("xs.exists(x, y != x.n)", 1),
    ])
    func recognised(_ text: String, loops: Int) throws {
        var env = Environment()
        _ = env.declare("xs", .list(.object(Self.item)))
        _ = env.declare("y", .int)
        _ = env.declare("d", .dyn)
        _ = env.declare("ns", .list(.int))
        _ = env.declare("ss", .list(.string))
        _ = env.declare("defined", .int)  // a definition, in the rule sets that read one
        #expect(try env.compile(text).fieldLoops == loops)
        #expect(try env.compile(text, fused: false).fieldLoops == 0)
    }
}
