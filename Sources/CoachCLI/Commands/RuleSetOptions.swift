// RuleSetOptions.swift — the options every rule-set command shares, and loading with them.

import CoachEngine
@_spi(Streaming) import CoachJSON
import CoachRules
import CoachSource
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

extension Commands {
    /// `--rules` and `--playbooks`.
    static let ruleSetOptions: [OptionSpec] = [
        .value("rules", "DIR", default: "Rules", help: "The rule set's directory (manifest, signal catalog, rule files)."),
        .value("playbooks", "DIR", default: "Playbooks", help: "The playbooks' directory."),
    ]

    /// `--format text|json`.
    static let formatOption = OptionSpec.value("format", short: "f", "FORMAT", allowed: OutputFormat.allCases.map(\.rawValue), default: "text",
                                                help: "Output format.")

    /// Loads the rule set named by the options; reports problems and returns `nil` on failure.
    static func loadRuleSet(_ args: ParsedArguments, _ context: CommandContext) -> RuleSet? {
        loadRuleSet(rules: args.text("rules"),
                    playbooks: args.text("playbooks"), json: args.format == .json, context)
    }

    /// Loads the rule set in `rules` and `playbooks`; reports problems and returns `nil` on
    /// failure. With `json` (a command given `--format json`), the problems are also written
    /// to standard output in the error form, `{"rules": …, "error": …, "diagnostics": […]}`,
    /// so that a script reading the output learns why there is no result.
    /// A missing folder's hint names the option that gives it (`options`: `--rules` and
    /// `--playbooks`, or `coach diff`'s `--base` and `--base-playbooks`).
    static func loadRuleSet(rules: String, playbooks: String, json: Bool, options: (rules: String, playbooks: String) = ("--rules", "--playbooks"),
                            _ context: CommandContext) -> RuleSet? {
        do {
            return try RuleSetLoader.load(rules: rules, playbooks: playbooks)
        } catch {
            let error = DiagnosticError(withOptionHints(error.diagnostics, options))
            reportNotLoaded(error.diagnostics, context)
            if json { context.stdout.write(JSONWriter().write(error.json(context: [("rules", .string(rules))])) + "\n") }
            return nil
        }
    }

    /// `diagnostics` with a missing folder's hint naming the command's option for it.
    static func withOptionHints(_ diagnostics: [Diagnostic],
                                _ options: (rules: String, playbooks: String) = ("--rules", "--playbooks")) -> [Diagnostic] {
        diagnostics.map { d in
            guard d.kind == .rulesNoDirectory else { return d }
            var d = d
            let option = d.message.hasPrefix("rules ") ? options.rules : options.playbooks
            d.hint = "pass \(option) DIR, or run from the folder holding Rules/ and Playbooks/"
            return d
        }
    }

    /// The problems that kept a rule set from loading, and the line that sums them up.
    static func reportNotLoaded(_ diagnostics: [Diagnostic], _ context: CommandContext) {
        context.report(diagnostics)
        let errors = diagnostics.filter { $0.severity == .error }.count
        context.stderr.write("\(errors) error\(errors == 1 ? "" : "s"): the rule set was not loaded\n")
    }

    /// `--threads N` (1 to 1024, checked when the command line was read), or all cores.
    static func threadCount(_ args: ParsedArguments) -> Int {
        args.integer("threads") ?? max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    }

    /// Reads a snapshot file; reports problems and returns `nil` on failure.
    static func readSnapshot(_ path: String, _ ruleSet: RuleSet, _ context: CommandContext) -> Snapshot? {
        try? readSnapshotReporting(path, ruleSet, context, placingWarnings: true).get()
    }

    /// Reads a snapshot file; problems are reported, and returned for a JSON record of them.
    /// `placingWarnings`: an accepted JSON snapshot's warnings get lines and columns (off only
    /// for a JSON result of standard input, which keeps the C ABI's bytes, whose have none).
    static func readSnapshotReporting(_ path: String, _ ruleSet: RuleSet, _ context: CommandContext,
                                      placingWarnings: Bool) -> Result<Snapshot, DiagnosticError> {
        do {
            return .success(try SnapshotReader(ruleSet: ruleSet).read(path: path, placingWarnings: placingWarnings))
        } catch {
            context.report(error.diagnostics)
            return .failure(error)
        }
    }
}
