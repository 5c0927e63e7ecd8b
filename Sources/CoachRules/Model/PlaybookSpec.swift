// PlaybookSpec.swift — playbooks (items per phase) and learning resources, as written.

import CoachSource

/// A playbook as written.
public struct PlaybookSpec: Sendable {
    public var id: Located<String>
    public var title: String?
    public var appliesWhen: ExprText?
    public var phases: [PlaybookPhaseSpec]
}

/// A playbook's items for one phase.
public struct PlaybookPhaseSpec: Sendable {
    public var phase: Located<String>
    public var items: [ItemSpec]
}

/// A checklist item as written.
public struct ItemSpec: Sendable {
    public var id: Located<String>
    public var title: TemplateText
    public var doneWhen: ExprText
    public var appliesWhen: ExprText?
    public var progress: ExprText?
    public var learn: [Located<String>]
    public var onDemand: Bool
}

/// A learning resource.
public struct Resource: Sendable {
    /// Its id, as tips and items link to it.
    public var id: String
    /// Its title.
    public var title: String
    /// Where it is.
    public var url: String
    /// `guide`, `video`, `course`, `template` or `checklist`.
    public var kind: String
    /// How long it takes, in minutes.
    public var minutes: Int?
    /// Where it was declared.
    public var location: SourceLocation
}
