// EndToEndTests.swift — runs the built `coach` binary as a user would.

import CoachTestSupport
import Foundation
import Testing

@Suite struct EndToEndTests {
    func coach(_ args: [String], environment: [String: String] = [:]) throws -> ProcessResult {
        let binary = try #require(TestPaths.coachBinary, "build the package first (make test does)")
        return try RunProcess.run(binary, args, in: TestPaths.packageRoot, environment: environment)
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

    @Test func `a usage error exits 64`() throws {
        #expect(try coach(["yaml", "--bogus"]).status == 64)
    }

    @Test func `an alias bomb is refused, not expanded`() throws {
        let r = try coach(["yaml", "--format", "json", "Tests/CoachYAMLTests/Fixtures/errors/billion-laughs.yaml"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("more than 1000000 nodes"))
    }
}
