// main.swift — `make bench`, serving speed: the 100-rule benchmark set (bench/Rules) over a
// synthetic population (bench/generate.py), phase by phase, each beside a reference measured
// in the same run: simdjson's own parse and walk for reading, the same rules hand-coded in
// Swift for evaluation. Prints figures and ratios; it is a benchmark, never a timed test.
//
//   coach-batch-bench POPULATION.jsonl [--coach PATH] [--root DIR] [--eval-sellers N]
//                     [--profile decide|every|full|hand|read|walk]

import CoachEngine
import CoachRules
import Dispatch
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

let options = BenchOptions(CommandLine.arguments)
let population = Population(path: options.population)
print("population: \(population.count) sellers, \(population.bytes / max(1, population.count)) bytes each on average (\(options.population))")
print("machine: \(Machine.description)")
print("")

// 1. Compile.
let (ruleSet, compileMs) = Bench.compile(options.root)
if let runner = options.profile {
    Bench.profile(runner, ruleSet, population, options)
    exit(0)
}
let scaling = Bench.compileScaling(options.root)
Report.section("compile")
Report.row("100 rules, load + compile", value: compileMs, unit: "ms", target: "< 50 ms", met: compileMs < 50)
for (count, ms) in scaling {
    Report.row("\(count) generated rules", value: ms, unit: "ms", target: count == 10_000 ? "< 1000 ms" : nil, met: count == 10_000 ? ms < 1000 : nil)
}
if let small = scaling.first, let large = scaling.last, small.1 > 0 {
    let ratio = large.1 / small.1, growth = Double(large.0) / Double(small.0)
    Report.note(String(format: "%d× the rules took %.1f× the time (linear: ≈ %.0f×)", Int(growth), ratio, growth))
}

// 2. Reading.
Report.section("snapshot reading, one thread")
let reader = SnapshotReader(ruleSet: ruleSet), parser = Reference.Parser()
let reading = Bench.alternating([
    { Bench.readPass(reader, population) },
    { Bench.pass(population) { line in Reference.walk(parser, line) } },
    { Bench.pass(population) { line in _ = try? reader.read(json: line) } },
])
let readUs = reading[0], walkUs = reading[1], droppedUs = reading[2]
Report.row("simdjson parse + walk (reference)", value: walkUs, unit: "µs/seller")
Report.row("coach SnapshotReader", value: readUs, unit: "µs/seller", ratio: readUs / walkUs, target: "≤ 2×", met: readUs / walkUs <= 2)
Report.note("as coach batch and the C ABI read: each snapshot's signals given back to the reader for the next seller")
Report.row("coach SnapshotReader, each snapshot dropped", value: droppedUs, unit: "µs/seller", ratio: droppedUs / walkUs)

// 3. Evaluation.
let snapshots = population.read(ruleSet: ruleSet, limit: options.evalSellers)
let handCoded = HandCoded(ruleSet: ruleSet)
let agreement = Agreement.check(ruleSet, handCoded, snapshots)
Report.section("evaluation of \(snapshots.count) sellers (decisions: what batch --output ids needs)")
Report.note(agreement.summary)
let oneThread = Bench.alternating([
    { Bench.evaluation(snapshots, threads: 1) { HandCodedRunner(handCoded) } },
    { Bench.evaluation(snapshots, threads: 1) { DecideRunner(ruleSet) } },
    { Bench.evaluation(snapshots, threads: 1) { FullRunner(ruleSet) } },
    { Bench.evaluation(snapshots, threads: 1) { DecideRunner(ruleSet, everyRule: true) } },
])
let refOne = oneThread[0], decideOne = oneThread[1], fullOne = oneThread[2], everyOne = oneThread[3]
let threads = Machine.cores
let allThreads = Bench.alternating([
    { Bench.evaluation(snapshots, threads: threads) { HandCodedRunner(handCoded) } },
    { Bench.evaluation(snapshots, threads: threads) { DecideRunner(ruleSet) } },
])
let refAll = allThreads[0], decideAll = allThreads[1]
Report.row("hand-coded Swift (reference), 1 thread", value: refOne, unit: "µs/seller")
// A reference that decides otherwise is no reference: the targets are then not judged.
let judged = agreement.differing.isEmpty
let evalTarget = judged ? "≤ 3×" : "≤ 3× (not judged: the reference decides otherwise)"
Report.row("coach decisions, 1 thread", value: decideOne, unit: "µs/seller", ratio: decideOne / refOne, target: evalTarget,
           met: judged ? decideOne / refOne <= 3 : nil)
