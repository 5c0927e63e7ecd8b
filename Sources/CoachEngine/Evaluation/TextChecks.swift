// TextChecks.swift — what ids-only evaluation checks of the texts it does not write: for each
// rule's tip and escalation (and their fallbacks), the templates that can fail, laid out
// once per rule set with unretained templates, so that checking them copies nothing.

import CoachExpr
import CoachRules

/// Per rule, the templates of one part (tip or escalation) that hold expressions, in the
/// order they are written (the first failing one is the failure reported), and the signals
/// whose absence selects the fallback's templates instead.
struct TextChecks {
    /// Per rule: whether it has the part at all.
    let has: [Bool]
    let templates: UnmanagedLists<Template>
    let fallbackTemplates: UnmanagedLists<Template>
    /// Per rule: whether it has a fallback, and the signals that select it.
    let hasFallback: [Bool]
    let fallbackSignals: FlatLists

    init(_ rules: [CompiledRule], part: (CompiledRule) -> [Template]?, fallback: (CompiledRule) -> [Template]?,
         signals: (CompiledRule) -> [Int]) {
        has = rules.map { part($0) != nil }
        templates = UnmanagedLists(rules.map { (part($0) ?? []).filter(\.canFail) })
        fallbackTemplates = UnmanagedLists(rules.map { (fallback($0) ?? []).filter(\.canFail) })
        hasFallback = rules.map { fallback($0) != nil }
        fallbackSignals = FlatLists(rules.map(signals))
    }
}

/// Lists of objects in one buffer, held unmanaged (their owner keeps them alive): list `i` is
/// `items[starts[i]..<starts[i + 1]]`.
struct UnmanagedLists<T: AnyObject> {
    let items: [Unmanaged<T>]
    let starts: [Int]

    init(_ lists: [[T]]) {
        var items: [Unmanaged<T>] = []
        var starts = [0]
        for l in lists {
            items.append(contentsOf: l.map { Unmanaged.passUnretained($0) })
            starts.append(items.count)
        }
        self.items = items
        self.starts = starts
    }
}

extension Evaluator {
    /// The first error the texts of rule `i`'s part would give for this seller (its
    /// fallback's when a value only they read is missing), or nil: what ids-only evaluation
    /// checks instead of writing them, so that it lists exactly what full output shows.
    func textProblem(_ checks: TextChecks, _ i: Int) -> EvalError? {
        if checks.hasFallback[i] && anyMissing(checks.fallbackSignals, i) { return firstProblem(checks.fallbackTemplates, i) }
        return firstProblem(checks.templates, i)
    }

    private func firstProblem(_ lists: UnmanagedLists<Template>, _ i: Int) -> EvalError? {
        var k = lists.starts[i]
        let end = lists.starts[i + 1]
        while k < end {
            if let e = lists.items[k]._withUnsafeGuaranteedRef({ $0.problem(activation) }) { return e }
            k += 1
        }
        return nil
    }
}
