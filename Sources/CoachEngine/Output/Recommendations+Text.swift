// Recommendations+Text.swift — the mentor's view: what the seller will see, grouped, and
// what was held back.

import CoachSource

extension Recommendations {
    /// The recommendations for people: tips, the checklist by phase with status,
    /// escalations, what was held back, and problems with the input.
    public func text(color: Bool = false) -> String {
        let style = TextStyle(color: color)
        var out = style.bold("Seller \(line(seller))") + (category.map { " (\(line($0)))" } ?? "") + " — day \(day), phase \(phase), as of \(asOf)\n"
        out += style.dim("Rule set \(ruleSet.name) \(ruleSet.version) [\(ruleSet.fingerprint)]") + "\n"
        out += tipsText(style) + escalationsText(style) + checklistText(style)
        out += "\n" + style.bold("HELD BACK (\(suppressed.count))") + "\n"
        if suppressed.isEmpty { out += "  none\n" }
        for s in suppressed { out += "  \(s.id): \(s.reason.rawValue) — \(line(s.detail))\n" }
        if !changes.isEmpty {
            out += "\n" + style.bold("TO STORE") + style.dim(" (what the host keeps for the next evaluation)") + "\n"
            for (label, ids) in [("delivered today", changes.delivered), ("shown for the first time", changes.firstShown),
                                 ("newly done", changes.done), ("raised", changes.raised)] where !ids.isEmpty {
                out += "  \(label): \(ids.joined(separator: ", "))\n"
            }
        }
        return out + problemsText(style)
    }

    /// A text from the rule set or the snapshot, on one line of the view: its control
    /// characters (an escape sequence, a line break) shown as U+FFFD, so that a seller's text
    /// can neither drive the terminal nor start a line of its own.
    private func line(_ text: String) -> String { TerminalStyle.oneLine(text) }

    /// Bold and dim, or plain text when colour is off.
    struct TextStyle {
        let color: Bool
        func bold(_ s: String) -> String { TerminalStyle.paint(s, TerminalStyle.bold, if: color) }
        func dim(_ s: String) -> String { TerminalStyle.paint(s, TerminalStyle.dim, if: color) }
    }

    private func tipsText(_ style: TextStyle) -> String {
        var out = "\n" + style.bold("TIPS (\(tips.count))") + "\n"
        if tips.isEmpty { out += "  none\n" }
        for (n, tip) in tips.enumerated() {
            out += "  \(n + 1). \(line(tip.title))\n"
            out += style.dim("     \(tip.area) · priority \(tip.priority) · \(tip.id)") + "\n"
            out += wrap(TerminalStyle.namingInvisibles(TerminalStyle.visible(tip.body, keepingOwnStyles: false)), indent: "     ")
            for a in tip.actions { out += "     → \(line(a))\n" }
            for l in tip.learn { out += "     Learn: \(line(l.title)) (\(line(l.url)))\n" }
        }
        return out
    }

    private func escalationsText(_ style: TextStyle) -> String {
        var out = "\n" + style.bold("ESCALATIONS (\(escalations.count))") + "\n"
        if escalations.isEmpty { out += "  none\n" }
        for e in escalations {
            out += "  [\(e.severity.rawValue.uppercased())] to \(e.to)\(e.also.map { " (and \($0))" } ?? ""): \(line(e.reason))\n"
            if let notice = e.notice { out += "     the seller is told: \(line(notice))\n" }
            for p in e.talkingPoints { out += "     - \(line(p))\n" }
            out += style.dim("     \(e.id)") + "\n"
        }
        return out
    }

    /// The checklist by phase, each phase with its own due date (an item a rule added may be
    /// due sooner, which its line says).
    private func checklistText(_ style: TextStyle) -> String {
        var out = "\n" + style.bold("CHECKLIST") + "\n"
        if checklist.isEmpty { out += "  none\n" }
        var lastPhase = ""
        var phaseDue: [String: String] = [:]
        for item in checklist where item.addedBy == nil && phaseDue[item.phase] == nil { phaseDue[item.phase] = item.due }
        for item in checklist {
            if item.phase != lastPhase {
                out += "  \(item.phase) (due \(phaseDue[item.phase] ?? item.due))\n"
                lastPhase = item.phase
            }
            let mark: String
            switch item.status {
            case .done: mark = "[x]"
            case .open: mark = "[ ]"
            case .overdue: mark = "[!]"
            case .upcoming: mark = "[-]"
            }
            var line = "    \(mark) \(self.line(item.title)) — \(item.status.rawValue)"
            // Rounded down: an item not done never reads 100%.
            if let p = item.progress, item.status != .done { line += ", \(Int((p * 100).rounded(.down)))%" }
            if let by = item.addedBy {
                let other = phaseDue[item.phase].map { $0 != item.due } ?? false
                line += style.dim(" (added by \(by)\(other ? ", due \(item.due)" : ""))")
            }
            if !item.checked { line += style.dim(" (not checked: data missing)") }
            if let day = item.markedDone { line += style.dim(" (marked done on \(day))") }
            out += line + "\n"
        }
        return out
    }

    /// Problems first, the input's apart from the rules' (a text or condition that failed
    /// for this seller); the notes about rules skipped for absent signals are summed up,
    /// since a new seller lacks many optional signals (the JSON form lists each one); then
    /// the other notes.
    private func problemsText(_ style: TextStyle) -> String {
        var out = ""
        let problems = diagnostics.filter { $0.severity != .note }
        let input = problems.filter { $0.code.hasPrefix("snapshot.") }, rules = problems.filter { !$0.code.hasPrefix("snapshot.") }
        for (heading, list) in [("PROBLEMS WITH THE INPUT", input), ("PROBLEMS IN THE RULES FOR THIS SELLER", rules)] where !list.isEmpty {
            out += "\n" + style.bold("\(heading) (\(list.count))") + "\n"
            for d in list {
                let place = d.location.map { "\($0.path):\($0.line):\($0.column): " } ?? d.file.map { "\($0): " } ?? ""
                out += "  \(line(place))\(d.severity.rawValue): \(line(d.message))\n"
                if let h = d.hint { out += style.dim("     hint: \(line(h))") + "\n" }
            }
        }
        let skippedRules = skipped.count
        let uncheckedItems = checklist.filter { !$0.checked }.count
        let otherNotes = diagnostics.filter { $0.severity == .note && $0.kind != .ruleSkipped && $0.kind != .itemSkipped }
        if skippedRules + uncheckedItems > 0 {
            var parts: [String] = []
            if skippedRules > 0 { parts.append("\(skippedRules) rule\(skippedRules == 1 ? "" : "s") (coach explain shows which)") }
            if uncheckedItems > 0 { parts.append("\(uncheckedItems) checklist item\(uncheckedItems == 1 ? "" : "s") (marked \"not checked\" above)") }
            out += "\n" + style.dim("Not evaluated for missing signals: " + parts.joined(separator: ", ") + ".") + "\n"
        }
        if !otherNotes.isEmpty {
            out += "\n" + style.bold("NOTES (\(otherNotes.count))") + "\n"
            for d in otherNotes { out += "  " + style.dim(line(d.message)) + "\n" }
        }
        return out
    }

    private func wrap(_ text: String, indent: String, width: Int = 88) -> String {
        var out = ""
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ") {
                if !line.isEmpty && indent.count + line.count + word.count + 1 > width {
                    out += indent + line + "\n"
                    line = ""
                }
                line += (line.isEmpty ? "" : " ") + word
            }
            out += indent + line + "\n"
        }
        return out
    }
}
