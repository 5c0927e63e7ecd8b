// SnapshotDecoder+State.swift — the host's state in a snapshot: `dismissed`, `snoozed`,
// `done` and `acknowledged`, each a list of entries naming a rule or item, checked against
// the rule set so that a mark that cannot take effect is said, not silently dropped.

import CoachRules
import CoachSource

extension SnapshotReader {
    /// The keys of each kind of state entry, required ones first.
    package static let stateKeys: [String: [String]] = [
        "dismissed": ["id", "at"],
        "snoozed": ["id", "until"],
        "done": ["id", "at", "by"],
        "acknowledged": ["id", "at", "route", "severity", "until"],
    ]
}

/// Where a snapshot gives its state lists (in the order of ``SnapshotReader/stateLists``),
/// kept without an array, since almost no snapshot has any.
struct StateRefs<Ref> {
    private var refs: (Ref?, Ref?, Ref?, Ref?) = (nil, nil, nil, nil)
    /// Whether any list is given.
    private(set) var any = false

    subscript(k: Int) -> Ref? {
        get {
            switch k {
            case 0: return refs.0
            case 1: return refs.1
            case 2: return refs.2
            default: return refs.3
            }
        }
        set {
            any = any || newValue != nil
            switch k {
            case 0: refs.0 = newValue
            case 1: refs.1 = newValue
            case 2: refs.2 = newValue
            default: refs.3 = newValue
            }
        }
    }
}

/// One state entry's fields, read and checked.
private struct StateEntry {
    var id = ""
    var at: Int?
    var until: Int?
    var by: String?
    var route: String?
    var severity: EscalationSeverity?
}

extension SnapshotDecoder {
    /// Reads the state lists found at the top level (`lists[k]` for each of
    /// ``SnapshotReader/stateLists``); `asOf` and `enrolled` are nil when the snapshot's dates
    /// were unreadable.
    func sellerState(_ lists: StateRefs<D.Ref>, asOf: Int?, enrolled: Int?, _ errors: inout DiagnosticBag) -> SellerState {
        var state = SellerState()
        for k in SnapshotReader.stateLists.indices {
            guard let list = lists[k] else { continue }
            let name = SnapshotReader.stateLists[k]
            for (entry, ref) in stateEntries(name, list, &errors) where applies(name, entry, ref, asOf: asOf) {
                // A tip dismissed or an escalation acknowledged before the seller enrolled was
                // never shown to them: most likely a mistyped date. Said; the entry counts as
                // dated. (An item can be done before enrolment; a snooze has only its end.)
                if name != "done", let enrolled, let day = entry.at, day < enrolled {
                    diagnostics.add(.warning("'\(name)' names '\(entry.id.clipped(to: 100))' on \(CivilDate.format(day)), before the seller enrolled (\(CivilDate.format(enrolled)))",
                                             at: document.location(ref), hint: "check the dates: the entry counts as dated", code: .snapshotState))
                }
                switch k {
                case 0: state.dismissed.append(Dismissal(id: entry.id, day: entry.at ?? 0))
                case 1: state.snoozed.append(Snooze(id: entry.id, until: entry.until ?? 0))
                case 2: state.done.append(DoneMark(id: entry.id, day: entry.at ?? 0, by: entry.by))
                default:
                    state.acknowledged.append(Acknowledgement(id: entry.id, day: entry.at ?? 0, route: entry.route,
                                                              severity: entry.severity, until: entry.until))
                }
            }
        }
        return state
    }

    /// Whether an entry can take effect; when it cannot, a diagnostic says why.
    private func applies(_ list: String, _ e: StateEntry, _ ref: D.Ref, asOf: Int?) -> Bool {
        let at = document.location(ref)
        func note(_ message: String, hint: String? = nil, code: DiagnosticCode = .snapshotState) {
            diagnostics.add(.warning("'\(list)' names '\(e.id.clipped(to: 100))', \(message); the entry has no effect", at: at, hint: hint, code: code))
        }
        if list == "done" {
            guard let item = ruleSet.items.first(where: { $0.id == e.id }) else {
                note("which is not a checklist item of this rule set", hint: Suggestions.didYouMean(e.id, in: ruleSet.items.map(\.id)),
                     code: .snapshotUnknownID)
                return false
            }
            if item.standard {
                diagnostics.add(Diagnostic(.note, "'done' marks '\(e.id.clipped(to: 100))', a standard that must keep holding: its status follows its done_when, not the mark",
                                           at: at, code: .snapshotState))
                return false
            }
        } else {
            guard let rule = ruleSet.rule(e.id) else {
                note("which is not a rule of this rule set", hint: Suggestions.didYouMean(e.id, in: ruleSet.rules.map(\.id)),
                     code: .snapshotUnknownID)
                return false
            }
            if list == "acknowledged" {
                guard let esc = rule.escalation else { note("a rule that does not escalate"); return false }
                if let route = e.route, route != esc.to, route != esc.also {
                    note("acknowledged by '\(route)', which it does not notify", hint: "it goes to '\(esc.to)'\(esc.also.map { " and '\($0)'" } ?? "")")
                    return false
                }
                if let until = e.until, let day = e.at, until <= day {
                    note("acknowledged on \(CivilDate.format(day)) until \(CivilDate.format(until)), which is not after it",
                         hint: "'until' is the day the escalation may be raised again")
                    return false
                }
            } else if rule.tip == nil {
                note("a rule without a tip to \(list == "dismissed" ? "dismiss" : "snooze")")
                return false
            }
        }
        if let asOf, let day = e.at, day > asOf {
            note("on \(CivilDate.format(day)), after as_of (\(CivilDate.format(asOf)))", hint: "check the dates")
            return false
        }
        return true
    }

