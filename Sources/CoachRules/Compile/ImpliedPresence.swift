// ImpliedPresence.swift — the signals a rule's condition proves present when it holds: those
// it asks about with `has()`, carried through `&&`, `||`, `!`, `?:`, the `all`/`any`/`not`
// tree and the definitions it reads. A text may read them without a fallback.

import CoachExpr

struct ImpliedPresence {
    /// The signals known present when an expression is true, and when it is false.
    struct Sets: Sendable {
        var whenTrue: Set<Int> = []
        var whenFalse: Set<Int> = []
    }

    let signalIndex: [String: Int]
    /// A bool definition's sets, for a condition that reads it by name.
    let definitions: [String: Sets]

    /// Present whenever the condition holds.
    func whenHolds(_ c: Condition) -> Set<Int> {
        switch c {
        case .leaf(let l): return l.program.parsed.map { sets($0.root).whenTrue } ?? []
        case .all(let cs): return cs.reduce(into: Set<Int>()) { $0.formUnion(whenHolds($1)) }
        case .any(let cs): return Self.common(cs.map(whenHolds))
        case .not(let c): return whenFails(c)
        }
    }

    /// Present whenever the condition does not hold.
    func whenFails(_ c: Condition) -> Set<Int> {
        switch c {
        case .leaf(let l): return l.program.parsed.map { sets($0.root).whenFalse } ?? []
        case .all(let cs): return Self.common(cs.map(whenFails))
        case .any(let cs): return cs.reduce(into: Set<Int>()) { $0.formUnion(whenFails($1)) }
        case .not(let c): return whenHolds(c)
        }
    }

    /// An expression's sets. Anything but `has()`, the logical operators, `?:` and a
    /// definition's name proves nothing (a comparison's reads skip the rule when missing,
    /// which the compiler counts apart). The parser bounds the depth of the tree.
    func sets(_ e: Expr) -> Sets {
        switch e.kind {
        case .ident(let name, _):
            return definitions[name] ?? Sets()
        case .select(let operand, _, testOnly: true):
            return Sets(whenTrue: signal(operand).map { [$0] } ?? [])
        case .call(nil, let function, let args):
            switch function {
            case Operator.present:
                return Sets(whenTrue: args.first.flatMap(signal).map { [$0] } ?? [])
            case Operator.and:
                let parts = args.map(sets)
                return Sets(whenTrue: Self.all(parts.map(\.whenTrue)), whenFalse: Self.common(parts.map(\.whenFalse)))
            case Operator.or:
                let parts = args.map(sets)
                return Sets(whenTrue: Self.common(parts.map(\.whenTrue)), whenFalse: Self.all(parts.map(\.whenFalse)))
            case Operator.not where args.count == 1:
                let inner = sets(args[0])
                return Sets(whenTrue: inner.whenFalse, whenFalse: inner.whenTrue)
            case Operator.conditional where args.count == 3:
                let (c, a, b) = (sets(args[0]), sets(args[1]), sets(args[2]))
                return Sets(whenTrue: c.whenTrue.union(a.whenTrue).intersection(c.whenFalse.union(b.whenTrue)),
                            whenFalse: c.whenTrue.union(a.whenFalse).intersection(c.whenFalse.union(b.whenFalse)))
            default:
                return Sets()
            }
        default:
            return Sets()
        }
    }

    /// The signal a `has()` asks about: `has(x)` and `has(x.field)` both prove `x` present.
    func signal(_ e: Expr) -> Int? {
        if case .ident(let name, _) = e.kind { return signalIndex[name] }
        return nil
    }

    static func all(_ sets: [Set<Int>]) -> Set<Int> { sets.reduce(into: Set<Int>()) { $0.formUnion($1) } }

    static func common(_ sets: [Set<Int>]) -> Set<Int> {
        guard var out = sets.first else { return [] }
        for s in sets.dropFirst() { out.formIntersection(s) }
        return out
    }
}
