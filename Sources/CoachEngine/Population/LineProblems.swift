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
        let message = (diagnostics.first { $0.severity == .error } ?? diagnostics.first)?.message ?? "the snapshot could not be read"
        first.append((line, message))
    }

    /// Adds another thread's problems; the first kept are the lowest line numbers.
    package mutating func merge(_ other: LineProblems) {
        count += other.count
        notJSONLines = notJSONLines || other.notJSONLines
        first = Array((first + other.first).sorted { $0.line < $1.line }.prefix(LineProblems.kept))
    }

    /// `line N: message` lines, then how many more there were; empty when none.
    package var report: String {
        guard count > 0 else { return "" }
        // A seller id in a message names its direction controls, as the text views do.
        var out = first.map { "line \($0.line): \(TerminalStyle.oneLine($0.message))\n" }.joined()
        if count > first.count { out += "… and \(count - first.count) more\n" }
        if notJSONLines { out += "hint: " + BatchWorker.jsonLinesHint + "\n" }
        return out
    }
}
