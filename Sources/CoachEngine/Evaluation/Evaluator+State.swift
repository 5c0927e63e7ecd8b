// Evaluator+State.swift — the host's state applied to one evaluation: acknowledged
// escalations held back, dismissed and snoozed tips held back, checklist items marked done;
// and the changes the host should store afterwards.

@_spi(Streaming) import CoachJSON
import CoachRules
import CoachSource

extension Evaluator {
    /// 2b. The seller's state. Runs after cooldowns, before inhibitions, groups and limits:
    /// a dismissed tip leaves its place to the next one, as a tip on cooldown does.
    func applyState() {
        let st = snapshot.state
        acknowledgements(st.acknowledged)
        for d in st.dismissed { if let i = plan.ruleIndex[d.id] { dismissedOn[i] = max(dismissedOn[i] ?? d.day, d.day) } }
        for (i, day) in dismissedOn.sorted(by: { $0.key < $1.key }) where active(i) && plan.hasTip[i] {
            let days = ruleSet.rules[i].dismissalDays
            guard snapshot.asOfDay - day < days else { continue }
            if plan.mustShow[i] { notes.add(mustShowNote(i, "was dismissed on \(CivilDate.format(day))")); continue }
            suppress(i, .dismissed(day: day, days: days))
        }
        for s in st.snoozed { if let i = plan.ruleIndex[s.id] { snoozedUntil[i] = max(snoozedUntil[i] ?? s.until, s.until) } }
        for (i, until) in snoozedUntil.sorted(by: { $0.key < $1.key }) where active(i) && plan.hasTip[i] && snapshot.asOfDay < until {
            if plan.mustShow[i] { notes.add(mustShowNote(i, "is snoozed until \(CivilDate.format(until))")); continue }
            suppress(i, .snoozed(until: until))
        }
    }

    /// An acknowledged escalation is not raised while the acknowledgement holds, unless it
    /// has become more severe than what was acknowledged (a note says so). The latest day's
    /// acknowledgements count (a newer one replaces an older); of several given that day,
    /// one in force that covers the escalation's severity holds it back, whatever their
    /// order in the list: the one holding longest, then the most severe, then by route.
    private func acknowledgements(_ acks: [Acknowledgement]) {
        let rules = ruleSet.rules
        func until(_ a: Acknowledgement) -> Int { a.until ?? a.day + manifest.acknowledgedForDays }
        func severity(_ a: Acknowledgement, _ i: Int) -> EscalationSeverity { a.severity ?? rules[i].escalation?.severity ?? .low }
        var latest: [Int: [Acknowledgement]] = [:]
        for a in acks {
            guard let i = plan.ruleIndex[a.id] else { continue }
            guard let day = latest[i]?.first?.day, a.day <= day else { latest[i] = [a]; continue }
            if a.day == day { latest[i, default: []].append(a) }
        }
        for (i, list) in latest.sorted(by: { $0.key < $1.key }) where state[i] == .fired {
            guard let e = rules[i].escalation else { continue }
            let route = { (a: Acknowledgement) in a.route ?? e.to }
            let inForce = list.filter { snapshot.asOfDay < until($0) }.sorted {
                until($0) != until($1) ? until($0) > until($1)
                    : severity($0, i) != severity($1, i) ? severity($0, i) < severity($1, i) : route($0) < route($1)
            }
            guard let a = inForce.first(where: { !(e.severity < severity($0, i)) }) else {
                // In force, but for a lesser severity than the escalation has now.
                if let a = inForce.min(by: { severity($0, i) < severity($1, i) }) {
                    notes.add(Diagnostic(.note, "escalation '\(rules[i].id)' was acknowledged by \(route(a)) on \(CivilDate.format(a.day)) at severity \(severity(a, i).rawValue), which does not cover it now that it is \(e.severity.rawValue)",
                                         at: rules[i].location, hint: "an acknowledgement holds only up to the severity acknowledged", code: .snapshotState))
                }
                continue
            }
            escalationHeld[i] = true
            heldEscalations.append(i)
            suppressions.append(SuppressionRecord(rule: i, kind: .acknowledged(day: a.day, until: until(a), route: route(a), severity: severity(a, i)), by: -1))
        }
    }

