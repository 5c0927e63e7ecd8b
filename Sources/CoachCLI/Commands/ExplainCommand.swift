// ExplainCommand.swift — `coach explain`: why each rule fired, did not, or was held back.

import CoachEngine
@_spi(Streaming) import CoachJSON
import CoachSource

extension Commands {
    static let explain = CommandSpec(
        name: "explain",
        abstract: "Explain, rule by rule, why it fired, did not fire, was skipped or held back.",
        discussion: """
        For each rule (or only --rule ID): the outcome — fired, not fired, skipped (and which
        signal was missing), held back (and by what) — its condition tree with the value of
        every leaf, and the value of every signal it read.

        EXAMPLES:
          coach explain Examples/no-sale-day-25.json
          coach explain Examples/no-sale-day-25.json --rule escalate.no-first-sale
        """,
        arguments: [ArgumentSpec("SNAPSHOT", help: "A seller snapshot file (.json, .yaml).")],
        options: ruleSetOptions + [.value("rule", "ID", help: "Explain only this rule."), formatOption],
        run: runExplain
    )

    @Sendable static func runExplain(_ args: ParsedArguments, _ context: CommandContext) -> ExitCode {
        guard let rs = loadRuleSet(args, context) else { return .failure }
        let ruleID = args.value("rule"), json = args.format == .json
        // Refused input is also written in the error form with --format json, as `coach eval`
        // and the C ABI's `coach_explain` give it: a script reading the output learns why
        // there is no explanation.
        func refuse(_ error: DiagnosticError, naming: [(String, JSONValue)] = []) -> ExitCode {
            if json { context.stdout.write(JSONWriter().write(error.json(context: naming)) + "\n") }
            return .failure
        }
        if let ruleID, rs.rule(ruleID) == nil {
            let error = DiagnosticError(.error("no rule with id '\(ruleID.clipped(to: 200))'",
                                               hint: Suggestions.didYouMean(ruleID, in: rs.rules.map(\.id)) ?? "without --rule, coach explain explains every rule, each by its id",
                                               code: .cliUnknownRule))
            context.report(error.diagnostics)
            return refuse(error)
        }
        guard let path = args.positionals.first else { return .failure }
        let snapshot: Snapshot
        switch readSnapshotReporting(path, rs, context, placingWarnings: true) {
        case .success(let s): snapshot = s
        case .failure(let error): return refuse(error, naming: [("file", .string(path))])
        }
        let explanation = rs.explain(snapshot, rule: ruleID)
        if json {
            context.stdout.write(JSONWriter().write(explanation.json) + "\n")
        } else {
            context.stdout.write(explanation.text(color: context.stdoutColor))
            // The result's warnings and notes (a misspelt id in the seller's state, a date past
            // as_of) on standard error, as a compiler gives them: a mentor asking why a
            // dismissed tip is back learns the dismissal named no rule. JSON holds them.
            // The skipped rules and items are the explanation's own lines (SKIPPED …).
            context.report(explanation.recommendations.diagnostics.filter { $0.kind != .ruleSkipped && $0.kind != .itemSkipped })
        }
        return .success
    }
}
