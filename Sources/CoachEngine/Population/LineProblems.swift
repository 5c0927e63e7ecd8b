// LineProblems.swift — the lines of a population that could not be read, when the output
// has no room for an error record per line (a summary, a diff): counted, and the first few
// kept with their messages so that none is lost without a word.

import CoachSource

/// Unreadable lines: how many, and the first ``LineProblems/kept`` of them.
package struct LineProblems: Sendable {
    /// How many lines could not be read.
    package private(set) var count = 0
    /// One kept problem: its line, and its first error's message, and where it has them, its
    /// file, column and hint (said in ``report`` as `coach batch`'s error records place them).
    package struct Kept: Sendable {
        package var line: Int
        package var message: String
        var file: String?
        var column: Int?
        var hint: String?

        /// `FILE:LINE:COLUMN`, as far as known.
        package var place: String {
            guard let file else { return "line \(line)" }
            return "\(file):\(line)" + (column.map { ":\($0)" } ?? "")
        }
    }

    /// The first few problems.
    package private(set) var first: [Kept] = []
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
        // The JSON Lines hint is said once, after the lines.
        first.append(Kept(line: line, message: shown?.message ?? "the snapshot could not be read", file: shown?.location?.path ?? shown?.file,
                          column: shown?.location?.column, hint: shown?.hint == BatchWorker.jsonLinesHint ? nil : shown?.hint))
    }

    /// Adds another thread's problems; the first kept are the lowest line numbers.
    package mutating func merge(_ other: LineProblems) {
        count += other.count
        notJSONLines = notJSONLines || other.notJSONLines
        first = Array((first + other.first).sorted { $0.line < $1.line }.prefix(LineProblems.kept))
    }

    /// `FILE:LINE:COLUMN: message` lines (with the hint under each), then how many more
    /// there were; empty when none.
    package var report: String {
        guard count > 0 else { return "" }
        // A seller id in a message names its invisible characters, as the text views do.
        var out = first.map { p in
            "\(TerminalStyle.oneLine(p.place)): \(TerminalStyle.oneLine(p.message))\n" + (p.hint.map { "  hint: \(TerminalStyle.oneLine($0))\n" } ?? "")
        }.joined()
        if count > first.count { out += "… and \(PopulationSummary.grouped(count - first.count)) more\n" }
        if notJSONLines { out += "hint: " + BatchWorker.jsonLinesHint + "\n" }
        return out
    }
}
