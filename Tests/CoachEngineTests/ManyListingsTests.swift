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
}
