// Program.swift — a compiled expression: immutable, Sendable, evaluated against activations.

import CoachSource

/// A compiled node: reads the activation (slots and comprehension locals), returns a value
/// (errors are values).
typealias Node = @Sendable (Activation) -> Value

/// A compiled expression.
///
/// Names were resolved to slots when it was compiled; evaluation does no look-up by name.
/// A program is immutable and can be evaluated from many threads at once, each with its own
/// ``Activation``.
package final class Program: Sendable {
    // What every evaluation reads first, stored first, in the object's first cache lines: the
    // programs of a rule set are each read once per seller, their objects no longer in the
    // cache by then, and a guard in memory of its own was one more line to wait for.
    let root: Node
    /// ``scalarCode``, run without a reference count on every evaluation (it keeps it).
    let scalar: Unmanaged<ScalarCode>?
    let localCount: Int
    let variableCount: Int
    /// The environment's default cost budget.
    package let defaultBudget: Int
    /// How many ``guards`` there are; whether they are the whole expression; the first, and
    /// the others in memory the program owns (read with no reference count).
    let guardCount: Int
    let guardsWhole: Bool
    let firstGuard: NumberGuard
    nonisolated(unsafe) let otherGuards: UnsafeMutableBufferPointer<NumberGuard>  // written once, in init
    /// The bool variables it is the `&&` of (``BoolGuard``), in memory it owns; whether it
    /// has a guard of either kind.
    nonisolated(unsafe) let boolGuards: UnsafeMutableBufferPointer<BoolGuard>  // written once, in init
    let guarded: Bool
    /// The expression text.
    package let text: String
    /// The result type the checker inferred (`dyn` when unchecked or unknown).
    package let resultType: CELType
    /// The variable slots the expression reads, ascending.
    package let slotsRead: [Int]
    /// The names of the variables the expression reads, in slot order.
    package let variablesRead: [String]
    /// The variables only asked whether they have a value (`has(x)`), not read for it.
    package let presenceRead: [String]
    /// The variables read outside a guard of their own `has()` (`has(x) && x > 1`,
    /// `!has(x) || x > 1`, `has(x) ? x : 0` read `x` only when it has a value): the ones the
    /// expression cannot do without. Equal to ``variablesRead`` when nothing is guarded.
    package let requiredRead: [String]
    /// Warnings from the checker (valid, but probably not what was meant), e.g. an
    /// integer division compared with a double.
    package let warnings: [Diagnostic]
    /// How many of its aggregates over a list of objects run as one loop
    /// (``Compiler/fusedAggregate(_:target:args:general:)``).
    package let fusedLoops: Int
    /// How many of its comprehension predicates are decided 64 elements at a time
    /// (``Compiler/fieldPredicate(_:range:iter:)``).
    package let fieldLoops: Int
    /// How many parts of its loop bodies that do not depend on the loop are computed once per
    /// run of the loop (``Compiler/keptPart(_:)``).
    package let keptParts: Int
    /// The expression over numbers and bools as unboxed steps, tried before ``root`` (nil for
    /// any other expression): ``ScalarCode``.
    let scalarCode: ScalarCode?
    /// The comparisons of a variable with a number it is the `&&` of, tested first
    /// (``NumberGuard``), in the order they stand in it (for tools and tests: evaluation
    /// reads ``firstGuard`` and ``otherGuards``).
    var guards: [NumberGuard] { guardCount == 0 ? [] : [firstGuard] + Array(otherGuards) }
    /// The bool variables tested first (``BoolGuard``), in the order they stand in it.
    var boolGuardList: [BoolGuard] { Array(boolGuards) }
    /// For a `filter` expression, the program counting what it keeps
    /// (``Compiler/countProgram(_:)``): a definition read only for its size is counted, its
    /// list not made.
    let counted: Program?
    /// The slots whose whole value it may read: all it reads but those it reads only for
    /// their `size()` (a definition no expression reads whole need never be listed).
    package let wholeRead: [Int]
    /// Whether it is a `filter` that can be counted without its list being made.
    package var countable: Bool { counted != nil }
    /// The syntax tree it was compiled from, where its text sits, and the type the checker
    /// gave each node by id (nil when unchecked); nil for parts.
    let syntax: (parsed: ParsedExpr, locator: Locator, types: [CELType]?)?

    init(text: String, resultType: CELType, slotsRead: [Int], variablesRead: [String], root: @escaping Node,
         localCount: Int, variableCount: Int, defaultBudget: Int, warnings: [Diagnostic] = [],
         syntax: (ParsedExpr, Locator, [CELType]?)? = nil, presenceRead: [String] = [], requiredRead: [String]? = nil,
         fusedLoops: Int = 0, fieldLoops: Int = 0, keptParts: Int = 0, scalar: ScalarCode? = nil, counted: Program? = nil, wholeRead: [Int]? = nil,
         guards: Guards = Guards()) {
        self.scalarCode = scalar
        guardCount = guards.numbers.count
        guardsWhole = guards.whole
        firstGuard = guards.numbers.first ?? NumberGuard(slot: 0, ints: (1, 0), doubles: (.infinity, -.infinity))
        otherGuards = .allocate(capacity: max(0, guards.numbers.count - 1))
        _ = otherGuards.initialize(from: guards.numbers.dropFirst())
        boolGuards = .allocate(capacity: guards.bools.count)
        _ = boolGuards.initialize(from: guards.bools)
        guarded = !guards.numbers.isEmpty || !guards.bools.isEmpty
        self.counted = counted
        self.wholeRead = wholeRead ?? slotsRead
        self.scalar = scalar.map { Unmanaged.passUnretained($0) }
        self.fusedLoops = fusedLoops
        self.fieldLoops = fieldLoops
        self.keptParts = keptParts
        self.presenceRead = presenceRead
        self.requiredRead = requiredRead ?? variablesRead
        self.syntax = syntax.map { (parsed: $0.0, locator: $0.1, types: $0.2) }
        self.text = text
        self.warnings = warnings
        self.resultType = resultType
        self.slotsRead = slotsRead
        self.variablesRead = variablesRead
        self.root = root
        self.localCount = localCount
        self.variableCount = variableCount
        self.defaultBudget = defaultBudget
    }

    /// Evaluates the program. Errors (including an exhausted cost budget) come back as `.error`.
    ///
    /// - Parameter budget: the evaluation cost budget; `nil` uses the environment's default.
    package func evaluate(_ activation: Activation, budget: Int? = nil) -> Value {
        activation.startRun(budget: budget ?? defaultBudget)
        let v = evaluateRun(activation)
        activation.endRun()
        return v
    }

    /// ``evaluate(_:budget:)``'s run, its budget set.
    @inline(__always)
    private func evaluateRun(_ activation: Activation) -> Value {
        // The commonest case without the call to `run` (a rule's condition: no comprehension).
        guard activation.count >= variableCount else { return run(activation) }
        // A threshold that fails decides a condition without running it.
        if guarded, let v = guardVerdict(activation) { return .bool(v) }
        if let scalar, let v = scalar._withUnsafeGuaranteedRef({ $0.run(activation) }) { return v }
        if localCount == 0 { return root(activation) }
        // A comprehension with the activation's locals free and large enough: what
        // `withLocals` does first, without its call.
        if !activation.inUse, activation.localCapacity >= localCount {
            activation.inUse = true
            defer { activation.inUse = false }
            return root(activation)
        }
        return run(activation)
    }

    /// What the guards decide: false when one does not hold (CEL's `&&` is false when any
    /// side is, whatever the others give); true when every one holds and they are the whole
    /// expression; nil when the expression must run to know.
    @inline(__always)
    func guardVerdict(_ a: Activation) -> Bool? {
        guard guarded else { return nil }
        var all = true
        if guardCount > 0 {
            switch a.holds(firstGuard) {
            case false?: return false
            case nil: all = false
            case true?: break
            }
            for k in 0..<otherGuards.count {
                switch a.holds(otherGuards[k]) {
                case false?: return false
                case nil: all = false
                case true?: break
                }
            }
        }
        for k in 0..<boolGuards.count {
            switch a.holds(boolGuards[k]) {
            case false?: return false
            case nil: all = false
            case true?: break
            }
        }
        return all && guardsWhole ? true : nil
    }

    deinit {
        otherGuards.deallocate()
        boolGuards.deallocate()
    }

    /// Runs without resetting the cost counter (used for lazy slots inside an evaluation).
    func run(_ activation: Activation) -> Value {
        guard activation.count >= variableCount else {
            return .error("activation has \(activation.count) slots; the program needs \(variableCount)")
        }
        if let scalar, let v = scalar._withUnsafeGuaranteedRef({ $0.run(activation) }) { return v }
        if localCount == 0 { return root(activation) }
        return activation.withLocals(localCount, root)
    }

    /// The syntax tree the program was compiled from (nil for a compiled part).
    package var parsed: ParsedExpr? { syntax?.parsed }

    /// The type the checker gave `node`, a node of ``parsed``: nil when the program was not
    /// checked. Tools read the checked tree through this rather than guessing types again.
    package func type(of node: Expr) -> CELType? {
        guard let types = syntax?.types, types.indices.contains(node.id) else { return nil }
        return types[node.id]
    }

    /// Whether `node`, a node of ``parsed``, divides two integers: the division that drops
    /// the fraction (3 / 400 is 0). The checker warns when one is compared with a double; the
    /// linter asks it of definitions.
    package func isIntegerDivision(_ node: Expr) -> Bool {
        guard let t = type(of: node) else { return false }
        return Checker.isIntegerDivision(node, type: t)
    }

    /// Compiles `node`, a node of ``parsed``, as a program of its own against `environment`
    /// (the one this program was compiled with); nil when it cannot be compiled alone (a
    /// comprehension's variable outside its loop).
    ///
    /// Compiled once per node and kept: explain and the mentor preview ask for the same parts
    /// of a rule's condition for every seller.
    package func part(_ node: Expr, in environment: Environment) -> Program? {
        guard let syntax else { return nil }
        if let kept = Program.partsLock.withLock({ _ in partsCompiled[node.id] }) { return kept }
        var compiler = Compiler(env: environment, locator: syntax.locator, types: nil)
        let made = try? compiler.compile(part: node, of: syntax.parsed)
        Program.partsLock.withLock { _ in partsCompiled[node.id] = .some(made) }
        return made
    }

    /// The parts ``part(_:in:)`` compiled, by node id (nil: the node cannot be compiled
    /// alone); read and written only under ``partsLock``.
    nonisolated(unsafe) private var partsCompiled: [Int: Program?] = [:]
    /// One lock for every program's parts: explaining is rare beside evaluating, and a lock of
    /// each program's own cost every compiled expression an allocation.
    private static let partsLock = Locked(())

    /// What a node of ``parsed`` reads, when it is a name: a variable's slot, or a constant's
    /// value (a literal, a field of `params`); nil for anything else.
    package func operand(_ node: Expr, in environment: Environment) -> Operand? {
        if case .literal(let l) = node.kind { return .constant(Compiler.value(l)) }
        if let c = environment.constantField(node, isLocal: { _ in false }) { return .constant(c) }
        if let v = Names.variable(node, env: environment, isLocal: { _ in false }) { return .slot(v.slot) }
        return nil
    }

    /// See ``operand(_:in:)``.
    package enum Operand {
        case slot(Int)
        case constant(Value)
    }

    /// The source location of a node's offset.
    package func location(of node: Expr) -> SourceLocation? { syntax?.locator.location(node.offset) }

    /// A warning (`expr.optional-field`) for each read of an object's optional field that no
    /// `has()` of the same path guards, within the expression or among `known`: the paths
    /// made sure of around it (a rule's condition, for its texts; the other members of an
    /// `all:`). Nil types (an unchecked program) give none.
    package func optionalFieldWarnings(known: Set<String>) -> [Diagnostic] {
        guard let syntax, let types = syntax.types else { return [] }
        return OptionalFields.unguarded(syntax.parsed, types: types, known: known).map { read in
            Diagnostic.warning("'\(read.path)' may not be there: '\(read.field)' is an optional field of \(read.type), and reading it from an object without it is an error",
                               at: syntax.locator.location(read.node.offset), hint: "ask first: has(\(read.path)) ? \(read.path) : …",
                               code: .exprOptionalField)
        }
    }

    /// The field paths (`listings[0].title`) the expression makes sure of when it is true,
    /// and when it is false, by `has()`.
    package var provenFields: (whenTrue: Set<String>, whenFalse: Set<String>) {
        guard let parsed = syntax?.parsed else { return ([], []) }
        return OptionalFields.proven(parsed.root)
    }

    /// Where a node's text starts: its leftmost token (an operator's node stands at the
    /// operator, `'a' + b` at the `+`), for an error about the whole sub-expression.
    package func startLocation(of node: Expr) -> SourceLocation? {
        syntax?.locator.location(node.allNodes.map(\.offset).min() ?? node.offset)
    }

    /// Where the expression's text starts in its file (nil for a compiled part): where a
    /// problem with its value as a whole is reported.
    package var startLocation: SourceLocation? { syntax?.locator.location(0) }

    /// Evaluates with variables given by name (convenient, slower: for tools and tests).
    package func evaluate(_ variables: [String: Value], in environment: Environment, budget: Int? = nil) -> Value {
        let act = Activation(environment: environment)
        for (name, value) in variables {
            if let v = environment.variable(name) { act.set(v.slot, value) }
        }
        return evaluate(act, budget: budget)
    }
}
