// UnknownSignalHints.swift — the "did you mean" of an unknown signal, remembered per reader.

import CoachRules
import CoachSource

/// The hints for signal names the catalog lacks, worked out once per name and reader (per
/// thread): a producer that sends such a key sends it on every line of a population, and
/// each hint compares the name with every signal of the catalog.
final class UnknownSignalHints {
    /// Names past this length are not remembered (nor are names once the table is full):
    /// hostile input cannot make the table large.
    static let longestName = 128, capacity = 256
    /// Name → hint; "" when nothing in the catalog is close.
    private var known: [String: String] = [:]
    /// The catalog's signal names, made at the first unknown signal.
    private var names: [String]?

    /// The hint for `name`, an unknown signal of `ruleSet`'s catalog.
    func hint(_ name: String, _ ruleSet: RuleSet) -> String? {
        if let h = known[name] { return h.isEmpty ? nil : h }
        let names = self.names ?? ruleSet.catalog.signals.map(\.name)
        self.names = names
        let h = Suggestions.didYouMean(name, in: names)
        if name.utf8.count <= Self.longestName && known.count < Self.capacity { known[name] = h ?? "" }
        return h
    }
}
