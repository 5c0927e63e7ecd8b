// PopulationPage.swift — the population's preview page: counts per tip, area, route and
// checklist status as inline SVG bar charts (no script), and a table of sellers linking to
// each seller's page.

import CoachRules

/// The population page and what it lists.
package struct PopulationPage {
    /// One seller's row.
    package struct Row {
        package var seller: String
        package var category: String?
        package var day: Int
        package var topTip: String?
        package var escalations: [(id: String, severity: EscalationSeverity)]
        /// The seller's page, relative to the population page.
        package var href: String

        package init(seller: String, category: String?, day: Int, topTip: String?, escalations: [(id: String, severity: EscalationSeverity)], href: String) {
            self.seller = seller
            self.category = category
            self.day = day
            self.topTip = topTip
            self.escalations = escalations
            self.href = href
        }
    }

    package var summary: PopulationSummary
    package var rows: [Row] = []
    /// Sellers beyond the rows kept (the table lists the first ``maxRows``).
    package var notListed = 0
    package var problems = LineProblems()
    /// The most sellers the table lists.
    package static let maxRows = 10_000

    package init(summary: PopulationSummary) { self.summary = summary }

    /// Adds a seller's row (counted but not listed past ``maxRows``).
    package mutating func add(_ row: Row) {
        if rows.count < Self.maxRows { rows.append(row) } else { notListed += 1 }
    }

    package var html: String {
        let c = summary.total, rs = summary.ruleSet
        var h = HTML()
        h.raw("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        h.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        h.element("title", text: "Population — coach preview")
        h.raw("<style>\(PreviewStyle.css)</style></head><body><main>")
        h.element("h1", text: "Population: \(PopulationSummary.grouped(c.sellers)) sellers")
        var meta = "Shown a tip: \(PopulationSummary.countShare(c.withTips, c.sellers)) · escalated: \(PopulationSummary.countShare(c.withEscalations, c.sellers))"
        if problems.count > 0 { meta += " · \(problems.count) line\(problems.count == 1 ? "" : "s") could not be read" }
        h.element("p", [("class", "meta")], text: meta)
        h.element("div", [("class", "charts")]) { h in
            let tips = rs.rules.indices.filter { rs.rules[$0].tip != nil && c.shown[$0] > 0 }
                .sorted { c.shown[$0] != c.shown[$1] ? c.shown[$0] > c.shown[$1] : rs.rules[$0].id < rs.rules[$1].id }
            chart(&h, "Tips shown", "tips", tips.map { (rs.rules[$0].id, c.shown[$0]) })
            chart(&h, "Tips shown per area", "areas", EvaluationPlan.areaNames(rs).enumerated().map { ($1, c.areaTips[$0]) })
            let severities = EscalationSeverity.allCases.count
            chart(&h, "Escalations per route", "routes", rs.manifest.routes.enumerated().map { r, route in
                (route, (0..<severities).reduce(0) { $0 + c.raised[r * severities + $1] })
            })
            let statuses = ItemStatus.allCases.count
            chart(&h, "Checklist items per status", "checklist", ItemStatus.allCases.enumerated().map { s, status in
                (status.rawValue, stride(from: s, to: c.itemStatus.count, by: statuses).reduce(0) { $0 + c.itemStatus[$1] })
            })
        }
        sellers(&h)
        if problems.count > 0 {
            h.element("h2", text: "Lines that could not be read")
            h.element("ul") { h in
                for p in problems.first { h.element("li", text: "\(p.place): \(p.message)" + (p.hint.map { " (hint: \($0))" } ?? "")) }
            }
            if problems.count > problems.first.count { h.element("p", [("class", "muted")], text: "… and \(PopulationSummary.grouped(problems.count - problems.first.count)) more.") }
            if problems.notJSONLines { h.element("p", text: "Hint: " + BatchWorker.jsonLinesHint + ".") }
        }
        h.element("footer", text: "Rule set \(rs.manifest.name) \(rs.manifest.version), fingerprint \(rs.fingerprint). Made by coach preview.")
        h.raw("</main></body></html>\n")
        return h.out
    }

    private func sellers(_ h: inout HTML) {
        h.element("h2", [("id", "sellers")], text: "Sellers")
        guard !rows.isEmpty else { h.element("p", [("class", "muted")], text: "No sellers could be read."); return }
        if notListed > 0 { h.element("p", [("class", "muted")], text: "The first \(rows.count) sellers; \(notListed) more have pages but are not listed.") }
        h.element("div", [("class", "table")]) { h in
            h.element("table", [("class", "sellers")]) { h in
                h.raw("<thead><tr><th>Seller</th><th>Category</th><th class=\"num\">Day</th><th>Top tip</th><th>Escalations</th></tr></thead><tbody>")
                for row in rows {
                    h.element("tr") { h in
                        h.element("td", [("class", "id")]) { $0.element("a", [("href", row.href)], text: row.seller) }
                        h.element("td", [("class", "id")], text: row.category ?? "")
                        h.element("td", [("class", "num")], text: String(row.day))
                        h.element("td", text: row.topTip ?? "")
                        h.element("td") { h in
                            for (k, e) in row.escalations.enumerated() {
                                if k > 0 { h.text(" ") }
                                h.element("span", [("class", "badge \(e.severity.rawValue)")], text: e.id)
                            }
                        }
                    }
                }
                h.raw("</tbody>")
            }
        }
    }

    /// A horizontal bar chart in inline SVG, with the numbers written beside the bars and
    /// the whole as a list for screen readers.
    private func chart(_ h: inout HTML, _ title: String, _ id: String, _ bars: [(String, Int)]) {
        let rowHeight = 22, labelWidth = 220, barWidth = 130, width = labelWidth + barWidth + 50
        let height = max(1, bars.count) * rowHeight + 8
        let top = max(1, bars.map(\.1).max() ?? 1)
        h.element("figure", [("class", "card"), ("data-chart", id)]) { h in
            h.element("figcaption") { $0.element("h3", text: title) }
            let label = bars.map { "\($0.0): \($0.1)" }.joined(separator: "; ")
            h.raw("<svg viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" role=\"img\"\(HTML.attributes([("aria-label", "\(title): \(label)")]))>")
            if bars.isEmpty { h.raw("<text x=\"0\" y=\"16\" fill=\"#4d4d4d\" font-size=\"12\">none</text>") }
            for (k, bar) in bars.enumerated() {
                let y = 4 + k * rowHeight
                let w = bar.1 == 0 ? 0 : max(2, bar.1 * barWidth / top)
                let name = bar.0.count > 27 ? String(bar.0.prefix(26)) + "…" : bar.0
                h.raw("<text x=\"\(labelWidth - 6)\" y=\"\(y + 15)\" text-anchor=\"end\" fill=\"#1a1a1a\" font-size=\"12\">")
                h.text(name)
                if name != bar.0 { h.raw("<title>"); h.text(bar.0); h.raw("</title>") }
                h.raw("</text><rect x=\"\(labelWidth)\" y=\"\(y + 3)\" width=\"\(w)\" height=\"\(rowHeight - 8)\" fill=\"#1d4ed8\"></rect>")
                h.raw("<text x=\"\(labelWidth + w + 6)\" y=\"\(y + 15)\" fill=\"#1a1a1a\" font-size=\"12\">\(bar.1)</text>")
            }
            h.raw("</svg>")
        }
    }
}
