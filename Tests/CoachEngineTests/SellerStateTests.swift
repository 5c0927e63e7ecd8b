// SellerStateTests.swift — the host's state in a snapshot: dismissed and snoozed tips,
// items marked done, acknowledged escalations; how long each holds, what it never hides,
// what explain says, and the documented example.

import CoachEngine
import CoachRules
import CoachSource
import CoachTestSupport
import Foundation
import Testing

@Suite struct SellerStateTests {
    /// Day 15 (as_of 2026-11-16): thin listings fire `listings.photos`, two violations fire
    /// the critical `escalate.violations` (which holds back the listings area's tips);
    /// `state` adds top-level members.
    /// The base fixture with `listings.both`: a rule with a tip and an escalation.
    static func tipAndEscalation() throws -> RuleSet {
        try EngineFixture.ruleSet(adding: """
            area: listings
            rules:
              - id: listings.both
                when: violations >= 2
                tip: {title: Both, body: A tip and an escalation., actions: [Act]}
                escalate: {to: mentor, severity: medium, reason: Both}
            """)
    }

    static func seller(_ state: String, violations: Int = 2) -> String {
        EngineFixture.json(signals: [
            "listings": "[" + (1...12).map { "{\"id\": \"L\($0)\", \"photos\": 2, \"quality\": 85}" }.joined(separator: ", ") + "]",
            "violations": "\(violations)",
        ], extra: state)
    }

    static let periods = """
        area: listings
        rules:
          - id: listings.own-period
            when: listings.size() > 5
            dismissal: 3d
            tip: {title: Own period, body: A rule's own dismissal period., actions: [Act]}
          - id: pricing.area-period
            area: pricing
            when: listings.size() > 5
            tip: {title: Area period, body: The area's dismissal period., actions: [Act]}
        """

    @Test func `a dismissed tip rests for its rule's period, else its area's, else the default`() throws {
        let rs = try EngineFixture.ruleSet(adding: Self.periods, manifestTail: "dismissals: {default: 20d, pricing: 10d}\n")
        #expect(rs.rule("listings.own-period")?.dismissalDays == 3)
        #expect(rs.rule("pricing.area-period")?.dismissalDays == 10)
        #expect(rs.rule("listings.photos")?.dismissalDays == 20)
        let all = ["listings.own-period", "pricing.area-period", "listings.photos"]
        let dismissed = all.map { "{\"id\": \"\($0)\", \"at\": \"2026-11-06\"}" }.joined(separator: ", ")
        // Ten days after the dismissal: the 3-day rest is over, the 10-day one just over, the 20-day one not.
        let r = try rs.evaluate(json: Array(Self.seller("\"dismissed\": [\(dismissed)]", violations: 0).utf8))
        #expect(r.tips.map(\.id).contains("listings.own-period"))
        #expect(r.tips.map(\.id).contains("pricing.area-period"))
        let held = try #require(r.suppressed.first { $0.id == "listings.photos" })
        #expect(held.reason == .dismissed)
        #expect(held.detail == "dismissed on 2026-11-06 for 20 days; shown again from 2026-11-26")
    }

    @Test func `a snoozed tip rests until its day and gives its place to the next tip`() throws {
        let rs = try #require(EngineFixture.ruleSet)
        let before = try rs.evaluate(json: Array(Self.seller("\"snoozed\": [{\"id\": \"listings.photos\", \"until\": \"2026-11-17\"}]", violations: 0).utf8))
        #expect(!before.tips.map(\.id).contains("listings.photos"))
        #expect(before.suppressed.first { $0.id == "listings.photos" }?.detail == "snoozed until 2026-11-17")
        let on = try rs.evaluate(json: Array(Self.seller("\"snoozed\": [{\"id\": \"listings.photos\", \"until\": \"2026-11-16\"}]", violations: 0).utf8))
        #expect(on.tips.map(\.id).contains("listings.photos"))
    }

