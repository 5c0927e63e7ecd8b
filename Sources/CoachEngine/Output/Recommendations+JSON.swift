// Recommendations+JSON.swift — the machine form of an evaluation, in a fixed key order.

@_spi(Streaming) import CoachJSON
import CoachSource

extension Recommendations {
    /// The recommendations as JSON. Keys are always in the same order and numbers are
    /// written the same way, so the same evaluation gives the same bytes.
    package var json: JSONValue {
        .object([
            ("ruleset", .object([("name", .string(ruleSet.name)), ("version", .string(ruleSet.version)),
                                 ("fingerprint", .string(ruleSet.fingerprint))])),
            ("seller", .object([("id", .string(seller)), ("category", category.map { .string($0) } ?? .null)])),
            ("as_of", .string(asOf)),
            ("day", .int(Int64(day))),
            ("phase", .string(phase)),
            ("tips", .array(tips.map(\.json))),
            ("checklist", .array(checklist.map(\.json))),
            ("escalations", .array(escalations.map(\.json))),
            ("suppressed", .array(suppressed.map(\.json))),
            ("skipped", .array(skipped.map { .object([("id", .string($0.id)), ("missing", .array($0.missing.map { .string($0) }))]) })),
            ("changes", changes.json(at: asOf)),
            ("diagnostics", .array(diagnostics.map { $0.json(namingFile: false) })),
        ])
    }
}

extension StateChanges {
    /// `{"delivered": [{id, at}], "first_shown": [ids], "done": [{id, at}], "raised": [ids]}`:
    /// entries the host appends to the snapshot's lists as they are.
    func json(at day: String) -> JSONValue {
        func dated(_ ids: [String]) -> JSONValue { .array(ids.map { .object([("id", .string($0)), ("at", .string(day))]) }) }
        return .object([("delivered", dated(delivered)), ("first_shown", .array(firstShown.map { .string($0) })),
                        ("done", dated(done)), ("raised", .array(raised.map { .string($0) }))])
    }
}

extension Tip {
    var json: JSONValue {
        .object([("id", .string(id)), ("area", .string(area)), ("priority", .int(Int64(priority))),
                 ("title", .string(title)), ("body", .string(body)), ("actions", .array(actions.map { .string($0) })),
                 ("learn", .array(learn.map(\.json)))])
    }
}

extension LearnLink {
    var json: JSONValue {
        .object([("id", .string(id)), ("title", .string(title)), ("url", .string(url)), ("kind", .string(kind)),
                 ("minutes", minutes.map { .int(Int64($0)) } ?? .null)])
    }
}

extension ChecklistEntry {
    var json: JSONValue {
        .object([("id", .string(id)), ("playbook", .string(playbook)), ("phase", .string(phase)), ("title", .string(title)),
                 ("status", .string(status.rawValue)), ("due", .string(due)), ("due_day", .int(Int64(dueDay))),
                 ("progress", progress.map { .double(($0 * 1000).rounded() / 1000) } ?? .null),
                 ("added_by", addedBy.map { .string($0) } ?? .null), ("checked", .bool(checked)),
                 ("marked_done", markedDone.map { .string($0) } ?? .null),
                 ("learn", .array(learn.map(\.json)))])
    }
}

extension Escalation {
    var json: JSONValue {
        .object([("id", .string(id)), ("to", .string(to)), ("also", also.map { .string($0) } ?? .null),
                 ("severity", .string(severity.rawValue)), ("priority", .int(Int64(priority))), ("reason", .string(reason)),
                 ("notice", notice.map { .string($0) } ?? .null), ("talking_points", .array(talkingPoints.map { .string($0) }))])
    }
}

extension Suppression {
    var json: JSONValue {
        .object([("id", .string(id)), ("reason", .string(reason.rawValue)), ("by", by.map { .string($0) } ?? .null),
                 ("detail", .string(detail))])
    }
}
