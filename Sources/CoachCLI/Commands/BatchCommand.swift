// BatchCommand.swift — `coach batch`: a population of snapshots (JSON Lines) in, one result
// per line out, in input order, streaming.

import CoachEngine
@_spi(Streaming) import CoachJSON
import CoachRules
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

extension Commands {
    static let batch = CommandSpec(
        name: "batch",
        abstract: "Evaluate a population: JSON Lines snapshots in, one JSON result per line out.",
        discussion: """
        Reads one JSON snapshot per line (from FILE, or standard input when FILE is - or not
        given) and writes one JSON result per line, in input order, to standard output or
        --out FILE. Memory stays flat whatever the population size: the input is read and
        written in chunks.

        --output full writes the same object as `coach eval --format json`; --output ids
        writes {"seller", "tips", "escalations", "checklist": {status: [ids]}} for population
        work where texts are not needed.

        A line that cannot be read gives an error record in its place,
        {"line": N, "error": "...", "diagnostics": [...]}, and processing goes on. Blank
        lines are skipped. --shard K/N takes only seller lines K, K+N, K+2N, ... (numbered
        from 1, blank lines not counted), so a population can be split across processes or
        machines; line numbers in error records stay those of the whole input.

        When standard error is a terminal, a progress line shows sellers done, sellers per
        second and errors.

        --summary writes, instead of a result per seller, how often each rule fired, was
        held back (by reason) and was skipped (by missing signal), with shares of the
        population; tips per area; escalations per route and severity; and each checklist
        item's sellers per status, per phase. --by category adds the same per seller
        category; --format json gives it to tools. Only the counts are kept in memory.
        Unreadable lines are counted, and the first few named on standard error.

        Exit status: 0 when every line was evaluated, 1 when any line could not be read (or
        the rule set could not be loaded), 64 for a wrong command line.

        EXAMPLES:
          coach batch population.jsonl --out results.jsonl
          coach batch --output ids --threads 2 < population.jsonl
          coach batch --shard 3/8 population.jsonl > part-3.jsonl
          coach batch --summary --by category Examples/population.jsonl
        """,
        arguments: [ArgumentSpec("FILE", arity: .optional, help: "JSON Lines snapshots; - or none for standard input.")],
        options: ruleSetOptions + [
            .value("out", short: "o", "FILE", help: "Write results to FILE instead of standard output (- is standard output)."),
            .value("output", "FORM", allowed: BatchOutputForm.allCases.map(\.rawValue), default: "full",
                   help: "What to write per seller: the full result, or ids only."),
            .integer("threads", short: "j", "N", range: 1...1024, help: "Threads to evaluate with (default: all cores). The output order is kept."),
            .value("shard", "K/N", help: "Process only shard K of N (seller lines K, K+N, ..., blank ones not counted)."),
            .flag("summary", help: "Write counts over the population instead of a result per seller."),
            .value("format", short: "f", "FORMAT", allowed: OutputFormat.allCases.map(\.rawValue), default: "text", help: "The summary's format."),
            .value("by", "FIELD", allowed: ["category"], help: "Break the summary down by seller category."),
        ],
        run: runBatch
    )

    @Sendable static func runBatch(_ args: ParsedArguments, _ context: CommandContext) -> ExitCode {
        guard let settings = BatchSettings(args, context) else { return .usage }
        guard let rs = loadRuleSet(args, context) else { return .failure }
        guard let population = PopulationRun(input: settings.input, outPath: settings.outPath, context) else { return .failure }
        let ruleSets = BatchRunner.ruleSets(rs)
        let name = population.inputName
        if settings.summary {
            let runner = BatchRunner(threads: settings.threads, shard: settings.shard) { t in
                SummaryWorker(ruleSet: ruleSets(t), byCategory: settings.byCategory, inputName: name)
            }
            guard population.run(runner) else { return .failure }
            var summary = PopulationSummary(ruleSet: rs, byCategory: settings.byCategory)
            var problems = LineProblems()
            for case let w as SummaryWorker in runner.workers {
                summary.merge(w.summary)
                problems.merge(w.problems)
            }
            if settings.json {
                population.sink.write(JSONWriter().write(summary.json) + "\n")
            } else {
                population.sink.write(summary.text)
            }
            context.stderr.write(problems.report)
            guard population.finish() else { return .failure }
            return problems.count > 0 ? .failure : .success
        }
        let runner = BatchRunner(threads: settings.threads, shard: settings.shard) { t in
            let worker = BatchWorker(ruleSet: ruleSets(t), form: settings.form, inputName: name)
            worker.paddedLines = LineReader.linesArePadded(for: SnapshotReader.padding)
            return worker
        }
        guard population.run(runner), population.finish() else { return .failure }
        return runner.failed > 0 ? .failure : .success
    }
}

/// The options of `coach batch`, checked.
struct BatchSettings {
    var input: String
    var outPath: String?
    var form: BatchOutputForm
    var threads: Int
    var shard: Shard
    /// `--summary`: counts instead of a result per seller; `--format json`; `--by category`.
    var summary: Bool
    var json: Bool
    var byCategory: Bool

    init?(_ args: ParsedArguments, _ context: CommandContext) {
        input = args.positionals.first ?? "-"
        // `--out -` is standard output, as an input of `-` is standard input.
        outPath = args.value("out").flatMap { $0 == "-" ? nil : $0 }
        form = args.choice("output", as: BatchOutputForm.self) ?? .full
        shard = .all
        summary = args.flag("summary")
        json = args.format == .json
        byCategory = args.value("by") == "category"
        if !summary, args.isGiven("by") || args.isGiven("format") {
            context.stderr.write("error: --by and --format go with --summary (a result per seller is always JSON)\n")
            return nil
        }
        if summary, args.isGiven("output") {
            context.stderr.write("error: --output chooses what is written per seller; --summary writes counts instead\n")
            return nil
        }
        threads = Commands.threadCount(args)
        if let text = args.value("shard") {
            guard let s = Shard(parsing: text) else {
                context.stderr.write("error: --shard takes K/N with 1 ≤ K ≤ N (for example 2/8), not '\(text)'\n")
                return nil
            }
            shard = s
        }
    }
}
