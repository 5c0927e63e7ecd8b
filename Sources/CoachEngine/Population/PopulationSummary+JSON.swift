// PopulationSummary+JSON.swift — the summary as JSON, for tools: every count with its share
// of the sellers read, rules in rule-set order, per category on request.

@_spi(Streaming) import CoachJSON
import CoachRules

extension PopulationSummary {
    /// The summary as a JSON object (`coach batch --summary --format json`).
    package var json: JSONValue {
        var fields: [(String, JSONValue)] = [
            ("rule_set", .object([("name", .string(ruleSet.manifest.name)), ("version", .string(ruleSet.manifest.version)),
                                  ("fingerprint", .string(ruleSet.fingerprint))])),
            ("unreadable", .int(Int64(unreadable))),
        ]
        fields += countsJSON(total)
        if let byCategory {
            if categoriesOverflowed {
                fields.append(("by_category", .null))
                fields.append(("by_category_note", .string(PopulationSummary.overflowNote)))
            } else {
                fields.append(("by_category", .object(byCategory.keys.sorted().map { key in
                    (key, .object(countsJSON(byCategory[key] ?? SummaryCounts(ruleSet))))
                })))
            }
        }
        return .object(fields)
    }

    private func countsJSON(_ c: SummaryCounts) -> [(String, JSONValue)] {
        let n = c.sellers
        func count(_ k: Int) -> JSONValue { .object([("sellers", .int(Int64(k))), ("share", .double(Self.share(k, of: n)))]) }
        let reasons = SuppressionReason.allCases
        let signals = ruleSet.catalog.signals
        let rules: [JSONValue] = ruleSet.rules.indices.map { i in
            let rule = ruleSet.rules[i]
            let held = reasons.indices.map { r in (reasons[r].rawValue, JSONValue.int(Int64(c.heldBack[i * reasons.count + r]))) }
            let missing = rule.signalsRead.compactMap { s -> (String, JSONValue)? in
                guard let k = c.skippedBySignal[i * signals.count + s] else { return nil }
                return (signals[s].name, .int(Int64(k)))
            }
            return .object([
                ("id", .string(rule.id)), ("area", .string(rule.area)),
                ("kind", .string(rule.tip != nil && rule.escalation != nil ? "tip+escalation" : rule.tip != nil ? "tip" : rule.escalation != nil ? "escalation" : "checklist")),
                ("fired", count(c.fired[i])), ("shown", count(c.shown[i])),
                ("held_back", .object(held)), ("skipped", count(c.skipped[i])), ("skipped_by_signal", .object(missing)),
                ("failed", .int(Int64(c.failed[i]))),
            ])
        }
        let areas = EvaluationPlan.areaNames(ruleSet).enumerated().map { a, name in
            JSONValue.object([("area", .string(name)), ("tips_shown", .int(Int64(c.areaTips[a]))), ("sellers", count(c.areaSellers[a]))])
        }
        let severities = EscalationSeverity.allCases
        var escalations: [JSONValue] = []
        for (r, route) in ruleSet.manifest.routes.enumerated() {
            for (s, severity) in severities.enumerated() where c.raised[r * severities.count + s] > 0 {
                escalations.append(.object([("route", .string(route)), ("severity", .string(severity.rawValue)),
                                            ("raised", .int(Int64(c.raised[r * severities.count + s]))),
                                            ("sellers", count(c.raisedSellers[r * severities.count + s]))]))
            }
        }
        return [
            ("sellers", .int(Int64(n))), ("with_tips", count(c.withTips)), ("with_escalations", count(c.withEscalations)),
            ("rules", .array(rules)), ("areas", .array(areas)), ("escalations", .array(escalations)),
            ("checklist", .array(checklistRows(c).map { row in
                .object([("phase", .string(row.phase)), ("item", .string(row.item))]
                        + ItemStatus.allCases.indices.map { (ItemStatus.allCases[$0].rawValue, .int(Int64(row.counts[$0]))) })
            })),
        ]
    }

    /// A checklist row: an item in a phase, with its count per status (``ItemStatus/allCases``
    /// order). Rows with no seller are left out; phases in order, items in checklist order.
    struct ChecklistRow {
        var phase: String
        var item: String
        var counts: [Int]
    }

    func checklistRows(_ c: SummaryCounts) -> [ChecklistRow] {
        let phases = SummaryCounts.phaseSlots(ruleSet)
        let statuses = ItemStatus.allCases.count
        var rows: [ChecklistRow] = []
        for p in 0..<phases {
            for (k, item) in ruleSet.items.enumerated() {
                let base = (k * phases + p) * statuses
                let counts = Array(c.itemStatus[base..<(base + statuses)])
                guard counts.contains(where: { $0 > 0 }) else { continue }
                rows.append(ChecklistRow(phase: p < ruleSet.manifest.phases.count ? ruleSet.manifest.phases[p].id : "-", item: item.id, counts: counts))
            }
        }
        return rows
    }

    /// Why there is no breakdown by category.
    static let overflowNote = "more than \(maxCategories) categories: not broken down by category"

    /// `k / n`, rounded to four decimals (0 for an empty population).
    static func share(_ k: Int, of n: Int) -> Double {
        n == 0 ? 0 : (Double(k) / Double(n) * 10_000).rounded() / 10_000
    }
}

extension EvaluationPlan {
    /// The areas of `ruleSet`'s rules, in the order the plan numbers them (first use).
    static func areaNames(_ ruleSet: RuleSet) -> [String] {
        var seen = Set<String>()
        return ruleSet.rules.map(\.area).filter { seen.insert($0).inserted }
    }
}
