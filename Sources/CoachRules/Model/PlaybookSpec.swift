// PlaybookSpec.swift — playbooks (items per phase) and learning resources, as written.

import CoachSource

/// A playbook as written.
struct PlaybookSpec: Sendable {
    var id: Located<String>
    var title: String?
    var appliesWhen: ExprText?
    var phases: [PlaybookPhaseSpec]
}

/// A playbook's items for one phase.
struct PlaybookPhaseSpec: Sendable {
    var phase: Located<String>
    var items: [ItemSpec]
}

/// A checklist item as written.
struct ItemSpec: Sendable {
    var id: Located<String>
    var title: TemplateText
    var doneWhen: ExprText
    var appliesWhen: ExprText?
    var progress: ExprText?
    var learn: [Located<String>]
    var onDemand: Bool
    /// A standard that must keep holding: done only while `done_when` holds, never by a mark.
    var standard = false
}

/// A learning resource.
package struct Resource: Sendable {
    /// Its id, as tips and items link to it.
    package var id: String
    /// Its title.
    package var title: String
    /// Where it is.
    package var url: String
    /// `guide`, `video`, `course`, `template` or `checklist`.
    package var kind: String
    /// How long it takes, in minutes.
    package var minutes: Int?
    /// Where it was declared.
    package var location: SourceLocation
}
