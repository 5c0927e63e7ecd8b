// ImpliedPresence.swift — the signals a rule's condition proves present when it holds: those
// it asks about with `has()`, carried through `&&`, `||`, `!`, `?:`, the `all`/`any`/`not`
// tree and the definitions it reads. A text may read them without a fallback.

import CoachExpr

struct ImpliedPresence {
    /// Signals known present: some, or every one (where a value cannot be: `false` is never
    /// true, so whenever it is, anything holds).
    struct Known: Sendable, Equatable {
        var all = false
        var some: Set<Int> = []

        static let everything = Known(all: true)

        func union(_ other: Known) -> Known { Known(all: all || other.all, some: some.union(other.some)) }

        func intersection(_ other: Known) -> Known {
            if all { return other }
            if other.all { return self }
            return Known(some: some.intersection(other.some))
        }
    }

    /// The signals known present when an expression is true, and when it is false.
    struct Sets: Sendable {
        var whenTrue = Known()
        var whenFalse = Known()
        var swapped: Sets { Sets(whenTrue: whenFalse, whenFalse: whenTrue) }
    }

    let signalIndex: [String: Int]
    /// A bool definition's sets, for a condition that reads it by name.
    let definitions: [String: Sets]

    /// Present whenever the condition holds (every signal, for one that never does: the
    /// text is then never written).
    func whenHolds(_ c: Condition) -> Set<Int> {
        let known = holds(c)
        return known.all ? Set(signalIndex.values) : known.some
    }

    func holds(_ c: Condition) -> Known {
        switch c {
        case .leaf(let l): return l.program.parsed.map { sets($0.root).whenTrue } ?? Known()
        case .all(let cs): return cs.reduce(Known()) { $0.union(holds($1)) }
        case .any(let cs): return Self.common(cs.map(holds))
        case .not(let c): return fails(c)
        }
    }

    /// Present whenever the condition does not hold.
    func fails(_ c: Condition) -> Known {
        switch c {
        case .leaf(let l): return l.program.parsed.map { sets($0.root).whenFalse } ?? Known()
        case .all(let cs): return Self.common(cs.map(fails))
        case .any(let cs): return cs.reduce(Known()) { $0.union(fails($1)) }
        case .not(let c): return holds(c)
        }
    }

    /// An expression's sets. Anything but `has()`, the logical operators, `?:`, `==`/`!=`
    /// against a bool literal, a bool literal and a definition's name proves nothing (a
    /// comparison's reads skip the rule when missing, which the compiler counts apart). The
    /// parser bounds the depth of the tree.
    func sets(_ e: Expr) -> Sets {
        switch e.kind {
        case .literal(.bool(let b)):
            return b ? Sets(whenFalse: .everything) : Sets(whenTrue: .everything)
        case .ident(let name, _):
            return definitions[name] ?? Sets()
        case .select(let operand, _, testOnly: true):
            return Sets(whenTrue: Known(some: signal(operand).map { [$0] } ?? []))
        case .call(nil, let function, let args):
            switch function {
            case Operator.present:
                return Sets(whenTrue: Known(some: args.first.flatMap(signal).map { [$0] } ?? []))
            case Operator.and:
                let parts = args.map(sets)
                return Sets(whenTrue: parts.reduce(Known()) { $0.union($1.whenTrue) }, whenFalse: Self.common(parts.map(\.whenFalse)))
            case Operator.or:
                let parts = args.map(sets)
                return Sets(whenTrue: Self.common(parts.map(\.whenTrue)), whenFalse: parts.reduce(Known()) { $0.union($1.whenFalse) })
            case Operator.not where args.count == 1:
                return sets(args[0]).swapped
            case Operator.conditional where args.count == 3:
                let (c, a, b) = (sets(args[0]), sets(args[1]), sets(args[2]))
                return Sets(whenTrue: c.whenTrue.union(a.whenTrue).intersection(c.whenFalse.union(b.whenTrue)),
                            whenFalse: c.whenTrue.union(a.whenFalse).intersection(c.whenFalse.union(b.whenFalse)))
            case Operator.equals where args.count == 2, Operator.notEquals where args.count == 2:
                // `has(x) == true`: the other side, as it is or turned over.
                let (literal, other): (Bool, Expr)
                if case .literal(.bool(let b)) = args[1].kind { (literal, other) = (b, args[0]) }
                else if case .literal(.bool(let b)) = args[0].kind { (literal, other) = (b, args[1]) }
                else { return Sets() }
                let inner = sets(other)
                return literal == (function == Operator.equals) ? inner : inner.swapped
            default:
                return Sets()
            }
        default:
            return Sets()
        }
    }

    /// A read of a signal that nothing before it on its path makes sure of: the name read
    /// (the signal's, or a definition's reading it) and the node.
    struct Read {
        let signal: Int
        let name: String
        let node: Expr
    }

    /// The reads of `e` not guarded by what is `known` present where they are evaluated,
    /// appended to `out`: `has(x) && x > 1` guards the second read of x (and of a definition
    /// reading x), `has(x) ? x : 0` the first branch's, `!has(x) || x < 1` the second
    /// operand's. `signals` gives the signals a name needs (a signal's own, a definition's
    /// whose absence it cannot do without); comprehension variables hide names as they do
    /// when the text runs.
    func unguardedReads(_ e: Expr, known: Known, hidden: Set<String> = [], signals: (String) -> [Int], into out: inout [Read]) {
        switch e.kind {
        case .ident(let name, _):
            guard !known.all, !hidden.contains(name) else { return }
            for i in signals(name) where !known.some.contains(i) { out.append(Read(signal: i, name: name, node: e)) }
        case .call(nil, Operator.present, _):
            return  // asks whether it is there; reads nothing
        case .call(nil, let function, let args) where function == Operator.and || function == Operator.or:
            var k = known
            for a in args {
                unguardedReads(a, known: k, hidden: hidden, signals: signals, into: &out)
                let part = sets(a)
                k = k.union(function == Operator.and ? part.whenTrue : part.whenFalse)
            }
        case .call(nil, Operator.conditional, let args) where args.count == 3:
            let c = sets(args[0])
            unguardedReads(args[0], known: known, hidden: hidden, signals: signals, into: &out)
            unguardedReads(args[1], known: known.union(c.whenTrue), hidden: hidden, signals: signals, into: &out)
            unguardedReads(args[2], known: known.union(c.whenFalse), hidden: hidden, signals: signals, into: &out)
        case .comprehension(let c):
            var inside = hidden
            inside.insert(c.iterVar)
            if let v = c.iterVar2 { inside.insert(v) }
            inside.insert(c.accuVar)
            unguardedReads(c.range, known: known, hidden: hidden, signals: signals, into: &out)
            unguardedReads(c.accuInit, known: known, hidden: hidden.union([c.accuVar]), signals: signals, into: &out)
            for part in [c.loopCondition, c.loopStep, c.result] {
                unguardedReads(part, known: known, hidden: inside, signals: signals, into: &out)
            }
        default:
            for child in e.children { unguardedReads(child, known: known, hidden: hidden, signals: signals, into: &out) }
        }
    }

    /// The signal a `has()` asks about: `has(x)` and `has(x.field)` both prove `x` present.
    func signal(_ e: Expr) -> Int? {
        if case .ident(let name, _) = e.kind { return signalIndex[name] }
        return nil
    }

    static func common(_ sets: [Known]) -> Known {
        guard let first = sets.first else { return Known() }
        return sets.dropFirst().reduce(first) { $0.intersection($1) }
    }
}
