// Activation.swift — the inputs of one evaluation: a slot array of values, with absent and
// lazily computed slots. One activation per evaluation (per thread); programs are shared.

/// Variable values for one evaluation, by slot.
///
/// A slot holds a value, is *absent* (reading it gives an error value naming the variable),
/// or is *lazy*: bound to another program (a named definition), computed on first read and
/// remembered for the rest of this activation's life.
///
/// Not thread-safe: make one per evaluation (or per thread, and ``reset(keepingCapacity:)``).
public final class Activation {
    @usableFromInline var values: [Value]
    @usableFromInline var hasLazy = false
    private var lazy: [LazySlot?] = []
    private let names: [String]
    /// Comprehension variables of the program being evaluated.
    var locals: [Value] = []
    /// Whether `locals` belongs to an evaluation in progress.
    var inUse = false
    /// Cost spent so far in the current evaluation.
    var cost = 0
    /// Cost allowed in the current evaluation.
    var budget = Int.max

    private enum LazySlot {
        case pending(Program)
        case computing
    }

    /// An activation for `environment`'s variables, every slot absent.
    public init(environment: Environment) {
        names = environment.variables.map(\.name)
        values = names.map { .error("no value for '\($0)'") }
    }

    /// The number of slots.
    public var count: Int { values.count }

    /// The value in a slot (lazy slots are computed).
    public subscript(slot: Int) -> Value {
        get { read(slot) }
        set { set(slot, newValue) }
    }

    /// Sets a slot's value.
    public func set(_ slot: Int, _ value: Value) {
        guard slot >= 0, slot < values.count else { return }
        values[slot] = value
        if hasLazy, slot < lazy.count { lazy[slot] = nil }
    }

    /// Marks a slot absent: reading it yields an error value naming the variable.
    public func setAbsent(_ slot: Int) {
        guard slot >= 0, slot < values.count else { return }
        set(slot, .error("no value for '\(names[slot])'"))
    }

    /// Binds a slot to a program computed on first read (at most once per activation).
    /// The program must be compiled against the same environment.
    public func bindLazy(_ slot: Int, to program: Program) {
        guard slot >= 0, slot < values.count else { return }
        if lazy.count < values.count { lazy += Array(repeating: nil, count: values.count - lazy.count) }
        lazy[slot] = .pending(program)
        hasLazy = true
    }

    /// Makes every slot absent again (and forgets lazy bindings), keeping storage.
    public func reset() {
        for i in values.indices { values[i] = .error("no value for '\(names[i])'") }
        lazy.removeAll(keepingCapacity: true)
        hasLazy = false
    }

    /// Reads a slot, computing it first when it is lazy.
    @inline(__always)
    func read(_ slot: Int) -> Value {
        if hasLazy { return readSlow(slot) }
        return values[slot]
    }

    private func readSlow(_ slot: Int) -> Value {
        guard slot < lazy.count, let state = lazy[slot] else { return values[slot] }
        switch state {
        case .computing:
            return .error("definition '\(names[slot])' depends on itself")
        case .pending(let program):
            lazy[slot] = .computing
            let v = program.run(self)
            values[slot] = v
            lazy[slot] = nil
            return v
        }
    }
}
