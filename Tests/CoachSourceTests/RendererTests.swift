// RendererTests.swift — the one diagnostics form every stage prints, verbatim.

import CoachSource
import Testing

@Suite struct RendererTests {
    let file = SourceFile(path: "Rules/pricing.yaml", text: "rules:\n  - id: a\n    priorty: 70\n")

    @Test func `error with snippet, caret and hint`() {
        let d = Diagnostic.error("unknown key 'priorty'", at: file.location(line: 3, column: 5), length: 7,
                                 hint: "did you mean 'priority'?", code: .rulesUnknownKey)
        #expect(DiagnosticRenderer().render(d) == """
            Rules/pricing.yaml:3:5: error: unknown key 'priorty'
              |
            3 |     priorty: 70
              |     ^^^^^^^
              = hint: did you mean 'priority'?
            """)
    }

    @Test func `notes with their own location get a snippet too`() {
        let d = Diagnostic.error("duplicate id 'a'", at: file.location(line: 2, column: 9),
                                 notes: [.init("first defined here", at: file.location(line: 2, column: 5))], code: .rulesDuplicateId)
        #expect(DiagnosticRenderer().render(d) == """
            Rules/pricing.yaml:2:9: error: duplicate id 'a'
              |
            2 |   - id: a
              |         ^
              = note: first defined here (Rules/pricing.yaml:2:5)
              |
            2 |   - id: a
              |     ^
            """)
    }

    @Test func `a diagnostic without a location is one line`() {
        #expect(DiagnosticRenderer().render(.error("no rules found", hint: "pass --rules", code: .rulesNoDirectory)) == """
            error: no rules found
              = hint: pass --rules
            """)
    }

    @Test func `the caret stays under the column when the line has tabs and wide characters`() {
        let f = SourceFile(path: "t", text: "\tkey: é x\n")
        let out = DiagnosticRenderer().render(.warning("w", at: f.location(line: 1, column: 9), code: .lintOutranked))
        #expect(out.hasSuffix("  | \t       ^"))
    }

    @Test func `a long caret is clipped at the end of the line`() {
        let f = SourceFile(path: "t", text: "abc\n")
        let out = DiagnosticRenderer().render(.error("e", at: f.location(line: 1, column: 2), length: 50, code: .yamlSyntax))
        #expect(out.hasSuffix("|  ^^"))
    }

    @Test func `control characters in the quoted line are neutralised`() {
        let f = SourceFile(path: "t", text: "a\u{1B}[31mb\n")
        let out = DiagnosticRenderer().render(.error("e", at: f.location(line: 1, column: 1), code: .yamlSyntax))
        #expect(!out.contains("\u{1B}"))
    }

    @Test func `colour adds ANSI codes only when asked for`() {
        let d = Diagnostic.error("boom", at: file.location(line: 1, column: 1), code: .yamlSyntax)
        #expect(DiagnosticRenderer(color: true).render(d).contains("\u{1B}["))
        #expect(!DiagnosticRenderer(color: false).render(d).contains("\u{1B}["))
    }

    @Test(arguments: [
        (true, [String: String](), true),
        (false, [:], false),
        (true, ["NO_COLOR": "1"], false),
        (true, ["NO_COLOR": ""], true),
        (true, ["TERM": "dumb"], false),
    ])
    func `colour only on a terminal and never with NO_COLOR`(_ tty: Bool, _ env: [String: String], _ expected: Bool) {
        #expect(ColorPolicy.shouldColor(isTerminal: tty, environment: env) == expected)
    }

    @Test func `a message, note or hint names its direction controls, so a seller's id cannot turn the line around`() {
        let d = Diagnostic.error("seller 'S-1\u{202E}txt.exe' is given again", hint: "check 'S-1\u{2067}'", code: .diffUnmatched)
        let shown = DiagnosticRenderer().render(d)
        #expect(shown.contains("seller 'S-1[U+202E]txt.exe' is given again") && shown.contains("check 'S-1[U+2067]'"), "\(shown)")
        #expect(!shown.unicodeScalars.contains { $0.value == 0x202E || $0.value == 0x2067 })
    }
}
