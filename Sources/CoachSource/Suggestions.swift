// Suggestions.swift — "did you mean" for misspelt names.

/// Finds the closest known name to a misspelt one, for "did you mean" hints.
package enum Suggestions {
    /// The candidate closest to `name` by edit distance, when it is close enough to be a
    /// plausible typo (at most a third of the name's length, and at least one edit allowed).
    package static func closest<S: Sequence>(to name: String, in candidates: S) -> String? where S.Element == String {
        closest(to: name, in: Array(candidates))
    }

    /// The same over an array: the loop over the candidates made for it, not through the
    /// generic sequence's witnesses (a snapshot's unknown signal is compared with the whole
    /// catalog).
    package static func closest(to name: String, in candidates: [String]) -> String? {
        var work = 0
        return closest(to: name, among: [candidates], work: &work, budget: .max).name
    }

    /// The most edits a name of `length` characters may be from the name suggested: a third
    /// of its length, at least one and at most three (rustc's rule, capped), so a 3-letter
    /// name gets one: `dya` suggests `day`, `dog` does not (diagnostics.md).
    package static func editLimit(_ length: Int) -> Int { min(3, max(length, 3) / 3) }

    /// The same over several lists (never `excluding`), adding to `work` the cells of the
    /// distances worked out (a byte of a candidate is one cell in the bits of a word, one per
    /// diagonal of the band in the table); once `work` reaches `budget` the search stops,
    /// giving no name and `complete` false.
    package static func closest(to name: String, among lists: [[String]], excluding: String? = nil, work: inout Int, budget: Int)
        -> (name: String?, complete: Bool) {
        let limit = editLimit(name.count)
        // ASCII names (nearly all of them) are compared as bytes, lowercased as they are
        // copied into buffers kept for the whole search: the same distances as over
        // lowercased scalars, without a string and two arrays made per candidate.
        let asciiTarget = asciiLowercased(name)
        // Up to 64 bytes, in the bits of a word (most names); longer ones by the table.
        let pattern = asciiTarget.flatMap(BitPattern.init)
        lazy var target = Array(name.lowercased().unicodeScalars)
        var rows: [Int] = [], other: [UInt8] = []
        var best: (name: String, distance: Int)?
        for candidate in lists.joined() where candidate != excluding {
            let d: Int
            if work >= budget { return (nil, false) }
            if let asciiTarget, candidate.utf8.allSatisfy({ $0 < 0x80 }) {
                if abs(candidate.utf8.count - asciiTarget.count) > limit { continue }
                work &+= pattern != nil ? candidate.utf8.count : candidate.utf8.count &* (2 &* limit &+ 1)
                if let pattern, let bits = candidate.utf8.withContiguousStorageIfAvailable({ pattern.distance(to: $0, limit: limit) }) {
                    d = bits
                } else {
                    other.removeAll(keepingCapacity: true)
                    if candidate.utf8.withContiguousStorageIfAvailable({ (bytes: UnsafeBufferPointer<UInt8>) -> Void in
                        for b in bytes { other.append(lowercase(b)) }
                    }) == nil {
                        for b in candidate.utf8 { other.append(lowercase(b)) }
                    }
                    d = distance(asciiTarget, other, limit: limit, rows: &rows)
                }
            } else {
                // Lengths alone can rule a candidate out: an ASCII name's before it is
                // lowercased (its length stays), any other's after.
                if candidate.utf8.allSatisfy({ $0 < 0x80 }), abs(candidate.utf8.count - target.count) > limit { continue }
                let scalars = Array(candidate.lowercased().unicodeScalars)
                if abs(scalars.count - target.count) > limit { continue }
                work &+= scalars.count &* (2 &* limit &+ 1)
                d = distance(target, scalars, limit: limit)
            }
            guard d <= limit else { continue }
            if let b = best, d > b.distance || (d == b.distance && !prefers(candidate, over: b.name, for: name)) { continue }
            best = (candidate, d)
        }
        return (best?.name, true)
    }

    /// Of two names as close to `name`, whether `a` is the one to suggest: the one that
    /// starts more like it (`case` suggests `cases` before `base`), then the first by spelling.
    package static func prefers(_ a: String, over b: String, for name: String) -> Bool {
        let pa = commonPrefix(a, name), pb = commonPrefix(b, name)
        return pa != pb ? pa > pb : a < b
    }

    /// How many leading characters `a` and `b` share, ignoring case.
    private static func commonPrefix(_ a: String, _ b: String) -> Int {
        zip(a.lowercased().unicodeScalars, b.lowercased().unicodeScalars).prefix { $0 == $1 }.count
    }

    /// `name`'s bytes with ASCII capitals lowercased, or nil when it is not all ASCII.
    private static func asciiLowercased(_ name: String) -> [UInt8]? {
        guard name.utf8.allSatisfy({ $0 < 0x80 }) else { return nil }
        return name.utf8.map(lowercase)
    }

    @inline(__always)
    private static func lowercase(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b | 0x20 : b }

    /// A ready-made hint: `did you mean 'x'?`, or `nil` when nothing is close.
    package static func didYouMean<S: Sequence>(_ name: String, in candidates: S) -> String? where S.Element == String {
        closest(to: name, in: candidates).map { "did you mean '\($0)'?" }
    }

    /// The same over an array.
    package static func didYouMean(_ name: String, in candidates: [String]) -> String? {
        closest(to: name, in: candidates).map { "did you mean '\($0)'?" }
    }

    /// Damerau–Levenshtein distance (optimal string alignment) over characters.
    package static func distance(_ a: String, _ b: String) -> Int {
        distance(Array(a.unicodeScalars), Array(b.unicodeScalars))
    }

    /// The same over Unicode scalars, keeping three rows instead of a whole table. With a
    /// `limit`, any distance past it may come back as `limit + 1`: the rows stop once two in
    /// a row are all past it (a cell rests on the row before and, through a transposition,
    /// the one before that, so no later row can come back under it).
    package static func distance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int = .max) -> Int {
        var rows: [Int] = []
        return distance(a, b, limit: limit, rows: &rows)
    }

    /// The same over any elements; `rows` holds the three rows, kept from one call to the
    /// next (grown when `b` needs longer ones).
    private static func distance<E: Equatable>(_ a: [E], _ b: [E], limit: Int, rows: inout [Int]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        let width = b.count + 1
        if rows.count < 3 * width { rows = Array(repeating: 0, count: 3 * width) }
        return a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                rows.withUnsafeMutableBufferPointer { r in
                    // Where each row starts in `r`: the row before the previous, the
                    // previous, the current.
                    var (before, previous, current) = (0, width, 2 * width)
                    for j in 0..<width { r[previous + j] = j }
                    // Only cells within `limit` of the diagonal can be within the limit (each
                    // step off it costs an edit): the rest count as `far`.
                    let band = min(limit, a.count + b.count), far = band + 1
                    var previousOver = false  // every cell of `previous` past the limit
                    for i in 1...a.count {
                        let lo = max(1, i - band), hi = min(b.count, i + band)
                        if lo > hi { return far }  // the band has left the table: past the limit
                        r[current + lo - 1] = lo == 1 ? i : far
                        if hi < b.count { r[current + hi + 1] = far }
                        var rowMin = far
                        if lo == 1 { rowMin = i }
                        for j in lo...hi {
                            let cost = a[i - 1] == b[j - 1] ? 0 : 1
                            var v = min(r[previous + j] + 1, r[current + j - 1] + 1, r[previous + j - 1] + cost)
                            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { v = min(v, r[before + j - 2] + 1) }
                            r[current + j] = v
                            rowMin = min(rowMin, v)
                        }
                        let over = rowMin > limit
                        if over && previousOver { return limit &+ 1 }
                        previousOver = over
                        (before, previous, current) = (previous, current, before)
                    }
                    // The last cell lies outside the band when `b` is longer by more than it.
                    return a.count + band < b.count ? far : r[previous + b.count]
                }
            }
        }
    }
}