    @Test func `a must-show tip is never held back by a dismissal, and a note says so`() throws {
        let rs = try EngineFixture.ruleSet(adding: """
            area: service
            rules:
              - id: service.health
                when: violations >= 1
                must_show: true
                tip: {title: Account health, body: Fix it., actions: [Act]}
            """)
        let snapshot = Array(Self.seller("\"dismissed\": [{\"id\": \"service.health\", \"at\": \"2026-11-15\"}]").utf8)
        let r = try rs.evaluate(json: snapshot)
        #expect(r.tips.first?.id == "service.health")
        #expect(r.diagnostics.contains { $0.code == "rule.must-show" && $0.message.contains("was dismissed on 2026-11-15") })
        // Explain, asked why it is shown, says so too.
        let explained = rs.explain(try SnapshotReader(ruleSet: rs).read(json: snapshot), rule: "service.health").rules.first
        #expect(explained?.outcome == .fired)
        #expect(explained?.detail?.hasPrefix("was dismissed on 2026-11-15") == true)
        #expect(explained?.detail?.hasSuffix("it is shown anyway") == true)
    }

    @Test func `an acknowledgement holds an escalation until it expires or the escalation becomes more severe`() throws {
        let rs = try #require(EngineFixture.ruleSet)
        func raised(_ ack: String) throws -> Bool {
            try rs.evaluate(json: Array(Self.seller("\"acknowledged\": [\(ack)]").utf8)).escalations.contains { $0.id == "escalate.violations" }
        }
        #expect(try !raised(#"{"id": "escalate.violations", "at": "2026-11-10"}"#))
        #expect(try !raised(#"{"id": "escalate.violations", "at": "2026-11-10", "severity": "critical", "route": "trust_and_safety"}"#))
        #expect(try raised(#"{"id": "escalate.violations", "at": "2026-11-10", "severity": "high"}"#), "critical is more severe than high")
        #expect(try raised(#"{"id": "escalate.violations", "at": "2026-10-10"}"#), "30 days have passed")
        #expect(try raised(#"{"id": "escalate.violations", "at": "2026-11-10", "until": "2026-11-16"}"#), "its own end has come")
        #expect(try raised(#"{"id": "escalate.violations", "at": "2026-11-10", "route": "mentor"}"#), "the mentor is not its route")
        // The latest acknowledgement counts.
        #expect(try raised(#"{"id": "escalate.violations", "at": "2026-11-12", "severity": "low"}, {"id": "escalate.violations", "at": "2026-11-10"}"#))
    }

