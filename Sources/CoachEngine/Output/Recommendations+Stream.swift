// Recommendations+Stream.swift — the machine form of an evaluation written straight into
// bytes: the same bytes as writing ``Recommendations/json`` with ``JSONWriter``, without the
// tree (a test holds the two equal on every example).

@_spi(Streaming) import CoachJSON
import CoachSource

extension Recommendations {
    /// Writes the recommendations as JSON into `s`.
    package func write(to s: inout JSONStream) {
        s.beginObject()
        writeHead(to: &s)
        s.key("tips"); s.beginArray(); for t in tips { t.write(to: &s) }; s.endArray()
        s.key("checklist"); s.beginArray(); for e in checklist { e.write(to: &s) }; s.endArray()
        writeHeldBack(to: &s)
        s.key("skipped")
        s.beginArray(); for x in skipped { Recommendations.writeSkipped(id: x.id, missing: x.missing, to: &s) }; s.endArray()
        s.key("changes"); changes.write(at: asOf, to: &s)
        writeDiagnostics(to: &s)
        s.endObject()
    }

    /// The members before `tips` (an object begun). A writer of its own for the tips, the
    /// checklist, the skipped rules or the changes writes the parts around them: these, then
    /// its own, in the order ``write(to:)`` writes them (no closure handed in, which would be
    /// an escaping one made per result).
    func writeHead(to s: inout JSONStream) {
        Recommendations.writeHead(name: ruleSet.name, version: ruleSet.version, fingerprint: ruleSet.fingerprint, seller: seller,
                                  category: category, asOf: asOf, day: day, phase: phase, to: &s)
    }

    /// The same from the parts (an evaluator writing without making the result).
    static func writeHead(name: String, version: String, fingerprint: String, seller: String, category: String?, asOf: String,
                          day: Int, phase: String, to s: inout JSONStream) {
        s.key("ruleset")
        s.beginObject()
        s.key("name"); s.string(name)
        s.key("version"); s.string(version)
        s.key("fingerprint"); s.string(fingerprint)
        s.endObject()
        s.key("seller")
        s.beginObject()
        s.key("id"); s.string(seller)
        s.key("category"); s.string(category)
        s.endObject()
        s.key("as_of"); s.string(asOf)
        s.key("day"); s.int(day)
        s.key("phase"); s.string(phase)
    }

    /// `escalations` and `suppressed`, after `checklist`.
    func writeHeldBack(to s: inout JSONStream) { Recommendations.writeHeldBack(escalations, suppressed, to: &s) }

    /// The same from the lists.
    static func writeHeldBack(_ escalations: [Escalation], _ suppressed: [Suppression], to s: inout JSONStream) {
        s.key("escalations"); s.beginArray()
        if s.isOneLine { Escalation.writeOnOneLine(escalations, to: &s) } else { for e in escalations { e.write(to: &s) } }
        s.endArray()
        s.key("suppressed"); s.beginArray()
        if s.isOneLine { Suppression.writeOnOneLine(suppressed, to: &s) } else { for x in suppressed { x.write(to: &s) } }
        s.endArray()
    }

    /// `diagnostics`, the last member.
    func writeDiagnostics(to s: inout JSONStream) { Recommendations.writeDiagnostics(diagnostics, to: &s) }

    /// The same from the list.
    static func writeDiagnostics(_ diagnostics: [Diagnostic], to s: inout JSONStream) {
        s.key("diagnostics"); s.beginArray(); for d in diagnostics { d.write(to: &s, namingFile: false) }; s.endArray()
    }

    /// A skipped rule's member after `id`.
    static let skippedKeys = PrewrittenKeys(["missing"])

    /// A skipped rule's entry: its id and the missing signals it reads.
    static func writeSkipped<Names: Sequence<String>>(id: String, missing: Names, to s: inout JSONStream) {
        s.beginObject()
        s.key("id"); s.string(id)
        s.key("missing", skippedKeys, 0, skippedKeys.variant(for: s))
        s.beginArray(); for m in missing { s.string(m) }; s.endArray()
        s.endObject()
    }

