// ConstantRelationTests.swift — a variable compared with a number constant (`x < 3`,
// `2.5 >= x`, `x == 0`) is read in place and compared in one closure; it answers exactly as the
// general comparison of two variables does, for ints, doubles, their extremes, NaN and -0.0,
// and for values that are not numbers.

import Testing
@testable import CoachExpr

@Suite struct ConstantRelationTests {
    static let values: [Value] = [
        .int(0), .int(3), .int(-3), .int(Int64.max), .int(Int64.min), .int(9_007_199_254_740_993),
        .double(0), .double(-0.0), .double(2.5), .double(3), .double(.nan), .double(.infinity), .double(-.infinity),
        .double(9_007_199_254_740_992), .uint(3), .string("3"), .null, .bool(true),
    ]
    static let constants = ["3", "-3", "0", "2.5", "3.0", "-0.0", "9223372036854775807", "9007199254740993", "1e300"]

    @Test(arguments: ["<", "<=", ">", ">=", "==", "!="])
    func `a variable against a constant answers as against a variable holding it`(_ op: String) throws {
        var env = Environment()
        let x = env.declare("x", .dyn)
        let y = env.declare("y", .dyn)
        for c in Self.constants {
            let constant = try env.compile(c, check: false).evaluate([:], in: env)
            let general = try env.compile("x \(op) y", check: false)
            let flipped = try env.compile("y \(op) x", check: false)
            let right = try env.compile("x \(op) \(c)", check: false)
            let left = try env.compile("\(c) \(op) x", check: false)
            for v in Self.values {
                let a = Activation(environment: env)
                a[x] = v
                a[y] = constant
                #expect(Display.text(right.evaluate(a)) == Display.text(general.evaluate(a)), "\(Display.text(v)) \(op) \(c)")
                #expect(Display.text(left.evaluate(a)) == Display.text(flipped.evaluate(a)), "\(c) \(op) \(Display.text(v))")
            }
        }
    }
}
