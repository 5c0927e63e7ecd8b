// EvaluationTests.swift — evaluation semantics on the base fixture: conditions, missing
// signals, cooldowns, inhibitions, groups, limits, ordering, templates, the checklist.

import CoachEngine
import CoachExpr
@_spi(Streaming) import CoachJSON
import CoachRules
import Foundation
import Testing

@Suite struct EvaluationTests {
    typealias F = EngineFixture

    @Test func `a healthy seller gets no tips and a checklist by phase`() throws {
        let r = try F.evaluate(F.json())
        #expect(r.tips.isEmpty)
        #expect(r.escalations.isEmpty)
        #expect(r.day == 15)
        #expect(r.phase == "middle")
        #expect(r.checklist.map(\.id) == ["five-listings", "first-order", "ten-orders", "returns-in-line"])
        #expect(r.checklist.map(\.status) == [.done, .done, .done, .done])
        #expect(r.checklist.first?.due == "2026-11-11")
        // Only the note that "home" has no benchmark row of its own (the default applies).
        #expect(r.diagnostics.map(\.code) == ["benchmark.no-row"])
    }

    @Test func `checklist status follows the phase: open now, overdue when passed, upcoming ahead`() throws {
        let r = try F.evaluate(F.json(day: 12, signals: ["orders_30d": "0", "listings": "[]"]))
        let status = Dictionary(uniqueKeysWithValues: r.checklist.map { ($0.id, $0.status) })
        #expect(status["five-listings"] == .overdue)
        #expect(status["first-order"] == .overdue)
        #expect(status["ten-orders"] == .open)
        #expect(status["returns-in-line"] == nil)  // applies_when: orders_30d > 0
        #expect(r.checklist.first { $0.id == "ten-orders" }?.progress == 0)
    }

    @Test func `a tip's text is rendered for people`() throws {
        let listings = "[{\"id\": \"L7\", \"photos\": 2, \"quality\": 90}, {\"id\": \"L8\", \"photos\": 3, \"quality\": 90}]"
        let r = try F.evaluate(F.json(signals: ["listings": listings, "price_index": "1.2345", "conversion_rate": "0.0123"]))
        let photos = try #require(r.tips.first { $0.id == "listings.photos" })
        #expect(photos.title == "2 listings have fewer than 5 photos")
        #expect(photos.body == "Start with L7.")
        #expect(photos.learn.map(\.url) == ["https://learn.example.com/photos"])
        let pricing = try #require(r.tips.first { $0.id == "pricing.high" })
        #expect(pricing.title == "Prices run 23.4% above the market")
        #expect(pricing.body == "Conversion is 1.2% against 2%.")
    }

    @Test func `tips are ordered by priority, then id, and limited per area and in total`() throws {
        let listings = "[{\"id\": \"L1\", \"photos\": 1, \"quality\": 40}]"
        let r = try F.evaluate(F.json(signals: ["listings": listings, "price_index": "1.3", "conversion_rate": "0.01", "weekly_sales": "[10, 5]"]))
        #expect(r.tips.map(\.id) == ["listings.photos", "pricing.high", "listings.quality"])
        let held = Dictionary(uniqueKeysWithValues: r.suppressed.map { ($0.id, $0.reason) })
        #expect(held["listings.more"] == .limit)   // a third listings tip
        #expect(held["service.slow-sales"] == .limit)  // the fourth tip overall
    }

    @Test func `only the highest-priority tip of a group is shown`() throws {
        let r = try F.evaluate(F.json(signals: ["price_index": "1.6", "conversion_rate": "0.01"]))
        #expect(r.tips.map(\.id) == ["pricing.very-high"])
        let s = try #require(r.suppressed.first { $0.id == "pricing.high" })
        #expect(s.reason == .group)
        #expect(s.by == "pricing.very-high")
        #expect(s.detail == "group 'pricing.position': 'pricing.very-high' ranks higher")
        #expect(r.tips.first?.body == "$160.00 for a $100 item.")
    }

