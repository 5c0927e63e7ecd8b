// BatchWorker.swift — one thread's share of a batch: JSON Lines snapshots in, one JSON result
// line out each, with the reader and evaluation state kept from one seller to the next.

@_spi(Streaming) import CoachJSON
import CoachRules
import CoachSource

/// What a batch writes per seller.
package enum BatchOutputForm: String, Sendable, CaseIterable {
    /// The same object as `coach eval --format json`, on one line.
    case full
    /// `{"seller", "tips", "escalations", "checklist": {status: [ids]}}`: ids only.
    case ids
}

/// Evaluates JSON Lines snapshots one line at a time. Not thread-safe: one per thread.
package final class BatchWorker {
    /// The rule set the sellers are evaluated against.
    package let ruleSet: RuleSet
    /// What is written per seller.
    package let form: BatchOutputForm
    /// The input's name, for error records' locations.
    package let inputName: String
    /// Whether every line given to ``process(line:number:into:)`` is followed by at least
    /// ``SnapshotReader/padding`` readable bytes (`coach batch`'s line buffer keeps them), so
    /// that it is parsed in place.
    package var paddedLines = false
    private let reader: SnapshotReader
    private let evaluator: Evaluator
    /// Where a full result is written before it is appended to the output.
    private var stream = JSONStream(indent: nil, capacity: 32 << 10)

    /// A worker for `ruleSet`, writing `form`; `inputName` labels positions in error records.
    package init(ruleSet: RuleSet, form: BatchOutputForm, inputName: String) {
        self.ruleSet = ruleSet
        self.form = form
        self.inputName = inputName
        self.reader = SnapshotReader(ruleSet: ruleSet)
        self.evaluator = Evaluator(ruleSet: ruleSet)
    }

    /// Reads the snapshot on input line `number` and appends its result (or an error record)
    /// and a newline to `out`. Returns whether the line was read.
    package func process(line: UnsafeRawBufferPointer, number: Int, into out: inout [UInt8]) -> Bool {
        // The last seller's snapshot is gone but for the evaluator's copy: its signals array
        // is written over for this one (``SnapshotReader/recycle(signals:)``).
        reader.recycle(signals: evaluator.releaseSignals())
        let snapshot: Snapshot
        do {
            snapshot = try reader.read(json: line, path: inputName, padded: paddedLines)
        } catch {
            BatchWorker.appendError(BatchWorker.jsonLinesHinted(error.diagnostics, line), line: number, input: inputName, to: &out)
            out.append(0x0A)
            return false
        }
        switch form {
        case .full:
            stream.reset()  // the room the largest result so far needed stays
            evaluator.evaluate(consume snapshot, writingTo: &stream)
            stream.append(to: &out)
        case .ids:
            evaluator.appendIDs(consume snapshot, to: &out)
        }
        out.append(0x0A)
        return true
    }

    /// A line's malformed-JSON error with the hint that a population is JSON Lines, when the
    /// line is a piece of a pretty-printed snapshot: `{` alone, or not starting with `{`
    /// (`"seller": {`, `},`). One record per line of such a file came otherwise, with no word
    /// on why. A line starting a snapshot and cut short keeps its own hint. (The Spark job,
    /// integrations/spark, writes the same records.)
    static func jsonLinesHinted(_ diagnostics: [Diagnostic], _ line: UnsafeRawBufferPointer) -> [Diagnostic] {
        let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
        guard let start = line.firstIndex(where: { !blank($0) }) else { return diagnostics }
        let opens = line[start] == UInt8(ascii: "{")
        guard !opens || line[(start + 1)...].allSatisfy(blank) else { return diagnostics }
        return diagnostics.map { d in
            guard d.kind == .snapshotJson else { return d }
            var d = d
            d.hint = jsonLinesHint
            return d
        }
    }

    /// What a piece of a pretty-printed snapshot is told.
    package static let jsonLinesHint = "a population is JSON Lines: one whole snapshot on each line (a pretty-printed file spreads one over many; "
        + "compact it first, e.g. jq -c . FILE)"

    /// The error record of a line longer than `limit` bytes.
    package static func appendTooLong(line: Int, limit: Int, input: String, to out: inout [UInt8]) {
        // At the line's start, as the record's other diagnostics are placed on their line.
        var d = tooLongDiagnostic(limit: limit)
        d.location = SourceLocation(file: SourceFile(path: input, text: ""), line: line, column: 1)
        appendError([d], line: line, input: input, to: &out)
        out.append(0x0A)
    }

    /// What is wrong with a line longer than `limit` bytes.
    package static func tooLongDiagnostic(limit: Int) -> Diagnostic {
        .error("the line is longer than \(limit >> 20) MiB, the largest snapshot coach reads", code: .snapshotTooLarge)
    }

    /// `{"line": N, "error": first message, "diagnostics": [...]}`: positions, the notes'
    /// too ("first given here"), are on input line `line` (a snapshot is one line, so a
    /// position's column stands).
    static func appendError(_ diagnostics: [Diagnostic], line: Int, input: String, to out: inout [UInt8]) {
        // The errors, and the note counting those past the limit (as `coach eval` and the C
        // ABI give them).
        let errors = diagnostics.filter { $0.severity == .error || $0.kind == .snapshotMore }
        let file = SourceFile(path: input, text: "")
        func onLine(_ location: SourceLocation?) -> SourceLocation? {
            location.map { SourceLocation(file: file, line: line, column: $0.column) }
        }
        let shown = (errors.isEmpty ? diagnostics : errors).map { d in
            var d = d
            d.location = onLine(d.location)
            d.notes = d.notes.map { Diagnostic.Note($0.message, at: onLine($0.location)) }
            return d
        }
        JSONWriter(indent: nil).write(DiagnosticError(shown).json(context: [("line", .int(Int64(line)))]), into: &out)
    }
}
