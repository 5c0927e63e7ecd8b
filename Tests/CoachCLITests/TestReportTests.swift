// TestReportTests.swift — `coach test --format json`: the one document a CI job reads, with
// each failure's position, the files that could not be read, the coverage, and "ok".

import CoachCLI
import CoachTestSupport
import Foundation
import Testing

@Suite struct TestReportTests {
    let rules = TestPaths.inPackage("Rules").path
    let playbooks = TestPaths.inPackage("Playbooks").path

    /// A folder holding `files` (name → text), removed after `body`.
    func withTests(_ files: [String: String], _ body: (String) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coach-report-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (name, text) in files { try text.write(to: dir.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        try body(dir.path)
    }

    func report(_ args: [String]) throws -> (code: ExitCode, json: [String: Any], stderr: String) {
        let r = runCoach(["test", "--rules", rules, "--playbooks", playbooks, "--format", "json"] + args)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any], "\(r.stdout)\n\(r.stderr)")
        return (r.code, json, r.stderr)
    }

    var base: String { TestPaths.inPackage("Examples/no-sale-day-25.json").path }

    @Test func `the shipped tests pass, and the report says so with the counts and the rule set`() throws {
        let (code, json, _) = try report(["--coverage"])
        #expect(code == .success)
        #expect(json["ok"] as? Bool == true)
        #expect((json["passed"] as? Int ?? 0) > 300 && json["failed"] as? Int == 0 && json["unreadable_files"] as? Int == 0)
        #expect((json["ruleset"] as? [String: Any])?["name"] as? String == "marketplace-mentorship")
        let rules = try #require((json["coverage"] as? [String: Any])?["rules"] as? [String: Any])
        #expect(rules["covered"] as? Int == rules["total"] as? Int)
        let files = try #require(json["files"] as? [[String: Any]])
        let cases = files.flatMap { $0["cases"] as? [[String: Any]] ?? [] }
        #expect(cases.count == json["passed"] as? Int)
        #expect(cases.allSatisfy { ($0["location"] as? [String: Any])?["line"] as? Int != nil })
    }

    @Test func `a failing case gives its expectation's position, expected and actual, and the run is not ok`() throws {
        let test = "base: \(base)\ncases:\n  - name: held to the wrong tip\n    expect:\n      not_tips: [pricing.above-market]\n"
        try withTests(["a.test.yaml": test]) { dir in
            let (code, json, _) = try report([dir])
            #expect(code == .failure)
            #expect(json["ok"] as? Bool == false && json["failed"] as? Int == 1 && json["passed"] as? Int == 0)
            let files = try #require(json["files"] as? [[String: Any]])
            let c = try #require((files.first?["cases"] as? [[String: Any]])?.first)
            #expect(c["name"] as? String == "held to the wrong tip" && c["passed"] as? Bool == false)
            let failure = try #require((c["failures"] as? [[String: Any]])?.first)
            let at = try #require(failure["location"] as? [String: Any])
            #expect(at["line"] as? Int == 5 && at["column"] as? Int == 18 && (at["file"] as? String)?.hasSuffix("a.test.yaml") == true)
            #expect(failure["expected"] as? [String] == ["tips exclude pricing.above-market"])
            #expect((failure["actual"] as? [String])?.first?.hasPrefix("tips: pricing.above-market") == true)
        }
    }

    @Test func `a test file that cannot be read is listed with its diagnostics, said on stderr too`() throws {
        try withTests(["b.test.yaml": "cases:\n  - name: x\n   bad: [\n"]) { dir in
            let (code, json, stderr) = try report([dir])
            #expect(code == .failure)
            #expect(json["unreadable_files"] as? Int == 1 && json["ok"] as? Bool == false)
            let file = try #require((json["files"] as? [[String: Any]])?.first)
            #expect(file["cases"] == nil && file["error"] as? String != nil)
            let d = try #require((file["diagnostics"] as? [[String: Any]])?.first)
            #expect(d["code"] as? String == "yaml.syntax" && (d["location"] as? [String: Any])?["line"] as? Int == 3)
            #expect(stderr.contains("b.test.yaml:3:"), "\(stderr)")
        }
    }

    @Test func `coverage below the minimum fails the run and says so in the report`() throws {
        let test = "base: \(base)\ncases:\n  - name: one\n    expect: {tips: [pricing.above-market]}\n"
        try withTests(["c.test.yaml": test]) { dir in
            let (code, json, _) = try report(["--min-coverage", "50", dir])
            #expect(code == .failure)
            #expect(json["passed"] as? Int == 1 && json["ok"] as? Bool == false)
            let coverage = try #require(json["coverage"] as? [String: Any])
            #expect(coverage["minimum_percent"] as? Double == 50 && coverage["minimum_met"] as? Bool == false)
            let rules = try #require(coverage["rules"] as? [String: Any])
            let missed = try #require(rules["not_covered"] as? [[String: Any]])
            #expect(missed.count == (rules["total"] as? Int ?? 0) - (rules["covered"] as? Int ?? 0))
            #expect(missed.allSatisfy { ["firing", "not firing", "evaluated"].contains($0["never_seen"] as? String ?? "") })
        }
    }

    @Test func `a test file that cannot be opened in a folder is said, not skipped`() throws {
        // A link to nothing (as a name the listing cannot give as UTF-8 is): the run fails
        // saying so, where it passed on the other files alone.
        let test = "base: \(base)\ncases:\n  - name: one\n    expect: {tips: [pricing.above-market]}\n"
        try withTests(["good.test.yaml": test]) { dir in
            try FileManager.default.createSymbolicLink(atPath: dir + "/gone.test.yaml", withDestinationPath: dir + "/nowhere.test.yaml")
            let r = runCoach(["test", "--rules", rules, "--playbooks", playbooks, dir])
            #expect(r.code == .failure)
            #expect(r.stderr.contains("gone.test.yaml: cannot be read"), "\(r.stderr)")
        }
    }

    @Test func `no test files is the error form on stdout`() throws {
        try withTests([:]) { dir in
            let (code, json, stderr) = try report([dir])
            #expect(code == .failure)
            #expect(json["tests"] as? [String] == [dir])
            #expect((json["diagnostics"] as? [[String: Any]])?.first?["code"] as? String == "test.none")
            #expect(stderr.contains("no test files"))
        }
    }
}
