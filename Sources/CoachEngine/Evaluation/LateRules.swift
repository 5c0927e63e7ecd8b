// LateRules.swift — the rules an ids-only evaluation decides only when their tip could still
// be shown. Most sellers fill the tip limits with their best-ranked tips; a plain tip ranked
// below them cannot be shown whether it fires or not, so its condition need not be asked.

import CoachExpr
import CoachRules

/// The rules that can wait, worked out once per rule set.
///
/// A rule is *late* when nothing but its own tip depends on whether it fires: it has a tip,
/// no escalation, adds no checklist item, belongs to no group, holds nothing back, need not
/// always be shown, and its condition reads (or asks `has()` of) no definition that may
/// charge the cost budget (a definition is computed once, by the first expression that reads
/// it, within that expression's cost budget: deciding a rule later, or not at all, must not
/// change what such a definition holds for its other readers; one proven to charge nothing,
/// ``Program/chargesNothing``, holds the same whoever computes it). Deciding such a rule only
/// when a place for its tip is still free, in rank order, gives the same tips, escalations
/// and checklist as deciding every rule first. A
/// rule whose priority depends on the seller is not late; when such a priority moves a rule,
/// the late rules' places in the seller's rank order are found again
/// (``Evaluator/placeLateRules(_:)``).
struct LateRules {
    /// Per rule: whether it is late; and the late rules, in rule order.
    let isLate: [Bool]
    let rules: [Int]
    /// A bit per place in the written rank order, set where a late rule stands.
    let rankBits: [UInt64]

    /// The late rules of `rs`, whose rank order is `byRank`; nil when there are none.
    init?(_ rs: RuleSet, byRank: [Int], group: [Int]) {
        let rules = rs.rules
        let env = rs.environment, costly = env.costlySlots
        // `has(d)` computes `d` as a read does, though the slot is not among those read.
        func readsCostly(_ p: Program) -> Bool {
            p.slotsRead.contains(where: costly.contains) || p.presenceRead.contains { env.variable($0).map { costly.contains($0.slot) } ?? true }
        }
        let late = rules.indices.map { i -> Bool in
            let r = rules[i]
            guard r.tip != nil, r.escalation == nil, r.checklist.isEmpty, group[i] < 0, !r.mustShow, r.priorityProgram == nil,
                  r.inhibitsRules.isEmpty, r.inhibitsAreas.isEmpty else { return false }
            return !r.condition.leaves.contains { readsCostly($0.program) }
        }
        guard late.contains(true) else { return nil }
        var bits = [UInt64](repeating: 0, count: (byRank.count + 63) >> 6)
        for (p, i) in byRank.enumerated() where late[i] { bits[p >> 6] |= 1 << UInt64(p & 63) }
        isLate = late
        self.rules = late.indices.filter { late[$0] }
        rankBits = bits
    }
}
