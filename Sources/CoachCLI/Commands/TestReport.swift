// TestReport.swift — what `coach test` ran, kept for `--format json`: each test file's cases
// and their failures, the files that could not be read, and the coverage, as one document a
// CI job reads (annotations at each failure's file and line).

import CoachAuthoring
@_spi(Streaming) import CoachJSON
import CoachRules
import CoachSource

/// One test file of a run: its cases' results, or why it could not be read.
struct TestFileRun {
    var path: String
    /// The file's warnings (a case whose state entry cannot take effect, …).
    var warnings: [Diagnostic] = []
    /// Why the file could not be read; nil when it was.
    var refused: [Diagnostic]?
    var cases: [CaseResult] = []
}

/// A run of `coach test` as JSON.
struct TestReport {
    var ruleSet: RuleSet
    var files: [TestFileRun]
    var passed: Int
    var failed: Int
    var unreadable: Int
    /// The coverage, when asked for; and the minimum percentage of rules, when given.
    var coverage: Coverage?
    var minimum: Double?
    /// Whether the run passes (every case, every file read, the minimum met).
    var ok: Bool

    /// `{"ruleset", "files": [...], "passed", "failed", "unreadable_files", "coverage"?, "ok"}`.
    var json: JSONValue {
        let m = ruleSet.manifest
        var pairs: [(String, JSONValue)] = [
            ("ruleset", .object([("name", .string(m.name)), ("version", .string(m.version)), ("fingerprint", .string(ruleSet.fingerprint))])),
            ("files", .array(files.map(Self.json))),
            ("passed", .int(Int64(passed))), ("failed", .int(Int64(failed))), ("unreadable_files", .int(Int64(unreadable))),
        ]
        if let coverage { pairs.append(("coverage", Self.json(coverage, ruleSet, minimum: minimum))) }
        pairs.append(("ok", .bool(ok)))
        return .object(pairs)
    }

    private static func json(_ file: TestFileRun) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("path", .string(file.path))]
        if let refused = file.refused {
            pairs.append(("error", .string((refused.first { $0.severity == .error } ?? refused.first)?.message ?? "the file could not be read")))
            pairs.append(("diagnostics", .array(refused.map(\.json))))
            return .object(pairs)
        }
        pairs.append(("cases", .array(file.cases.map(json))))
        pairs.append(("diagnostics", .array(file.warnings.map(\.json))))
        return .object(pairs)
    }

    private static func json(_ c: CaseResult) -> JSONValue {
        .object([
            ("name", .string(c.name)), ("location", c.location.json), ("passed", .bool(c.passed)),
            ("failures", .array(c.failures.map { f in
                var pairs: [(String, JSONValue)] = [("message", .string(f.message))]
                if let l = f.location { pairs.append(("location", l.json)) }
                // `- expected` / `+ actual` lines, as the text shows them, each in its list.
                pairs.append(("expected", .array(f.diff.filter { $0.hasPrefix("-") }.map { .string(String($0.dropFirst(2))) })))
                pairs.append(("actual", .array(f.diff.filter { $0.hasPrefix("+") }.map { .string(String($0.dropFirst(2))) })))
                return .object(pairs)
            })),
        ])
    }

    /// Rules, conditions and checklist items: how many were exercised, and each one that was
    /// not, with its position and what was never seen.
    private static func json(_ cov: Coverage, _ rs: RuleSet, minimum: Double?) -> JSONValue {
        let rules = rs.rules.indices.filter { !(cov.ruleTrue[$0] && cov.ruleFalse[$0]) }.map { i -> JSONValue in
            let never = !cov.ruleTrue[i] && !cov.ruleFalse[i] ? "evaluated" : cov.ruleTrue[i] ? "not firing" : "firing"
            return .object([("id", .string(rs.rules[i].id)), ("location", rs.rules[i].location.json), ("never_seen", .string(never))])
        }
        var leaves: [JSONValue] = []
        for (i, rule) in rs.rules.enumerated() {
            for (j, leaf) in rule.condition.leaves.enumerated() where !(cov.leafTrue[i][j] && cov.leafFalse[i][j]) {
                let never = !cov.leafTrue[i][j] && !cov.leafFalse[i][j] ? "evaluated" : cov.leafTrue[i][j] ? "false" : "true"
                leaves.append(.object([("rule", .string(rule.id)), ("expression", .string(leaf.program.text)), ("location", leaf.location.json),
                                       ("never_seen", .string(never))]))
            }
        }
        let items = rs.items.indices.filter { !cov.itemCovered($0) }.map { i -> JSONValue in
            let never = !cov.itemDone[i] && !cov.itemNotDone[i] ? "checked" : cov.itemDone[i] ? "not done" : "done"
            return .object([("id", .string(rs.items[i].id)), ("location", rs.items[i].location.json), ("never_seen", .string(never))])
        }
        var pairs: [(String, JSONValue)] = [
            ("rules", .object([("covered", .int(Int64(cov.rulesCovered))), ("total", .int(Int64(rs.rules.count))),
                               ("percent", .double(cov.rulePercent)), ("not_covered", .array(rules))])),
            ("conditions", .object([("covered", .int(Int64(cov.leavesCovered))), ("total", .int(Int64(cov.leafCount))), ("not_covered", .array(leaves))])),
            ("checklist", .object([("covered", .int(Int64(cov.itemsCovered))), ("total", .int(Int64(rs.items.count))), ("not_covered", .array(items))])),
        ]
        if let minimum {
            pairs.append(("minimum_percent", .double(minimum)))
            pairs.append(("minimum_met", .bool(cov.rulePercent + 1e-9 >= minimum)))
        }
        return .object(pairs)
    }
}
