// ScalarCodeTests.swift — expressions over numbers and bools run as unboxed steps give
// exactly the closures' value or error, charge exactly their cost, and leave the definitions
// they read computed exactly as the closures leave them: over generated variables of every
// awkward kind (the ends of the number lines, NaN, absent, of another kind, lists too short),
// definitions that fail, and budgets that `size()` runs out.

import CoachSource
import Testing
@testable import CoachExpr

@Suite struct ScalarCodeTests {
    static let row = ObjectType(name: "Row", fields: [.init("n", .int), .init("d", .double), .init("b", .bool)])
    static let other = ObjectType(name: "Other", fields: [.init("b", .bool), .init("d", .double), .init("n", .int)])

    static let expressions = [
        // Arithmetic: overflow, division and modulus by zero, negation of the smallest int.
        "i + j > 3", "i * j - 1 == k", "i / j >= 0", "i % j != 1", "-i < j", "x * y + 1.5 > x / y", "-x <= y - 0.5",
        "(i + 1) * 2 == (j - 1) * 3 || p", "double(i) / x < 0.5", "double(i + j) >= y && !q",
        // Ints ordered against doubles, conditionals, bools compared.
        "i < x", "x >= j && i <= y", "(p ? i : j) % 7 == 0", "(i > j ? x : y) * 2.0 < 3.0", "p == q && i * 2 > 4", "(p != q) == (i % 2 == 0)",
        // Lists: size (charged its length), elements (the list read first), out of range.
        "size(ns) >= 3 && ns[size(ns) - 1] + ns[size(ns) - 2] >= 2 * ns[0]", "ns.size() * 2 > i + 1", "size(ds) > 1 && ds[1] > x + 1.0",
        "ns[0] - ns[1] == j", "size(ns) > 0 ? ns[size(ns) - 1] % 3 == 0 : p",
        // Fields of an object variable; definitions computed on the way, failing or not.
        "row.n * 2 + i > 5", "row.d / x < y || row.b", "k * 2 == i + j", "e + 1 > i", "c - 1 > j", "p || e > i", "e > i || p",
        "q && c * 2 > 5 && e < 3",
        // `max` and `min` of two numbers (NaN, signed zeros), `has()` of variables and definitions.
        "max(i, j) * 2 > k", "min(x, y) + max(x, 0.5) < 1.0", "max(-x, y) == min(y, -x) || p", "(has(e) ? e : 0) + i > 2",
        "has(x) && x * 2.0 > y", "max(size(ns), 1) > i", "max(x, y)", "min(y, -x)", "!has(c) || min(c, j) % 2 == 0", "has(e) || i > j + 1", "!has(e) && i * 2 > j",
        // Constants on either side (written into the steps that use them), as conditions and
        // branches, as an index, negated, converted, and both sides of one operation.
        "3 - i > 1.5 * double(j)", "10 / i == 2 % j", "(true ? 2 : i) * 3 > double(4) + (p ? 1.5 : y)", "ns[1] + 0 == -(1) * i",
        "1 + 2 > i", "max(2, i) > min(j, 1)", "(2.0 < x) == (1 < i)", "false || i * 2 > 1", "(p ? 7 : 9) % 4 == i",
        // A constant second operand: failing, wrapping, after a jump.
        "i % 7 == 0 && x > 0.5", "p || i / 0 > 1", "p || i % 0 == 1", "i * 9223372036854775807 > 1", "i - -9223372036854775807 < 0",
        "x / 0.0 > 1.0", "max(i, 3) > 2 && min(x, -0.0) < 0.0", "(p && i * 2 > 3) == true", "(p || i + 1 > 2) != false", "(i > 1 ? 2 : 3) == 3",
        "(p ? i : j) - 1 >= 0", "i == i", "x != x",
    ]

    /// The variables: two ints, two doubles, two bools, lists, an object; `k`, `e` and `c`
    /// definitions (`e` fails when `j` is 0 or absent; `c` charges the size of `ns`).
    struct Slots {
        var env = Environment()
        let i, j, x, y, p, q, ns, ds, row, k, e, c: Int
        init() {
            i = env.declare("i", .int); j = env.declare("j", .int)
            x = env.declare("x", .double); y = env.declare("y", .double)
            p = env.declare("p", .bool); q = env.declare("q", .bool)
            ns = env.declare("ns", .list(.int)); ds = env.declare("ds", .list(.double))
            row = env.declare("row", .object(ScalarCodeTests.row))
            k = env.declare("k", .int); e = env.declare("e", .int); c = env.declare("c", .int)
        }
    }

    /// A value for a variable of `kind`: mostly of that kind, sometimes absent (nil) or not.
    static func value(_ kind: CELType, _ next: (Int) -> Int) -> Value? {
        let odd: [Value?] = [nil, .int(Int64.max), .int(Int64.min), .int(0), .int(-1), .double(.nan), .double(-0.0), .double(.infinity),
                             .double(1e308), .uint(3), .string("3"), .null, .bool(true), .int(9_007_199_254_740_993)]
        if next(6) == 0 { return odd[next(odd.count)] }
        switch kind {
        case .int: return .int(Int64(next(13)) - 4)
        case .double: return .double(Double(next(41)) / 4 - 5)
        case .bool: return .bool(next(2) == 0)
        case .list(.int): return .list((0..<next(6)).map { _ in next(9) == 0 ? odd[next(odd.count)] ?? .null : .int(Int64(next(9)) - 2) })
        case .list(.double): return .list((0..<next(6)).map { _ in next(9) == 0 ? .int(1) : .double(Double(next(20)) / 2) })
        default:
            let fields: [Value?] = [value(.int, next), value(.double, next), value(.bool, next)]
            // Sometimes an object of another type, its fields in another order (read by name).
            if next(5) == 0 { return .object(ObjectValue.make(type: other, fields: fields.reversed())) }
            return .object(ObjectValue.make(type: row, fields: fields))
        }
    }

