// SnapshotBuilder.swift — a snapshot from values a host holds in memory, set by signal name:
// validated exactly as a JSON snapshot is (it is read as one), with diagnostics that name the
// signal instead of a position in text the host never wrote.

@_spi(Streaming) import CoachJSON
import CoachRules
import CoachSource

/// A signal's value as a host holds it: a number, a flag, a text, a list, or an object (an
/// element of a list of objects, fields by name).
public enum SignalValue: Sendable, Equatable {
    /// A whole number (an `int` signal, or a `double` one).
    case int(Int)
    /// A number.
    case double(Double)
    /// A flag.
    case bool(Bool)
    /// A text.
    case string(String)
    /// A list (of numbers, texts or objects, as the catalog declares).
    case list([SignalValue])
    /// An element of a list of objects: its fields by name.
    case object([String: SignalValue])
    /// Given as unknown (`null` in JSON): a required signal's rules are skipped.
    case null

    var json: JSONValue {
        switch self {
        case .int(let i): return .int(Int64(i))
        case .double(let d): return .double(d)
        case .bool(let b): return .bool(b)
        case .string(let s): return .string(s)
        case .list(let items): return .array(items.map(\.json))
        case .object(let fields): return .object(fields.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) })
        case .null: return .null
        }
    }
}

/// Builds a ``Snapshot`` by signal name, for hosts that hold a seller's signals in memory:
///
/// ```swift
/// var builder = SnapshotBuilder(seller: "S-1", category: "fashion", enrolledOn: "2026-11-01", asOf: "2026-11-20")
/// builder.set("orders_30d", .int(4))
/// builder.set("listings", .list([.object(["id": .string("L1"), "photos": .int(3)])]))
/// let snapshot = try builder.build(with: reader)   // or build(for: ruleSet)
/// ```
///
/// The values are checked against the rule set's catalog as a JSON snapshot's are (types,
/// ranges, required fields, unknown names), with the same diagnostics, without positions.
public struct SnapshotBuilder: Sendable {
    /// The seller's id, category, and dates (`YYYY-MM-DD`).
    public var seller: String
    public var category: String?
    public var enrolledOn: String
    public var asOf: String
    /// The signals set so far, by name.
    public private(set) var signals: [String: SignalValue] = [:]
    /// What the host remembers of the seller, by list (`delivered`, `dismissed`, `snoozed`,
    /// `done`, `acknowledged`), each entry as its JSON fields.
    private var lists: [String: [JSONValue]] = [:]

    /// A builder for one seller's snapshot.
    public init(seller: String, category: String? = nil, enrolledOn: String, asOf: String) {
        self.seller = seller
        self.category = category
        self.enrolledOn = enrolledOn
        self.asOf = asOf
    }

    /// Sets signal `name` (a later call replaces an earlier one).
    public mutating func set(_ name: String, _ value: SignalValue) { signals[name] = value }

    /// Records that rule `id`'s tip or escalation was delivered on `date` (cooldowns,
    /// `shown_count`, `days_since_shown`).
    public mutating func delivered(_ id: String, on date: String) { add("delivered", [("id", id), ("at", date)]) }

    /// Records that the seller dismissed tip `id` on `date`.
    public mutating func dismissed(_ id: String, on date: String) { add("dismissed", [("id", id), ("at", date)]) }

    /// Records that the seller snoozed tip `id` until `date`.
    public mutating func snoozed(_ id: String, until date: String) { add("snoozed", [("id", id), ("until", date)]) }

    /// Records that checklist item `id` was marked done on `date` (by whom, if known).
    public mutating func done(_ id: String, on date: String, by: String? = nil) {
        add("done", [("id", id), ("at", date), ("by", by)])
    }

    /// Records that escalation `id` was acknowledged on `date` (on which route, at which
    /// severity, until when, if the acknowledgement says).
    public mutating func acknowledged(_ id: String, on date: String, route: String? = nil, severity: EscalationSeverity? = nil,
                                      until: String? = nil) {
        add("acknowledged", [("id", id), ("at", date), ("route", route), ("severity", severity?.rawValue), ("until", until)])
    }

    private mutating func add(_ list: String, _ fields: [(String, String?)]) {
        lists[list, default: []].append(.object(fields.compactMap { k, v in v.map { (k, .string($0)) } }))
    }

    /// The snapshot, read by `reader` (keep one reader per thread when building many).
    ///
    /// - Throws: the problems that make the snapshot unusable (a bad date, for example).
    public func build(with reader: SnapshotReader) throws(DiagnosticError) -> Snapshot {
        var sellerFields: [(String, JSONValue)] = [("id", .string(seller)), ("enrolled_on", .string(enrolledOn))]
        if let category { sellerFields.append(("category", .string(category))) }
        let document = JSONValue.object([
            ("seller", .object(sellerFields)), ("as_of", .string(asOf)),
            ("signals", .object(signals.sorted { $0.key < $1.key }.map { ($0.key, $0.value.json) })),
        ] + lists.sorted { $0.key < $1.key }.map { ($0.key, .array($0.value)) })
        var bytes: [UInt8] = []
        JSONWriter(indent: nil).write(document, into: &bytes)
        do {
            var snapshot = try reader.read(json: bytes)
            snapshot.diagnostics = snapshot.diagnostics.map(Self.unplaced)
            return snapshot
        } catch {
            throw DiagnosticError(error.diagnostics.map(Self.unplaced))
        }
    }

    /// The snapshot, read against `ruleSet` (a reader made for the call).
    public func build(for ruleSet: RuleSet) throws(DiagnosticError) -> Snapshot {
        try build(with: SnapshotReader(ruleSet: ruleSet))
    }

    /// A diagnostic without the position it had in the JSON written for the reader.
    static func unplaced(_ d: Diagnostic) -> Diagnostic {
        var d = d
        d.location = nil
        d.length = 0
        return d
    }
}