    /// The JSON text's bytes (`indent: nil` for one line), as `coach eval --format json`
    /// writes them with the default indent.
    public func jsonBytes(indent: Int? = 2) -> [UInt8] {
        var s = JSONStream(indent: indent, capacity: 48 << 10)  // a typical result (20-30 KB indented), written without regrowing
        write(to: &s)
        return s.bytes
    }
}

extension Tip {
    /// The members after `id`, in the order written.
    static let tailKeys = PrewrittenKeys(["area", "priority", "title", "body", "actions", "learn"])

    func write(to s: inout JSONStream) {
        Tip.write(id: id, area: area, priority: priority, actions: actions.count, learn: learn, learnJSON: learnJSON, to: &s) { k, s in
            s.string(k == 0 ? title : k == 1 ? body : actions[k - 2])
        }
    }

    /// A tip's JSON from its parts, its texts written by `text` (0 the title, 1 the body, then
    /// each of the `actions`): for tips written without being made too
    /// (``Evaluator/writeTip(_:_:_:into:)``).
    static func write(id: String, area: String, priority: Int, actions: Int, learn: [LearnLink], learnJSON: LinksCache,
                      to s: inout JSONStream, text: (Int, inout JSONStream) -> Void) {
        s.beginObject()
        s.key("id"); s.string(id)
        let keys = Tip.tailKeys, v = keys.variant(for: s)
        s.key("area", keys, 0, v); s.string(area)
        s.key("priority", keys, 1, v); s.int(priority)
        s.key("title", keys, 2, v); text(0, &s)
        s.key("body", keys, 3, v); text(1, &s)
        s.key("actions", keys, 4, v); s.beginArray(); for k in 0..<actions { text(2 + k, &s) }; s.endArray()
        s.key("learn", keys, 5, v); learnJSON.write(learn, to: &s)
        s.endObject()
    }
}

extension LearnLink {
    func write(to s: inout JSONStream) {
        s.beginObject()
        s.key("id"); s.string(id)
        s.key("title"); s.string(title)
        s.key("url"); s.string(url)
        s.key("kind"); s.string(kind)
        s.key("minutes"); if let minutes { s.int(minutes) } else { s.null() }
        s.endObject()
    }
}

extension ChecklistEntry {
    /// The members after the head, in the order written.
    static let tailKeys = PrewrittenKeys(["status", "due", "due_day", "progress", "added_by", "checked", "marked_done", "learn"])

    func write(to s: inout JSONStream) {
        s.beginObject()
        headJSON.write(id: id, playbook: playbook, phase: phase, title: .text(title), to: &s)
        ChecklistEntry.writeTail(status: status, due: due, dueDay: dueDay, progress: progress, addedBy: addedBy, checked: checked,
                                 markedDone: markedDone, learn: learn, learnJSON: learnJSON, to: &s)
        s.endObject()
    }

    /// The members after the head (``tailKeys``), from an entry's parts: for entries written
    /// without being made (``Evaluator/evaluate(_:writingTo:)``).
    static func writeTail(status: ItemStatus, due: String, dueDay: Int, progress: Double?, addedBy: String?, checked: Bool,
                          markedDone: String?, learn: [LearnLink], learnJSON: LinksCache, to s: inout JSONStream) {
        // On one line from static texts (measured: laying the one-line entries out from the
        // keys written ahead, as the indented ones are, cost 2% more instructions for a
        // shipped result); indented from the keys written ahead for the stream's depth.
        if s.isOneLine {
            writeTailOnOneLine(status: status, due: due, dueDay: dueDay, progress: progress, addedBy: addedBy, checked: checked,
                               markedDone: markedDone, learn: learn, learnJSON: learnJSON, to: &s)
            return
        }
        let keys = ChecklistEntry.tailKeys, v = keys.variant(for: s)
        if let v, s.rawKey(keys.text(0, v)) {
            writeTailLaidOut(keys, v, status: status, due: due, dueDay: dueDay, progress: progress, addedBy: addedBy,
                             checked: checked, markedDone: markedDone, learn: learn, learnJSON: learnJSON, to: &s)
            return
        }
        s.key("status", keys, 0, v); s.rawScalar(status.jsonText)
        s.key("due", keys, 1, v); s.string(due)
        s.key("due_day", keys, 2, v); s.int(dueDay)
        s.key("progress", keys, 3, v)
        if let progress {
            ChecklistEntry.progressText((progress * 1000).rounded(), general: { s.double($0) }, digits: { s.rawScalar($0) })
        } else {
            s.rawScalar("null")
        }
        s.key("added_by", keys, 4, v); s.string(addedBy)
        s.key("checked", keys, 5, v); s.rawScalar(checked ? "true" : "false")
        s.key("marked_done", keys, 6, v); s.string(markedDone)
        s.key("learn", keys, 7, v); learnJSON.write(learn, to: &s)
    }