    private func mustShowNote(_ i: Int, _ what: String) -> Diagnostic {
        Diagnostic(.note, "tip '\(ruleSet.rules[i].id)' \(what), but it must be shown: it is shown anyway",
                   at: ruleSet.rules[i].location, hint: "must_show tips (account health) are never held back by a dismissal or a snooze",
                   code: .ruleMustShow)
    }

    /// Each checklist item's mark from the state: the day it was marked done (or
    /// ``ChecklistDecisions/notMarked``).
    func markItems() {
        for k in checklist.markedItems { checklist.marked[k] = ChecklistDecisions.notMarked }
        checklist.markedItems.removeAll(keepingCapacity: true)
        for d in snapshot.state.done {
            guard let k = plan.itemIndex[d.id], !ruleSet.items[k].standard else { continue }
            if checklist.marked[k] == ChecklistDecisions.notMarked { checklist.markedItems.append(k) }
            checklist.marked[k] = max(checklist.marked[k], d.day)
        }
    }

    /// Writes the changes as ``stateChanges()`` makes them, without making them: laid out here
    /// on one line, through the stream's containers when indented; the ids quoted once per rule
    /// set either way.
    func writeChanges(to s: inout JSONStream) {
        let asOf = CivilDate.format(snapshot.asOfDay)
        guard s.isOneLine else {
            writeChangesIndented(at: asOf, to: &s)
            return
        }
        // Laid out here, straight into the stream, from the ids quoted when the rule set loaded.
        var at: [UInt8] = []  // `,"at":"…"}`, the end of a dated entry
        Evaluator.append(",\"at\":", to: &at)
        JSONWriter.appendQuoted(asOf, to: &at)
        at.append(UInt8(ascii: "}"))
        // The entries written by static functions, the count passed in: local functions
        // capturing it made every access to it a checked one.
        var n = 0
        let ids = plan.quotedRuleIDs, items = plan.quotedItemIDs
        at.withUnsafeBufferPointer { at in
            let opening: StaticString = "{\"delivered\":["
            s.rawScalar(UnsafeBufferPointer(start: opening.utf8Start, count: opening.utf8CodeUnitCount))
            forEachDelivered { Evaluator.putDated(ids, $0, at, &n, to: &s) }
            s.put("],\"first_shown\":[")
            n = 0
            forEachFirstShown { Evaluator.putListed(ids, $0, &n, to: &s) }
            s.put("],\"done\":[")
            n = 0
            forEachDone { Evaluator.putDated(items, $0, at, &n, to: &s) }
            s.put("],\"raised\":[")
            n = 0
            for i in escalations where !deliveredToday(i) { Evaluator.putListed(ids, i, &n, to: &s) }
            s.put("]}")
        }
    }

    /// A dated entry on one line, `{"id":…,"at":…}` (`at`: its end), after `n` others.
    @inline(__always)
    private static func putDated(_ quoted: QuotedStrings, _ i: Int, _ at: UnsafeBufferPointer<UInt8>, _ n: inout Int,
                                 to s: inout JSONStream) {
        s.put(n == 0 ? "{\"id\":" : ",{\"id\":")
        quoted.put(i, to: &s)
        s.put(at)
        n += 1
    }

    /// An id in a list on one line, after `n` others.
    @inline(__always)
    private static func putListed(_ quoted: QuotedStrings, _ i: Int, _ n: inout Int, to s: inout JSONStream) {
        if n > 0 { s.put(",") }
        quoted.put(i, to: &s)
        n += 1
    }

