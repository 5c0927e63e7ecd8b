// SellerState.swift — what the host remembers of a seller between evaluations: tips
// dismissed or snoozed, checklist items marked done, escalations acknowledged.

import CoachRules

/// The host's state for one seller, sent in the snapshot beside `delivered`. Dates are days
/// since 1970-01-01.
package struct SellerState: Sendable, Equatable {
    /// Tips the seller dismissed: held back for the rule's dismissal period from that day.
    package var dismissed: [Dismissal] = []
    /// Tips the seller snoozed: held back until a day.
    package var snoozed: [Snooze] = []
    /// Checklist items marked done (by the seller, a mentor, or an earlier result's
    /// `changes`): they stay done, unless the item is a standard that must keep holding.
    package var done: [DoneMark] = []
    /// Escalations their route acknowledged: not raised again while the acknowledgement
    /// holds, unless the escalation's severity rises above the one acknowledged.
    package var acknowledged: [Acknowledgement] = []

    /// No state at all.
    package var isEmpty: Bool { dismissed.isEmpty && snoozed.isEmpty && done.isEmpty && acknowledged.isEmpty }

    /// Creates a state.
    package init(dismissed: [Dismissal] = [], snoozed: [Snooze] = [], done: [DoneMark] = [], acknowledged: [Acknowledgement] = []) {
        self.dismissed = dismissed
        self.snoozed = snoozed
        self.done = done
        self.acknowledged = acknowledged
    }
}

/// A tip the seller dismissed.
package struct Dismissal: Sendable, Equatable {
    /// The rule id.
    package var id: String
    /// The day it was dismissed.
    package var day: Int

    /// Creates a dismissal.
    package init(id: String, day: Int) { self.id = id; self.day = day }
}

/// A tip the seller snoozed.
package struct Snooze: Sendable, Equatable {
    /// The rule id.
    package var id: String
    /// The first day it may be shown again.
    package var until: Int

    /// Creates a snooze.
    package init(id: String, until: Int) { self.id = id; self.until = until }
}

/// A checklist item marked done.
package struct DoneMark: Sendable, Equatable {
    /// The item id.
    package var id: String
    /// The day it was done.
    package var day: Int
    /// Who marked it (`seller`, `mentor`, `coach`…), when the host says.
    package var by: String?

    /// Creates a mark.
    package init(id: String, day: Int, by: String? = nil) { self.id = id; self.day = day; self.by = by }
}

/// An escalation acknowledged by its route.
package struct Acknowledgement: Sendable, Equatable {
    /// The rule id.
    package var id: String
    /// The day it was acknowledged.
    package var day: Int
    /// Who acknowledged it: one of the escalation's routes (its own when not given).
    package var route: String?
    /// The severity acknowledged (the escalation's own when not given).
    package var severity: EscalationSeverity?
    /// The first day the acknowledgement no longer holds (the manifest's
    /// `escalations.acknowledged_for` after ``day`` when not given).
    package var until: Int?

    /// Creates an acknowledgement.
    package init(id: String, day: Int, route: String? = nil, severity: EscalationSeverity? = nil, until: Int? = nil) {
        self.id = id
        self.day = day
        self.route = route
        self.severity = severity
        self.until = until
    }
}

/// What the host should store after an evaluation, so that the next one continues from it:
/// deliveries to append to `delivered`, items to add to `done`. Also which tips were shown
/// for the first time and which escalations were raised.
public struct StateChanges: Sendable, Equatable {
    /// Tips shown and escalations raised, on the evaluation's day: append to `delivered`
    /// (after every evaluation if need be: what the state records as delivered that day is
    /// not listed again).
    public var delivered: [String] = []
    /// Tips shown that `delivered` did not list before.
    public var firstShown: [String] = []
    /// Checklist items done that the state did not mark done (standards excluded: they must
    /// keep holding): add to `done`.
    public var done: [String] = []
    /// Escalations raised that the state does not record as delivered that day already.
    public var raised: [String] = []

    /// Nothing to store.
    public var isEmpty: Bool { delivered.isEmpty && done.isEmpty }

    /// Creates changes.
    public init(delivered: [String] = [], firstShown: [String] = [], done: [String] = [], raised: [String] = []) {
        self.delivered = delivered
        self.firstShown = firstShown
        self.done = done
        self.raised = raised
    }
}

extension StateChanges: Encodable {
    /// The keys of the `changes` object of coach's JSON (its entries there also carry the
    /// evaluation's date, which this value alone does not hold).
    enum CodingKeys: String, CodingKey {
        case delivered, firstShown = "first_shown", done, raised
    }
}
