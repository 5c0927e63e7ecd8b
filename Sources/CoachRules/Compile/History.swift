// History.swift — what expressions can ask of a seller's history: `shown_count('rule.id')`
// and `days_since_shown('rule.id')`, so that authors can write a ladder (a tip shown three
// times with no change escalates to the mentor), and `marked_done('item-id')`, so that a tip
// stops asking for what the host marked done.

import CoachExpr
import CoachSource

/// A seller's delivery history as the history functions read it: per rule id, how often it
/// was delivered before `as_of`, and the last day it was. Made per evaluation, only for
/// rule sets whose expressions ask (``History/isUsed``), its tables on the first question.
package final class DeliveryHistory: @unchecked Sendable {
    // Unchecked: a history belongs to one evaluation, on one thread (the activation's host);
    // its deliveries are asked for there, on the first question asked of them.
    private(set) var asOf: Int
    private let deliveries: () -> [(id: String, day: Int)]
    private var listed: [(id: String, day: Int)]?
    /// The checklist items the host's state marks done (`done`), and the day of each mark.
    private let marks: () -> [(id: String, day: Int)]
    private var markList: [(id: String, day: Int)]?
    private var tables: (counts: [String: Int], last: [String: Int])?

    /// The longest history answered by a scan: a few deliveries compared with the id asked
    /// about cost less than two dictionaries made, grown and hashed into for them (measured:
    /// four deliveries cost 16,700 instructions that way, most of a shipped example's history
    /// work); past this, the tables are made once, with room for every delivery.
    package static let scanned = 32

    /// The history of `deliveries` (rule id, day number) as of day `asOf`; deliveries on or
    /// after `asOf` do not count (one on `asOf` is that day's own, from an earlier evaluation
    /// of the day: the same day's evaluations read the same history).
    package convenience init(_ deliveries: [(id: String, day: Int)], asOf: Int) {
        self.init(asOf: asOf) { deliveries }
    }

    /// The same, with the deliveries asked for only when a rule first asks about them: most
    /// evaluations never do (a history function usually comes last in its condition).
    package init(asOf: Int, deliveries: @escaping () -> [(id: String, day: Int)],
                 marks: @escaping () -> [(id: String, day: Int)] = { [] }) {
        self.asOf = asOf
        self.deliveries = deliveries
        self.marks = marks
    }

    /// The same history object for the next evaluation: as of `asOf`, its deliveries asked
    /// for again (from the same function, which reads the evaluation's own). For an evaluator
    /// that keeps one history rather than making one, and a function, per seller.
    package func reset(asOf: Int) {
        self.asOf = asOf
        listed = nil
        tables = nil
        markList = nil
    }

    /// Whether the host's state marks checklist item `id` done on or before `asOf` (a mark
    /// is the host's record, not an evaluation's output: one made today counts today).
    package func marked(_ id: String) -> Bool {
        let all = markList ?? marks()
        markList = all
        return all.contains { $0.day <= asOf && $0.id == id }
    }

    /// How many times rule `id` was delivered before `asOf`.
    package func count(_ id: String) -> Int {
        if let tables = tabled() { return tables.counts[id] ?? 0 }
        var n = 0
        for d in list() where d.day < asOf && d.id == id { n += 1 }
        return n
    }

    /// The last day before `asOf` that rule `id` was delivered; nil when it never was.
    package func lastDay(_ id: String) -> Int? {
        if let tables = tabled() { return tables.last[id] }
        var last: Int?
        for d in list() where d.day < asOf && d.id == id { last = max(last ?? d.day, d.day) }
        return last
    }

    private func list() -> [(id: String, day: Int)] {
        if let listed { return listed }
        let all = deliveries()
        listed = all
        return all
    }

    /// The tables, for a history longer than ``scanned``; nil for a shorter one.
    private func tabled() -> (counts: [String: Int], last: [String: Int])? {
        if let tables { return tables }
        let all = list()
        guard all.count > Self.scanned else { return nil }
        var counts = [String: Int](minimumCapacity: all.count), last = [String: Int](minimumCapacity: all.count)
        for d in all where d.day < asOf {
            counts[d.id, default: 0] += 1
            last[d.id] = max(last[d.id] ?? d.day, d.day)
        }
        tables = (counts, last)
        return (counts, last)
    }
}

