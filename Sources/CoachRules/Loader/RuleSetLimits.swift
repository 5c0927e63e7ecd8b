// RuleSetLimits.swift — how much one rule set may hold, so that loading and compiling stay
// within about a second whatever the files say (docs/limits.md).

import CoachSource

/// Bounds on the size of a rule set, checked once its files are decoded.
enum RuleSetLimits {
    /// The most rule files, or playbook files, in one directory.
    static let maxFiles = 1_000
    /// The most rules in a rule set.
    static let maxRules = 10_000
    /// The most definitions in a rule set.
    static let maxDefinitions = 10_000
    /// The most checklist items over all playbooks.
    static let maxItems = 5_000
    /// The most learning resources.
    static let maxResources = 5_000

    /// Reports each kind of entry past its limit, at the first entry over it; returns whether
    /// everything is within its limit.
    static func check(_ sources: RuleSetLoader.Sources, _ bag: inout DiagnosticBag) -> Bool {
        let before = bag.errorCount
        func over(_ count: Int, _ limit: Int, _ what: String, at location: @autoclosure () -> SourceLocation) {
            guard count > limit else { return }
            bag.error("the rule set holds \(count) \(what), over the limit of \(limit)", at: location(),
                      hint: "this is the first one past the limit; see docs/limits.md", code: .rulesTooMany)
        }
        over(sources.rules.count, maxRules, "rules", at: sources.rules[maxRules].location)
        over(sources.definitions.count, maxDefinitions, "definitions", at: sources.definitions[maxDefinitions].name.location)
        let items = sources.playbooks.flatMap { $0.phases.flatMap(\.items) }
        over(items.count, maxItems, "checklist items", at: items[maxItems].id.location)
        over(sources.resources.count, maxResources, "learning resources", at: sources.resources[maxResources].location)
        return bag.errorCount == before
    }
}
