// PresenceTests.swift — `has(signal)`: a rule can ask whether an optional signal is there
// (to tell a seller without a price feed to connect one) without being skipped when it is not.

import CoachAuthoring
import CoachEngine
import CoachRules
import CoachSource
import Foundation
import Testing

@Suite struct PresenceTests {
    static let tracker = """
        area: pricing
        rules:
          - id: pricing.track-prices
            when: "!has(price_index) && sessions_30d > 10"
            tip: {title: Connect your price feed, body: "Without it, pricing tips cannot see your prices.", actions: [Connect it]}
        """

    static func seller(_ extra: String) -> [UInt8] {
        Array("""
            {"seller": {"id": "S-1", "category": "home", "enrolled_on": "2026-11-01"}, "as_of": "2026-11-20",
             "signals": {"conversion_rate": 0.03, "sessions_30d": 500\(extra)}}
            """.utf8)
    }

    @Test func `a rule asking whether a signal is there fires when it is missing, instead of being skipped`() throws {
        let rs = try EngineFixture.ruleSet(adding: Self.tracker)
        let missing = try rs.evaluate(json: Self.seller(""))
        #expect(missing.tips.map(\.id).contains("pricing.track-prices"))
        #expect(!missing.skipped.contains { $0.id == "pricing.track-prices" })
        let null = try rs.evaluate(json: Self.seller(#", "price_index": null"#))
        #expect(null.tips.map(\.id).contains("pricing.track-prices"), "null is missing")
        let given = try rs.evaluate(json: Self.seller(#", "price_index": 1.1"#))
        #expect(!given.tips.map(\.id).contains("pricing.track-prices"))
    }

    @Test func `explain says what would change it, and lint counts the signal as used`() throws {
        let rs = try EngineFixture.ruleSet(adding: Self.tracker)
        let snapshot = try SnapshotReader(ruleSet: rs).read(json: Self.seller(""))
        let r = try #require(rs.explain(snapshot).rules.first { $0.id == "pricing.track-prices" })
        #expect(r.changes.first.map { "\($0.expression): \($0.text)" } == "has(price_index): price_index is missing; this changes when the snapshot gives it")
        #expect(!Linter(ruleSet: rs).run().contains { $0.code == "unused-signal" && $0.message.contains("'price_index'") })
    }

    @Test func `explain lists what a rule reads through its definitions, a guarded signal too`() throws {
        let rs = try EngineFixture.ruleSet(adding: """
            area: pricing
            define:
              price_part: "has(price_index) ? price_index * 2.0 : 0.0"
              score: double(sessions_30d) + price_part
            rules:
              - id: pricing.score
                when: score > 1.0
                tip: {title: T, body: B, actions: [A]}
            """)
        let given = try SnapshotReader(ruleSet: rs).read(json: Self.seller(#", "price_index": 1.5"#))
        let r = try #require(rs.explain(given).rules.first { $0.id == "pricing.score" })
        let reads = Dictionary(r.reads.map { ($0.name, $0.value) }, uniquingKeysWith: { a, _ in a })
        // score = sessions_30d + price_part, price_part = price_index * 2: every figure shown.
        #expect(reads["score"]??.number == 503)
        #expect(reads["price_part"]??.number == 3)
        #expect(reads["price_index"]??.number == 1.5, "a signal read behind has() is listed")
        #expect(reads["sessions_30d"]??.number == 500)
        let missing = try SnapshotReader(ruleSet: rs).read(json: Self.seller(""))
        let m = try #require(rs.explain(missing).rules.first { $0.id == "pricing.score" })
        #expect(m.reads.contains { $0.name == "price_index" && $0.value == nil }, "shown as missing")
    }

    @Test func `has() of a name nothing declares is an error with its position`() {
        let text = Self.tracker.replacingOccurrences(of: "has(price_index)", with: "has(price_indx)")
        do {
            _ = try EngineFixture.ruleSet(adding: text)
            Issue.record("loaded")
        } catch {
            let d = error.diagnostics.first { $0.message.contains("price_indx") }
            #expect(d?.message == "undeclared reference to 'price_indx'")
            #expect(d?.hint == "did you mean 'price_index'?")
            #expect(d?.location?.line == 4 && d?.location?.column == 17)
        }
    }

    /// A condition (and, through it, the rule) reading a signal only where its own `has()`
    /// guards the read is not skipped when the signal is missing; each row: the condition,
    /// whether the tip shows when `price_index` is missing, and when it is 1.3.
    static let guards: [(when: String, missing: Bool?, given: Bool?)] = [
        ("has(price_index) && price_index > 1.2", false, true),
        ("price_index > 1.2 && has(price_index)", false, true),          // && absorbs the error either side
        ("!has(price_index) || price_index > 1.2", true, true),
        ("(has(price_index) ? price_index : 1.0) > 1.2", false, true),
        ("(!has(price_index) ? 1.5 : price_index) > 1.2", true, true),
        ("has(price_index) && has(sessions_30d) && price_index > 1.2", false, true),
        // not guarded: the rule needs the value and is skipped (nil) when it is missing
        ("has(price_index) || price_index > 1.2", nil, true),
        ("price_index > 1.2", nil, true),
        ("has(sessions_30d) && price_index > 1.2", nil, true),
    ]

    @Test(arguments: guards.indices)
    func `a read guarded by the signal's own has() does not skip the rule`(_ row: Int) throws {
        let (when, missing, given) = Self.guards[row]
        let text = """
            area: pricing
            rules:
              - id: pricing.guarded
                when: "\(when)"
                tip: {title: Check your prices, body: "Prices.", actions: [Check them]}
            """
        let rs = try EngineFixture.ruleSet(adding: text)
        for (extra, expected) in [("", missing), (#", "price_index": 1.3"#, given)] {
            let r = try rs.evaluate(json: Self.seller(extra))
            let skipped = r.skipped.contains { $0.id == "pricing.guarded" }
            let shown = r.tips.map(\.id).contains("pricing.guarded")
            if let expected {
                #expect(!skipped && shown == expected, "\(when) with '\(extra)'")
            } else {
                #expect(skipped && !shown, "\(when) with '\(extra)' should be skipped")
            }
            #expect(!r.diagnostics.contains { $0.severity == .error }, "\(when): no rule error")
        }
    }

    @Test func `a text may read what the condition reads under a guard`() throws {
        let text = """
            area: pricing
            rules:
              - id: pricing.guarded
                when: has(price_index) && price_index > 1.2
                tip: {title: "Prices {{ percent(price_index - 1.0, 0) }} above market", body: "Prices.", actions: [Check them]}
            """
        let rs = try EngineFixture.ruleSet(adding: text)
        let r = try rs.evaluate(json: Self.seller(#", "price_index": 1.3"#))
        #expect(r.tips.first { $0.id == "pricing.guarded" }?.title == "Prices 30% above market")
    }
}
