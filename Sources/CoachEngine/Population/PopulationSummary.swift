// PopulationSummary.swift — the counts of a population's evaluations, overall and (on
// request) per seller category, built up one seller at a time and merged across threads.

import CoachSource
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
    /// count under ``PopulationSummary/noCategory``. Past ``PopulationSummary/maxCategories``
    /// distinct categories there is no breakdown (``categoriesOverflowed``): which ones would
    /// be kept would depend on the order threads see them.
    package var byCategory: [String: SummaryCounts]?
    /// More categories than ``maxCategories`` were seen.
    package var categoriesOverflowed = false
    /// Lines that could not be read as a snapshot.
    package var unreadable = 0

    /// The bucket of sellers with no category.
    package static let noCategory = "(none)"

    /// A category as the text views show it: an empty one as `""`, not as nothing.
    package static func label(_ category: String) -> String {
        // A seller's text, on a line of its own: no control character may start another line
        // or drive the terminal.
        category.isEmpty ? "\"\"" : TerminalStyle.oneLine(category)
    }

    /// The most categories broken down: a population with more (a malformed category field,
    /// say) still summarises in bounded memory, without the breakdown.
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
        guard !categoriesOverflowed, var categories = byCategory.take() else { return }  // taken, so not copied when changed
        defer { byCategory = categories }
        let key = category ?? PopulationSummary.noCategory
        if categories[key] == nil, categories.count >= PopulationSummary.maxCategories {
            categoriesOverflowed = true
            categories = [:]
            return
        }
        evaluator.count(into: &categories[key, default: SummaryCounts(ruleSet)])
    }

    /// Adds another thread's summary of the same rule set.
    package mutating func merge(_ other: PopulationSummary) {
        total.merge(other.total)
        unreadable += other.unreadable
        guard let theirs = other.byCategory, var categories = byCategory.take() else { return }
        categoriesOverflowed = categoriesOverflowed || other.categoriesOverflowed
        for (key, counts) in theirs where !categoriesOverflowed { categories[key, default: SummaryCounts(ruleSet)].merge(counts) }
        if categories.count > PopulationSummary.maxCategories { categoriesOverflowed = true }
        byCategory = categoriesOverflowed ? [:] : categories
    }
}
