// LintTests.swift — `coach lint` on a rule set written to trip every warning once, compared
// with Fixtures/lint/expected.txt; and the shipped rules lint clean.

import CoachAuthoring
import CoachCLI
import CoachRules
import CoachSource
import CoachTestSupport
import Foundation
import Testing

@Suite struct LintTests {
    /// The base fixture plus Fixtures/lint/rules.yaml, in a fresh folder.
    func sloppyRuleSet() throws -> URL {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("coach-lint-\(UUID().uuidString)")
        try fm.copyItem(at: TestPaths.inPackage("Tests/CoachRulesTests/Fixtures/base"), to: root)
        try fm.copyItem(at: TestPaths.inPackage("Tests/CoachAuthoringTests/Fixtures/lint/rules.yaml"),
                        to: root.appendingPathComponent("Rules/lint.yaml"))
        return root
    }

    @Test func `every kind of warning is found, with its position and hint`() throws {
        let root = try sloppyRuleSet()
        defer { try? FileManager.default.removeItem(at: root) }
        let rs = try RuleSet.load(rules: root.appendingPathComponent("Rules").path, playbooks: root.appendingPathComponent("Playbooks").path)
        let rendered = DiagnosticRenderer().render(Linter(ruleSet: rs).run()).replacingOccurrences(of: root.path + "/", with: "")
        let golden = TestPaths.inPackage("Tests/CoachAuthoringTests/Fixtures/lint/expected.txt")
        if ProcessInfo.processInfo.environment["COACH_UPDATE_GOLDEN"] == "1" { try rendered.write(to: golden, atomically: true, encoding: .utf8) }
        #expect(rendered == (try String(contentsOf: golden, encoding: .utf8)))
        let codes = Set(Linter(ruleSet: rs).run().compactMap(\.code))
        #expect(codes == ["never-true", "always-true", "outranked", "int-division", "unused-signal", "unused-param",
                          "tip-without-action", "tip-without-learn", "text-too-long", "mutual-inhibition", "escalation-without-cooldown"])
    }

    /// What a priority or a fallback text reads is used: a signal or param read only there
    /// is not said to be unused.
    @Test func `a signal read only by a priority, and a param only by a fallback, are used`() throws {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("coach-lint-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: root) }
        try fm.copyItem(at: TestPaths.inPackage("Tests/CoachRulesTests/Fixtures/base"), to: root)
        let signals = root.appendingPathComponent("Rules/signals.yaml"), manifest = root.appendingPathComponent("Rules/ruleset.yaml")
        try (try String(contentsOf: signals, encoding: .utf8))
            .replacingOccurrences(of: "signals:\n", with: "signals:\n  vip: {type: bool, absent: default, default: false, description: A priority account}\n")
            .write(to: signals, atomically: true, encoding: .utf8)
        try (try String(contentsOf: manifest, encoding: .utf8))
            .replacingOccurrences(of: "params:\n", with: "params:\n  fallback_days: 7\n")
            .write(to: manifest, atomically: true, encoding: .utf8)
        try """
            area: listings
            rules:
              - id: listings.named
                when: listings.size() < 3
                priority: "vip ? 85 : 45"
                tip:
                  title: "{{ shop_name }} needs more listings"
                  body: Add one a day.
                  actions: [Add a listing]
                  learn: [photos]
                  fallback:
                    title: "Add a listing within {{ params.fallback_days }} days"
            """.write(to: root.appendingPathComponent("Rules/named.yaml"), atomically: true, encoding: .utf8)
        let rs = try RuleSet.load(rules: root.appendingPathComponent("Rules").path, playbooks: root.appendingPathComponent("Playbooks").path)
        let unused = Linter(ruleSet: rs).run().filter { $0.code == "unused-signal" || $0.code == "unused-param" }.map(\.message)
        #expect(!unused.contains { $0.contains("'vip'") }, "\(unused)")
        #expect(!unused.contains { $0.contains("'fallback_days'") }, "\(unused)")
    }

    @Test func `lint_allow silences a warning at the rule, and an unknown code is a load error`() throws {
        let root = try sloppyRuleSet()
        defer { try? FileManager.default.removeItem(at: root) }
        let rs = try RuleSet.load(rules: root.appendingPathComponent("Rules").path, playbooks: root.appendingPathComponent("Playbooks").path)
        let silenced = try #require(rs.rule("lint.silenced"))
        #expect(!Linter(ruleSet: rs).run().contains { $0.location?.line == silenced.location.line && $0.location?.path == silenced.location.path })
        let lint = root.appendingPathComponent("Rules/lint.yaml")
        let text = try String(contentsOf: lint, encoding: .utf8).replacingOccurrences(of: "lint_allow: [always-true,", with: "lint_allow: [alwys-true,")
        try text.write(to: lint, atomically: true, encoding: .utf8)
        do {
            _ = try RuleSet.load(rules: root.appendingPathComponent("Rules").path, playbooks: root.appendingPathComponent("Playbooks").path)
            Issue.record("an unknown lint code was accepted")
        } catch {
            #expect(error.diagnostics.contains { $0.message == "unknown lint warning 'alwys-true'" && $0.hint == "did you mean 'always-true'?" })
        }
    }

    /// The expression checker's warnings are the rule set's: `coach check` shows them, `coach
    /// lint` too, once; a rule's `lint_allow` keeps them quiet in both.
    @Test func `the checker's warnings reach check and lint, and lint_allow silences them`() throws {
        let root = try sloppyRuleSet()
        defer { try? FileManager.default.removeItem(at: root) }
        let rules = root.appendingPathComponent("Rules").path, playbooks = root.appendingPathComponent("Playbooks").path
        func isDivision(_ d: Diagnostic) -> Bool { d.code == "int-division" && d.location?.line == 16 && d.location?.column == 22 }
        let rs = try RuleSet.load(rules: rules, playbooks: playbooks)
        #expect(rs.warnings.filter(isDivision).count == 1)
        #expect(Linter(ruleSet: rs).run().filter(isDivision).count == 1)
        let out = BufferOutput(), err = BufferOutput()
        #expect(CoachCLI.run(["check", "--rules", rules, "--playbooks", playbooks], context: CommandContext(stdout: out, stderr: err)) == .success)
        #expect(err.text.contains("lint.yaml:16:22: warning: integer division compared with a double"), "\(err.text)")

        let lint = root.appendingPathComponent("Rules/lint.yaml")
        let text = try String(contentsOf: lint, encoding: .utf8).replacingOccurrences(
            of: "    when: orders_30d / sessions_30d < 0.01\n", with: "    when: orders_30d / sessions_30d < 0.01\n    lint_allow: [int-division]\n")
        try text.write(to: lint, atomically: true, encoding: .utf8)
        let quiet = try RuleSet.load(rules: rules, playbooks: playbooks)
        #expect(!quiet.warnings.contains { $0.code == "int-division" && $0.location?.line == 16 })
        #expect(!Linter(ruleSet: quiet).run().contains { $0.code == "int-division" && $0.location?.line == 16 })
        // The same trap behind a definition is the linter's, at the rule that compares it (line
        // 47, one lower now).
        #expect(Linter(ruleSet: quiet).run().contains { $0.code == "int-division" && $0.location?.line == 48 })
    }

    /// `phase` compared with a text that is no phase: never (or, with `!=`, always) true; a
    /// known phase, `graduated`, or a comprehension's own `phase` says nothing.
    @Test func `phase compared with a misspelt phase id is found, and a rule's load warnings can be silenced`() throws {
        let fm = FileManager.default
        let root = fm.temporaryDirectory.appendingPathComponent("coach-lint-\(UUID().uuidString)")
        defer { try? fm.removeItem(at: root) }
        try fm.copyItem(at: TestPaths.inPackage("Tests/CoachRulesTests/Fixtures/base"), to: root)
        try """
            area: listings
            define:
              in_last_phase: phase == "lates"
            rules:
              - id: phase.typo
                when: phase == "midle" || phase in ["late", "lat"] || "graduated" == phase
                tip: {title: a, body: b, actions: [c], learn: [photos]}
              - id: phase.always
                when: phase != "erly" && listings.exists(phase, phase.photos == 0)
                tip: {title: a, body: b, actions: [c], learn: [photos]}
              - id: phase.mixed
                when: sessions_30d > 0 && has(violations)
                lint_allow: [expr.mixed-branches]
                tip: {title: "{{ violations > 0 ? 90 : 'x' }}", body: b, actions: [c], learn: [photos]}
            """.write(to: root.appendingPathComponent("Rules/phases.yaml"), atomically: true, encoding: .utf8)
        let rs = try RuleSet.load(rules: root.appendingPathComponent("Rules").path, playbooks: root.appendingPathComponent("Playbooks").path)
        let found = Linter(ruleSet: rs).run().filter { $0.location?.path.hasSuffix("phases.yaml") == true }
        let said = found.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.code) \($0.message) | \($0.hint ?? "")" }
        #expect(said == [
            "3:27 never-true 'phase == \"lates\"' is always false: the manifest has no phase 'lates' | did you mean 'late'?",
            "6:20 never-true 'phase == \"midle\"' is always false: the manifest has no phase 'midle' | did you mean 'middle'?",
            "6:49 never-true \"lat\" in the list 'phase in' tests is not a phase of the manifest: it never matches | did you mean 'late'?",
            "9:20 always-true 'phase != \"erly\"' is always true: the manifest has no phase 'erly' | did you mean 'early'?",
        ], "\(said)")
    }

    @Test func `--strict turns warnings into a failing exit; the shipped rules lint clean`() throws {
        let root = try sloppyRuleSet()
        defer { try? FileManager.default.removeItem(at: root) }
        func lint(_ args: [String]) -> ExitCode {
            CoachCLI.run(["lint"] + args, context: CommandContext(stdout: BufferOutput(), stderr: BufferOutput()))
        }
        let dirs = ["--rules", root.appendingPathComponent("Rules").path, "--playbooks", root.appendingPathComponent("Playbooks").path]
        #expect(lint(dirs) == .success)
        #expect(lint(dirs + ["--strict"]) == .failure)
        let shipped = ["--rules", TestPaths.inPackage("Rules").path, "--playbooks", TestPaths.inPackage("Playbooks").path, "--strict"]
        #expect(lint(shipped) == .success)
    }
}
