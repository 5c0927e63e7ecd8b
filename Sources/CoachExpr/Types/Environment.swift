// Environment.swift — the declarations an expression is compiled against: variables (each
// with a slot), functions (standard library, domain extensions, and the caller's own).

import CoachSource

/// Variables, functions, container and limits for compiling expressions.
///
/// ```swift
/// var env = Environment()
/// let rate = env.declare("conversion_rate", .double)
/// let program = try env.compile("conversion_rate < 0.01")
/// let act = program.makeActivation()
/// act[rate] = .double(0.004)
/// program.evaluate(act)   // .bool(true)
/// ```
package struct Environment: Sendable {
    /// Container (namespace) for resolving identifiers: with `a.b`, `x` may mean `a.b.x`, `a.x` or `x`.
    package var container: String = ""
    /// Limits applied when compiling and evaluating.
    package var limits = Limits()
    /// Whether an undeclared name's "did you mean" is left pending on its diagnostic
    /// (``Diagnostic/pendingHint``) for the rule set's loader to look for, the first ones
    /// only, rather than looked for at once.
    package var deferNameHints = false
    /// Declared variables; a variable's slot is its index here.
    package private(set) var variables: [VariableDecl] = []
    /// Per slot, the error value read from an absent variable, built once here so that
    /// activations do no string work.
    private(set) var absentValues: [Value] = []
    private var variableIndex: [String: Int] = [:]
    /// Declared functions by name.
    package private(set) var functions: [String: FunctionDecl] = [:]

    /// An environment with the standard library and the domain extensions.
    package init() {
        functions = Environment.standardFunctions
    }

    /// The built-in functions, built once per process.
    private static let standardFunctions: [String: FunctionDecl] = {
        var table: [String: FunctionDecl] = [:]
        for f in Stdlib.all() { table[f.name] = f }
        return table
    }()

    /// An environment with the operators only: no standard or domain functions.
    package static func empty() -> Environment {
        var e = Environment()
        e.functions = e.functions.filter { name, _ in name.hasPrefix("_") || name.hasPrefix("@") || name == Operator.not || name == Operator.negate }
        return e
    }

    /// Declares a variable (or redeclares it with a new type, keeping its slot); returns its slot.
    @discardableResult
    package mutating func declare(_ name: String, _ type: CELType) -> Int {
        if type.hasOptionalField { hasOptionalFields = true }
        if let i = variableIndex[name] {
            variables[i] = VariableDecl(name: name, type: type, slot: i)
            return i
        }
        let slot = variables.count
        variables.append(VariableDecl(name: name, type: type, slot: slot))
        absentValues.append(.error("no value for '\(name)'"))
        variableIndex[name] = slot
        return slot
    }

    /// Whether a variable's type holds an object with an optional field: only then need
    /// expressions be checked for unguarded reads of one (``Program/optionalFieldWarnings(known:)``).
    package private(set) var hasOptionalFields = false

    /// Values fixed for every evaluation, by slot (see ``declareConstant(_:_:_:)``).
    package private(set) var constants: [Int: Value] = [:]

    /// Declares a variable whose value is the same in every evaluation (a rule set's
    /// `params`): expressions compiled afterwards use `value` directly, and reading one of
    /// its fields costs nothing at run time. An activation should still hold the same value
    /// in the slot, for tools that read it (explain); a different one is not seen.
    @discardableResult
    package mutating func declareConstant(_ name: String, _ type: CELType, _ value: Value) -> Int {
        let slot = declare(name, type)
        constants[slot] = value
        return slot
    }

    /// The value of field `field` of a constant object variable read by `e`
    /// (`params.min_photos`), when `e` is such a read and the field is set.
    func constantField(_ e: Expr, isLocal: (String) -> Bool) -> Value? {
        guard case .select(let operand, let field, false) = e.kind, case .ident(let name, _) = operand.kind, !isLocal(name),
              let decl = variable(name), let value = constants[decl.slot], case .object(let o) = value,
              let fi = o.type.fieldIndex(field), fi < o.fieldCount else { return nil }
        return o[fi]
    }

    /// The declaration of a variable by name.
    package func variable(_ name: String) -> VariableDecl? {
        variableIndex[name].map { variables[$0] }
    }

    /// Declares a function, or adds overloads to one already declared.
    package mutating func declare(function: FunctionDecl) {
        if var existing = functions[function.name] {
            existing.overloads += function.overloads
            if function.implementation != nil { existing.implementation = function.implementation }
            functions[function.name] = existing
        } else {
            functions[function.name] = function
        }
    }

    /// The function called `name`, if declared.
    package func function(_ name: String) -> FunctionDecl? { functions[name] }

    /// Names tried for `name` given the container, most specific first.
    func candidates(_ name: String) -> [String] {
        if name.hasPrefix(".") { return [String(name.dropFirst())] }
        guard !container.isEmpty else { return [name] }
        var out: [String] = []
        var prefix = Substring(container)
        while true {
            out.append(prefix + "." + name)
            guard let dot = prefix.lastIndex(of: ".") else { break }
            prefix = prefix[..<dot]
        }
        out.append(name)
        return out
    }

    /// Resolves a (possibly qualified) variable name through the container.
    func resolveVariable(_ name: String) -> VariableDecl? {
        for c in candidates(name) { if let v = variable(c) { return v } }
        return nil
    }

    /// Type names usable as identifiers (`int`, `list`, …) and the type values they denote.
    static let typeNames: [String: CELType] = [
        "int": .int, "uint": .uint, "double": .double, "bool": .bool, "string": .string,
        "bytes": .bytes, "list": .list(.dyn), "map": .map(.dyn, .dyn), "null_type": .null,
        "type": .type,
    ]

    // MARK: compiling

    /// Parses, type-checks and compiles `text`.
    ///
    /// - Parameters:
    ///   - origin: where the text sits in a file (a YAML scalar), so diagnostics point there.
    ///   - check: `false` skips the type checker (names still resolve to slots; calls dispatch on
    ///     runtime types).
    ///   - fused: `false` compiles every shape the general way (tests compare the two).
    /// - Throws: every problem found, as diagnostics with positions.
    package func compile(_ text: String, origin: TextOrigin? = nil, check: Bool = true, fused: Bool = true) throws(DiagnosticError) -> Program {
        let locator = Locator(text: text, origin: origin)
        var parser = Parser(limits: limits)
        let parsed: ParsedExpr
        do {
            parsed = try parser.parse(text)
        } catch {
            throw DiagnosticError(Diagnostic.error(
                error.message, at: locator.location(error.offset), length: error.length, hint: error.hint, code: .exprParse))
        }
        var types: [CELType]? = nil
        var warnings: [Diagnostic] = []
        if check {
            var checker = Checker(env: self, parsed: parsed, locator: locator)
            let result = checker.run()
            if checker.diagnostics.hasErrors { throw DiagnosticError(checker.diagnostics.errors) }
            types = result
            warnings = checker.diagnostics.items
        }
        var compiler = Compiler(env: self, locator: locator, types: types, warnings: warnings)
        compiler.fused = fused
        do {
            return try compiler.compile(parsed)
        } catch {
            throw DiagnosticError(Diagnostic.error(
                error.message, at: locator.location(error.offset), length: error.length, hint: error.hint, code: .exprCheck))
        }
    }

    /// Parses `text` only (no checking), for tools that inspect the tree.
    package func parse(_ text: String, origin: TextOrigin? = nil) throws(DiagnosticError) -> ParsedExpr {
        let locator = Locator(text: text, origin: origin)
        var parser = Parser(limits: limits)
        do {
            return try parser.parse(text)
        } catch {
            throw DiagnosticError(Diagnostic.error(
                error.message, at: locator.location(error.offset), length: error.length, hint: error.hint, code: .exprParse))
        }
    }
}

/// Maps offsets in an expression to source locations (through a ``TextOrigin`` when given).
struct Locator: Sendable {
    let file: SourceFile
    let origin: TextOrigin?

    init(text: String, origin: TextOrigin?) {
        self.origin = origin
        self.file = origin?.file ?? SourceFile(path: "<expr>", text: text)
    }

    func location(_ offset: Int) -> SourceLocation {
        if let origin { return origin.location(atOffset: offset) }
        return file.location(atScalarOffset: offset)
    }
}
