// RuleTest.swift — rule test files (`*.test.yaml`) decoded: cases with their snapshot and
// expectations, every part keeping its position.

import CoachEngine
import CoachRules
import CoachSource
import CoachYAML

/// One test case of a rule test file.
package struct RuleTestCase: Sendable {
    /// The case's name.
    package var name: String
    /// Where the case is written.
    package var location: SourceLocation
    /// The snapshot, built from the base or inline snapshot and the overrides.
    package var snapshot: Node
    /// What must hold.
    package var expectations: [Expectation]
}

/// One expectation of a case.
package enum Expectation: Sendable {
    /// These tips are shown.
    case tips([Located<String>])
    /// None of these tips is shown.
    case notTips([Located<String>])
    /// These escalations are raised.
    case escalations([Located<String>])
    /// None of these escalations is raised.
    case notEscalations([Located<String>])
    /// Exactly these tips are shown, in this order.
    case onlyTips([Located<String>], SourceLocation)
    /// Each item has this status (`absent`: not on the checklist).
    case checklist([(Located<String>, String)])
    /// Each rule fired and was held back for this reason.
    case suppressed([(Located<String>, SuppressionReason)])
    /// Each rule's rendered text contains the phrase.
    case contains([(Located<String>, String)])
    /// The seller is in this phase.
    case phase(Located<String>)
    /// No error diagnostics.
    case noErrors(SourceLocation)
}

/// A decoded rule test file.
package struct RuleTestFile: Sendable {
    /// The file's path.
    package var path: String
    /// Its cases.
    package var cases: [RuleTestCase]
    /// What reading it warned of (a phrase a comment cut short), to be shown before its cases run.
    package var warnings: [Diagnostic] = []
}

extension Expectation {
    /// Whether it can fail: an empty list of ids or an empty mapping checks nothing
    /// (`only_tips: []` does: no tip at all is shown).
    package var checksSomething: Bool {
        switch self {
        case .tips(let ids), .notTips(let ids), .escalations(let ids), .notEscalations(let ids): return !ids.isEmpty
        case .checklist(let pairs): return !pairs.isEmpty
        case .suppressed(let pairs): return !pairs.isEmpty
        case .contains(let pairs): return !pairs.isEmpty
        case .onlyTips, .phase, .noErrors: return true
        }
    }
}
