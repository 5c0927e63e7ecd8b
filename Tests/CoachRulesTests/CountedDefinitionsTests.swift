// CountedDefinitionsTests.swift — which `filter` definitions a rule set counts rather than
// lists: those that every expression, anywhere in the rule set, reads only for their size.

import CoachExpr
import Testing
@testable import CoachRules

@Suite struct CountedDefinitionsTests {
    @Test func `a filter definition is counted only when nothing reads it whole`() throws {
        let fixture = try RuleSetFixture(files: [
            ("Rules/more-definitions.yaml", """
            define:
              few: listings.filter(l, l.photos < 2)
              few_titled: listings.filter(l, l.photos < 3)
              checked: listings.filter(l, l.quality < 50)
              asked: listings.filter(l, l.quality < 40)
              mapped: listings.map(l, l.photos)
            """),
            ("Rules/more-rules.yaml", """
            area: listings
            rules:
              - id: listings.few
                when: few.size() > 1 && size(few_titled) > 0 && checked.size() > 0 && asked.size() > 0 && mapped.size() > 0
                priority: 10
                tip: {title: "{{ plural(few_titled.size(), \\"listing\\") }} need photos", body: Add photos., actions: [Add them]}
              - id: listings.asked
                when: has(asked)
                priority: 5
                tip: {title: Asked, body: Asked., actions: [Ask]}
            """),
            ("Playbooks/more.yaml", """
            playbook: more
            title: More
            phases:
              - phase: early
                items:
                  - {id: check-quality, title: Check quality, done_when: "checked.all(l, l.quality > 10)"}
            """),
        ])
        defer { fixture.remove() }
        let ruleSet = try fixture.load()
        func counted(_ name: String) -> Bool {
            guard let d = ruleSet.definitions.first(where: { $0.name == name }) else { return false }
            return ruleSet.countedDefinitions.contains(d.slot)
        }
        #expect(counted("few"))  // its size, in a condition
        #expect(counted("few_titled"))  // its size, as `size(x)` and in a text
        #expect(!counted("checked"))  // a checklist item reads its elements
        #expect(!counted("asked"))  // has() computes its value
        #expect(!counted("mapped"))  // not a filter
        #expect(!counted("thin_listings"))  // the base fixture's tip reads thin_listings[0]
    }

    @Test func `a program's whole reads leave out what it reads only for its size`() throws {
        var env = Environment()
        let xs = env.declare("xs", .list(.int))
        let ys = env.declare("ys", .list(.int))
        #expect(try env.compile("xs.size() > 1 && size(ys) > 0").wholeRead == [])
        #expect(try env.compile("xs.size() > 1 && ys[0] > 0").wholeRead == [ys])
        #expect(try env.compile("xs.size() > 1 && xs.exists(x, x > 1)").wholeRead == [xs])
        #expect(try env.compile("has(xs)").wholeRead == [xs])
        #expect(try env.compile("xs.filter(x, x > 1).size() > 0").wholeRead == [xs])
        #expect(try env.compile("xs.size() > 1", fused: false).wholeRead == [xs])  // unfused: read as written
    }
}
