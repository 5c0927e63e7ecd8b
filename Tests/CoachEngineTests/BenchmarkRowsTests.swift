// BenchmarkRowsTests.swift — a benchmark row is found by its key as a dictionary finds it,
// whether the keys are few (compared one by one) or many (hashed).

import CoachExpr
import Testing
@testable import CoachEngine

@Suite struct BenchmarkRowsTests {
    @Test(arguments: [3, BenchmarkRows.scanned, BenchmarkRows.scanned + 1, 40])
    func `rows are found as a dictionary finds them`(_ count: Int) {
        // Keys of a category and of category and band, one spelt with a decomposed accent
        // (equal to the precomposed one as Swift compares text).
        var rows: [String: Value] = ["caf\u{E9}": .int(-1)]
        for k in 1..<count { rows[k % 2 == 0 ? "cat\(k)" : "cat\(k)/band\(k % 3)"] = .int(Int64(k)) }
        let table = BenchmarkRows(rows)
        #expect(!table.isEmpty)
        for key in rows.keys.map({ $0 }) + ["cafe\u{301}", "cat", "", "cat1/band", "CAT2", "zzz"] {
            #expect(Display.text(table[key] ?? .null) == Display.text(rows[key] ?? .null), "key \(key) among \(count)")
            #expect((table[key] == nil) == (rows[key] == nil), "key \(key) among \(count)")
        }
        #expect(BenchmarkRows([:]).isEmpty)
    }
}
