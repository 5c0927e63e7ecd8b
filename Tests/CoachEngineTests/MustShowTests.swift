// MustShowTests.swift — `must_show: true`: a tip no limit, group or inhibition can hold
// back (an account-health problem a photo tip must never hide); its cooldown still can.

import CoachEngine
import CoachRules
import CoachSource
import Testing

@Suite struct MustShowTests {
    static let health = """
        area: listings
        rules:
          - id: listings.account-health
            when: sessions_30d > 10
            priority: 5
            must_show: true
            tip: {title: Late shipments are past the limit, body: B, actions: [A]}
        """

    /// Three thin, weak listings: listings.photos, listings.quality and listings.more fire,
    /// three tips of one area where two are allowed.
    static func seller(delivered: String = "[]") -> [UInt8] {
        let listings = (1...3).map { "{\"id\": \"L\($0)\", \"photos\": 2, \"quality\": 50}" }.joined(separator: ", ")
        return Array("""
            {"seller": {"id": "S-1", "category": "home", "enrolled_on": "2026-11-01"}, "as_of": "2026-11-20",
             "signals": {"conversion_rate": 0.03, "sessions_30d": 500, "listings": [\(listings)]}, "delivered": \(delivered)}
            """.utf8)
    }

    @Test func `a must-show tip is shown first, past the area limit, and leaves fewer places for the rest`() throws {
        let control = try EngineFixture.ruleSet(adding: Self.health.replacingOccurrences(of: "    must_show: true\n", with: ""))
        let without = try control.evaluate(json: Self.seller())
        #expect(!without.tips.contains { $0.id == "listings.account-health" }, "priority 5 loses to the area limit")
        let rs = try EngineFixture.ruleSet(adding: Self.health)
        let r = try rs.evaluate(json: Self.seller())
        #expect(r.tips.map(\.id) == ["listings.account-health", "listings.photos"])
        #expect(r.suppressed.filter { $0.reason == .limit }.map(\.id) == ["listings.more", "listings.quality"])
    }

    @Test func `neither an inhibition nor a group holds it back, but its cooldown does`() throws {
        let rs = try EngineFixture.ruleSet(adding: Self.health.replacingOccurrences(of: "    priority: 5\n", with: "    priority: 5\n    group: listings.all\n") + """

              - id: listings.hush
                when: sessions_30d > 10
                priority: 90
                group: listings.all
                inhibits: [listings]
                escalate: {to: mentor, severity: low, reason: R}
            """)
        let r = try rs.evaluate(json: Self.seller())
        #expect(r.tips.map(\.id) == ["listings.account-health"])
        #expect(r.suppressed.contains { $0.id == "listings.photos" && $0.reason == .inhibited })
        let cooled = try EngineFixture.ruleSet(adding: Self.health.replacingOccurrences(of: "    priority: 5\n", with: "    priority: 5\n    cooldown: 7d\n"))
        let rested = try cooled.evaluate(json: Self.seller(delivered: #"[{"id": "listings.account-health", "at": "2026-11-18"}]"#))
        #expect(rested.suppressed.contains { $0.id == "listings.account-health" && $0.reason == .cooldown })
    }

    @Test func `must_show needs a tip`() {
        let text = "area: listings\nrules:\n  - id: listings.x\n    when: sessions_30d > 1\n    must_show: true\n    escalate: {to: mentor, severity: low, reason: R}\n"
        do {
            _ = try EngineFixture.ruleSet(adding: text)
            Issue.record("loaded")
        } catch {
            let d = error.diagnostics.first { $0.code == "rules.must-show" }
            #expect(d?.message == "rule 'listings.x' says 'must_show: true' but has no tip to show")
            #expect(d?.location?.line == 5)
        }
    }
}
