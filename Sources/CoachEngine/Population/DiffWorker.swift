// DiffWorker.swift — one thread's share of `coach diff`: each seller evaluated by the new
// rule set and compared with the base rule set's outcome, or with saved results.

import CoachRules
import CoachSource

/// What a diff compares against.
package enum DiffBase: Sendable {
    /// Another rule set (the version before the change).
    case ruleSet(RuleSet)
    /// Saved `coach batch` results, by seller id.
    case saved([SellerKey: SellerOutcome], errorLines: Set<Int>)
}

/// A seller id as its bytes: Swift compares strings by canonical equivalence, so `S-é`
/// composed and decomposed were one key, and two sellers were compared with one result.
/// A host's ids are the bytes it sends.
package struct SellerKey: Hashable, Sendable {
    package let utf8: [UInt8]
    package init(_ id: String) { utf8 = Array(id.utf8) }
}

/// Compares sellers one line at a time. Not thread-safe: one per thread; merge at the end.
package final class DiffWorker {
    /// The changes so far.
    package private(set) var diff = PopulationDiff()
    /// Lines the base rule set (or the new one) could not read.
    package private(set) var baseProblems = LineProblems()
    package private(set) var newProblems = LineProblems()
    /// Sellers with no saved result (against saved results).
    package private(set) var unmatched = LineProblems()
    /// Saved results' sellers that were compared, each with the first line naming it here
    /// (against saved results).
    package private(set) var matched: [SellerKey: Int] = [:]
    /// Lines naming a seller that a line before them named too (against saved results): the
    /// results are matched by seller id, so each such line was compared with the one saved
    /// result. Lines another worker named first are found when the workers are merged.
    package private(set) var repeats: [(id: String, line: Int)] = []  // the id as given, for messages
    /// Lines read by one side and not the other (with saved results: unreadable now, but
    /// with a result then): sellers that could not be compared, unlike a line neither reads.
    package private(set) var oneSided = 0
    /// The input's name, for positions.
    package let inputName: String
    private let newReader: SnapshotReader
    private let newEvaluator: Evaluator
    private let base: (reader: SnapshotReader, evaluator: Evaluator)?
    private let saved: [SellerKey: SellerOutcome]
    private let savedErrorLines: Set<Int>

    /// A worker evaluating with `ruleSet` and comparing with `base`.
    package init(ruleSet: RuleSet, base: DiffBase, inputName: String) {
        newReader = SnapshotReader(ruleSet: ruleSet)
        newEvaluator = Evaluator(ruleSet: ruleSet)
        switch base {
        case .ruleSet(let old):
            self.base = (SnapshotReader(ruleSet: old), Evaluator(ruleSet: old))
            saved = [:]
            savedErrorLines = []
        case .saved(let outcomes, let errorLines):
            self.base = nil
            saved = outcomes
            savedErrorLines = errorLines
        }
        self.inputName = inputName
    }

    /// Evaluates and compares the snapshot on line `number`; false when it could not be read
    /// on either side (or has no saved result).
    package func process(line: UnsafeRawBufferPointer, number: Int) -> Bool {
        let snapshot: Snapshot
        do {
            snapshot = try newReader.read(json: line, path: inputName)
        } catch {
            newProblems.add(line: number, BatchWorker.jsonLinesHinted(error.diagnostics, line))
            if let base {
                do {
                    _ = try base.reader.read(json: line, path: inputName)
                    oneSided += 1
                } catch {
                    baseProblems.add(line: number, error.diagnostics)
                }
            } else if !savedErrorLines.contains(number) {
                oneSided += 1
            }
            return false
        }
        var now = SellerOutcome(newEvaluator.decide(snapshot), newEvaluator.ruleSet)
        now.failed = newEvaluator.failedRuleIDs
        let before: SellerOutcome
        if let base {
            do {
                let old = try base.reader.read(json: line, path: inputName)
                var outcome = SellerOutcome(base.evaluator.decide(old), base.evaluator.ruleSet)
                outcome.failed = base.evaluator.failedRuleIDs
                before = outcome
            } catch {
                baseProblems.add(line: number, error.diagnostics)
                oneSided += 1
                return false
            }
        } else {
            let key = SellerKey(snapshot.sellerID)
            guard let s = saved[key] else {
                unmatched.add(line: number, [.error("seller '\(snapshot.sellerID)' has no saved result", code: .diffUnmatched)])
                return false
            }
            // A worker's lines come in order, so the first it meets is its lowest.
            if matched[key] == nil { matched[key] = number } else { repeats.append((snapshot.sellerID, number)) }
            // Evaluated for another day than the saved result: what changed may be the date's.
            if let saved = s.asOf, saved != snapshot.asOf { diff.datesDiffer += 1 }
            before = s
        }
        diff.record(line: number, category: snapshot.category, old: before, new: now)
        return true
    }

    /// Counts line `number` as unreadable on both sides.
    package func unreadable(line number: Int, _ diagnostics: [Diagnostic]) {
        newProblems.add(line: number, diagnostics)
        if base != nil { baseProblems.add(line: number, diagnostics) } else if !savedErrorLines.contains(number) { oneSided += 1 }
    }
}
