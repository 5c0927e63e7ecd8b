// OptionalFields.swift — reads of an object's optional field (`absent: optional` in the
// catalog) that nothing around them makes sure of. Reading a field an object leaves out is
// an error when the expression runs, so a rule whose text reads `l.title` of a listing
// without one fires with no text, and one whose condition does fails: the rule set's
// compiler warns (CoachRules' OptionalFieldChecks, with what the rule makes sure of).

import CoachSource

enum OptionalFields {
    /// A field read that may find nothing: the node, the path as written (`l.title`), the
    /// field and the object type's name.
    struct Read {
        let node: Expr
        let path: String
        let field: String
        let type: String
    }

    /// The optional fields read in `parsed` (its node types in `types`) where no `has()` of
    /// the same path guards them: `has(l.title) ? l.title : l.id`, `has(l.title) &&
    /// l.title != ""` and `!has(l.title) || …` are guarded. A guard is matched by its path
    /// as written (a name, fields, and indexes by a literal); anything else is not guarded.
    static func unguarded(_ parsed: ParsedExpr, types: [CELType], known: Set<String> = []) -> [Read] {
        var out: [Read] = []
        walk(parsed.root, known: known, types: types, into: &out)
        return out
    }

    /// The paths `e` makes sure of when true, and when false.
    static func proven(_ e: Expr) -> (whenTrue: Set<String>, whenFalse: Set<String>) {
        let s = sets(e)
        return (s.whenTrue, s.whenFalse)
    }

    /// The paths known present when an expression is true, and when it is false.
    private struct Sets {
        var whenTrue: Set<String> = []
        var whenFalse: Set<String> = []
    }

    /// The parser bounds the depth of the tree, and so this recursion.
    private static func walk(_ e: Expr, known: Set<String>, types: [CELType], into out: inout [Read]) {
        switch e.kind {
        case .select(let operand, let field, testOnly: false):
            walk(operand, known: known, types: types, into: &out)
            guard types.indices.contains(operand.id), case .object(let t) = types[operand.id],
                  let i = t.fieldIndex(field), t.fields[i].optional else { return }
            let path = self.path(operand).map { $0 + "." + field }
            if let path, known.contains(path) { return }
            out.append(Read(node: e, path: path ?? field, field: field, type: t.name))
        case .select(_, _, testOnly: true):
            return  // asks whether it is there; reads nothing
        case .call(nil, let function, let args) where function == Operator.and || function == Operator.or:
            // Either side guards the other: CEL's `&&` is false when any side is, an error on
            // the other notwithstanding (`l.title == "x" && has(l.title)`), and `||` true.
            let parts = args.map { a in function == Operator.and ? sets(a).whenTrue : sets(a).whenFalse }
            for (i, a) in args.enumerated() {
                var k = known
                for (j, part) in parts.enumerated() where j != i { k.formUnion(part) }
                walk(a, known: k, types: types, into: &out)
            }
        case .call(nil, Operator.conditional, let args) where args.count == 3:
            let c = sets(args[0])
            walk(args[0], known: known, types: types, into: &out)
            walk(args[1], known: known.union(c.whenTrue), types: types, into: &out)
            walk(args[2], known: known.union(c.whenFalse), types: types, into: &out)
        case .comprehension(let c):
            // The loop's variables are new names inside it: what was known of an outer one
            // of the same name is not known of them.
            let names = [c.iterVar, c.iterVar2, c.accuVar].compactMap { $0 }
            var inside = known.filter { path in !names.contains { path.hasPrefix($0 + ".") || path.hasPrefix($0 + "[") } }
            // Over a `filter` that kept only elements with a field, the loop's element has it.
            for field in kept(c.range) { inside.insert(c.iterVar + "." + field) }
            walk(c.range, known: known, types: types, into: &out)
            walk(c.accuInit, known: known, types: types, into: &out)
            for part in [c.loopCondition, c.loopStep, c.result] { walk(part, known: inside, types: types, into: &out) }
        default:
            for child in e.children { walk(child, known: known, types: types, into: &out) }
        }
    }

    /// What `e` proves present: `has()` carried through `&&`, `||`, `!` and `?:`.
    private static func sets(_ e: Expr) -> Sets {
        switch e.kind {
        case .select(let operand, let field, testOnly: true):
            return Sets(whenTrue: path(operand).map { [$0 + "." + field] } ?? [])
        case .call(nil, let function, let args):
            switch function {
            case Operator.and:
                let parts = args.map(sets)
                return Sets(whenTrue: parts.reduce(into: []) { $0.formUnion($1.whenTrue) }, whenFalse: common(parts.map(\.whenFalse)))
            case Operator.or:
                let parts = args.map(sets)
                return Sets(whenTrue: common(parts.map(\.whenTrue)), whenFalse: parts.reduce(into: []) { $0.formUnion($1.whenFalse) })
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

    /// The fields every element of `e` has when `e` is a `filter` (or a filter of one) whose
    /// predicate asks `has()` of them: `listings.filter(l, has(l.title))`.
    private static func kept(_ e: Expr) -> Set<String> {
        guard case .comprehension(let f) = e.kind, f.macro == "filter",
              case .call(nil, Operator.conditional, let args) = f.loopStep.kind, args.count == 3 else { return [] }
        let prefix = f.iterVar + "."
        var fields = kept(f.range)
        for path in sets(args[0]).whenTrue where path.hasPrefix(prefix) {
            let field = path.dropFirst(prefix.count)
            if !field.contains("."), !field.contains("[") { fields.insert(String(field)) }
        }
        return fields
    }

    private static func common(_ sets: [Set<String>]) -> Set<String> {
        guard let first = sets.first else { return [] }
        return sets.dropFirst().reduce(first) { $0.intersection($1) }
    }

    /// The path `e` names as written: a name, its fields, and indexes by a literal
    /// (`listings[0].title`); nil for anything computed.
    private static func path(_ e: Expr) -> String? {
        switch e.kind {
        case .ident(let name, _): return name
        case .select(let operand, let field, testOnly: false): return path(operand).map { $0 + "." + field }
        case .call(nil, Operator.index, let args) where args.count == 2:
            guard let base = path(args[0]) else { return nil }
            switch args[1].kind {
            case .literal(.int(let i)): return base + "[\(i)]"
            case .literal(.uint(let i)): return base + "[\(i)u]"
            case .literal(.string(let s)): return base + "[\"\(s)\"]"
            default: return nil
            }
        default: return nil
        }
    }
}
