// SummaryWorker.swift — one thread's share of `coach batch --summary`: each seller read,
// decided and counted; nothing written per seller.

import CoachRules
import CoachSource

/// Reads and counts sellers, one line at a time. Not thread-safe: one per thread; merge
/// their summaries at the end.
package final class SummaryWorker {
    /// The counts so far.
    package private(set) var summary: PopulationSummary
    /// The lines that could not be read.
    package private(set) var problems = LineProblems()
    /// The input's name, for positions.
    package let inputName: String
    private let reader: SnapshotReader
    private let evaluator: Evaluator

    /// A worker counting against `ruleSet`, per category when `byCategory`.
    package init(ruleSet: RuleSet, byCategory: Bool, inputName: String) {
        summary = PopulationSummary(ruleSet: ruleSet, byCategory: byCategory)
        reader = SnapshotReader(ruleSet: ruleSet)
        evaluator = Evaluator(ruleSet: ruleSet)
        self.inputName = inputName
    }

    /// Reads, decides and counts the snapshot on line `number`; false when it could not be read.
    package func process(line: UnsafeRawBufferPointer, number: Int) -> Bool {
        do {
            let snapshot = try reader.read(json: line, path: inputName)
            evaluator.run(snapshot, texts: nil)
            summary.record(evaluator, category: snapshot.category)
            return true
        } catch {
            unreadable(line: number, BatchWorker.jsonLinesHinted(error.diagnostics, line))
            return false
        }
    }

    /// Counts line `number` as unreadable.
    package func unreadable(line number: Int, _ diagnostics: [Diagnostic]) {
        summary.unreadable += 1
        problems.add(line: number, diagnostics)
    }
}
