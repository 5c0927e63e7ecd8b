// ExpressionCountTests.swift — what the limit on a rule set's expressions counts (every
// condition of a `when` tree, every `{{` of a rule's texts, fallbacks included, and of the
// checklist items' titles), where it says the first one over is, and that it stops there.
// The limit itself, 250,000, is run through the binary by the bad-input corpus
// (`expressions-over-limit`); here it is a small one, over small rule sets.

import CoachSource
import CoachYAML
import Testing
@testable import CoachRules

@Suite struct ExpressionCountTests {
    /// The sources of one rule file and one playbook file, as the loader reads them.
    static func sources(rules: String, playbook: String = "") -> RuleSetLoader.Sources {
        var reader = RuleSetLoader.SourceReader(rules: "Rules")
        let files = ["Rules/r.yaml": rules, "Playbooks/p.yaml": playbook]
        let parse: RuleSetLoader.SourceReader.Parse = { path throws(DiagnosticError) in
            let file = SourceFile(path: path, text: files[path] ?? "")
            return (file, try YAMLParser().parse(file))
        }
        reader.readRuleFiles(["Rules/r.yaml"], parse)
        if !playbook.isEmpty { reader.readPlaybookFiles(["Playbooks/p.yaml"], parse) }
        return reader.sources
    }

    static let rules = """
        area: listings
        rules:
          - id: a.one
            when:
              all:
                - sessions_30d > 1
                - not: orders_30d > 2
                - any: [active_listings > 3, conversion_rate < 0.1]
            tip:
              title: "Only {{ sessions_30d }} visits, {{ orders_30d }} orders"
              body: "{{ percent(conversion_rate) }} convert; a brace { alone is no expression"
              actions: ["act {{ 1 }}"]
              fallback: {title: "Fewer {{ 2 }}"}
          - id: a.two
            when: sessions_30d > 9
            escalate: {to: mentor, severity: low, reason: "{{ day }} days", talking_points: ["{{ 3 }}"]}
        """

    /// Expression by expression: four conditions (lines 6, 7, 8, 8), then the tip's five `{{`
    /// (two on line 10, the fallback's on 13; the lone `{` is none), then a.two's condition
    /// (15) and its escalation's two (16).
    @Test(arguments: [(12, nil), (11, 16), (10, 16), (9, 15), (3, 8), (4, 10), (5, 10), (6, 11)] as [(Int, Int?)])
    func `the first expression past the limit is where it is written`(_ c: (limit: Int, line: Int?)) {
        let at = RuleSetLimits.firstExpressionOver(c.limit, Self.sources(rules: Self.rules))
        #expect(at?.line == c.line, "limit \(c.limit): \(String(describing: at))")
    }

    @Test func `checklist item titles count after the rules`() {
        let playbook = """
            playbook: p
            phases:
              - phase: days-1-30
                items:
                  - {id: i1, title: "Reach {{ 10 }} listings", done_when: active_listings >= 10}
                  - {id: i2, title: "No expression here", done_when: active_listings >= 1}
                  - {id: i3, title: "{{ 1 }} and {{ 2 }}", done_when: active_listings >= 2}
            """
        let s = Self.sources(rules: Self.rules, playbook: playbook)
        #expect(RuleSetLimits.firstExpressionOver(15, s) == nil)
        #expect(RuleSetLimits.firstExpressionOver(14, s)?.line == 7)
        #expect(RuleSetLimits.firstExpressionOver(13, s)?.line == 7)
        #expect(RuleSetLimits.firstExpressionOver(12, s)?.line == 5)
        #expect(RuleSetLimits.firstExpressionOver(11, s)?.line == 16)
    }
}
