// PriorityTests.swift — a priority that depends on the seller: `priority` written as an
// int expression ranks the rule for each seller, in tips, groups, limits and escalations.

import CoachEngine
import CoachRules
import CoachSource
import Testing

@Suite struct PriorityTests {
    static let urgent = """
        area: listings
        rules:
          - id: listings.urgent
            when: sessions_30d > 10
            priority: "sessions_30d > 100 ? 95 : 5"
            tip: {title: Urgent, body: B, actions: [A]}
        """

    /// Three thin, weak listings (listings.photos 80, listings.quality 60 and listings.more
    /// 40 fire; two tips of the area are shown) and `sessions` sessions.
    static func seller(sessions: Int) -> [UInt8] {
        let listings = (1...3).map { "{\"id\": \"L\($0)\", \"photos\": 2, \"quality\": 50}" }.joined(separator: ", ")
        return Array("""
            {"seller": {"id": "S-1", "category": "home", "enrolled_on": "2026-11-01"}, "as_of": "2026-11-20",
             "signals": {"conversion_rate": 0.03, "sessions_30d": \(sessions), "listings": [\(listings)]}}
            """.utf8)
    }

    @Test func `the priority is worked out per seller, and ranks the tip among the others`() throws {
        let rs = try EngineFixture.ruleSet(adding: Self.urgent)
        let busy = try rs.evaluate(json: Self.seller(sessions: 500))
        #expect(busy.tips.map(\.id) == ["listings.urgent", "listings.photos"])
        #expect(busy.tips.first?.priority == 95)
        let quiet = try rs.evaluate(json: Self.seller(sessions: 50))
        #expect(quiet.tips.map(\.id) == ["listings.photos", "listings.quality"])
        #expect(quiet.suppressed.contains { $0.id == "listings.urgent" && $0.reason == .limit })
    }

    /// The ranks are sorted again only for a seller whose priority differs from the written
    /// one: an evaluator reused from seller to seller (as `coach batch` reuses it) must rank
    /// each by its own, after a seller whose differed and after one whose did not.
    @Test func `an evaluator reused from seller to seller ranks each by its own priorities`() throws {
        let rs = try EngineFixture.ruleSet(adding: Self.urgent)
        let evaluator = Evaluator(ruleSet: rs)
        let reader = SnapshotReader(ruleSet: rs)
        var seen = Set<[String]>()
        for sessions in [500, 50, 5, 500, 5, 50, 500, 500, 5] {
            let snapshot = try reader.read(json: Self.seller(sessions: sessions))
            let reused = evaluator.evaluate(snapshot)
            #expect(reused == Evaluator(ruleSet: rs).evaluate(snapshot), "\(sessions) sessions")
            seen.insert(reused.tips.map(\.id))
        }
        #expect(seen.count >= 2)
    }

    /// A priority computed outside 0–100 for a seller (a literal one is a load error, below).
    @Test func `a priority outside 0–100 fails the rule, saying so`() throws {
        let rs = try EngineFixture.ruleSet(adding: Self.urgent.replacingOccurrences(of: "? 95 : 5", with: "? 60 * 2 : 5"))
        let r = try rs.evaluate(json: Self.seller(sessions: 500))
        #expect(!r.tips.contains { $0.id == "listings.urgent" })
        let error = r.diagnostics.first { $0.code == "rule.error" }
        #expect(error?.message == "rule 'listings.urgent' could not be evaluated: its priority is 120, outside 0–100")
        // At the priority's expression (line 5, after `priority: "`), not at the rule.
        #expect(error?.location.map { [$0.line, $0.column] } == [5, 16])
    }

    /// A branch written as a number outside 0–100 would fail every seller it is chosen for.
    @Test func `a priority expression's branch outside 0–100 is a load error at the number`() {
        do {
            _ = try EngineFixture.ruleSet(adding: Self.urgent.replacingOccurrences(of: "? 95 : 5", with: "? 120 : -5"))
            Issue.record("loaded")
        } catch {
            let said = error.diagnostics.filter { $0.code == "rules.range" }.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.message)" }
            #expect(said.count == 2 && said[0].hasSuffix("priority 120 is outside 0–100") && said[1].hasSuffix("priority -5 is outside 0–100"), "\(said)")
        }
    }

    @Test func `a priority expression must give a whole number`() {
        do {
            _ = try EngineFixture.ruleSet(adding: Self.urgent.replacingOccurrences(of: "? 95 : 5", with: "? 95.5 : 5.0"))
            Issue.record("loaded")
        } catch {
            let d = error.diagnostics.first { $0.code == "rules.not-number" }
            #expect(d?.message == "'priority' must be a whole number from 0 to 100, but this expression gives double")
            #expect(d?.location?.line == 5)
        }
    }
}
