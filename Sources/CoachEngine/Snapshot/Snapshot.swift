// Snapshot.swift — one seller's input after validation against the catalog.

import CoachExpr
import CoachSource

/// A seller's input, validated against a rule set's signal catalog: ready to evaluate.
///
/// Read one with ``SnapshotReader``. Signals that were missing, of the wrong type or out of
/// range are `nil` in ``signals``, and each such problem is in ``diagnostics``.
public struct Snapshot: Sendable {
    /// The seller's id.
    public var sellerID: String
    /// The seller's category (selects the benchmark row).
    public var category: String?
    /// The enrolment date, as days since 1970-01-01.
    package var enrolledDay: Int
    /// The evaluation date, as days since 1970-01-01.
    package var asOfDay: Int
    /// One entry per catalog signal (by catalog index); `nil` when missing or invalid.
    package var signals: [Value?]
    /// What the host delivered before: rule id and day (days since 1970-01-01).
    package var delivered: [Delivery]
    /// What the host remembers of the seller: dismissals, snoozes, items done, acknowledgements.
    package var state: SellerState
    /// Problems found while reading (unknown signals, wrong types, out-of-range values).
    public var diagnostics: [Diagnostic]

    /// Days since enrolment.
    public var day: Int { asOfDay - enrolledDay }

    /// The enrolment date, `YYYY-MM-DD` (the library's one form of a date).
    public var enrolledOn: String { CivilDate.format(enrolledDay) }

    /// The evaluation date, `YYYY-MM-DD`.
    public var asOf: String { CivilDate.format(asOfDay) }

    /// Creates a snapshot.
    package init(sellerID: String, category: String?, enrolledDay: Int, asOfDay: Int, signals: [Value?],
                delivered: [Delivery] = [], state: SellerState = SellerState(), diagnostics: [Diagnostic] = []) {
        self.state = state
        self.sellerID = sellerID
        self.category = category
        self.enrolledDay = enrolledDay
        self.asOfDay = asOfDay
        self.signals = signals
        self.delivered = delivered
        self.diagnostics = diagnostics
    }
}

/// One past delivery of a rule's output to the seller.
package struct Delivery: Sendable, Equatable {
    /// The rule id.
    package var id: String
    /// The day it was delivered, as days since 1970-01-01.
    package var day: Int

    /// Creates a delivery record.
    package init(id: String, day: Int) { self.id = id; self.day = day }
}
