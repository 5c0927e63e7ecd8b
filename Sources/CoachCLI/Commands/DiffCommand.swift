// DiffCommand.swift — `coach diff`: who gains or loses which tips, escalations and checklist
// items when a rule set changes, over a population; or against saved results.

import CoachEngine
@_spi(Streaming) import CoachJSON
import CoachRules
import CoachSource

extension Commands {
    static let diff = CommandSpec(
        name: "diff",
        abstract: "Show which sellers of a population a rule-set change affects, and how.",
        discussion: """
        Evaluates every seller of POPULATION (JSON Lines, as `coach batch` reads) with the
        rule set of --rules/--playbooks and compares what each is given with the base:
        either another rule set (--base OLD_RULES, with --base-playbooks, which defaults to
        --playbooks), or saved `coach batch` results (--against RESULTS.jsonl, either
        --output form, matched by seller id).

        For every change — a tip or escalation gained or lost, a checklist item gained,
        lost or changing status — it shows how many sellers see it, their share, the
        categories they are in and a few sample seller ids; then the sellers changed per
        category. --format json gives the same to tools.

        Exit status: 0; with --fail-on-change, 1 when any seller sees a change or some
        sellers could not be compared (for a rules repository's CI); 1 when a rule set or
        the saved results cannot be read; 64 for a wrong command line.

        EXAMPLES:
          coach diff --base ../rules-main/Rules Examples/population.jsonl
          coach diff --against approved.jsonl --fail-on-change Examples/population.jsonl
        """,
        arguments: [ArgumentSpec("POPULATION", help: "JSON Lines snapshots; - for standard input.")],
        options: ruleSetOptions + [
            .value("base", "DIR", help: "The rule set before the change."),
            .value("base-playbooks", "DIR", help: "The playbooks before the change (default: --playbooks)."),
            .value("against", "FILE", help: "Saved `coach batch` results to compare with, instead of --base."),
            formatOption,
            .flag("fail-on-change", help: "Exit 1 when any seller sees a change."),
            .integer("threads", short: "j", "N", range: 1...1024, help: "Threads to evaluate with (default: all cores)."),
        ],
        run: runDiff
    )

    @Sendable static func runDiff(_ args: ParsedArguments, _ context: CommandContext) -> ExitCode {
        let basePath = args.value("base"), against = args.value("against")
        guard (basePath == nil) != (against == nil) else {
            context.stderr.write("error: give the version to compare with: --base OLD_RULES or --against RESULTS.jsonl (one of them)\n")
            return .usage
        }
        if against != nil, args.isGiven("base-playbooks") {
            context.stderr.write("error: --base-playbooks goes with --base\n")
            return .usage
        }
        let threads = threadCount(args)
        guard let rs = loadRuleSet(args, context) else { return .failure }
        let newSide = DiffReport.Side(label: args.text("rules"), ruleSet: rs)
        let base: DiffBase, baseSide: DiffReport.Side
        var saved = SavedResults()
        if let basePath {
            let playbooks = args.value("base-playbooks") ?? args.text("playbooks")
            let options = ("--base", args.isGiven("base-playbooks") ? "--base-playbooks" : "--playbooks")
            guard let old = loadRuleSet(rules: basePath, playbooks: playbooks, json: args.format == .json, options: options, context) else { return .failure }
            base = .ruleSet(old)
            baseSide = DiffReport.Side(label: basePath, ruleSet: old)
        } else {
            guard let path = against, let loaded = SavedResults.load(path, context) else {
                // A script reading the JSON learns why there is no report, as for a rule set
                // that does not load.
                if args.format == .json, let path = against {
                    let refused = DiagnosticError([.error("\(path) could not be read as `coach batch` results (see standard error)", code: .diffSaved)])
                    context.stdout.write(JSONWriter().write(refused.json(context: [("against", .string(path))])) + "\n")
                }
                return .failure
            }
            saved = loaded
            base = .saved(loaded.outcomes, errorLines: loaded.errorLines)
            baseSide = DiffReport.Side(label: path, ruleSet: nil)
        }
        guard let population = PopulationRun(input: args.positionals.first ?? "-", outPath: nil, context) else { return .failure }
        let ruleSets = BatchRunner.ruleSets(rs), name = population.inputName
        let baseSets: ((Int) -> RuleSet)? = if case .ruleSet(let old) = base { BatchRunner.ruleSets(old) } else { nil }
        let runner = BatchRunner(threads: threads, shard: .all) { t in
            DiffWorker(ruleSet: ruleSets(t), base: baseSets.map { .ruleSet($0(t)) } ?? base, inputName: name)
        }
        guard population.run(runner) else { return .failure }
        let report = diffReport(runner.workers.compactMap { $0 as? DiffWorker }, base: baseSide, new: newSide, saved: saved, context)
        population.sink.write(args.format == .json ? JSONWriter().write(report.json) + "\n" : report.text)
        guard population.finish() else { return .failure }
        // A line neither side reads is the same on both (no change), but a population of which
        // no seller at all was compared (none readable, or none given: an empty export) has
        // checked nothing: a gate must not pass on it.
        let nothingCompared = report.diff.compared == 0
        let incomplete = report.oneSided > 0 || report.unmatched > 0 || report.savedNotInPopulation > 0 || report.repeatedSellers > 0
            || nothingCompared
        guard args.flag("fail-on-change") else { return .success }
        if nothingCompared {
            context.report([.error("no seller was compared, so --fail-on-change fails: it checked nothing",
                                   hint: "check that the population file holds snapshots, one per line", code: .diffNothingCompared)])
        }
        return report.anyChange || incomplete ? .failure : .success
    }

