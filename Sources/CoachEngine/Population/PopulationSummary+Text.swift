// PopulationSummary+Text.swift — the summary as the tables an author or program manager
// reads: rules by how often they fired, areas, escalation routes, the checklist by phase.

import CoachRules

extension PopulationSummary {
    /// The summary as text tables (`coach batch --summary`).
    package var text: String {
        var out = "Summary of \(Self.grouped(total.sellers)) seller\(total.sellers == 1 ? "" : "s")"
        out += " (\(Self.grouped(unreadable)) line\(unreadable == 1 ? "" : "s") unreadable)"
        out += " — rule set \(ruleSet.manifest.name) \(ruleSet.manifest.version), fingerprint \(ruleSet.fingerprint.prefix(12))\n"
        out += tables(total)
        if categoriesOverflowed { out += "\n== by category: \(Self.overflowNote)\n" }
        if let byCategory, !categoriesOverflowed {
            for key in byCategory.keys.sorted() {
                guard let c = byCategory[key] else { continue }
                out += "\n== category \(Self.label(key)): \(Self.grouped(c.sellers)) seller\(c.sellers == 1 ? "" : "s")"
                out += " (\(Self.percent(c.sellers, of: total.sellers)) of all)\n"
                out += tables(c)
            }
        }
        return out
    }

    private func tables(_ c: SummaryCounts) -> String {
        let n = c.sellers
        var out = "Shown a tip: \(Self.countShare(c.withTips, n)); given an escalation: \(Self.countShare(c.withEscalations, n))\n"
        out += "\n" + rulesTable(c)
        out += "\nAreas\n" + Self.table([["area", "tips shown", "sellers", "share"]] + EvaluationPlan.areaNames(ruleSet).enumerated().map { a, name in
            [name, Self.grouped(c.areaTips[a]), Self.grouped(c.areaSellers[a]), Self.percent(c.areaSellers[a], of: n)]
        })
        var routes: [[String]] = [["route", "severity", "raised", "sellers", "share"]]
        let severities = EscalationSeverity.allCases
        for (r, route) in ruleSet.manifest.routes.enumerated() {
            for (s, severity) in severities.enumerated() where c.raised[r * severities.count + s] > 0 {
                let k = c.raised[r * severities.count + s], who = c.raisedSellers[r * severities.count + s]
                routes.append([route, severity.rawValue, Self.grouped(k), Self.grouped(who), Self.percent(who, of: n)])
            }
        }
        out += "\nEscalations\n" + (routes.count > 1 ? Self.table(routes, left: [0, 1]) : "  none raised\n")
        let rows = checklistRows(c)
        out += "\nChecklist (sellers per status)\n"
        out += rows.isEmpty ? "  no items shown\n" : Self.table([["phase", "item"] + ItemStatus.allCases.map(\.rawValue)]
                                                               + rows.map { [$0.phase, $0.item] + $0.counts.map(Self.grouped) }, left: [0, 1])
        return out
    }

    /// Rules by how often they fired (then by id), with what held them back and which
    /// missing signals skipped them.
    private func rulesTable(_ c: SummaryCounts) -> String {
        let n = c.sellers
        let reasons = SuppressionReason.allCases
        let signals = ruleSet.catalog.signals
        let order = ruleSet.rules.indices.sorted { a, b in
            c.fired[a] != c.fired[b] ? c.fired[a] > c.fired[b] : ruleSet.rules[a].id < ruleSet.rules[b].id
        }
        var rows: [[String]] = [["rule", "fired", "%", "shown", "%", "held back", "skipped", "failed", "why"]]
        for i in order {
            let held = reasons.indices.map { c.heldBack[i * reasons.count + $0] }
            var why: [String] = []
            let heldWhy = reasons.indices.filter { held[$0] > 0 }.map { "\(reasons[$0].rawValue) \(Self.grouped(held[$0]))" }
            if !heldWhy.isEmpty { why.append("held back: " + heldWhy.joined(separator: ", ")) }
            let missing = ruleSet.rules[i].signalsRead.compactMap { s in
                c.skippedBySignal[i * signals.count + s].map { (signals[s].name, $0) }
            }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            if !missing.isEmpty { why.append("missing: " + missing.map { "\($0.0) \(Self.grouped($0.1))" }.joined(separator: ", ")) }
            rows.append([ruleSet.rules[i].id, Self.grouped(c.fired[i]), Self.percent(c.fired[i], of: n),
                         Self.grouped(c.shown[i]), Self.percent(c.shown[i], of: n), Self.grouped(held.reduce(0, +)),
                         Self.grouped(c.skipped[i]), Self.grouped(c.failed[i]), why.joined(separator: "; ")])
        }
        return "Rules (by how often their condition held)\n" + Self.table(rows, left: [0, 8])
    }

    /// Rows as aligned columns: the columns in `left` left-aligned, the others (numbers)
    /// right-aligned; trailing spaces dropped.
    static func table(_ rows: [[String]], left: Set<Int> = [0]) -> String {
        var widths: [Int] = []
        for row in rows {
            for (k, cell) in row.enumerated() {
                if k == widths.count { widths.append(0) }
                widths[k] = max(widths[k], cell.count)
            }
        }
        var out = ""
        for row in rows {
            var line = " "
            for (k, cell) in row.enumerated() {
                let pad = String(repeating: " ", count: widths[k] - cell.count)
                line += left.contains(k) ? " " + cell + pad : " " + pad + cell
            }
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return out
    }

    /// `1,234 (12.3%)`.
    static func countShare(_ k: Int, _ n: Int) -> String { "\(grouped(k)) (\(percent(k, of: n)))" }

    /// `12.3%` (one decimal; `0%` for none; `<0.1%` for some that round to none, `>99.9%`
    /// for all but some: 1 seller of 20,000 is not 0.0%).
    static func percent(_ k: Int, of n: Int) -> String {
        guard n > 0, k > 0 else { return "0%" }
        let tenths = (k * 1000 + n / 2) / n
        if tenths == 0 { return "<0.1%" }
        if tenths >= 1000, k < n { return ">99.9%" }
        return "\(tenths / 10).\(tenths % 10)%"
    }

    /// `1,234,567`.
    static func grouped(_ k: Int) -> String {
        let digits = String(k.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out += "," }
            out.append(ch)
        }
        return k < 0 ? "-" + out : out
    }
}
