// ExprToolTests.swift — variables from JSON, outcomes as JSON and text.

import CoachJSON
import Testing
@testable import CoachExpr

@Suite struct ExprToolTests {
    @Test(arguments: [
        (#"{"a": 1, "b": 2}"#, "a + b", #"{"type":"int","value":3}"#),
        (#"{"r": 0.5}"#, "r * 2.0", #"{"type":"double","value":1.0}"#),
        (#"{"r": 1e2}"#, "r", #"{"type":"double","value":100.0}"#),
        (#"{"ok": true}"#, "!ok", #"{"type":"bool","value":false}"#),
        (#"{"l": [1, "x"]}"#, "l", #"{"type":"list","value":[1,"x"]}"#),
        (#"{"m": {"k": [true]}}"#, "m.k[0]", #"{"type":"bool","value":true}"#),
        (#"{"n": null}"#, "n == null", #"{"type":"bool","value":true}"#),
        ("{}", "b'hi'", #"{"type":"bytes","value":"aGk="}"#),
        ("{}", "1u", #"{"type":"uint","value":1}"#),
        ("{}", "type(1)", #"{"type":"type","value":"int"}"#),
        ("{}", "0.0/0.0", #"{"type":"double","value":"NaN"}"#),
        ("{}", "{1: 'a'}", #"{"type":"map","value":{"1":"a"}}"#),
        ("{}", "1 +", #"{"error":{"stage":"parse","message":"expected an expression, found end of expression","column":4}}"#),
        ("{}", "x + 1", #"{"error":{"stage":"check","message":"undeclared reference to 'x'","column":1}}"#),
        ("{}", "1 / 0", #"{"error":{"stage":"eval","message":"division by zero","column":3}}"#),
    ])
    func jsonOutcomes(_ vars: String, _ expr: String, _ expected: String) {
        let outcome = ExprTool.evaluate(expr, varsJSON: vars)
        #expect(JSONWriter(indent: nil).write(ExprTool.json(outcome)) == expected)
    }

    @Test func badVars() {
        let outcome = ExprTool.evaluate("1", varsJSON: "[1]")
        #expect(!outcome.isSuccess)
        #expect(JSONWriter(indent: nil).write(ExprTool.json(outcome)).contains("\"stage\":\"vars\""))
    }

    @Test func textOutcomes() {
        #expect(ExprTool.text(ExprTool.evaluate("[1, 2].map(x, x * 2)")) == "[2, 4] (list)")
        let t = ExprTool.text(ExprTool.evaluate("1 + 'a'"))
        #expect(t.contains("no matching overload for +(int, string)"))
        #expect(t.contains("1 + 'a'\n  |   ^"))
    }
}
