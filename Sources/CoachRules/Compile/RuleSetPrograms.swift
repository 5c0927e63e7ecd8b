// RuleSetPrograms.swift — every compiled program of a rule set, for the checks and analyses
// that must see all of them (the history functions' ids, the definitions read whole).

import CoachExpr

enum RuleSetPrograms {
    /// Every program of a rule set: its definitions; its rules' conditions, priorities, tips
    /// and escalations, with the texts of their fallbacks; its checklist items' conditions,
    /// progress and titles; and its playbooks' conditions.
    static func all(rules: [CompiledRule], definitions: [CompiledDefinition], items: [CompiledItem],
                    playbooks: [CompiledPlaybook]) -> [Program] {
        var out = definitions.map(\.program)
        for r in rules {
            out += r.condition.leaves.map(\.program)
            if let p = r.priorityProgram { out.append(p) }
            for tip in [r.tip, r.texts.tip].compactMap({ $0 }) {
                out += tip.templates.flatMap(\.programs)
            }
            for e in [r.escalation, r.texts.escalation].compactMap({ $0 }) { out += e.templates.flatMap(\.programs) }
        }
        for i in items {
            out += [i.doneWhen] + i.title.programs
            if let a = i.appliesWhen { out.append(a) }
            if let p = i.progress { out.append(p) }
        }
        out += playbooks.compactMap(\.appliesWhen)
        return out
    }
}