Report.note("decisions leave a plain tip rule undecided once its tip could not be shown (the limits full); the reference decides every rule:")
Report.row("coach decisions, every rule decided, 1 thread", value: everyOne, unit: "µs/seller", ratio: everyOne / refOne)
Report.row("coach full result (with texts), 1 thread", value: fullOne, unit: "µs/seller", ratio: fullOne / refOne)
Report.row("hand-coded Swift (reference), \(threads) threads", value: refAll, unit: "µs/seller")
Report.row("coach decisions, \(threads) threads", value: decideAll, unit: "µs/seller", ratio: decideAll / refAll, target: evalTarget,
           met: judged ? decideAll / refAll <= 3 : nil)

// 4. End to end: the coach binary, as a user runs it.
if let coach = options.coach {
    Report.section("coach batch end to end (\(population.count) sellers, output to /dev/null)")
    // The reference's rate on as many threads as each run: its reading and its evaluation,
    // each measured on that many threads (the walk here, the evaluation above).
    let walkAll = threads > 1 ? Bench.alternating(passes: 3, [{ Bench.walkPass(population, threads: threads) }])[0] : walkUs
    var reference = [1: 1e6 / (walkUs + refOne)]
    reference[threads] = threads > 1 ? 1e6 / (walkAll + refAll) : reference[1]
    Report.note(String(format: "reference: simdjson walk + hand-coded evaluation = %.0f sellers/s on one thread", reference[1] ?? 0)
                + (threads > 1 ? String(format: ", %.0f on %d (%.2f× one thread)", reference[threads] ?? 0, threads,
                                        (reference[threads] ?? 0) / (reference[1] ?? 1)) : ""))
    Report.note("each run's ratio is to the reference on as many threads")
    Report.note("each the best of \(Batch.runsEach) runs, one thread and \(threads) taking turns (the peak memory the highest of them)")
    var idsOne = 0.0
    for (form, threadCount, run) in Batch.bestRuns(coach, options, threads: threads) {
        let rate = Double(population.count) / run.seconds
        var target: String?, met: Bool?
        if form == "ids", threadCount == 1 { idsOne = rate; target = "≥ 90,000/s"; met = rate >= 90_000 }
        if form == "ids", threadCount > 1, idsOne > 0 { target = "≥ 1.7× one thread"; met = rate >= 1.7 * idsOne }
        Report.row("--output \(form) --threads \(threadCount)", value: rate, unit: "sellers/s", ratio: (reference[threadCount] ?? .nan) / rate,
                   target: target, met: met)
        Report.note(String(format: "  peak memory %.0f MiB, %.2f s", Double(run.maxRSSKiB) / 1024, run.seconds)
                    + (threadCount > 1 && form == "ids" && idsOne > 0 ? String(format: ", %.2f× one thread", rate / idsOne) : ""))
    }
    // Memory: the reference holds no population either, so the measure is flatness, the
    // peak over the whole population against the peak over its first tenth.
    if let tenth = population.writePrefix(population.count / 10, to: options.tmp + "/population-tenth.jsonl"),
       let small = Batch.run(coach, options, form: "ids", threads: 1, input: tenth.path),
       let whole = Batch.run(coach, options, form: "ids", threads: 1) {
        Report.row("peak memory, --output ids, \(population.count) sellers", value: Double(whole.maxRSSKiB) / 1024, unit: "MiB",
                   ratio: Double(whole.maxRSSKiB) / Double(max(1, small.maxRSSKiB)), target: "flat (≈ 1× the tenth's)",
                   met: Double(whole.maxRSSKiB) <= 1.25 * Double(small.maxRSSKiB))
        Report.note(String(format: "  over the first %d sellers: %.0f MiB; the ratio is to that (streaming: memory does not grow with the population)",
                           tenth.count, Double(small.maxRSSKiB) / 1024))
    }
}
print("")
print("ratios are coach's time over the reference's (lower is better; for sellers/s, the reference's rate over coach's)")
