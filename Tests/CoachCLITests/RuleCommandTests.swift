// RuleCommandTests.swift — check, eval and explain in-process: exit codes and messages on
// the error paths a user meets.

import CoachCLI
import CoachTestSupport
import Foundation
import Testing

@Suite struct RuleCommandTests {
    let rules = TestPaths.inPackage("Rules").path
    let playbooks = TestPaths.inPackage("Playbooks").path
    func example(_ name: String) -> String { TestPaths.inPackage("Examples/\(name)").path }

    func temp(_ name: String, _ content: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("coach-cli-\(UUID().uuidString)-\(name)")
        try content.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func `check fails with 1 and every diagnostic when the rules directory is wrong`() {
        let r = runCoach(["check", "--rules", "/nonexistent", "--playbooks", playbooks])
        #expect(r.code == .failure)
        #expect(r.stderr.contains("rules directory '/nonexistent' does not exist"))
    }

    @Test func `a missing folder's hint names the option that gives it`() {
        let check = runCoach(["check", "--rules", "/nonexistent", "--playbooks", playbooks])
        #expect(check.stderr.contains("pass --rules DIR"), "\(check.stderr)")
        let diff = runCoach(["diff", "--rules", rules, "--playbooks", playbooks, "--base", "/nonexistent/Rules", "Examples/population.jsonl"])
        #expect(diff.code == .failure)
        #expect(diff.stderr.contains("rules directory '/nonexistent/Rules' does not exist") && diff.stderr.contains("pass --base DIR"), "\(diff.stderr)")
    }

    @Test func `check --format json reports ok and a summary`() throws {
        let r = runCoach(["check", "--rules", rules, "--playbooks", playbooks, "--format", "json"])
        #expect(r.code == .success)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == true)
        #expect(((object["summary"] as? [String: Any])?["rules"] as? Int ?? 0) >= 40)
    }

    @Test func `eval of a malformed snapshot exits 1 with the position`() throws {
        let path = try temp("bad.json", "{\"seller\": {\"id\": \"S\",\n \"enrolled_on\": \"2026-11-01\"},, \"as_of\": \"2026-11-24\"}")
        let r = runCoach(["eval", "--rules", rules, "--playbooks", playbooks, path])
        #expect(r.code == .failure)
        #expect(r.stderr.contains("bad.json:2:31: error: malformed JSON: expected a member name in double quotes"))
        #expect(r.stdout.isEmpty)
    }

    @Test func `eval reports missing and malformed signals in the output and still evaluates`() throws {
        let r = runCoach(["eval", "--rules", rules, "--playbooks", playbooks, "--format", "json", example("missing-and-malformed.json")])
        #expect(r.code == .success)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let messages = (object["diagnostics"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
        #expect(messages.contains { $0.contains("conversion_rate") && $0.contains("outside its range") })
        #expect(messages.contains { $0.contains("unknown signal 'impressions_30d'") })
        #expect(messages.contains { $0.contains("required signal 'sessions_30d' is missing") })
    }

    @Test func `explain with an unknown rule id suggests the closest`() {
        let r = runCoach(["explain", "--rules", rules, "--playbooks", playbooks, example("no-sale-day-25.json"), "--rule", "escalate.no-first-sal"])
        #expect(r.code == .failure)
        #expect(r.stderr.contains("no rule with id 'escalate.no-first-sal'"))
        #expect(r.stderr.contains("did you mean 'escalate.no-first-sale'?"))
    }

    @Test func `explain --format json gives each rule's outcome and leaf values`() throws {
        let r = runCoach(["explain", "--rules", rules, "--playbooks", playbooks, "--format", "json", example("no-sale-day-25.json")])
        #expect(r.code == .success)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let list = try #require(object["rules"] as? [[String: Any]])
        #expect(list.count >= 40)
        let outcomes = Set(list.compactMap { $0["outcome"] as? String })
        #expect(outcomes.isSubset(of: ["fired", "not_fired", "skipped", "error", "suppressed"]))
        #expect(outcomes.contains("fired") && outcomes.contains("not_fired"))
    }

    @Test func `eval of a YAML snapshot works like JSON`() throws {
        let path = try temp("s.yaml", """
            seller: {id: S-Y, category: toys, enrolled_on: 2026-11-01}
            as_of: 2026-11-04
            signals: {sessions_30d: 10, orders_30d: 0, orders_total: 0, conversion_rate: 0.0, active_listings: 0, listings: []}
            """)
        let r = runCoach(["eval", "--rules", rules, "--playbooks", playbooks, "--format", "json", path])
        #expect(r.code == .success, "\(r.stderr)")
        #expect(r.stdout.contains("\"day\": 3"))
    }
    /// With --format json, what `explain` refuses is written in the error form too, as `eval`
    /// writes it and the C ABI's `coach_explain` gives it; and on standard error as text.
    @Test func `explain --format json writes what it refuses in the error form`() throws {
        let broken = try temp("broken.json", "{\"seller\": {\"id\": \"S\"")
        let unreadable = runCoach(["explain", "--rules", rules, "--playbooks", playbooks, "--format", "json", broken])
        #expect(unreadable.code == .failure)
        let record = try #require(try JSONSerialization.jsonObject(with: Data(unreadable.stdout.utf8)) as? [String: Any])
        #expect(record["file"] as? String == broken)
        #expect((record["error"] as? String)?.contains("malformed JSON") == true)
        #expect(unreadable.stderr.contains("malformed JSON"))

        let unknown = runCoach(["explain", "--rules", rules, "--playbooks", playbooks, "--format", "json", example("no-sale-day-25.json"),
                                "--rule", "escalate.no-first-sal"])
        #expect(unknown.code == .failure)
        let refused = try #require(try JSONSerialization.jsonObject(with: Data(unknown.stdout.utf8)) as? [String: Any])
        #expect(refused["error"] as? String == "no rule with id 'escalate.no-first-sal'")
        #expect(Set(refused.keys) == ["error", "diagnostics"])
        #expect(unknown.stderr.contains("did you mean 'escalate.no-first-sale'?"))
    }

    @Test func `check --format json that cannot load also reports on standard error`() throws {
        let r = runCoach(["check", "--rules", "/nonexistent", "--playbooks", playbooks, "--format", "json"])
        #expect(r.code == .failure)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        #expect(object["ok"] as? Bool == false)
        #expect(r.stderr.contains("rules directory '/nonexistent' does not exist"), "\(r.stderr)")
    }

    @Test(arguments: ["empty.json", "empty.yaml", "blank.json"])
    func `a snapshot file of nothing but white space is empty, whatever its name`(_ name: String) throws {
        let path = try temp(name, name.hasPrefix("blank") ? " \n\t\n" : "")
        let r = runCoach(["eval", "--rules", rules, "--playbooks", playbooks, "--format", "json", path])
        #expect(r.code == .failure)
        #expect(r.stderr.contains("is empty"), "\(r.stderr)")
        #expect(r.stdout.contains("\"code\": \"snapshot.empty\""), "\(r.stdout)")
    }
}

@Suite struct TestCommandDefaultsTests {
    @Test func `coach test with no path runs a test file beside the rule files, which check skips, and those under tests/`() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("coach-tests-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let rules = dir.appendingPathComponent("Rules")
        try FileManager.default.createDirectory(at: rules.appendingPathComponent("tests"), withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: TestPaths.inPackage("Rules").path) where name.hasSuffix(".yaml") {
            try FileManager.default.copyItem(at: TestPaths.inPackage("Rules").appendingPathComponent(name), to: rules.appendingPathComponent(name))
        }
        let base = TestPaths.inPackage("Examples/no-sale-day-25.json").path
        let test = { (name: String) in "base: \(base)\ncases:\n  - name: \(name)\n    expect: {tips: [pricing.above-market]}\n" }
        try test("beside the rules").write(to: rules.appendingPathComponent("beside.test.yaml"), atomically: true, encoding: .utf8)
        try test("in tests").write(to: rules.appendingPathComponent("tests/in.test.yml"), atomically: true, encoding: .utf8)
        let playbooks = TestPaths.inPackage("Playbooks").path
        #expect(runCoach(["check", "--rules", rules.path, "--playbooks", playbooks]).code == .success)
        let r = runCoach(["test", "--rules", rules.path, "--playbooks", playbooks])
        #expect(r.stdout.contains("beside the rules") && r.stdout.contains("in tests"), "\(r.stdout)\n\(r.stderr)")
        // A tests folder shared through a symbolic link, with a link back up (a loop): followed, once.
        let shared = dir.appendingPathComponent("shared")
        try FileManager.default.createDirectory(at: shared, withIntermediateDirectories: true)
        try test("through a link").write(to: shared.appendingPathComponent("linked.test.yaml"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: rules.appendingPathComponent("tests/shared"), withDestinationURL: shared)
        try FileManager.default.createSymbolicLink(at: shared.appendingPathComponent("up"), withDestinationURL: rules)
        let linked = runCoach(["test", "--rules", rules.path, "--playbooks", playbooks])
        #expect(linked.stdout.components(separatedBy: "through a link").count == 2, "\(linked.stdout)\n\(linked.stderr)")
        #expect(linked.stdout.hasSuffix("3 passed, 0 failed\n"), "\(linked.stdout)")
    }
}
