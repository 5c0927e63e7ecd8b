// Evaluator+LateRules.swift — ids-only evaluation: a late rule (``LateRules``), decided in the
// tip limits' pass (``Evaluator/limits()``) only while a place for its tip is still free.

import CoachExpr
import CoachRules

extension Evaluator {
    /// The late rules' places in this seller's rank order, a priority depending on the seller
    /// having moved a rule, into ``RuleDecisionBuffers/lateBits``.
    func placeLateRules(_ late: LateRules) {
        let bits = perRule.lateBits
        bits.update(repeating: 0)
        for i in late.rules where i < rankPosition.count {
            let p = rankPosition[i]
            if p >> 6 < bits.count { bits[p >> 6] |= 1 << UInt64(p & 63) }
        }
    }

    /// Decides late rule `i` as the conditions' pass would have: true when it fired and
    /// nothing before the limits holds it back (its cooldown, a dismissal or a snooze, an
    /// inhibition), as ``cooldowns()``, ``applyState()`` and ``inhibitions()`` would have.
    func decideLate(_ i: Int) -> Bool {
        lateRulesDecided &+= 1
        let readsMissing: Bool
        if let masks = plan.signalMasks { readsMissing = masks[i] & missingMask != 0 } else { readsMissing = anyMissing(plan.signalsRead, i) }
        if readsMissing {
            state[i] = .skipped
            skippedCount += 1
            return false
        }
        // A single expression (most rules) evaluated as the conditions' pass does; a tree by
        // ``holds(at:)``.
        let verdict: Result<Bool, EvalError>
        if let program = plan.conditions.single[i] {
            let v = program._withUnsafeGuaranteedRef { $0.evaluate(activation) }
            if case .bool(false) = v { return false }
            verdict = Evaluator.truth(v) { plan.conditions.singleLocation(i) }
        } else {
            verdict = holds(at: plan.conditions.start[i]).0
        }
        switch verdict {
        case .success(true):
            holding[i] = true
            state[i] = .fired
        case .success(false):
            return false
        case .failure(let e):
            state[i] = .failed
            failures.append(RuleFailure(rule: i, stage: .condition, error: e))
            return false
        }
        let rule = ruleSet.rules[i], asOf = snapshot.asOfDay
        let held = (rule.cooldownDays.map { c in lastDelivered[i].map { asOf - $0 < c } ?? false } ?? false)
            || (dismissedOn[i].map { asOf - $0 < rule.dismissalDays } ?? false)
            || (snoozedUntil[i].map { asOf < $0 } ?? false)
            || (plan.hasInhibitions && fired.contains { holding[$0] && $0 != i && inhibition(by: $0, of: i) != nil })
        if held { state[i] = .suppressed }
        return !held
    }
}

extension Evaluator {
    /// The ids of the rules an ids-only evaluation decides only while their tip could still
    /// be shown (``LateRules``), in rule order.
    package var lateRuleIDs: [String] {
        guard let late = plan.late else { return [] }
        return ruleSet.rules.indices.filter { late.isLate[$0] }.map { ruleSet.rules[$0].id }
    }
}
