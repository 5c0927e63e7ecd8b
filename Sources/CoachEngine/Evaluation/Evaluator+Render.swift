// Evaluator+Render.swift — the full result: the decisions put into words (tips, reasons,
// titles, details of what was held back) with the problems met, in the order they were met.

import CoachExpr
@_spi(Streaming) import CoachJSON
import CoachRules
import CoachSource

/// The texts written while deciding (tips and escalation texts, in shown order).
struct Texts {
    var tips: [Tip] = []
    var reasons: [EscalationTexts] = []
    /// Where tips are written as JSON (each ending at its ``tipEnds``) instead of made as
    /// ``tips``, when they are: for a result written as JSON, where making each tip and its
    /// texts, then escaping them, cost several times the writing. The evaluator's buffer,
    /// kept from one seller to the next (which keeps it alive: held unmanaged here, a tip
    /// written into it counts no reference).
    var tipJSON: Unmanaged<ByteBuffer>?
    var tipEnds: [Int] = []

    /// Whether tips are written as JSON.
    var writesTipJSON: Bool { tipJSON != nil }
    /// The indentation (nil: one line) and the depth of the tips array's elements in the
    /// stream the result is written into: each tip is written as the text of such an element.
    var tipStream: (indent: Int?, depth: Int) = (nil, 2)

    /// Writes the tips written as JSON into `s`, as the elements of the array just begun.
    func writeTips(to s: inout JSONStream) {
        guard let all = tipJSON?._withUnsafeGuaranteedRef({ $0.view }) else { return }
        var start = 0
        for end in tipEnds {
            s.rawScalar(UnsafeBufferPointer(rebasing: all[start..<end]))
            start = end
        }
    }
}

/// An escalation's texts: its reason, what the seller is told, the mentor's talking points.
struct EscalationTexts {
    var reason: String
    var notice: String?
    var talkingPoints: [String]

    /// The texts, or the first error met writing them (which fails the rule, as a reason's does).
    static func render(_ e: CompiledEscalation, _ activation: Activation) -> Result<EscalationTexts, EvalError> {
        let reason: String
        switch e.reason.render(activation) {
        case .success(let s): reason = s
        case .failure(let err): return .failure(err)
        }
        var notice: String?
        if let n = e.notice {
            switch n.render(activation) {
            case .success(let s): notice = s
            case .failure(let err): return .failure(err)
            }
        }
        var points: [String] = []
        for t in e.talkingPoints {
            switch t.render(activation) {
            case .success(let s): points.append(s)
            case .failure(let err): return .failure(err)
            }
        }
        return .success(EscalationTexts(reason: reason, notice: notice, talkingPoints: points))
    }
}

extension Evaluator {
    func recommendations(_ texts: Texts) -> Recommendations {
        let parts = resultParts(texts, asValues: true)
        var r = Recommendations(
            ruleSet: RuleSetInfo(name: manifest.name, version: manifest.version, fingerprint: ruleSet.fingerprint),
            seller: snapshot.sellerID, category: snapshot.category, asOf: CivilDate.format(snapshot.asOfDay), day: snapshot.day,
            phase: phaseID, tips: texts.tips, checklist: [], escalations: parts.escalations, suppressed: parts.suppressed,
            skipped: parts.skipped, changes: stateChanges(), diagnostics: parts.diagnostics)
        r.checklist = checklistEntries(parts.titles)
        return r
    }

    /// The id of the seller's phase (`graduated` past the last).
    var phaseID: String { current < manifest.phases.count ? manifest.phases[current].id : Phase.graduated }

    /// What a result holds besides its head, tips, checklist entries and changes.
    struct ResultParts {
        var escalations: [Escalation]
        /// Empty unless made as values (``writeSuppressed(to:)`` writes them otherwise).
        var suppressed: [Suppression]
        /// Empty unless made as values (``writeSkipped(to:)`` writes them otherwise).
        var skipped: [SkippedRule]
        var diagnostics: [Diagnostic]
        /// The checklist entries' titles, rendered, in checklist order (their problems are in
        /// ``diagnostics``); none when made for entries with heads written ahead, whose
        /// titles are written as JSON instead (``Evaluator/titleJSON``).
        var titles: [String]
    }

