// TemplateInputs.swift — when a template cannot fail: its expressions are values of variables
// or constants, or the size of a list or map variable, shown as they are or through a
// formatting function (number, percent, money, plural, days) that refuses only what such
// values cannot be. Outputs that only need to know a text can be written (`coach batch
// --output ids`) then check the variables' values instead of evaluating the expressions.

import CoachExpr

/// A variable a template reads, and what its value must be for the template not to fail.
package struct TemplateInput: Sendable, Equatable {
    /// What the value must be.
    package enum Need: Sendable, Equatable {
        /// An int, a finite number, a text or a bool (written as it is).
        case plain
        /// An int or a finite number.
        case number
        /// An int, or a number still finite once multiplied by 100 (`percent`: a finite ratio
        /// over about 1.8e306 is not).
        case percentage
        /// An int (a count: `plural`, `days`).
        case int
    }

    /// The variable's slot.
    package let slot: Int
    /// What it must hold.
    package let need: Need
    /// For a field of an object variable (`benchmark.conversion_rate`): the field's index in
    /// the object's type, which must then hold what is needed; -1 for the variable itself.
    package var field = -1
    /// That object's type.
    package var objectType: ObjectType?
    /// For `size()` of a list or map variable (`plural(weak_listings.size(), "listing")`): the
    /// most elements it may have, what the expression's budget leaves once its texts are
    /// charged (`size()` charges one a element); nil for the variable's value itself.
    package var sizeAtMost: Int?

    init(slot: Int, need: Need, field: Int = -1, objectType: ObjectType? = nil) {
        self.slot = slot
        self.need = need
        self.field = field
        self.objectType = objectType
    }

    /// Whether the slot holds such a value, a definition not computed yet computed first (as
    /// the expression reading it would: a definition's value does not depend on its reader).
    /// A size is read as `size()` reads it: a definition counted, not listed, when it can be.
    @inline(__always)
    func holdsComputed(_ activation: Activation) -> Bool {
        if let most = sizeAtMost {
            guard let n = activation.count(of: slot) else { return false }
            return n <= most
        }
        activation.compute(slot)
        return holds(activation)
    }

    /// Whether the slot holds such a value now (a definition not computed yet does not).
    @inline(__always)
    func holds(_ activation: Activation) -> Bool {
        if let most = sizeAtMost {
            switch activation.peek(slot) {
            case .list(let l)?: return l.count <= most
            case .map(let m)?: return m.count <= most
            default: return false
            }
        }
        if field >= 0 { return fieldHolds(activation) }
        guard let v = activation.peek(slot) else { return false }
        return accepts(v)
    }

    /// The same for a field, read as the expression reads it: an object of the type, or of
    /// one of the same name holding the field; anything else (an unset field too) does not.
    private func fieldHolds(_ activation: Activation) -> Bool {
        guard let t = objectType, case .object(let o)? = activation.peek(slot),
              o.type === t || (o.type.name == t.name && field < o.fieldCount), let v = o[field] else { return false }
        return accepts(v)
    }
}

extension Template {
    /// Per piece of `pieces`, the inputs of an expression that cannot fail once each holds
    /// what it needs; nil for one that may fail anyway (any other expression, a budget smaller
    /// than its texts), and for literal text.
    static func pieceInputs(_ pieces: [Piece], _ environment: Environment) -> [[TemplateInput]?] {
        pieces.map { piece in
            guard case .expr(let p) = piece, let root = p.parsed?.root else { return nil }
            return inputs(of: root, p, environment)
        }
    }

    /// The inputs of the whole template (every expression's, in order) when each expression's
    /// are known (`pieceInputs`); nil when any expression's are not.
    static func inputs(_ pieces: [Piece], _ pieceInputs: [[TemplateInput]?]) -> [TemplateInput]? {
        var all: [TemplateInput] = []
        for (piece, inputs) in zip(pieces, pieceInputs) {
            guard case .expr = piece else { continue }
            guard let inputs else { return nil }
            all += inputs
        }
        return all
    }

