// Counting.swift — "1 rule", "3 rules": a count with its noun, for messages and summaries.

/// `n` and `noun`, the noun in the plural (an added "s") unless `n` is 1.
package func counted(_ n: Int, _ noun: String) -> String { "\(n) \(noun)\(n == 1 ? "" : "s")" }
