// EvaluationPlanSharingTests.swift — the evaluators of one rule set share one evaluation plan,
// made once, whichever thread makes the first; the plan kept with the rule set does not keep
// it alive; and an evaluator made after others gives the results a fresh rule set gives.

@_spi(Streaming) import CoachJSON
import CoachRules
import CoachSource
import CoachTestSupport
import Dispatch
import Foundation
import Testing
@testable import CoachEngine

@Suite struct EvaluationPlanSharingTests {
    static func load() throws -> RuleSet {
        try RuleSet.load(rules: TestPaths.inPackage("Rules").path, playbooks: TestPaths.inPackage("Playbooks").path)
    }

    /// The plan's first tip layout, as an address: the same object when the plan is shared.
    static func firstLayout(_ e: Evaluator) -> ObjectIdentifier? {
        e.plan.tipJSON.lazy.compactMap { $0 }.first.map(ObjectIdentifier.init)
    }

    @Test func `evaluators made on many threads at once share one plan`() throws {
        let rs = try Self.load()
        let made = Locked<[ObjectIdentifier?]>([])
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let layout = Self.firstLayout(Evaluator(ruleSet: rs))
            made.withLock { $0.append(layout) }
        }
        let layouts = made.withLock { $0 }
        #expect(layouts.count == 8 && layouts.allSatisfy { $0 != nil })
        #expect(Set(layouts).count == 1)
        // Another rule set, loaded from the same files, has a plan of its own.
        #expect(Self.firstLayout(Evaluator(ruleSet: try Self.load())) != layouts.first ?? nil)
    }

    @Test func `a rule set whose plan was made is freed when its last user lets go`() throws {
        weak var gone: RuleSet?
        try {
            let rs = try Self.load()
            gone = rs
            let snapshot = try SnapshotReader(ruleSet: rs).read(json: Array(EngineFixture.json().utf8))
            _ = Evaluator(ruleSet: rs).evaluate(snapshot)
            #expect(rs.derived.withLock { $0 != nil })
        }()
        #expect(gone == nil)
    }

    @Test func `evaluators made after others give the results of a rule set evaluated for the first time`() throws {
        let rs = try Self.load()
        let reader = SnapshotReader(ruleSet: rs)
        let dir = TestPaths.inPackage("Examples").path
        let paths = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted()
            .map { dir + "/" + $0 }
        #expect(paths.count >= 6)
        let render = { (r: Recommendations) in JSONWriter(indent: nil).write(r.json) }
        let first = try paths.map { path in
            let own = try Self.load()
            return render(own.evaluate(try SnapshotReader(ruleSet: own).read(path: path)))
        }
        let snapshots = try paths.map { try reader.read(path: $0) }
        let early = Evaluator(ruleSet: rs)
        for s in snapshots.reversed() { _ = early.evaluate(s) }
        for (s, expected) in zip(snapshots, first) {
            #expect(render(Evaluator(ruleSet: rs).evaluate(s)) == expected)
            #expect(render(early.evaluate(s)) == expected)
        }
    }
}
