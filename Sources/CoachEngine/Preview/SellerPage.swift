// SellerPage.swift — one seller's preview page for a mentor: the tips as the seller sees
// them, the 30/60/90-day checklist as progress per phase, escalations, what was held back,
// the seller's signals beside the category's benchmarks, and for each recommendation the
// "why" from explain, with what would change it. Self-contained: no script, no network.

import CoachExpr
import CoachRules

/// A seller's preview page.
package struct SellerPage {
    let ruleSet: RuleSet
    let snapshot: Snapshot
    let explanation: Explanation
    /// The seller's activation, for the checklist items' conditions.
    let itemActivation: Activation?
    /// A link back to the population page, when the page is part of one.
    let back: String?

    package init(ruleSet: RuleSet, snapshot: Snapshot, back: String? = nil) {
        self.ruleSet = ruleSet
        self.snapshot = snapshot
        explanation = ruleSet.explain(snapshot)
        itemActivation = ruleSet.activation(for: snapshot)
        self.back = back
    }

    var recommendations: Recommendations { explanation.recommendations }

    /// The page.
    package var html: String {
        let r = recommendations
        var h = HTML()
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        h.element("title", text: "\(r.seller) — coach preview")
        h.raw("<style>\(PreviewStyle.css)</style></head><body><main>")
        if let back { h.element("p") { $0.element("a", [("href", back)], text: "← All sellers") } }
        h.element("h1", text: "Seller \(r.seller)")
        h.element("p", [("class", "meta")], text: "\(r.category ?? "no category") · day \(r.day) · \(phaseTitle(r.phase)) · as of \(r.asOf)")
        tips(&h)
        checklist(&h)
        escalations(&h)
        heldBack(&h)
        problems(&h)
        signals(&h)
        h.element("footer") {
            $0.text("Rule set \(r.ruleSet.name) \(r.ruleSet.version), fingerprint \(r.ruleSet.fingerprint). Made by coach preview.")
        }
        h.raw("</main></body></html>\n")
        return h.out
    }

    private func phaseTitle(_ id: String) -> String {
        ruleSet.manifest.phases.first { $0.id == id }?.title ?? (id == "graduated" ? "graduated" : id)
    }

    // MARK: - Sections

    private func tips(_ h: inout HTML) {
        h.element("h2", [("id", "tips")], text: "What the seller sees")
        guard !recommendations.tips.isEmpty else { h.element("p", [("class", "muted")], text: "No tips for this seller today."); return }
        h.element("div", [("class", "cards")]) { h in
            for tip in recommendations.tips {
                h.element("article", [("class", "card tip"), ("data-id", tip.id)]) { h in
                    h.element("h3", text: tip.title)
                    h.element("p", [("class", "meta")], text: "\(tip.area.replacingOccurrences(of: "_", with: " ")) · priority \(tip.priority)")
                    h.element("p", text: tip.body)
                    if !tip.actions.isEmpty {
                        h.element("ul") { h in for a in tip.actions { h.element("li", text: a) } }
                    }
                    links(&h, tip.learn)
                    why(&h, tip.id)
                }
            }
        }
    }

    private func links(_ h: inout HTML, _ learn: [LearnLink]) {
        guard !learn.isEmpty else { return }
        h.element("p") { h in
            h.text("Learn: ")
            for (k, link) in learn.enumerated() {
                if k > 0 { h.text(" · ") }
                if Self.isWebLink(link.url) { h.element("a", [("href", link.url)], text: link.title) } else { h.text(link.title) }
                h.text(" (\(link.kind)\(link.minutes.map { ", \($0) min" } ?? ""))")
            }
        }
    }

    private func checklist(_ h: inout HTML) {
        h.element("h2", [("id", "checklist")], text: "The 30/60/90-day plan")
        let entries = recommendations.checklist
        guard !entries.isEmpty else { h.element("p", [("class", "muted")], text: "No checklist items."); return }
        for phase in ruleSet.manifest.phases {
            let items = entries.filter { $0.phase == phase.id }
            guard !items.isEmpty else { continue }
            let counts = Dictionary(grouping: items, by: \.status).mapValues(\.count)
            let done = counts[.done] ?? 0
            h.element("section", [("class", "phase"), ("data-phase", phase.id)]) { h in
                h.element("h3", text: "\(phase.title): \(done) of \(items.count) done")
                bar(&h, items.count, counts)
                h.element("ul", [("class", "items")]) { h in
                    for item in items {
                        h.element("li", [("data-id", item.id), ("data-status", item.status.rawValue)]) { h in
                            h.element("span", [("class", "badge \(item.status.rawValue)")], text: item.status.rawValue)
                            h.text(" " + item.title)
                            var meta = "due \(item.due) (day \(item.dueDay))"
                            // Whole percent down, as the text view shows it: an open item is never "100% there".
                            if let p = item.progress, item.status != .done { meta += " · \(Int((p * 100).rounded(.down)))% there" }
                            if let day = item.markedDone { meta += " · marked done on \(day)" }
                            if !item.checked { meta += " · not checked: a signal it reads is missing" }
                            if let by = item.addedBy { meta += " · added by \(by)" }
                            h.element("div", [("class", "meta")], text: meta)
                            links(&h, item.learn)
                            if let by = item.addedBy { why(&h, by) }
                            doneWhy(&h, item)
                        }
                    }
                }
            }
        }
    }

    /// A progress bar: done, then overdue, then open, as shares of `total`.
    private func bar(_ h: inout HTML, _ total: Int, _ counts: [ItemStatus: Int]) {
        let label = ItemStatus.allCases.map { "\(counts[$0] ?? 0) \($0.rawValue)" }.joined(separator: ", ")
        h.element("div", [("class", "bar"), ("role", "img"), ("aria-label", label)]) { h in
            for status in [ItemStatus.done, .overdue, .open] {
                let n = counts[status] ?? 0
                guard n > 0, total > 0 else { continue }
                h.raw("<span class=\"\(status.rawValue)\" style=\"width: \(Double(n) * 100 / Double(total))%\"></span>")
            }
        }
        h.element("p", [("class", "meta")], text: label)
    }

    private func escalations(_ h: inout HTML) {
        h.element("h2", [("id", "escalations")], text: "Escalations")
        guard !recommendations.escalations.isEmpty else { h.element("p", [("class", "muted")], text: "Nothing escalated."); return }
        h.element("div", [("class", "cards")]) { h in
            for e in recommendations.escalations {
                h.element("article", [("class", "card escalation"), ("data-id", e.id)]) { h in
                    h.element("h3") { h in
                        h.element("span", [("class", "badge \(e.severity.rawValue)")], text: e.severity.rawValue)
                        h.text(" to \(e.to.replacingOccurrences(of: "_", with: " "))")
                        if let also = e.also { h.text(" and \(also.replacingOccurrences(of: "_", with: " "))") }
                    }
                    h.element("p", text: e.reason)
                    if let notice = e.notice { h.element("p", [("class", "notice")], text: "The seller is told: \(notice)") }
                    if !e.talkingPoints.isEmpty {
                        h.element("ul", [("class", "talking-points")]) { h in
                            for p in e.talkingPoints { h.element("li", text: p) }
                        }
                    }
                    h.element("p", [("class", "meta")], text: "\(e.id) · priority \(e.priority)")
                    why(&h, e.id)
                }
            }
        }
    }

    private func heldBack(_ h: inout HTML) {
        let r = recommendations
        guard !r.suppressed.isEmpty || !r.skipped.isEmpty else { return }
        h.element("h2", [("id", "held-back")], text: "Held back, and not evaluated")
        if !r.suppressed.isEmpty {
            h.element("ul", [("class", "items")]) { h in
                for s in r.suppressed {
                    h.element("li", [("data-id", s.id), ("data-reason", s.reason.rawValue)]) { h in
                        h.element("code", text: s.id)
                        h.text(" — \(s.reason.rawValue): \(s.detail)")
                        why(&h, s.id)
                    }
                }
            }
        }
        if !r.skipped.isEmpty {
            h.element("details") { h in
                h.element("summary", text: "\(r.skipped.count) rule\(r.skipped.count == 1 ? "" : "s") not evaluated: a signal they read is missing")
                h.element("ul") { h in
                    for s in r.skipped {
                        h.element("li") { h in
                            h.element("code", text: s.id)
                            h.text(" — missing: " + s.missing.joined(separator: ", "))
                        }
                    }
                }
            }
        }
    }

    /// What `coach eval` lists after the plan: problems with the input (values that could
    /// not be used), problems in the rules for this seller (a text or condition that
    /// failed), and the notes (a dismissal that gives way, a mark on a standard, the default
    /// benchmark row), but those about rules and items not evaluated, which "Held back" shows.
    private func problems(_ h: inout HTML) {
        let all = recommendations.diagnostics
        let problems = all.filter { $0.severity != .note }
        let notes = all.filter { $0.severity == .note && $0.kind != .ruleSkipped && $0.kind != .itemSkipped }
        let sections = [("problems", "Problems with the input", problems.filter { $0.code.hasPrefix("snapshot.") }),
                        ("rule-problems", "Problems in the rules for this seller", problems.filter { !$0.code.hasPrefix("snapshot.") }),
                        ("notes", "Notes", notes)]
        for (id, heading, list) in sections where !list.isEmpty {
            h.element("h2", [("id", id)], text: heading)
            h.element("ul", [("class", "problems")]) { h in
                for d in list {
                    h.element("li") { h in
                        if d.severity != .note {
                            h.element("span", [("class", d.severity == .error ? "fails" : "muted")], text: d.severity.rawValue)
                            h.text(": ")
                        }
                        h.text(d.message + (d.hint.map { " (\($0))" } ?? ""))
                    }
                }
            }
        }
    }

    private func signals(_ h: inout HTML) {
        h.element("h2", [("id", "signals")], text: "Signals")
        let benchmark = benchmarkValues()
        h.element("div", [("class", "table")]) { h in
            h.element("table") { h in
                h.raw("<thead><tr><th>Signal</th><th class=\"num\">Value</th><th class=\"num\">Benchmark</th></tr></thead><tbody>")
                for (i, signal) in ruleSet.catalog.signals.enumerated() {
                    let value = i < snapshot.signals.count ? snapshot.signals[i] : nil
                    let format = ThresholdAnalysis.formatter(signal, ruleSet)
                    h.element("tr", [("data-signal", signal.name)]) { h in
                        h.element("td") { h in
                            h.element("code", [("class", "name")], text: signal.name)
                            h.element("div", [("class", "meta")], text: signal.description + (signal.unit.map { " (\($0))" } ?? ""))
                        }
                        h.element("td", [("class", "value")], text: value.map { Self.describe($0, format) } ?? "missing")
                        h.element("td", [("class", "value")], text: benchmark[signal.name].map { Self.describe($0, format) } ?? "")
                    }
                }
                h.raw("</tbody>")
            }
        }
    }

    /// The category's benchmark values, by name.
    private func benchmarkValues() -> [String: Value] {
        let activation = ruleSet.activation(for: snapshot)
        guard case .object(let o) = activation[ruleSet.slots.benchmark] else { return [:] }
        var out: [String: Value] = [:]
        for (k, field) in o.type.fields.enumerated() where k < o.fieldCount {
            if let v = o[k] { out[field.name] = v }
        }
        return out
    }

    /// A value as the seller's texts write it: numbers in the signal's unit, lists by size.
    static func describe(_ v: Value, _ format: (Double) -> String) -> String {
        switch v {
        case .int, .uint, .double: return v.number.map(format) ?? Display.text(v)
        case .list(let items): return "\(items.count) item\(items.count == 1 ? "" : "s")"
        case .string(let s): return s
        case .bool(let b): return b ? "yes" : "no"
        default: return Display.text(v)
        }
    }

    /// A file name for a seller's page (letters, digits, `-`, `_` and `.` of its id).
    package static func fileName(_ id: String) -> String { HTML.fileName(id) }

    /// Whether `url` is safe to link to: http(s), or relative (no scheme such as `javascript:`).
    static func isWebLink(_ url: String) -> Bool {
        let lower = url.lowercased()
        if lower.hasPrefix("https://") || lower.hasPrefix("http://") { return true }
        return !lower.contains(":") && !url.isEmpty
    }

    // MARK: - Why

    /// An expandable "why" for rule `id`: its conditions with their values, and what would
    /// change it.
    private func why(_ h: inout HTML, _ id: String) {
        guard let rule = explanation.rules.first(where: { $0.id == id }) else { return }
        h.element("details", [("class", "why")]) { h in
            h.element("summary", text: "Why")
            h.element("ul", [("class", "trace")]) { h in trace(&h, rule.condition) }
            let values = rule.reads.filter { $0.value.map { v in if case .list = v { return false }; return true } ?? true }
            if !values.isEmpty {
                h.element("p", [("class", "meta")]) { h in
                    h.text("Values: ")
                    for (k, read) in values.enumerated() {
                        if k > 0 { h.text(", ") }
                        h.element("code", text: read.name)
                        h.text(" = " + (read.value.map { RuleSet.short(Display.text($0)) } ?? "missing"))
                    }
                }
            }
            if !rule.changes.isEmpty {
                h.element("p", text: "What would change it:")
                h.element("ul", [("class", "changes")]) { h in
                    for note in rule.changes {
                        h.element("li") { h in
                            h.element("code", text: note.expression)
                            h.text(": " + note.text)
                        }
                    }
                }
            }
        }
    }

    /// An item's "why": its `done_when` with its value, and what would change it; for an item
    /// the host marked done, that mark (its `done_when` is not evaluated then).
    private func doneWhy(_ h: inout HTML, _ entry: ChecklistEntry) {
        guard let item = ruleSet.items.first(where: { $0.id == entry.id }) else { return }
        if let day = entry.markedDone {
            h.element("details", [("class", "why done-why")]) { h in
                h.element("summary", text: "Why it is done")
                h.element("p", text: "Marked done on \(day): an item marked done stays done, and its 'done when' is not evaluated.")
            }
            return
        }
        h.element("details", [("class", "why done-why")]) { h in
            h.element("summary", text: entry.status == .done ? "Why it is done" : "When it is done")
            h.element("p") { h in
                h.text("Done when ")
                h.element("code", text: item.doneWhen.text)
                if entry.checked, let value = itemActivation.map({ item.doneWhen.evaluate($0) }) {
                    h.text(" → " + RuleSet.short(Display.text(value)))
                } else if !entry.checked {
                    h.text(" — not checked: a signal it reads is missing")
                }
            }
            guard entry.checked, let activation = itemActivation else { return }
            var analysis = ThresholdAnalysis(ruleSet: ruleSet, activation: activation)
            analysis.wording = .item
            let notes = analysis.notes(expression: item.doneWhen)
            guard !notes.isEmpty else { return }
            h.element("ul", [("class", "changes")]) { h in
                for note in notes {
                    h.element("li") { h in
                        h.element("code", text: note.expression)
                        h.text(": " + note.text)
                    }
                }
            }
        }
    }

    private func trace(_ h: inout HTML, _ t: ConditionTrace) {
        func mark(_ holds: Bool?) -> (String, String) {
            switch holds {
            case true?: return ("holds", "✓ holds")
            case false?: return ("fails", "✗ does not hold")
            case nil: return ("muted", "? not evaluated")
            }
        }
        let (cls, label) = mark(t.holds)
        h.element("li") { h in
            h.element("span", [("class", cls)], text: label)
            switch t {
            case let .leaf(text, _, value, _):
                h.text(" ")
                h.element("code", text: text)
                if let value { h.text(" → " + RuleSet.short(Display.text(value))) }
            case .all(let ms, _):
                h.text(" all of:")
                h.element("ul") { h in for m in ms { trace(&h, m) } }
            case .any(let ms, _):
                h.text(" any of:")
                h.element("ul") { h in for m in ms { trace(&h, m) } }
            case .not(let m, _):
                h.text(" not:")
                h.element("ul") { h in trace(&h, m) }
            }
        }
    }
}
