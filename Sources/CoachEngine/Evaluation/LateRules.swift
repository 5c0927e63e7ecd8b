// LateRules.swift — the rules an ids-only evaluation decides only when their tip could still
// be shown. Most sellers fill the tip limits with their best-ranked tips; a plain tip ranked
// below them cannot be shown whether it fires or not, so its condition need not be asked.

import CoachExpr
import CoachRules

/// The rules that can wait, worked out once per rule set.
///
/// A rule is *late* when nothing but its own tip depends on whether it fires: it has a tip,
/// no escalation, adds no checklist item, belongs to no group, holds nothing back, and need
/// not always be shown. The definitions its condition reads hold the same whoever computes
/// them first, and whenever (each within a cost budget of its own: ``Activation``), so
/// deciding such a rule only when a place for its tip is still free, in rank order, gives the
/// same tips, escalations and checklist as deciding every rule first. A rule whose priority
/// depends on the seller is not late; when such a priority moves a rule, the late rules'
/// places in the seller's rank order are found again (``Evaluator/placeLateRules(_:)``).
struct LateRules {
    /// Per rule: whether it is late; and the late rules, in rule order.
    let isLate: [Bool]
    let rules: [Int]
    /// A bit per place in the written rank order, set where a late rule stands.
    let rankBits: [UInt64]

    /// The late rules of `rs`, whose rank order is `byRank`; nil when there are none.
    init?(_ rs: RuleSet, byRank: [Int], group: [Int]) {
        let rules = rs.rules
        let late = rules.indices.map { i -> Bool in
            let r = rules[i]
            return r.tip != nil && r.escalation == nil && r.checklist.isEmpty && group[i] < 0 && !r.mustShow && r.priorityProgram == nil
                && r.inhibitsRules.isEmpty && r.inhibitsAreas.isEmpty
        }
        guard late.contains(true) else { return nil }
        var bits = [UInt64](repeating: 0, count: (byRank.count + 63) >> 6)
        for (p, i) in byRank.enumerated() where late[i] { bits[p >> 6] |= 1 << UInt64(p & 63) }
        isLate = late
        self.rules = late.indices.filter { late[$0] }
        rankBits = bits
    }
}
