// LintCommand.swift — `coach lint`: warnings about rules that load but are probably wrong.

import CoachAuthoring
@_spi(Streaming) import CoachJSON
import CoachRules

extension Commands {
    static let lint = CommandSpec(
        name: "lint",
        abstract: "Warn about rules that load but are probably wrong.",
        discussion: """
        Warnings, each with its position, a hint and a code:
          never-true / always-true   a condition the catalog's ranges decide, or bounds
                                     that contradict each other (x > 5 and x < 3)
          outranked                  a tip a group mate always beats
          int-division               a / b of two ints compared with a double
          unused-signal, unused-param, unused-resource
          tip-without-action, tip-without-learn
          mutual-inhibition          two rules that inhibit each other
          escalation-without-cooldown  an escalation raised again on every evaluation
          text-too-long              title over 100, body over 600, action over 160 characters

        To keep a warning on purpose, name its code in the rule:  lint_allow: [outranked]
        (not the unused-* ones, which are about a catalog entry, not a rule).

        Exit status: 0 (1 with --strict when there are warnings; 1 when the rule set does
        not load).

        EXAMPLES:
          coach lint
          coach lint --strict
        """,
        options: ruleSetOptions + [.flag("strict", help: "Exit 1 when there are warnings."), formatOption],
        run: runLint
    )

    @Sendable static func runLint(_ args: ParsedArguments, _ context: CommandContext) -> ExitCode {
        guard let rs = loadRuleSet(args, context) else { return .failure }
        let warnings = Linter(ruleSet: rs).run()
        if args.format == .json {
            context.stdout.write(JSONWriter().write(.object([("warnings", .array(warnings.map(\.json)))])) + "\n")
        } else {
            // Each warning shows its code: what `lint_allow` names to keep it quiet.
            var renderer = context.diagnosticRenderer
            renderer.showsCode = true
            if !warnings.isEmpty { context.stderr.writeStyled(renderer.render(warnings)) }
            context.stdout.write(warnings.isEmpty ? "no warnings\n" : "\(warnings.count) warning\(warnings.count == 1 ? "" : "s")\n")
        }
        return args.flag("strict") && !warnings.isEmpty ? .failure : .success
    }
}