    /// The entries of one state list; a malformed entry is an error naming what it lacks.
    private func stateEntries(_ name: String, _ r: D.Ref, _ errors: inout DiagnosticBag) -> [(StateEntry, D.Ref)] {
        let doc = document
        let keys = SnapshotReader.stateKeys[name] ?? []
        let example = "{\"id\": \"…\", \"\(keys[1])\": \"YYYY-MM-DD\"}"
        guard doc.kind(r) == .array else {
            errors.add(.error("'\(name)' must be a list of \(example)", at: doc.location(r), code: .snapshotState))
            return []
        }
        if doc.count(r) > SnapshotLimits.maxDeliveries {
            errors.add(.error("'\(name)' lists \(doc.count(r)) entries, over the limit of \(SnapshotLimits.maxDeliveries)",
                              at: doc.location(r), code: .snapshotTooLarge))
            return []
        }
        var out: [(StateEntry, D.Ref)] = []
        doc.forEachElement(r) { item in
            guard doc.kind(item) == .object else {
                errors.add(.error("each '\(name)' entry must be an object such as \(example), not \(doc.describe(item))",
                                  at: doc.location(item), code: .snapshotState))
                return
            }
            var e = StateEntry()
            var seen = Set<String>()
            var ok = true
            doc.forEachMember(item) { key, value in
                let field = String(decoding: key, as: UTF8.self)
                guard seen.insert(field).inserted else {
                    errors.add(.error("a '\(name)' entry gives '\(field.clipped(to: 100))' twice", at: doc.keyLocation(value), code: .snapshotDuplicateKey))
                    ok = false
                    return
                }
                guard keys.contains(field) else {
                    diagnostics.add(.warning("unknown key '\(field.clipped(to: 100))' in a '\(name)' entry is ignored", at: doc.keyLocation(value),
                                             hint: Suggestions.didYouMean(field, in: keys), code: .snapshotUnknownKey))
                    return
                }
                ok = stateField(field, value, into: &e, list: name, &errors) && ok
            }
            let required = keys[1]
            if ok, seen.contains("id"), e.id.isEmpty {
                errors.add(.error("\(name == "acknowledged" ? "an" : "a") '\(name)' entry's 'id' is empty: it must name \(name == "done" ? "a checklist item" : "a rule")", at: doc.location(item),
                                  code: .snapshotState))
                ok = false
            }
            if ok, e.id.isEmpty || !seen.contains(required) {
                errors.add(.error("a '\(name)' entry needs 'id' and '\(required)': \(example)", at: doc.location(item),
                                  code: .snapshotState))
                ok = false
            }
            if ok { out.append((e, item)) }
        }
        return out
    }

    /// Reads one field of a state entry; false (with an error) when its value is wrong.
    private func stateField(_ field: String, _ value: D.Ref, into e: inout StateEntry, list: String,
                            _ errors: inout DiagnosticBag) -> Bool {
        let doc = document
        switch field {
        case "at", "until":
            guard let day = date(value, "\(list)[].\(field)", &errors) else { return false }
            if field == "at" { e.at = day } else { e.until = day }
            return true
        case "severity":
            guard doc.kind(value) == .string, let s = EscalationSeverity(rawValue: doc.string(value)) else {
                errors.add(.error("\(list)[].severity must be one of \(EscalationSeverity.allCases.map(\.rawValue).joined(separator: ", ")), not \(doc.describe(value))",
                                  at: doc.location(value), code: .snapshotState))
                return false
            }
            e.severity = s
            return true
        default:  // id, by, route: text
            guard doc.kind(value) == .string, doc.string(value).utf8.count <= SnapshotLimits.maxIDBytes else {
                errors.add(.error("\(list)[].\(field) must be text of at most \(SnapshotLimits.maxIDBytes) bytes, not \(doc.describe(value))",
                                  at: doc.location(value), code: .snapshotState))
                return false
            }
            let text = doc.string(value)
            switch field {
            case "id": e.id = text
            case "by": e.by = text
            default: e.route = text
            }
            return true
        }
    }
}
