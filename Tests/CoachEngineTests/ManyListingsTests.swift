// ManyListingsTests.swift — the shipped rules over a seller with thousands of listings: the
// definitions that pick "the most-viewed of" a list (a filter by the max of the same list)
// cost the list's length, not its square, so the tips that name those listings are written,
// with no cost-budget error, and name the right one.

import CoachEngine
import CoachRules
import CoachTestSupport
import Foundation
import Testing

@Suite struct ManyListingsTests {
    /// An example seller with `count` listings, each short of photos and never sold; views
    /// rise with the index, so the last listing is the most viewed.
    static func seller(listings count: Int) throws -> [UInt8] {
        let path = TestPaths.inPackage("Examples").appendingPathComponent("slipping-day-58.json").path
        let data = try #require(FileManager.default.contents(atPath: path))
        var snapshot = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var signals = try #require(snapshot["signals"] as? [String: Any])
        signals["listings"] = (0..<count).map { i -> [String: Any] in
            ["id": "L-\(i)", "title": "Listing \(i)", "title_length": 45, "photos": 2, "has_description": true,
             "quality_score": 60, "price_index": 1.0, "views_30d": 100 + i, "orders_30d": 0, "returns_30d": 0,
             "stock": 5, "days_since_update": 3]
        }
        snapshot["signals"] = signals
        return Array(try JSONSerialization.data(withJSONObject: snapshot))
    }

    @Test(arguments: [1_500, 5_000])
    func `the most-viewed listing short of photos is named among thousands`(_ count: Int) throws {
        let rs = try RuleSet.load(rules: TestPaths.inPackage("Rules").path, playbooks: TestPaths.inPackage("Playbooks").path)
        let snapshot = try SnapshotReader(ruleSet: rs).read(json: try Self.seller(listings: count))
        let result = rs.evaluate(snapshot)
        #expect(!result.diagnostics.contains { $0.message.contains("cost budget") }, "\(result.diagnostics.map(\.message))")
        let tip = try #require(result.tips.first { $0.id == "listing.missing-photos" })
        #expect(tip.body.contains("Start with “Listing \(count - 1)”, the most-viewed"), "\(tip.body)")
    }

    @Test func `the shipped rules stay well within a seller's evaluation budget at the most listings a snapshot holds`() throws {
        let rs = try RuleSet.load(rules: TestPaths.inPackage("Rules").path, playbooks: TestPaths.inPackage("Playbooks").path)
        let snapshot = try SnapshotReader(ruleSet: rs).read(json: try Self.seller(listings: 10_000))
        let result = rs.evaluate(snapshot)
        #expect(!result.diagnostics.contains { $0.message.contains("cost budget") }, "\(result.diagnostics.map(\.message))")
    }

    @Test func `a seller's evaluation stops spending at its budget over all its expressions, and the next seller starts afresh`() throws {
        // Ten rules, each a comprehension over the fixture's 12 listings (12 units or so each).
        let rules = (0..<10).map { n in
            "  - id: spend.r\(n)\n    when: listings.filter(l, l.photos > \(n)).size() >= 0\n    tip: {title: T, body: B, actions: [A]}\n"
        }.joined()
        let rs = try EngineFixture.ruleSet(adding: "area: listings\nrules:\n" + rules)
        let evaluator = Evaluator(ruleSet: rs)
        evaluator.evaluationBudget = 60
        let snapshot = { try SnapshotReader(ruleSet: rs).read(json: Array(EngineFixture.json().utf8)) }
        for _ in 0..<2 {  // the same for the next seller: the budget is per seller
            let r = evaluator.evaluate(try snapshot())
            // The first rules run within it; the later ones (in the evaluation's order) find it spent.
            let failed = r.diagnostics.filter { $0.message.hasPrefix("rule 'spend.")
                && $0.message.hasSuffix("the evaluation of this seller ran out of its cost budget of 60 over all its expressions") }
            #expect(!failed.isEmpty && failed.count < 10, "\(r.diagnostics.map(\.message))")
            #expect(!r.diagnostics.contains { $0.message.hasPrefix("rule 'spend.r0'") })
            #expect(r.diagnostics.allSatisfy { !$0.message.contains("evaluation cost budget of") }, "no rule's own budget ran out")
        }
        // With the default budget nothing runs out.
        let whole = Evaluator(ruleSet: rs).evaluate(try snapshot())
        #expect(!whole.diagnostics.contains { $0.message.contains("cost budget") })
    }
}
