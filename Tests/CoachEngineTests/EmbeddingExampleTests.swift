// EmbeddingExampleTests.swift — the Swift example of docs/embedding.md, compiled and run by
// the test suite. The text between the markers must equal the doc's Swift block.

import Coach
import CoachTestSupport
import Foundation
import Testing

// BEGIN EXAMPLE
import Coach

/// A portal's serving loop: one engine for the process, evaluations from any thread,
/// reloads while it serves.
func servingExample(root: String, snapshots: [[UInt8]]) throws -> [String] {
    // Load and compile once. An Engine is Sendable: share it between threads.
    let engine = try Engine(rules: root + "/Rules", playbooks: root + "/Playbooks")

    var answers: [String] = []
    for snapshot in snapshots {
        // JSON bytes in, the bytes of `coach eval --format json` out.
        let json = try snapshot.withUnsafeBytes { bytes throws(DiagnosticError) in try engine.evaluateJSON(bytes) }
        answers.append(String(decoding: json, as: UTF8.self))
    }

    // The content team shipped new rules: load them beside the serving version and swap.
    // Evaluations running now finish on the old version; a broken update throws every
    // problem (with file:line:column) and leaves the old version serving.
    do {
        let fingerprint = try engine.reload()
        print("now serving \(fingerprint)")
    } catch {
        print(DiagnosticRenderer().render(error.diagnostics))
    }
    return answers
}
// END EXAMPLE

@Suite struct EmbeddingExampleTests {
    @Test func `the embedding example serves the examples with the CLI's bytes`() throws {
        let root = TestPaths.packageRoot.path
        let names = ["new-seller-day-3", "policy-problem"]
        let snapshots = try names.map { Array(try Data(contentsOf: TestPaths.inPackage("Examples/\($0).json"))) }
        let answers = try servingExample(root: root, snapshots: snapshots)
        for (name, answer) in zip(names, answers) {
            let expected = try String(contentsOf: TestPaths.inPackage("Tests/CoachCLITests/Expected/\(name).json"), encoding: .utf8)
            #expect(answer == expected)
        }
    }

    @Test func `docs/embedding.md shows exactly the example the tests compile`() throws {
        let source = try String(contentsOf: TestPaths.inPackage("Tests/CoachEngineTests/EmbeddingExampleTests.swift"), encoding: .utf8)
        let doc = try String(contentsOf: TestPaths.inPackage("docs/embedding.md"), encoding: .utf8)
        let example = try #require(source.components(separatedBy: "// BEGIN EXAMPLE\n").last?.components(separatedBy: "// END EXAMPLE").first)
        let block = try #require(doc.components(separatedBy: "```swift\n").dropFirst().first?.components(separatedBy: "```").first)
        #expect(block == example)
    }
}
