// Parallel.swift — independent pieces of work spread over the machine's cores, their results
// kept in input order, so that what runs in parallel gives exactly what a loop would.

import Dispatch
import Synchronization
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Runs independent pieces of work on several threads.
package enum Parallel {
    /// The cores online.
    package static var cores: Int {
        #if canImport(Glibc)
        return max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        #else
        return 1
        #endif
    }

    /// `body(0) … body(count - 1)`, in that order in the result, computed on up to `threads`
    /// threads (the cores by default; one runs them in the caller, in order). Indices are
    /// handed out one at a time, so pieces of uneven size still keep every thread busy.
    /// `body` must be safe to call from several threads at once: it may read what it shares
    /// with the caller, never write it.
    package static func map<R>(_ count: Int, threads: Int = cores, _ body: (Int) -> R) -> [R] {
        let threads = min(threads, count)
        guard threads > 1 else { return (0..<count).map(body) }
        let slots = UnsafeMutableBufferPointer<R?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer {
            slots.baseAddress?.deinitialize(count: count)
            slots.deallocate()
        }
        let next = SliceCounter()
        withoutActuallyEscaping(body) { body in
            let shared = Unshared((slots, body))
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                while true {
                    let i = next.take()
                    guard i < count else { return }
                    shared.value.0[i] = shared.value.1(i)  // each index written by one thread only
                }
            }
        }
        // Every slot is filled once `concurrentPerform` returns; `?? body(i)` only keeps the
        // unwrap checked.
        return (0..<count).map { slots[$0] ?? body($0) }
    }
}

/// Hands out numbers 0, 1, 2, …, each once, to the threads sharing it.
package final class SliceCounter: Sendable {
    private let next = Atomic<Int>(0)

    package init() {}

    /// The next number.
    package func take() -> Int { next.add(1, ordering: .relaxed).oldValue }
}

/// A value handed to `concurrentPerform`'s iterations, which the caller partitions so that no
/// two iterations touch the same part of it.
package struct Unshared<T>: @unchecked Sendable {
    package let value: T
    package init(_ value: T) { self.value = value }
}
