// ExamplesEndToEndTests.swift — runs the built `coach` on every snapshot in Examples/ against
// the shipped Rules/ and Playbooks/, and compares with Tests/CoachCLITests/Expected/.
// COACH_UPDATE_GOLDEN=1 rewrites the expected files (review the diff: it is what a seller sees).

import CoachTestSupport
import Foundation
import Testing

struct Example: CustomTestStringConvertible, Sendable {
    let name: String
    var testDescription: String { name }

    static var all: [Example] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestPaths.inPackage("Examples").path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { Example(name: String($0.dropLast(5))) }
    }
}

@Suite struct ExamplesEndToEndTests {
    func coach(_ args: [String], stdin: Data? = nil) throws -> ProcessResult {
        let binary = try #require(TestPaths.coachBinary, "build the package first (make test does)")
        return try RunProcess.run(binary, args, in: TestPaths.packageRoot, stdin: stdin)
    }

    func compare(_ actual: String, golden: String) throws {
        let url = TestPaths.inPackage("Tests/CoachCLITests/Expected/\(golden)")
        if ProcessInfo.processInfo.environment["COACH_UPDATE_GOLDEN"] == "1" {
            try actual.write(to: url, atomically: true, encoding: .utf8)
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        #expect(actual == expected, "differs from Expected/\(golden)")
    }

    @Test(arguments: Example.all)
    func `coach eval --format json on each example matches the expected output`(_ e: Example) throws {
        // On standard input: the same bytes the C ABI and the Python binding give (which
        // Tests/CABI and bindings/python check against these files), and as from a file (below).
        let snapshot = try Data(contentsOf: TestPaths.inPackage("Examples/\(e.name).json"))
        let r = try coach(["eval", "--format", "json", "-"], stdin: snapshot)
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stderr.isEmpty)
        try compare(r.stdout, golden: "\(e.name).json")
    }

    /// The JSON result of a file is the same bytes as of the same snapshot on standard input,
    /// as the C ABI gives it (which knows no file): its warnings name no file. The text view,
    /// for people, still names it.
    @Test func `warnings on a snapshot read from a file name the file in text, and the JSON is the same bytes as from stdin`() throws {
        let path = "Examples/missing-and-malformed.json"
        let r = try coach(["eval", "--format", "json", path])
        let piped = try coach(["eval", "--format", "json", "-"], stdin: try Data(contentsOf: TestPaths.inPackage(path)))
        #expect(r.status == 0 && piped.status == 0)
        #expect(r.stdout == piped.stdout)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let diagnostics = try #require(object["diagnostics"] as? [[String: Any]])
        let unknown = try #require(diagnostics.first { $0["code"] as? String == "snapshot.unknown-signal" })
        #expect(unknown["location"] == nil)
        let text = try coach(["eval", path])
        #expect(text.stdout.contains("  Examples/missing-and-malformed.json: warning: unknown signal 'impressions_30d' is ignored"))
    }

    @Test(arguments: Example.all)
    func `coach eval (the mentor's view) on each example matches the expected output`(_ e: Example) throws {
        let r = try coach(["eval", "Examples/\(e.name).json"])
        #expect(r.status == 0)
        try compare(r.stdout, golden: "\(e.name).txt")
    }

    @Test func `coach explain names every rule's outcome`() throws {
        let r = try coach(["explain", "Examples/no-sale-day-25.json", "--rule", "escalate.no-first-sale"])
        #expect(r.status == 0)
        try compare(r.stdout, golden: "explain-no-first-sale.txt")
    }

    @Test func `coach check accepts the shipped rule set`() throws {
        let r = try coach(["check"])
        #expect(r.status == 0, "stderr: \(r.stderr)")
        #expect(r.stdout.hasPrefix("ok: marketplace-mentorship"))
        #expect(r.stderr.isEmpty, "the shipped rules have warnings: \(r.stderr)")
    }

    @Test func `there are at least six examples`() { #expect(Example.all.count >= 6) }
}
