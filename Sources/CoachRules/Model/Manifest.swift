// Manifest.swift — the rule set's manifest: name, version, limits, phases, routes, areas,
// params and benchmarks.

import CoachExpr
import CoachSource

/// The manifest (`Rules/ruleset.yaml`).
package struct Manifest: Sendable {
    /// The rule set's name.
    package var name: String
    /// The rule set's version, as written.
    package var version: String
    /// The lowest engine version the rule set needs.
    package var requires: EngineVersion?
    /// Currency for `money()`: an ISO code (`USD`) or a symbol.
    package var currency: String
    /// How many tips to show.
    package var limits: TipLimits
    /// The program's phases, in order.
    package var phases: [Phase]
    /// Where escalations may go.
    package var routes: [String]
    /// The skill areas tips belong to.
    package var areas: [String]
    /// Named constants.
    package var params: [Param]
    /// Reference values per category.
    package var benchmarks: Benchmarks
    /// How long a rule that escalates, and gives no cooldown of its own, rests after it
    /// was delivered (`escalations: {cooldown: 14d}`); nil for none.
    package var escalationCooldownDays: Int? = nil
    /// How long an acknowledgement holds an escalation back, unless the entry gives its own
    /// end (`escalations: {acknowledged_for: 30d}`).
    package var acknowledgedForDays: Int = Manifest.defaultAcknowledgedDays
    /// How long a tip the seller dismissed is held back.
    package var dismissals = Dismissals()

    /// 30 days, unless the manifest says otherwise.
    package static let defaultAcknowledgedDays = 30
}

/// How long a dismissed tip is held back (`dismissals: {default: 30d, pricing: 14d}`); a
/// rule's own `dismissal` comes first, then its area's, then the default.
package struct Dismissals: Sendable {
    /// Days, for a tip whose rule and area say nothing (30 unless the manifest says otherwise).
    package var defaultDays = 30
    /// Days, by area.
    package var byArea: [String: Int] = [:]
}

/// Limits on how many tips one evaluation shows.
package struct TipLimits: Sendable {
    /// Most tips in all.
    package var tips: Int
    /// Most tips of one area.
    package var tipsPerArea: Int
}

/// A phase of the program (`days-1-30`).
package struct Phase: Sendable {
    /// Its id.
    package var id: String
    /// Its title, for people.
    package var title: String
    /// The last day (since enrolment) it covers.
    package var untilDay: Int
    /// Where it was declared.
    package var location: SourceLocation

    /// The phase of a seller past the last one; no phase may be named so.
    package static let graduated = "graduated"
}

/// A named constant from the manifest, read as `params.NAME`.
package struct Param: Sendable {
    /// Its name.
    package var name: String
    /// Its value.
    package var value: Value
    /// Its type (the type of the value).
    package var type: CELType
    /// Where it was declared.
    package var location: SourceLocation
}

/// Reference values, read as `benchmark.NAME`, chosen per seller by its category and any
/// bands (`by: [category, tenure]`).
package struct Benchmarks: Sendable {
    /// What selects the row, in order of weight (`[category]` unless the manifest says).
    package var by: [BenchmarkKey] = [.category]
    /// The value names, in the order of the `default` row.
    package var keys: [String]
    /// The `default` row, one value per key.
    package var defaultRow: [Double]
    /// The other rows, one value per key, by their key: the parts of `by` joined with `/`,
    /// `*` for a part a row leaves open, trailing `*` dropped (`electronics/new`, `*/new`,
    /// `electronics`).
    package var rows: [String: [Double]]

    /// The row for `category` alone (the default row when there is none).
    package func row(for category: String?) -> [Double] {
        guard let category, let row = rows[category] else { return defaultRow }
        return row
    }

    /// The row keys to try for a seller whose key parts are `parts` (nil: unknown), most
    /// specific first: more parts given before fewer, earlier parts of `by` before later.
    /// The default row comes after all of them.
    package static func candidates(_ parts: [String?]) -> [String] {
        let n = parts.count
        guard n > 0, n <= 8 else { return [] }
        var masks = Array(1..<(1 << n))
        func bit(_ m: Int, _ i: Int) -> Bool { m & (1 << (n - 1 - i)) != 0 }  // part 0 is the highest bit
        masks.sort { a, b in a.nonzeroBitCount != b.nonzeroBitCount ? a.nonzeroBitCount > b.nonzeroBitCount : a > b }
        var out: [String] = []
        for m in masks {
            var key: [String] = []
            var known = true
            for i in 0..<n {
                if bit(m, i) {
                    guard let p = parts[i] else { known = false; break }
                    key.append(p)
                } else {
                    key.append("*")
                }
            }
            guard known else { continue }
            while key.last == "*" { key.removeLast() }
            out.append(key.joined(separator: "/"))
        }
        return out
    }
}

/// One part of what selects a benchmark row.
package enum BenchmarkKey: Sendable, Equatable {
    /// The seller's category.
    case category
    /// A band of a number (`tenure: {of: day, edges: [30, 60], names: [new, growing, established]}`).
    case band(Band)

    /// `category`, or the band's name.
    package var name: String {
        switch self {
        case .category: return "category"
        case .band(let b): return b.name
        }
    }
}

/// Named ranges of a number: `day`, or a numeric signal.
package struct Band: Sendable, Equatable {
    /// Its name, as `by` lists it.
    package var name: String
    /// `day`, or the name of an int or double signal.
    package var of: String
    /// Ascending upper edges; an edge belongs to the band below it.
    package var edges: [Double]
    /// One name per band: one more than the edges.
    package var names: [String]
    /// Where it was declared.
    package var location: SourceLocation

    /// The name of the band `value` falls in.
    package func name(for value: Double) -> String {
        for (i, edge) in edges.enumerated() where value <= edge { return names[i] }
        return names[names.count - 1]
    }
}

/// A `major.minor.patch` version, for `requires`.
package struct EngineVersion: Sendable, Comparable, CustomStringConvertible {
    /// The numeric parts.
    package let parts: [Int]

    /// Parses `1`, `1.2` or `1.2.3`; `nil` for anything else.
    package init?(_ text: String) {
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

    package var description: String { parts.map(String.init).joined(separator: ".") }

    package static func < (a: EngineVersion, b: EngineVersion) -> Bool { a.parts.lexicographicallyPrecedes(b.parts) }
}
