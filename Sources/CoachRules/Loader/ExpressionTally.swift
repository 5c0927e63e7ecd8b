// ExpressionTally.swift — how many expressions a rule set's decoded files hold, and how many
// bytes of expression text, counted before anything is compiled: what compiling costs grows
// with both, and the files' byte limits alone would let 32 MiB of them through.

import CoachSource

/// A count of expressions and of their bytes, in file order, stopping at the first one past
/// either limit (``RuleSetLimits/maxExpressions``, ``RuleSetLimits/maxExpressionBytes``).
struct ExpressionTally {
    let maxCount: Int
    let maxBytes: Int
    private(set) var count = 0
    private(set) var bytes = 0

    init(maxCount: Int, maxBytes: Int) {
        self.maxCount = maxCount
        self.maxBytes = maxBytes
    }

    /// Which limit was passed.
    enum Limit { case count, bytes }

    /// Where the first expression past a limit is, and which limit; nil when none is. Counts
    /// every condition of every rule and its priority expression, then every `{{` of its texts
    /// (with the bytes between `{{` and `}}`), then the definitions, then each checklist item's
    /// expressions and its title, in file order.
    mutating func firstOver(_ sources: RuleSetLoader.Sources) -> (at: SourceLocation, limit: Limit)? {
        for rule in sources.rules {
            if let over = condition(rule.when) { return over }
            if let p = rule.priorityExpr, let over = add(1, p.text.utf8.count, at: p.location) { return over }
            for text in (rule.tip?.templates ?? []) + (rule.escalation?.templates ?? []) {
                if let over = template(text) { return over }
            }
        }
        for d in sources.definitions {
            if let over = add(0, d.expr.text.utf8.count, at: d.expr.location) { return over }
        }
        for item in sources.playbooks.lazy.flatMap({ $0.phases.flatMap(\.items) }) {
            for e in [item.appliesWhen, item.doneWhen, item.progress].compactMap({ $0 }) {
                if let over = add(0, e.text.utf8.count, at: e.location) { return over }
            }
            if let over = template(item.title) { return over }
        }
        return nil
    }

    /// Adds `n` expressions of `size` bytes written at `location`; where they are when that
    /// passes a limit.
    private mutating func add(_ n: Int, _ size: Int, at location: SourceLocation) -> (at: SourceLocation, limit: Limit)? {
        count += n
        bytes += size
        if count > maxCount { return (location, .count) }
        if bytes > maxBytes { return (location, .bytes) }
        return nil
    }

    /// A `when` tree, condition by condition. It is at most 32 levels deep (the decoder
    /// refuses deeper ones).
    private mutating func condition(_ c: ConditionSpec) -> (at: SourceLocation, limit: Limit)? {
        switch c {
        case .expr(let e):
            return add(1, e.text.utf8.count, at: e.location)
        case .all(let members, _), .any(let members, _):
            for m in members {
                if let over = condition(m) { return over }
            }
            return nil
        case .not(let member, _):
            return condition(member)
        }
    }

    /// A text's `{{` openings, and the bytes from each to the next `}}` (an upper bound on
    /// its expressions and their text: the text is not parsed here).
    private mutating func template(_ t: TemplateText) -> (at: SourceLocation, limit: Limit)? {
        var openings = 0, inside = 0, open = false
        var previous: UInt8 = 0
        for b in t.text.utf8 {
            if open {
                if b == UInt8(ascii: "}"), previous == UInt8(ascii: "}") {
                    open = false
                    inside -= 1  // the first `}`, counted as inside before the second came
                    previous = 0
                    continue
                }
                inside += 1
            } else if b == UInt8(ascii: "{"), previous == UInt8(ascii: "{") {
                open = true
                openings += 1
                previous = 0
                continue
            }
            previous = b
        }
        return add(openings, inside, at: t.location)
    }
}
