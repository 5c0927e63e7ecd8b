// Recommendations+Stream.swift — the machine form of an evaluation written straight into
// bytes: the same bytes as writing ``Recommendations/json`` with ``JSONWriter``, without the
// tree (a test holds the two equal on every example).

import CoachJSON
import CoachSource

extension Recommendations {
    /// Writes the recommendations as JSON into `s`.
    package func write(to s: inout JSONStream) {
        s.beginObject()
        s.key("ruleset")
        s.beginObject()
        s.key("name"); s.string(ruleSet.name)
        s.key("version"); s.string(ruleSet.version)
        s.key("fingerprint"); s.string(ruleSet.fingerprint)
        s.endObject()
        s.key("seller")
        s.beginObject()
        s.key("id"); s.string(seller)
        s.key("category"); s.string(category)
        s.endObject()
        s.key("as_of"); s.string(asOf)
        s.key("day"); s.int(day)
        s.key("phase"); s.string(phase)
        // By index: each element is borrowed in place (a `for in` copies it, retaining every
        // string it holds).
        s.key("tips"); s.beginArray(); for i in tips.indices { tips[i].write(to: &s) }; s.endArray()
        s.key("checklist"); s.beginArray(); for i in checklist.indices { checklist[i].write(to: &s) }; s.endArray()
        s.key("escalations"); s.beginArray(); for i in escalations.indices { escalations[i].write(to: &s) }; s.endArray()
        s.key("suppressed"); s.beginArray(); for i in suppressed.indices { suppressed[i].write(to: &s) }; s.endArray()
        s.key("skipped")
        s.beginArray()
        for x in skipped {
            s.beginObject()
            s.key("id"); s.string(x.id)
            s.key("missing"); s.beginArray(); for m in x.missing { s.string(m) }; s.endArray()
            s.endObject()
        }
        s.endArray()
        s.key("changes"); changes.write(at: asOf, to: &s)
        s.key("diagnostics"); s.beginArray(); for d in diagnostics { s.value(d.json) }; s.endArray()
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
    func write(to s: inout JSONStream) {
        s.beginObject()
        s.key("id"); s.string(id)
        s.key("area"); s.string(area)
        s.key("priority"); s.int(priority)
        s.key("title"); s.string(title)
        s.key("body"); s.string(body)
        s.key("actions"); s.beginArray(); for a in actions { s.string(a) }; s.endArray()
        s.key("learn"); learnJSON.write(learn, to: &s)
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
    func write(to s: inout JSONStream) {
        s.beginObject()
        headJSON.write(id: id, playbook: playbook, phase: phase, title: title, to: &s)
        s.key("status"); s.string(status.rawValue)
        s.key("due"); s.string(due)
        s.key("due_day"); s.int(dueDay)
        s.key("progress"); if let progress { s.double((progress * 1000).rounded() / 1000) } else { s.null() }
        s.key("added_by"); s.string(addedBy)
        s.key("checked"); s.bool(checked)
        s.key("marked_done"); s.string(markedDone)
        s.key("learn"); learnJSON.write(learn, to: &s)
        s.endObject()
    }
}

extension StateChanges {
    func write(at day: String, to s: inout JSONStream) {
        func dated(_ ids: [String], _ s: inout JSONStream) {
            s.beginArray()
            for id in ids {
                s.beginObject()
                s.key("id"); s.string(id)
                s.key("at"); s.string(day)
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
    func write(to s: inout JSONStream) {
        s.beginObject()
        s.key("id"); s.string(id)
        s.key("reason"); s.string(reason.rawValue)
        s.key("by"); s.string(by)
        s.key("detail"); s.string(detail)
        s.endObject()
    }
}
