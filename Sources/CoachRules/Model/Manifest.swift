// Manifest.swift — the rule set's manifest: name, version, limits, phases, routes, areas,
// params and benchmarks.

import CoachExpr
import CoachSource

/// The manifest (`Rules/ruleset.yaml`).
public struct Manifest: Sendable {
    /// The rule set's name.
    public var name: String
    /// The rule set's version, as written.
    public var version: String
    /// The lowest engine version the rule set needs.
    public var requires: EngineVersion?
    /// Currency for `money()`: an ISO code (`USD`) or a symbol.
    public var currency: String
    /// How many tips to show.
    public var limits: TipLimits
    /// The program's phases, in order.
    public var phases: [Phase]
    /// Where escalations may go.
    public var routes: [String]
    /// The skill areas tips belong to.
    public var areas: [String]
    /// Named constants.
    public var params: [Param]
    /// Reference values per category.
    public var benchmarks: Benchmarks
    /// How long a rule that escalates, and gives no cooldown of its own, rests after it
    /// was delivered (`escalations: {cooldown: 14d}`); nil for none.
    public var escalationCooldownDays: Int? = nil
    /// How long an acknowledgement holds an escalation back, unless the entry gives its own
    /// end (`escalations: {acknowledged_for: 30d}`).
    public var acknowledgedForDays: Int = Manifest.defaultAcknowledgedDays
    /// How long a tip the seller dismissed is held back.
    public var dismissals = Dismissals()

    /// 30 days, unless the manifest says otherwise.
    public static let defaultAcknowledgedDays = 30
}

/// How long a dismissed tip is held back (`dismissals: {default: 30d, pricing: 14d}`); a
/// rule's own `dismissal` comes first, then its area's, then the default.
public struct Dismissals: Sendable {
    /// Days, for a tip whose rule and area say nothing (30 unless the manifest says otherwise).
    public var defaultDays = 30
    /// Days, by area.
    public var byArea: [String: Int] = [:]
}

/// Limits on how many tips one evaluation shows.
public struct TipLimits: Sendable {
    /// Most tips in all.
    public var tips: Int
    /// Most tips of one area.
    public var tipsPerArea: Int
}

/// A phase of the program (`days-1-30`).
public struct Phase: Sendable {
    /// Its id.
    public var id: String
    /// Its title, for people.
    public var title: String
    /// The last day (since enrolment) it covers.
    public var untilDay: Int
    /// Where it was declared.
    public var location: SourceLocation
}

/// A named constant from the manifest, read as `params.NAME`.
public struct Param: Sendable {
    /// Its name.
    public var name: String
    /// Its value.
    public var value: Value
    /// Its type (the type of the value).
    public var type: CELType
    /// Where it was declared.
    public var location: SourceLocation
}

/// Per-category reference values, read as `benchmark.NAME`.
public struct Benchmarks: Sendable {
    /// The seller field that selects the row (`category`).
    public var by: String
    /// The value names, in the order of the `default` row.
    public var keys: [String]
    /// The `default` row, one value per key.
    public var defaultRow: [Double]
    /// The other rows by category, one value per key.
    public var rows: [String: [Double]]

    /// The row for `category` (the default row when there is none).
    public func row(for category: String?) -> [Double] {
        guard let category, let row = rows[category] else { return defaultRow }
        return row
    }
}

/// A `major.minor.patch` version, for `requires`.
public struct EngineVersion: Sendable, Comparable, CustomStringConvertible {
    /// The numeric parts.
    public let parts: [Int]

    /// Parses `1`, `1.2` or `1.2.3`; `nil` for anything else.
    public init?(_ text: String) {
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...3).contains(pieces.count) else { return nil }
        var parts: [Int] = []
        for p in pieces {
            guard let n = Int(p), n >= 0 else { return nil }
            parts.append(n)
        }
        while parts.count < 3 { parts.append(0) }
        self.parts = parts
    }

    public var description: String { parts.map(String.init).joined(separator: ".") }

    public static func < (a: EngineVersion, b: EngineVersion) -> Bool { a.parts.lexicographicallyPrecedes(b.parts) }
}
