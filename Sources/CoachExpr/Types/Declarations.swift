// Declarations.swift — variables, functions and overloads the checker and compiler know.

/// How a function is implemented: by arity, so calls with one to three arguments pass
/// values directly (no argument array per call).
package enum FunctionImpl: Sendable {
    /// One argument (the receiver counts as the first argument).
    case unary(@Sendable (Value) -> Value)
    /// Two arguments.
    case binary(@Sendable (Value, Value) -> Value)
    /// Three arguments.
    case ternary(@Sendable (Value, Value, Value) -> Value)
    /// Any number of arguments.
    case variadic(@Sendable ([Value]) -> Value)
    /// Any number of arguments, and what the host gave the evaluation (``Activation/host``):
    /// for functions that answer from the evaluation's context, such as a seller's history.
    case host(@Sendable (AnyObject?, [Value]) -> Value)

    func call(_ args: [Value]) -> Value {
        switch (self, args.count) {
        case (.host(let f), _): return f(nil, args)
        case (.unary(let f), 1): return f(args[0])
        case (.binary(let f), 2): return f(args[0], args[1])
        case (.ternary(let f), 3): return f(args[0], args[1], args[2])
        case (.variadic(let f), _): return f(args)
        default: return .error("wrong number of arguments (\(args.count))")
        }
    }
}

/// One signature of a function.
package struct Overload: Sendable {
    /// A stable id, e.g. `size_string`, `percent_double`.
    package let id: String
    /// Parameter types; for receiver-style overloads the receiver is the first.
    package let parameters: [CELType]
    /// The result type.
    package let result: CELType
    /// Whether the function is called as `x.f(…)` (true) or `f(x, …)` (false).
    package let isReceiver: Bool
    /// The implementation of this overload; when nil the function's shared implementation runs.
    package let implementation: FunctionImpl?

    /// Creates an overload.
    package init(
        _ id: String, _ parameters: [CELType], _ result: CELType, receiver: Bool = false,
        implementation: FunctionImpl? = nil
    ) {
        self.id = id
        self.parameters = parameters
        self.result = result
        self.isReceiver = receiver
        self.implementation = implementation
    }
}

/// A function: a name, its overloads and (optionally) one implementation for all of them.
package struct FunctionDecl: Sendable {
    /// The name (`size`, `math.greatest`, `percent`).
    package let name: String
    /// The signatures.
    package var overloads: [Overload]
    /// An implementation shared by all overloads that have none; it checks value kinds itself.
    package var implementation: FunctionImpl?
    /// One-line documentation.
    package var doc: String
    /// When set, global calls with any number (≥ 1) of arguments of this type are also
    /// accepted (`max(a, b, c)`); the result type is the arguments' common type, else `dyn`.
    package var variadic: CELType?
    /// Implementations for global calls with a given number of arguments, used before
    /// `implementation` (so `max(a, b)` runs without building an argument array).
    package var byArity: [Int: FunctionImpl] = [:]
    /// Whether every argument must be a number, or the one argument a list of numbers (`max`,
    /// `clamp`, `avg`): the checker then refuses any other known type, whatever the overloads say.
    package var numeric = false
    /// The work a call does, for the evaluation cost budget, from its arguments and the
    /// budget left (an estimate may stop counting past it). When nil, a call costs the sizes
    /// of its string, bytes, list and map arguments.
    package var cost: (@Sendable (_ arguments: [Value], _ left: Int) -> Int)?
    /// For a function whose second argument is a number of decimals (`round(x, 2)`): the
    /// numbers it takes. A call writing another as a literal is a check error.
    package var digits: ClosedRange<Int64>?

    /// Creates a function declaration.
    package init(_ name: String, doc: String = "", overloads: [Overload], implementation: FunctionImpl? = nil) {
        self.name = name
        self.overloads = overloads
        self.implementation = implementation
        self.doc = doc
    }
}

/// A declared variable and its slot.
package struct VariableDecl: Sendable {
    /// The name as written in expressions (may be qualified, `x.y`).
    package let name: String
    /// The declared type.
    package let type: CELType
    /// The slot index in an ``Activation``.
    package let slot: Int
}

/// Limits that keep hostile or accidental expressions from hurting the process.
package struct Limits: Sendable {
    /// Maximum expression length in Unicode scalars.
    package var maxLength: Int = 10_000
    /// Maximum nesting depth of the syntax tree (parentheses, calls, operators).
    package var maxDepth: Int = 100
    /// Default evaluation cost budget (comprehension iterations, regex work and large
    /// copies count against it); exceeding it yields an error value.
    package var costBudget: Int = 1_000_000
    /// Maximum regex program size (compiled instructions) of a `matches` pattern.
    package var maxRegexProgram: Int = 5_000

    /// The default limits.
    package init() {}
}
