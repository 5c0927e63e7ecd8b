// OptionalFieldChecks.swift — where a rule set's expressions read an object's optional field
// (`absent: optional`) with nothing making sure of it: `expr.optional-field` warnings. A
// `has()` guards within its expression, among the members of an `all:` or `any:`, and, in a
// rule's condition, for the rule's texts and priority (they are written only when it holds).

import CoachExpr
import CoachSource

enum OptionalFieldChecks {
    /// The warnings of `program`, read where `known` paths are made sure of.
    static func warnings(_ program: Program?, known: Set<String> = [], _ env: Environment) -> [Diagnostic] {
        guard env.hasOptionalFields, let program else { return [] }
        return program.optionalFieldWarnings(known: known)
    }

    /// A rule's warnings: its condition's leaves (each guarded by the other members of the
    /// `all:` or `any:` lists it stands in), and its texts and priority, guarded by what the
    /// condition makes sure of when it holds.
    static func rule(condition: Condition, texts: [Template], priority: Program?, _ env: Environment) -> [Diagnostic] {
        guard env.hasOptionalFields else { return [] }
        var out: [Diagnostic] = []
        leaves(condition, known: [], env, into: &out)
        let proven = holds(condition)
        for program in texts.flatMap(\.programs) + (priority.map { [$0] } ?? []) {
            out += program.optionalFieldWarnings(known: proven)
        }
        return out
    }

    /// The condition tree's depth is bounded by the loader's nesting limit.
    private static func leaves(_ c: Condition, known: Set<String>, _ env: Environment, into out: inout [Diagnostic]) {
        switch c {
        case .leaf(let l): out += l.program.optionalFieldWarnings(known: known)
        case .all(let cs): members(cs, known: known, proof: holds, env, into: &out)
        case .any(let cs): members(cs, known: known, proof: fails, env, into: &out)
        case .not(let c): leaves(c, known: known, env, into: &out)
        }
    }

    /// Each member guarded by what the others make sure of (`all:` when they hold, `any:`
    /// when they do not): a list is decided as `&&` and `||` are, whichever member fails.
    private static func members(_ cs: [Condition], known: Set<String>, proof: (Condition) -> Set<String>, _ env: Environment,
                                into out: inout [Diagnostic]) {
        let proofs = cs.map(proof)
        for (i, c) in cs.enumerated() {
            var k = known
            for (j, p) in proofs.enumerated() where j != i { k.formUnion(p) }
            leaves(c, known: k, env, into: &out)
        }
    }

    /// The paths made sure of when `c` holds.
    static func holds(_ c: Condition) -> Set<String> {
        switch c {
        case .leaf(let l): return l.program.provenFields.whenTrue
        case .all(let cs): return cs.reduce(into: []) { $0.formUnion(holds($1)) }
        case .any(let cs): return common(cs.map(holds))
        case .not(let c): return fails(c)
        }
    }

    /// The paths made sure of when `c` does not hold.
    static func fails(_ c: Condition) -> Set<String> {
        switch c {
        case .leaf(let l): return l.program.provenFields.whenFalse
        case .all(let cs): return common(cs.map(fails))
        case .any(let cs): return cs.reduce(into: []) { $0.formUnion(fails($1)) }
        case .not(let c): return holds(c)
        }
    }

    private static func common(_ sets: [Set<String>]) -> Set<String> {
        guard let first = sets.first else { return [] }
        return sets.dropFirst().reduce(first) { $0.intersection($1) }
    }
}
