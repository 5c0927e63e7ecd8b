// Recommendations+Text.swift — the mentor's view: what the seller will see, grouped, and
// what was held back.

import CoachSource

extension Recommendations {
    /// The recommendations for people: tips, the checklist by phase with status,
    /// escalations, what was held back, and problems with the input.
    public func text(color: Bool = false) -> String {
        func bold(_ s: String) -> String { TerminalStyle.paint(s, TerminalStyle.bold, if: color) }
        func dim(_ s: String) -> String { TerminalStyle.paint(s, TerminalStyle.dim, if: color) }
        var out = ""
        out += bold("Seller \(seller)") + (category.map { " (\($0))" } ?? "") + " — day \(day), phase \(phase), as of \(asOf)\n"
        out += dim("Rule set \(ruleSet.name) \(ruleSet.version) [\(ruleSet.fingerprint)]") + "\n"

        out += "\n" + bold("TIPS (\(tips.count))") + "\n"
        if tips.isEmpty { out += "  none\n" }
        for (n, tip) in tips.enumerated() {
            out += "  \(n + 1). \(tip.title)\n"
            out += dim("     \(tip.area) · priority \(tip.priority) · \(tip.id)") + "\n"
            out += wrap(tip.body, indent: "     ")
            for a in tip.actions { out += "     → \(a)\n" }
            for l in tip.learn { out += "     Learn: \(l.title) (\(l.url))\n" }
        }

        out += "\n" + bold("ESCALATIONS (\(escalations.count))") + "\n"
        if escalations.isEmpty { out += "  none\n" }
        for e in escalations {
            out += "  [\(e.severity.rawValue.uppercased())] to \(e.to)\(e.also.map { " (and \($0))" } ?? ""): \(e.reason)\n"
            if let notice = e.notice { out += "     the seller is told: \(notice)\n" }
            for p in e.talkingPoints { out += "     - \(p)\n" }
            out += dim("     \(e.id)") + "\n"
        }

        out += "\n" + bold("CHECKLIST") + "\n"
        if checklist.isEmpty { out += "  none\n" }
        var lastPhase = ""
        // Each phase's own due date (an item a rule added may be due sooner).
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
            var line = "    \(mark) \(item.title) — \(item.status.rawValue)"
            // Rounded down: an item not done never reads 100%.
            if let p = item.progress, item.status != .done { line += ", \(Int((p * 100).rounded(.down)))%" }
            if let by = item.addedBy {
                let other = phaseDue[item.phase].map { $0 != item.due } ?? false
                line += dim(" (added by \(by)\(other ? ", due \(item.due)" : ""))")
            }
            if !item.checked { line += dim(" (not checked: data missing)") }
            if let day = item.markedDone { line += dim(" (marked done on \(day))") }
            out += line + "\n"
        }

        out += "\n" + bold("HELD BACK (\(suppressed.count))") + "\n"
        if suppressed.isEmpty { out += "  none\n" }
        for s in suppressed { out += "  \(s.id): \(s.reason.rawValue) — \(s.detail)\n" }

        if !changes.isEmpty {
            out += "\n" + bold("TO STORE") + dim(" (what the host keeps for the next evaluation)") + "\n"
            for (label, ids) in [("delivered today", changes.delivered), ("shown for the first time", changes.firstShown),
                                 ("newly done", changes.done), ("raised", changes.raised)] where !ids.isEmpty {
                out += "  \(label): \(ids.joined(separator: ", "))\n"
            }
        }

        // Problems first; the notes about rules skipped for absent signals are summed up,
        // since a new seller lacks many optional signals (the JSON form lists each one).
        let problems = diagnostics.filter { $0.severity != .note }
        if !problems.isEmpty {
            out += "\n" + bold("PROBLEMS WITH THE INPUT (\(problems.count))") + "\n"
            for d in problems {
                let place = d.location.map { "\($0.path):\($0.line):\($0.column): " } ?? d.file.map { "\($0): " } ?? ""
                out += "  \(place)\(d.severity.rawValue): \(d.message)\n"
                if let h = d.hint { out += dim("     hint: \(h)") + "\n" }
            }
        }
        let skippedRules = skipped.count
        let uncheckedItems = checklist.filter { !$0.checked }.count
        let otherNotes = diagnostics.filter { $0.severity == .note && $0.code != "rule.skipped" && $0.code != "item.skipped" }
        if skippedRules + uncheckedItems > 0 {
            out += "\n" + dim("Not evaluated for missing signals: \(skippedRules) rule\(skippedRules == 1 ? "" : "s"), \(uncheckedItems) checklist item\(uncheckedItems == 1 ? "" : "s") (marked above; coach explain shows which rules).") + "\n"
        }
        for d in otherNotes { out += dim("note: \(d.message)") + "\n" }
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
