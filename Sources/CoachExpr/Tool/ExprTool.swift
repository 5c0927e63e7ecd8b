// ExprTool.swift — evaluating one expression for tools (`coach expr`): variables from JSON,
// the outcome as JSON or as text.

@_spi(Streaming) import CoachJSON
import CoachSource

/// The result of evaluating one expression from the command line.
package enum ExprOutcome: Sendable {
    /// The value and the checker's type for it.
    case value(Value, CELType)
    /// A failure at one stage: `parse`, `check` or `eval`.
    case failure(stage: String, diagnostics: [Diagnostic])

    /// Whether evaluation produced a value.
    package var isSuccess: Bool {
        if case .value = self { return true }
        return false
    }
}

/// One-shot evaluation with variables given as JSON, and rendering of the outcome.
package enum ExprTool {
    /// A variable read from JSON: its declared type and value.
    package struct Variable: Sendable {
        /// The name.
        package let name: String
        /// The type derived from the JSON value.
        package let type: CELType
        /// The value.
        package let value: Value
        /// Given as null: declared, with no value (as a snapshot's null signal is missing).
        var isAbsent: Bool { if case .null = value { return true }; return false }
    }

    /// The variables a map value holds (as `coach expr --vars` gives them): each key a
    /// name, each value its value. Lists are declared `list(dyn)`, maps `map(string, dyn)`,
    /// everything else by its own type. Names are sorted.
    package static func variables(from value: Value) throws(DiagnosticError) -> [Variable] {
        guard case .map(let m) = value else {
            throw DiagnosticError(.error("--vars must be a JSON object, not \(value.typeName)", hint: "pass an object such as '{\"x\": 1}'", code: .exprVars))
        }
        var out: [Variable] = []
        for entry in m.entries {
            guard case .string(let name) = entry.key else { continue }
            guard Lexer.isIdentifier(name) else {
                throw DiagnosticError(.error("--vars: '\(name)' cannot name a variable", hint: "use letters, digits and underscores, starting with a letter", code: .exprVars))
            }
            out.append(Variable(name: name, type: declaredType(entry.value), value: entry.value))
        }
        return out.sorted { $0.name < $1.name }
    }

    /// The declared type for a value read from JSON.
    static func declaredType(_ v: Value) -> CELType {
        switch v {
        case .list: return .list(.dyn)
        case .map: return .map(.string, .dyn)
        case .null: return .dyn  // no value: what it would hold is unknown
        default: return v.type
        }
    }

    /// Parses, checks and evaluates `text` with `variables` declared and set.
    package static func evaluate(_ text: String, variables: [Variable] = [], environment: Environment = Environment()) -> ExprOutcome {
        run(text, variables: variables, environment: environment).outcome
    }

    /// Parses, checks and evaluates `text` with `vars` declared and set; also returns the
    /// checker's warnings.
    package static func run(_ text: String, variables vars: [Variable] = [], environment: Environment = Environment())
        -> (outcome: ExprOutcome, warnings: [Diagnostic])
    {
        var env = environment
        for v in vars { env.declare(v.name, v.type) }
        let program: Program
        do {
            program = try env.compile(text)
        } catch {
            let parse = error.diagnostics.contains { $0.kind == .exprParse }
            return (.failure(stage: parse ? "parse" : "check", diagnostics: error.diagnostics), [])
        }
        let act = Activation(environment: env)
        // A variable given null has no value, as a signal given null in a snapshot.
        for v in vars where !v.isAbsent { if let d = env.variable(v.name) { act.set(d.slot, v.value) } }
        let result = program.evaluate(act)
        if case .error(let e) = result { return (.failure(stage: "eval", diagnostics: [e.diagnostic]), program.warnings) }
        let type = program.resultType == .dyn || program.resultType == .error ? result.type : program.resultType
        return (.value(result, type), program.warnings)
    }

    /// The CEL name of a result type for output (`list`, `map`, `null_type`, …).
    package static func typeName(_ t: CELType) -> String { t.runtimeName }

    /// The outcome as a JSON value: `{"type": "int", "value": 3}` or
    /// `{"stage": "check", "error": "…", "diagnostics": [...]}`, the error form every command
    /// writes, with the stage that refused the expression.
    /// With `warnings` (a check's, such as an integer division compared with a double): a
    /// value's `warnings` array, or a failure's diagnostics after its errors.
    package static func json(_ outcome: ExprOutcome, warnings: [Diagnostic] = []) -> JSONValue {
        switch outcome {
        case .value(let v, let t):
            var pairs: [(String, JSONValue)] = [("type", .string(typeName(t))), ("value", v.json)]
            if !warnings.isEmpty { pairs.append(("warnings", .array(warnings.map(\.json)))) }
            return .object(pairs)
        case .failure(let stage, let diagnostics):
            let shown = diagnostics + warnings.filter { w in !diagnostics.contains { $0.message == w.message && $0.location == w.location } }
            return DiagnosticError(shown).json(context: [("stage", .string(stage))])
        }
    }

    /// The outcome as text: `3 (int)`, or the error rendered with a caret under its column.
    package static func text(_ outcome: ExprOutcome, color: Bool = false) -> String {
        switch outcome {
        case .value(let v, let t):
            return "\(Display.text(v)) (\(typeName(t)))"
        case .failure(let stage, let diagnostics):
            let rendered = DiagnosticRenderer(color: color).render(diagnostics)
            return "\(stage) error\n" + rendered
        }
    }
}
