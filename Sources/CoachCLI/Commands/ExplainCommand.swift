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
        let ruleID = args.value("rule")
        if let ruleID, rs.rule(ruleID) == nil {
            context.report([.error("no rule with id '\(ruleID)'",
                                   hint: Suggestions.didYouMean(ruleID, in: rs.rules.map(\.id)) ?? "without --rule, coach explain explains every rule, each by its id",
                                   code: .cliUnknownRule)])
            return .failure
        }
        guard let path = args.positionals.first, let snapshot = readSnapshot(path, rs, context) else { return .failure }
        let explanation = rs.explain(snapshot, rule: ruleID)
        if args.format == .json {
            context.stdout.write(JSONWriter().write(explanation.json) + "\n")
        } else {
            context.stdout.write(explanation.text(color: context.stdoutColor))
        }
        return .success
    }
}
