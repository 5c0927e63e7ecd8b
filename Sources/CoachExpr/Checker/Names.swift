// Names.swift — qualified-name helpers shared by the checker and the compiler.

enum Names {
    /// `a.b.c` written as identifiers and selections → (["a","b","c"], absolute).
    static func qualified(_ e: Expr) -> (parts: [String], absolute: Bool)? {
        switch e.kind {
        case .ident(let n, let absolute): return ([n], absolute)
        case .select(let operand, let field, testOnly: false):
            guard var q = qualified(operand) else { return nil }
            q.parts.append(field)
            return q
        default: return nil
        }
    }

    /// The variable a whole identifier/selection chain names, unless its first part is a local.
    static func variable(_ e: Expr, env: Environment, isLocal: (String) -> Bool) -> VariableDecl? {
        guard let q = qualified(e) else { return nil }
        if !q.absolute, isLocal(q.parts[0]) { return nil }
        let name = q.parts.joined(separator: ".")
        return env.resolveVariable(q.absolute ? "." + name : name)
    }

    /// For `ns.f(...)` written as a receiver call, the namespaced function name when one is declared.
    static func namespacedFunction(target: Expr, function: String, env: Environment, isLocal: (String) -> Bool) -> String? {
        guard let q = qualified(target) else { return nil }
        if !q.absolute, isLocal(q.parts[0]) { return nil }
        if variable(target, env: env, isLocal: isLocal) != nil { return nil }
        let name = (q.parts + [function]).joined(separator: ".")
        return env.function(name) != nil ? name : nil
    }
}