    /// The members after the head in a one-line stream, laid out here: the same text as the
    /// members written one by one, in about a third of the instructions (an entry is written
    /// for every item shown, some twenty-five a seller).
    static func writeTailOnOneLine(status: ItemStatus, due: String, dueDay: Int, progress: Double?, addedBy: String?,
                                   checked: Bool, markedDone: String?, learn: [LearnLink], learnJSON: LinksCache,
                                   to s: inout JSONStream) {
        s.put(",\"status\":"); s.put(status.jsonText)
        s.put(",\"due\":"); s.putQuoted(due)
        s.put(",\"due_day\":"); s.putInt(dueDay)
        s.put(",\"progress\":")
        if let progress {
            ChecklistEntry.progressText((progress * 1000).rounded(), general: { s.putDouble($0) }, digits: { s.put($0) })
        } else {
            s.put("null")
        }
        s.put(",\"added_by\":"); s.putQuoted(addedBy)
        s.put(",\"checked\":"); s.put(checked ? "true" : "false")
        s.put(",\"marked_done\":"); s.putQuoted(markedDone)
        s.putKey(",\"learn\":"); learnJSON.write(learn, to: &s)
    }

    /// The members after the head in an indented stream, from the status's value on (its key
    /// written), laid out from the keys written ahead for the stream's depth (`variant`): the
    /// same text as the members written one by one, as on one line.
    private static func writeTailLaidOut(_ keys: PrewrittenKeys, _ v: Int, status: ItemStatus, due: String, dueDay: Int,
                                         progress: Double?, addedBy: String?, checked: Bool, markedDone: String?,
                                         learn: [LearnLink], learnJSON: LinksCache, to s: inout JSONStream) {
        s.rawScalar(status.jsonText)
        s.put(keys.text(1, v)); s.putQuoted(due)
        s.put(keys.text(2, v)); s.putInt(dueDay)
        s.put(keys.text(3, v))
        if let progress {
            ChecklistEntry.progressText((progress * 1000).rounded(), general: { s.putDouble($0) }, digits: { s.put($0) })
        } else {
            s.put("null")
        }
        s.put(keys.text(4, v)); s.putQuoted(addedBy)
        s.put(keys.text(5, v)); s.put(checked ? "true" : "false")
        s.put(keys.text(6, v)); s.putQuoted(markedDone)
        s.key("learn", keys, 7, v); learnJSON.write(learn, to: &s)
    }

    /// Progress as written: `thousandths / 1000`. A whole number of thousandths from 0 to 1000
    /// is written from its digits (as `Double.description` writes it: `0.25`, `1.0`), given
    /// to `digits`; anything else (a NaN, -0.0, a progress past 1 set by a library user) is
    /// given to `general`, to be written as a double is.
    @inline(__always)
    static func progressText(_ thousandths: Double, general: (Double) -> Void, digits: (UnsafeBufferPointer<UInt8>) -> Void) {
        guard thousandths >= 0, thousandths <= 1000, thousandths.sign == .plus, let n = Int(exactly: thousandths) else {
            general(thousandths / 1000)
            return
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 8) { buffer in
            guard let p = buffer.baseAddress else { return }
            p[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: n / 1000)
            p[1] = UInt8(ascii: ".")
            // The fraction's digits without trailing zeros (one zero when there is none).
            var fraction = n % 1000, length = 3
            if fraction == 0 { length = 1 }
            while length > 1, fraction % 10 == 0 { fraction /= 10; length -= 1 }
            for i in stride(from: length - 1, through: 0, by: -1) {
                p[2 &+ i] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: fraction % 10)
                fraction /= 10
            }
            digits(UnsafeBufferPointer(start: p, count: 2 &+ length))
        }
    }
}