    /// The result's escalations, held-back rules, diagnostics and checklist titles (and, when
    /// `asValues`, its skipped rules). With `headsWritten`, the titles are written as JSON
    /// into ``titleJSON`` instead, and an entry whose ready-made head holds its title (the
    /// same for every seller, so it cannot fail) gets an empty one: the head is copied, the
    /// title not asked. A writer writes them around its own parts, with no
    /// ``Recommendations`` made and destroyed per seller.
    func resultParts(_ texts: Texts, asValues: Bool, headsWritten: Bool = false) -> ResultParts {
        let rules = ruleSet.rules
        var diagnostics = DiagnosticBag()
        diagnostics.add(contentsOf: snapshot.diagnostics)
        diagnostics.add(contentsOf: notes.items)
        for f in failures where f.stage == .condition {
            diagnostics.add(.error("rule '\(rules[f.rule].id)' could not be evaluated: \(f.error.message)",
                                   at: f.error.location ?? rules[f.rule].location, code: .ruleError))
        }
        var skipped: [SkippedRule] = []
        if skippedCount > 0 {
            if asValues { skipped = skippedRules() }
            // The missing signals the skipped rules read, marked by catalog index (no set of
            // names to hash), then named in order.
            var marked = [Bool](repeating: false, count: missing.count)
            var count = 0
            for i in rules.indices where state[i] == .skipped {
                count += 1
                for n in plan.signalsRead.starts[i]..<plan.signalsRead.starts[i + 1] where missing[Int(plan.signalsRead.items[n])] {
                    marked[Int(plan.signalsRead.items[n])] = true
                }
            }
            diagnostics.add(Diagnostic(.note, skippedNote(count, markedNames(marked)),
                                       hint: "'skipped' lists each rule with the signals it lacks", code: .ruleSkipped))
        }
        for f in failures {
            switch f.stage {
            case .condition: continue
            case .tipText:
                diagnostics.add(.error("rule '\(rules[f.rule].id)': its text could not be written: \(f.error.message)",
                                       at: f.error.location ?? rules[f.rule].location, code: .ruleTemplate))
            case .escalationReason:
                diagnostics.add(.error("rule '\(rules[f.rule].id)': its escalation's texts could not be written: \(f.error.message)",
                                       at: f.error.location ?? rules[f.rule].location, code: .ruleTemplate))
            }
        }
        var escalations: [Escalation] = []
        for (n, i) in self.escalations.enumerated() {
            guard let e = rules[i].escalation, n < texts.reasons.count else { continue }
            let written = texts.reasons[n]
            escalations.append(Escalation(id: rules[i].id, to: e.to, severity: e.severity, priority: priorities[i], reason: written.reason,
                                          also: e.also, notice: written.notice, talkingPoints: written.talkingPoints))
        }
        let titles = checklistTitles(&diagnostics, headsWritten: headsWritten)
        // Written from the records when the result is written as JSON (``writeSuppressed(to:)``).
        return ResultParts(escalations: escalations, suppressed: asValues ? suppressedList() : [], skipped: skipped,
                           diagnostics: diagnostics.items,
                           titles: titles)
    }

