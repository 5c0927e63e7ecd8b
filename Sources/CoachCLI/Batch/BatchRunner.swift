// BatchRunner.swift — runs a population through the engine: chunks of lines shared out to
// threads, results written back in input order, and the counts a progress line shows.

import CoachEngine
import CoachRules
import Dispatch

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

    /// Whether line `number` (from 1) belongs to this shard: lines are dealt round-robin.
    func takes(_ number: Int) -> Bool { (number - 1) % count == index - 1 }
}

/// Evaluates chunks of lines on several threads, keeping the input order.
final class BatchRunner {
    private let workers: [BatchWorker]
    private var outputs: [[UInt8]]
    private let shard: Shard
    /// Sellers evaluated so far, and lines that could not be read.
    private(set) var done = 0
    private(set) var failed = 0

    init(ruleSet: RuleSet, form: BatchOutputForm, inputName: String, threads: Int, shard: Shard) {
        workers = (0..<threads).map { _ in BatchWorker(ruleSet: ruleSet, form: form, inputName: inputName) }
        outputs = Array(repeating: [], count: threads)
        self.shard = shard
    }

    /// Processes one chunk's lines and hands the results, in order, to `write`.
    func run(_ bytes: UnsafeRawBufferPointer, _ lines: [InputLine], write: ([UInt8]) -> Void) {
        let mine = lines.filter { shard.takes($0.number) && ($0.tooLong || !Self.isBlank(bytes, $0)) }
        guard !mine.isEmpty else { return }
        let parts = min(workers.count, mine.count)
        let per = (mine.count + parts - 1) / parts
        let counts = UnsafeMutableBufferPointer<(done: Int, failed: Int)>.allocate(capacity: parts)
        counts.initialize(repeating: (0, 0))
        defer { counts.deallocate() }
        let results = UnsafeMutableBufferPointer<[UInt8]>.allocate(capacity: parts)
        for p in 0..<parts { (results.baseAddress! + p).initialize(to: outputs[p]) }
        // Each index touches only its own worker, result slot and count, and reads the
        // chunk's bytes and lines, which nobody writes meanwhile.
        let shared = Unshared((workers: workers, mine: mine, bytes: bytes, results: results, counts: counts))
        let work: @Sendable (Int) -> Void = { p in
            let (workers, mine, bytes, results, counts) = shared.value
            var out = results[p]
            results[p] = []
            out.removeAll(keepingCapacity: true)
            let worker = workers[p]
            for line in mine[(p * per)..<min(mine.count, (p + 1) * per)] {
                let ok: Bool
                if line.tooLong {
                    BatchWorker.appendTooLong(line: line.number, limit: LineReader.maxLineBytes, input: worker.inputName, to: &out)
                    ok = false
                } else {
                    ok = worker.process(line: UnsafeRawBufferPointer(rebasing: bytes[line.start..<(line.start + line.count)]),
                                        number: line.number, into: &out)
                }
                if ok { counts[p].done += 1 } else { counts[p].failed += 1 }
            }
            results[p] = out
        }
        if parts == 1 { work(0) } else { DispatchQueue.concurrentPerform(iterations: parts, execute: work) }
        for p in 0..<parts {
            write(results[p])
            done += counts[p].done
            failed += counts[p].failed
            outputs[p] = results[p]
        }
        results.baseAddress!.deinitialize(count: parts)
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

/// A value handed to `concurrentPerform`'s iterations, which the caller partitions so that no
/// two iterations touch the same part of it.
struct Unshared<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
