// RuleTestRunner.swift — runs rule test cases against a rule set, checks expectations, and
// gathers coverage: which rules fired and did not, and which leaf conditions were seen
// both true and false.

import CoachEngine
import CoachRules
import CoachSource
import CoachYAML

/// The outcome of one case.
package struct CaseResult: Sendable {
    /// The case's name.
    package var name: String
    /// Where the case is written.
    package var location: SourceLocation
    /// Why it failed; empty when it passed.
    package var failures: [Failure]

    /// Whether every expectation held.
    package var passed: Bool { failures.isEmpty }

    /// One failed expectation, with where it is written and what differed.
    package struct Failure: Sendable {
        /// What was expected, in words.
        package var message: String
        /// Where the expectation is written.
        package var location: SourceLocation?
        /// Expected and actual, as `- expected` / `+ actual` lines.
        package var diff: [String]
    }
}

/// Coverage gathered over many cases.
package struct Coverage: Sendable {
    /// Per rule: its condition was seen true.
    package var ruleTrue: [Bool]
    /// Per rule: its condition was seen false.
    package var ruleFalse: [Bool]
    /// Per rule, per leaf: seen true.
    package var leafTrue: [[Bool]]
    /// Per rule, per leaf: seen false.
    package var leafFalse: [[Bool]]
    /// Per checklist item (rule-set order): seen done.
    package var itemDone: [Bool]
    /// Per checklist item: seen on the checklist, checked, and not done.
    package var itemNotDone: [Bool]
    /// Per checklist item: on demand (on the checklist only while a rule asks for it, so
    /// seeing it there is what there is to see: its rule's coverage shows the rest).
    package var itemOnDemand: [Bool]

    /// Whether item `i` was exercised: seen done and not done, or, on demand, seen at all.
    package func itemCovered(_ i: Int) -> Bool {
        itemOnDemand[i] ? itemDone[i] || itemNotDone[i] : itemDone[i] && itemNotDone[i]
    }

    init(ruleSet: RuleSet) {
        ruleTrue = Array(repeating: false, count: ruleSet.rules.count)
        ruleFalse = ruleTrue
        leafTrue = ruleSet.rules.map { Array(repeating: false, count: $0.condition.leaves.count) }
        leafFalse = leafTrue
        itemDone = Array(repeating: false, count: ruleSet.items.count)
        itemNotDone = itemDone
        itemOnDemand = ruleSet.items.map(\.onDemand)
    }

    /// Checklist items exercised (see ``itemCovered(_:)``).
    package var itemsCovered: Int { itemDone.indices.filter(itemCovered).count }

    /// Rules seen both firing and not firing.
    package var rulesCovered: Int { zip(ruleTrue, ruleFalse).filter { $0 && $1 }.count }
    /// Leaves seen both true and false.
    package var leavesCovered: Int { zip(leafTrue, leafFalse).map { zip($0, $1).filter { $0 && $1 }.count }.reduce(0, +) }
    /// All leaves.
    package var leafCount: Int { leafTrue.map(\.count).reduce(0, +) }
    /// The share of rules covered, 0…100.
    package var rulePercent: Double { ruleTrue.isEmpty ? 100 : Double(rulesCovered) * 100 / Double(ruleTrue.count) }
}

/// Runs rule tests.
package struct RuleTestRunner {
    let ruleSet: RuleSet
    /// The ids of the rules that show a tip.
    let tipRules: Set<String>
    /// Coverage so far.
    package private(set) var coverage: Coverage

    /// A runner for `ruleSet`.
    package init(ruleSet: RuleSet) {
        self.ruleSet = ruleSet
        self.tipRules = Set(ruleSet.rules.filter { $0.tip != nil }.map(\.id))
        self.coverage = Coverage(ruleSet: ruleSet)
    }

    /// Runs one case; a snapshot the engine refuses is a failure of the case, with the reason.
    package mutating func run(_ c: RuleTestCase, file: String) -> CaseResult {
        let snapshot: Snapshot
        do {
            snapshot = try SnapshotReader(ruleSet: ruleSet).read(yaml: c.snapshot, path: file)
        } catch {
            return CaseResult(name: c.name, location: c.location, failures: error.diagnostics.map {
                .init(message: "the snapshot is refused: \($0.message)", location: $0.location ?? c.location, diff: [])
            })
        }
        // Outcomes and traces only: neither the checks nor coverage read what each rule read
        // or what would change it, the costliest part of explaining a long condition.
        let explanation = ruleSet.explainOutcomes(snapshot)
        record(explanation)
        let check = CaseCheck(explanation: explanation, snapshot: c.snapshot, tipRules: tipRules)
        var failures = Self.ignored(snapshot.diagnostics) + c.expectations.flatMap(check.failures)
        // A value the engine refused reads as missing: said beside a failure it may explain.
        if !failures.isEmpty { failures += Self.refused(snapshot.diagnostics) }
        return CaseResult(name: c.name, location: c.location, failures: failures)
    }

    /// What a snapshot gave that coach ignores (a misspelt key, signal, field or delivered
    /// rule, a state entry that cannot take effect or is dated before enrolment): a case
    /// whose snapshot says something other than the author meant proves nothing, so it
    /// fails, where `coach eval` only warns.
    static func ignored(_ diagnostics: [Diagnostic]) -> [CaseResult.Failure] {
        let typos: Set<DiagnosticCode> = [.snapshotUnknownKey, .snapshotUnknownSignal, .snapshotUnknownField, .snapshotUnknownDelivery,
                                          .snapshotUnknownID]
        // A delivery after as_of is not among them: a case moving `day` back over a base
        // snapshot puts its later deliveries after as_of, as the author meant.
        let found = diagnostics.filter { typos.contains($0.kind) || ($0.kind == .snapshotState && $0.severity == .warning) }
        // Past the hundred a snapshot shows, the rest are counted in a note: said too.
        return found.isEmpty ? [] : (found + diagnostics.filter { $0.kind == .snapshotMore }).map(failure)
    }

    /// Values the engine refused (a wrong type, out of range), read as missing.
    static func refused(_ diagnostics: [Diagnostic]) -> [CaseResult.Failure] {
        diagnostics.filter { $0.kind == .snapshotInvalidSignal }.map(failure)
    }

    static func failure(_ d: Diagnostic) -> CaseResult.Failure {
        .init(message: "the snapshot: " + d.message + (d.hint.map { " (\($0))" } ?? ""), location: d.location, diff: [])
    }

    private mutating func record(_ e: Explanation) {
        for entry in e.recommendations.checklist where entry.checked {
            guard let i = ruleSet.items.firstIndex(where: { $0.id == entry.id }) else { continue }
            if entry.status == .done { coverage.itemDone[i] = true } else { coverage.itemNotDone[i] = true }
        }
        for (i, r) in e.rules.enumerated() {
            switch r.outcome {
            case .fired, .suppressed: coverage.ruleTrue[i] = true
            case .notFired: coverage.ruleFalse[i] = true
            default: break
            }
            for (j, holds) in Self.leafValues(r.condition).enumerated() where j < coverage.leafTrue[i].count {
                if holds == true { coverage.leafTrue[i][j] = true }
                if holds == false { coverage.leafFalse[i][j] = true }
            }
        }
    }

    static func leafValues(_ t: ConditionTrace) -> [Bool?] {
        switch t {
        case .leaf(_, _, _, let h): return [h]
        case .all(let ms, _), .any(let ms, _): return ms.flatMap(leafValues)
        case .not(let m, _): return leafValues(m)
        }
    }
}
