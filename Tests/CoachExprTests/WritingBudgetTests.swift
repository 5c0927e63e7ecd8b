// WritingBudgetTests.swift — a value is written out (shown by `coach expr` and explain, as
// JSON, or in a template's text) only within a budget: a list that holds itself many times
// over would otherwise take time and memory exponential in the work that made it.

import CoachSource
import Testing
@testable import CoachExpr

@Suite struct WritingBudgetTests {
    /// `depth` levels of a list of eleven copies of the level below: 11^depth numbers, in
    /// memory of one list per level.
    static func shared(_ depth: Int) -> Value {
        var v: Value = .list((1...11).map { .int(Int64($0)) })
        for _ in 1..<depth { v = .list(Array(repeating: v, count: 11)) }
        return v
    }

    @Test func `a list past the budget is said to be too large, at once`() {
        let huge = Self.shared(30)  // 11^30 numbers
        #expect(WritingBudget.exceeded(by: huge))
        #expect(Display.text(huge) == "(a list too large to show: more than 100000 elements or 1048576 bytes)")
        #expect(huge.json == .string(Display.text(huge)))
        let map: Value = .map(MapValue([(.string("k"), huge)]))
        #expect(Display.text(map).hasPrefix("(a map too large"))
    }

    @Test func `a list within the budget is written whole`() {
        let fits = Self.shared(4)  // 14,641 numbers
        #expect(!WritingBudget.exceeded(by: fits))
        let text = Display.text(fits)
        #expect(text.hasPrefix("[[[[1, 2, 3") && text.filter { $0 == "," }.count == 14_641 - 1)
        // Counted as written out: each element, and its bytes (a number at its longest).
        let atElements = WritingBudget.exceeded(by: .list(Array(repeating: .bool(true), count: WritingBudget.maxElements)))
        let pastElements = WritingBudget.exceeded(by: .list(Array(repeating: .bool(true), count: WritingBudget.maxElements + 1)))
        let pastBytes = WritingBudget.exceeded(by: .list(Array(repeating: .int(1), count: WritingBudget.maxBytes / 26 + 1)))
        let longText = WritingBudget.exceeded(by: .list([.string(String(repeating: "x", count: WritingBudget.maxBytes))]))
        #expect(!atElements && pastElements && pastBytes && longText)
    }

    /// The same through an expression: `coach expr` evaluates it in no time, and now shows it
    /// in no time too.
    @Test func `an expression sharing one list at every level is shown as too large`() throws {
        var env = Environment()
        let l = env.declare("l", .list(.int))
        var text = "l"
        for _ in 0..<12 { text = "l.map(a, \(text))" }
        let program = try env.compile(text)
        let a = Activation(environment: env)
        a[l] = .list((1...11).map { .int(Int64($0)) })
        let v = program.evaluate(a)
        #expect(Display.text(v).hasPrefix("(a list too large to show"))
    }
}
