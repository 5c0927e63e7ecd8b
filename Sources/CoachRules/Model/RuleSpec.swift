// RuleSpec.swift — a rule as written: condition tree, ranking, and what it produces.

import CoachSource

/// An expression as written in a file, with where each of its characters is.
public struct ExprText: Sendable {
    /// The expression.
    public var text: String
    /// Where its characters are in the file.
    public var origin: TextOrigin
    /// Where it starts.
    public var location: SourceLocation
}

/// A `when` tree.
public indirect enum ConditionSpec: Sendable {
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
public struct TemplateText: Sendable {
    /// The text as written (after YAML processing).
    public var text: String
    /// Where its characters are in the file.
    public var origin: TextOrigin
    /// Where it starts.
    public var location: SourceLocation
}

/// How serious an escalation is.
public enum Severity: String, Sendable, CaseIterable, Comparable {
    case critical, high, medium, low

    /// 0 for critical … 3 for low.
    public var rank: Int { Severity.allCases.firstIndex(of: self) ?? 3 }

    /// Critical sorts first.
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A rule as written.
public struct RuleSpec: Sendable {
    public var id: Located<String>
    public var area: Located<String>?
    public var when: ConditionSpec
    public var priority: Int
    public var group: Located<String>?
    public var cooldownDays: Int?
    public var inhibits: [Located<String>]
    public var tip: TipSpec?
    public var escalation: EscalationSpec?
    public var checklist: [Located<String>]
    public var location: SourceLocation
    public var lintAllow: [Located<String>]
}

/// The tip part of a rule.
public struct TipSpec: Sendable {
    public var title: TemplateText
    public var body: TemplateText
    public var actions: [TemplateText]
    public var learn: [Located<String>]
    public var location: SourceLocation
}

/// The escalation part of a rule.
public struct EscalationSpec: Sendable {
    public var to: Located<String>
    public var severity: Severity
    public var reason: TemplateText
    public var location: SourceLocation
}

/// A named condition or value.
public struct DefinitionSpec: Sendable {
    public var name: Located<String>
    public var expr: ExprText
}
