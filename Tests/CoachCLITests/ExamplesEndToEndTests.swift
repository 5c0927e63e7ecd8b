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

    /// The warnings of a snapshot read from a file name the file, line and column (at the
    /// key), in JSON and in text, so several snapshots' can be told apart; the JSON result of
    /// the same snapshot on standard input is the bytes the C ABI gives (which knows no file):
    /// its warnings have no place. The two differ in nothing else.
    @Test func `warnings on a snapshot read from a file name the file and place, in JSON and in text; from stdin the JSON is the C ABI's`() throws {
        let path = "Examples/missing-and-malformed.json"
        let r = try coach(["eval", "--format", "json", path])
        let piped = try coach(["eval", "--format", "json", "-"], stdin: try Data(contentsOf: TestPaths.inPackage(path)))
        #expect(r.status == 0 && piped.status == 0)
        func diagnostics(_ json: String) throws -> [[String: Any]] {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
            return try #require(object["diagnostics"] as? [[String: Any]])
        }
        let placed = try diagnostics(r.stdout), unplaced = try diagnostics(piped.stdout)
        let unknown = try #require(placed.first { $0["code"] as? String == "snapshot.unknown-signal" })
        let location = try #require(unknown["location"] as? [String: Any])
        #expect(location["file"] as? String == path)
        #expect((location["line"] as? Int ?? 0) > 1)
        #expect(unplaced.first { $0["code"] as? String == "snapshot.unknown-signal" }?["location"] == nil)
        // Nothing else differs: the same diagnostics in the same order, and the same result.
        #expect(placed.map { $0["message"] as? String } == unplaced.map { $0["message"] as? String })
        // `diagnostics` is the result's last member: all before it is the same bytes.
        let beforeDiagnostics = { (s: String) in s.components(separatedBy: "\"diagnostics\"").first ?? s }
        #expect(beforeDiagnostics(r.stdout) == beforeDiagnostics(piped.stdout))
        #expect(r.stdout.contains("\"diagnostics\""))
        let text = try coach(["eval", path])
        let line = try #require(text.stdout.split(separator: "\n").first { $0.contains("unknown signal 'impressions_30d'") })
        #expect(line.hasPrefix("  Examples/missing-and-malformed.json:\(location["line"] as? Int ?? 0):\(location["column"] as? Int ?? 0): warning: "))
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
