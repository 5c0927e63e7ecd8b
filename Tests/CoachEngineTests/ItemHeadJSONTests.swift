// ItemHeadJSONTests.swift — a checklist entry's first members (id, playbook, phase, and a
// title the same for every seller) are copied from text made once per rule set; an entry a
// library user changed before writing it is written with the user's values, and the JSON
// parses back to the values the entries hold, compact and indented.

import CoachEngine
import CoachRules
import CoachTestSupport
import Foundation
import Testing

@Suite struct ItemHeadJSONTests {
    static func result() throws -> Recommendations {
        let rs = try RuleSet.load(rules: TestPaths.inPackage("Rules").path, playbooks: TestPaths.inPackage("Playbooks").path)
        let snapshot = try SnapshotReader(ruleSet: rs).read(path: TestPaths.inPackage("Examples/high-potential-day-66.json").path)
        return Evaluator(ruleSet: rs).evaluate(snapshot)
    }

    /// The checklist entries of the written JSON, as (id, playbook, phase, title).
    static func written(_ r: Recommendations, indent: Int?) throws -> [[String]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.jsonBytes(indent: indent))) as? [String: Any])
        let checklist = try #require(object["checklist"] as? [[String: Any]])
        return checklist.map { e in ["id", "playbook", "phase", "title"].map { e[$0] as? String ?? "?" } }
    }

    @Test("the copied members are the entries' own, and a changed entry is written as changed", arguments: [nil, 2] as [Int?])
    func changedEntries(_ indent: Int?) throws {
        var r = try Self.result()
        #expect(r.checklist.count >= 5)
        let expected = { (r: Recommendations) in r.checklist.map { [$0.id, $0.playbook, $0.phase, $0.title] } }
        #expect(try Self.written(r, indent: indent) == expected(r))
        r.checklist[0].id = "changed-id"
        r.checklist[1].playbook = "changed-playbook"
        r.checklist[2].phase = "changed-phase"
        r.checklist[3].title = "A changed title"
        r.checklist[4].title = "K\u{212A}"  // the Kelvin sign: equal to "KK" by ==, not by bytes
        #expect(try Self.written(r, indent: indent) == expected(r))
    }
}
