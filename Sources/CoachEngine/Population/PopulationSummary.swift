// PopulationSummary.swift — the counts of a population's evaluations, overall and (on
// request) per seller category, built up one seller at a time and merged across threads.

import CoachRules

/// How often each rule fired, was held back and was skipped across a population, and what
/// the sellers' checklists and escalations came to. Memory is the counts', whatever the
/// population's size.
package struct PopulationSummary: Sendable {
    /// The rule set evaluated.
    package let ruleSet: RuleSet
    /// Counts over every seller read.
    package var total: SummaryCounts
    /// Counts per category, when asked for (`nil` otherwise). Sellers without a category
    /// count under ``PopulationSummary/noCategory``; past ``PopulationSummary/maxCategories``
    /// distinct categories, the rest count under ``PopulationSummary/otherCategories``.
    package var byCategory: [String: SummaryCounts]?
    /// Lines that could not be read as a snapshot.
    package var unreadable = 0

    /// The bucket of sellers with no category.
    package static let noCategory = "(none)"
    /// The bucket of categories beyond ``maxCategories``.
    package static let otherCategories = "(other)"
    /// The most categories counted apart: a population with more (a malformed category
    /// field, say) still summarises in bounded memory.
    package static let maxCategories = 1_000

    /// An empty summary for `ruleSet`, per category when `byCategory`.
    package init(ruleSet: RuleSet, byCategory: Bool) {
        self.ruleSet = ruleSet
        total = SummaryCounts(ruleSet)
        self.byCategory = byCategory ? [:] : nil
    }

    /// Counts what `evaluator` decided for its last seller, of `category`.
    package mutating func record(_ evaluator: Evaluator, category: String?) {
        evaluator.count(into: &total)
        guard var categories = byCategory.take() else { return }  // taken, so not copied when changed
        defer { byCategory = categories }
        evaluator.count(into: &categories[PopulationSummary.bucket(category ?? PopulationSummary.noCategory, in: categories),
                                          default: SummaryCounts(ruleSet)])
    }

    /// Adds another thread's summary of the same rule set.
    package mutating func merge(_ other: PopulationSummary) {
        total.merge(other.total)
        unreadable += other.unreadable
        guard let theirs = other.byCategory, var categories = byCategory.take() else { return }
        for (key, counts) in theirs.sorted(by: { $0.key < $1.key }) {
            categories[PopulationSummary.bucket(key, in: categories), default: SummaryCounts(ruleSet)].merge(counts)
        }
        byCategory = categories
    }

    /// The bucket `category` counts in: its own, unless there are too many already.
    static func bucket(_ category: String, in categories: [String: SummaryCounts]) -> String {
        categories[category] != nil || categories.count < maxCategories ? category : otherCategories
    }
}
