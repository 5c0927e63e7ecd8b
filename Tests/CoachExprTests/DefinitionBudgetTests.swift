// DefinitionBudgetTests.swift — a definition is computed once per seller within a cost budget
// of its own: its value, an error included, is the same whichever expression reads it first
// and however much of its own budget that reader has spent, and a reader is charged nothing
// for it, whether it computes the definition or finds it computed.

import CoachSource
import Testing
@testable import CoachExpr

@Suite struct DefinitionBudgetTests {
    /// An environment with a list `xs` and two definitions over it: `kept`, a count that
    /// costs a step per element, and `tight`, the same compiled with a budget smaller than
    /// the list (it always runs out).
    struct Fixture {
        var env = Environment()
        let xs: Int, kept: Int, tight: Int
        let keptProgram: Program, tightProgram: Program

        init(budget: Int) throws {
            xs = env.declare("xs", .list(.int))
            kept = env.declare("kept", .int)
            tight = env.declare("tight", .int)
            keptProgram = try env.compile("xs.filter(x, x > 0).size()")
            var small = env
            small.limits.costBudget = budget
            tightProgram = try small.compile("xs.filter(x, x > 0).size()")
        }

        func activation(_ n: Int) -> Activation {
            let a = Activation(environment: env)
            a[xs] = .list((0..<n).map { .int(Int64($0 % 3)) })
            a.bindLazy(kept, to: keptProgram)
            a.bindLazy(tight, to: tightProgram)
            return a
        }
    }

    @Test func `a reader that has spent most of its budget still gets the definition's value`() throws {
        let f = try Fixture(budget: 10)
        // The reader walks the list (100 steps) before it reads `kept` (100 more, if it paid).
        let reader = try f.env.compile("xs.filter(x, x > 5).size() + kept")
        let first = f.activation(100)
        #expect(Display.text(reader.evaluate(first, budget: 150)) == "66")
        #expect(first.cost == 100)
        // The same reader finding `kept` computed already: the same value, the same cost.
        let second = f.activation(100)
        #expect(Display.text(second.read(f.kept)) == "66")
        #expect(Display.text(reader.evaluate(second, budget: 150)) == "66")
        #expect(second.cost == 100)
        // Its own steps still count against its own budget.
        #expect(errorMessage(reader.evaluate(f.activation(100), budget: 50))?.contains("cost budget of 50 exceeded") == true)
    }

    @Test func `a definition that runs out of its budget fails the same for every reader, first or not`() throws {
        let f = try Fixture(budget: 10)
        let readers = [try f.env.compile("tight > 0"), try f.env.compile("xs.exists(x, x > 5) || tight == 1"), try f.env.compile("has(tight)")]
        for order in [[0, 1, 2], [2, 1, 0], [1, 0, 2]] {
            let a = f.activation(100)
            let results = order.map { readers[$0].evaluate(a) }
            for (k, r) in zip(order, results) where k != 2 {
                #expect(errorMessage(r)?.contains("cost budget of 10 exceeded") == true, "reader \(k) in order \(order): \(r)")
            }
            #expect(Display.text(results[order.firstIndex(of: 2) ?? 0]) == "false")  // a failed definition has no value
            #expect(errorMessage(a.read(f.tight))?.contains("cost budget of 10 exceeded") == true)
        }
        // A shorter list fits the budget: every reader then sees its count.
        let a = f.activation(9)
        #expect(Display.text(readers[0].evaluate(a)) == "true")
        #expect(Display.text(a.read(f.tight)) == "6")
    }
}
