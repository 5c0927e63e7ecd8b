// RuleSpec.swift — a rule as written: condition tree, ranking, and what it produces.

import CoachSource

/// An expression as written in a file, with where each of its characters is.
struct ExprText: Sendable {
    /// The expression.
    var text: String
    /// Where its characters are in the file.
    var origin: TextOrigin
    /// Where it starts.
    var location: SourceLocation
}

/// A `when` tree.
indirect enum ConditionSpec: Sendable {
    /// One CEL condition.
    case expr(ExprText)
    /// Every member holds.
    case all([ConditionSpec], SourceLocation)
    /// At least one member holds.
    case any([ConditionSpec], SourceLocation)
    /// The member does not hold.
    case not(ConditionSpec, SourceLocation)
}

/// Text that may hold `{{ expression }}` parts.
struct TemplateText: Sendable {
    /// The text as written (after YAML processing).
    var text: String
    /// Where its characters are in the file.
    var origin: TextOrigin
    /// Where it starts.
    var location: SourceLocation
}

/// How serious an escalation is.
public enum EscalationSeverity: String, Sendable, CaseIterable, Comparable {
    case critical, high, medium, low

    /// 0 for critical … 3 for low.
    package var rank: Int { EscalationSeverity.allCases.firstIndex(of: self) ?? 3 }

    /// Critical sorts first.
    public static func < (a: EscalationSeverity, b: EscalationSeverity) -> Bool { a.rank < b.rank }
}

/// A rule as written.
struct RuleSpec: Sendable {
    var id: Located<String>
    var area: Located<String>?
    var when: ConditionSpec
    var priority: Int
    var group: Located<String>?
    var cooldownDays: Int?
    var inhibits: [Located<String>]
    var tip: TipSpec?
    var escalation: EscalationSpec?
    var checklist: [Located<String>]
    var location: SourceLocation
    var lintAllow: [Located<String>]
    /// `must_show: true`, where it was written.
    var mustShow: Located<Bool>? = nil
    /// A priority that depends on the seller: an int expression (`priority` written as text).
    var priorityExpr: ExprText? = nil
    /// How long a dismissed tip of this rule is held back (`dismissal: 60d`).
    var dismissalDays: Int? = nil
}

/// The tip part of a rule.
struct TipSpec: Sendable {
    var title: TemplateText
    var body: TemplateText
    var actions: [TemplateText]
    var learn: [Located<String>]
    var location: SourceLocation
    /// Texts to write when a value only the texts read is missing.
    var fallback: FallbackSpec? = nil

    /// Its templates, then its fallback's, in the order they are written.
    var templates: [TemplateText] { [title, body] + actions + (fallback?.templates ?? []) }
}

/// The escalation part of a rule.
struct EscalationSpec: Sendable {
    var to: Located<String>
    var severity: EscalationSeverity
    var reason: TemplateText
    /// A second route told of it.
    var also: Located<String>?
    /// What the seller is told (for example that Trust & Safety is reviewing the shop).
    var notice: TemplateText?
    /// What the mentor could raise with the seller.
    var talkingPoints: [TemplateText]
    var location: SourceLocation
    /// Texts to write when a value only the texts read is missing.
    var fallback: FallbackSpec? = nil

    /// Its templates, then its fallback's, in the order they are written.
    var templates: [TemplateText] { [reason] + (notice.map { [$0] } ?? []) + talkingPoints + (fallback?.templates ?? []) }
}

/// `fallback:` of a tip or an escalation: texts by key (title, body / reason, notice) and
/// the list (actions / talking points); what is not given stays the original's.
struct FallbackSpec: Sendable {
    var texts: [String: TemplateText] = [:]
    var list: [TemplateText]?
    var location: SourceLocation

    /// Its texts in the order they are written, then its list.
    var templates: [TemplateText] { texts.values.sorted { $0.location < $1.location } + (list ?? []) }
}

/// A named condition or value.
struct DefinitionSpec: Sendable {
    var name: Located<String>
    var expr: ExprText
}
