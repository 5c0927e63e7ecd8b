// Evaluator+Benchmarks.swift — the benchmark row of a seller when rows are chosen by more
// than the category: the seller's band of each banded number, then the most specific row.

import CoachExpr
import CoachRules
import CoachSource

extension Evaluator {
    /// The row for this seller: the most specific row its key parts match, else `default`.
    /// A part that cannot be known (no category, a band's signal missing) is said in a note,
    /// and only rows that leave that part open can apply.
    func benchmarkRow() -> Value {
        if plan.benchmarkBands.isEmpty {  // by category alone
            guard let category = snapshot.category else { return plan.defaultBenchmark }
            if let row = plan.benchmarkRows[category] { return row }
            if !plan.benchmarkRows.isEmpty { notes.add(noRow("category '\(category)'")) }
            return plan.defaultBenchmark
        }
        let by = manifest.benchmarks.by
        var parts: [String?] = []
        parts.reserveCapacity(by.count)
        for (k, key) in by.enumerated() {
            guard let (band, signal) = plan.benchmarkBands[k] else {
                // A category that reads as a key's punctuation cannot choose a row.
                if let c = snapshot.category, c == "*" || c.utf8.contains(UInt8(ascii: "/")) {
                    parts.append(nil)
                    notes.add(Diagnostic(.note, "seller.category '\(c)' cannot choose a benchmark row (it holds '/' or is '*'), so only rows that leave the category open apply",
                                         code: .benchmarkUnknownBand))
                } else {
                    parts.append(snapshot.category)
                }
                continue
            }
            let number: Double?
            if signal < 0 {
                number = Double(snapshot.day)
            } else {
                number = signal < snapshot.signals.count ? snapshot.signals[signal]?.number : nil
            }
            if let number, !number.isNaN {
                parts.append(band.name(for: number))
            } else {
                parts.append(nil)
                notes.add(Diagnostic(.note, "the '\(key.name)' band of the benchmarks is unknown: signal '\(band.of)' is missing, so only rows that leave '\(key.name)' open apply",
                                     at: band.location, code: .benchmarkUnknownBand))
            }
        }
        for candidate in Benchmarks.candidates(parts) {
            if let row = plan.benchmarkRows[candidate] { return row }
        }
        if !plan.benchmarkRows.isEmpty {
            notes.add(noRow(zip(by, parts).map { "\($0.name) '\($1 ?? "unknown")'" }.joined(separator: ", ")))
        }
        return plan.defaultBenchmark
    }

    /// The note for a seller whose key no benchmark row matches.
    private func noRow(_ key: String) -> Diagnostic {
        Diagnostic(.note, "no benchmark row matches this seller (\(key)), so the default row applies", code: .benchmarkNoRow)
    }
}