    @Test func `an acknowledged escalation keeps its rule's tip, and explain says why it is not raised`() throws {
        let rs = try Self.tipAndEscalation()
        let json = Self.seller(#""acknowledged": [{"id": "listings.both", "at": "2026-11-14"}]"#)
        let r = try rs.evaluate(json: Array(json.utf8))
        #expect(r.tips.map(\.id).contains("listings.both"))
        #expect(!r.escalations.map(\.id).contains("listings.both"))
        let snapshot = try SnapshotReader(ruleSet: rs).read(json: Array(json.utf8))
        let text = rs.explain(snapshot).text()
        #expect(text.contains("listings.both — FIRED (escalation acknowledged by mentor on 2026-11-14 at severity medium; not raised again before 2026-12-14"))
    }

    @Test func `an acknowledgement that ends on or before its own day has no effect, and says so`() throws {
        let rs = try Self.tipAndEscalation()
        for until in ["2026-11-14", "2020-01-01"] {
            let json = Self.seller(#""acknowledged": [{"id": "listings.both", "at": "2026-11-14", "until": "\#(until)"}]"#)
            let r = try rs.evaluate(json: Array(json.utf8))
            #expect(r.escalations.map(\.id).contains("listings.both"), "raised: the acknowledgement never held")
            #expect(r.diagnostics.contains { $0.code == "snapshot.state" && $0.message.contains("until \(until), which is not after it") },
                    "\(r.diagnostics.map(\.message))")
        }
        let holding = Self.seller(#""acknowledged": [{"id": "listings.both", "at": "2026-11-14", "until": "2026-11-20"}]"#)
        #expect(!(try rs.evaluate(json: Array(holding.utf8))).escalations.map(\.id).contains("listings.both"))
    }

    @Test func `a progress that cannot be worked out is shown as none, and said`() throws {
        let rs = try EngineFixture.ruleSet(adding: "area: listings\nrules: []\n") { name, text in
            guard name == "Playbooks/plan.yaml" else { return text }
            let head = "  - phase: early\n    items:\n"
            return text.replacingOccurrences(of: head, with: head + """
                      - {id: qa-divided, title: Divided, done_when: "sessions_30d > 100000", progress: "double(1 / (sessions_30d - sessions_30d))"}
                      - {id: qa-nan, title: NaN, done_when: "sessions_30d > 100000", progress: "0.0 / 0.0"}
                      - {id: qa-fine, title: Fine, done_when: "sessions_30d > 100000", progress: "0.5"}
                      - {id: qa-over, title: Over, done_when: "sessions_30d > 100000", progress: "2.0"}
                      - {id: qa-done-low, title: Done, done_when: "sessions_30d > 0", progress: "0.25"}

                """)
        }
        let r = try rs.evaluate(json: Array(EngineFixture.json().utf8))
        for id in ["qa-divided", "qa-nan"] {
            let item = try #require(r.checklist.first { $0.id == id })
            #expect(item.progress == nil && item.status != .done)
            #expect(r.diagnostics.contains { $0.code == "item.error" && $0.message.hasPrefix("checklist item '\(id)': 'progress' could not be evaluated") },
                    "\(r.diagnostics.map(\.message))")
        }
        #expect(r.checklist.first { $0.id == "qa-fine" }?.progress == 0.5)
        #expect(!r.diagnostics.contains { $0.message.contains("'qa-fine'") })
        // Never 100% before it is done (the JSON writes three decimals); done is 100%.
        #expect(r.checklist.first { $0.id == "qa-over" }?.progress == 0.999)
        let doneLow = try #require(r.checklist.first { $0.id == "qa-done-low" })
        #expect(doneLow.status == .done && doneLow.progress == 1)
    }

    @Test func `an acknowledged escalation of a rule without a tip is held back in explain, as in the result`() throws {
        let rs = try EngineFixture.ruleSet(adding: """
            area: listings
            rules:
              - id: listings.alert
                when: violations >= 2
                escalate: {to: mentor, severity: medium, reason: Alert}
            """)
        let json = Self.seller(#""acknowledged": [{"id": "listings.alert", "at": "2026-11-14"}]"#)
        let snapshot = try SnapshotReader(ruleSet: rs).read(json: Array(json.utf8))
        let r = try rs.evaluate(json: Array(json.utf8))
        #expect(!r.escalations.map(\.id).contains("listings.alert") && r.suppressed.contains { $0.id == "listings.alert" && $0.reason == .acknowledged })
        let explained = try #require(rs.explain(snapshot).rules.first { $0.id == "listings.alert" })
        #expect(explained.outcome == .suppressed(.acknowledged, by: nil), "\(explained.outcome)")
    }

    @Test func `a dismissed tip whose escalation is raised is explained as fired, the tip's hold its detail`() throws {
        let rs = try Self.tipAndEscalation()
        let json = Self.seller(#""dismissed": [{"id": "listings.both", "at": "2026-11-14"}]"#)
        let r = try rs.evaluate(json: Array(json.utf8))
        #expect(!r.tips.map(\.id).contains("listings.both") && r.escalations.map(\.id).contains("listings.both"))
        let snapshot = try SnapshotReader(ruleSet: rs).read(json: Array(json.utf8))
        let explained = try #require(rs.explain(snapshot).rules.first { $0.id == "listings.both" })
        #expect(explained.outcome == .fired, "\(explained.outcome)")
        #expect(rs.explain(snapshot).text().contains(
            "listings.both — FIRED (its tip is held back (dismissed: dismissed on 2026-11-14 for 30 days; shown again from 2026-12-14); its escalation is raised)"))
    }

    @Test func `explain says when a dismissed tip was dismissed and for how long`() throws {
        let rs = try #require(EngineFixture.ruleSet)
        let json = Self.seller(#""dismissed": [{"id": "listings.photos", "at": "2026-11-02"}]"#)
        let text = rs.explain(try SnapshotReader(ruleSet: rs).read(json: Array(json.utf8))).text()
        #expect(text.contains("listings.photos — HELD BACK (dismissed: dismissed on 2026-11-02 for 30 days; shown again from 2026-12-02)"))
    }

    @Test func `the state example in docs/rule-format.md takes effect entirely against the shipped rules`() throws {
        let doc = try String(contentsOf: TestPaths.inPackage("docs/rule-format.md"), encoding: .utf8)
        let section = try #require(doc.components(separatedBy: "## Seller state").dropFirst().first)
        let blocks = section.components(separatedBy: "```json\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        let example = try #require(blocks.first)
        var snapshot = try #require(try JSONSerialization.jsonObject(with: Data(example.utf8)) as? [String: Any])
        let signals = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: TestPaths.inPackage("Examples/no-sale-day-25.json"))) as? [String: Any])
        snapshot["signals"] = signals["signals"]
        let rs = try RuleSet.load(rules: TestPaths.inPackage("Rules").path, playbooks: TestPaths.inPackage("Playbooks").path)
        let r = try rs.evaluate(json: Array(try JSONSerialization.data(withJSONObject: snapshot)))
        #expect(!r.diagnostics.contains { $0.code == "snapshot.state" || $0.code == "snapshot.unknown-key" }, "\(r.diagnostics.map(\.message))")
        #expect(r.checklist.first { $0.id == "first-sale" }?.markedDone == "2026-11-12")
        // The documented changes have the result's shape.
        let changes = try #require(blocks.dropFirst().first)
        let documented = try #require(try JSONSerialization.jsonObject(with: Data(("{" + changes + "}").utf8)) as? [String: [String: Any]])
        let result = try #require(try JSONSerialization.jsonObject(with: Data(r.jsonBytes())) as? [String: Any])
        #expect(Set(documented["changes"]?.keys ?? [:].keys) == Set((result["changes"] as? [String: Any] ?? [:]).keys))
    }
}