    /// The changes as ``StateChanges/write(at:to:)`` writes them, from the evaluator's state and
    /// the ids quoted when the rule set loaded (each the text ``JSONStream/string(_:)`` writes):
    /// a dated entry laid out from texts made for the result's indentation and depth
    /// (``datedLayout``) around its id and the day quoted, not member by member.
    private func writeChangesIndented(at asOf: String, to s: inout JSONStream) {
        s.beginObject()
        // The entries are two levels in: elements of an array of the changes object.
        let texts = datedLayout.texts(indent: s.indentation, depth: s.openContainers &+ 1)
        let day = dayJSON
        day.truncate(to: 0)
        day.put(UInt8(ascii: "\""))
        JSONWriter.appendEscaped(asOf, to: day)
        day.put(UInt8(ascii: "\""))
        let at = day.view, ids = plan.quotedRuleIDs, items = plan.quotedItemIDs
        s.key("delivered"); s.beginArray()
        forEachDelivered { Evaluator.putDatedLaidOut(ids, $0, texts, at, to: &s) }
        s.endArray()
        s.key("first_shown"); s.beginArray()
        forEachFirstShown { s.beginLaidOutValue(); ids.put($0, to: &s) }
        s.endArray()
        s.key("done"); s.beginArray()
        forEachDone { Evaluator.putDatedLaidOut(items, $0, texts, at, to: &s) }
        s.endArray()
        s.key("raised"); s.beginArray()
        for i in escalations where !deliveredToday(i) { s.beginLaidOutValue(); ids.put(i, to: &s) }
        s.endArray()
        s.endObject()
    }

    /// A dated entry laid out in an indented stream from `texts` (``datedLayout``'s), its id
    /// quoted and `at`, the day quoted.
    @inline(__always)
    private static func putDatedLaidOut(_ quoted: QuotedStrings, _ i: Int, _ texts: LaidOutKeys, _ at: UnsafeBufferPointer<UInt8>,
                                        to s: inout JSONStream) {
        s.beginLaidOutValue()
        s.put(texts[0])
        quoted.put(i, to: &s)
        s.put(texts[1])
        s.put(at)
        s.put(texts.end)
    }

    /// Whether rule `id` was delivered before, up to today, by the host's state.
    func deliveredBefore(_ id: String) -> Bool {
        // A scan, not a set: a few shown tips against a short history, no id hashed.
        let asOf = snapshot.asOfDay
        for d in snapshot.delivered where d.day <= asOf && d.id == id { return true }
        return false
    }

    /// What the host should store: today's deliveries, the tips shown for the first time,
    /// the items newly done, the escalations raised.
    func stateChanges() -> StateChanges {
        let rules = ruleSet.rules, items = ruleSet.items
        var changes = StateChanges()
        // Room made once (appending to an empty array grows it step by step).
        changes.delivered.reserveCapacity(shownTips.count + escalations.count)
        changes.firstShown.reserveCapacity(shownTips.count)
        changes.raised.reserveCapacity(escalations.count)
        forEachDelivered { changes.delivered.append(rules[$0].id) }
        forEachFirstShown { changes.firstShown.append(rules[$0].id) }
        forEachDone { changes.done.append(items[$0].id) }
        for i in escalations where !deliveredToday(i) { changes.raised.append(rules[i].id) }
        return changes
    }

    /// The rules delivered today, in the changes' order: the tips shown, then the escalations
    /// raised whose rule is not already listed; none the host's state already records as
    /// delivered today (an earlier evaluation's changes, stored: appending them after every
    /// evaluation of a day lists each delivery once).
    func forEachDelivered(_ body: (Int) -> Void) {
        for i in shownTips where !deliveredToday(i) { body(i) }
        // Compared by index: a loaded rule set's rule ids are unique (a duplicate fails the load).
        for (e, i) in escalations.enumerated() where !shownTips.contains(i) && !escalations[..<e].contains(i) && !deliveredToday(i) { body(i) }
    }

    /// Whether the host's state records rule `i` delivered on as_of already: that day's own
    /// delivery, from an earlier evaluation of the day. It holds nothing back that day and is
    /// not listed in the changes again.
    func deliveredToday(_ i: Int) -> Bool {
        let delivered = snapshot.delivered
        guard !delivered.isEmpty else { return false }
        let asOf = snapshot.asOfDay, id = ruleSet.rules[i].id
        for d in delivered where d.day == asOf && d.id == id { return true }
        return false
    }

    /// The tips shown today for the first time (not delivered before, by the host's state).
    func forEachFirstShown(_ body: (Int) -> Void) {
        for i in shownTips where !deliveredBefore(ruleSet.rules[i].id) { body(i) }
    }

    /// The checklist items done today by their data (not marked by the host, not standard).
    func forEachDone(_ body: (Int) -> Void) {
        for k in checklist.shown where checklist.status[k] == .done && checklist.marked[k] == ChecklistDecisions.notMarked && !ruleSet.items[k].standard { body(k) }
    }
}
