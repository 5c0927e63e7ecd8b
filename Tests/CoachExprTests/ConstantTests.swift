// ConstantTests.swift — a variable declared constant (a rule set's params): its fields are
// compiled in as values, in comparisons and elsewhere, with the same results as reading them.

import CoachSource
import Testing
@testable import CoachExpr

@Suite struct ConstantTests {
    static let paramsType = ObjectType(name: "params", fields: [.init("min", .int), .init("ratio", .double), .init("unset", .int)])
    static let value = Value.object(ObjectValue.make(type: paramsType, fields: [.int(5), .double(0.25), nil]))

    static func run(_ text: String, constant: Bool) -> String {
        var env = Environment()
        let slot = constant ? env.declareConstant("params", .object(paramsType), value) : env.declare("params", .object(paramsType))
        let x = env.declare("x", .int)
        let act = Activation(environment: env)
        act[slot] = value
        act[x] = .int(7)
        do {
            let v = try env.compile(text).evaluate(act)
            if case .error(let e) = v { return "error: " + e.message }
            return Display.text(v)
        } catch {
            return "did not compile"
        }
    }

    @Test(arguments: ["x >= params.min", "params.min < x", "x * params.ratio > 1.5", "params.ratio", "[1, 9].filter(n, n > params.min)",
                      "params.unset > 1", "has(params.min)", "params.min + params.min"])
    func `a constant's fields give what reading them gives`(_ text: String) {
        #expect(Self.run(text, constant: true) == Self.run(text, constant: false), "\(text)")
    }

    @Test func `an unset field of a constant is still an error`() {
        #expect(Self.run("params.unset > 1", constant: true) == "error: field 'unset' of params is not set")
    }
}
