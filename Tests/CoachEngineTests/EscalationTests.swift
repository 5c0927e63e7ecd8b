// EscalationTests.swift — what an escalation carries besides its reason (a second route, a
// notice for the seller, talking points for the mentor) and the manifest's default cooldown.

import CoachEngine
import CoachRules
import CoachSource
import CoachTestSupport
import Foundation
import Testing

@Suite struct EscalationTests {
    static let review = """
        area: policy
        rules:
          - id: policy.review
            when: violations >= 1
            escalate:
              to: trust_and_safety
              also: mentor
              severity: high
              reason: "{{ violations }} violations"
              notice: "Trust & Safety is reviewing your shop; keep selling as usual"
              talking_points:
                - "Ask what happened with the {{ violations }} flagged listings"
                - Walk through the policy page together
        """

    static func seller(violations: Int, delivered: String = "[]") -> [UInt8] {
        Array("""
            {"seller": {"id": "S-1", "category": "home", "enrolled_on": "2026-11-01"}, "as_of": "2026-11-20",
             "signals": {"conversion_rate": 0.03, "sessions_30d": 500, "violations": \(violations)}, "delivered": \(delivered)}
            """.utf8)
    }

    @Test func `an escalation carries its second route, the seller's notice and the mentor's talking points`() throws {
        let rs = try EngineFixture.ruleSet(adding: Self.review)
        let r = try rs.evaluate(json: Self.seller(violations: 2))
        let e = try #require(r.escalations.first { $0.id == "policy.review" })
        #expect(e.to == "trust_and_safety" && e.also == "mentor")
        #expect(e.notice == "Trust & Safety is reviewing your shop; keep selling as usual")
        #expect(e.talkingPoints == ["Ask what happened with the 2 flagged listings", "Walk through the policy page together"])
        let text = r.text(color: false)
        #expect(text.contains("to trust_and_safety (and mentor): 2 violations"))
        #expect(text.contains("the seller is told: Trust & Safety is reviewing your shop; keep selling as usual"))
        #expect(text.contains("     - Walk through the policy page together"))
        let json = String(decoding: r.jsonBytes(), as: UTF8.self)
        #expect(json.contains("\"also\": \"mentor\""))
        #expect(json.contains("\"talking_points\": [\n        \"Ask what happened with the 2 flagged listings\","))
    }

    @Test func `the manifest's escalation cooldown rests a rule that escalates and has none of its own`() throws {
        let rs = try EngineFixture.ruleSet(adding: Self.review, manifestTail: "escalations: {cooldown: 7d}\n")
        #expect(rs.rule("policy.review")?.cooldownDays == 7)
        #expect(rs.rule("listings.photos")?.cooldownDays == 7, "its own cooldown")
        #expect(rs.rule("listings.quality")?.cooldownDays == nil, "a tip without a cooldown gets none")
        let recent = try rs.evaluate(json: Self.seller(violations: 2, delivered: #"[{"id": "policy.review", "at": "2026-11-15"}]"#))
        #expect(!recent.escalations.contains { $0.id == "policy.review" })
        #expect(recent.suppressed.contains { $0.id == "policy.review" && $0.reason == .cooldown })
        let longAgo = try rs.evaluate(json: Self.seller(violations: 2, delivered: #"[{"id": "policy.review", "at": "2026-11-10"}]"#))
        #expect(longAgo.escalations.contains { $0.id == "policy.review" })
    }

    @Test(arguments: [
        ("also: trust_and_safety", "'also' names 'trust_and_safety', the route the escalation goes to already", "name another route, or remove 'also'"),
        ("also: mentr", "unknown route 'mentr'", "did you mean 'mentor'?"),
    ])
    func `a second route must be another route of the manifest`(_ c: (String, String, String)) {
        let text = Self.review.replacingOccurrences(of: "also: mentor", with: c.0)
        do {
            _ = try EngineFixture.ruleSet(adding: text)
            Issue.record("loaded")
        } catch {
            let d = error.diagnostics.first { $0.code == "rules.unknown-route" }
            #expect(d?.message == c.1)
            #expect(d?.hint == c.2)
            #expect(d?.location?.line == 7)
        }
    }
}
