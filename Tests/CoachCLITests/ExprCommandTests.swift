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
             stdout: #"{"stage":"parse","error":"expected an expression, found end of expression","diagnostics":[{"severity":"error","code":"expr.parse","message":"expected an expression, found end of expression","location":{"file":"<expr>","line":1,"column":4}}]}"# + "\n"),
        Case(id: "check error", args: ["expr", "--format", "json", "sizee('a')"], code: 1,
             stdout: #"{"stage":"check","error":"undeclared function 'sizee'","diagnostics":[{"severity":"error","code":"expr.unknown-function","message":"undeclared function 'sizee'","location":{"file":"<expr>","line":1,"column":1},"hint":"did you mean 'size'?"}]}"# + "\n"),
        Case(id: "eval error", args: ["expr", "--format", "json", "[1][3]"], code: 1,
             stdout: #"{"stage":"eval","error":"index out of range: 3","diagnostics":[{"severity":"error","code":"expr.eval","message":"index out of range: 3","location":{"file":"<expr>","line":1,"column":4}}]}"# + "\n"),
        Case(id: "text value", args: ["expr", "[1, 2].map(x, x * 2)"], code: 0, stdout: "[2, 4] (list)\n"),
        // What a rule may hold can be tried: the texts' functions, and a null variable is absent.
        Case(id: "template functions", args: ["expr", #"percent(0.083) + " " + money(1234.5) + " " + plural(3, "listing") + " " + listed(["a", "b"])"#],
             code: 0, stdout: "\"8.3% $1,234.50 3 listings a and b\" (string)\n"),
        Case(id: "null var has no value", args: ["expr", "--vars", #"{"x": null}"#, "-f", "json", "has(x)"], code: 0,
             stdout: #"{"type":"bool","value":false}"# + "\n"),
        // --vars: numbers keep the kind they are written as, exactly.
        Case(id: "exponent var is a double", args: ["expr", "--vars", #"{"r": 1e2}"#, "-f", "json", "r"], code: 0, stdout: #"{"type":"double","value":100.0}"# + "\n"),
        Case(id: "smallest int var", args: ["expr", "--vars", #"{"x": -9223372036854775808}"#, "-f", "json", "x"], code: 0,
             stdout: #"{"type":"int","value":-9223372036854775808}"# + "\n"),
        Case(id: "19-digit negative int var", args: ["expr", "--vars", #"{"x": -9223372036854775807}"#, "-f", "json", "x + 1"], code: 0,
             stdout: #"{"type":"int","value":-9223372036854775806}"# + "\n"),
        Case(id: "nested vars", args: ["expr", "--vars", #"{"m": {"k": [true, 2]}, "n": null}"#, "-f", "json", "m.k[1] == 2 && !has(n)"], code: 0,
             stdout: #"{"type":"bool","value":true}"# + "\n"),
        Case(id: "int var beyond int64", args: ["expr", "--vars", #"{"x": 9223372036854775808}"#, "-f", "json", "x"], code: 64, stdout: ""),
        Case(id: "double var beyond double", args: ["expr", "--vars", #"{"x": 1e400}"#, "-f", "json", "x"], code: 64, stdout: ""),
        Case(id: "var given twice", args: ["expr", "--vars", #"{"x": 1, "x": 2}"#, "x"], code: 64, stdout: ""),
        Case(id: "vars not JSON", args: ["expr", "--vars", "{bad", "-f", "json", "1"], code: 64, stdout: ""),
        Case(id: "vars not an object", args: ["expr", "--vars", "[1]", "1"], code: 64, stdout: ""),
        Case(id: "in is not a name", args: ["expr", "-f", "json", "[1].map(in, in)"], code: 1,
             stdout: #"{"stage":"parse","error":"expected an expression, found the operator 'in'","diagnostics":[{"severity":"error","code":"expr.parse","message":"expected an expression, found the operator 'in'","location":{"file":"<expr>","line":1,"column":9}}]}"# + "\n"),
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

    /// A machine reading the JSON gets the warnings too (they went nowhere before).
    @Test func `warnings are in the JSON, with a value and with an error`() {
        let ok = runCoach(["expr", "-f", "json", "3 / 400 < 0.01"])
        #expect(ok.code == .success)
        #expect(ok.stdout.hasPrefix(#"{"type":"bool","value":true,"warnings":[{"severity":"warning","code":"#), "\(ok.stdout)")
        #expect(ok.stdout.contains("integer division compared with a double"))
        #expect(ok.stderr.isEmpty)
        let failed = runCoach(["expr", "-f", "json", "3 / 400 < 0.01 && [1][2] == 1"])
        #expect(failed.code == .failure)
        #expect(failed.stdout.contains(#""stage":"eval""#) && failed.stdout.contains(#""severity":"warning""#), "\(failed.stdout)")
        let dash = runCoach(["expr", "--vars", #"{"x": 1}"#, "--", "-x"])
        #expect(dash.stdout == "-1 (int)\n")
        let asOption = runCoach(["expr", "--vars", #"{"x": 1}"#, "-x"])
        #expect(asOption.code == .usage)
        #expect(asOption.stderr.contains("to give an argument that starts with '-', put -- before it: -- '-x'"), "\(asOption.stderr)")
    }

    @Test func `text errors show a caret under the column`() {
        let r = runCoach(["expr", "1 + 'a'"])
        #expect(r.code == .failure)
        #expect(r.stderr.contains("no matching overload for +(int, string)"))
        #expect(r.stderr.contains("1 + 'a'\n  |   ^"))
    }
}
