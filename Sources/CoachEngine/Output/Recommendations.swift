// Recommendations.swift — what one evaluation produces for one seller.

import CoachRules
import CoachSource

/// The result of evaluating one seller: what the seller sees, what was held back and why,
/// and any problems with the input.
public struct Recommendations: Sendable, Equatable {
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

    /// Creates a value from its parts (for hosts building results, e.g. in tests).
    public init(
        ruleSet: RuleSetInfo,
        seller: String,
        category: String? = nil,
        asOf: String,
        day: Int,
        phase: String,
        tips: [Tip],
        checklist: [ChecklistEntry],
        escalations: [Escalation],
        suppressed: [Suppression],
        skipped: [SkippedRule],
        changes: StateChanges = StateChanges(),
        diagnostics: [Diagnostic]
    ) {
        self.ruleSet = ruleSet
        self.seller = seller
        self.category = category
        self.asOf = asOf
        self.day = day
        self.phase = phase
        self.tips = tips
        self.checklist = checklist
        self.escalations = escalations
        self.suppressed = suppressed
        self.skipped = skipped
        self.changes = changes
        self.diagnostics = diagnostics
    }
}

/// Name, version and fingerprint of a rule set.
public struct RuleSetInfo: Sendable, Equatable {
    /// The rule set's name.
    public var name: String
    /// Its version.
    public var version: String
    /// A hash of its files: which exact rule set produced the result.
    public var fingerprint: String

    /// Creates a value from its parts (for hosts building results, e.g. in tests).
    public init(name: String, version: String, fingerprint: String) {
        self.name = name
        self.version = version
        self.fingerprint = fingerprint
    }
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

    /// Creates a value from its parts (for hosts building results, e.g. in tests).
    public init(
        id: String,
        area: String,
        priority: Int,
        title: String,
        body: String,
        actions: [String],
        learn: [LearnLink]
    ) {
        self.id = id
        self.area = area
        self.priority = priority
        self.title = title
        self.body = body
        self.actions = actions
        self.learn = learn
    }
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

    /// Creates a value from its parts (for hosts building results, e.g. in tests).
    public init(id: String, title: String, url: String, kind: String, minutes: Int? = nil) {
        self.id = id
        self.title = title
        self.url = url
        self.kind = kind
        self.minutes = minutes
    }
}

/// The status of a checklist item.
public enum ItemStatus: String, Sendable, CaseIterable, Encodable {
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
    public var id: String { didSet { headJSON = ItemHeadCache() } }
    /// The playbook it comes from.
    public var playbook: String { didSet { headJSON = ItemHeadCache() } }
    /// The phase it belongs to.
    public var phase: String { didSet { headJSON = ItemHeadCache() } }
    /// The title, rendered.
    public var title: String { didSet { headJSON = ItemHeadCache() } }
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
    /// ``id``, ``playbook``, ``phase`` (and ``title`` when it is the same for every seller)
    /// as JSON, made once per rule set; dropped when any of them is changed.
    var headJSON = ItemHeadCache()

    /// Creates a value from its parts (for hosts building results, e.g. in tests).
    public init(
        id: String,
        playbook: String,
        phase: String,
        title: String,
        status: ItemStatus,
        due: String,
        dueDay: Int,
        progress: Double? = nil,
        addedBy: String? = nil,
        checked: Bool,
        markedDone: String? = nil,
        learn: [LearnLink]
    ) {
        self.init(id: id, playbook: playbook, phase: phase, title: title, status: status, due: due, dueDay: dueDay,
                  progress: progress, addedBy: addedBy, checked: checked, markedDone: markedDone, learn: learn,
                  learnJSON: LinksCache(), headJSON: ItemHeadCache())
    }

    /// The same with the JSON the rule set made once for its links and head.
    init(id: String, playbook: String, phase: String, title: String, status: ItemStatus, due: String, dueDay: Int,
         progress: Double?, addedBy: String?, checked: Bool, markedDone: String?, learn: [LearnLink],
         learnJSON: LinksCache, headJSON: ItemHeadCache) {
        self.learnJSON = learnJSON
        self.headJSON = headJSON
        self.id = id
        self.playbook = playbook
        self.phase = phase
        self.title = title
        self.status = status
        self.due = due
        self.dueDay = dueDay
        self.progress = progress
        self.addedBy = addedBy
        self.checked = checked
        self.markedDone = markedDone
        self.learn = learn
    }
}

/// An escalation to a person.
public struct Escalation: Sendable, Equatable {
    /// The id of the rule that raises it.
    public var id: String
    /// The route: who receives it.
    public var to: String
    /// How urgent it is.
    public var severity: EscalationSeverity
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

    /// Creates a value from its parts (for hosts building results, e.g. in tests).
    public init(
        id: String,
        to: String,
        severity: EscalationSeverity,
        priority: Int,
        reason: String,
        also: String? = nil,
        notice: String? = nil,
        talkingPoints: [String] = []
    ) {
        self.id = id
        self.to = to
        self.severity = severity
        self.priority = priority
        self.reason = reason
        self.also = also
        self.notice = notice
        self.talkingPoints = talkingPoints
    }
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
    /// Its route acknowledged the escalation (this holds back the escalation, never the rule's tip).
    case acknowledged
}

/// A rule that was not evaluated because signals it reads are missing.
public struct SkippedRule: Sendable, Equatable {
    /// The rule's id.
    public var id: String
    /// The missing signals it reads.
    public var missing: [String]

    /// Creates a value from its parts (for hosts building results, e.g. in tests).
    public init(id: String, missing: [String]) {
        self.id = id
        self.missing = missing
    }
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

    /// Creates a value from its parts (for hosts building results, e.g. in tests).
    public init(id: String, reason: SuppressionReason, by: String? = nil, detail: String) {
        self.id = id
        self.reason = reason
        self.by = by
        self.detail = detail
    }
}

// Encodable as coach writes them: these hold no more than their JSON form, so Swift's
// synthesis gives the same keys.
extension RuleSetInfo: Encodable {}
extension SkippedRule: Encodable {}
