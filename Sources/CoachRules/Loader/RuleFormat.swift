// RuleFormat.swift — the keys each kind of mapping of the rule format allows: the one list
// the loader checks against, and the JSON Schemas are tested against.

import CoachExpr
import CoachSource

/// The keys the loader accepts in each kind of mapping of the rule format.
package enum RuleFormat {
    /// `Rules/ruleset.yaml`.
    package static let manifestKeys = ["name", "version", "requires", "currency", "limits", "phases", "routes", "areas", "params", "benchmarks", "escalations", "dismissals"]
    /// The manifest's `limits`.
    package static let limitsKeys = ["tips", "tips_per_area"]
    /// The manifest's `escalations`.
    package static let manifestEscalationKeys = ["cooldown", "acknowledged_for"]
    /// A band of the manifest's `benchmarks.bands`.
    package static let bandKeys = ["of", "edges", "names"]
    /// One of the manifest's `phases`.
    package static let phaseKeys = ["id", "title", "until_day"]
    /// `Rules/signals.yaml`, top level.
    package static let catalogKeys = ["signals"]
    /// One signal of the catalog.
    package static let signalKeys = ["type", "of", "unit", "range", "absent", "default", "description"]
    /// A field of a listed object written as a mapping.
    package static let fieldKeys = ["type", "range", "absent"]
    /// A rule file, top level.
    package static let ruleFileKeys = ["area", "rules", "define"]
    /// One rule.
    package static let ruleKeys = ["id", "area", "when", "priority", "group", "cooldown", "inhibits", "tip", "escalate", "checklist", "lint_allow", "must_show", "dismissal"]
    /// A rule's `tip`.
    package static let tipKeys = ["title", "body", "actions", "learn", "fallback"]
    /// A rule's `escalate`.
    package static let escalationKeys = ["to", "severity", "reason", "also", "notice", "talking_points", "fallback"]
    /// A tip's `fallback`.
    package static let tipFallbackKeys = ["title", "body", "actions"]
    /// An escalation's `fallback`.
    package static let escalationFallbackKeys = ["reason", "notice", "talking_points"]
    /// A playbook file, top level.
    package static let playbookFileKeys = ["playbook", "title", "applies_when", "phases", "resources"]
    /// One phase of a playbook.
    package static let playbookPhaseKeys = ["phase", "items"]
    /// One checklist item.
    package static let itemKeys = ["id", "title", "done_when", "applies_when", "progress", "learn", "on_demand", "standard"]
    /// The warnings of `coach lint` a rule's `lint_allow` may name (not the catalog-wide
    /// `unused-*`, which no rule can keep quiet).
    package static let lintCodes = (DiagnosticCode.lintWarnings.filter { !$0.isCatalogWide } + DiagnosticCode.ruleLoadWarnings).map(\.rawValue)
    /// One learning resource.
    package static let resourceKeys = ["id", "title", "url", "kind", "minutes"]

    // MARK: values

    /// The types a signal may have.
    package static let signalTypes = elementTypes + ["list"]
    /// The element and field types of a list signal.
    package static let elementTypes = ["int", "double", "bool", "string"]
    /// What a signal's `absent` may say.
    package static let absentModes = ["required", "optional", "default"]
    /// The kinds of a learning resource.
    package static let resourceKinds = ["guide", "video", "course", "template", "checklist"]
    /// The names the engine provides to every expression; no signal or definition may take one.
    package static let engineNames = RuleSetCompiler.engineNames.sorted()
    /// Words that cannot name a signal, param, definition or field.
    package static let reservedWords = Lexer.unusableNames.sorted()
}
