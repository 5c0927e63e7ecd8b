// TestSupport.swift — small helpers shared by the expression tests.

import CoachSource
@testable import CoachExpr

/// Compiles and evaluates `text` with the given variables (name, type, value).
func evaluate(_ text: String, _ vars: [(String, CELType, Value)] = [], check: Bool = true) -> Value {
    var env = Environment()
    for (n, t, _) in vars { env.declare(n, t) }
    do {
        let program = try env.compile(text, check: check)
        let act = Activation(environment: env)
        for (n, _, v) in vars { if let d = env.variable(n) { act.set(d.slot, v) } }
        return program.evaluate(act)
    } catch {
        return .error("compile: " + error.diagnostics.map(\.message).joined(separator: "; "))
    }
}

/// The diagnostics from compiling `text`, or [] when it compiles.
func diagnostics(_ text: String, env: Environment = Environment(), origin: TextOrigin? = nil) -> [Diagnostic] {
    do {
        _ = try env.compile(text, origin: origin)
        return []
    } catch {
        return error.diagnostics
    }
}

/// `true` when `v` is the bool `true`.
func isTrue(_ v: Value) -> Bool {
    if case .bool(true) = v { return true }
    return false
}

/// The message of an error value, or nil.
func errorMessage(_ v: Value) -> String? {
    if case .error(let e) = v { return e.message }
    return nil
}

/// A listing object type like the rule engine declares.
let listingType = ObjectType(name: "Listing", fields: [
    .init("photos", .int), .init("title_length", .int), .init("has_description", .bool),
])

func listing(_ photos: Int64, _ title: Int64, _ desc: Bool) -> Value {
    .object(ObjectValue.make(type: listingType, fields: [.int(photos), .int(title), .bool(desc)]))
}
