// BatchStream.swift — a population on several threads as a pipeline: this thread reads the
// next chunk and writes finished results in input order while the worker threads evaluate
// the chunk before, so no thread waits for the reading, or for the slowest slice of a chunk.

import CoachSource
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

extension BatchRunner {
    /// Runs every line `reader` gives on ``threads`` worker threads (one per core at most), handing the results, in
    /// input order, to `write`; `afterChunk` is called after each chunk is handed out, and
    /// stops the run when it returns false. An input of one chunk is run as
    /// ``run(_:_:write:)`` runs it (on as many threads as its lines warrant).
    func stream(_ reader: LineReader, write: ([UInt8]) -> Void, afterChunk: () -> Bool) {
        let first = InputChunk()
        guard reader.next(into: first) else { return }
        if reader.finished {
            run(first.bytes.bytes, first.lines, write: write)
            _ = afterChunk()
            return
        }
        let threads = coreThreads
        withWorkerSlots(threads) { fresh in stream(reader, first, threads, fresh, write: write, afterChunk: afterChunk) }
    }

    /// The pipeline of ``stream(_:write:afterChunk:)`` after its `first` chunk, on `threads`
    /// threads, their workers in `fresh`.
    private func stream(_ reader: LineReader, _ first: InputChunk, _ threads: Int,
                        _ fresh: UnsafeMutableBufferPointer<(any LineProcessor)?>,
                        write: ([UInt8]) -> Void, afterChunk: () -> Bool) {
        let queue = SliceQueue()
        let helpers = startThreads(threads, queue, fresh)
        guard !helpers.isEmpty else {
            // No thread could be started (a limit on processes): chunk by chunk on this one.
            queue.close()
            run(first.bytes.bytes, first.lines, write: write)
            guard afterChunk() else { return }
            var lines: [InputLine] = []
            while reader.next(&lines, { bytes, lines in run(bytes, lines, write: write) }) {
                if !afterChunk() { break }
            }
            return
        }
        var inFlight: [(chunk: InputChunk, end: Int)] = []  // each chunk and the number after its last slice
        var spare: [InputChunk] = []
        var added = 0, written = 0
        // Writes the results of slices up to `end` (waiting for them), then takes back the
        // chunks whose slices are all written.
        func flush(upTo end: Int) {
            while written < end {
                let result = queue.result(written)
                write(result.out)
                count((result.done, result.failed))
                queue.recycle(result.out)
                written += 1
            }
            while let c = inFlight.first, c.end <= written { keep(inFlight.removeFirst().chunk) }
        }
        // A chunk whose lines are all written, kept to be read into again; unless a long line
        // grew its buffer past a few chunks' size: then it is freed, so that one long line
        // does not keep three buffers of its size.
        func keep(_ chunk: InputChunk) {
            if chunk.bytes.capacity <= 4 * chunkBytes { spare.append(chunk) }
        }
        var chunk: InputChunk? = first
        var stopped = false
        while let c = chunk {
            let before = added
            added = queue.add(select(c.bytes.bytes, c.lines), of: c.bytes.bytes, from: added, slices: threads * Self.slicesPerThread)
            if added > before { inFlight.append((c, added)) } else { keep(c) }
            // The chunk before written while the threads go on with this one; and before
            // the reading waits on a producer that has paused, everything it gave so far (it
            // may be waiting for those results).
            flush(upTo: before)
            guard afterChunk() else { stopped = true; break }
            let next = spare.popLast() ?? InputChunk()
            chunk = reader.next(into: next, beforeWaiting: { flush(upTo: added) }) ? next : nil
        }
        if !stopped {
            flush(upTo: added)
            _ = afterChunk()
        }
        queue.close()
        for helper in helpers { helper.work.join(helper.thread) }
    }

