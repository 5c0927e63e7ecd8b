// RuleTestTests.swift — `coach test` on fixture test files: passing cases, failing cases
// with diffs, malformed test files with positions, and coverage.

import CoachAuthoring
import CoachCLI
import CoachRules
import CoachSource
import CoachTestSupport
import Foundation
import Testing

@Suite struct RuleTestTests {
    let base = TestPaths.inPackage("Tests/CoachRulesTests/Fixtures/base")
    func fixture(_ name: String) -> String { TestPaths.inPackage("Tests/CoachAuthoringTests/Fixtures/\(name)").path }

    func coach(_ args: [String]) -> (code: ExitCode, out: String, err: String) {
        let out = BufferOutput(), err = BufferOutput()
        let context = CommandContext(stdout: out, stderr: err)
        let all = args + ["--rules", base.appendingPathComponent("Rules").path, "--playbooks", base.appendingPathComponent("Playbooks").path]
        return (CoachCLI.run(all, context: context), out.text, err.text)
    }

    @Test func `passing cases pass and the closing line counts them`() {
        let r = coach(["test", fixture("passing.test.yaml")])
        #expect(r.code == .success, "\(r.out)\(r.err)")
        #expect(r.out.contains("✓ thin listings get the photos tip"))
        #expect(r.out.hasSuffix("4 passed, 0 failed\n"))
    }

    @Test func `a failing case shows expected against actual, with positions`() {
        let r = coach(["test", fixture("failing.test.yaml")])
        #expect(r.code == .failure)
        #expect(r.out.contains("✗ wrong expectations are reported with a diff"))
        #expect(r.out.contains("failing.test.yaml:6:14: expected tip 'pricing.high' to be shown, but it was held back (group by pricing.very-high)"))
        #expect(r.out.contains("- tips include pricing.high"))
        #expect(r.out.contains("+ tips: pricing.very-high"))
        #expect(r.out.contains("checklist item 'price-check' is open, not done"))
        #expect(r.out.contains("the text of 'pricing.very-high' does not contain the phrase"))
        #expect(r.out.hasSuffix("0 passed, 1 failed\n"))
    }

    @Test func `a malformed test file is reported with positions and fails the run`() {
        let r = coach(["test", fixture("broken.test.yaml")])
        #expect(r.code == .failure)
        #expect(r.err.contains("broken.test.yaml:4:15: error: unknown signal 'price_indx'"))
        #expect(r.err.contains("did you mean 'price_index'?"))
        #expect(r.err.contains("broken.test.yaml:6:14: error: unknown rule 'pricing.hihg'"))
        #expect(r.err.contains("broken.test.yaml:7:21: error: rule 'listings.photos' raises no escalation"))
        #expect(r.err.contains("unknown status 'finished'"))
        #expect(r.err.contains("unknown key 'suppresed' in expectations"))
        #expect(r.out.contains("1 test file could not be read"))
    }

    @Test func `coverage lists what was never exercised and min-coverage fails below it`() {
        let r = coach(["test", fixture("passing.test.yaml"), "--coverage"])
        #expect(r.code == .success)
        #expect(r.out.contains("Coverage: "))
        #expect(r.out.contains("never seen firing:"))
        #expect(r.out.contains("escalate.returns"))
        let strict = coach(["test", fixture("passing.test.yaml"), "--min-coverage", "100"])
        #expect(strict.code == .failure)
        #expect(strict.out.contains("is below the minimum of 100%"))
        #expect(coach(["test", fixture("passing.test.yaml"), "--min-coverage", "abc"]).code == .usage)
    }

