// main.swift — `make bench`: microseconds per seller snapshot to read (simdjson into the
// engine's values) and to evaluate, on the shipped rules and Examples/. A benchmark that
// prints figures, never a test that fails on time.

import CoachEngine
@_spi(Streaming) import CoachJSON
import CoachRules
import Dispatch
import Foundation

func microseconds(_ iterations: Int, _ body: () -> Void) -> Double {
    body()  // warm up
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<iterations { body() }
    return Double(DispatchTime.now().uptimeNanoseconds - start) / Double(iterations) / 1000
}

func format(_ d: Double) -> String { String(format: "%8.2f", d) }

let root = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "."
let loadStart = DispatchTime.now().uptimeNanoseconds
let ruleSet: RuleSet
do {
    ruleSet = try RuleSet.load(rules: root + "/Rules", playbooks: root + "/Playbooks")
} catch {
    print("cannot load the rule set: \(error)")
    exit(1)
}
let loadMs = Double(DispatchTime.now().uptimeNanoseconds - loadStart) / 1e6
print("rule set: \(ruleSet.rules.count) rules, \(ruleSet.definitions.count) definitions, \(ruleSet.items.count) checklist items; loaded and compiled in \(String(format: "%.1f", loadMs)) ms")
print("")
print("read: the snapshot read; eval: evaluated into a result made as values (as `coach eval` and explain do);")
print("both: read, then eval; +JSON: read, evaluated and written as JSON in one pass, with no values made (as")
print("`coach batch --output full` and the C ABI do, so it can take less than both); Foundation: JSONSerialization's read")
print("")
print("snapshot                        bytes   read µs   eval µs  both µs  +JSON µs   Foundation read µs")

let examples = ((try? FileManager.default.contentsOfDirectory(atPath: root + "/Examples")) ?? []).filter { $0.hasSuffix(".json") }.sorted()
let reader = SnapshotReader(ruleSet: ruleSet)
let evaluator = Evaluator(ruleSet: ruleSet)
var totals = (read: 0.0, eval: 0.0, all: 0.0, n: 0)
// One stream for every result, emptied for each, as `coach batch` and the C ABI keep one per
// thread (until the third session of 2026-12-06 each iteration made a 48 KiB stream and
// copied its bytes out into an array).
var stream = JSONStream(indent: nil, capacity: 48 << 10)
for name in examples {
    guard let data = FileManager.default.contents(atPath: root + "/Examples/" + name) else { continue }
    let bytes = [UInt8](data)
    guard let snapshot = try? reader.read(json: bytes) else { continue }
    let iterations = Int(ProcessInfo.processInfo.environment["BENCH_ITERATIONS"] ?? "") ?? 20_000
    // BENCH_ONLY=read, eval or all runs one part, for profiling.
    let only = ProcessInfo.processInfo.environment["BENCH_ONLY"]
    let read = only != nil && only != "read" ? 0 : microseconds(iterations) { _ = try? reader.read(json: bytes) }
    let eval = only != nil && only != "eval" ? 0 : microseconds(iterations) { _ = evaluator.evaluate(snapshot) }
    let both = only != nil ? 0 : microseconds(iterations) { if let s = try? reader.read(json: bytes) { _ = evaluator.evaluate(s) } }
    // What `coach batch --output full` does per seller: read (into the last seller's signals,
    // given back by the evaluator), evaluate, write the JSON line.
    let all = only != nil && only != "all" ? 0 : microseconds(iterations) {
        reader.recycle(signals: evaluator.releaseSignals())
        if let s = try? reader.read(json: bytes) {
            stream.reset()
            evaluator.evaluate(s, writingTo: &stream)
        }
    }
    let foundation = only != nil ? 0 : microseconds(max(1, iterations / 10)) { _ = try? JSONSerialization.jsonObject(with: data) }
    totals.read += read
    totals.eval += eval
    totals.all += all
    totals.n += 1
    print(name.padding(toLength: 30, withPad: " ", startingAt: 0) + String(format: "%7d", bytes.count) + "  " + format(read) + "  " + format(eval) + " " + format(both) + "  " + format(all) + "   " + format(foundation))
}
if totals.n > 0 {
    let read = totals.read / Double(totals.n), eval = totals.eval / Double(totals.n)
    print("")
    let all = totals.all / Double(totals.n)
    print(String(format: "mean: read %.2f µs, evaluate %.2f µs per snapshot → %.0f sellers/s on one core", read, eval, 1e6 / (read + eval)))
    print(String(format: "read + evaluate + full JSON output: %.2f µs per example snapshot on average (target ≤ 15 µs: %@)", all,
                 all <= 15 ? "met" : "NOT MET"))
}
