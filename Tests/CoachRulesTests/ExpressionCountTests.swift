// ExpressionCountTests.swift — what the limits on a rule set's expressions count (every
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
        var tally = ExpressionTally(maxCount: c.limit, maxBytes: .max)
        let over = tally.firstOver(Self.sources(rules: Self.rules))
        #expect(over?.at.line == c.line, "limit \(c.limit): \(String(describing: over))")
        #expect(over == nil || over?.limit == .count)
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
        func over(_ limit: Int) -> Int? {
            var tally = ExpressionTally(maxCount: limit, maxBytes: .max)
            return tally.firstOver(s)?.at.line
        }
        #expect(over(15) == nil)
        #expect(over(14) == 7)
        #expect(over(13) == 7)
        #expect(over(12) == 5)
        #expect(over(11) == 16)
    }

    /// The bytes: each condition's text, what stands between `{{` and `}}`, definitions and
    /// checklist expressions; literal text counts nothing.
    @Test func `expression bytes are counted, literal text is not`() {
        let rules = """
            area: listings
            define:
              busy: sessions_30d > 100
            rules:
              - id: a.one
                when: sessions_30d > 1
                tip: {title: "A long literal title that counts for nothing {{ 12345 }}", body: b, actions: [a]}
            """
        let s = Self.sources(rules: rules)
        func tally(_ maxBytes: Int) -> (Int?, ExpressionTally.Limit?, Int) {
            var t = ExpressionTally(maxCount: .max, maxBytes: maxBytes)
            let over = t.firstOver(s)
            return (over?.at.line, over?.limit, t.bytes)
        }
        // 16 ("sessions_30d > 1") + 7 (" 12345 ") + 18 ("sessions_30d > 100").
        #expect(tally(41).0 == nil && tally(41).2 == 41)
        #expect(tally(40).0 == 3 && tally(40).1 == .bytes)
        #expect(tally(22).0 == 7)
        #expect(tally(15).0 == 6)
    }
}