    /// The worker threads: thread t makes its worker (in `fresh[t]`) when it takes its first
    /// slice, and takes slices until the queue is closed.
    private func startThreads(_ threads: Int, _ queue: SliceQueue, _ fresh: UnsafeMutableBufferPointer<(any LineProcessor)?>)
        -> [(work: HelperWork, thread: pthread_t)] {
        let shared = Unshared((make: make, fresh: fresh))
        return (0..<threads).compactMap { t in
            let work = HelperWork {
                let (make, fresh) = shared.value  // thread t reads and writes only fresh[t]
                while let (slice, reused) = queue.take() {
                    let worker: any LineProcessor
                    if let w = fresh[t] { worker = w } else {
                        worker = make(t)
                        fresh[t] = worker
                    }
                    var out = reused
                    out.removeAll(keepingCapacity: true)
                    let counts = BatchRunner.process(slice.lines, slice.bytes, worker, into: &out)
                    queue.finish(slice.number, SliceQueue.Result(out: out, done: counts.done, failed: counts.failed))
                }
            }
            return work.start().map { (work, $0) }
        }
    }
}

/// The slices of chunks waiting for a thread, and the results made but not yet written,
/// under one lock: threads take slices in input order; the writer waits for each result in
/// turn.
final class SliceQueue: @unchecked Sendable {
    /// Some lines of a chunk, and their number among all slices.
    struct Slice {
        let lines: ArraySlice<InputLine>
        /// The chunk's bytes: valid until the slice's result is written (the chunk is kept).
        let bytes: UnsafeRawBufferPointer
        let number: Int
    }

    /// A slice's output and counts.
    struct Result {
        var out: [UInt8]
        var done: Int
        var failed: Int
    }

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let sliceAdded = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private let resultMade = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    private var waiting: [Slice] = []
    private var head = 0
    private var results: [Int: Result] = [:]
    private var outputs: [[UInt8]] = []  // written results' buffers, to be filled again
    private var closed = false

    init() {
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
        for c in [sliceAdded, resultMade] {
            c.initialize(to: pthread_cond_t())
            pthread_cond_init(c, nil)
        }
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
        for c in [sliceAdded, resultMade] {
            pthread_cond_destroy(c)
            c.deallocate()
        }
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    /// Adds `lines` (of a chunk's `bytes`) in up to `slices` slices numbered from `first`;
    /// returns the number after the last.
    func add(_ lines: [InputLine], of bytes: UnsafeRawBufferPointer, from first: Int, slices: Int) -> Int {
        guard !lines.isEmpty else { return first }
        let per = (lines.count + slices - 1) / max(1, slices)
        var number = first
        locked {
            // The slices taken dropped (each holds its chunk's lines): a few at most remain.
            if head > 0 {
                waiting.removeFirst(head)
                head = 0
            }
            for start in stride(from: 0, to: lines.count, by: per) {
                waiting.append(Slice(lines: lines[start..<min(lines.count, start + per)], bytes: bytes, number: number))
                number += 1
            }
            pthread_cond_broadcast(sliceAdded)
        }
        return number
    }

    /// The next slice, and a buffer for its output; nil once the queue is closed.
    func take() -> (Slice, [UInt8])? {
        locked {
            while head == waiting.count, !closed { pthread_cond_wait(sliceAdded, mutex) }
            guard head < waiting.count, !closed else { return nil }
            let slice = waiting[head]
            head += 1
            return (slice, outputs.popLast() ?? [])
        }
    }

    /// Keeps slice `number`'s result for the writer.
    func finish(_ number: Int, _ result: Result) {
        locked {
            results[number] = result
            pthread_cond_broadcast(resultMade)
        }
    }

    /// Slice `number`'s result, once made.
    func result(_ number: Int) -> Result {
        locked {
            while results[number] == nil { pthread_cond_wait(resultMade, mutex) }
            return results.removeValue(forKey: number) ?? Result(out: [], done: 0, failed: 0)
        }
    }

    /// A written result's buffer, to be filled again.
    func recycle(_ out: [UInt8]) { locked { outputs.append(out) } }

    /// Ends the run: the threads take no more slices (those not taken are dropped).
    func close() {
        locked {
            closed = true
            pthread_cond_broadcast(sliceAdded)
        }
    }
}
