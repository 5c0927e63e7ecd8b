// CountedDefinitionTests.swift — a definition that is a `filter`, read only for its `size()`,
// is counted without its list being made; what every reader sees (value, error, cost) is what
// the list would have given.

import CoachSource
import Testing
@testable import CoachExpr

@Suite struct CountedDefinitionTests {
    /// An environment with a list of ints `xs`, a map `m`, and a definition `kept` over them.
    struct Fixture {
        var env = Environment()
        let xs: Int, m: Int, kept: Int
        let program: Program

        init(_ definition: String, budget: Int? = nil) throws {
            xs = env.declare("xs", .list(.int))
            m = env.declare("m", .map(.string, .int))
            kept = env.declare("kept", .list(.dyn))
            var own = env
            if let budget { own.limits.costBudget = budget }
            program = try own.compile(definition)
        }

        /// A fresh activation (as each seller gets), `kept` bound and not computed.
        func activation(_ values: [Int64]) -> Activation {
            let a = Activation(environment: env)
            a[xs] = .list(values.map { .int($0) })
            a[m] = .map(MapValue(values.enumerated().map { (.string("k\($0.offset)"), .int($0.element)) }))
            a.bindLazy(kept, to: program)
            return a
        }
    }

    @Test func `a filter definition read for its size is counted, and its list made only when read`() throws {
        let f = try Fixture("xs.filter(x, x > 0)")
        #expect(f.program.counted != nil)
        let reader = try f.env.compile("kept.size() >= 2")
        let a = f.activation([0, 3, 0, 5, 7])
        #expect(Display.text(reader.evaluate(a)) == "true")
        #expect(a.isPending(f.kept))  // counted: the list was not made
        #expect(a.cost == 3)  // `size()` charged the list's length, as it always has
        #expect(Display.text(a.read(f.kept)) == "[3, 5, 7]")
        #expect(!a.isPending(f.kept))
        // Another seller in the same activation: counted afresh.
        a[f.xs] = .list([.int(1)])
        a.rearmLazy()
        #expect(Display.text(try f.env.compile("kept.size()").evaluate(a)) == "1")
        // Only a filter is counted.
        #expect(try Fixture("xs.map(x, x * 2)").program.counted == nil)
        #expect(try Fixture("xs.filter(x, x > 0) + [1]").program.counted == nil)
    }

    /// Each definition read through `size()` by several readers, counted (a fresh activation)
    /// and from its list (the list read first): the same values, errors and costs.
    @Test(arguments: [
        "xs.filter(x, x > 1)",  // field-free predicate on ints
        "xs.filter(x, 10 / x > 2)",  // division by zero on a 0 element: an error
        "xs.filter(x, x > 0 ? true : 'no')",  // a predicate that is not a bool for some elements
        "m.filter(k, m[k] > 2)",  // a map's keys
        "xs.filter(x, x > 0).filter(y, y < 6)",  // a filter of a filter
    ])
    func `a counted definition gives what its list gives`(definition: String) throws {
        for budget in [nil, 6] as [Int?] {
            let f = try Fixture(definition, budget: budget)
            #expect(f.program.counted != nil)
            let readers = ["kept.size()", "kept.size() > 2 && xs.size() > 0", "size(kept) + kept.size()", "double(kept.size()) / 2.0"]
            for text in readers {
                let reader = try f.env.compile(text)
                for values in [[], [1, 2, 3], [0, 4, 1, 9, 2], [5, 5, 5, 5, 5, 5, 5, 5, 0], Array(0..<20)] as [[Int64]] {
                    let counted = f.activation(values)
                    let listed = f.activation(values)
                    _ = listed.read(f.kept)
                    let (c, l) = (reader.evaluate(counted), reader.evaluate(listed))
                    #expect(Display.text(c) == Display.text(l), "\(definition) budget \(budget ?? 0) \(text) \(values)")
                    #expect(errorMessage(c) == errorMessage(l))
                    #expect(counted.cost == listed.cost, "\(definition) \(text) \(values)")
                    #expect(Display.text(counted.read(f.kept)) == Display.text(listed.read(f.kept)))
                }
            }
        }
    }

    @Test func `a filter definition that reads itself fails as it always has`() throws {
        let f = try Fixture("kept.filter(x, x > 0)")
        let reader = try f.env.compile("kept.size() > 0")
        let a = f.activation([1, 2])
        #expect(errorMessage(reader.evaluate(a))?.contains("definition 'kept' depends on itself") == true)
        #expect(errorMessage(a.read(f.kept))?.contains("definition 'kept' depends on itself") == true)
    }
}