/// The history functions, and the load-time check of the ids they name.
package enum History {
    static let shownCount = "shown_count"
    static let daysSinceShown = "days_since_shown"
    static let markedDone = "marked_done"
    /// The names of the history functions.
    package static let names: Set<String> = [shownCount, daysSinceShown, markedDone]

    /// The function declarations, for the rule set's environment.
    static var functions: [FunctionDecl] {
        let count = FunctionDecl(
            shownCount, doc: "how many times the rule was delivered (shown as a tip, or escalated) before as_of",
            overloads: [Overload("shown_count_string", [.string], .int)],
            implementation: .host { host, args in
                guard let h = host as? DeliveryHistory, case .string(let id)? = args.first else { return .int(0) }
                return .int(Int64(h.count(id)))
            })
        let since = FunctionDecl(
            daysSinceShown, doc: "days since the rule was last delivered; an error when it never was (guard with shown_count)",
            overloads: [Overload("days_since_shown_string", [.string], .int)],
            implementation: .host { host, args in
                guard let h = host as? DeliveryHistory, case .string(let id)? = args.first, let day = h.lastDay(id) else {
                    let id: String = { if case .string(let s)? = args.first { return s }; return "?" }()
                    return .error("'\(id)' was never delivered to this seller; guard with shown_count('\(id)') > 0")
                }
                return .int(Int64(h.asOf - day))
            })
        let marked = FunctionDecl(
            markedDone, doc: "whether the host's state marks the checklist item done (its `done` list), on or before as_of",
            overloads: [Overload("marked_done_string", [.string], .bool)],
            implementation: .host { host, args in
                guard let h = host as? DeliveryHistory, case .string(let id)? = args.first else { return .bool(false) }
                return .bool(h.marked(id))
            })
        return [count, since, marked]
    }

    /// Whether `program`'s text names a history function at all: a quick test that spares
    /// walking the syntax tree of every other program (ten thousand rules load in a second).
    static func mayUse(_ program: Program) -> Bool {
        // Two names hold "shown", the third "marked"; a byte search (the standard library's
        // substring search goes through its regex machinery, slower than walking the tree).
        program.text.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            contains(bytes, Array("shown".utf8)) || contains(bytes, Array("marked".utf8))
        } ?? true
    }

    private static func contains(_ bytes: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        guard bytes.count >= needle.count else { return false }
        for i in 0...(bytes.count - needle.count) where bytes[i] == needle[0] {
            if bytes[(i + 1)..<(i + needle.count)].elementsEqual(needle[1...]) { return true }
        }
        return false
    }

    /// Whether `program` calls a history function.
    static func isUsed(in program: Program) -> Bool {
        guard mayUse(program), let root = program.parsed?.root else { return false }
        return root.allNodes.contains { if case .call(nil, let f, _) = $0.kind { return names.contains(f) }; return false }
    }

    /// The checklist items `marked_done` may name: their ids, in order, and which are standards.
    package struct Items {
        var ids: Set<String>
        var list: [String]
        var standards: Set<String>
    }

    /// Reports each history call whose argument is not a literal rule id of this rule set (or,
    /// for `marked_done`, a checklist item's that is not a standard).
    static func check(_ program: Program, ruleIDs: Set<String>, among idList: [String], items: Items, _ bag: inout DiagnosticBag) {
        guard mayUse(program), let root = program.parsed?.root else { return }
        for node in root.allNodes {
            guard case .call(nil, let f, let args) = node.kind, names.contains(f), let arg = args.first else { continue }
            let isItem = f == markedDone
            guard case .literal(.string(let id)) = arg.kind else {
                bag.error("\(f)() needs \(isItem ? "a checklist item's id" : "a rule id") written as text, such as "
                          + "\(f)('\(isItem ? "first-sale" : "listing.no-sale-yet")')", at: program.startLocation(of: arg),
                          hint: "the id is checked when the rule set loads, so it cannot be computed", code: .rulesHistoryId)
                continue
            }
            if isItem {
                if !items.ids.contains(id) {
                    let d = Diagnostic.error("marked_done() names '\(id)', which is not a checklist item of this rule set",
                                             at: program.location(of: arg), code: .rulesHistoryId)
                    bag.add(d.withHint(.init(name: id, among: [items.list]), deferring: true))
                } else if items.standards.contains(id) {
                    bag.error("marked_done() names '\(id)', a standard: its status follows its done_when, and a mark on it is not read",
                              at: program.location(of: arg), hint: "read what its done_when reads instead", code: .rulesHistoryId)
                }
                continue
            }
            if !ruleIDs.contains(id) {
                let d = Diagnostic.error("\(f)() names '\(id)', which is not a rule of this rule set", at: program.location(of: arg),
                                         code: .rulesHistoryId)
                bag.add(d.withHint(.init(name: id, among: [idList]), deferring: true))
            }
        }
    }
}
