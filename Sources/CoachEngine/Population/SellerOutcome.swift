// SellerOutcome.swift — what one seller was given, by id: the form two rule-set versions (or
// a rule set and saved results) are compared in, since their rule indices differ.

import CoachExpr
import CoachRules

/// What a seller sees, by id: tips, escalations, and checklist items with their status.
package struct SellerOutcome: Sendable, Equatable {
    /// The seller's id.
    package var seller: String
    /// Tips shown, best first.
    package var tips: [String]
    /// Escalations raised, most severe first.
    package var escalations: [String]
    /// Checklist items shown, with their status.
    package var items: [String: ItemStatus]
    /// Each escalation's `route/severity`, or `route+also/severity` when it also goes to a
    /// second route, where known (the ids form does not say).
    package var routes: [String: String]
    /// The rules that failed for the seller (a condition, priority or text that gave an
    /// error), where known: saved results do not say.
    package var failed: [String] = []
    /// The date the outcome was worked out for (`YYYY-MM-DD`), where known: a saved full
    /// result says it, the ids form does not.
    package var asOf: String?

    package init(seller: String, tips: [String], escalations: [String], items: [String: ItemStatus], routes: [String: String] = [:]) {
        self.seller = seller
        self.tips = tips
        self.escalations = escalations
        self.items = items
        self.routes = routes
    }

    /// The outcome `decisions` describe, in `ruleSet`'s ids.
    package init(_ decisions: Decisions, _ ruleSet: RuleSet) {
        seller = decisions.seller
        tips = decisions.tips.map { ruleSet.rules[$0].id }
        escalations = decisions.escalations.map { ruleSet.rules[$0].id }
        var routes: [String: String] = [:]
        for i in decisions.escalations {
            if let e = ruleSet.rules[i].escalation { routes[ruleSet.rules[i].id] = Self.route(e.to, also: e.also, e.severity.rawValue) }
        }
        self.routes = routes
        var items: [String: ItemStatus] = [:]
        for (k, item) in decisions.items.enumerated() where k < decisions.statuses.count {
            items[ruleSet.items[item].id] = decisions.statuses[k]
        }
        self.items = items
    }

    /// The outcome in one line of saved `coach batch` output, `--output ids` or `full`; nil
    /// (with why) for an error record or a line of another shape.
    package static func parse(savedLine value: Value) -> Result<SellerOutcome, SavedLineProblem> {
        guard case .map(let m) = value else { return .failure(.shape("not a JSON object")) }
        if m[.string("error")] != nil { return .failure(.errorRecord) }
        let seller: String
        let keys: [String]  // what a line of that form holds: anything else is not coach's
        switch m[.string("seller")] {
        case .string(let s)?:
            seller = s
            keys = idsKeys
        case .map(let s)?:
            guard case .string(let id)? = s[.string("id")] else { return .failure(.shape("seller has no id")) }
            seller = id
            keys = fullKeys
        default: return .failure(.shape("no seller"))
        }
        guard m[.string("signals")] == nil, m[.string("tips")] != nil, m[.string("escalations")] != nil else {
            return .failure(.shape("a result has tips and escalations (and no signals): this looks like \(m[.string("signals")] != nil ? "a snapshot" : "something else")"))
        }
        if let why = unknownKey(m, keys) { return .failure(.shape(why)) }
        guard let tips = ids(m[.string("tips")]), let escalations = ids(m[.string("escalations")]) else {
            return .failure(.shape("tips and escalations must be lists of ids or of objects with an id"))
        }
        if let why = listedTwice(tips, "tip") ?? listedTwice(escalations, "escalation") { return .failure(.shape(why)) }
        var routes: [String: String] = [:]  // the full form says where each escalation went
        if case .list(let list)? = m[.string("escalations")] {
            for e in list {
                guard case .map(let o) = e, case .string(let id)? = o[.string("id")], case .string(let to)? = o[.string("to")],
                      case .string(let severity)? = o[.string("severity")] else { continue }
                var also: String?
                if case .string(let a)? = o[.string("also")] { also = a }
                routes[id] = route(to, also: also, severity)
            }
        }
        var items: [String: ItemStatus] = [:]
        switch m[.string("checklist")] {
        case .map(let byStatus)?:  // ids form: {status: [ids]}
            for (key, list) in byStatus.entries {
                guard case .string(let name) = key, let status = ItemStatus(rawValue: name), let list = ids(list) else {
                    return .failure(.shape("checklist must map a status to a list of ids"))
                }
                for id in list {
                    if items[id] != nil { return .failure(.shape("checklist item '\(id)' is listed twice")) }
                    items[id] = status
                }
            }
        case .list(let entries)?:  // full form: [{id, status, ...}]
            for e in entries {
                guard case .map(let entry) = e, case .string(let id)? = entry[.string("id")],
                      case .string(let s)? = entry[.string("status")], let status = ItemStatus(rawValue: s) else {
                    return .failure(.shape("a checklist entry needs an id and a status"))
                }
                if items[id] != nil { return .failure(.shape("checklist item '\(id)' is listed twice")) }
                items[id] = status
            }
        case nil: break
        default: return .failure(.shape("checklist is neither a list nor an object"))
        }
        var outcome = SellerOutcome(seller: seller, tips: tips, escalations: escalations, items: items, routes: routes)
        if case .string(let date)? = m[.string("as_of")] { outcome.asOf = date }
        return .success(outcome)
    }

    /// Why `m` is not a result of the form whose members are `keys`: a member coach never
    /// writes (it would be taken in silently).
    static func unknownKey(_ m: MapValue, _ keys: [String]) -> String? {
        for key in m.entries.map(\.key) {
            guard case .string(let k) = key else { return "a key that is not text" }
            if !keys.contains(k) { return "unknown key '\(k)' for a result of `coach batch --output \(keys == idsKeys ? "ids" : "full")`" }
        }
        return nil
    }

    /// Why `ids` is not a list coach writes: an id listed twice.
    static func listedTwice(_ ids: [String], _ what: String) -> String? {
        var seen = Set<String>()
        return ids.first { !seen.insert($0).inserted }.map { "\(what) '\($0)' is listed twice" }
    }

    /// The members of a result line of `--output ids`, and of `--output full`.
    static let idsKeys = ["seller", "tips", "escalations", "checklist"]
    static let fullKeys = ["ruleset", "seller", "as_of", "day", "phase", "tips", "checklist", "escalations", "suppressed", "skipped",
                           "changes", "diagnostics"]

    /// Where an escalation goes, as the diff compares it: a change of `also` is a change of
    /// route, as one of `to` is.
    static func route(_ to: String, also: String?, _ severity: String) -> String {
        to + (also.map { "+" + $0 } ?? "") + "/" + severity
    }

    /// A list of ids, or of objects with an `id`; nil for anything else. Absent: empty.
    private static func ids(_ value: Value?) -> [String]? {
        guard let value else { return [] }
        guard case .list(let list) = value else { return nil }
        var out: [String] = []
        for v in list {
            switch v {
            case .string(let s): out.append(s)
            case .map(let o):
                guard case .string(let id)? = o[.string("id")] else { return nil }
                out.append(id)
            default: return nil
            }
        }
        return out
    }
}

/// Why a line of saved results gives no outcome.
package enum SavedLineProblem: Error, Equatable {
    /// An error record (`{"line", "error", ...}`): that seller had no result.
    case errorRecord
    /// Not a result of `coach batch` (what is wrong said).
    case shape(String)
}
