// RuleSetOptions.swift — the options every rule-set command shares, and loading with them.

import CoachEngine
import CoachRules
import CoachSource

extension Commands {
    /// `--rules` and `--playbooks`.
    static let ruleSetOptions: [OptionSpec] = [
        .value("rules", "DIR", default: "Rules", help: "The rule set's directory (manifest, signal catalog, rule files)."),
        .value("playbooks", "DIR", default: "Playbooks", help: "The playbooks' directory."),
    ]

    /// `--format text|json`.
    static let formatOption = OptionSpec.value("format", short: "f", "FORMAT", allowed: ["text", "json"], default: "text",
                                                help: "Output format.")

    /// Loads the rule set named by the options; reports problems and returns `nil` on failure.
    static func loadRuleSet(_ args: ParsedArguments, _ context: CommandContext) -> RuleSet? {
        do {
            let ruleSet = try RuleSetLoader.load(rules: args.value("rules", default: "Rules") ?? "Rules",
                                                 playbooks: args.value("playbooks", default: "Playbooks") ?? "Playbooks")
            return ruleSet
        } catch {
            context.report(error.diagnostics)
            let errors = error.diagnostics.filter { $0.severity == .error }.count
            context.stderr.write("\(errors) error\(errors == 1 ? "" : "s"): the rule set was not loaded\n")
            return nil
        }
    }

    /// Reads a snapshot file; reports problems and returns `nil` on failure.
    static func readSnapshot(_ path: String, _ ruleSet: RuleSet, _ context: CommandContext) -> Snapshot? {
        do {
            return try SnapshotReader(ruleSet: ruleSet).read(path: path)
        } catch {
            context.report(error.diagnostics)
            return nil
        }
    }
}
