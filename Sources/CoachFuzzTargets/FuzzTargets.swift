// FuzzTargets.swift — what each fuzz harness does with one input: feed it to one stage of
// coach and throw away the answer. Any outcome but a crash, a hang or a leak is fine: errors
// are values. The harnesses (Sources/fuzz-*) run these under libFuzzer (`make fuzz`); the test
// suite replays the corpora through them, so an input that once crashed stays fixed.

import CoachCLI
import CoachEngine
import CoachExpr
@_spi(Streaming) import CoachJSON
import CoachRules
import CoachSource
import CoachYAML

/// The fuzz targets, by name.
package enum FuzzTargets {
    /// Every target, by the name its harness and corpus use.
    package static let all: [(name: String, run: @Sendable (UnsafeRawBufferPointer) -> Void)] = [
        ("yaml", yaml), ("expression", expression), ("evaluation", evaluation),
        ("ruleset", ruleSet), ("snapshot", snapshot), ("shipped", shipped),
    ]

    /// The input as text (invalid UTF-8 repaired, as a file reader would refuse it anyway).
    static func text(_ data: UnsafeRawBufferPointer) -> String { String(decoding: data, as: UTF8.self) }

    /// The YAML layer: parse as a file, then turn every document into JSON.
    @Sendable package static func yaml(_ data: UnsafeRawBufferPointer) {
        let file = SourceFile(path: "fuzz.yaml", text: text(data))
        guard let documents = try? YAMLParser().parse(bytes: Array(data), file: file) else { return }
        for d in documents { _ = d.json }
    }

    /// The expression language: parse, check and compile against an environment with a few
    /// variables of every kind; on success, evaluate it, and check that the fast paths (the
    /// guards, the unboxed steps, the comprehension tests) answer as the general closures do.
    @Sendable package static func expression(_ data: UnsafeRawBufferPointer) {
        let env = environment
        guard let program = try? env.compile(text(data)) else {
            _ = try? env.compile(text(data), check: false)
            return
        }
        let fast = program.evaluate(variables, in: env)
        guard let general = try? env.compile(text(data), fused: false) else { return }
        let slow = general.evaluate(variables, in: env)
        // A loop's part kept once per run is charged once (Compiler+Hoisting.swift): the
        // general path, computing it for every element, may run out of budget where it does not.
        if program.keptParts > 0, slow.evalError?.message.hasPrefix("evaluation cost budget") == true { return }
        precondition(Display.text(fast) == Display.text(slow) && fast.evalError?.message == slow.evalError?.message,
                     "the fast and the general evaluation differ")
    }

    /// Evaluation against generated variables: the first line is JSON variables, the rest an
    /// expression evaluated against them (unchecked, so any value reaches any operator).
    @Sendable package static func evaluation(_ data: UnsafeRawBufferPointer) {
        let all = text(data)
        let parts = all.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let value = try? JSONValueReader.read(String(parts[0]), what: "vars"),
              let vars = try? ExprTool.variables(from: value) else { return }
        _ = ExprTool.evaluate(String(parts[1]), variables: vars)
    }

    /// The rule-set loader: the input is split into files at lines `--- FILE NAME` (for
    /// example `--- Rules/ruleset.yaml`), loaded, and on success every example evaluated.
    @Sendable package static func ruleSet(_ data: UnsafeRawBufferPointer) {
        var files: [(name: String, text: String)] = []
        for chunk in text(data).components(separatedBy: "\n--- ") {
            let lines = chunk.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false)
            guard let first = lines.first else { continue }
            let name = first.hasPrefix("--- ") ? String(first.dropFirst(4)) : String(first)
            files.append((name.trimmingCharacters(in: .whitespaces), lines.count > 1 ? String(lines[1]) : ""))
        }
        guard let rs = try? RuleSetLoader.load(texts: files) else { return }
        for example in examples {
            if let snapshot = try? SnapshotReader(ruleSet: rs).read(json: Array(example.utf8)) {
                _ = rs.evaluate(snapshot)
                _ = rs.explain(snapshot)
            }
        }
    }

    /// One reader kept from input to input, as a serving thread keeps it: the objects of its
    /// last reads are filled again by the next ones. The harness runs one input at a time.
    nonisolated(unsafe) static let keptReader: SnapshotReader? = shippedRules.map { SnapshotReader(ruleSet: $0) }

    /// The snapshot reader against the shipped rules, as JSON and as YAML; the JSON read by a
    /// reader kept from input to input, and by a fresh one the general way only (no one-pass
    /// reading of plain values), which must give the same values and messages: a difference
    /// stops the harness, as a crash does.
    @Sendable package static func snapshot(_ data: UnsafeRawBufferPointer) {
        guard let rs = shippedRules else { return }
        let reader = keptReader ?? SnapshotReader(ruleSet: rs)
        let general = SnapshotReader(ruleSet: rs)
        general.plainReading = false
        precondition(reading(reader, data) == reading(general, data), "the plain and the general snapshot reading differ")
        _ = try? reader.read(yaml: text(data))
    }

    /// What a reader makes of a JSON snapshot: each signal's value and every message.
    static func reading(_ reader: SnapshotReader, _ data: UnsafeRawBufferPointer) -> String {
        do {
            let s = try reader.read(json: data)
            return s.signals.map { $0.map(Display.text) ?? "-" }.joined(separator: " | ") + "\n"
                + s.diagnostics.map(\.description).joined(separator: "\n")
        } catch {
            return "refused: " + error.diagnostics.map(\.description).joined(separator: "\n")
        }
    }

    /// Evaluation of (mutated) snapshots against the shipped rules: read, evaluate, write
    /// every output form (the full JSON both ways, which must agree); explain and the preview page for one input in eight (chosen by
    /// length, so the same input always does the same), since they cost twenty times the rest
    /// and would hold the harness to under a hundred inputs a second.
    @Sendable package static func shipped(_ data: UnsafeRawBufferPointer) {
        guard let rs = shippedRules, let snapshot = try? SnapshotReader(ruleSet: rs).read(json: data) else { return }
        let r = rs.evaluate(snapshot)
        let json = r.jsonBytes(indent: nil)
        // The full result written straight from an evaluator (what `coach batch --output full`
        // and the C ABI write) is the same bytes.
        let evaluator = Evaluator(ruleSet: rs)
        var stream = JSONStream(indent: nil)
        evaluator.evaluate(snapshot, writingTo: &stream)
        precondition(stream.bytes == json, "the result written from the evaluator differs from the result's JSON")
        // Indented, as the C ABI writes it (tips laid out from text written ahead).
        var indented = JSONStream(indent: 2)
        evaluator.evaluate(snapshot, writingTo: &indented)
        precondition(indented.bytes == r.jsonBytes(indent: 2), "the indented result written from the evaluator differs from the result's JSON")
        _ = r.text()
        guard data.count % 8 == 0 else { return }
        _ = rs.explain(snapshot).text()
        _ = SellerPage(ruleSet: rs, snapshot: snapshot).html
    }
}
