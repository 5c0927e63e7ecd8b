// CheckCommand.swift — `coach check`: load and check a rule set, report every problem.

@_spi(Streaming) import CoachJSON
import CoachRules
import CoachSource

extension Commands {
    static let check = CommandSpec(
        name: "check",
        abstract: "Load and check the rule set and playbooks; report every problem.",
        discussion: """
        Reads every file of the rule set, checks every reference and type-checks every
        expression and template against the signal catalog. All problems in all files are
        reported in one run, each with its file, line and column.

        Exit status: 0 when the rule set loads (warnings are printed but do not fail),
        1 when it has errors.

        EXAMPLES:
          coach check
          coach check --rules my-rules --playbooks my-playbooks --format json
        """,
        options: ruleSetOptions + [formatOption],
        run: runCheck
    )

    @Sendable static func runCheck(_ args: ParsedArguments, _ context: CommandContext) -> ExitCode {
        let json = args.format == .json
        do {
            let rs = try RuleSetLoader.load(rules: args.text("rules"),
                                            playbooks: args.text("playbooks"))
            if json {
                context.stdout.write(JSONWriter().write(.object([
                    ("ok", .bool(true)), ("summary", summary(rs)), ("diagnostics", .array(rs.warnings.map(\.json))),
                ])) + "\n")
            } else {
                if !rs.warnings.isEmpty { context.report(rs.warnings) }
                let tips = rs.rules.filter { $0.tip != nil }.count
                let escalations = rs.rules.filter { $0.escalation != nil }.count
                context.stdout.write("""
                    ok: \(rs.manifest.name) \(rs.manifest.version) [\(rs.fingerprint)]
                      \(counted(rs.rules.count, "rule")) (\(counted(tips, "tip")), \(counted(escalations, "escalation"))), \(counted(rs.definitions.count, "definition")), \(counted(rs.catalog.signals.count, "signal"))
                      \(counted(rs.playbooks.count, "playbook")), \(counted(rs.items.count, "checklist item")), \(counted(rs.resources.count, "resource"))
                      \(rs.warnings.isEmpty ? "no warnings" : "\(rs.warnings.count) warning\(rs.warnings.count == 1 ? "" : "s")")

                    """)
            }
            return .success
        } catch {
            let diagnostics = withOptionHints(error.diagnostics)
            // On standard error as text in either format, as every command reports a rule set
            // it cannot load; with --format json, also as JSON on standard output.
            reportNotLoaded(diagnostics, context)
            if json {
                context.stdout.write(JSONWriter().write(.object([
                    ("ok", .bool(false)), ("diagnostics", .array(diagnostics.map(\.json))),
                ])) + "\n")
            }
            return .failure
        }
    }


    static func summary(_ rs: RuleSet) -> JSONValue {
        .object([
            ("name", .string(rs.manifest.name)), ("version", .string(rs.manifest.version)), ("fingerprint", .string(rs.fingerprint)),
            ("rules", .int(Int64(rs.rules.count))), ("definitions", .int(Int64(rs.definitions.count))),
            ("signals", .int(Int64(rs.catalog.signals.count))), ("playbooks", .int(Int64(rs.playbooks.count))),
            ("items", .int(Int64(rs.items.count))), ("resources", .int(Int64(rs.resources.count))),
        ])
    }
}
