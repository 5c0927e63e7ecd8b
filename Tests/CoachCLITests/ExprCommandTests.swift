// ExprCommandTests.swift — `coach expr` run in-process.

import CoachCLI
import Testing

@Suite struct ExprCommandTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let id: String
        let args: [String]
        let code: Int32
        let stdout: String
        var testDescription: String { id }
    }

    static let cases: [Case] = [
        Case(id: "int", args: ["expr", "--format", "json", "1 + 2"], code: 0, stdout: #"{"type":"int","value":3}"# + "\n"),
        Case(id: "vars", args: ["expr", "--vars", #"{"orders": 3, "sessions": 400}"#, "--format", "json", "ratio(orders, sessions) < 0.01"],
             code: 0, stdout: #"{"type":"bool","value":true}"# + "\n"),
        Case(id: "double var", args: ["expr", "--vars", #"{"r": 2.0}"#, "-f", "json", "r"], code: 0, stdout: #"{"type":"double","value":2.0}"# + "\n"),
        Case(id: "parse error", args: ["expr", "--format", "json", "1 +"], code: 1,
             stdout: #"{"error":{"stage":"parse","message":"expected an expression, found end of expression","column":4}}"# + "\n"),
        Case(id: "check error", args: ["expr", "--format", "json", "sizee('a')"], code: 1,
             stdout: #"{"error":{"stage":"check","message":"undeclared function 'sizee'","column":1}}"# + "\n"),
        Case(id: "eval error", args: ["expr", "--format", "json", "[1][3]"], code: 1,
             stdout: #"{"error":{"stage":"eval","message":"index out of range: 3","column":4}}"# + "\n"),
        Case(id: "text value", args: ["expr", "[1, 2].map(x, x * 2)"], code: 0, stdout: "[2, 4] (list)\n"),
    ]

    @Test(arguments: cases)
    func `expr prints the value or the error`(_ c: Case) {
        let r = runCoach(c.args)
        #expect(r.code.rawValue == c.code)
        #expect(r.stdout == c.stdout, "stdout was: \(r.stdout) stderr: \(r.stderr)")
    }

    @Test func `warnings go to standard error`() {
        let r = runCoach(["expr", "--vars", #"{"orders": 3, "sessions": 400}"#, "orders / sessions < 0.01"])
        #expect(r.code == .success)
        #expect(r.stdout == "true (bool)\n")
        #expect(r.stderr.contains("warning: integer division compared with a double"))
    }

    @Test func `text errors show a caret under the column`() {
        let r = runCoach(["expr", "1 + 'a'"])
        #expect(r.code == .failure)
        #expect(r.stderr.contains("no matching overload for +(int, string)"))
        #expect(r.stderr.contains("1 + 'a'\n  |   ^"))
    }
}
