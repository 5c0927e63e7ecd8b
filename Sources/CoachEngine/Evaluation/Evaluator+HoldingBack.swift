// Evaluator+HoldingBack.swift — what fired but is held back: cooldowns, inhibitions, groups,
// and the tip limits, decided by index; the words for each are written only for full output.

import CoachExpr
import CoachRules

/// A rule held back, and what the detail line needs to say why.
struct SuppressionRecord {
    enum Kind {
        case cooldown(lastDay: Int)
        case inhibitedRule, inhibitedArea, group, areaLimit, totalLimit
        case dismissed(day: Int, days: Int)
        case snoozed(until: Int)
        /// The escalation only: the rule's tip is not held back by it.
        case acknowledged(day: Int, until: Int, route: String, severity: EscalationSeverity)

        var reason: SuppressionReason {
            switch self {
            case .cooldown: return .cooldown
            case .inhibitedRule, .inhibitedArea: return .inhibited
            case .group: return .group
            case .areaLimit, .totalLimit: return .limit
            case .dismissed: return .dismissed
            case .snoozed: return .snoozed
            case .acknowledged: return .acknowledged
            }
        }

        /// Whether only the rule's escalation is held back, not its tip.
        var isEscalationOnly: Bool { if case .acknowledged = self { return true }; return false }

        /// Whether only the rule's tip is held back, not its escalation.
        var isTipOnly: Bool {
            switch self {
            case .areaLimit, .totalLimit, .dismissed, .snoozed: return true
            default: return false
            }
        }
    }

    var rule: Int
    var kind: Kind
    /// The rule responsible (-1: none).
    var by: Int
}

extension Evaluator {
    @inline(__always)
    func active(_ i: Int) -> Bool { state[i] == .fired }

    func suppress(_ i: Int, _ kind: SuppressionRecord.Kind, by: Int = -1) {
        state[i] = .suppressed
        suppressions.append(SuppressionRecord(rule: i, kind: kind, by: by))
    }

    /// 2. Rules delivered too recently stay quiet. A delivery dated as_of is that day's own
    /// (an earlier evaluation of the day, its changes stored): it holds nothing back that day,
    /// so evaluating again the same day gives the same result.
    func cooldowns() {
        for d in snapshot.delivered where d.day < snapshot.asOfDay {
            guard let i = plan.ruleIndex[d.id] else { continue }
            lastDelivered[i] = max(lastDelivered[i] ?? d.day, d.day)
        }
        let rules = ruleSet.rules
        for (i, day) in lastDelivered.sorted(by: { $0.key < $1.key }) where active(i) {
            guard let cooldown = rules[i].cooldownDays else { continue }
            if snapshot.asOfDay - day < cooldown { suppress(i, .cooldown(lastDay: day)) }
        }
    }

    /// 3. Inhibitions: every rule whose condition holds, even one held back by its cooldown.
    func inhibitions() {
        let rules = ruleSet.rules
        for i in fired where holding[i] && (!plan.inhibitsAreas[i].isEmpty || !rules[i].inhibitsRules.isEmpty) {
            for j in rules.indices where j != i && !plan.mustShow[j] {
                guard active(j) else {
                    // A rule whose tip alone the seller dismissed or snoozed: naming it still
                    // holds back its escalation.
                    if rules[i].inhibitsRules.contains(j), rules[j].escalation != nil, tipOnlyHeld(j), !escalationHeld[j] {
                        escalationHeld[j] = true
                        heldEscalations.append(j)
                        suppressions.append(SuppressionRecord(rule: j, kind: .inhibitedRule, by: i))
                    }
                    continue
                }
                // An escalation alone that its acknowledgement holds back already: held back
                // once, for the first reason in evaluation order.
                if !plan.hasTip[j], escalationHeld[j] { continue }
                if let kind = inhibition(by: i, of: j) { suppress(j, kind, by: i) }
            }
        }
    }

    /// How rule `i`, whose condition holds, holds back rule `j`: by naming it, or by its area
    /// (a tip only); nil when it does not.
    func inhibition(by i: Int, of j: Int) -> SuppressionRecord.Kind? {
        if ruleSet.rules[i].inhibitsRules.contains(j) { return .inhibitedRule }
        if plan.isTipOnly[j], plan.inhibitsAreas[i].contains(plan.area[j]) { return .inhibitedArea }
        return nil
    }

    /// 4. Groups: the highest ranking rule of each group wins.
    func groups() {
        var winner = [Int](repeating: -1, count: plan.groups.count)
        forEachFiredByRank { i in
            if active(i) && plan.group[i] >= 0 && winner[plan.group[i]] < 0 { winner[plan.group[i]] = i }
        }
        for i in fired where active(i) && plan.group[i] >= 0 && !plan.mustShow[i] {
            if !plan.hasTip[i], escalationHeld[i] { continue }  // held back already (acknowledged)
            let w = winner[plan.group[i]]
            if w != i { suppress(i, .group, by: w) }
        }
    }

