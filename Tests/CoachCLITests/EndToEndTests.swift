// EndToEndTests.swift — runs the built `coach` binary as a user would.

import CoachTestSupport
import Foundation
import Testing

@Suite struct EndToEndTests {
    func coach(_ args: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        let binary = try #require(TestPaths.coachBinary, "build the package first (make test does)")
        return try RunProcess.run(binary, args, in: TestPaths.packageRoot, environment: environment)
    }

    @Test func `a seller's control characters reach the terminal as U+FFFD, never as escapes`() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coach-visible-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let path = dir.appendingPathComponent("s.json").path
        try #"{"seller": {"id": "S\u001b]0;pwned\u0007x", "category": "be\u001b[2Jauty", "enrolled_on": "2026-10-01"}, "as_of": "2026-11-01", "signals": {"sessions_30d": 5}}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        let text = try coach(["eval", path])
        #expect(!text.stdout.unicodeScalars.contains { $0 == "\u{1B}" || $0 == "\u{07}" })
        #expect(text.stdout.hasPrefix("Seller S\u{FFFD}]0;pwned\u{FFFD}x (be\u{FFFD}[2Jauty)"))
        // JSON was always safe (its strings escape them), and keeps the seller's id exactly.
        let json = try coach(["eval", "--format", "json", path])
        #expect(json.stdout.contains(#""id": "S\u001b]0;pwned\u0007x""#))
    }

    @Test func `coach yaml --format json on a file prints its documents`() throws {
        let r = try coach(["yaml", "--format", "json", "Tests/CoachCLITests/Fixtures/manifest.yaml"])
        #expect(r.status == 0)
        let docs = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [Any]
        #expect(docs?.count == 1)
    }

    @Test func `a broken file exits 1 with the diagnostic on stderr and nothing on stdout`() throws {
        let r = try coach(["yaml", "--format", "json", "Tests/CoachCLITests/Fixtures/duplicate.yaml"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.hasPrefix("Tests/CoachCLITests/Fixtures/duplicate.yaml:2:1: error: duplicate key 'a'"))
        #expect(!r.stderr.contains("\u{1B}["))
    }

    /// Several files: a value for each, null for one that cannot be read, so a script pairs
    /// them with the files (the broken one's array was left out, shifting the rest).
    @Test func `coach yaml --format json on several files gives null for a broken one`() throws {
        let r = try coach(["yaml", "--format", "json", "Tests/CoachCLITests/Fixtures/manifest.yaml",
                           "Tests/CoachCLITests/Fixtures/duplicate.yaml", "Tests/CoachCLITests/Fixtures/manifest.yaml"])
        #expect(r.status == 1)
        let one = try coach(["yaml", "--format", "json", "Tests/CoachCLITests/Fixtures/manifest.yaml"]).stdout
        #expect(r.stdout == one + "null\n" + one)
    }

    @Test func `a usage error exits 64`() throws {
        #expect(try coach(["yaml", "--bogus"]).status == 64)
    }

    @Test func `an alias bomb is refused, not expanded`() throws {
        let r = try coach(["yaml", "--format", "json", "Tests/CoachYAMLTests/Fixtures/errors/billion-laughs.yaml"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("more than 1000000 nodes"))
    }
}
