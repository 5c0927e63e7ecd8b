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
        if let first = firstExpressionOver(maxExpressions, sources) {
            bag.error("the rule set holds more than \(maxExpressions) expressions in its conditions and templates, over the limit",
                      at: first, hint: "this is the first one past the limit (each condition, and each {{ }} of a text, counts); see docs/limits.md",
                      code: .rulesTooMany)
        }
        return bag.errorCount == before
    }

    /// Where the rule set's expression number `limit + 1` is, counting every condition of every
    /// rule, then every `{{` of the rules' texts, then of the checklist items' titles, in file
    /// order; nil when there are no more than `limit`. Stops counting there.
    static func firstExpressionOver(_ limit: Int, _ sources: RuleSetLoader.Sources) -> SourceLocation? {
        var count = 0
        func add(_ n: Int, at location: SourceLocation) -> SourceLocation? {
            count += n
            return count > limit ? location : nil
        }
        for rule in sources.rules {
            if let at = conditionOver(rule.when, &count, limit) { return at }
            for text in texts(of: rule) {
                if let at = add(openings(text.text), at: text.location) { return at }
            }
        }
        for item in sources.playbooks.lazy.flatMap({ $0.phases.flatMap(\.items) }) {
            if let at = add(openings(item.title.text), at: item.title.location) { return at }
        }
        return nil
    }

    /// Counts a `when` tree's conditions into `count`; where the one past `limit` is, if any.
    /// The tree is at most 32 levels deep (the decoder refuses deeper ones).
    private static func conditionOver(_ c: ConditionSpec, _ count: inout Int, _ limit: Int) -> SourceLocation? {
        switch c {
        case .expr(let e):
            count += 1
            return count > limit ? e.location : nil
        case .all(let members, _), .any(let members, _):
            for m in members {
                if let at = conditionOver(m, &count, limit) { return at }
            }
            return nil
        case .not(let member, _):
            return conditionOver(member, &count, limit)
        }
    }

    /// Every template of a rule: its tip's, its escalation's and their fallbacks'.
    private static func texts(of rule: RuleSpec) -> [TemplateText] {
        var all: [TemplateText] = []
        if let tip = rule.tip {
            all += [tip.title, tip.body] + tip.actions
            if let f = tip.fallback { all += f.texts.values.sorted { $0.location < $1.location } + (f.list ?? []) }
        }
        if let e = rule.escalation {
            all += [e.reason] + (e.notice.map { [$0] } ?? []) + e.talkingPoints
            if let f = e.fallback { all += f.texts.values.sorted { $0.location < $1.location } + (f.list ?? []) }
        }
        return all
    }

    /// How many `{{` a text holds: an upper bound on its expressions.
    private static func openings(_ text: String) -> Int {
        var n = 0, previousBrace = false
        for b in text.utf8 {
            if b == UInt8(ascii: "{") {
                if previousBrace { n += 1; previousBrace = false } else { previousBrace = true }
            } else {
                previousBrace = false
            }
        }
        return n
    }
}