@Suite struct SellerStateEdgeTests {
    @Test func `a rule inhibited by id keeps its escalation held back when its tip was dismissed`() throws {
        let rs = try EngineFixture.ruleSet(adding: """
            area: listings
            rules:
              - id: listings.both
                when: violations >= 1
                tip: {title: Both, body: A tip and an escalation., actions: [Act]}
                escalate: {to: mentor, severity: medium, reason: Both}
              - id: listings.boss
                when: violations >= 1
                escalate: {to: mentor, severity: high, reason: Boss}
                inhibits: [listings.both]
            """)
        let json = SellerStateTests.seller(#""dismissed": [{"id": "listings.both", "at": "2026-11-15"}]"#, violations: 1)
        let r = try rs.evaluate(json: Array(json.utf8))
        #expect(!r.escalations.contains { $0.id == "listings.both" })
        #expect(r.suppressed.contains { $0.id == "listings.both" && $0.reason == .inhibited })
        #expect(r.suppressed.contains { $0.id == "listings.both" && $0.detail == "held back while 'listings.boss' fires" })
    }

    @Test func `an item marked done whose title lacks a value is shown done, without an error`() throws {
        // The base plan with first-order's title reading shop_name, which the snapshot lacks.
        let rs = try EngineFixture.ruleSet { _, text in
            text.replacingOccurrences(of: "title: Make your first sale", with: "title: \"Make your first sale for {{ shop_name }}\"")
        }
        let json = EngineFixture.json(removing: ["shop_name"], extra: #""done": [{"id": "first-order", "at": "2026-11-10"}]"#)
        let unmarked = try rs.evaluate(json: Array(EngineFixture.json(removing: ["shop_name"]).utf8))
        #expect(!unmarked.diagnostics.contains { $0.severity == .error && $0.code == "item.template" })
        let r = try rs.evaluate(json: Array(json.utf8))
        #expect(r.checklist.first { $0.id == "first-order" }?.status == .done)
        #expect(!r.diagnostics.contains { $0.severity == .error && $0.code == "item.template" })
    }

    @Test(arguments: ["1969", "1970", "0001"])
    func `an item marked done before 1970 is done, as one marked later is`(_ year: String) throws {
        // A day before 1970 counts below zero: it once stood for "not marked".
        let rs = try #require(EngineFixture.ruleSet)
        let json = EngineFixture.json(extra: #""done": [{"id": "first-order", "at": "2026-11-10"}]"#)
            .replacingOccurrences(of: "2026-11-", with: "\(year)-11-")
        let r = try rs.evaluate(json: Array(json.utf8))
        let item = try #require(r.checklist.first { $0.id == "first-order" })
        #expect(item.status == .done && item.markedDone == "\(year)-11-10", "\(item)")
    }
}
