// TemplateInputs.swift — when a template cannot fail: its expressions are values of variables
// or constants, shown as they are or through a formatting function (number, percent, money,
// plural, days) that refuses only what such values cannot be. Outputs that only need to know
// a text can be written (`coach batch --output ids`) then check the variables' values instead
// of evaluating the expressions.

import CoachExpr

/// A variable a template reads, and what its value must be for the template not to fail.
package struct TemplateInput: Sendable, Equatable {
    /// What the value must be.
    package enum Need: Sendable, Equatable {
        /// An int, a finite number, a text or a bool (written as it is).
        case plain
        /// An int or a finite number.
        case number
        /// An int (a count: `plural`, `days`).
        case int
    }

    /// The variable's slot.
    package let slot: Int
    /// What it must hold.
    package let need: Need

    /// Whether the slot holds such a value now (a definition not computed yet does not).
    @inline(__always)
    func holds(_ activation: Activation) -> Bool {
        switch activation.peek(slot) {
        case .int?: return true
        case .uint?: return need != .int
        case .double(let d)?: return need != .int && d.isFinite
        case .string?, .bool?: return need == .plain
        default: return false
        }
    }
}

extension Template {
    /// The inputs of `pieces` when the template cannot fail once each holds what it needs;
    /// nil when it may fail anyway (any other expression, a budget smaller than its texts).
    static func inputs(_ pieces: [Piece], _ environment: Environment) -> [TemplateInput]? {
        var all: [TemplateInput] = []
        for piece in pieces {
            guard case .expr(let p) = piece else { continue }
            guard let root = p.parsed?.root, let inputs = inputs(of: root, p, environment) else { return nil }
            all += inputs
        }
        return all
    }

    /// The inputs of one expression (`root`, the root of `p`), as above.
    private static func inputs(of root: Expr, _ p: Program, _ env: Environment) -> [TemplateInput]? {
        var found: [TemplateInput] = []
        var textBytes = 0  // what the calls are charged: the length of their text arguments
        func operand(_ e: Expr, _ need: TemplateInput.Need) -> Bool {
            switch p.operand(e, in: env) {
            case .slot(let s)?:
                found.append(TemplateInput(slot: s, need: need))
                return true
            case .constant(let v)?:
                return TemplateInput(slot: -1, need: need).accepts(v)
            case nil:
                return false
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
            case ("number", 1), ("percent", 1), ("money", 1):
                ok = operand(args[0], .number)
            case ("number", 2), ("percent", 2):
                guard case .literal(.int(let d)) = args[1].kind, (0...6).contains(d) else { return nil }
                ok = operand(args[0], .number)
            case ("plural", 2), ("plural", 3):
                ok = operand(args[0], .int) && args.dropFirst().allSatisfy(text)
            case ("days", 1):
                ok = operand(args[0], .int)
            default:
                return nil
            }
        default:
            ok = operand(root, .plain)
        }
        guard ok, textBytes <= p.defaultBudget else { return nil }
        return found
    }

    /// Whether the template cannot fail for the values its inputs hold now.
    @inline(__always)
    package func cannotFail(_ activation: Activation) -> Bool {
        guard let inputs else { return false }
        for input in inputs where !input.holds(activation) { return false }
        return true
    }
}

extension TemplateInput {
    /// Whether a constant `v` is what this input needs.
    func accepts(_ v: Value) -> Bool {
        switch v {
        case .int: return true
        case .uint: return need != .int
        case .double(let d): return need != .int && d.isFinite
        case .string, .bool: return need == .plain
        default: return false
        }
    }
}
