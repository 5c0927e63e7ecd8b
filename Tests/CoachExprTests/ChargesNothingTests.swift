// ChargesNothingTests.swift — the proof that an expression charges nothing to the cost
// budget: which shapes it accepts, that a definition counts as what it is proven to be, and
// that every expression it accepts gives the same value with no budget at all as with the
// default one.

import CoachSource
import Testing
@testable import CoachExpr

@Suite struct ChargesNothingTests {
    static let row = ObjectType(name: "Row", fields: [.init("r", .double), .init("name", .string)])

    static let cases: [(String, Bool)] = [
        ("x > 3 && y < 2.5", true), ("-x + 2 * x - x / 3 % 2 == 1", true), ("b ? x : 2", true), ("!b || y != 0.5", true),
        ("has(x) && x > 1", true), ("int(math.ceil(max(double(x), y / 0.5)))", true), ("max(y, 1.5 * o.r)", true),
        ("o.r > 0.1", true), ("xs[0] > 1", true), ("free_def > 2 && b", true), ("null == null", true),
        // A definition that charges, read (or asked for) here.
        ("costly_def > 2", false), ("has(costly_def)", false),
        // Texts, lists and maps handled by operations charged for their size.
        ("s == 'a'", false), ("s + 't' == 'at'", false), ("o.name < 'm'", false), ("xs.size() > 2", false), ("size(xs) > 2", false),
        ("x in [1, 2]", false), ("s.matches('a+')", false), ("string(x) == '3'", false), ("{1: 2}[1] == 2", false),
        ("m['k'] > 1", false), ("sum(xs) > 3", false), ("xs.exists(v, v > 1)", false), ("dyn(x) > 2", false), ("xs == [1]", false),
    ]

    /// The environment of the cases, its two definitions' slots and programs.
    static func environment() throws -> (Environment, free: (Int, Program), costly: (Int, Program)) {
        var env = Environment()
        env.declare("x", .int)
        env.declare("y", .double)
        env.declare("b", .bool)
        env.declare("s", .string)
        env.declare("xs", .list(.int))
        env.declare("m", .map(.string, .int))
        env.declare("o", .object(row))
        let freeSlot = env.declare("free_def", .int), costlySlot = env.declare("costly_def", .int)
        env.costlySlots = [freeSlot, costlySlot]
        let free = try env.compile("x * 2 + 1")
        let costly = try env.compile("xs.size() + x")
        #expect(free.chargesNothing && !costly.chargesNothing)
        if free.chargesNothing { env.costlySlots.remove(freeSlot) }
        return (env, (freeSlot, free), (costlySlot, costly))
    }

    @Test("what is proven to charge nothing", arguments: cases)
    func proven(_ text: String, _ expected: Bool) throws {
        let env = try Self.environment().0
        #expect(try env.compile(text).chargesNothing == expected)
        #expect(try env.compile(text, check: false).chargesNothing == false)  // types unknown: never proven
    }

    /// Activations over awkward values: each variable set, absent, or of the edge of its kind.
    static func activations(_ env: Environment, free: (Int, Program), costly: (Int, Program)) -> [Activation] {
        let ints: [Value?] = [nil, .int(0), .int(3), .int(-7), .int(Int64.max), .int(Int64.min)]
        let doubles: [Value?] = [nil, .double(0.5), .double(-0.0), .double(.nan), .double(.infinity), .double(2.5)]
        var out: [Activation] = []
        for (k, xi) in ints.enumerated() {
            for (j, yd) in doubles.enumerated() {
                let a = Activation(environment: env)
                func set(_ name: String, _ v: Value?) {
                    guard let slot = env.variable(name)?.slot else { return }
                    if let v { a[slot] = v } else { a.setAbsent(slot) }
                }
                set("x", xi)
                set("y", yd)
                set("b", (k + j) % 3 == 0 ? nil : .bool((k + j) % 2 == 0))
                set("s", .string("abc"))
                set("xs", .list([.int(Int64(k)), .int(2)]))
                set("m", .map(MapValue([(.string("k"), .int(1))])))
                set("o", j == 0 ? nil : .object(ObjectValue.make(type: row, fields: [yd, .string("n")])))
                a.bindLazy(free.0, to: free.1)
                a.bindLazy(costly.0, to: costly.1)
                out.append(a)
            }
        }
        return out
    }

    @Test("an expression proven to charge nothing gives the same value with no budget", arguments: cases)
    func sameWithoutBudget(_ text: String, _ expected: Bool) throws {
        let (env, free, costly) = try Self.environment()
        let program = try env.compile(text)
        guard program.chargesNothing else { return }
        for (a, b) in zip(Self.activations(env, free: free, costly: costly), Self.activations(env, free: free, costly: costly)) {
            let unlimited = program.evaluate(a), none = program.evaluate(b, budget: 0)
            #expect(Display.text(unlimited) == Display.text(none) && errorMessage(unlimited) == errorMessage(none), "\(text)")
            #expect(b.cost == 0, "\(text) charged \(b.cost)")
        }
    }

    @Test func `the check has teeth: what charges fails with no budget`() throws {
        let (env, free, costly) = try Self.environment()
        for text in ["costly_def > 2", "xs.size() > 2", "s + 't' == 'at'", "o.name < 'm'"] {
            let program = try env.compile(text)
            let failed = Self.activations(env, free: free, costly: costly).contains { a in
                errorMessage(program.evaluate(a, budget: 0))?.contains("cost budget") == true
            }
            #expect(failed, "\(text)")
        }
    }
}