    @Test("steps answer, fail and charge as the closures do", arguments: expressions)
    func sameAsClosures(_ text: String) throws {
        let s = Slots()
        let fast = try s.env.compile(text), general = try s.env.compile(text, fused: false)
        #expect(fast.scalar != nil, "\(text) is not run as steps")
        #expect(general.scalar == nil)
        let definitions = [(s.k, "i * 2 - j"), (s.e, "i / j"), (s.c, "size(ns) + i")]
        let fastDefinitions = try definitions.map { ($0.0, try s.env.compile($0.1)) }
        let generalDefinitions = try definitions.map { ($0.0, try s.env.compile($0.1, fused: false)) }
        var state: UInt64 = 7
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let kinds: [(Int, CELType)] = [(s.i, .int), (s.j, .int), (s.x, .double), (s.y, .double), (s.p, .bool), (s.q, .bool),
                                       (s.ns, .list(.int)), (s.ds, .list(.double)), (s.row, .object(Self.row))]
        var answered = 0, failed = 0
        for _ in 0..<800 {
            let values = kinds.map { ($0.0, Self.value($0.1, next)) }
            for budget in [nil, 0, 1, 3, 6] as [Int?] {
                let a = Activation(environment: s.env), b = Activation(environment: s.env)
                for (act, defs) in [(a, fastDefinitions), (b, generalDefinitions)] {
                    for (slot, v) in values { if let v { act[slot] = v } else { act.setAbsent(slot) } }
                    for (slot, program) in defs { act.bindLazy(slot, to: program) }
                }
                // A guard decides without charging (decisions.md): the cost is compared where none did.
                let guarded = fast.guardVerdict(a) != nil
                let u = fast.evaluate(a, budget: budget), v = general.evaluate(b, budget: budget)
                if v.isError { failed += 1 } else { answered += 1 }
                let context = "\(text) with \(values.map { $0.1.map(Display.text) ?? "absent" }) and budget \(budget.map(String.init) ?? "default")"
                #expect(Display.text(u) == Display.text(v) && errorMessage(u) == errorMessage(v), "\(context)")
                if !guarded { #expect(a.cost == b.cost, "cost: \(context)") }
                for (slot, _) in definitions {
                    #expect(a.peek(slot).map(Display.text) == b.peek(slot).map(Display.text), "definition \(slot): \(context)")
                }
            }
        }
        #expect(answered > 600 && failed > 10, "\(text): \(answered) answered, \(failed) failed: too few of one to exercise it")
    }

    @Test("activations reused from one evaluation to the next read no value of the last one", arguments: [
        "ms[1] * 2 > i", "size(ms) + ms[0] == 3 + i", "k * 2 == i + j", "p ? ms[2] > 1 : k > 0",
    ])
    func reused(_ text: String) throws {
        var s = Slots()
        let ms = s.env.declare("ms", .list(.int))
        let fast = try s.env.compile(text), general = try s.env.compile(text, fused: false)
        #expect(fast.scalar != nil)
        // Each activation kept, its lazy definitions re-armed per evaluation (as an evaluator
        // keeps its own): a definition not computed yet must not be read as it last was.
        let a = Activation(environment: s.env), b = Activation(environment: s.env)
        a.bindLazy(ms, to: try s.env.compile("[i, j, 3]"))
        b.bindLazy(ms, to: try s.env.compile("[i, j, 3]", fused: false))
        a.bindLazy(s.k, to: try s.env.compile("i * 2 - j"))
        b.bindLazy(s.k, to: try s.env.compile("i * 2 - j", fused: false))
        var state: UInt64 = 11
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        for _ in 0..<400 {
            let values = [(s.i, Self.value(.int, next)), (s.j, Self.value(.int, next)), (s.p, Self.value(.bool, next))]
            for act in [a, b] {
                act.rearmLazy()
                for (slot, v) in values { if let v { act[slot] = v } else { act.setAbsent(slot) } }
            }
            let u = fast.evaluate(a), v = general.evaluate(b)
            #expect(Display.text(u) == Display.text(v) && a.cost == b.cost, "\(text) with \(values.map { $0.1.map(Display.text) ?? "absent" })")
        }
    }

    @Test("only expressions the closures are slow at are run as steps", arguments: [
        ("day > 14", false), ("i < 0 && j > 14", false), ("p || !q", false), ("i == 3", false), ("x > y", true),
        ("i % 7 == 0", true), ("double(i) > 1.0", true), ("size(ns) > 2", true), ("p ? 1 : 2", true), ("s == 'a' || i + 1 > 2", false),
        ("ns.exists(n, n > i + 1)", false), ("row.n + 1 > 2", true),
    ])
    func chosen(_ text: String, _ asSteps: Bool) throws {
        var s = Slots()
        _ = s.env.declare("day", .int)
        _ = s.env.declare("s", .string)
        #expect((try s.env.compile(text).scalar != nil) == asSteps)
    }
}
