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
    /// The most bytes all of a rule set's files may hold together (each file may hold 8 MiB):
    /// 1,000 files of 8 MiB would take hundreds of gigabytes to compile.
    static let maxTotalBytes = 32 << 20
    /// The most expressions in the rules' conditions and in every template (each `{{`
    /// opening counted as one): what compiling costs grows with them, about 20 µs and 2 KB a
    /// condition, and the bytes alone let 32 MiB hold over a million.
    static let maxExpressions = 250_000
    /// The most bytes of expression text in all (conditions, definitions, expression
    /// priorities, checklist items' expressions, and what stands between `{{` and `}}`):
    /// compiling a long expression costs up to about 3 µs and 140 bytes of memory a byte.
    static let maxExpressionBytes = 4 << 20

    /// Whether files of `sizes` bytes fit together; when not, the error says so (before any
    /// is parsed). `whose` names them: the folders, or "the files given".
    static func checkTotal(_ sizes: [Int], whose: String, _ bag: inout DiagnosticBag) -> Bool {
        var total = 0
        for size in sizes {
            let (sum, overflow) = total.addingReportingOverflow(max(0, size))
            total = overflow ? Int.max : sum
        }
        guard total > maxTotalBytes else { return true }
        bag.error("\(whose) hold \(total) bytes together, over the limit of \(maxTotalBytes) bytes (32 MiB) for a rule set",
                  hint: "a rule set this large takes minutes and gigabytes to compile; see docs/limits.md", code: .rulesTooLarge)
        return false
    }

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
        var tally = ExpressionTally(maxCount: maxExpressions, maxBytes: maxExpressionBytes)
        switch tally.firstOver(sources) {
        case (let at, .count)?:
            bag.error("the rule set holds more than \(maxExpressions) expressions in its conditions and templates, over the limit",
                      at: at, hint: "this is the first one past the limit (each condition, and each {{ }} of a text, counts); see docs/limits.md",
                      code: .rulesTooMany)
        case (let at, .bytes)?:
            bag.error("the rule set's expressions hold more than \(maxExpressionBytes) bytes of text (4 MiB), over the limit",
                      at: at, hint: "this is the first expression past the limit (conditions, definitions, priorities, checklist expressions and {{ }} parts count); see docs/limits.md",
                      code: .rulesTooLarge)
        case nil: break
        }
        return bag.errorCount == before
    }
}