    /// The workers' diffs merged, with what could not be compared (named on standard error).
    private static func diffReport(_ workers: [DiffWorker], base: DiffReport.Side, new: DiffReport.Side, saved: SavedResults,
                                   _ context: CommandContext) -> DiffReport {
        var diff = PopulationDiff()
        var baseProblems = LineProblems(), newProblems = LineProblems(), unmatched = LineProblems()
        var matched: [SellerKey: Int] = [:]  // seller id → the first line naming it
        var repeats: [(id: String, line: Int)] = []
        var oneSided = 0
        for w in workers {
            oneSided += w.oneSided
            diff.merge(w.diff)
            baseProblems.merge(w.baseProblems)
            newProblems.merge(w.newProblems)
            unmatched.merge(w.unmatched)
            repeats += w.repeats
            // A seller two workers each met first: the later of their lines repeats it.
            for (key, line) in w.matched {
                guard let first = matched[key] else { matched[key] = line; continue }
                repeats.append((String(decoding: key.utf8, as: UTF8.self), max(first, line)))
                matched[key] = min(first, line)
            }
        }
        var report = DiffReport(base: base, new: new, diff: diff)
        report.baseUnreadable = baseProblems.count
        report.newUnreadable = newProblems.count
        report.unmatched = unmatched.count
        report.savedErrorRecords = saved.errorRecords
        report.oneSided = oneSided
        let notInPopulation = saved.outcomes.filter { matched[$0.key] == nil }.map(\.value.seller).sorted()
        report.savedNotInPopulation = notInPopulation.count
        if !notInPopulation.isEmpty {
            context.stderr.write("saved results for sellers not in the population: " + notInPopulation.prefix(10).joined(separator: ", ")
                                 + (notInPopulation.count > 10 ? ", … and \(notInPopulation.count - 10) more" : "") + "\n")
        }
        if baseProblems.count > 0 { context.stderr.write("unreadable by the base rule set:\n" + baseProblems.report) }
        if newProblems.count > 0 { context.stderr.write("unreadable by the new rule set:\n" + newProblems.report) }
        if unmatched.count > 0 { context.stderr.write(unmatched.report) }
        report.repeatedSellers = repeats.count
        var repeated = LineProblems()
        for r in repeats.sorted(by: { $0.line < $1.line }) {
            let first = matched[SellerKey(r.id)] ?? r.line
            repeated.add(line: r.line, [.error("seller '\(r.id.clipped(to: 100))' is given again (first on line \(first)): saved results are matched by seller id, "
                                               + "so this snapshot was compared with the result saved for the seller", code: .diffUnmatched)])
        }
        if repeated.count > 0 { context.stderr.write(repeated.report) }
        return report
    }
}

extension DiffWorker: LineProcessor {
    func process(line: UnsafeRawBufferPointer, number: Int, into out: inout [UInt8]) -> Bool { process(line: line, number: number) }

    func tooLong(line number: Int, limit: Int, into out: inout [UInt8]) {
        unreadable(line: number, [BatchWorker.tooLongDiagnostic(limit: limit)])
    }
}
