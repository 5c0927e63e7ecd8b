// AuthoringDocTests.swift — docs/authoring.md shows real commands with their real output:
// every ```console block is run again here and must print exactly what the doc shows, and
// the YAML it shows must be the tutorial's files.

import CoachTestSupport
import Foundation
import Testing

@Suite struct AuthoringDocTests {
    struct Block: CustomTestStringConvertible, Sendable {
        let command: String
        let output: String
        var testDescription: String { command }
    }

    static var blocks: [Block] {
        guard let doc = try? String(contentsOf: TestPaths.inPackage("docs/authoring.md"), encoding: .utf8) else { return [] }
        return doc.components(separatedBy: "```console\n").dropFirst().compactMap { chunk in
            guard let body = chunk.components(separatedBy: "\n```").first else { return nil }
            let lines = body.components(separatedBy: "\n")
            guard let first = lines.first, first.hasPrefix("$ coach ") || first.hasPrefix("$ scripts/") else { return nil }
            return Block(command: String(first.dropFirst(2)), output: lines.dropFirst().joined(separator: "\n"))
        }
    }

    @Test(arguments: blocks)
    func `the documented command prints what the doc shows`(_ b: Block) throws {
        let binary = try #require(TestPaths.coachBinary)
        var args = b.command.split(separator: " ").map(String.init)
        let program: URL
        if args[0] == "coach" {
            program = binary
            args.removeFirst()
        } else {  // a script of the repository's, run with the coach just built
            program = URL(fileURLWithPath: "/usr/bin/env")
            args = ["python3", args[0], "--coach", binary.path] + args.dropFirst()
        }
        let r = try RunProcess.run(program, args, in: TestPaths.packageRoot)
        var actual = r.stderr + r.stdout
        while actual.hasSuffix("\n") { actual.removeLast() }
        #expect(actual == b.output)
    }

    @Test func `the doc runs every step and shows the tutorial's real files`() throws {
        #expect(Self.blocks.map { $0.command.split(separator: " ")[1] } == ["check", "check", "eval", "explain", "test", "lint", "diff", "batch", "docs/tutorial/draft"])
        let doc = try String(contentsOf: TestPaths.inPackage("docs/authoring.md"), encoding: .utf8)
        for file in ["docs/tutorial/Rules/reviews.yaml", "docs/tutorial/Rules/tests/reviews.test.yaml"] {
            let text = try String(contentsOf: TestPaths.inPackage(file), encoding: .utf8)
            #expect(doc.contains("```yaml\n" + text + "```"), "docs/authoring.md does not show \(file) as it is")
        }
        // The proposed version in step 8 is the tutorial's rule set with one threshold (and
        // its version) changed, as the doc says.
        for file in ["reviews.yaml", "signals.yaml", "ruleset.yaml"] {
            let current = try String(contentsOf: TestPaths.inPackage("docs/tutorial/Rules/" + file), encoding: .utf8)
            let proposed = try String(contentsOf: TestPaths.inPackage("docs/tutorial/proposed/" + file), encoding: .utf8)
            let changed = file == "ruleset.yaml"
                ? current.replacingOccurrences(of: "review_ask_after_orders: 3", with: "review_ask_after_orders: 2")
                    .replacingOccurrences(of: "version: \"1.0\"", with: "version: \"1.1\"")
                : current
            #expect(proposed == changed, "docs/tutorial/proposed/\(file)")
            if changed != current { #expect(proposed != current) }
        }
    }

    /// docs/testing.md's first example is a real test file: it runs, and passes, against
    /// the shipped rules.
    @Test func `the rule-test example in testing.md passes on the shipped rules`() throws {
        let binary = try #require(TestPaths.coachBinary)
        let doc = try String(contentsOf: TestPaths.inPackage("docs/testing.md"), encoding: .utf8)
        let yaml = try #require(doc.components(separatedBy: "```yaml\n").dropFirst().first?.components(separatedBy: "```").first)
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("coach-testing-doc-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: root) }
        try fm.createDirectory(at: root.appendingPathComponent("Rules/tests"), withIntermediateDirectories: true)
        try fm.copyItem(at: TestPaths.inPackage("Examples"), to: root.appendingPathComponent("Examples"))
        let file = root.appendingPathComponent("Rules/tests/pricing.test.yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        let r = try RunProcess.run(binary, ["test", file.path], in: TestPaths.packageRoot)
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.hasSuffix("2 passed, 0 failed\n"))
    }
}
