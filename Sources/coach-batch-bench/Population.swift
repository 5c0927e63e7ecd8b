// Population.swift — the benchmark population: one JSON Lines file held in memory.

import CoachEngine
import CoachRules
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// The population file's bytes and where each line starts and ends.
final class Population {
    let data: [UInt8]
    let lines: [Range<Int>]
    var count: Int { lines.count }
    var bytes: Int { data.count }

    init(path: String) {
        guard let f = fopen(path, "rb") else {
            print("cannot open the population \(path) (make bench generates it)")
            exit(1)
        }
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let n = fread(&chunk, 1, chunk.count, f)
            if n <= 0 { break }
            data.append(contentsOf: chunk[0..<n])
        }
        fclose(f)
        var lines: [Range<Int>] = []
        var start = 0
        for (i, b) in data.enumerated() where b == 0x0A {
            if i > start { lines.append(start..<i) }
            start = i + 1
        }
        if start < data.count { lines.append(start..<data.count) }
        self.data = data
        self.lines = lines
    }

    func forEachLine(_ body: (UnsafeRawBufferPointer) -> Void) {
        data.withUnsafeBytes { raw in
            for r in lines { body(UnsafeRawBufferPointer(rebasing: raw[r])) }
        }
    }

    /// Writes the first `count` lines to `path`: the path and the count, or nil when it cannot.
    func writePrefix(_ count: Int, to path: String) -> (path: String, count: Int)? {
        guard count > 0, let f = fopen(path, "wb") else { return nil }
        defer { fclose(f) }
        let end = lines[min(count, lines.count) - 1].upperBound
        let written = data.withUnsafeBytes { raw in fwrite(raw.baseAddress, 1, end, f) }
        guard written == end, fputc(0x0A, f) != EOF else { return nil }
        return (path, min(count, lines.count))
    }

    /// The first `limit` sellers, read.
    func read(ruleSet: RuleSet, limit: Int) -> [Snapshot] {
        let reader = SnapshotReader(ruleSet: ruleSet)
        var out: [Snapshot] = []
        var failed = 0
        data.withUnsafeBytes { raw in
            for r in lines.prefix(limit) {
                if let s = try? reader.read(json: UnsafeRawBufferPointer(rebasing: raw[r])) { out.append(s) } else { failed += 1 }
            }
        }
        if failed > 0 { print("note: \(failed) sellers of the population could not be read") }
        return out
    }
}
