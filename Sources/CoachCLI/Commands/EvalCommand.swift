// EvalCommand.swift — `coach eval`: what a seller will see, and why some things are held back.

import CoachEngine
@_spi(Streaming) import CoachJSON
import CoachSource

extension Commands {
    static let eval = CommandSpec(
        name: "eval",
        abstract: "Evaluate seller snapshots: tips, checklist, escalations, and what was held back.",
        discussion: """
        A snapshot is JSON (or YAML) holding the seller, the date and the signals:

          {"seller": {"id": "S-1", "category": "home_garden", "enrolled_on": "2026-11-21"},
           "as_of": "2026-11-24",
           "signals": {"conversion_rate": 0.004, ...},
           "delivered": [{"id": "listing.missing-photos", "at": "2026-11-20"}]}

        The text view is what a mentor reads: the tips the seller will see, escalations,
        the checklist by phase with status, what was held back and why, and problems with
        the input. --format json gives the same for machines: one Recommendations object,
        or for several snapshots a JSON array of them, in the order given.

        Exit status: 0 when every snapshot was evaluated (problems with individual signals
        are reported in the output), 1 when the rule set or a snapshot could not be read.

        EXAMPLES:
          coach eval Examples/new-seller-day-3.json
          coach eval --format json Examples/*.json
        """,
        arguments: [ArgumentSpec("SNAPSHOT", arity: .oneOrMore, help: "Seller snapshot files (.json, .yaml); - reads one from standard input.")],
        options: ruleSetOptions + [formatOption],
        run: runEval
    )

    @Sendable static func runEval(_ args: ParsedArguments, _ context: CommandContext) -> ExitCode {
        guard let rs = loadRuleSet(args, context) else { return .failure }
        let json = args.format == .json
        var failed = false
        // One snapshot, one object; several, one array: always a single JSON document.
        var stream = JSONStream()
        let many = args.positionals.count > 1
        if json, many { stream.beginArray() }
        for (n, path) in args.positionals.enumerated() {
            let snapshot: Snapshot
            // A file's warnings are placed (line and column) in both views; standard input's JSON
            // result keeps the bytes the C ABI gives for the same snapshot, whose have no place.
            switch readSnapshotReporting(path, rs, context, placingWarnings: !json || path != "-") {
            case .success(let s): snapshot = s
            case .failure(let error):
                failed = true
                // A snapshot that could not be read keeps its place, in the error form.
                if json { stream.value(error.json(context: [("file", .string(path))])) }
                continue
            }
            let r = rs.evaluate(snapshot)
            if json {
                r.write(to: &stream)
            } else {
                if n > 0 { context.stdout.write("\n" + String(repeating: "─", count: 60) + "\n\n") }
                context.stdout.write(r.text(color: context.stdoutColor))
            }
        }
        if json, many { stream.endArray() }
        if json, !stream.isEmpty {
            var bytes = stream.bytes
            bytes.append(0x0A)
            context.stdout.write(bytes: bytes)
        }
        return failed ? .failure : .success
    }
}
