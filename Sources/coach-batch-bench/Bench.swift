// Bench.swift — the measurements: compile, per-seller reading, evaluation on one or all threads.

import CoachEngine
import CoachExpr
import CoachRules
import CoachSource
import Dispatch
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Something that evaluates one seller; returns a number so the work is not optimised away.
protocol EvalRunner: SendableMetatype {
    mutating func run(_ s: Snapshot) -> Int
}

struct HandCodedRunner: EvalRunner {
    let rules: HandCoded
    var result = HandCodedResult()
    init(_ rules: HandCoded) { self.rules = rules }
    mutating func run(_ s: Snapshot) -> Int {
        rules.evaluate(s, &result)
        return result.tips.count &+ result.escalations.count
    }
}

/// The decisions ids-only outputs need; with `everyRule`, every rule decided, as the
/// hand-coded reference decides them (no late rule left undecided).
struct DecideRunner: EvalRunner {
    let evaluator: Evaluator
    let everyRule: Bool
    init(_ ruleSet: RuleSet, everyRule: Bool = false) {
        evaluator = Evaluator(ruleSet: ruleSet)
        self.everyRule = everyRule
    }
    mutating func run(_ s: Snapshot) -> Int {
        let d = everyRule ? evaluator.decideEveryRule(s) : evaluator.decide(s)
        return d.tips.count &+ d.escalations.count
    }
}

struct FullRunner: EvalRunner {
    let evaluator: Evaluator
    init(_ ruleSet: RuleSet) { evaluator = Evaluator(ruleSet: ruleSet) }
    mutating func run(_ s: Snapshot) -> Int {
        let r = evaluator.evaluate(s)
        return r.tips.count &+ r.escalations.count
    }
}

enum Bench {
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Loads and compiles the benchmark rule set; the best of five, in milliseconds.
    static func compile(_ root: String) -> (RuleSet, Double) {
        var best = Double.infinity
        var loaded: RuleSet?
        for _ in 0..<5 {
            let start = now()
            do {
                loaded = try RuleSet.load(rules: root + "/bench/Rules", playbooks: root + "/bench/Playbooks")
            } catch {
                print("cannot load the benchmark rule set: \(error)")
                exit(1)
            }
            best = min(best, (now() - start) * 1000)
        }
        return (loaded!, best)
    }

    /// Loads generated rule sets of 1,000 and 10,000 rules (the benchmark rules copied under
    /// new ids), in milliseconds.
    static func compileScaling(_ root: String) -> [(Int, Double)] {
        var out: [(Int, Double)] = []
        for copies in [10, 100] {
            guard let dir = GeneratedRules.write(root: root, copies: copies) else { continue }
            var best = Double.infinity
            for _ in 0..<(copies > 10 ? 2 : 3) {
                let start = now()
                do {
                    let rs = try RuleSet.load(rules: dir, playbooks: root + "/bench/Playbooks")
                    if rs.rules.count != copies * 100 { print("note: the generated rule set has \(rs.rules.count) rules") }
                } catch {
                    print("cannot load the generated rule set in \(dir): \(error)")
                    break
                }
                best = min(best, (now() - start) * 1000)
            }
            if best.isFinite { out.append((copies * 100, best)) }
        }
        return out
    }

    /// The best of `passes` passes of each of `runs` (each returns microseconds per seller),
    /// taken in turn (A, B, A, B, …): a change in the host's load during the phase reaches
    /// each measure and its reference alike, so their ratio moves less than the figures do.
    static func alternating(passes: Int = 5, _ runs: [() -> Double]) -> [Double] {
        var best = [Double](repeating: .infinity, count: runs.count)
        for _ in 0..<passes {
            for (k, run) in runs.enumerated() { best[k] = min(best[k], run()) }
        }
        return best
    }

