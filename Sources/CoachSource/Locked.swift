// Locked.swift — a value behind a POSIX mutex.

#if canImport(Glibc)
import Glibc
#endif

/// A value that threads share, read and changed only under a lock.
///
/// Not the standard library's `Synchronization.Mutex`: on Linux that one locks with futex
/// calls ThreadSanitizer cannot see, so it reports every use as a race and the sanitizer
/// run could not tell a real race from it. A `pthread_mutex_t` it understands costs the same
/// uncontended.
package final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>

    package init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with the value, under the lock.
    package func withLock<T, E: Error>(_ body: (inout Value) throws(E) -> T) throws(E) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
