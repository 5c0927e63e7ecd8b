// LineProblems.swift — the lines of a population that could not be read, when the output
// has no room for an error record per line (a summary, a diff): counted, and the first few
// kept with their messages so that none is lost without a word.

import CoachSource

/// Unreadable lines: how many, and the first ``LineProblems/kept`` of them.
package struct LineProblems: Sendable {
    /// How many lines could not be read.
    package private(set) var count = 0
    /// The first few: line number, and what was wrong (the first error's message).
    package private(set) var first: [(line: Int, message: String)] = []
    /// For each of ``first``: the file, the column and the hint of its first error, where it
    /// has them (said in ``report`` as `coach batch`'s error records place them).
    private(set) var places: [(file: String?, column: Int?, hint: String?)] = []
    /// How many are kept with their messages.
    package static let kept = 10
    /// Whether a line was a piece of a pretty-printed snapshot (``BatchWorker/jsonLinesHint``):
    /// said once, after the lines.
    package private(set) var notJSONLines = false

    package init() {}

    /// Notes that line `line` could not be read, for `diagnostics`.
    package mutating func add(line: Int, _ diagnostics: [Diagnostic]) {
        count += 1
        if !notJSONLines, diagnostics.contains(where: { $0.hint == BatchWorker.jsonLinesHint }) { notJSONLines = true }
        guard first.count < LineProblems.kept else { return }
        let shown = diagnostics.first { $0.severity == .error } ?? diagnostics.first
        first.append((line, shown?.message ?? "the snapshot could not be read"))
        // The JSON Lines hint is said once, after the lines.
        places.append((shown?.location?.path ?? shown?.file, shown?.location?.column, shown?.hint == BatchWorker.jsonLinesHint ? nil : shown?.hint))
    }

    /// Adds another thread's problems; the first kept are the lowest line numbers.
    package mutating func merge(_ other: LineProblems) {
        count += other.count
        notJSONLines = notJSONLines || other.notJSONLines
        let merged = (zip(first, places).map { ($0, $1) } + zip(other.first, other.places).map { ($0, $1) })
            .sorted { $0.0.line < $1.0.line }.prefix(LineProblems.kept)
        first = merged.map(\.0)
        places = merged.map(\.1)
    }

    /// Where problem `k` of ``first`` is: `FILE:LINE:COLUMN`, as far as known.
    package func place(_ k: Int) -> String {
        let line = first[k].line
        guard k < places.count, let file = places[k].file else { return "line \(line)" }
        return "\(file):\(line)" + (places[k].column.map { ":\($0)" } ?? "")
    }

    /// Problem `k`'s hint, when it has one.
    package func hint(_ k: Int) -> String? { k < places.count ? places[k].hint : nil }

    /// `FILE:LINE:COLUMN: message` lines (with the hint under each), then how many more
    /// there were; empty when none.
    package var report: String {
        guard count > 0 else { return "" }
        // A seller id in a message names its invisible characters, as the text views do.
        var out = first.indices.map { k in
            "\(TerminalStyle.oneLine(place(k))): \(TerminalStyle.oneLine(first[k].message))\n" + (hint(k).map { "  hint: \(TerminalStyle.oneLine($0))\n" } ?? "")
        }.joined()
        if count > first.count { out += "… and \(PopulationSummary.grouped(count - first.count)) more\n" }
        if notJSONLines { out += "hint: " + BatchWorker.jsonLinesHint + "\n" }
        return out
    }
}
