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
public final class Program: Sendable {
    /// The expression text.
    public let text: String
    /// The result type the checker inferred (`dyn` when unchecked or unknown).
    public let resultType: CELType
    /// The variable slots the expression reads, ascending.
    public let slotsRead: [Int]
    /// The names of the variables the expression reads, in slot order.
    public let variablesRead: [String]
    /// Warnings from the checker (valid, but probably not what was meant), e.g. an
    /// integer division compared with a double.
    public let warnings: [Diagnostic]
    /// The environment's default cost budget.
    public let defaultBudget: Int
    let root: Node
    let localCount: Int
    let variableCount: Int

    init(text: String, resultType: CELType, slotsRead: [Int], variablesRead: [String], root: @escaping Node,
         localCount: Int, variableCount: Int, defaultBudget: Int, warnings: [Diagnostic] = []) {
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
    public func evaluate(_ activation: Activation, budget: Int? = nil) -> Value {
        activation.cost = 0
        activation.budget = budget ?? defaultBudget
        return run(activation)
    }

    /// Runs without resetting the cost counter (used for lazy slots inside an evaluation).
    func run(_ activation: Activation) -> Value {
        guard activation.count >= variableCount else {
            return .error("activation has \(activation.count) slots; the program needs \(variableCount)")
        }
        if localCount == 0 { return root(activation) }
        return activation.withLocals(localCount, root)
    }

    /// Evaluates with variables given by name (convenient, slower: for tools and tests).
    public func evaluate(_ variables: [String: Value], in environment: Environment, budget: Int? = nil) -> Value {
        let act = Activation(environment: environment)
        for (name, value) in variables {
            if let v = environment.variable(name) { act.set(v.slot, value) }
        }
        return evaluate(act, budget: budget)
    }
}