    @Test func `coverage counts each rule seen firing and not firing`() throws {
        let rs = try RuleSet.load(rules: base.appendingPathComponent("Rules").path, playbooks: base.appendingPathComponent("Playbooks").path)
        let file = try RuleTestDecoder(ruleSet: rs).decode(path: fixture("passing.test.yaml"))
        var runner = RuleTestRunner(ruleSet: rs)
        for c in file.cases { #expect(runner.run(c, file: file.path).passed, "\(c.name)") }
        let index = try #require(rs.rules.firstIndex { $0.id == "pricing.very-high" })
        #expect(runner.coverage.ruleTrue[index] && runner.coverage.ruleFalse[index])
        let returns = try #require(rs.rules.firstIndex { $0.id == "escalate.returns" })
        #expect(!runner.coverage.ruleTrue[returns] && runner.coverage.ruleFalse[returns])
    }

    /// Writes a test file beside the fixtures' seller.json, runs it, and removes it.
    func runTestFile(_ text: String) throws -> (code: ExitCode, out: String, err: String) {
        let url = URL(fileURLWithPath: fixture("")).appendingPathComponent("tmp-\(UUID().uuidString).test.yaml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return coach(["test", url.path])
    }

    @Test(arguments: [
        ("base: seller.json\ncases: []\n", "'cases' is empty"),
        ("base: seller.json\ncases:\n  - name: a\n    expect: {tips: [], not_tips: [], checklist: {}}\n", "the case expects nothing"),
        ("base: seller.json\ncases:\n  - name: a\n    expect: {phase: middle}\n---\ncases:\n  - name: b\n    expect: {phase: late}\n",
         "holds 2 YAML documents; a test file holds one"),
        ("base: seller.json\ncases:\n  - name: a\n    expect: {contains: {pricing.high: \"\"}}\n", "an empty phrase is in every text"),
    ])
    func `a test file that could test nothing is refused`(_ text: String, _ message: String) throws {
        let r = try runTestFile(text)
        #expect(r.code == .failure)
        #expect(r.err.contains(message), "\(r.err)")
    }

    @Test func `a base that cannot be read is said once, not again for every case`() throws {
        let r = try runTestFile("base: nothing-here.json\ncases:\n  - name: a\n    expect: {phase: middle}\n  - name: b\n    expect: {phase: late}\n")
        #expect(r.code == .failure)
        #expect(r.err.contains("cannot read snapshot file 'nothing-here.json'"), "\(r.err)")
        #expect(!r.err.contains("has no snapshot"), "\(r.err)")
    }

    @Test func `an expectation refused for an unknown id is said once, not also as a case that expects nothing`() throws {
        let r = try runTestFile("base: seller.json\ncases:\n  - name: a\n    expect: {tips: [pricing.very-hig]}\n")
        #expect(r.code == .failure)
        #expect(r.err.contains("unknown rule 'pricing.very-hig'") && r.err.contains("did you mean 'pricing.very-high'"), "\(r.err)")
        #expect(!r.err.contains("the case expects nothing"), "\(r.err)")
    }

    @Test func `not_tips on a rule that was not evaluated fails: its absence proves nothing`() throws {
        let r = try runTestFile("""
            base: seller.json
            cases:
              - name: an invalid price index skips the pricing rules
                signals: {price_index: "high"}
                expect: {not_tips: [pricing.high]}
            """)
        #expect(r.code == .failure)
        #expect(r.out.contains("'pricing.high' was not evaluated: the value given for price_index was refused, so its absence proves nothing"), "\(r.out)")
    }

    @Test func `not_tips on a rule that failed fails: the failure is what to fix`() throws {
        let r = try runTestFile("""
            base: seller.json
            cases:
              - name: a price index so high that its amount is infinite
                signals: {price_index: 1.0e307}
                expect: {not_tips: [pricing.very-high]}
            """)
        #expect(r.code == .failure)
        #expect(r.out.contains("'pricing.very-high' is not shown because it failed: the value is infinite"), "\(r.out)")
    }

    @Test func `only_tips with a tip rule that failed fails: the list proves nothing about it`() throws {
        let r = try runTestFile("""
            base: seller.json
            cases:
              - name: a price index so high that its amount is infinite
                signals: {price_index: 1.0e307}
                expect: {only_tips: []}
            """)
        #expect(r.code == .failure)
        #expect(r.out.contains("'pricing.very-high' failed: the value is infinite"), "\(r.out)")
    }

    @Test func `a misspelt key or signal in a case's snapshot fails the case, where eval only warns`() throws {
        let r = try runTestFile("""
            cases:
              - name: typos in the snapshot
                snapshot:
                  seller: {id: S, category: home, enrolled_on: 2026-11-01}
                  as_of: 2026-11-16
                  signals: {price_index: 1.0, price_indx: 1.6}
                  delivred: []
                  dismissed: [{id: pricing.hihg, at: 2026-11-10}]
                expect: {not_tips: [pricing.high]}
            """)
        #expect(r.code == .failure)
        #expect(r.out.contains("✗ typos in the snapshot"), "\(r.out)")
        #expect(r.out.contains("the snapshot: unknown snapshot key 'delivred' is ignored (did you mean 'delivered'?)"), "\(r.out)")
        #expect(r.out.contains("the snapshot: unknown signal 'price_indx' is ignored (did you mean 'price_index'?)"), "\(r.out)")
        #expect(r.out.contains("the snapshot: 'dismissed' names 'pricing.hihg', which is not a rule of this rule set"), "\(r.out)")
        #expect(r.out.hasSuffix("0 passed, 1 failed\n"))
    }

    @Test func `a state entry that cannot take effect fails the case, where eval only warns`() throws {
        let r = try runTestFile("""
            cases:
              - name: a dismissal dated after as_of
                snapshot:
                  seller: {id: S, category: home, enrolled_on: 2026-11-01}
                  as_of: 2026-11-16
                  signals: {price_index: 1.6}
                  dismissed: [{id: pricing.very-high, at: 2026-11-20}]
                expect: {tips: [pricing.very-high]}
            """)
        #expect(r.code == .failure)
        #expect(r.out.contains("✗ a dismissal dated after as_of"), "\(r.out)")
        #expect(r.out.contains("the snapshot: 'dismissed' names 'pricing.very-high', on 2026-11-20, after as_of (2026-11-16); the entry has no effect"), "\(r.out)")
    }

    @Test func `two cases of one name, or a rule expected both ways, are refused with their positions`() throws {
        let r = try runTestFile("""
            base: seller.json
            cases:
              - name: a
                expect: {tips: [pricing.high], not_tips: [pricing.high]}
              - name: a
                expect: {escalations: [escalate.returns], not_escalations: [escalate.returns]}
              - name: b
                expect: {only_tips: [pricing.high], not_tips: [pricing.high]}
              - name: c
                expect: {not_tips: [pricing.high], contains: {pricing.high: above}, tips: [pricing.very-high], suppressed: {pricing.very-high: group}}
            """)
        #expect(r.code == .failure)
        #expect(r.err.contains(":4:47: error: rule 'pricing.high' is expected under both 'tips' and 'not_tips'"), "\(r.err)")
        #expect(r.err.contains("rule 'escalate.returns' is expected under both 'escalations' and 'not_escalations'"), "\(r.err)")
        #expect(r.err.contains(":5:5: error: a case named 'a' is already in this file"), "\(r.err)")
        #expect(r.err.contains("rule 'pricing.high' is expected under both 'only_tips' and 'not_tips'"), "\(r.err)")
        #expect(r.err.contains("rule 'pricing.high' is expected under both 'not_tips' and 'contains'"), "\(r.err)")
        #expect(r.err.contains("rule 'pricing.very-high' is expected under both 'tips' and 'suppressed'"), "\(r.err)")
    }

    @Test func `a folder's *.test.yml files run, as *.test.yaml ones do`() throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("coach-yml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(atPath: fixture("seller.json"), toPath: dir.appendingPathComponent("seller.json").path)
        try "base: seller.json\ncases:\n  - name: from a .yml file\n    expect: {not_tips: [pricing.high]}\n"
            .write(to: dir.appendingPathComponent("second.test.yml"), atomically: true, encoding: .utf8)
        let r = coach(["test", dir.path])
        #expect(r.code == .success, "\(r.out)\(r.err)")
        #expect(r.out.contains("✓ from a .yml file"))
    }

    @Test func `only test files run, and each once`() {
        let notATest = coach(["test", base.appendingPathComponent("Rules/rules.yaml").path])
        #expect(notATest.code == .failure)
        #expect(notATest.err.contains("is not a test file"))
        let twice = coach(["test", fixture("passing.test.yaml"), fixture("passing.test.yaml")])
        #expect(twice.out.hasSuffix("4 passed, 0 failed\n"), "\(twice.out)")
    }

    @Test func `the shipped tests exercise every checklist item, and coverage lists an item they miss`() throws {
        func shipped(_ extra: [String]) -> (code: ExitCode, out: String) {
            let out = BufferOutput(), err = BufferOutput()
            let code = CoachCLI.run(["test", "--coverage", "--rules", TestPaths.inPackage("Rules").path,
                                     "--playbooks", TestPaths.inPackage("Playbooks").path] + extra,
                                    context: CommandContext(stdout: out, stderr: err))
            return (code, out.text)
        }
        let all = shipped([])
        #expect(all.code == .success)
        #expect(!all.out.contains("checklist items not seen"), "\(all.out.suffix(600))")
        // The pricing tests alone never see, for one, the first-sale item done and not done.
        let some = shipped([TestPaths.inPackage("Rules/tests/pricing.test.yaml").path])
        #expect(some.out.contains("checklist items not seen both done and not done:"))
        #expect(some.out.contains("Playbooks/new-seller-90-days.yaml"))
    }
}
