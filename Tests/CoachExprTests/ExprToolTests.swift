// ExprToolTests.swift — variables from a map value, outcomes as JSON and text.

@_spi(Streaming) import CoachJSON
import CoachSource
import Testing
@testable import CoachExpr

@Suite struct ExprToolTests {
    static let vars: Value = .map(MapValue([
        (.string("a"), .int(1)), (.string("b"), .int(2)), (.string("r"), .double(0.5)), (.string("ok"), .bool(true)),
        (.string("l"), .list([.int(1), .string("x")])), (.string("m"), .map(MapValue([(.string("k"), .list([.bool(true)]))]))),
        (.string("n"), .null),
    ]))

    @Test(arguments: [
        ("vars", "a + b", #"{"type":"int","value":3}"#),
        ("vars", "r * 2.0", #"{"type":"double","value":1.0}"#),
        ("vars", "!ok", #"{"type":"bool","value":false}"#),
        ("vars", "l", #"{"type":"list","value":[1,"x"]}"#),
        ("vars", "m.k[0]", #"{"type":"bool","value":true}"#),
        ("vars", "!has(n)", #"{"type":"bool","value":true}"#),  // given null: no value, as a snapshot's null signal
        ("{}", "b'hi'", #"{"type":"bytes","value":"aGk="}"#),
        ("{}", "1u", #"{"type":"uint","value":1}"#),
        ("{}", "type(1)", #"{"type":"type","value":"int"}"#),
        ("{}", "0.0/0.0", #"{"type":"double","value":"NaN"}"#),
        ("{}", "{1: 'a'}", #"{"type":"map","value":{"1":"a"}}"#),
        ("{}", "1 +", #"{"stage":"parse","error":"expected an expression, found end of expression","diagnostics":[{"severity":"error","code":"expr.parse","message":"expected an expression, found end of expression","location":{"file":"<expr>","line":1,"column":4}}]}"#),
        ("{}", "x + 1", #"{"stage":"check","error":"undeclared reference to 'x'","diagnostics":[{"severity":"error","code":"expr.unknown-name","message":"undeclared reference to 'x'","location":{"file":"<expr>","line":1,"column":1}}]}"#),
        ("{}", "1 / 0", #"{"stage":"eval","error":"division by zero","diagnostics":[{"severity":"error","code":"expr.eval","message":"division by zero","location":{"file":"<expr>","line":1,"column":3}}]}"#),
    ])
    func jsonOutcomes(_ vars: String, _ expr: String, _ expected: String) throws {
        let variables = vars == "vars" ? try ExprTool.variables(from: Self.vars) : []
        let outcome = ExprTool.evaluate(expr, variables: variables)
        #expect(JSONWriter(indent: nil).write(ExprTool.json(outcome)) == expected)
    }

    @Test func `variables come from a map with name keys only`() {
        #expect(throws: DiagnosticError.self) { try ExprTool.variables(from: .list([.int(1)])) }
        #expect(throws: DiagnosticError.self) { try ExprTool.variables(from: .map(MapValue([(.string("in"), .int(1))]))) }
        #expect(throws: DiagnosticError.self) { try ExprTool.variables(from: .map(MapValue([(.string("a b"), .int(1))]))) }
        #expect((try? ExprTool.variables(from: Self.vars))?.map(\.name) == ["a", "b", "l", "m", "n", "ok", "r"])
    }

    @Test func textOutcomes() {
        #expect(ExprTool.text(ExprTool.evaluate("[1, 2].map(x, x * 2)")) == "[2, 4] (list)")
        let t = ExprTool.text(ExprTool.evaluate("1 + 'a'"))
        #expect(t.contains("no matching overload for +(int, string)"))
        #expect(t.contains("1 + 'a'\n  |   ^"))
    }
}
