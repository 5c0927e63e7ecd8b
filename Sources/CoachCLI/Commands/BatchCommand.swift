// BatchCommand.swift — `coach batch`: a population of snapshots (JSON Lines) in, one result
// per line out, in input order, streaming.

import CoachEngine
import CoachJSON
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
        lines are skipped. --shard K/N takes only lines K, K+N, K+2N, ... (numbered from 1),
        so a population can be split across processes or machines; line numbers in error
        records stay those of the whole input.

        When standard error is a terminal, a progress line shows sellers done, sellers per
        second and errors.

        Exit status: 0 when every line was evaluated, 1 when any line could not be read (or
        the rule set could not be loaded), 64 for a wrong command line.

        EXAMPLES:
          coach batch population.jsonl --out results.jsonl
          coach batch --output ids --threads 2 < population.jsonl
          coach batch --shard 3/8 population.jsonl > part-3.jsonl
        """,
        arguments: [ArgumentSpec("FILE", arity: .optional, help: "JSON Lines snapshots; - or none for standard input.")],
        options: ruleSetOptions + [
            .value("out", short: "o", "FILE", help: "Write results to FILE instead of standard output."),
            .value("output", "FORM", allowed: BatchOutputForm.allCases.map(\.rawValue), default: "full",
                   help: "What to write per seller: the full result, or ids only."),
            .value("threads", short: "j", "N", help: "Threads to evaluate with (default: all cores). The output order is kept."),
            .value("shard", "K/N", help: "Process only shard K of N (lines K, K+N, ...)."),
        ],
        run: runBatch
    )

    @Sendable static func runBatch(_ args: ParsedArguments, _ context: CommandContext) -> ExitCode {
        guard let settings = BatchSettings(args, context) else { return .usage }
        guard let rs = loadRuleSet(args, context) else { return .failure }
        let input = settings.input
        let fd: Int32 = input == "-" ? 0 : open(input, O_RDONLY)
        guard fd >= 0 else {
            context.stderr.write("error: cannot open \(input): \(String(cString: strerror(errno)))\n")
            return .failure
        }
        defer { if fd != 0 { close(fd) } }
        var sink: OutputSink = context.stdout
        if let path = settings.outPath {
            let out = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
            guard out >= 0 else {
                context.stderr.write("error: cannot write \(path): \(String(cString: strerror(errno)))\n")
                return .failure
            }
            sink = FileDescriptorOutput(fd: out, closing: true)
        }
        let runner = BatchRunner(ruleSet: rs, form: settings.form, inputName: input == "-" ? "<stdin>" : input,
                                 threads: settings.threads, shard: settings.shard)
        let reader = LineReader(fd: fd)
        let progress = context.stderrIsTerminal ? ProgressLine(sink: context.stderr) : nil
        var lines: [InputLine] = []
        while reader.next(&lines, { bytes, lines in runner.run(bytes, lines) { sink.write(bytes: $0) } }) {
            progress?.update(done: runner.done, failed: runner.failed)
            if (sink as? FileDescriptorOutput)?.failed == true { break }
        }
        progress?.finish(done: runner.done, failed: runner.failed)
        if let failure = reader.failure {
            context.stderr.write("error: reading \(input) failed: \(failure)\n")
            return .failure
        }
        let file = sink as? FileDescriptorOutput
        if settings.outPath != nil { file?.close() }
        if let failure = file?.failure {
            context.stderr.write("error: writing the results\(settings.outPath.map { " to \($0)" } ?? "") failed: \(failure)\n")
            return .failure
        }
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

    init?(_ args: ParsedArguments, _ context: CommandContext) {
        input = args.positionals.first ?? "-"
        outPath = args.value("out")
        form = BatchOutputForm(rawValue: args.value("output", default: "full") ?? "full") ?? .full
        shard = .all
        threads = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        if let text = args.value("threads") {
            guard let n = Int(text), n >= 1, n <= 1024 else {
                context.stderr.write("error: --threads takes a number of threads from 1 to 1024, not '\(text)'\n")
                return nil
            }
            threads = n
        }
        if let text = args.value("shard") {
            guard let s = Shard(parsing: text) else {
                context.stderr.write("error: --shard takes K/N with 1 ≤ K ≤ N (for example 2/8), not '\(text)'\n")
                return nil
            }
            shard = s
        }
    }
}
