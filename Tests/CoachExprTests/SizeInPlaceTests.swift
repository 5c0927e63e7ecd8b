// SizeInPlaceTests.swift — `x.size()` of a list or map variable reads the length in place:
// over lists and maps of every length, absent and lazy slots (computed, failing, depending on
// themselves) and tight budgets, it gives exactly the general call's value or error, and
// charges exactly its cost.

import CoachSource
import Testing
@testable import CoachExpr

@Suite struct SizeInPlaceTests {
    static let expressions = [
        "xs.size()", "size(xs)", "m.size()", "size(m)", "xs.size() > 2", "xs.size() + m.size()",
        "weak.size()", "weak.size() + weak.size()", "cycle.size()", "xs.size() == 0 || weak.size() > 1",
    ]

    struct Case: CustomStringConvertible {
        let xs: Value?
        let m: Value?
        /// The definition `weak` is bound to (nil: a plain value, `xs` again).
        let weak: String?
        var description: String { "xs \(xs.map(Display.text) ?? "absent"), m \(m.map(Display.text) ?? "absent"), weak \(weak ?? "= xs")" }
    }

    static func cases() -> [Case] {
        let lists: [Value?] = [nil, .list([]), .list([.int(1)]), .list((0..<5).map { .int($0) }), .list((0..<40).map { .int($0) }), .int(3)]
        let maps: [Value?] = [nil, .map(MapValue([])), .map(MapValue([(.string("a"), .int(1)), (.string("b"), .int(2))]))]
        let definitions: [String?] = [nil, "xs.filter(x, x > 1)", "xs.map(x, x / 0)", "[1, 2, 3]"]
        return lists.flatMap { xs in maps.flatMap { m in definitions.map { Case(xs: xs, m: m, weak: $0) } } }
    }

    @Test("the length read in place answers and charges as the general call does", arguments: expressions)
    func sameAsGeneral(_ text: String) throws {
        var env = Environment()
        let xs = env.declare("xs", .list(.int))
        let m = env.declare("m", .map(.string, .int))
        let weak = env.declare("weak", .list(.int))
        let cycle = env.declare("cycle", .list(.int))
        let fast = try env.compile(text)
        let general = try env.compile(text, fused: false)
        let selfRef = try env.compile("cycle")
        for c in Self.cases() {
            let definition = try c.weak.map { try env.compile($0) }
            for budget in [nil, 0, 1, 2, 4, 5, 6, 40, 41, 45] as [Int?] {
                var results: [(Value, Int)] = []
                for program in [fast, general] {
                    let a = Activation(environment: env)
                    if let v = c.xs { a[xs] = v } else { a.setAbsent(xs) }
                    if let v = c.m { a[m] = v } else { a.setAbsent(m) }
                    if let definition { a.bindLazy(weak, to: definition) } else if let v = c.xs { a[weak] = v }
                    a.bindLazy(cycle, to: selfRef)
                    results.append((program.evaluate(a, budget: budget), a.cost))
                }
                let (x, y) = (results[0], results[1])
                #expect(Display.text(x.0) == Display.text(y.0) && errorMessage(x.0) == errorMessage(y.0) && x.0.isError == y.0.isError
                        && x.1 == y.1, "\(text) with \(c), budget \(budget.map(String.init) ?? "default")")
            }
        }
    }
}
