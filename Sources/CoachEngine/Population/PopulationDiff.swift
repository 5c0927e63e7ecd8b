// PopulationDiff.swift — who gains or loses which tips, escalations and checklist items
// between two outcomes per seller (two rule-set versions, or a rule set and saved results):
// counts per change and per category, and a few sample sellers for each.

import CoachRules

/// One kind of change a seller can see.
package struct Change: Hashable, Sendable, Comparable {
    /// What changed.
    package enum Kind: String, Sendable, CaseIterable, Comparable {
        /// `failure`: a rule that fails for the seller (gained: fails now, and did not before).
        case tip, escalation, item, failure
        package static func < (a: Kind, b: Kind) -> Bool { a.order < b.order }
        var order: Int { Kind.allCases.firstIndex(of: self) ?? 0 }
    }

    /// How it changed.
    package enum Direction: String, Sendable, Comparable {
        /// Gained or lost; `changed`: an item's status, or an escalation's route or severity.
        case gained, lost, changed
        package static func < (a: Direction, b: Direction) -> Bool { a.rawValue < b.rawValue }
    }

    package var kind: Kind
    /// The rule's or item's id.
    package var id: String
    package var direction: Direction
    /// Before and after: an item's status, an escalation's `route/severity` (nil where
    /// there was none, or it is not known).
    package var from: String?
    package var to: String?

    package static func < (a: Change, b: Change) -> Bool {
        (a.kind, a.id, a.direction, a.from ?? "", a.to ?? "") < (b.kind, b.id, b.direction, b.from ?? "", b.to ?? "")
    }
}

/// How many sellers saw one change, per category, and the first few of them.
package struct ChangeTally: Sendable {
    package var sellers = 0
    package var byCategory: [String: Int] = [:]
    /// Line number and id of the sellers with the lowest line numbers.
    package var samples: [(line: Int, seller: String)] = []

    /// How many sample sellers are kept per change.
    package static let sampleCount = 5

    /// `category`: nil once the diff stopped breaking down by category.
    mutating func add(line: Int, seller: String, category: String?) {
        sellers += 1
        if let category { byCategory[category, default: 0] += 1 }
        samples.append((line, seller))
        if samples.count > ChangeTally.sampleCount {
            samples.sort { $0.line < $1.line }
            samples.removeLast()
        }
    }

    mutating func merge(_ other: ChangeTally) {
        sellers += other.sellers
        byCategory.merge(other.byCategory, uniquingKeysWith: +)
        samples = Array((samples + other.samples).sorted { $0.line < $1.line }.prefix(ChangeTally.sampleCount))
    }
}

/// The changes across a population. Memory: one tally per distinct change (bounded by the
/// ids of the two rule sets), and per category.
package struct PopulationDiff: Sendable {
    /// Sellers compared (read on both sides).
    package var compared = 0
    /// Sellers with at least one change, overall and per category; sellers compared per category.
    package var changed = 0
    package var changedByCategory: [String: Int] = [:]
    package var comparedByCategory: [String: Int] = [:]
    /// The changes seen.
    package var changes: [Change: ChangeTally] = [:]
    /// More than ``PopulationSummary/maxCategories`` categories were seen: no breakdown.
    package var categoriesOverflowed = false
    /// Sellers with an escalation raised on both sides whose route and severity the base
    /// does not say (saved ids results): not compared, and said so.
    package var routesUnknown = 0
    /// Sellers whose snapshot is dated otherwise than their saved result (`as_of`): their
    /// changes may be the date's, not the rules'.
    package var datesDiffer = 0

    package init() {}

    /// Compares one seller's outcome before and after; `line` orders the samples.
    package mutating func record(line: Int, category: String?, old: SellerOutcome, new: SellerOutcome) {
        let named = category ?? PopulationSummary.noCategory
        if !categoriesOverflowed, comparedByCategory[named] == nil, comparedByCategory.count >= PopulationSummary.maxCategories {
            dropCategories()
        }
        // nil past the limit (an empty category is a category like any other).
        let category: String? = categoriesOverflowed ? nil : named
        compared += 1
        if let category { comparedByCategory[category, default: 0] += 1 }
        var any = false
        func note(_ c: Change) {
            any = true
            changes[c, default: ChangeTally()].add(line: line, seller: new.seller, category: category)
        }
        PopulationDiff.compare(old.tips, new.tips, .tip, note)
        PopulationDiff.compare(old.escalations, new.escalations, .escalation, note)
        var routeUnknown = false
        for id in new.escalations {  // raised on both sides, to another route or at another severity
            if let before = old.routes[id], let after = new.routes[id], before != after {
                note(Change(kind: .escalation, id: id, direction: .changed, from: before, to: after))
            } else if old.routes[id] == nil, new.routes[id] != nil, old.escalations.contains(id) {
                routeUnknown = true
            }
        }
        if routeUnknown { routesUnknown += 1 }
        for (id, status) in old.items.sorted(by: { $0.key < $1.key }) {
            if let now = new.items[id] {
                if now != status { note(Change(kind: .item, id: id, direction: .changed, from: status.rawValue, to: now.rawValue)) }
            } else {
                note(Change(kind: .item, id: id, direction: .lost, from: status.rawValue, to: nil))
            }
        }
        for (id, status) in new.items.sorted(by: { $0.key < $1.key }) where old.items[id] == nil {
            note(Change(kind: .item, id: id, direction: .gained, from: nil, to: status.rawValue))
        }
        // A rule that now fails for the seller (or no longer does): a change even where the
        // seller sees the same, since a failing rule shows nothing it should.
        PopulationDiff.compare(old.failed, new.failed, .failure, note)
        if any {
            changed += 1
            if let category { changedByCategory[category, default: 0] += 1 }
        }
    }

    /// Stops breaking down by category (too many of them).
    private mutating func dropCategories() {
        categoriesOverflowed = true
        comparedByCategory = [:]
        changedByCategory = [:]
        for key in changes.keys { changes[key]?.byCategory = [:] }
    }

    private static func compare(_ old: [String], _ new: [String], _ kind: Change.Kind, _ note: (Change) -> Void) {
        let before = Set(old), after = Set(new)
        for id in old where !after.contains(id) { note(Change(kind: kind, id: id, direction: .lost)) }
        for id in new where !before.contains(id) { note(Change(kind: kind, id: id, direction: .gained)) }
    }

    /// Adds another thread's diff. Past the limit on either side (or on both together) the
    /// breakdown is dropped whole: what is kept never depends on how the sellers were dealt
    /// to threads.
    package mutating func merge(_ other: PopulationDiff) {
        compared += other.compared
        changed += other.changed
        routesUnknown += other.routesUnknown
        datesDiffer += other.datesDiffer
        comparedByCategory.merge(other.comparedByCategory, uniquingKeysWith: +)
        changedByCategory.merge(other.changedByCategory, uniquingKeysWith: +)
        for (change, tally) in other.changes { changes[change, default: ChangeTally()].merge(tally) }
        if categoriesOverflowed || other.categoriesOverflowed || comparedByCategory.count > PopulationSummary.maxCategories { dropCategories() }
    }
}


extension Change {
    init(kind: Kind, id: String, direction: Direction) {
        self.init(kind: kind, id: id, direction: direction, from: nil, to: nil)
    }
}