    /// "N rules were not evaluated because these signals are missing: a, b", made as bytes.
    func skippedNote(_ count: Int, _ signals: (list: String, count: Int)) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(96 + signals.list.utf8.count)
        text.append(contentsOf: String(count).utf8)
        Evaluator.append(count == 1 ? " rule was not evaluated because " : " rules were not evaluated because ", to: &text)
        Evaluator.append(signals.count == 1 ? "this signal is missing: " : "these signals are missing: ", to: &text)
        text.append(contentsOf: signals.list.utf8)
        return String(decoding: text, as: UTF8.self)
    }

    /// "N checklist items could not be checked, so they are shown as not done: a, b", made as
    /// bytes (a String appended to, piece by piece, costs several times more).
    func uncheckedNote(_ unchecked: [Int]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(128 + 32 * unchecked.count)
        text.append(contentsOf: String(unchecked.count).utf8)
        Evaluator.append(unchecked.count == 1 ? " checklist item could not be checked, so it is shown as not done: "
                                              : " checklist items could not be checked, so they are shown as not done: ", to: &text)
        for (n, k) in unchecked.enumerated() {
            if n > 0 { Evaluator.append(", ", to: &text) }
            text.append(contentsOf: ruleSet.items[k].id.utf8)
        }
        return String(decoding: text, as: UTF8.self)
    }

    /// The names of the catalog's signals marked, in name order (worked out once per rule
    /// set), as a list separated by ", ", and how many there are.
    func markedNames(_ marked: [Bool]) -> (list: String, count: Int) {
        var list: [UInt8] = []  // bytes, made a String once: a String appended to costs several times more
        list.reserveCapacity(512)
        var count = 0
        for s in plan.signalsByName where s < marked.count && marked[s] {
            if count > 0 { list.append(UInt8(ascii: ",")); list.append(UInt8(ascii: " ")) }
            // The name's bytes written ahead (the catalog's string copied out is counted).
            plan.signalNames.withBytes(s) { list.append(contentsOf: $0) }
            count += 1
        }
        return (String(decoding: list, as: UTF8.self), count)
    }

    /// The skipped rules' entries, as ``skippedRules()`` makes them, written without making
    /// them.
    func writeSkipped(to s: inout JSONStream) {
        let rules = ruleSet.rules
        if s.isOneLine {
            // Laid out here, straight into the stream, from the ids and names quoted when the
            // rule set loaded.
            var any = false
            for i in rules.indices where state[i] == .skipped {
                s.put(any ? ",{\"id\":" : "{\"id\":")
                any = true
                plan.quotedRuleIDs.put(i, to: &s)
                s.put(",\"missing\":[")
                var first = true
                // From the flat lists (a rule's own list copied out is a reference counted).
                for n in plan.signalsRead.starts[i]..<plan.signalsRead.starts[i + 1] {
                    let signal = Int(plan.signalsRead.items[n])
                    guard missing[signal] else { continue }
                    if !first { s.put(",") }
                    first = false
                    plan.quotedSignalNames.put(signal, to: &s)
                }
                s.put("]}")
            }
            if any { s.markItems() }
            return
        }
        guard let layout = plan.skippedJSON.layout(for: s) else {
            for i in rules.indices where state[i] == .skipped {
                Recommendations.writeSkipped(id: rules[i].id, missing: missingSignalNames(rules[i].signalsRead), to: &s)
            }
            return
        }
        // Indented, laid out from the text around the ids and names written ahead.
        var any = false
        for i in rules.indices where state[i] == .skipped {
            guard rules[i].signalsRead.contains(where: { missing[$0] }) else {
                // A rule is skipped for a signal it lacks, so this does not happen; if it did, its
                // empty list (`[]`, no line breaks) is written member by member.
                if any { s.markItems() }
                Recommendations.writeSkipped(id: rules[i].id, missing: [], to: &s)
                any = true
                continue
            }
            (any ? layout.next : layout.first).withUnsafeBufferPointer { s.put($0) }
            any = true
            plan.quotedRuleIDs.put(i, to: &s)
            layout.beforeSignals.withUnsafeBufferPointer { s.put($0) }
            var first = true
            for n in plan.signalsRead.starts[i]..<plan.signalsRead.starts[i + 1] {
                let signal = Int(plan.signalsRead.items[n])
                guard missing[signal] else { continue }
                if !first { layout.betweenSignals.withUnsafeBufferPointer { s.put($0) } }
                first = false
                plan.quotedSignalNames.put(signal, to: &s)
            }
            layout.end.withUnsafeBufferPointer { s.put($0) }
        }
        if any { s.markItems() }
    }

    func skippedRules() -> [SkippedRule] {
        let rules = ruleSet.rules
        var out: [SkippedRule] = []
        out.reserveCapacity(skippedCount)  // room made once (a `compactMap` grows it step by step)
        for i in rules.indices where state[i] == .skipped {
            out.append(SkippedRule(id: rules[i].id, missing: missingNames(rules[i].signalsRead)))
        }
        return out
    }

    /// What was held back, by id, with the detail in words.
    func suppressedList() -> [Suppression] {
        let rules = ruleSet.rules
        // By id; a rule held back twice (its escalation acknowledged, its tip limited) in the
        // order it was met.
        let ordered = suppressions.enumerated().sorted {
            (plan.idRank[$0.element.rule], $0.offset) < (plan.idRank[$1.element.rule], $1.offset)
        }.map(\.element)
        return ordered.map { s in
            Suppression(id: rules[s.rule].id, reason: s.kind.reason, by: s.by >= 0 ? rules[s.by].id : nil, detail: detail(s))
        }
    }

    /// The detail in words of what held back `s`. ``writeSuppressed(to:)`` writes the group's,
    /// the inhibitions' and the limits' texts itself, the same words.
    func detail(_ s: SuppressionRecord) -> String {
        let rules = ruleSet.rules
        let by = s.by >= 0 ? rules[s.by].id : nil
        switch s.kind {
        case .cooldown(let last):
            return Evaluator.cooldownDetail(ago: snapshot.asOfDay - last, last: last, days: rules[s.rule].cooldownDays ?? 0)
        case .inhibitedRule: return Evaluator.detail("held back while '", by ?? "", "' fires")
        case .inhibitedArea: return Evaluator.detail("area '", rules[s.rule].area, "' is held back while '", by ?? "", "' fires")
        case .group: return Evaluator.detail("group '", rules[s.rule].group ?? "", "': '", by ?? "", "' ranks higher")
        case .areaLimit: return plan.areaLimitDetails[s.rule]
        case .totalLimit: return plan.totalLimitDetail
        case .dismissed(let day, let days):
            return "dismissed on \(CivilDate.format(day)) for \(days) day\(days == 1 ? "" : "s"); shown again from \(CivilDate.format(day + days))"
        case .snoozed(let until): return "snoozed until \(CivilDate.format(until))"
        case .acknowledged(let day, let until, let route, let severity):
            return "escalation acknowledged by \(route) on \(CivilDate.format(day)) at severity \(severity.rawValue); not raised again before \(CivilDate.format(until)) unless it becomes more severe; this holds back the escalation, not a tip"
        }
    }

    /// "delivered N days ago (date); cooldown is D days", made as bytes (a String appended to
    /// piece by piece, as interpolation does, costs several times more: most held-back tips
    /// are held by their cooldown).
    static func cooldownDetail(ago: Int, last: Int, days: Int) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        Evaluator.append("delivered ", to: &text)
        // A delivery on as_of is that day's own and holds nothing back: `ago` is 1 or more.
        switch ago {
        case 1: Evaluator.append("1 day ago", to: &text)
        default:
            JSONWriter.append(Int64(ago), to: &text)
            Evaluator.append(" days ago", to: &text)
        }
        Evaluator.append(" (", to: &text)
        text.append(contentsOf: CivilDate.format(last).utf8)
        Evaluator.append("); cooldown is ", to: &text)
        JSONWriter.append(Int64(days), to: &text)
        Evaluator.append(" days", to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// Words and names one after the other (`first`, a name, `between`, …), made as bytes.
    static func detail(_ first: StaticString, _ name: String, _ between: StaticString) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(48 + name.utf8.count)
        Evaluator.append(first, to: &text)
        text.append(contentsOf: name.utf8)
        Evaluator.append(between, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    /// The same with two names.
    static func detail(_ first: StaticString, _ name: String, _ between: StaticString, _ second: String, _ last: StaticString) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(64 + name.utf8.count + second.utf8.count)
        Evaluator.append(first, to: &text)
        text.append(contentsOf: name.utf8)
        Evaluator.append(between, to: &text)
        text.append(contentsOf: second.utf8)
        Evaluator.append(last, to: &text)
        return String(decoding: text, as: UTF8.self)
    }

    func renderTip(_ i: Int, _ rule: CompiledRule, _ tip: CompiledTip) -> Result<Tip, EvalError> {
        do throws(EvalError) {
            let title = try tip.title.render(activation).get()
            let body = try tip.body.render(activation).get()
            var actions: [String] = []
            for a in tip.actions { actions.append(try a.render(activation).get()) }
            var written = Tip(id: rule.id, area: rule.area, priority: priorities[i], title: title, body: body, actions: actions,
                              learn: plan.tipLinks[i])
            written.learnJSON = plan.tipLinksJSON[i]
            return .success(written)
        } catch {
            return .failure(error)
        }
    }

    /// Writes rule `i`'s tip (`escaped`: its texts, or their fallback, with their literal
    /// pieces escaped) into `out` as the text of an element of the tips array of a stream like
    /// `stream` (``Texts/tipStream``): the bytes ``Tip/write(to:)`` writes for the tip
    /// ``renderTip(_:_:_:)`` makes, its texts rendered escaped without being made. The first
    /// error met writing its texts is returned instead, with `out` as it was.
    func writeTip(_ i: Int, _ escaped: EscapedTip, _ stream: (indent: Int?, depth: Int), into out: ByteBuffer) -> EvalError? {
        // The layout read unmanaged (the plan keeps it): no reference counted per tip.
        if let layouts = plan.tipLayouts[i],
           let laidOut = layouts._withUnsafeGuaranteedRef({ $0.unmanagedLayout(indent: stream.indent, depth: stream.depth) }) {
            return laidOut._withUnsafeGuaranteedRef { writeTipLaidOut(i, escaped, $0, into: out) }
        }
        // No text written ahead for this stream (another indentation or depth): the texts
        // rendered, then the tip written through a stream.
        let tip = escaped.tip
        // The texts first, each quoted, one after the other: a tip that cannot be written
        // leaves nothing.
        tipTexts.truncate(to: 0)
        tipTextEnds.removeAll(keepingCapacity: true)
        func text(_ t: Template, _ e: Template.Escaped) -> EvalError? {
            tipTexts.put(UInt8(ascii: "\""))
            if let problem = t.renderEscaped(activation, using: e, into: tipTexts) { return problem }
            tipTexts.put(UInt8(ascii: "\""))
            tipTextEnds.append(tipTexts.written)
            return nil
        }
        if let e = text(tip.title, escaped.title) { return e }
        if let e = text(tip.body, escaped.body) { return e }
        for (n, a) in zip(escaped.actions.indices, tip.actions) {
            if let e = text(a, escaped.actions[n]) { return e }
        }
        let rule = ruleSet.rules[i]
        if tipStream.indentation != stream.indent { tipStream = JSONStream(indent: stream.indent, capacity: 2048) }
        tipStream.reset(fragmentAtDepth: stream.depth)
        writeTipFromTexts(rule, i, to: &tipStream)
        tipStream.withBytes { out.put(UnsafeBufferPointer(start: $0.baseAddress?.assumingMemoryBound(to: UInt8.self), count: $0.count)) }
        return nil
    }

    /// ``writeTip(_:_:_:into:)``'s tip laid out from the text written ahead for its stream
    /// (``TipJSONLayout``), its priority and texts written between the pieces: the same bytes,
    /// without a stream per tip. The first error met writing its texts is returned instead,
    /// with `out` as it was.
    private func writeTipLaidOut(_ i: Int, _ escaped: EscapedTip, _ layout: TipJSONLayout.Layout, into out: ByteBuffer) -> EvalError? {
        let mark = out.written
        func text(_ e: Template.Escaped) -> EvalError? {
            out.put(UInt8(ascii: "\""))
            if let problem = e.render(activation, into: out) {
                out.truncate(to: mark)
                return problem
            }
            out.put(UInt8(ascii: "\""))
            return nil
        }
        out.put(layout.head)
        JSONWriter.append(Int64(priorities[i]), to: out)
        out.put(layout.beforeTitle)
        if let e = text(escaped.title) { return e }
        out.put(layout.beforeBody)
        if let e = text(escaped.body) { return e }
        let actions = escaped.actionTables.count
        guard actions > 0 else {
            out.put(layout.noActions)
            return nil
        }
        out.put(layout.beforeActions)
        for n in 0..<actions {
            if n > 0 { out.put(layout.betweenActions) }
            if let e = escaped.actionTables[n]._withUnsafeGuaranteedRef({ text($0) }) { return e }
        }
        out.put(layout.afterActions)
        return nil
    }

    /// Writes item `k`'s title into ``titleJSON`` quoted and escaped, rendered straight in;
    /// when it cannot be written, its text with gaps where values are missing, and the
    /// problem is returned.
    private func writeTitleJSON(_ k: Int) -> EvalError? {
        let out = titleJSON, mark = out.written
        out.put(UInt8(ascii: "\""))
        if let e = plan.itemTitleEscaped[k]._withUnsafeGuaranteedRef({ $0.render(activation, into: out) }) {
            out.truncate(to: mark)
            out.put(UInt8(ascii: "\""))
            JSONWriter.appendEscaped(ruleSet.items[k].title.renderShowingGaps(activation), to: out)
            out.put(UInt8(ascii: "\""))
            return e
        }
        out.put(UInt8(ascii: "\""))
        return nil
    }

    /// ``writeTip(_:_:_:into:)``'s tip through a stream, its texts in ``tipTexts``.
    private func writeTipFromTexts(_ rule: CompiledRule, _ i: Int, to s: inout JSONStream) {
        let ends = tipTextEnds, texts = tipTexts.view
        Tip.write(id: rule.id, area: rule.area, priority: priorities[i], actions: max(0, ends.count - 2), learn: plan.tipLinks[i],
                  learnJSON: plan.tipLinksJSON[i], to: &s) { k, s in
            s.rawScalar(UnsafeBufferPointer(rebasing: texts[(k == 0 ? 0 : ends[k - 1])..<ends[k]]))
        }
    }

    @inline(__always)
    static func append(_ text: StaticString, to out: inout [UInt8]) {
        out.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// The checklist's entries, from their titles (``checklistTitles(_:)``).
    func checklistEntries(_ titles: [String]) -> [ChecklistEntry] {
        let dueDates = phaseDueDates()
        var entries: [ChecklistEntry] = []
        entries.reserveCapacity(checklist.shown.count)
        for (n, k) in checklist.shown.enumerated() where n < titles.count {
            entries.append(checklistEntry(k, title: titles[n], dueDates: dueDates))
        }
        return entries
    }

    /// The last day of each phase, as written in entries.
    func phaseDueDates() -> [String] {
        manifest.phases.map { CivilDate.format(snapshot.enrolledDay + $0.untilDay) }
    }

    /// Checklist item `k`'s entry, with its title; `dueDates` from ``phaseDueDates()``.
    func checklistEntry(_ k: Int, title: String, dueDates: [String]) -> ChecklistEntry {
        let item = ruleSet.items[k]
        let (due, dueDay) = entryDue(k, dueDates)
        return ChecklistEntry(
            id: item.id, playbook: ruleSet.playbooks[item.playbook].id, phase: manifest.phases[checklist.phase[k]].id, title: title,
            status: checklist.status[k], due: due, dueDay: dueDay, progress: checklist.progress[k], addedBy: entryAddedBy(k),
            checked: checklist.checked[k], markedDone: entryMarkedDone(k), learn: plan.itemLinks[k],
            learnJSON: plan.itemLinksJSON[k], headJSON: plan.itemHeadJSON[k])
    }

    /// Writes checklist item `k`'s entry as ``checklistEntry(_:title:dueDates:)`` makes it,
    /// without making it (an entry made to be written at once was copied, and destroyed twice).
    /// `variant` is the stream's for an entry's members (``PrewrittenJSON/variant(indent:depth:)``
    /// three containers in), worked out once for all of a result's entries; nil when no text is
    /// written ahead for it.
    func writeChecklistEntry(_ k: Int, title: EntryTitle, dueDates: [String], variant: Int?, to s: inout JSONStream) {
        let (due, dueDay) = entryDue(k, dueDates)
        s.beginObject()
        var headWritten = false
        if let v = variant, let head = plan.itemHeads[k] {
            head._withUnsafeGuaranteedRef { $0.write(title: title, variant: v, to: &s) }
            headWritten = true
        }
        if !headWritten {  // the strings fetched only when needed
            let item = ruleSet.items[k]
            plan.itemHeadJSON[k].write(id: item.id, playbook: ruleSet.playbooks[item.playbook].id,
                                       phase: manifest.phases[checklist.phase[k]].id, title: title, to: &s)
        }
        // Most entries: not added by a rule, not marked done (their text written once per rule
        // set around the due date and the progress).
        let common = checklist.addedBy[k] < 0 && checklist.marked[k] == ChecklistDecisions.notMarked
        var tailWritten = false
        if common, let v = variant, let tail = plan.itemTails[k] {
            tailWritten = tail._withUnsafeGuaranteedRef {
                $0.write(status: checklist.status[k], due: due, dueDay: dueDay, progress: checklist.progress[k],
                         checked: checklist.checked[k], variant: v, to: &s)
            }
        }
        if !tailWritten {
            ChecklistEntry.writeTail(status: checklist.status[k], due: due, dueDay: dueDay, progress: checklist.progress[k],
                                     addedBy: entryAddedBy(k), checked: checklist.checked[k], markedDone: entryMarkedDone(k),
                                     learn: plan.itemLinks[k], learnJSON: plan.itemLinksJSON[k], to: &s)
        }
        s.endObject()
    }

    /// Writes checklist item `k`'s entry whole from the text written ahead for it
    /// (``ItemEntryJSON``), with `title` (its title as JSON, when the text does not hold it),
    /// when the entry is a common one (not added by a rule, not marked done), the stream one
    /// the text was written for, and its phase's due date plain (``quoteDueDates(_:)``):
    /// then true; nothing otherwise (false).
    @inline(__always)
    func writeCommonEntry(_ k: Int, title: UnsafeBufferPointer<UInt8>, variant: Int?, to s: inout JSONStream) -> Bool {
        guard let v = variant, ItemEntryJSON.has(variant: v), let entry = plan.itemEntries[k],
              checklist.addedBy[k] < 0, checklist.marked[k] == ChecklistDecisions.notMarked else { return false }
        let phase = checklist.phase[k]
        guard phase < dueJSONRanges.count, let range = dueJSONRanges[phase] else { return false }
        return entry._withUnsafeGuaranteedRef { e in
            guard e.dueDay == manifest.phases[phase].untilDay else { return false }
            let due = UnsafeBufferPointer(rebasing: dueJSON.view[range])
            e.write(title: title, status: checklist.status[k], due: due, progress: checklist.progress[k], checked: checklist.checked[k],
                    variant: v, to: &s)
            return true
        }
    }

    /// Each phase's due date (``phaseDueDates()``) quoted into ``dueJSON``, when it is plain
    /// digits and `-` (a date as ``CivilDate/format(_:)`` writes it): written as it is, as the
    /// entry's writer writes such a text.
    func quoteDueDates(_ dueDates: [String]) {
        dueJSON.truncate(to: 0)
        dueJSONRanges.removeAll(keepingCapacity: true)
        for date in dueDates {
            let start = dueJSON.written
            let plain = date.utf8.withContiguousStorageIfAvailable { text -> Bool in
                for c in text where c != UInt8(ascii: "-") && (c < UInt8(ascii: "0") || c > UInt8(ascii: "9")) { return false }
                dueJSON.put(UInt8(ascii: "\""))
                dueJSON.put(text)
                dueJSON.put(UInt8(ascii: "\""))
                return true
            }
            dueJSONRanges.append(plain == true ? start..<dueJSON.written : nil)
        }
    }

    /// Item `k`'s due date and day: its phase's last day, or, for work a rule asks of a
    /// graduated seller, today (not a day long past).
    @inline(__always)
    func entryDue(_ k: Int, _ dueDates: [String]) -> (String, Int) {
        let phase = checklist.phase[k]
        if ruleSet.items[k].onDemand && current >= manifest.phases.count { return (CivilDate.format(snapshot.asOfDay), snapshot.day) }
        return (dueDates[phase], manifest.phases[phase].untilDay)
    }

    /// The rule that added item `k`, for an on-demand item.
    @inline(__always)
    func entryAddedBy(_ k: Int) -> String? {
        let rule = checklist.addedBy[k]
        return rule >= 0 ? ruleSet.rules[rule].id : nil
    }

    /// The day the host's state marked item `k` done, when it did.
    @inline(__always)
    func entryMarkedDone(_ k: Int) -> String? {
        checklist.marked[k] != ChecklistDecisions.notMarked ? CivilDate.format(checklist.marked[k]) : nil
    }

    /// The shown items' titles, rendered, in checklist order; problems met (an item's
    /// `done_when` that failed, a title that could not be written, items that could not be
    /// checked) are added to `diagnostics`.
    func checklistTitles(_ diagnostics: inout DiagnosticBag, headsWritten: Bool = false) -> [String] {
        let items = ruleSet.items
        var titles: [String] = []
        if headsWritten {
            titleJSON.truncate(to: 0)
            titleEnds.removeAll(keepingCapacity: true)
        } else {
            titles.reserveCapacity(checklist.shown.count)
        }
        // Problems are said in file order (sorted by item index after the loop).
        var problems: [(item: Int, diagnostic: Diagnostic)] = []
        var unchecked: [Int] = []
        // A title that cannot be written is shown anyway (the item is work to do), with a gap
        // where the value is missing; a marked item is done whatever the data, so a value its
        // title lacks is a gap, not a problem.
        func titleFailed(_ k: Int, _ e: EvalError) {
            if checklist.checked[k] && checklist.marked[k] == ChecklistDecisions.notMarked {
                problems.append((k, .error("checklist item '\(items[k].id)': its title could not be written: \(e.message)",
                                           at: e.location ?? items[k].location, code: .itemTemplate)))
            }
        }
        for k in checklist.shown {
            // The item's fields read only where needed (copying the item out retained them all).
            if let e = checklist.doneError[k] {
                problems.append((k, .error("checklist item '\(items[k].id)': 'done_when' could not be evaluated: \(e.message)",
                                           at: e.location ?? items[k].location, code: .itemError)))
            }
            if let e = checklist.progressError[k] {
                problems.append((k, .error("checklist item '\(items[k].id)': 'progress' could not be evaluated: \(e.message)",
                                           at: e.location ?? items[k].location, code: .itemError)))
            }
            if !checklist.checked[k] { unchecked.append(k) }
            if headsWritten {
                if !plan.itemTitleWritten[k], let e = writeTitleJSON(k) { titleFailed(k, e) }
                titleEnds.append(titleJSON.written)
                continue
            }
            switch plan.itemTitles[k]._withUnsafeGuaranteedRef({ $0.render(activation) }) {
            case .success(let text): titles.append(text)
            case .failure(let e):
                titles.append(items[k].title.renderShowingGaps(activation))
                titleFailed(k, e)
            }
        }
        // By item, and in the order made within an item (a sort's stability is not promised).
        let order = problems.indices.sorted { (problems[$0].item, $0) < (problems[$1].item, $1) }
        for i in order { diagnostics.add(problems[i].diagnostic) }
        if !unchecked.isEmpty {
            unchecked.sort()
            // The missing signals the unchecked items read, marked by catalog index, then named in order.
            var marked = [Bool](repeating: false, count: missing.count)
            for k in unchecked {
                let read = plan.items.signalsRead
                for n in read.starts[k]..<read.starts[k + 1] where missing[Int(read.items[n])] { marked[Int(read.items[n])] = true }
            }
            diagnostics.add(Diagnostic(.note, uncheckedNote(unchecked), hint: "missing: \(markedNames(marked).list)", code: .itemSkipped))
        }
        return titles
    }
}
