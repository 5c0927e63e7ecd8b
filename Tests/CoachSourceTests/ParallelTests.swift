// ParallelTests.swift — work spread over threads gives what a loop gives, in the same order.

import CoachSource
import Synchronization
import Testing

@Suite struct ParallelTests {
    @Test(arguments: [0, 1, 2, 3, 64, 1000])
    func `results come in input order, each index run once, on four threads`(_ count: Int) {
        let runs = Mutex([Int](repeating: 0, count: count))
        let out = Parallel.map(count, threads: 4) { i -> String in
            // Uneven work: early indices take longest, so later ones finish first.
            var x = 0
            for k in 0..<((count - i) * 50) { x &+= k }
            runs.withLock { $0[i] += 1 }
            return "\(i):\(x & 1)"
        }
        #expect(out == Parallel.map(count, threads: 1) { i in
            var x = 0
            for k in 0..<((count - i) * 50) { x &+= k }
            return "\(i):\(x & 1)"
        })
        #expect(out.count == count)
        #expect(runs.withLock { $0 }.allSatisfy { $0 == 1 })
    }

    @Test func `one thread runs them in the caller, in order`() {
        var order: [Int] = []
        _ = Parallel.map(5, threads: 1) { i in order.append(i) }
        #expect(order == [0, 1, 2, 3, 4])
    }
}
