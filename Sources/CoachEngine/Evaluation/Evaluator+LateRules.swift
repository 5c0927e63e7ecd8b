// Evaluator+LateRules.swift — ids-only evaluation: a late rule (``LateRules``), decided in the
// tip limits' pass (``Evaluator/limits()``) only while a place for its tip is still free.

import CoachExpr
import CoachRules

extension Evaluator {
    /// The late rules' places in this seller's rank order, a priority depending on the seller
    /// having moved a rule, into ``lateBits``.
    func placeLateRules(_ late: LateRules) {
        let words = (rankPosition.count + 63) >> 6
        if lateBits.count != words { lateBits = [UInt64](repeating: 0, count: words) }
        lateBits.withUnsafeMutableBufferPointer { bits in
            bits.update(repeating: 0)
            for i in late.rules where i < rankPosition.count {
                let p = rankPosition[i]
                bits[p >> 6] |= 1 << UInt64(p & 63)
            }
        }
    }

    /// Decides late rule `i` as the conditions' pass would have: true when it fired and
    /// nothing before the limits holds it back (its cooldown, a dismissal or a snooze, an
    /// inhibition).
    func decideLate(_ i: Int) -> Bool {
        lateRulesDecided += 1
        let readsMissing: Bool
        if let masks = plan.signalMasks { readsMissing = masks[i] & missingMask != 0 } else { readsMissing = anyMissing(plan.signalsRead, i) }
        if readsMissing {
            state[i] = .skipped
            skippedCount += 1
            return false
        }
        let c = plan.conditions
        guard let program = c.single[i] else { return false }  // a late rule's condition is one expression
        let v = program._withUnsafeGuaranteedRef { $0.evaluate(activation) }
        switch Evaluator.truth(v, at: { c.singleLocation(i) }) {
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
        if heldBackBeforeLimits(i) {
            state[i] = .suppressed
            return false
        }
        return true
    }

    /// Whether what the passes before the limits hold back holds back late rule `i`, which
    /// fired: ``cooldowns()``, ``applyState()`` and ``inhibitions()`` asked of it alone.
    private func heldBackBeforeLimits(_ i: Int) -> Bool {
        let rule = ruleSet.rules[i], asOf = snapshot.asOfDay
        if let cooldown = rule.cooldownDays {
            var last: Int?
            for d in snapshot.delivered where d.day <= asOf && d.id == rule.id { last = max(last ?? d.day, d.day) }
            if let last, asOf - last < cooldown { return true }
        }
        let st = snapshot.state
        if !st.isEmpty {
            var dismissed: Int?
            for d in st.dismissed where d.id == rule.id { dismissed = max(dismissed ?? d.day, d.day) }
            if let day = dismissed, asOf - day < rule.dismissalDays { return true }
            var until: Int?
            for s in st.snoozed where s.id == rule.id { until = max(until ?? s.until, s.until) }
            if let until, asOf < until { return true }
        }
        if plan.hasInhibitions {
            let rules = ruleSet.rules
            for k in fired where holding[k] && k != i {
                if rules[k].inhibitsRules.contains(i) || plan.inhibitsAreas[k].contains(plan.area[i]) { return true }
            }
        }
        return false
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
