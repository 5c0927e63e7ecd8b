// ParallelTests.swift — work spread over threads gives what a loop gives, in the same order.

import CoachSource
import Synchronization
import Testing

@Suite struct ParallelTests {
    @Test(arguments: [0, 1, 2, 3, 64, 1000])
    func `results come in input order, each index run once, on four threads`(_ count: Int) {
        let runs = Tally()
        let out = Parallel.map(count, threads: 4) { i -> String in
            // Uneven work: early indices take longest, so later ones finish first.
            var x = 0
            for k in 0..<((count - i) * 50) { x &+= k }
            runs.count.add(1, ordering: .relaxed)
            return "\(i):\(x & 1)"
        }
        #expect(out == Parallel.map(count, threads: 1) { i in
            var x = 0
            for k in 0..<((count - i) * 50) { x &+= k }
            return "\(i):\(x & 1)"
        })
        #expect(out.count == count)
        #expect(runs.count.load(ordering: .relaxed) == count)  // with the results above: each index once
    }

    @Test func `one thread runs them in the caller, in order`() {
        var order: [Int] = []
        _ = Parallel.map(5, threads: 1) { i in order.append(i) }
        #expect(order == [0, 1, 2, 3, 4])
    }
}

/// How many pieces ran, counted from every thread.
final class Tally: Sendable {
    let count = Atomic<Int>(0)
}
