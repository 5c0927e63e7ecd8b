// Suggestions.swift — "did you mean" for misspelt names.

/// Finds the closest known name to a misspelt one, for "did you mean" hints.
package enum Suggestions {
    /// The candidate closest to `name` by edit distance, when it is close enough to be a
    /// plausible typo (at most a third of the name's length, and at least one edit allowed).
    package static func closest<S: Sequence>(to name: String, in candidates: S) -> String? where S.Element == String {
        let limit = max(1, min(3, name.count / 3 + 1))
        let target = Array(name.lowercased().unicodeScalars)
        var best: (name: String, distance: Int)?
        for candidate in candidates {
            // Lengths alone can rule a candidate out: an ASCII name's before it is lowercased
            // (its length stays), any other's after.
            if candidate.utf8.allSatisfy({ $0 < 0x80 }), abs(candidate.utf8.count - target.count) > limit { continue }
            let other = Array(candidate.lowercased().unicodeScalars)
            if abs(other.count - target.count) > limit { continue }
            let d = distance(target, other, limit: limit)
            guard d <= limit else { continue }
            if let b = best, d > b.distance || (d == b.distance && candidate >= b.name) { continue }
            best = (candidate, d)
        }
        return best?.name
    }

    /// A ready-made hint: `did you mean 'x'?`, or `nil` when nothing is close.
    package static func didYouMean<S: Sequence>(_ name: String, in candidates: S) -> String? where S.Element == String {
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
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        var previousOver = false  // every cell of `previous` past the limit
        for i in 1...a.count {
            current[0] = i
            var rowMin = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] { v = min(v, before[j - 2] + 1) }
                current[j] = v
                rowMin = min(rowMin, v)
            }
            let over = rowMin > limit
            if over && previousOver { return limit &+ 1 }
            previousOver = over
            (before, previous, current) = (previous, current, before)
        }
        return previous[b.count]
    }
}
