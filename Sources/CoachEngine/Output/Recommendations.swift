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
    /// What the host should store for the next evaluation.
    public var changes = StateChanges()
    /// Problems with the input or with rules for this seller.
    public var diagnostics: [Diagnostic]
}

/// Name, version and fingerprint of a rule set.
public struct RuleSetInfo: Sendable, Equatable {
    /// The rule set's name.
    public var name: String
    /// Its version.
    public var version: String
    /// A hash of its files: which exact rule set produced the result.
    public var fingerprint: String
}

/// A coaching tip.
public struct Tip: Sendable, Equatable {
    /// The id of the rule that gives it.
    public var id: String
    /// The skill area.
    public var area: String
    /// 0–100; higher first.
    public var priority: Int
    /// The title, rendered.
    public var title: String
    /// The body, rendered.
    public var body: String
    /// Concrete next steps, rendered.
    public var actions: [String]
    /// Learning resources.
    public var learn: [LearnLink]
    /// ``learn`` as JSON, made once per rule set.
    var learnJSON = LinksCache()
}

/// A learning resource linked from a tip or checklist item.
public struct LearnLink: Sendable, Equatable {
    /// The resource's id (from Playbooks/).
    public var id: String
    /// The resource's title.
    public var title: String
    /// Where it is.
    public var url: String
    /// `guide`, `video`, `course`, `template` or `checklist`.
    public var kind: String
    /// How long it takes.
    public var minutes: Int?
}

/// The status of a checklist item.
public enum ItemStatus: String, Sendable, CaseIterable {
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
    /// The playbook item's id.
    public var id: String
    /// The playbook it comes from.
    public var playbook: String
    /// The phase it belongs to.
    public var phase: String
    /// The title, rendered.
    public var title: String
    /// Done, open, overdue or upcoming.
    public var status: ItemStatus
    /// The last day of its phase (`YYYY-MM-DD`).
    public var due: String
    /// The same as days since enrolment.
    public var dueDay: Int
    /// 0…1, when the item measures progress.
    public var progress: Double?
    /// The rule that added it, for on-demand items.
    public var addedBy: String?
    /// Whether its `done_when` could be evaluated (false when a signal it reads is missing).
    public var checked: Bool
    /// The day (`YYYY-MM-DD`) the host's state marked it done, when it is done by that mark.
    public var markedDone: String? = nil
    /// Learning resources.
    public var learn: [LearnLink]
    /// ``learn`` as JSON, made once per rule set.
    var learnJSON = LinksCache()
}

/// An escalation to a person.
public struct Escalation: Sendable, Equatable {
    /// The id of the rule that raises it.
    public var id: String
    /// The route: who receives it.
    public var to: String
    /// How urgent it is.
    public var severity: Severity
    /// 0–100; higher first.
    public var priority: Int
    /// Why, rendered.
    public var reason: String
    /// A second route told of it.
    public var also: String? = nil
    /// What the seller is told, when anything.
    public var notice: String? = nil
    /// What the mentor could raise with the seller.
    public var talkingPoints: [String] = []
}

/// Why something that fired is not shown.
public enum SuppressionReason: String, Sendable, CaseIterable {
    /// Another tip of its group ranks higher.
    case group
    /// The per-area or total tip limit was reached.
    case limit
    /// It was delivered too recently.
    case cooldown
    /// A firing rule holds it back.
    case inhibited
    /// The seller dismissed the tip, within the rule's dismissal period.
    case dismissed
    /// The seller snoozed the tip, until a day still to come.
    case snoozed
    /// Its route acknowledged the escalation (the rule's tip, if any, is still shown).
    case acknowledged
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
    /// The id of the rule held back.
    public var id: String
    /// Why it is held back.
    public var reason: SuppressionReason
    /// The rule responsible (the group winner, the inhibiting rule), when there is one.
    public var by: String?
    /// The detail in words.
    public var detail: String
}
