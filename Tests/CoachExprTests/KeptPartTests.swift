// KeptPartTests.swift — a part of a loop's body that does not depend on the loop (a
// comprehension of its own) is computed once per run of the loop: the same values and errors
// as computing it for every element, over generated lists; a loop over thousands of elements
// with such a part stays within the cost budget; the kept value is never carried from one
// run of the loop to the next, nor from one evaluation to the next.

import CoachSource
import Testing
@testable import CoachExpr

@Suite struct KeptPartTests {
    static let item = ObjectType(name: "Item", fields: [.init("n", .int), .init("d", .double)])

    /// Loop bodies with a part that does not depend on the loop, beside ones whose parts do.
    static let expressions: [(text: String, kept: Int)] = [
        ("xs.filter(x, x.n == max(xs.map(y, y.n)))", 1),
        ("xs.filter(x, x.n == max(xs.map(y, y.n))).map(x, x.d)", 1),
        ("xs.exists(x, x.d > 2.0 * avg(xs.map(y, y.d)))", 1),
        ("xs.all(x, x.n < 10 || ns.filter(k, k > 3).size() > 1)", 1),
        ("xs.map(x, x.n + ns.filter(k, k > x.n).size())", 0),  // the inner loop reads x
        ("ns.map(k, ns.filter(j, j > k).size() + ns.map(j, j * 2).size())", 1),
        ("ns.map(k, ns.map(j, j + ns.filter(i, i > 0).size() + k))", 1),  // kept by the inner loop, cleared per k
        // An error kept: the same error. The inner map is kept by the outer loop, and the
        // filter by the inner one.
        ("ns.map(k, ns.map(j, j / (ns.filter(i, i == 0).size())))", 2),
        ("ns.filter(k, k > 0 && ns.map(j, 10 / j).size() > 0)", 1),  // short-circuit: not computed for k <= 0
        ("ns.exists(k, k > 100) || ns.all(k, ns.exists(j, j == 7))", 1),
        // A name bound inside the loop's body (not by the loop) is read: nothing kept.
        ("ns.map(k, cel.bind(t, k * 2, ns.filter(j, j > t).size()))", 0),
        ("[1, 2, 3].map(k, k * size(ns.filter(j, j % 2 == 0)))", 1),
        ("ns.transformList(i, v, v + ns.filter(j, j > 0).size())", 1),
        ("xs.filter(x, x.n > 0).size() + xs.filter(x, x.n < 0).size()", 0),  // no loop in a loop
    ]

    /// Lists from a fixed seed: empty, with zeros (division errors), negatives, unset fields.
    static func inputs() -> [(xs: [Value], ns: [Value])] {
        var state: UInt64 = 7
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var out: [(xs: [Value], ns: [Value])] = [([], [])]
        for _ in 0..<300 {
            var xs: [Value] = [], ns: [Value] = []
            for _ in 0..<next(7) {
                let n: Value? = next(8) == 0 ? nil : .int(Int64(next(21)) - 5)
                xs.append(.object(ObjectValue.make(type: item, fields: [n, .double(Double(next(40)) / 8)])))
            }
            for _ in 0..<next(7) { ns.append(.int(Int64(next(12)) - 2)) }
            out.append((xs, ns))
        }
        return out
    }

    static func environment() -> (Environment, xs: Int, ns: Int) {
        var env = Environment()
        let xs = env.declare("xs", .list(.object(item)))
        let ns = env.declare("ns", .list(.int))
        return (env, xs, ns)
    }

    @Test("a kept part gives what computing it for every element gives", arguments: expressions)
    func sameAsEveryTime(_ e: (text: String, kept: Int)) throws {
        let (env, xs, ns) = Self.environment()
        let kept = try env.compile(e.text)
        let everyTime = try env.compile(e.text, fused: false)
        #expect(kept.keptParts == e.kept)
        #expect(everyTime.keptParts == 0)
        // One activation for every input: a value kept in one evaluation must not leak into the next.
        let a = Activation(environment: env)
        for input in Self.inputs() {
            let b = Activation(environment: env)
            a[xs] = .list(input.xs)
            a[ns] = .list(input.ns)
            b[xs] = .list(input.xs)
            b[ns] = .list(input.ns)
            let x = kept.evaluate(a), y = everyTime.evaluate(b)
            #expect(Display.text(x) == Display.text(y) && errorMessage(x) == errorMessage(y) && x.error?.location == y.error?.location,
                    "\(e.text) over xs \(Display.text(.list(input.xs))), ns \(Display.text(.list(input.ns)))")
            if e.kept == 0 { #expect(a.cost == b.cost, "\(e.text): nothing kept, the same cost") }
        }
    }

    @Test("a loop over thousands of elements with a kept part costs steps in proportion to them")
    func linearCost() throws {
        let (env, _, ns) = Self.environment()
        let text = "ns.filter(k, k == max(ns.map(j, j))).size()"
        let kept = try env.compile(text), everyTime = try env.compile(text, fused: false)
        let a = Activation(environment: env), b = Activation(environment: env)
        let values = (0..<3_000).map { Value.int(Int64($0 % 977)) }
        a[ns] = .list(values)
        b[ns] = .list(values)
        #expect(Display.text(kept.evaluate(a)) == "3")
        #expect(a.cost < 10_000, "cost \(a.cost)")
        // Computed for every element, the same expression runs out of the default budget.
        #expect(errorMessage(everyTime.evaluate(b))?.contains("cost budget of 1000000 exceeded") == true)
    }
}

extension Value {
    fileprivate var error: EvalError? {
        if case .error(let e) = self { return e }
        return nil
    }
}
