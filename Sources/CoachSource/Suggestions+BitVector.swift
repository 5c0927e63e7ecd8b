// Suggestions+BitVector.swift — the edit distance of an ASCII name of up to 64 bytes,
// column by column in the bits of one word (Myers' bit-vector algorithm, with Hyyrö's step
// for transpositions): the same distance (optimal string alignment) as the table, in a few
// word operations a byte of the candidate. A misspelt name compared with thousands of
// defined ones ("did you mean") is a loop of these.

extension Suggestions {
    /// A lowercased ASCII name of 1–64 bytes, ready to be compared: for each byte value, the
    /// positions in the name that hold it, as bits.
    package struct BitPattern {
        private var positions: [UInt64]
        package let count: Int

        /// Nil when `bytes` is empty or longer than 64 (the table is used then).
        package init?(_ bytes: [UInt8]) {
            guard (1...64).contains(bytes.count) else { return nil }
            positions = [UInt64](repeating: 0, count: 256)
            for (i, b) in bytes.enumerated() { positions[Int(b)] |= 1 << UInt64(i) }
            count = bytes.count
        }

        /// The distance from the name to `text`'s bytes, ASCII capitals read as small
        /// letters; any distance past `limit` may come back as a larger one past it (the
        /// loop stops once the bytes left cannot bring it back under).
        package func distance(to text: UnsafeBufferPointer<UInt8>, limit: Int) -> Int {
            let m = count
            let last: UInt64 = 1 << UInt64(m - 1)
            // Column j of the table as its vertical steps: +1 where a bit of `up` is set,
            // −1 where one of `down` is; `score` is the column's last cell, D[m][j].
            var up: UInt64 = m == 64 ? ~0 : (1 << UInt64(m)) - 1, down: UInt64 = 0
            var score = m
            var previousMatches: UInt64 = 0, previousZero: UInt64 = 0
            return positions.withUnsafeBufferPointer { peq in
                for j in 0..<text.count {
                    let b = text[j]
                    let matches = peq[Int(b >= 0x41 && b <= 0x5A ? b | 0x20 : b)]
                    // A transposition: this byte matches position i while the previous byte
                    // matched position i + 1, and the diagonal did not already step by zero.
                    let swapped = (((~previousZero) & matches) << 1) & previousMatches
                    let zero = (((matches & up) &+ up) ^ up) | matches | down | swapped
                    let right = down | ~(zero | up)
                    let left = zero & up
                    if right & last != 0 { score += 1 } else if left & last != 0 { score -= 1 }
                    // Row 0 is j itself: each column starts one step right of the last.
                    let shifted = (right << 1) | 1
                    down = shifted & zero
                    up = (left << 1) | ~(shifted | zero)
                    previousMatches = matches
                    previousZero = zero
                    // Each byte left can bring the last cell down by one at most.
                    if score - (text.count - j - 1) > limit { return score - (text.count - j - 1) }
                }
                return score
            }
        }
    }
}
