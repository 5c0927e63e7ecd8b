// Parallel.swift — independent pieces of work spread over the machine's cores, their results
// kept in input order, so that what runs in parallel gives exactly what a loop would.

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
    ///
    /// The helper threads are started for the call and joined before it returns (no pool
    /// outlives it), so a host that forks after loading a rule set forks no idle threads, and
    /// the library needs no thread pool of its own.
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
            let work = HelperWork {
                while true {
                    let i = next.take()
                    guard i < count else { return }
                    shared.value.0[i] = shared.value.1(i)  // each index written by one thread only
                }
            }
            let helpers = (1..<threads).compactMap { _ in work.start() }
            work.run()  // the caller takes pieces too
            for helper in helpers { work.join(helper) }
        }
        // Every slot is filled once the helpers are joined; `?? body(i)` only keeps the
        // unwrap checked (and would compute a piece no thread could be started for).
        return (0..<count).map { slots[$0] ?? body($0) }
    }
}

/// The loop the threads of one ``Parallel/map(_:threads:_:)`` share, and the threads run
/// for it; or one thread's loop of a longer-lived piece of work (`coach batch`'s threads).
package final class HelperWork: @unchecked Sendable {
    package let run: () -> Void

    package init(_ run: @escaping () -> Void) { self.run = run }

    /// A thread running ``run``; nil when none could be started (the others do its share).
    package func start() -> pthread_t? {
        #if canImport(Glibc)
        var thread = pthread_t()
        let context = Unmanaged.passRetained(self).toOpaque()
        let started = pthread_create(&thread, nil, { context in
            guard let context else { return nil }
            Unmanaged<HelperWork>.fromOpaque(context).takeRetainedValue().run()
            return nil
        }, context)
        guard started == 0 else {
            Unmanaged<HelperWork>.fromOpaque(context).release()
            return nil
        }
        return thread
        #else
        return nil
        #endif
    }

    package func join(_ thread: pthread_t) {
        #if canImport(Glibc)
        pthread_join(thread, nil)
        #endif
    }
}

/// Hands out numbers 0, 1, 2, …, each once, to the threads sharing it.
package final class SliceCounter: Sendable {
    private let next = Atomic<Int>(0)

    package init() {}

    /// The next number.
    package func take() -> Int { next.add(1, ordering: .relaxed).oldValue }
}

/// A value shared by threads that each touch only their own part of it (the caller
/// partitions it).
package struct Unshared<T>: @unchecked Sendable {
    package let value: T
    package init(_ value: T) { self.value = value }
}