    /// `--profile RUNNER`: ten passes of one evaluation runner (or of the reading: `read`,
    /// and its reference, `walk`), one thread, and nothing else, so that a profiler sees
    /// that phase alone.
    static func profile(_ runner: String, _ ruleSet: RuleSet, _ population: Population, _ options: BenchOptions) {
        if runner == "read" || runner == "walk" {
            // The reading phase alone: coach's reader, or the simdjson reference.
            let reader = SnapshotReader(ruleSet: ruleSet), parser = Reference.Parser()
            let best = (0..<10).map { _ in
                runner == "read" ? readPass(reader, population) : Bench.pass(population) { Reference.walk(parser, $0) }
            }.min() ?? 0
            print(String(format: "%@: %.2f µs/seller, best of ten passes over %d sellers", runner, best, population.count))
            return
        }
        let snapshots = population.read(ruleSet: ruleSet, limit: options.evalSellers)
        let pass: () -> Double
        switch runner {
        case "decide": pass = { evaluation(snapshots, threads: 1) { DecideRunner(ruleSet) } }
        case "every": pass = { evaluation(snapshots, threads: 1) { DecideRunner(ruleSet, everyRule: true) } }
        case "full": pass = { evaluation(snapshots, threads: 1) { FullRunner(ruleSet) } }
        case "hand":
            let handCoded = HandCoded(ruleSet: ruleSet)
            pass = { evaluation(snapshots, threads: 1) { HandCodedRunner(handCoded) } }
        default:
            print("--profile takes decide, every, full, hand, read or walk")
            return
        }
        let best = (0..<10).map { _ in pass() }.min() ?? 0
        print(String(format: "%@: %.2f µs/seller, best of ten passes over %d sellers", runner, best, snapshots.count))
    }

    /// One pass of coach's reader over every line, on one thread, as `coach batch` and the C
    /// ABI read (each snapshot's signals given back to the reader for the next seller, as the
    /// evaluator gives them back there): microseconds per seller.
    static func readPass(_ reader: SnapshotReader, _ p: Population) -> Double {
        pass(p) { line in
            guard var snapshot = try? reader.read(json: line) else { return }
            var signals: [Value?] = []
            swap(&signals, &snapshot.signals)
            reader.recycle(signals: signals)
        }
    }

    /// One pass of `body` over every line, on one thread: microseconds per seller.
    static func pass(_ p: Population, _ body: (UnsafeRawBufferPointer) -> Void) -> Double {
        let start = now()
        p.forEachLine { body($0) }
        return (now() - start) * 1e6 / Double(max(1, p.count))
    }

    /// One pass of the reading reference (simdjson's parse and walk) over every line with
    /// `threads` threads, each with its own parser, taking every `threads`-th line:
    /// microseconds per seller (wall time over sellers), as ``evaluation(_:threads:_:)``.
    static func walkPass(_ p: Population, threads: Int) -> Double {
        let shared = Unshared(p)
        let sums = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: threads)
        sums.initialize(repeating: 0)
        defer { sums.deallocate() }
        let out = Unshared(sums)
        let start = now()
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            let parser = Reference.Parser()
            var sum: UInt64 = 0
            shared.value.data.withUnsafeBytes { raw in
                let lines = shared.value.lines
                var i = t
                while i < lines.count {
                    sum &+= Reference.walked(parser, UnsafeRawBufferPointer(rebasing: raw[lines[i]]))
                    i += threads
                }
            }
            out.value[t] = sum
        }
        let us = (now() - start) * 1e6 / Double(max(1, p.count))
        for s in sums { Reference.checksum &+= s }
        return us
    }

    /// One pass evaluating every snapshot with `threads` threads, each with its own runner:
    /// microseconds per seller (wall time over sellers).
    static func evaluation<R: EvalRunner>(_ snapshots: [Snapshot], threads: Int, _ make: @escaping () -> R) -> Double {
        let shared = Unshared(snapshots)
        let sink = UnsafeMutableBufferPointer<Int>.allocate(capacity: threads)
        sink.initialize(repeating: 0)
        defer { sink.deallocate() }
        let out = Unshared(sink)
        let factory = Unshared(make)
        let start = now()
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            var runner = factory.value()
            let all = shared.value
            var total = 0
            var i = t
            while i < all.count {
                total &+= runner.run(all[i])
                i += threads
            }
            out.value[t] = total
        }
        return (now() - start) * 1e6 / Double(max(1, snapshots.count))
    }
}
