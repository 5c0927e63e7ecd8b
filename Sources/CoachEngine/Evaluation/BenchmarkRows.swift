// BenchmarkRows.swift — the `benchmark` object of each benchmark row, found by its key.

import CoachExpr

/// The rows of the benchmarks by key (a category, or a category and bands joined): a few
/// keys are compared one by one (a short text's comparison is a few instructions, its hash
/// a few hundred), more through a dictionary.
struct BenchmarkRows {
    /// At most this many keys are compared one by one.
    static let scanned = 16
    private let keys: [String]
    private let rows: [Value]
    private let byKey: [String: Value]

    init(_ rows: [String: Value]) {
        let keys = rows.keys.sorted()
        self.keys = keys
        self.rows = keys.map { rows[$0] ?? .null }
        byKey = rows
    }

    var isEmpty: Bool { keys.isEmpty }

    subscript(key: String) -> Value? {
        guard keys.count <= Self.scanned else { return byKey[key] }
        for (k, candidate) in keys.enumerated() where candidate == key { return rows[k] }
        return nil
    }
}
