// ExplainOutcomesTests.swift — the outcomes-only explanation `coach test` runs its cases on
// gives the full explanation's recommendations, outcomes, condition traces and details, on
// every example (a seller state among them), without the reads and the notes of what would
// change each rule.

import CoachEngine
import CoachRules
import CoachTestSupport
import Foundation
import Testing

@Suite struct ExplainOutcomesTests {
    @Test func `outcomes only are the full explanation's, less the reads and the notes`() throws {
        let rs = try RuleSet.load(rules: TestPaths.inPackage("Rules").path, playbooks: TestPaths.inPackage("Playbooks").path)
        let folder = TestPaths.inPackage("Examples").path
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".json") }.sorted()
        #expect(names.count >= 10)
        var notes = 0, held = 0
        for name in names {
            let snapshot = try SnapshotReader(ruleSet: rs).read(path: folder + "/" + name)
            let full = rs.explain(snapshot), outcomes = rs.explainOutcomes(snapshot)
            #expect(outcomes.recommendations.json == full.recommendations.json, "\(name)")
            #expect(outcomes.rules.map(\.id) == full.rules.map(\.id), "\(name)")
            for (o, f) in zip(outcomes.rules, full.rules) {
                #expect(o.outcome == f.outcome && o.detail == f.detail, "\(name) \(f.id)")
                #expect(String(describing: o.condition) == String(describing: f.condition), "\(name) \(f.id)")
                #expect(o.reads.isEmpty && o.changes.isEmpty, "\(name) \(f.id)")
                notes += f.changes.count
                if f.detail != nil { held += 1 }
            }
        }
        // The full explanations had notes and details to leave out, or keep.
        #expect(notes > 100 && held > 0, "\(notes) notes, \(held) details")
    }
}