    /// 5. Limits on tips: per area, then in total, best ranked first. Tips that must be shown
    /// come first and always are; they count against the limits, so fewer others are shown.
    /// An ids-only evaluation decides its late rules here, each only while a place for its
    /// tip is free (``LateRules``): once the limits are full, the late rules left are never
    /// asked.
    func limits() {
        let perAreaLimit = manifest.limits.tipsPerArea
        let total = manifest.limits.tips
        let hasTip = plan.hasTip, mustShow = plan.mustShow
        // Whether the rule fired first: most did not.
        if plan.anyMustShow {
            forEachFiredByRank { i in
                guard active(i) && hasTip[i] && mustShow[i] else { return }
                perArea[plan.area[i]] += 1
                shownTips.append(i)
            }
        }
        // The plan's late rules, read from the evaluator's own buffers (the plan's arrays
        // would be retained and released on every seller, by every thread).
        let late = decidesLate
        if late, rankMoved, let rules = plan.late { placeLateRules(rules) }
        let isLate = perRule.isLate
        let extra = late ? (rankMoved ? perRule.lateBits : perRule.lateRankBits) : .init(start: nil, count: 0)
        // A late rule waits for a place: once every place is taken, only the rules that
        // fired are left to visit (to be held back by the limits).
        forEachFiredByRank(adding: extra, while: { shownTips.count < total }) { i in
            let a = plan.area[i]
            if late, isLate[i] {  // not decided yet
                guard perArea[a] < perAreaLimit && shownTips.count < total, decideLate(i) else { return }
                perArea[a] += 1
                shownTips.append(i)
                return
            }
            guard active(i) && hasTip[i] && !mustShow[i] else { return }
            if perArea[a] >= perAreaLimit {
                suppress(i, .areaLimit)
            } else if shownTips.count >= total {
                suppress(i, .totalLimit)  // not shown, so it takes no place in its area
            } else {
                perArea[a] += 1
                shownTips.append(i)
            }
        }
    }

    /// 6. The texts of what is shown. A tip or reason whose text cannot be written is not
    /// shown (its rule fails), in ids-only output as in full: with `texts` nil, the texts'
    /// expressions are checked, not written.
    func shownTexts(_ texts: UnsafeMutablePointer<Texts>?) {
        let rules = ruleSet.rules
        var kept = 0
        texts?.pointee.tips.reserveCapacity(shownTips.count)
        // By index: iterating the array itself would hold a second reference to it, and
        // writing the kept tips back into it would then copy it.
        for n in shownTips.indices {
            let i = shownTips[n]
            guard plan.hasTip[i] else { continue }
            let problem: EvalError?
            // The tip's tables read unmanaged (the plan keeps them): no reference counted.
            if let texts, var table = plan.tipTables[i].own {
                if let fallback = plan.tipTables[i].fallback, usesFallback(rules[i].texts.tipSignals) { table = fallback }
                if let out = texts.pointee.tipJSON {
                    let stream = texts.pointee.tipStream
                    problem = out._withUnsafeGuaranteedRef { out in table._withUnsafeGuaranteedRef { writeTip(i, $0, stream, into: out) } }
                    if problem == nil { texts.pointee.tipEnds.append(out._withUnsafeGuaranteedRef { $0.written }) }
                } else {
                    switch renderTip(i, rules[i], table._withUnsafeGuaranteedRef { $0.tip }) {
                    case .success(let t): texts.pointee.tips.append(t); problem = nil
                    case .failure(let e): problem = e
                    }
                }
            } else {
                problem = textProblem(plan.tipChecks, i)
            }
            if let problem {
                state[i] = .failed
                failures.append(RuleFailure(rule: i, stage: .tipText, error: problem))
            } else {
                shownTips[kept] = i
                kept += 1
            }
        }
        shownTips.removeSubrange(kept...)
        // A rule whose tip was limited, dismissed or snoozed still escalates; other
        // suppressions hold back both. Only a rule whose condition held escalates: those in
        // `fired`, in rule order (a late rule has no escalation).
        // The texts by rule, in rule order: a few escalations a seller, found by a scan (a
        // dictionary made per seller cost more than it saved).
        var reasons: [(rule: Int, texts: EscalationTexts)] = []
        for i in fired where plan.escalationChecks.has[i] && escalates(i) {
            if texts != nil, var e = rules[i].escalation {
                if let fallback = rules[i].texts.escalation, usesFallback(rules[i].texts.escalationSignals) { e = fallback }
                switch EscalationTexts.render(e, activation) {
                case .success(let written): reasons.append((i, written))
                case .failure(let err): fail(i, err)
                }
            } else if let err = textProblem(plan.escalationChecks, i) {
                fail(i, err)
            }
        }
        for i in escalationRankOrder where escalates(i) {
            escalations.append(i)
            if let r = reasons.first(where: { $0.rule == i }) { texts?.pointee.reasons.append(r.texts) }
        }
    }

    /// Whether a part of a rule writes its fallback texts: a value only its texts read is
    /// missing (`signals`: the part's list of those values).
    @inline(__always)
    func usesFallback(_ signals: [Int]) -> Bool { !signals.isEmpty && anyMissing(signals) }

    /// Whether only rule `i`'s tip is held back (by a dismissal or a snooze, before the
    /// inhibitions): its escalation still stands.
    func tipOnlyHeld(_ i: Int) -> Bool {
        state[i] == .suppressed && suppressions.last { $0.rule == i }?.kind.isTipOnly == true
    }

    /// Whether rule `i` raises its escalation: it fired, or only its tip was held back (by a
    /// limit, a dismissal or a snooze); and no acknowledgement holds the escalation back.
    private func escalates(_ i: Int) -> Bool {
        if escalationHeld[i] { return false }
        switch state[i] {
        case .fired: return true
        case .suppressed: return suppressions.last { $0.rule == i }?.kind.isTipOnly == true
        default: return false
        }
    }

    private func fail(_ i: Int, _ e: EvalError) {
        state[i] = .failed
        failures.append(RuleFailure(rule: i, stage: .escalationReason, error: e))
    }
}
