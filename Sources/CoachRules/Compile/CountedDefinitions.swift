// CountedDefinitions.swift — the `filter` definitions a rule set only ever asks the size of
// (`weak_listings.size() >= 3`): an evaluation counts them without making their lists.

import CoachExpr

enum CountedDefinitions {
    /// The slots of the definitions that are a `filter` and that no expression of the rule
    /// set reads whole: every read of them is a `size()` (``Program/wholeRead``). Reading one
    /// whole would still work (its list is then made as well), so a program left out here
    /// costs time, never a wrong answer.
    static func slots(definitions: [CompiledDefinition], programs: [Program]) -> Set<Int> {
        var readWhole = Set<Int>()
        for p in programs { readWhole.formUnion(p.wholeRead) }
        return Set(definitions.filter { $0.program.countable && !readWhole.contains($0.slot) }.map(\.slot))
    }
}
