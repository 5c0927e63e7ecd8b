// DiffReport.swift — a population diff as an author reads it (text) and as tools read it
// (JSON): what each side was, every change with its sellers, share, categories and samples.

@_spi(Streaming) import CoachJSON
import CoachRules
import CoachSource

/// A finished diff and what it compared.
package struct DiffReport: Sendable {
    /// What the two sides were: a rule set's directory, name, version and fingerprint, or a
    /// saved results file.
    package var base: Side
    package var new: Side
    package var diff: PopulationDiff
    /// Lines unreadable by the base side (a rule set) and by the new one.
    package var baseUnreadable = 0
    package var newUnreadable = 0
    /// Sellers with no saved result, saved results with no seller in the population, and
    /// error records among the saved results (against saved results).
    package var unmatched = 0
    package var savedNotInPopulation = 0
    /// Lines one side read and the other did not: sellers that could not be compared.
    package var oneSided = 0
    package var savedErrorRecords = 0
    /// Population lines naming a seller an earlier line named (against saved results, which
    /// are matched by seller id): compared, but with a result saved for another snapshot.
    package var repeatedSellers = 0

    /// One side of the comparison.
    package struct Side: Sendable {
        package var label: String
        package var ruleSet: RuleSet?

        package init(label: String, ruleSet: RuleSet?) {
            self.label = label
            self.ruleSet = ruleSet
        }

        var description: String {
            guard let rs = ruleSet else { return label }
            return "\(label) (\(rs.manifest.name) \(rs.manifest.version), \(rs.fingerprint.prefix(12)))"
        }

        var json: JSONValue {
            var fields: [(String, JSONValue)] = [("source", .string(label))]
            if let rs = ruleSet {
                fields += [("name", .string(rs.manifest.name)), ("version", .string(rs.manifest.version)), ("fingerprint", .string(rs.fingerprint))]
            }
            return .object(fields)
        }
    }

    package init(base: Side, new: Side, diff: PopulationDiff) {
        self.base = base
        self.new = new
        self.diff = diff
    }

    /// Whether any seller sees a change.
    package var anyChange: Bool { diff.changed > 0 }

    /// The changes, grouped by kind, then by id.
    var sortedChanges: [(Change, ChangeTally)] {
        diff.changes.sorted { $0.key < $1.key }
    }

    /// The report as JSON (`coach diff --format json`).
    package var json: JSONValue {
        let n = diff.compared
        let changes: [JSONValue] = sortedChanges.map { change, tally in
            .object([
                ("kind", .string(change.kind.rawValue)), ("id", .string(change.id)), ("change", .string(change.direction.rawValue)),
                ("from", change.from.map { .string($0) } ?? .null), ("to", change.to.map { .string($0) } ?? .null),
                ("sellers", .int(Int64(tally.sellers))), ("share", .double(PopulationSummary.share(tally.sellers, of: n))),
                ("by_category", .object(tally.byCategory.sorted { $0.key < $1.key }.map { ($0.key, .int(Int64($0.value))) })),
                ("samples", .array(tally.samples.map { .string($0.seller) })),
            ])
        }
        let categories: [JSONValue] = diff.comparedByCategory.keys.sorted().map { c in
            .object([("category", .string(c)), ("sellers", .int(Int64(diff.comparedByCategory[c] ?? 0))),
                     ("changed", .int(Int64(diff.changedByCategory[c] ?? 0)))])
        }
        return .object([
            ("base", base.json), ("new", new.json),
            ("sellers", .int(Int64(n))), ("changed", .int(Int64(diff.changed))), ("share", .double(PopulationSummary.share(diff.changed, of: n))),
            ("changes", .array(changes)), ("by_category", diff.categoriesOverflowed ? .null : .array(categories)),
            ("unreadable", .object([("base", .int(Int64(baseUnreadable))), ("new", .int(Int64(newUnreadable)))])),
            ("one_sided", .int(Int64(oneSided))), ("unmatched", .int(Int64(unmatched))), ("saved_not_in_population", .int(Int64(savedNotInPopulation))),
            ("saved_error_records", .int(Int64(savedErrorRecords))), ("repeated_sellers", .int(Int64(repeatedSellers))),
            ("routes_not_compared", .int(Int64(diff.routesUnknown))), ("dates_differ", .int(Int64(diff.datesDiffer))),
        ] + (diff.categoriesOverflowed ? [("by_category_note", .string(PopulationSummary.overflowNote))] : []))
    }

    /// The report as text (`coach diff`).
    package var text: String {
        let n = diff.compared
        var out = "Comparing \(base.description)\n       to \(new.description)\n"
        out += "\(PopulationSummary.grouped(n)) seller\(n == 1 ? "" : "s") compared; "
        out += diff.changed == 0 ? "no seller sees a change.\n"
            : "\(PopulationSummary.countShare(diff.changed, n)) see a change.\n"
        let groups: [(Change.Kind, String)] = [(.tip, "Tips"), (.escalation, "Escalations"), (.item, "Checklist items"),
                                               (.failure, "Rules that fail (a condition, priority or text giving an error)")]
        for (kind, title) in groups {
            let rows = sortedChanges.filter { $0.0.kind == kind }
            guard !rows.isEmpty else { continue }
            out += "\n\(title)\n"
            var table: [[String]] = []
            var details: [String] = []
            for (change, tally) in rows {
                table.append([DiffReport.verb(change), change.id, PopulationSummary.grouped(tally.sellers) + (tally.sellers == 1 ? " seller" : " sellers"),
                              PopulationSummary.percent(tally.sellers, of: n),
                              "e.g. " + tally.samples.map { TerminalStyle.oneLine($0.seller) }.joined(separator: ", ")])
                details.append(tally.byCategory.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
                    .map { "\(PopulationSummary.label($0.key)) \(PopulationSummary.grouped($0.value))" }.joined(separator: ", "))
            }
            if kind == .failure, base.ruleSet == nil {
                out += "(saved results do not say which rules failed when they were made: each failure now is listed)\n"
            }
            let lines = PopulationSummary.table(table, left: [0, 1, 4]).split(separator: "\n", omittingEmptySubsequences: false)
            for (k, line) in lines.enumerated() where !line.isEmpty {
                out += line + "\n"
                if k < details.count, !details[k].isEmpty { out += "      by category: \(details[k])\n" }
            }
        }
        if diff.categoriesOverflowed {
            out += "\nBy category: \(PopulationSummary.overflowNote).\n"
        } else if diff.changed > 0 {
            out += "\nSellers changed, by category\n"
            out += PopulationSummary.table([["category", "sellers", "changed", "share"]] + diff.comparedByCategory.keys.sorted().map { c in
                let total = diff.comparedByCategory[c] ?? 0, changed = diff.changedByCategory[c] ?? 0
                return [PopulationSummary.label(c), PopulationSummary.grouped(total), PopulationSummary.grouped(changed), PopulationSummary.percent(changed, of: total)]
            })
        }
        var notes: [String] = []
        if baseUnreadable > 0 { notes.append("\(PopulationSummary.grouped(baseUnreadable)) line(s) unreadable by the base rule set") }
        if newUnreadable > 0 { notes.append("\(PopulationSummary.grouped(newUnreadable)) line(s) unreadable by the new rule set") }
        if oneSided > 0 { notes.append("\(PopulationSummary.grouped(oneSided)) seller(s) read by one side only") }
        if unmatched > 0 { notes.append("\(PopulationSummary.grouped(unmatched)) seller(s) with no saved result") }
        if savedNotInPopulation > 0 { notes.append("\(PopulationSummary.grouped(savedNotInPopulation)) saved result(s) for sellers not in the population") }
        if savedErrorRecords > 0 { notes.append("\(PopulationSummary.grouped(savedErrorRecords)) error record(s) among the saved results") }
        if !notes.isEmpty { out += "\nNot compared: " + notes.joined(separator: "; ") + ".\n" }
        if diff.datesDiffer > 0 {
            out += "\nOther dates: \(PopulationSummary.grouped(diff.datesDiffer)) seller(s) are dated otherwise (as_of) than their saved result,"
                + " so what changed for them may be the date's, not the rules'.\n"
        }
        if diff.routesUnknown > 0 {
            out += "\nRoutes and severities not compared: \(PopulationSummary.grouped(diff.routesUnknown)) seller(s) have an escalation on both sides,"
                + " and the saved results are ids, which do not say where it went (save --output full to compare them).\n"
        }
        if repeatedSellers > 0 {
            out += "\nCompared with another snapshot's result: \(PopulationSummary.grouped(repeatedSellers)) line(s) name a seller an earlier line names;"
                + " the saved results hold one result per seller.\n"
        }
        return out
    }

    /// `gained`, `lost`, or `open → done`; a gained or lost item says its status.
    static func verb(_ c: Change) -> String {
        if c.kind == .failure { return c.direction == .gained ? "now fails" : "no longer fails" }
        switch c.direction {
        case .gained: return c.to.map { "gained (\($0))" } ?? "gained"
        case .lost: return c.from.map { "lost (\($0))" } ?? "lost"
        case .changed: return "\(c.from ?? "?") → \(c.to ?? "?")"
        }
    }
}
