// BatchRunner.swift — runs a population through the engine: chunks of lines shared out to
// threads, results written back in input order, and the counts a progress line shows.

import CoachEngine
import CoachRules
import CoachSource
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Which lines a process takes: shard `index` (from 1) of `count`, by line number.
struct Shard: Sendable, Equatable {
    var index: Int
    var count: Int

    /// Every line.
    static let all = Shard(index: 1, count: 1)

    /// Parses `K/N` with 1 ≤ K ≤ N.
    init?(parsing text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let k = Int(parts[0]), let n = Int(parts[1]), n >= 1, k >= 1, k <= n else { return nil }
        self.init(index: k, count: n)
    }

    init(index: Int, count: Int) {
        self.index = index
        self.count = count
    }

    /// Whether the `number`th seller line (from 1; blank lines are not counted) belongs to
    /// this shard: they are dealt round-robin, so the shards' outputs interleaved line by line
    /// are the whole output.
    func takes(_ number: Int) -> Bool { (number - 1) % count == index - 1 }
}

/// What one thread of a population run does with each line: `coach batch` writes a result,
/// a summary or a diff counts.
protocol LineProcessor: AnyObject {
    /// Processes the snapshot on line `number`, appending what it writes to `out`; false
    /// when the line could not be read.
    func process(line: UnsafeRawBufferPointer, number: Int, into out: inout [UInt8]) -> Bool
    /// Notes that line `number` was longer than `limit` bytes, and skipped.
    func tooLong(line number: Int, limit: Int, into out: inout [UInt8])
}

extension BatchWorker: LineProcessor {
    func tooLong(line number: Int, limit: Int, into out: inout [UInt8]) {
        BatchWorker.appendTooLong(line: number, limit: limit, input: inputName, to: &out)
    }
}

extension SummaryWorker: LineProcessor {
    func process(line: UnsafeRawBufferPointer, number: Int, into out: inout [UInt8]) -> Bool { process(line: line, number: number) }

    func tooLong(line number: Int, limit: Int, into out: inout [UInt8]) {
        unreadable(line: number, [BatchWorker.tooLongDiagnostic(limit: limit)])
    }
}

/// Evaluates chunks of lines on several threads, keeping the input order.
final class BatchRunner {
    /// Each thread's worker, made by that thread when it first takes a slice of a chunk (nil
    /// for a thread that has not yet).
    var slots: [(any LineProcessor)?] = []
    /// The workers made so far, in thread order.
    var workers: [any LineProcessor] { slots.compactMap { $0 } }
    let threads: Int
    let make: (Int) -> any LineProcessor
    private var outputs: [[UInt8]]
    private let shard: Shard
    /// Seller lines (not blank) met so far, in every shard: what lines are dealt by.
    private var records = 0
    /// Sellers evaluated so far, and lines that could not be read.
    private(set) var done = 0
    private(set) var failed = 0

    /// A runner with up to `threads` threads; `make(t)` makes thread t's worker.
    init(threads: Int, shard: Shard, make: @escaping (Int) -> any LineProcessor) {
        self.threads = max(1, threads)
        self.make = make
        outputs = []
        self.shard = shard
    }

    /// The bytes of input to read at a time (a chunk: the lines dealt to the threads at
    /// once). On one thread a chunk that stays in the core's cache between being read and
    /// being parsed (measured over 100,000 benchmark sellers: 256 KiB 1.09 s against 4 MiB
    /// 1.12 s). On several, the threads work on one chunk while the next is read
    /// (``stream(_:write:afterChunk:)``): 2 MiB and 4 MiB ran alike (0.67 s on two threads,
    /// best of six), 1 MiB a little slower (0.69 s) and 256 KiB slower still (0.80 s), each
    /// chunk's slices then too small for the cost of handing them out.
    var chunkBytes: Int { threads == 1 ? 256 << 10 : 2 << 20 }

    /// Fewest lines a thread is given: a thread's set-up (a replica of the rule set) costs
    /// more than evaluating a few sellers, so a small population runs on fewer threads.
    static let minLinesPerThread = 32

    /// A rule set per thread, made on first use: each thread up to the number of cores
    /// evaluates with its own replica (see RuleSet.replica); threads beyond that share them.
    static func ruleSets(_ ruleSet: RuleSet) -> (Int) -> RuleSet {
        let cores = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        let replicas = Replicas(ruleSet)
        return { t in replicas.get(t % cores) }
    }

    /// Slices of a chunk per thread: threads take the next slice when they finish one, so a
    /// slow slice does not leave the other threads idle at the end of a chunk.
    static let slicesPerThread = 8

    /// The lines of a chunk this process takes: its shard's, blank ones left out.
    func select(_ bytes: UnsafeRawBufferPointer, _ lines: [InputLine]) -> [InputLine] {
        var mine: [InputLine] = []
        mine.reserveCapacity(shard.count == 1 ? lines.count : lines.count / shard.count + 1)
        for line in lines where line.tooLong || !Self.isBlank(bytes, line) {
            records += 1
            if shard.takes(records) { mine.append(line) }
        }
        return mine
    }

    /// Processes `lines` of a chunk's `bytes` with `worker`, appending to `out`; the lines
    /// read and those that could not be.
    static func process(_ lines: ArraySlice<InputLine>, _ bytes: UnsafeRawBufferPointer, _ worker: any LineProcessor,
                        into out: inout [UInt8]) -> (done: Int, failed: Int) {
        var counts = (done: 0, failed: 0)
        for line in lines {
            let ok: Bool
            if line.tooLong {
                worker.tooLong(line: line.number, limit: LineReader.maxLineBytes, into: &out)
                ok = false
            } else {
                ok = worker.process(line: UnsafeRawBufferPointer(rebasing: bytes[line.start..<(line.start + line.count)]),
                                    number: line.number, into: &out)
            }
            if ok { counts.done += 1 } else { counts.failed += 1 }
        }
        return counts
    }

