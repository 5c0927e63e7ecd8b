// FusedAggregateTests.swift — `sum`, `avg`, `max` and `min` of a list of objects' number field
// run as one loop: over generated lists (empty, unset fields, ints near overflow, NaN, -0.0,
// objects of another type) and tight budgets, the loop gives exactly the general path's
// value or error, and charges exactly its cost.

import CoachSource
import Testing
@testable import CoachExpr

@Suite struct FusedAggregateTests {
    static let item = ObjectType(name: "Item", fields: [.init("n", .int), .init("d", .double)])
    static let other = ObjectType(name: "Item", fields: [.init("n", .int), .init("d", .double)])

    static let expressions = ["sum", "avg", "max", "min"].flatMap { f in
        ["\(f)(xs.map(x, x.n))", "\(f)(xs.map(x, x.d))"]
    } + ["max(xs.map(x, x.d)) - min(xs.map(x, x.d)) > 0.5", "sum(xs.map(x, x.n)) < 10 * xs.size()"]

    /// Lists of every awkward kind, from a fixed seed.
    static func lists() -> [[Value]] {
        let ints: [Value?] = [.int(0), .int(3), .int(-7), .int(Int64.max), .int(Int64.min), .int(42), nil]
        let doubles: [Value?] = [.double(0), .double(-0.0), .double(2.5), .double(.nan), .double(-1e308), .double(1e308), .double(0.1), nil]
        var state: UInt64 = 11
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var out: [[Value]] = [[]]
        for _ in 0..<600 {
            var xs: [Value] = []
            for _ in 0..<next(6) {
                // Mostly well-formed numbers, sometimes an unset field, NaN, an extreme, or an
                // object of another type with the same name.
                let plain = next(3) > 0
                let n: Value? = plain ? .int(Int64(next(100)) - 50) : ints[next(ints.count)]
                let d: Value? = plain ? .double(Double(next(1000)) / 8 - 60) : doubles[next(doubles.count)]
                let type = next(20) == 0 ? other : item
                xs.append(.object(ObjectValue.make(type: type, fields: [n, d])))
            }
            out.append(xs)
        }
        return out
    }

    @Test("the one-loop aggregates answer and charge as the general path does", arguments: expressions)
    func sameAsGeneral(_ text: String) throws {
        var env = Environment()
        let slot = env.declare("xs", .list(.object(Self.item)))
        let fused = try env.compile(text)
        let general = try env.compile(text, fused: false)
        for xs in Self.lists() {
            for budget in [nil, 0, 1, xs.count, 2 * xs.count, 2 * xs.count + 1, 3 * xs.count + 2] as [Int?] {
                let a = Activation(environment: env), b = Activation(environment: env)
                a[slot] = .list(xs)
                b[slot] = .list(xs)
                let x = fused.evaluate(a, budget: budget), y = general.evaluate(b, budget: budget)
                #expect(Display.text(x) == Display.text(y) && errorMessage(x) == errorMessage(y) && a.cost == b.cost,
                        "\(text) over \(Display.text(.list(xs))) with budget \(budget.map(String.init) ?? "default")")
            }
        }
    }

    @Test("the shape is recognised, and only the shape", arguments: [
        ("sum(xs.map(x, x.n))", 1), ("avg(xs.map(x, x.d)) > 1.0", 1), ("max(xs.map(x, x.d)) - min(xs.map(x, x.d))", 2),
        ("sum(xs.map(x, x.n + 1))", 0), ("sum(xs.map(x, x.n).filter(y, y > 0))", 0), ("max(xs.map(x, x.n)[0], 1)", 0),
        ("sum(xs.filter(x, x.n > 0).map(x, x.n))", 0), ("size(xs.map(x, x.n))", 0),
    ])
    func recognised(_ text: String, loops: Int) throws {
        var env = Environment()
        _ = env.declare("xs", .list(.object(Self.item)))
        #expect(try env.compile(text).fusedLoops == loops)
        #expect(try env.compile(text, fused: false).fusedLoops == 0)
    }
}
