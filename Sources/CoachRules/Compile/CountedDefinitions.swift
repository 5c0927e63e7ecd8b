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

    /// Every program of a rule set: its definitions, its rules' conditions, priorities, tips
    /// and escalations (with their fallback texts), and its checklist items and playbooks.
    static func programs(rules: [CompiledRule], definitions: [CompiledDefinition], items: [CompiledItem],
                         playbooks: [CompiledPlaybook]) -> [Program] {
        var out = History.programs(rules: rules, definitions: definitions, items: items)
        for r in rules {
            if let tip = r.texts.tip { out += [tip.title, tip.body].flatMap(\.programs) + tip.actions.flatMap(\.programs) }
            if let e = r.texts.escalation { out += e.templates.flatMap(\.programs) }
        }
        out += playbooks.compactMap(\.appliesWhen)
        return out
    }
}
