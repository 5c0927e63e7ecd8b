// HistoryTests.swift — `shown_count` and `days_since_shown` in conditions and texts: a
// ladder that escalates a tip shown three times, deliveries after as_of not counted, and
// ids checked when the rule set loads.

import CoachEngine
import CoachRules
import CoachSource
import CoachTestSupport
import Foundation
import Testing

@Suite struct HistoryTests {
    static let ladder = """
        area: listings
        rules:
          - id: listings.ladder
            when: shown_count('listings.more') >= 3 && listings.size() < 10
            escalate:
              to: mentor
              severity: medium
              reason: "'Publish more listings' shown {{ shown_count('listings.more') }} times, last {{ days_since_shown('listings.more') }} days ago"
        """

    /// A seller with 4 listings (so `listings.more` fires) and `delivered` as given.
    static func seller(delivered: [(String, String)], asOf: String = "2026-11-20") -> [UInt8] {
        let listings = (1...4).map { "{\"id\": \"L\($0)\", \"photos\": 6, \"quality\": 85}" }.joined(separator: ", ")
        let history = delivered.map { "{\"id\": \"\($0.0)\", \"at\": \"\($0.1)\"}" }.joined(separator: ", ")
        return Array("""
            {"seller": {"id": "S-1", "category": "home", "enrolled_on": "2026-11-01"}, "as_of": "\(asOf)",
             "signals": {"conversion_rate": 0.03, "sessions_30d": 500, "orders_30d": 15, "listings": [\(listings)]},
             "delivered": [\(history)]}
            """.utf8)
    }

    @Test func `a tip shown three times escalates, with the count and the days in its reason`() throws {
        let rs = try EngineFixture.ruleSet(adding: Self.ladder)
        let three = try rs.evaluate(json: Self.seller(delivered: [("listings.more", "2026-11-01"), ("listings.more", "2026-11-08"), ("listings.more", "2026-11-15")]))
        #expect(three.escalations.map(\.id) == ["listings.ladder"])
        #expect(three.escalations.first?.reason == "'Publish more listings' shown 3 times, last 5 days ago")
        let two = try rs.evaluate(json: Self.seller(delivered: [("listings.more", "2026-11-01"), ("listings.more", "2026-11-08")]))
        #expect(two.escalations.isEmpty)
    }

    @Test func `explain treats the history as the seller's, and says what would change the rule`() throws {
        let rs = try EngineFixture.ruleSet(adding: Self.ladder)
        let snapshot = try SnapshotReader(ruleSet: rs).read(json: Self.seller(delivered: [("listings.more", "2026-11-01"), ("listings.more", "2026-11-10")]))
        let r = try #require(rs.explain(snapshot).rules.first { $0.id == "listings.ladder" })
        #expect(r.changes.map { "\($0.expression): \($0.text)" }.first == "shown_count('listings.more') >= 3: would fire when shown_count('listings.more') ≥ 3")
    }

    @Test func `deliveries after as_of do not count`() throws {
        let rs = try EngineFixture.ruleSet(adding: Self.ladder)
        let r = try rs.evaluate(json: Self.seller(delivered: [("listings.more", "2026-11-01"), ("listings.more", "2026-11-08"), ("listings.more", "2026-11-25")]))
        #expect(r.escalations.isEmpty)
    }

    @Test func `days since a rule never shown is an error a guard absorbs`() throws {
        let guarded = try EngineFixture.ruleSet(adding: """
            area: listings
            rules:
              - id: listings.quiet
                when: shown_count('listings.more') > 0 && days_since_shown('listings.more') >= 7
                escalate: {to: mentor, severity: low, reason: R}
              - id: listings.unguarded
                when: days_since_shown('listings.more') >= 7
                escalate: {to: mentor, severity: low, reason: R}
            """)
        let never = try guarded.evaluate(json: Self.seller(delivered: []))
        #expect(never.escalations.isEmpty)
        let failure = never.diagnostics.first { $0.code == "rule.error" }
        #expect(failure?.message.contains("'listings.more' was never delivered to this seller; guard with shown_count('listings.more') > 0") == true)
        #expect(failure?.message.contains("listings.unguarded") == true)
        let long = try guarded.evaluate(json: Self.seller(delivered: [("listings.more", "2026-11-02")]))
        #expect(long.escalations.map(\.id) == ["listings.quiet", "listings.unguarded"])
    }

    @Test(arguments: [
        ("shown_count('listings.mor') > 2", "shown_count() names 'listings.mor', which is not a rule of this rule set", "did you mean 'listings.more'?"),
        ("shown_count(shop_name) > 2", "shown_count() needs a rule id written as text, such as shown_count('listing.no-sale-yet')",
         "the id is checked when the rule set loads, so it cannot be computed"),
        // A computed id: the caret at its start, not at its operator.
        ("shown_count('listings.' + 'more') > 2", "shown_count() needs a rule id written as text, such as shown_count('listing.no-sale-yet')",
         "the id is checked when the rule set loads, so it cannot be computed"),
        ("shown_count(seller.id) > 2", "shown_count() needs a rule id written as text, such as shown_count('listing.no-sale-yet')",
         "the id is checked when the rule set loads, so it cannot be computed"),
        ("marked_done('first-ordr')", "marked_done() names 'first-ordr', which is not a checklist item of this rule set", "did you mean 'first-order'?"),
        ("marked_done(shop_name)", "marked_done() needs a checklist item's id written as text, such as marked_done('first-sale')",
         "the id is checked when the rule set loads, so it cannot be computed"),
    ])
    func `a history function must name a rule of the set, in text`(_ c: (String, String, String)) {
        let text = "area: listings\nrules:\n  - id: listings.x\n    when: \"\(c.0)\"\n    escalate: {to: mentor, severity: low, reason: R}\n"
        do {
            _ = try EngineFixture.ruleSet(adding: text)
            Issue.record("loaded")
        } catch {
            let d = error.diagnostics.first { $0.code == "rules.history-id" }
            #expect(d?.message == c.1)
            #expect(d?.hint == c.2)
            #expect(d?.location?.line == 4)
            #expect(d?.location?.column == 24)
        }
    }

