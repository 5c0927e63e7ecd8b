// SellerStateHoldsTests.swift — the host's state against the other holds: a day's own
// deliveries stored and read again, a rule held back for two reasons, acknowledgements given
// twice on one day or at a lower severity, dates before enrolment.

import CoachEngine
import CoachRules
import CoachSource
import Foundation
import Testing

@Suite struct SellerStateHoldsTests {
    /// `service.both` (a tip and an escalation) with a cooldown, and a tip whose rule reads
    /// its history.
    static func ruleSet() throws -> RuleSet {
        try EngineFixture.ruleSet(adding: """
            area: service
            rules:
              - id: service.both
                when: violations >= 2
                cooldown: 7d
                tip: {title: Both, body: A tip and an escalation., actions: [Act]}
                escalate: {to: mentor, severity: medium, reason: Both}
              - id: service.first-time
                when: violations >= 2 && shown_count('service.both') == 0
                tip: {title: First time, body: Shown until the other was delivered once., actions: [Act]}
            """)
    }

    static func delivered(_ ids: [String], at day: String) -> String {
        "\"delivered\": [" + ids.map { "{\"id\": \"\($0)\", \"at\": \"\(day)\"}" }.joined(separator: ", ") + "]"
    }

    @Test func `a second evaluation the same day, the first one's changes stored, shows the same and lists nothing again`() throws {
        let rs = try Self.ruleSet()
        let first = try rs.evaluate(json: Array(SellerStateTests.seller("").utf8))
        #expect(first.tips.map(\.id).contains("service.both") && first.tips.map(\.id).contains("service.first-time"), "\(first.tips.map(\.id))")
        #expect(first.changes.delivered.contains("service.both") && first.changes.raised.contains("service.both"), "\(first.changes)")
        // The changes stored, dated as_of (day 15 of the fixture), and the seller evaluated again.
        let stored = Self.delivered(first.changes.delivered, at: "2026-11-16")
        let second = try rs.evaluate(json: Array(SellerStateTests.seller(stored).utf8))
        #expect(second.tips == first.tips)
        #expect(second.escalations == first.escalations)
        #expect(second.suppressed == first.suppressed)
        #expect(second.changes.delivered.isEmpty && second.changes.raised.isEmpty && second.changes.firstShown.isEmpty,
                "\(second.changes)")
        // The next day the deliveries count: the cooldown holds the rule back, the history counts one.
        let nextDay = try rs.evaluate(json: Array(SellerStateTests.seller(stored).replacingOccurrences(of: "\"as_of\": \"2026-11-16\"",
                                                                                                        with: "\"as_of\": \"2026-11-17\"").utf8))
        #expect(nextDay.suppressed.contains { $0.id == "service.both" && $0.reason == .cooldown })
        #expect(!nextDay.tips.map(\.id).contains("service.first-time"))
    }

    @Test func `explain names both holds when a dismissal holds the tip back and an acknowledgement the escalation`() throws {
        let rs = try SellerStateTests.tipAndEscalation()
        let json = SellerStateTests.seller(#""dismissed": [{"id": "listings.both", "at": "2026-11-14"}], "acknowledged": [{"id": "listings.both", "at": "2026-11-14"}]"#)
        let r = try rs.evaluate(json: Array(json.utf8))
        #expect(Set(r.suppressed.filter { $0.id == "listings.both" }.map(\.reason)) == [.dismissed, .acknowledged])
        let text = rs.explain(try SnapshotReader(ruleSet: rs).read(json: Array(json.utf8)), rule: "listings.both").text()
        #expect(text.contains("listings.both — HELD BACK (dismissed: dismissed on 2026-11-14 for 30 days; shown again from 2026-12-14; "
            + "its escalation is held back too (acknowledged: escalation acknowledged by mentor on 2026-11-14 at severity medium; "
            + "not raised again before 2026-12-14 unless it becomes more severe; this holds back the escalation, not a tip))"), "\(text)")
        // For tools, each part's hold as a field of the rule's JSON.
        let explanation = rs.explain(try SnapshotReader(ruleSet: rs).read(json: Array(json.utf8)), rule: "listings.both")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(explanation.jsonBytes())) as? [String: Any])
        let rule = try #require((object["rules"] as? [[String: Any]])?.first)
        #expect(Set(((rule["held_back"] as? [[String: Any]]) ?? []).compactMap { $0["reason"] as? String }) == ["dismissed", "acknowledged"], "\(rule)")
    }

    @Test func `a tip alone, snoozed and inhibited by name, is held back once, for the first reason`() throws {
        let rs = try EngineFixture.ruleSet(adding: """
            area: listings
            rules:
              - id: listings.tip
                when: violations >= 1
                tip: {title: Tip, body: A tip alone., actions: [Act]}
              - id: listings.boss
                when: violations >= 1
                escalate: {to: mentor, severity: high, reason: Boss}
                inhibits: [listings.tip]
            """)
        let r = try rs.evaluate(json: Array(SellerStateTests.seller(#""snoozed": [{"id": "listings.tip", "until": "2026-11-30"}]"#, violations: 1).utf8))
        #expect(r.suppressed.filter { $0.id == "listings.tip" }.map(\.reason) == [.snoozed])
    }

    @Test func `an escalation alone, acknowledged and inhibited by name, is held back once, acknowledged`() throws {
        let rs = try EngineFixture.ruleSet(adding: """
            area: listings
            rules:
              - id: listings.alone
                when: violations >= 1
                escalate: {to: mentor, severity: medium, reason: Alone}
              - id: listings.boss
                when: violations >= 1
                escalate: {to: mentor, severity: high, reason: Boss}
                inhibits: [listings.alone]
            """)
        let json = SellerStateTests.seller(#""acknowledged": [{"id": "listings.alone", "at": "2026-11-10"}]"#, violations: 1)
        let r = try rs.evaluate(json: Array(json.utf8))
        #expect(r.suppressed.filter { $0.id == "listings.alone" }.map(\.reason) == [.acknowledged])
        let explained = try #require(rs.explain(try SnapshotReader(ruleSet: rs).read(json: Array(json.utf8))).rules.first { $0.id == "listings.alone" })
        #expect(explained.outcome == .suppressed(.acknowledged, by: nil), "\(explained.outcome)")
    }

    @Test(arguments: [("2026-12-30", "2026-11-21"), ("2026-11-21", "2026-12-30")])
    func `two acknowledgements on one day decide the same whatever their order`(_ a: String, _ b: String) throws {
        let rs = try SellerStateTests.tipAndEscalation()
        let acks = "\"acknowledged\": [{\"id\": \"listings.both\", \"at\": \"2026-11-10\", \"until\": \"\(a)\"}, "
            + "{\"id\": \"listings.both\", \"at\": \"2026-11-10\", \"until\": \"\(b)\"}]"
        let r = try rs.evaluate(json: Array(SellerStateTests.seller(acks).utf8))
        // The one holding longer counts: the escalation stays held back on day 15 (2026-11-16).
        #expect(!r.escalations.contains { $0.id == "listings.both" })
        #expect(r.suppressed.first { $0.id == "listings.both" && $0.reason == .acknowledged }?.detail.contains("before 2026-12-30") == true)
    }

    @Test(arguments: [true, false])
    func `of one day's acknowledgements, one in force that covers the severity holds the escalation back`(_ lowFirst: Bool) throws {
        let rs = try SellerStateTests.tipAndEscalation()
        // A low one for the default 30 days, and a medium one until two days after as_of (2026-11-16).
        let low = #"{"id": "listings.both", "at": "2026-11-10", "severity": "low"}"#
        let medium = #"{"id": "listings.both", "at": "2026-11-10", "severity": "medium", "until": "2026-11-18"}"#
        let r = try rs.evaluate(json: Array(SellerStateTests.seller("\"acknowledged\": [" + (lowFirst ? low + ", " + medium : medium + ", " + low) + "]").utf8))
        #expect(!r.escalations.contains { $0.id == "listings.both" })
        #expect(r.suppressed.first { $0.reason == .acknowledged }?.detail.contains("at severity medium; not raised again before 2026-11-18") == true,
                "\(r.suppressed)")
    }

    @Test func `an acknowledgement at a lower severity gives way, and a note says so`() throws {
        let rs = try SellerStateTests.tipAndEscalation()
        let json = SellerStateTests.seller(#""acknowledged": [{"id": "listings.both", "at": "2026-11-10", "severity": "low"}]"#)
        let r = try rs.evaluate(json: Array(json.utf8))
        #expect(r.escalations.contains { $0.id == "listings.both" })
        #expect(r.diagnostics.contains {
            $0.severity == .note && $0.message == "escalation 'listings.both' was acknowledged by mentor on 2026-11-10 at severity low, which does not cover it now that it is medium"
        }, "\(r.diagnostics.map(\.message))")
    }

    @Test func `a tip dismissed before the seller enrolled is said, and counts as dated`() throws {
        let rs = try #require(EngineFixture.ruleSet)
        let json = SellerStateTests.seller(#""dismissed": [{"id": "listings.photos", "at": "2026-10-25"}], "done": [{"id": "first-order", "at": "2026-10-25"}]"#)
        let r = try rs.evaluate(json: Array(json.utf8))
        let said = r.diagnostics.filter { $0.code == "snapshot.state" }
        #expect(said.map(\.message) == ["'dismissed' names 'listings.photos' on 2026-10-25, before the seller enrolled (2026-11-01)"])
        #expect(r.suppressed.contains { $0.id == "listings.photos" && $0.reason == .dismissed })
    }

    @Test func `explain's JSON holds the result's warnings on the state`() throws {
        let rs = try #require(EngineFixture.ruleSet)
        let json = SellerStateTests.seller(#""dismissed": [{"id": "listings.photoz", "at": "2026-11-10"}]"#)
        let explanation = rs.explain(try SnapshotReader(ruleSet: rs).read(json: Array(json.utf8)), rule: "listings.photos")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(explanation.jsonBytes())) as? [String: Any])
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(diagnostics.contains { $0["code"] as? String == "snapshot.unknown-id" }, "\(diagnostics)")
    }
}