    @Test func `a rule delivered within its cooldown is held back`() throws {
        let listings = "[{\"id\": \"L1\", \"photos\": 1, \"quality\": 90}]"
        let recent = F.json(signals: ["listings": listings], extra: "\"delivered\": [{\"id\": \"listings.photos\", \"at\": \"2026-11-12\"}]")
        let r = try F.evaluate(recent)
        #expect(!r.tips.contains { $0.id == "listings.photos" })
        #expect(r.suppressed.first { $0.id == "listings.photos" }?.detail == "delivered 4 days ago (2026-11-12); cooldown is 7 days")
        let old = F.json(signals: ["listings": listings], extra: "\"delivered\": [{\"id\": \"listings.photos\", \"at\": \"2026-11-05\"}]")
        #expect(try F.evaluate(old).tips.contains { $0.id == "listings.photos" })
        let r1 = try F.evaluate(F.json(signals: ["listings": listings], extra: "\"delivered\": [{\"id\": \"listings.photos\", \"at\": \"2026-11-15\"}]"))
        #expect(r1.suppressed.first { $0.id == "listings.photos" }?.detail == "delivered 1 day ago (2026-11-15); cooldown is 7 days")
        // Delivered on as_of: that day's own delivery (an earlier evaluation's, stored), which
        // holds nothing back that day.
        let today = try F.evaluate(F.json(signals: ["listings": listings], extra: "\"delivered\": [{\"id\": \"listings.photos\", \"at\": \"2026-11-16\"}]"))
        #expect(today.tips.contains { $0.id == "listings.photos" })
    }

    @Test func `an escalation inhibits the areas it names`() throws {
        let listings = "[{\"id\": \"L1\", \"photos\": 1, \"quality\": 90}]"
        let r = try F.evaluate(F.json(signals: ["listings": listings, "violations": "3"]))
        #expect(r.escalations.map(\.id) == ["escalate.violations"])
        #expect(r.escalations.first?.reason == "3 policy violations in 30 days")
        #expect(r.escalations.first?.severity == .critical)
        #expect(r.tips.isEmpty)
        #expect(r.suppressed.first { $0.id == "listings.photos" }?.reason == .inhibited)
        #expect(r.suppressed.first { $0.id == "listings.photos" }?.by == "escalate.violations")
        #expect(r.suppressed.first { $0.id == "listings.photos" }?.detail == "area 'listings' is held back while 'escalate.violations' fires")
    }

    @Test func `escalations are ordered by severity`() throws {
        let r = try F.evaluate(F.json(signals: ["violations": "2", "return_rate": "0.5"]))
        #expect(r.escalations.map(\.severity) == [.critical, .high])
    }

    @Test func `benchmarks follow the seller's category`() throws {
        let returns = F.json(category: "fashion", signals: ["return_rate": "0.3"])
        #expect(try F.evaluate(returns).escalations.isEmpty)  // fashion's benchmark is 0.2
        #expect(try F.evaluate(F.json(category: "home", signals: ["return_rate": "0.3"])).escalations.count == 1)
    }

    @Test func `a rule that reads a missing signal is skipped with a diagnostic and never fires`() throws {
        let r = try F.evaluate(F.json(signals: ["price_index": "1.6", "conversion_rate": "1.5"]))
        #expect(!r.tips.contains { $0.id == "pricing.high" })
        #expect(r.diagnostics.contains { $0.message == "signal 'conversion_rate' is 1.5, outside its range [0, 1]; it is treated as missing" })
        #expect(r.skipped.contains { $0.id == "pricing.high" && $0.missing == ["conversion_rate"] })
        #expect(r.diagnostics.contains { $0.code == "rule.skipped" && $0.message.hasSuffix("missing: conversion_rate") })
        // pricing.very-high does not read conversion_rate, so it still fires.
        #expect(r.tips.contains { $0.id == "pricing.very-high" })
    }

    @Test func `a rule adds its on-demand checklist item while it fires`() throws {
        let r = try F.evaluate(F.json(signals: ["price_index": "1.3", "conversion_rate": "0.01"]))
        let item = try #require(r.checklist.first { $0.id == "price-check" })
        #expect(item.addedBy == "pricing.high")
        #expect(item.status == .open)
        #expect(!(try F.evaluate(F.json())).checklist.contains { $0.id == "price-check" })
    }

    @Test func `definitions compose: pct_change through a definition`() throws {
        let r = try F.evaluate(F.json(signals: ["weekly_sales": "[8, 6, 4]"]))
        #expect(r.tips.first { $0.id == "service.slow-sales" }?.title == "Sales changed -50%")
    }

    @Test func `a runtime error in a condition is reported, and the rule does not fire`() throws {
        let r = try F.evaluate(F.json(signals: ["weekly_sales": "[]", "sessions_30d": "500"]))
        #expect(!r.tips.contains { $0.id == "service.slow-sales" })
        #expect(r.diagnostics.contains { $0.code == "rule.error" && $0.message.hasPrefix("rule 'service.slow-sales' could not be evaluated") })
        // The mentor's view puts it with the rules' problems, not the input's.
        let text = r.text()
        let rules = try #require(text.range(of: "PROBLEMS IN THE RULES FOR THIS SELLER (1)\n"))
        #expect(text[rules.upperBound...].hasPrefix("  ") && text[rules.upperBound...].contains("error: rule 'service.slow-sales' could not be evaluated"), "\(text)")
        #expect(!text.contains("PROBLEMS WITH THE INPUT"), "\(text)")
    }