    /// A fallback's texts and a playbook's condition are expressions like the others: their
    /// ids are checked, and a history they ask for is built.
    @Test func `a history function in a fallback text or a playbook's condition is checked, and its history built`() throws {
        let fallback = """
            area: listings
            rules:
              - id: listings.x
                when: listings.size() < 10
                escalate:
                  to: mentor
                  severity: low
                  reason: "{{ shop_name }} has few listings"
                  fallback:
                    reason: "Few listings, raised {{ shown_count('listings.mor') }} times"
            """
        func playbook(_ condition: String) -> (String, String) -> String {
            { name, text in name == "Playbooks/plan.yaml" ? text.replacingOccurrences(of: "title: Thirty days\n", with: "title: Thirty days\napplies_when: \"\(condition)\"\n") : text }
        }
        for (extra, edit, line) in [(fallback, playbook("true"), 10), (Self.ladder, playbook("shown_count('listings.mor') == 0"), 3)] {
            do {
                _ = try EngineFixture.ruleSet(adding: extra, editing: edit)
                Issue.record("loaded")
            } catch {
                let d = error.diagnostics.first { $0.code == "rules.history-id" }
                #expect(d?.message == "shown_count() names 'listings.mor', which is not a rule of this rule set")
                #expect(d?.location?.line == line)
            }
        }
        // Asked only by the playbook: the history is built, and the playbook goes once the tip was shown.
        let rs = try EngineFixture.ruleSet(adding: "", editing: playbook("shown_count('listings.more') == 0"))
        #expect(rs.usesHistory)
        #expect(try !rs.evaluate(json: Self.seller(delivered: [])).checklist.isEmpty)
        #expect(try rs.evaluate(json: Self.seller(delivered: [("listings.more", "2026-11-01")])).checklist.isEmpty)
    }

    @Test func `docs/rule-format.md shows the ladder these tests run`() throws {
        let doc = try String(contentsOf: TestPaths.inPackage("docs/rule-format.md"), encoding: .utf8)
        #expect(doc.contains("```yaml\n" + Self.ladder + "\n```"))
    }

    @Test func `a rule set that does not ask for history builds none`() throws {
        let rs = try #require(EngineFixture.ruleSet)
        #expect(!rs.usesHistory)
        #expect(try EngineFixture.ruleSet(adding: Self.ladder).usesHistory)
    }

    @Test func `marked_done reads the host's marks, on or before as_of, so a tip stops asking for what was marked done`() throws {
        let rs = try EngineFixture.ruleSet(adding: """
            area: listings
            rules:
              - id: listings.make-a-sale
                when: "!marked_done('first-order')"
                tip: {title: Make your first sale, body: Until the host marks it done., actions: [Act]}
            """)
        let shown = { (state: String) throws -> Bool in
            try rs.evaluate(json: Array(EngineFixture.json(extra: state).utf8)).tips.contains { $0.id == "listings.make-a-sale" }
        }
        #expect(try shown(""))
        #expect(try !shown(#""done": [{"id": "first-order", "at": "2026-11-16"}]"#))  // today's mark counts
        #expect(try !shown(#""done": [{"id": "first-order", "at": "2026-11-02"}]"#))
        #expect(try shown(#""done": [{"id": "ten-orders", "at": "2026-11-02"}]"#))
        #expect(try shown(#""done": [{"id": "first-order", "at": "2026-11-20"}]"#))  // after as_of: no effect (said)
    }

    @Test func `marked_done of a standard is refused at load: a mark on it is not read`() throws {
        let extra = "area: customer_service\nrules:\n  - id: service.x\n    when: \"!marked_done('reply-within-target')\"\n"
            + "    tip: {title: T, body: B, actions: [A]}\n"
        let texts = try EngineTests.shippedTexts() + [("Rules/zz-extra.yaml", extra)]
        do {
            _ = try RuleSetLoader.load(texts: texts)
            Issue.record("loaded")
        } catch {
            #expect(error.diagnostics.map(\.message).contains(
                "marked_done() names 'reply-within-target', a standard: its status follows its done_when, and a mark on it is not read"),
                "\(error.diagnostics.map(\.message))")
        }
    }

    /// Short histories are answered by a scan, long ones from tables made once
    /// (``DeliveryHistory/scanned``): both answer as counting the deliveries before as_of
    /// does (one on as_of is that day's own), at the edge between them too.
    @Test(arguments: [0, 3, DeliveryHistory.scanned, DeliveryHistory.scanned + 1, 100])
    func `a history answers the same whether scanned or tabled`(_ length: Int) {
        let ids = ["a", "b", "c", "never"]
        // Days from 1 to 40, some after as_of (30); ids in a fixed, uneven pattern.
        let deliveries: [(id: String, day: Int)] = (0..<length).map { k in
            let pick: Int = (k * k + k / 3) % 3
            return (id: ids[pick], day: 1 + (k * 7) % 40)
        }
        let history = DeliveryHistory(deliveries, asOf: 30)
        for id in ids {
            let counted = deliveries.filter { $0.id == id && $0.day < 30 }
            #expect(history.count(id) == counted.count, "\(id) of \(length)")
            #expect(history.lastDay(id) == counted.map { $0.day }.max(), "\(id) of \(length)")
        }
        #expect(length < 10 || history.count("a") > 0)  // the pattern reaches the ids asked about
    }
}
