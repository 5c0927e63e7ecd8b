// Decisions.swift — what an evaluation decided, by index and without texts: the form
// population work (`coach batch --output ids`, summaries, diffs) needs.

import CoachRules

/// The decisions of one evaluation: which rules' tips are shown and which escalate, and the
/// status of each checklist item shown. Indices are into the rule set's `rules` and `items`.
public struct Decisions: Sendable, Equatable {
    /// The seller's id.
    public var seller: String
    /// Tips shown, best first (indices into `rules`).
    public var tips: [Int]
    /// Escalations raised, most severe first (indices into `rules`).
    public var escalations: [Int]
    /// Checklist items shown, in checklist order (indices into `items`), with their status.
    public var items: [Int]
    /// The status of each entry of ``items``.
    public var statuses: [ItemStatus]

    /// Empty decisions.
    public init(seller: String = "", tips: [Int] = [], escalations: [Int] = [], items: [Int] = [], statuses: [ItemStatus] = []) {
        self.seller = seller
        self.tips = tips
        self.escalations = escalations
        self.items = items
        self.statuses = statuses
    }

    /// Appends `{"seller", "tips", "escalations", "checklist": {status: [ids]}}` on one line
    /// (no newline): the same bytes as ``Recommendations/appendIDs(to:)`` for the same seller.
    public func appendIDs(_ ruleSet: RuleSet, to out: inout [UInt8]) {
        IDsForm.append(seller: seller, tips: tips.lazy.map { ruleSet.rules[$0].id },
                       escalations: escalations.lazy.map { ruleSet.rules[$0].id },
                       checklist: items.indices.lazy.map { (statuses[$0], ruleSet.items[items[$0]].id) }, to: &out)
    }
}
