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
        #expect(Self.blocks.map { $0.command.split(separator: " ")[1] } == ["check", "check", "eval", "explain", "test", "lint", "docs/tutorial/draft"])
        let doc = try String(contentsOf: TestPaths.inPackage("docs/authoring.md"), encoding: .utf8)
        for file in ["docs/tutorial/Rules/reviews.yaml", "docs/tutorial/Rules/tests/reviews.test.yaml"] {
            let text = try String(contentsOf: TestPaths.inPackage(file), encoding: .utf8)
            #expect(doc.contains("```yaml\n" + text + "```"), "docs/authoring.md does not show \(file) as it is")
        }
    }
}
