// ParserTests.swift — literals, precedence, and syntax errors with their columns.

import CoachSource
import Testing
@testable import CoachExpr

@Suite struct ParserTests {
    /// Expressions that must evaluate to `true`: literal forms, escapes and precedence.
    @Test(arguments: [
        "0x1F == 31",
        "0xffu == 255u",
        "1e3 == 1000.0",
        "2.5e-1 == 0.25",
        ".5 == 0.5",
        "-9223372036854775808 == -9223372036854775807 - 1",
        "18446744073709551615u == 18446744073709551615u",
        #"'\x41\u00e9\U0001F600\101' == 'Aé😀A'"#,
        #"r'\n' == '\\n'"#,
        #"'''a'b''' == "a'b""#,
        #"b'\xff' == bytes('\u00ff') == false"#,
        "size(b'abc') == 3",
        "1 + 2 * 3 == 7",
        "(1 + 2) * 3 == 9",
        "!false && true",
        "true || false && false",
        "1 < 2 == true",
        "3 in [1, 2, 3]",
        "'k' in {'k': 1}",
        "(true ? 1 : 2) == 1",
        "(false ? 1 : true ? 2 : 3) == 2",
        "true ? 2 == 2 : false",
        "-(-1) == 1",
        "!!true",
        "[1, 2, 3,][2] == 3",
        "{'a': 1,}.a == 1",
        "{'content-type': 1}.`content-type` == 1",
        "null == null",
        "'x'.size() == 1",
        "// comment\n1 == 1",
    ])
    func validExpressions(_ text: String) {
        #expect(isTrue(evaluate(text)), "\(text)")
    }

    struct ErrorCase: Sendable, CustomStringConvertible {
        let text: String
        let column: Int
        let message: String
        var description: String { text }
    }

    /// Syntax errors: the message says what was expected, the column points at the problem.
    @Test(arguments: [
        ErrorCase(text: "1 +", column: 4, message: "expected an expression, found end of expression"),
        ErrorCase(text: "(1 + 2", column: 7, message: "expected ')'"),
        ErrorCase(text: "a = 1", column: 3, message: "unexpected '='"),
        ErrorCase(text: "[1, 2", column: 6, message: "expected ',' or ']'"),
        ErrorCase(text: "{'a' 1}", column: 6, message: "expected ':' after a map key"),
        ErrorCase(text: "'abc", column: 1, message: "unterminated string literal"),
        ErrorCase(text: "'\\q'", column: 2, message: "invalid escape sequence '\\q'"),
        ErrorCase(text: "9223372036854775808", column: 1, message: "integer literal out of range for int64"),
        ErrorCase(text: "1 ? 2", column: 6, message: "expected ':' of the conditional"),
        ErrorCase(text: "x.", column: 3, message: "expected a field or method name after '.'"),
        ErrorCase(text: "a.all(1, true)", column: 7, message: "all() needs a variable name"),
        ErrorCase(text: "1 2", column: 3, message: "expected end of expression"),
        ErrorCase(text: "'é' + #", column: 7, message: "unexpected character '#'"),
        ErrorCase(text: "if", column: 1, message: "'if' is a reserved word"),
        ErrorCase(text: "prix_é > 1", column: 6, message: "unexpected character 'é'"),
        ErrorCase(text: "1 +\u{7}", column: 4, message: "unexpected character '\\u{07}'"),
        ErrorCase(text: "1e", column: 3, message: "expected digits in the exponent"),
        // A macro with the wrong number of arguments says how it is called (its variable was
        // reported undeclared, and the macro an unknown function 'did you mean max').
        ErrorCase(text: "[1, 2].map(x)", column: 8, message: "map() takes a variable and an expression (xs.map(x, x * 2))"),
        ErrorCase(text: "[1].filter(x, y, x > 0)", column: 5, message: "filter() takes a variable and a condition (xs.filter(x, x > 0)), not 3 arguments"),
        ErrorCase(text: "[1].exists_one(x)", column: 5, message: "exists_one() takes a variable and a condition"),
        ErrorCase(text: "has(a.b, a.c)", column: 1, message: "has() takes one field selection, such as has(x.field), or a variable, not 2 arguments"),
        ErrorCase(text: "has()", column: 1, message: "has() takes one field selection"),
        ErrorCase(text: "[1].all(x, x > 0, 1)", column: 14, message: "all() with 3 arguments takes two variable names first; it takes a variable and a condition"),
        ErrorCase(text: "cel.bind(x, 2)", column: 5, message: "cel.bind() takes a variable, its value and an expression"),
    ])
    func syntaxErrors(_ c: ErrorCase) {
        let ds = diagnostics(c.text)
        #expect(ds.count == 1)
        #expect(ds.first?.message.hasPrefix(c.message) == true, "got \(ds.first?.message ?? "nothing")")
        #expect(ds.first?.location?.column == c.column)
        #expect(ds.first?.code == "expr.parse")
    }

    /// Words from other languages get the operator CEL spells them with.
    @Test(arguments: [
        ("a = 1", "use '==' to compare"),
        ("a > 1 and b", "use '&&'"),
        ("a or b", "use '||'"),
        ("not has(a.b)", "use '!' to negate: !(…)"),
        ("a && not b", "use '!' to negate: !(…)"),
        ("1 2", nil),
    ] as [(String, String?)])
    func hintsForOtherLanguagesWords(_ text: String, _ hint: String?) {
        #expect(diagnostics(text).first?.hint == hint, "\(text)")
    }

    /// With a text origin, errors point at the file's line and column.
    @Test func errorsUseTheOrigin() {
        let file = SourceFile(path: "Rules/pricing.yaml", text: "rules:\n  - when: conversion_rate < \n")
        let origin = TextOrigin(file: file, line: 2, column: 11)
        let ds = diagnostics("conversion_rate < ", origin: origin)
        #expect(ds.first?.location?.line == 2)
        #expect(ds.first?.location?.column == 29)
        #expect(ds.first?.location?.path == "Rules/pricing.yaml")
    }
}
