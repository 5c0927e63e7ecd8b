// ProgramPartTests.swift — a part of a program (what explain evaluates of a condition) is
// compiled once and kept: asked again, for another seller, it is the same program, and it
// gives each seller's own value.

import CoachSource
import Testing
@testable import CoachExpr

@Suite struct ProgramPartTests {
    @Test func `a part is compiled once and evaluated for each activation`() throws {
        var env = Environment()
        let rate = env.declare("conversion_rate", .double)
        let orders = env.declare("orders_30d", .int)
        let program = try env.compile("conversion_rate < 0.01 && orders_30d >= 3")
        guard let parsed = program.parsed, case .call(_, "_&&_", let args) = parsed.root.kind, args.count == 2 else {
            Issue.record("not an && of two comparisons: \(String(describing: program.parsed))")
            return
        }
        let left = try #require(program.part(args[0], in: env))
        let right = try #require(program.part(args[1], in: env))
        #expect(program.part(args[0], in: env) === left && program.part(args[1], in: env) === right)
        #expect(left !== right)
        for (r, n, expected) in [(0.004, 5, (true, true)), (0.2, 1, (false, false)), (0.004, 1, (true, false))] {
            let a = Activation(environment: env)
            a[rate] = .double(r)
            a[orders] = .int(Int64(n))
            #expect(left.evaluate(a).bool == expected.0 && right.evaluate(a).bool == expected.1, "\(r) \(n)")
        }
    }
}
