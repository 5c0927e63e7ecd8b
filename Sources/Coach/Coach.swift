// Coach.swift — the library's front door: `import Coach` brings in everything a host needs.
//
// - ``RuleSet/load(rules:playbooks:)`` loads and compiles a rule set (or throws every
//   problem found, with positions).
// - ``SnapshotReader`` reads seller snapshots (JSON through simdjson, or YAML).
// - ``RuleSet/evaluate(_:)`` gives ``Recommendations``; ``RuleSet/explain(_:rule:)`` says why.

@_exported import CoachEngine
@_exported import CoachExpr
@_exported import CoachJSON
@_exported import CoachRules
@_exported import CoachSource
