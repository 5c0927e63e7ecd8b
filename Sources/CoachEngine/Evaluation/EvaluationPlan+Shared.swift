// EvaluationPlan+Shared.swift — one plan per rule set, made by its first evaluator and kept
// with the rule set, so that every later evaluator of it (a worker per thread, one made for a
// single evaluation or explanation) shares it rather than working it out again.

import CoachRules

extension EvaluationPlan {
    /// The plan of `ruleSet`: made on the first call, under the rule set's lock (an evaluator
    /// made on another thread meanwhile waits for it), and the same plan after.
    static func shared(_ ruleSet: RuleSet) -> EvaluationPlan {
        ruleSet.derived.withLock { held in
            if let kept = held as? SharedPlan { return kept.plan }
            let made = SharedPlan(EvaluationPlan(ruleSet))
            held = made
            return made.plan
        }
    }
}

/// A plan kept with its rule set (``RuleSet/derived``). Sendable: the plan is written once,
/// in its `init`, and only read after, by any number of evaluators at once (its objects are
/// each Sendable for the same reason).
private final class SharedPlan: @unchecked Sendable {
    let plan: EvaluationPlan
    init(_ plan: EvaluationPlan) { self.plan = plan }
}