extension SuppressionReason {
    /// The reason as a JSON text (its raw value, quoted).
    var jsonText: StaticString {
        switch self {
        case .group: return "\"group\""
        case .limit: return "\"limit\""
        case .cooldown: return "\"cooldown\""
        case .inhibited: return "\"inhibited\""
        case .dismissed: return "\"dismissed\""
        case .snoozed: return "\"snoozed\""
        case .acknowledged: return "\"acknowledged\""
        }
    }
}

extension ItemStatus {
    /// The status as a JSON text (its raw value, quoted).
    var jsonText: StaticString {
        switch self {
        case .done: return "\"done\""
        case .open: return "\"open\""
        case .overdue: return "\"overdue\""
        case .upcoming: return "\"upcoming\""
        }
    }
}

extension StateChanges {
    /// A dated entry's member after `id`.
    static let datedKeys = PrewrittenKeys(["at"])

    func write(at day: String, to s: inout JSONStream) {
        func dated(_ ids: [String], _ s: inout JSONStream) {
            s.beginArray()
            for id in ids {
                s.beginObject()
                s.key("id"); s.string(id)
                s.key("at", StateChanges.datedKeys, 0, StateChanges.datedKeys.variant(for: s)); s.string(day)
                s.endObject()
            }
            s.endArray()
        }
        s.beginObject()
        s.key("delivered"); dated(delivered, &s)
        s.key("first_shown"); s.beginArray(); for id in firstShown { s.string(id) }; s.endArray()
        s.key("done"); dated(done, &s)
        s.key("raised"); s.beginArray(); for id in raised { s.string(id) }; s.endArray()
        s.endObject()
    }
}

extension Escalation {
    /// The elements of an array of them on one line (an array begun), laid out here: the text
    /// ``write(to:)`` writes there, without a key written through the stream per member.
    static func writeOnOneLine(_ list: [Escalation], to s: inout JSONStream) {
        for n in list.indices {
            let e = list[n]
            s.put(n == 0 ? "{\"id\":" : ",{\"id\":"); s.putQuoted(e.id)
            s.put(",\"to\":"); s.putQuoted(e.to)
            s.put(",\"also\":"); s.putQuoted(e.also)
            s.put(",\"severity\":"); s.putQuoted(e.severity.rawValue)
            s.put(",\"priority\":"); s.putInt(e.priority)
            s.put(",\"reason\":"); s.putQuoted(e.reason)
            s.put(",\"notice\":"); s.putQuoted(e.notice)
            s.put(",\"talking_points\":[")
            for (k, p) in e.talkingPoints.enumerated() {
                if k > 0 { s.put(",") }
                s.putQuoted(p)
            }
            s.put("]}")
        }
        if !list.isEmpty { s.markItems() }
    }

    func write(to s: inout JSONStream) {
        s.beginObject()
        s.key("id"); s.string(id)
        s.key("to"); s.string(to)
        s.key("also"); s.string(also)
        s.key("severity"); s.string(severity.rawValue)
        s.key("priority"); s.int(priority)
        s.key("reason"); s.string(reason)
        s.key("notice"); s.string(notice)
        s.key("talking_points"); s.beginArray(); for p in talkingPoints { s.string(p) }; s.endArray()
        s.endObject()
    }
}

extension Suppression {
    /// The elements of an array of them on one line (an array begun), laid out here as
    /// ``write(to:)`` writes them there.
    static func writeOnOneLine(_ list: [Suppression], to s: inout JSONStream) {
        for n in list.indices {
            // Each member read from the list in place (a copy of the entry counted its texts).
            s.put(n == 0 ? "{\"id\":" : ",{\"id\":"); s.putQuoted(list[n].id)
            s.put(",\"reason\":"); s.putQuoted(list[n].reason.rawValue)
            s.put(",\"by\":"); s.putQuoted(list[n].by)
            s.put(",\"detail\":"); s.putQuoted(list[n].detail)
            s.put("}")
        }
        if !list.isEmpty { s.markItems() }
    }

    func write(to s: inout JSONStream) {
        s.beginObject()
        s.key("id"); s.string(id)
        s.key("reason"); s.string(reason.rawValue)
        s.key("by"); s.string(by)
        s.key("detail"); s.string(detail)
        s.endObject()
    }
}