    @Test func `the same input gives byte-identical JSON`() throws {
        let input = F.json(signals: ["price_index": "1.6", "conversion_rate": "0.01", "violations": "2", "weekly_sales": "[9, 3]"])
        let a = JSONWriter().write(try F.evaluate(input).json)
        for _ in 0..<20 { #expect(JSONWriter().write(try F.evaluate(input).json) == a) }
    }

    @Test func `the JSON has the documented keys`() throws {
        let r = try F.evaluate(F.json(signals: ["violations": "2"]))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(JSONWriter().write(r.json).utf8)) as? [String: Any])
        for key in ["ruleset", "seller", "day", "phase", "tips", "checklist", "escalations", "suppressed", "diagnostics"] {
            #expect(object[key] != nil, "missing \(key)")
        }
        let ruleset = try #require(object["ruleset"] as? [String: Any])
        #expect(ruleset["name"] as? String == "test-program")
        #expect((ruleset["fingerprint"] as? String)?.count == 16)
        let item = try #require((object["checklist"] as? [[String: Any]])?.first)
        for key in ["id", "phase", "title", "status", "due", "progress"] { #expect(item.keys.contains(key), "checklist lacks \(key)") }
    }

    @Test func `evaluating from many threads at once gives the same results`() async throws {
        let rs = try #require(F.ruleSet)
        let inputs = (0..<16).map { i in
            F.json(day: i * 2, signals: ["price_index": "\(1.0 + Double(i) / 10)", "conversion_rate": "0.01", "violations": "\(i % 3)"])
        }
        let expected = try inputs.map { JSONWriter().write(try rs.evaluate(json: Array($0.utf8)).json) }
        try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for round in 0..<8 {
                for (i, input) in inputs.enumerated() {
                    group.addTask {
                        let reader = SnapshotReader(ruleSet: rs)
                        let r = rs.evaluate(try reader.read(json: Array(input.utf8)))
                        _ = round
                        return (i, JSONWriter().write(r.json))
                    }
                }
            }
            for try await (i, json) in group { #expect(json == expected[i]) }
        }
    }
}

@Suite struct ExplainTests {
    typealias F = EngineFixture

    @Test func `explain gives each rule's outcome, leaf values and the signals it read`() throws {
        let rs = try #require(F.ruleSet)
        let snap = try SnapshotReader(ruleSet: rs).read(json: Array(F.json(signals: ["price_index": "1.6", "conversion_rate": "0.01"]).utf8))
        let e = rs.explain(snap)
        #expect(e.rules.count == rs.rules.count)
        let high = try #require(e.rules.first { $0.id == "pricing.high" })
        #expect(high.outcome == .suppressed(.group, by: "pricing.very-high"))
        guard case .all(let leaves, true) = high.condition else { Issue.record("not an all"); return }
        guard case .leaf(let text, _, let value, true) = leaves[0] else { Issue.record("no leaf"); return }
        #expect(text == "price_index > 1.15")
        #expect(value.map(Display.text) == "true")
        #expect(high.reads.map(\.name) == ["benchmark.conversion_rate", "conversion_rate", "price_index"])
        #expect(high.reads.first { $0.name == "benchmark.conversion_rate" }?.value.map(Display.text) == "0.02")
        #expect(high.reads.first { $0.name == "price_index" }?.value.map(Display.text) == "1.6")
        // In JSON, values are whole and typed: a number is a number, not text.
        let json = JSONWriter(indent: nil).write(e.json)
        #expect(json.contains(#""reads":{"benchmark.conversion_rate":0.02,"conversion_rate":0.01,"price_index":1.6}"#))
    }

    @Test func `explain names the missing signal of a skipped rule`() throws {
        let rs = try #require(F.ruleSet)
        let snap = try SnapshotReader(ruleSet: rs).read(json: Array(F.json(removing: ["price_index"]).utf8))
        let e = rs.explain(snap, rule: "pricing.very-high")
        #expect(e.rules.count == 1)
        #expect(e.rules[0].outcome == .skipped(missing: ["price_index"]))
        let read = try #require(e.rules[0].reads.first { $0.name == "price_index" })
        #expect(read.value == nil)
        #expect(e.text().contains("price_index = missing"))
        #expect(e.text().contains("pricing.very-high — SKIPPED (missing: price_index)"))
    }
}