    /// Counts a slice's lines, once its output is written.
    func count(_ counts: (done: Int, failed: Int)) {
        done += counts.done
        failed += counts.failed
    }

    /// Processes one chunk's lines and hands the results, in order, to `write`.
    func run(_ bytes: UnsafeRawBufferPointer, _ lines: [InputLine], write: ([UInt8]) -> Void) {
        let mine = select(bytes, lines)
        guard !mine.isEmpty else { return }
        let threads = max(1, min(coreThreads, mine.count / Self.minLinesPerThread))
        withWorkerSlots(threads) { fresh in run(mine, bytes, threads, fresh, write: write) }
    }

    /// The threads that evaluate: ``threads``, one per core at most (more would only take
    /// turns on the cores, each with a worker of its own).
    var coreThreads: Int { min(threads, Parallel.cores) }

    /// Calls `body` with a slot per thread for its worker, filled with those made so far; a
    /// thread makes its worker in its slot when it takes its first slice (making one, a
    /// replica of the rule set, about 20 ms for the benchmark's, then overlaps the other
    /// threads' work instead of holding them all back). The workers made are kept after.
    func withWorkerSlots(_ threads: Int, _ body: (UnsafeMutableBufferPointer<(any LineProcessor)?>) -> Void) {
        while slots.count < threads { slots.append(nil) }
        let fresh = UnsafeMutableBufferPointer<(any LineProcessor)?>.allocate(capacity: threads)
        _ = fresh.initialize(from: slots[0..<threads])
        defer {
            for t in 0..<threads { if let w = fresh[t] { slots[t] = w } }
            fresh.deinitialize()
            fresh.deallocate()
        }
        body(fresh)
    }

    /// One chunk's lines taken by this process (`mine`) on `threads` threads, their workers in `fresh`.
    private func run(_ mine: [InputLine], _ bytes: UnsafeRawBufferPointer, _ threads: Int,
                     _ fresh: UnsafeMutableBufferPointer<(any LineProcessor)?>, write: ([UInt8]) -> Void) {
        let slices = min(mine.count, threads == 1 ? 1 : threads * Self.slicesPerThread)
        let per = (mine.count + slices - 1) / slices
        while outputs.count < slices { outputs.append([]) }
        let counts = UnsafeMutableBufferPointer<(done: Int, failed: Int)>.allocate(capacity: threads)
        counts.initialize(repeating: (0, 0))
        defer { counts.deallocate() }
        let results = UnsafeMutableBufferPointer<[UInt8]>.allocate(capacity: slices)
        for k in 0..<slices {
            (results.baseAddress! + k).initialize(to: outputs[k])
            outputs[k] = []
        }
        let next = SliceCounter()
        // Each thread uses only its own worker and count, and each slice's output is written
        // by the one thread that took the slice; the chunk's bytes and lines are only read.
        // Thread t reads and writes only `fresh[t]`, its own worker.
        let shared = Unshared((make: make, fresh: fresh, mine: mine, bytes: bytes, results: results, counts: counts))
        let work: @Sendable (Int) -> Void = { t in
            let (make, fresh, mine, bytes, results, counts) = shared.value
            while true {
                let k = next.take()
                guard k < slices else { return }
                let worker: any LineProcessor
                if let w = fresh[t] {
                    worker = w
                } else {
                    worker = make(t)
                    fresh[t] = worker
                }
                var out = results[k]
                results[k] = []
                out.removeAll(keepingCapacity: true)
                let c = BatchRunner.process(mine[min(mine.count, k * per)..<min(mine.count, (k + 1) * per)], bytes, worker, into: &out)
                counts[t].done += c.done
                counts[t].failed += c.failed
                results[k] = out
            }
        }
        // This thread takes slices too, so that the slices are all done even when no other
        // thread can be started (a limit on processes: Dispatch's `concurrentPerform` waited
        // for ever then).
        let helpers = (1..<threads).compactMap { t in
            let helper = HelperWork { work(t) }
            return helper.start().map { (helper, $0) }
        }
        work(0)
        for (helper, thread) in helpers { helper.join(thread) }
        for k in 0..<slices {
            write(results[k])
            outputs[k] = results[k]
        }
        for t in 0..<threads { count(counts[t]) }
        results.baseAddress!.deinitialize(count: slices)
        results.deallocate()
    }

    /// A line holding nothing but spaces: not a seller, skipped without a record.
    static func isBlank(_ bytes: UnsafeRawBufferPointer, _ line: InputLine) -> Bool {
        var i = line.start
        while i < line.start + line.count {
            switch bytes[i] {
            case 0x20, 0x09, 0x0D: i += 1
            default: return false
            }
        }
        return true
    }
}

/// Replicas of a rule set by thread number, made when first asked for; threads ask at once
/// (each makes its own replica, outside the lock).
final class Replicas: Sendable {
    private let ruleSet: RuleSet
    private let made = Locked<[Int: RuleSet]>([:])

    init(_ ruleSet: RuleSet) { self.ruleSet = ruleSet }

    func get(_ t: Int) -> RuleSet {
        if t == 0 { return ruleSet }
        if let r = made.withLock({ $0[t] }) { return r }
        let r = ruleSet.replica() ?? ruleSet
        return made.withLock { made in
            if let first = made[t] { return first }
            made[t] = r
            return r
        }
    }
}
