// SummaryCounts.swift — what happened across a population, as counts only: per rule (fired,
// shown, held back by reason, skipped by missing signal, failed), per area, per escalation
// route and severity, and per checklist item and phase by status. Memory is the counts'.

import CoachRules

/// Counts of what an evaluation decided, summed over sellers. Indices are the rule set's.
package struct SummaryCounts: Sendable, Equatable {
    /// Sellers counted.
    package var sellers = 0
    /// Sellers shown at least one tip, and sellers with at least one escalation.
    package var withTips = 0
    package var withEscalations = 0
    /// Per rule: its condition held (whether or not it was then shown).
    package var fired: [Int]
    /// Per rule: its tip was shown or its escalation raised.
    package var shown: [Int]
    /// Per rule and reason (``SuppressionReason/allCases`` order): held back.
    package var heldBack: [Int]
    /// Per rule: skipped because a signal it reads was missing.
    package var skipped: [Int]
    /// Per rule, then catalog signal: skipped with that signal missing (a rule skipped with
    /// two signals missing counts under both). Keyed `rule * signals + signal`: sparse.
    package var skippedBySignal: [Int: Int] = [:]
    /// Per rule: evaluating it failed.
    package var failed: [Int]
    /// Per area (``EvaluationPlan`` order): tips shown, and sellers shown one of its tips.
    package var areaTips: [Int]
    package var areaSellers: [Int]
    /// Per route and severity (routes × ``EscalationSeverity/allCases``): escalations raised, and
    /// sellers given at least one.
    package var raised: [Int]
    package var raisedSellers: [Int]
    /// Per item, phase and status (items × phases × ``ItemStatus/allCases``): items shown.
    package var itemStatus: [Int]

    /// Zero counts for `ruleSet`.
    package init(_ ruleSet: RuleSet) {
        let rules = ruleSet.rules.count
        fired = [Int](repeating: 0, count: rules)
        shown = fired
        skipped = fired
        failed = fired
        heldBack = [Int](repeating: 0, count: rules * SuppressionReason.allCases.count)
        let areas = Set(ruleSet.rules.map(\.area)).count
        areaTips = [Int](repeating: 0, count: areas)
        areaSellers = areaTips
        raised = [Int](repeating: 0, count: max(1, ruleSet.manifest.routes.count) * EscalationSeverity.allCases.count)
        raisedSellers = raised
        itemStatus = [Int](repeating: 0, count: ruleSet.items.count * SummaryCounts.phaseSlots(ruleSet) * ItemStatus.allCases.count)
    }

    /// Phases an item can be counted in: each of the manifest's (an on-demand item joins the
    /// current phase; after the last phase it stays in the last).
    static func phaseSlots(_ ruleSet: RuleSet) -> Int { max(1, ruleSet.manifest.phases.count) }

    /// Adds `other`'s counts (of the same rule set) to these.
    package mutating func merge(_ other: SummaryCounts) {
        sellers += other.sellers
        withTips += other.withTips
        withEscalations += other.withEscalations
        SummaryCounts.add(&fired, other.fired)
        SummaryCounts.add(&shown, other.shown)
        SummaryCounts.add(&heldBack, other.heldBack)
        SummaryCounts.add(&skipped, other.skipped)
        SummaryCounts.add(&failed, other.failed)
        SummaryCounts.add(&areaTips, other.areaTips)
        SummaryCounts.add(&areaSellers, other.areaSellers)
        SummaryCounts.add(&raised, other.raised)
        SummaryCounts.add(&raisedSellers, other.raisedSellers)
        SummaryCounts.add(&itemStatus, other.itemStatus)
        skippedBySignal.merge(other.skippedBySignal, uniquingKeysWith: +)
    }

    private static func add(_ a: inout [Int], _ b: [Int]) {
        for i in a.indices where i < b.count { a[i] += b[i] }
    }
}

extension Evaluator {
    /// Adds what was decided for the last seller to `counts`: after ``run(_:texts:shownOnly:)``
    /// deciding every rule (not `decide(_:)`, which leaves late rules undecided).
    func count(into counts: inout SummaryCounts) {
        let rules = ruleSet.rules
        let reasons = SuppressionReason.allCases.count
        let signals = ruleSet.catalog.signals.count
        counts.sellers += 1
        if !shownTips.isEmpty { counts.withTips += 1 }
        if !escalations.isEmpty { counts.withEscalations += 1 }
        for i in rules.indices {
            if holding[i] { counts.fired[i] += 1 }
            switch state[i] {
            case .skipped:
                counts.skipped[i] += 1
                for s in rules[i].signalsRead where missing[s] { counts.skippedBySignal[i * signals + s, default: 0] += 1 }
            case .failed: counts.failed[i] += 1
            default: break
            }
        }
        for s in suppressions {
            if let r = SuppressionReason.allCases.firstIndex(of: s.kind.reason) { counts.heldBack[s.rule * reasons + r] += 1 }
        }
        var areaSeen = [Bool](repeating: false, count: counts.areaTips.count)
        for i in shownTips {
            counts.shown[i] += 1
            let a = plan.area[i]
            counts.areaTips[a] += 1
            if !areaSeen[a] { areaSeen[a] = true; counts.areaSellers[a] += 1 }
        }
        let severities = EscalationSeverity.allCases.count
        var routeSeen: [Int] = []
        for i in escalations {
            if rules[i].tip == nil || !shownTips.contains(i) { counts.shown[i] += 1 }
            guard let e = rules[i].escalation else { continue }
            // A second route told of it (`also`) has it in its inbox too.
            for name in [e.to, e.also] {
                guard let name, let route = manifest.routes.firstIndex(of: name) else { continue }
                let k = route * severities + e.severity.rank
                counts.raised[k] += 1
                if !routeSeen.contains(k) {
                    routeSeen.append(k)
                    counts.raisedSellers[k] += 1
                }
            }
        }
        let phases = SummaryCounts.phaseSlots(ruleSet)
        let statuses = ItemStatus.allCases.count
        for k in checklist.shown {
            guard let s = ItemStatus.allCases.firstIndex(of: checklist.status[k]) else { continue }
            let phase = min(max(0, checklist.phase[k]), phases - 1)
            counts.itemStatus[(k * phases + phase) * statuses + s] += 1
        }
    }
}
