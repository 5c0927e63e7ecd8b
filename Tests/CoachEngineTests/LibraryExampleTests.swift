// LibraryExampleTests.swift — the complete example of docs/library.md, compiled and run by
// the test suite. The text between the markers must equal the doc's Swift block.

import Coach
import CoachTestSupport
import Foundation
import Testing

// BEGIN EXAMPLE
import Coach

/// Loads the rule set once, then evaluates a seller and explains one rule.
func coachExample(root: String) throws -> Recommendations {
    // Load, check and compile the rule set once. A RuleSet is immutable and Sendable:
    // share it between threads; to reload, load a new one and swap the reference.
    let ruleSet: RuleSet
    do {
        ruleSet = try RuleSet.load(rules: root + "/Rules", playbooks: root + "/Playbooks")
    } catch {
        // Every problem in every file, with file:line:column, a snippet and a hint.
        print(DiagnosticRenderer().render(error.diagnostics))
        throw error
    }

    // One reader per thread: it keeps simdjson's buffers from one snapshot to the next.
    let reader = SnapshotReader(ruleSet: ruleSet)
    let snapshot = try reader.read(path: root + "/Examples/new-seller-day-3.json")

    // Evaluate: tips, checklist, escalations, what was held back, and input problems.
    let recommendations = ruleSet.evaluate(snapshot)
    for tip in recommendations.tips {
        print("\(tip.title) → \(tip.actions.first ?? "")")
    }
    for item in recommendations.checklist where item.status == .overdue {
        print("Overdue: \(item.title) (due \(item.due))")
    }
    for problem in recommendations.diagnostics {
        print("\(problem.severity): \(problem.message)")
    }

    // The same as JSON for the portal: fixed key order, so the same input gives the same bytes.
    print(String(decoding: recommendations.jsonBytes(), as: UTF8.self))

    // Why did (or didn't) a rule fire? The value of every condition and signal it read.
    print(ruleSet.explain(snapshot, rule: "listing.missing-photos").text())

    return recommendations
}
// END EXAMPLE

@Suite struct LibraryExampleTests {
    @Test func `the library example runs on the shipped rules and examples`() throws {
        let r = try coachExample(root: TestPaths.packageRoot.path)
        #expect(r.day == 3)
        #expect(!r.tips.isEmpty)
    }

    @Test func `docs/library.md shows exactly the example the tests compile`() throws {
        let source = try String(contentsOf: TestPaths.inPackage("Tests/CoachEngineTests/LibraryExampleTests.swift"), encoding: .utf8)
        let doc = try String(contentsOf: TestPaths.inPackage("docs/library.md"), encoding: .utf8)
        let example = try #require(source.components(separatedBy: "// BEGIN EXAMPLE\n").last?.components(separatedBy: "// END EXAMPLE").first)
        let block = try #require(doc.components(separatedBy: "```swift\n").dropFirst().first?.components(separatedBy: "```").first)
        #expect(block == example)
    }
}
