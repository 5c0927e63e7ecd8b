// TextFallbackTests.swift — a value read only by a rule's texts never silences the rule:
// without it the rule still fires and writes its fallback texts, in full and ids output.

import CoachEngine
import CoachRules
import CoachSource
import CoachTestSupport
import Testing

@Suite struct TextFallbackTests {
    static let rules = """
        area: listings
        rules:
          - id: listings.named
            when: conversion_rate < 0.02
            tip:
              title: "{{ shop_name }}: few visits become orders"
              body: Check photos and prices.
              actions: [Compare with three competitors]
              fallback: {title: Few visits become orders}
            escalate:
              to: mentor
              severity: low
              reason: "{{ shop_name }} converts {{ percent(conversion_rate) }}"
              fallback: {reason: "The shop converts {{ percent(conversion_rate) }}"}
        """

    @Test func `a seller without the value the texts read gets the rule with its fallback texts`() throws {
        let rs = try EngineFixture.ruleSet(adding: Self.rules)
        let without = try rs.evaluate(json: Array(EngineFixture.json(signals: ["conversion_rate": "0.01", "violations": "0"], removing: ["shop_name"]).utf8))
        #expect(without.tips.first { $0.id == "listings.named" }?.title == "Few visits become orders")
        #expect(without.escalations.first { $0.id == "listings.named" }?.reason == "The shop converts 1%")
        #expect(!without.skipped.contains { $0.id == "listings.named" })
        let snapshot = try SnapshotReader(ruleSet: rs).read(json: Array(EngineFixture.json(signals: ["conversion_rate": "0.01", "violations": "0"], removing: ["shop_name"]).utf8))
        let decided = Evaluator(ruleSet: rs).decide(snapshot)
        #expect(decided.tips.contains { rs.rules[$0].id == "listings.named" })
        let with = try rs.evaluate(json: Array(EngineFixture.json(signals: ["conversion_rate": "0.01", "violations": "0"]).utf8))
        #expect(with.tips.first { $0.id == "listings.named" }?.title == "Maple & Co: few visits become orders")
        #expect(with.escalations.first { $0.id == "listings.named" }?.reason == "Maple & Co converts 1%")
    }

    @Test func `a signal read by the condition still skips the rule when it is missing`() throws {
        let rs = try EngineFixture.ruleSet(adding: Self.rules)
        let r = try rs.evaluate(json: Array(EngineFixture.json(removing: ["conversion_rate"]).utf8))
        #expect(r.skipped.first { $0.id == "listings.named" }?.missing == ["conversion_rate"])
    }
}

@Suite struct TextFallbackDocTests {
    @Test func `docs/rule-format.md's fallback example loads and writes its fallback without the value`() throws {
        let doc = try String(contentsOf: TestPaths.inPackage("docs/rule-format.md"), encoding: .utf8)
        let section = try #require(doc.components(separatedBy: "- `fallback` (in a `tip`").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```yaml\n").dropFirst().first?.components(separatedBy: "  ```")[0])
        let rule = block.split(separator: "\n", omittingEmptySubsequences: false).map { $0.dropFirst(2) }.joined(separator: "\n")
        let rs = try EngineFixture.ruleSet(adding: "rules:\n" + rule.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))
        let json = EngineFixture.json(signals: ["conversion_rate": "0.005", "violations": "0"], removing: ["shop_name"])
        #expect(try rs.evaluate(json: Array(json.utf8)).tips.first { $0.id == "listings.few-orders" }?.title == "Your shop turns few visits into orders")
    }
}