    /// The inputs of one expression (`root`, the root of `p`), as above.
    private static func inputs(of root: Expr, _ p: Program, _ env: Environment) -> [TemplateInput]? {
        // `capitalized(f(x))` of a formatting function cannot fail where `f(x)` cannot: it is
        // charged that text's length, under 100 bytes for a number, percentage or amount
        // (counted as 100 below), and plural's words.
        var root = root, charged = 0
        if case .call(nil, "capitalized", let args) = root.kind, args.count == 1, case .call(nil, let inner, _) = args[0].kind,
           ["number", "percent", "money", "plural", "days"].contains(inner) {
            root = args[0]
            charged = 100
        }
        var found: [TemplateInput] = []
        var textBytes = charged  // what the calls are charged: the length of their text arguments
        func operand(_ e: Expr, _ need: TemplateInput.Need) -> Bool {
            switch p.operand(e, in: env) {
            case .slot(let s)?:
                found.append(TemplateInput(slot: s, need: need))
                return true
            case .constant(let v)?:
                return TemplateInput(slot: -1, need: need).accepts(v)
            case nil:
                // `size()` of a list or map variable: an int (its limit set below).
                if let s = sizedVariable(e, p, env) {
                    found.append(TemplateInput(slot: s, need: need))
                    found[found.count - 1].sizeAtMost = 0
                    return true
                }
                // A field of an object variable whose type the checker knows (a field read
                // charges nothing).
                guard case .select(let object, let name, false) = e.kind, case .slot(let s)? = p.operand(object, in: env),
                      case .object(let t)? = p.type(of: object), let fi = t.fieldIndex(name) else { return false }
                found.append(TemplateInput(slot: s, need: need, field: fi, objectType: t))
                return true
            }
        }
        func text(_ e: Expr) -> Bool {
            guard case .literal(.string(let s)) = e.kind else { return false }
            textBytes += s.utf8.count
            return true
        }
        let ok: Bool
        switch root.kind {
        case .call(nil, let function, let args):
            switch (function, args.count) {
            case ("number", 1), ("money", 1):
                ok = operand(args[0], .number)
            case ("percent", 1):
                ok = operand(args[0], .percentage)
            case ("number", 2), ("percent", 2):
                guard case .literal(.int(let d)) = args[1].kind, (0...6).contains(d) else { return nil }
                ok = operand(args[0], function == "percent" ? .percentage : .number)
            case ("plural", 2), ("plural", 3):
                ok = operand(args[0], .int) && args.dropFirst().allSatisfy(text)
            case ("days", 1):
                ok = operand(args[0], .int)
            default:
                guard sizedVariable(root, p, env) != nil else { return nil }  // `size(x)`, written as it is
                ok = operand(root, .plain)
            }
        default:
            ok = operand(root, .plain)
        }
        guard ok, textBytes <= p.defaultBudget else { return nil }
        // One operand at most is a size: it may count what the budget leaves once the texts
        // are charged.
        for k in found.indices where found[k].sizeAtMost != nil { found[k].sizeAtMost = p.defaultBudget - textBytes }
        return found
    }

    /// The slot of `e` when it is `x.size()` or `size(x)` of a variable the checker typed as a
    /// list or a map, with the standard `size` (charged one a element, as a read in place is).
    private static func sizedVariable(_ e: Expr, _ p: Program, _ env: Environment) -> Int? {
        guard case .call(let target, "size", let args) = e.kind, let counted = target ?? (args.count == 1 ? args[0] : nil),
              target == nil || args.isEmpty, let decl = env.function("size"), decl.cost == nil, decl.implementation != nil,
              case .slot(let s)? = p.operand(counted, in: env) else { return nil }
        switch p.type(of: counted) {
        case .list?, .map?: return s
        default: return nil
        }
    }

    /// Whether the template cannot fail for the values its inputs hold. A definition among
    /// them not computed yet is computed first, in the order the template's expressions read
    /// them, as each expression would, so that a text
    /// reading a definition no condition needed is checked without the formatting call: the
    /// definitions computed, and their values, are those evaluating the text would give.
    @inline(__always)
    package func cannotFail(_ activation: Activation) -> Bool {
        guard let inputs else { return false }
        for input in inputs where !input.holdsComputed(activation) { return false }
        return true
    }
}

extension TemplateInput {
    /// Whether a constant `v` is what this input needs.
    func accepts(_ v: Value) -> Bool {
        switch v {
        case .int: return true
        case .uint: return need != .int
        case .double(let d): return need == .percentage ? (d * 100).isFinite : need != .int && d.isFinite
        case .string, .bool: return need == .plain
        default: return false
        }
    }
}
