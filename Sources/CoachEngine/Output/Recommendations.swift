// Recommendations.swift — what one evaluation produces for one seller.

import CoachRules
import CoachSource

/// The result of evaluating one seller: what the seller sees, what was held back and why,
/// and any problems with the input.
public struct Recommendations: Sendable {
    /// The rule set that produced it.
    public var ruleSet: RuleSetInfo
    /// The seller's id.
    public var seller: String
    /// The seller's category.
    public var category: String?
    /// The evaluation date (`YYYY-MM-DD`).
    public var asOf: String
    /// Days since enrolment.
    public var day: Int
    /// The current phase id, or `graduated`.
    public var phase: String
    /// Tips to show, best first.
    public var tips: [Tip]
    /// The checklist, by phase.
    public var checklist: [ChecklistEntry]
    /// Escalations, most severe first.
    public var escalations: [Escalation]
    /// What fired but was held back, and why.
    public var suppressed: [Suppression]
    /// Rules not evaluated because a signal they read is missing.
    public var skipped: [SkippedRule]
    /// Problems with the input or with rules for this seller.
    public var diagnostics: [Diagnostic]
}

/// Name, version and fingerprint of a rule set.
public struct RuleSetInfo: Sendable, Equatable {
    public var name: String
    public var version: String
    public var fingerprint: String
}

/// A coaching tip.
public struct Tip: Sendable, Equatable {
    public var id: String
    public var area: String
    public var priority: Int
    public var title: String
    public var body: String
    public var actions: [String]
    public var learn: [LearnLink]
}

/// A learning resource linked from a tip or checklist item.
public struct LearnLink: Sendable, Equatable {
    public var id: String
    public var title: String
    public var url: String
    public var kind: String
    public var minutes: Int?
}

/// The status of a checklist item.
public enum ItemStatus: String, Sendable {
    /// Its `done_when` holds.
    case done
    /// Not done, and its phase is the current one.
    case open
    /// Not done, and its phase is over.
    case overdue
    /// Its phase has not started.
    case upcoming
}

/// One checklist item for this seller.
public struct ChecklistEntry: Sendable, Equatable {
    public var id: String
    public var playbook: String
    public var phase: String
    public var title: String
    public var status: ItemStatus
    /// The last day of its phase (`YYYY-MM-DD`).
    public var due: String
    /// The same as days since enrolment.
    public var dueDay: Int
    /// 0…1, when the item measures progress.
    public var progress: Double?
    /// The rule that added it, for on-demand items.
    public var addedBy: String?
    public var learn: [LearnLink]
}

/// An escalation to a person.
public struct Escalation: Sendable, Equatable {
    public var id: String
    public var to: String
    public var severity: Severity
    public var priority: Int
    public var reason: String
}

/// Why something that fired is not shown.
public enum SuppressionReason: String, Sendable {
    /// Another tip of its group ranks higher.
    case group
    /// The per-area or total tip limit was reached.
    case limit
    /// It was delivered too recently.
    case cooldown
    /// A firing rule holds it back.
    case inhibited
}

/// A rule that was not evaluated because signals it reads are missing.
public struct SkippedRule: Sendable, Equatable {
    /// The rule's id.
    public var id: String
    /// The missing signals it reads.
    public var missing: [String]
}

/// A rule that fired but is held back.
public struct Suppression: Sendable, Equatable {
    public var id: String
    public var reason: SuppressionReason
    /// The rule responsible (the group winner, the inhibiting rule), when there is one.
    public var by: String?
    /// The detail in words.
    public var detail: String
}
