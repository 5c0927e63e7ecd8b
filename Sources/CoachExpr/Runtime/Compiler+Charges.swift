// Compiler+Charges.swift — whether a checked expression can charge anything to the cost
// budget: a conservative proof over its syntax tree and the checker's types. An expression
// that charges nothing has the same value whenever it is evaluated and whatever budget is
// left, so a named definition made of one may be computed by any reader, or by none.

extension Compiler {
    /// Whether evaluating `e` can charge nothing to the cost budget: no comprehension, no
    /// text, bytes, list or map handled by an operation that charges for its size, no function
    /// that prices its own work or asks the host, and no variable whose reading may charge
    /// (``Environment/costlySlots``: definitions not proven free). False when unsure, and
    /// always for an unchecked expression.
    func chargesNothing(_ e: Expr) -> Bool {
        guard types != nil else { return false }
        switch e.kind {
        case .literal:
            return true
        case .ident(let name, let absolute):
            if !absolute, local(name) != nil { return true }
            if let v = Names.variable(e, env: env, isLocal: { self.local($0) != nil }) { return !env.costlySlots.contains(v.slot) }
            return !absolute && Environment.typeNames[name] != nil
        case .select(let operand, _, let testOnly):
            if !testOnly, let v = Names.variable(e, env: env, isLocal: { self.local($0) != nil }) { return !env.costlySlots.contains(v.slot) }
            if !testOnly, env.constantField(e, isLocal: { self.local($0) != nil }) != nil { return true }
            return chargesNothing(operand)
        case .list(let items):
            return items.allSatisfy(chargesNothing)
        case .map, .comprehension:
            return false
        case .call(let target, let function, let args):
            return callChargesNothing(target, function, args)
        }
    }

    private func callChargesNothing(_ target: Expr?, _ function: String, _ args: [Expr]) -> Bool {
        let all = (target.map { [$0] } ?? []) + args
        if let target, let name = Names.namespacedFunction(target: target, function: function, env: env, isLocal: { self.local($0) != nil }) {
            return args.allSatisfy(chargesNothing) && functionChargesNothing(name, args)
        }
        guard all.allSatisfy(chargesNothing) else { return false }
        switch function {
        case Operator.present, Operator.and, Operator.or, Operator.not, Operator.conditional, Operator.negate,
             Operator.subtract, Operator.multiply, Operator.divide, Operator.modulo:
            return true
        case Operator.add, Operator.less, Operator.lessEquals, Operator.greater, Operator.greaterEquals,
             Operator.equals, Operator.notEquals:
            // Charged the sizes of their operands (texts compared or joined, lists added).
            return all.allSatisfy(isScalar)
        case Operator.index:
            // A text key is charged its length.
            return all.count == 2 && isScalar(all[1])
        case Operator.in, "matches", "size":
            return false
        default:
            guard !function.hasPrefix("_"), !function.hasPrefix("@") else { return false }
            let name = function.hasPrefix(".") ? String(function.dropFirst()) : function
            return functionChargesNothing(name, all)
        }
    }

    /// A declared function whose calls cost the sizes of their arguments (none of them sized)
    /// and that does not ask the host.
    private func functionChargesNothing(_ name: String, _ args: [Expr]) -> Bool {
        guard let decl = env.function(name), decl.cost == nil, args.allSatisfy(isScalar) else { return false }
        let impls = decl.overloads.compactMap(\.implementation) + (decl.implementation.map { [$0] } ?? []) + Array(decl.byArity.values)
        return !impls.contains { if case .host = $0 { return true }; return false }
    }

    /// Whether the checker typed `e` as a number, a bool or null: values no operation charges for.
    private func isScalar(_ e: Expr) -> Bool {
        switch type(e) {
        case .int?, .uint?, .double?, .bool?, .null?: return true
        default: return false
        }
    }
}
