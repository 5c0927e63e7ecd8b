// Activation.swift — the inputs of one evaluation: a slot array of values, with absent and
// lazily computed slots. One activation per evaluation (per thread); programs are shared.

/// Variable values for one evaluation, by slot.
///
/// A slot holds a value, is *absent* (reading it gives an error value naming the variable),
/// or is *lazy*: bound to another program (a named definition), computed on first read and
/// remembered for the rest of this activation's life.
///
/// Not thread-safe: make one per evaluation (or per thread, and ``reset()``).
public final class Activation {
    // Activations are confined to one evaluation on one thread. Slots and locals live in
    // manually managed buffers (freed in deinit) and the hot fields skip dynamic exclusivity
    // checks: array copy-on-write checks and access tracking cost more than the evaluation.
    let values: UnsafeMutablePointer<Value>
    /// The number of slots.
    public let count: Int
    @exclusivity(unchecked) var hasLazy = false
    @exclusivity(unchecked) private var lazy: [LazySlot?] = []
    /// Every lazy binding made, for ``rearmLazy()``.
    private var armed: [(slot: Int, program: Program)] = []
    private let variables: [VariableDecl]
    private let absent: [Value]
    /// Comprehension variables of the program being evaluated.
    @exclusivity(unchecked) var locals: UnsafeMutablePointer<Value>
    @exclusivity(unchecked) private var localCapacity: Int
    /// Whether `locals` belongs to an evaluation in progress.
    @exclusivity(unchecked) var inUse = false
    /// Cost spent so far in the current evaluation.
    @exclusivity(unchecked) var cost = 0
    /// Cost allowed in the current evaluation.
    @exclusivity(unchecked) var budget = Int.max

    private enum LazySlot {
        case pending(Program)
        case computing
    }

    /// An activation for `environment`'s variables, every slot absent.
    public init(environment: Environment) {
        variables = environment.variables
        absent = environment.absentValues
        count = variables.count
        values = UnsafeMutablePointer<Value>.allocate(capacity: max(1, count))
        for i in 0..<count { (values + i).initialize(to: absent[i]) }
        localCapacity = 8
        locals = UnsafeMutablePointer<Value>.allocate(capacity: 8)
        locals.initialize(repeating: .null, count: 8)
    }

    deinit {
        values.deinitialize(count: count)
        values.deallocate()
        locals.deinitialize(count: localCapacity)
        locals.deallocate()
    }

    /// Runs `body` with `n` comprehension locals available (nested runs, for lazy
    /// definitions evaluated inside another evaluation, get their own).
    func withLocals(_ n: Int, _ body: (Activation) -> Value) -> Value {
        if !inUse {
            if localCapacity < n {
                locals.deinitialize(count: localCapacity)
                locals.deallocate()
                locals = UnsafeMutablePointer<Value>.allocate(capacity: n)
                locals.initialize(repeating: .null, count: n)
                localCapacity = n
            }
            inUse = true
            defer { inUse = false }
            return body(self)
        }
        let saved = (locals, localCapacity)
        let fresh = UnsafeMutablePointer<Value>.allocate(capacity: max(1, n))
        fresh.initialize(repeating: .null, count: max(1, n))
        locals = fresh
        localCapacity = max(1, n)
        defer {
            fresh.deinitialize(count: max(1, n))
            fresh.deallocate()
            (locals, localCapacity) = saved
        }
        return body(self)
    }

    /// The value in a slot (lazy slots are computed).
    public subscript(slot: Int) -> Value {
        get { slot >= 0 && slot < count ? read(slot) : .error("no slot \(slot)") }
        set { set(slot, newValue) }
    }

    /// Sets a slot's value.
    public func set(_ slot: Int, _ value: Value) {
        guard slot >= 0, slot < count else { return }
        values[slot] = value
        if hasLazy, slot < lazy.count { lazy[slot] = nil }
    }

    /// Marks a slot absent: reading it yields an error value naming the variable.
    public func setAbsent(_ slot: Int) {
        guard slot >= 0, slot < count else { return }
        set(slot, absent[slot])
    }

    /// Binds a slot to a program computed on first read (at most once per activation).
    /// The program must be compiled against the same environment.
    public func bindLazy(_ slot: Int, to program: Program) {
        guard slot >= 0, slot < count else { return }
        if lazy.count < count { lazy += Array(repeating: nil, count: count - lazy.count) }
        lazy[slot] = .pending(program)
        armed.append((slot, program))
        hasLazy = true
    }

    /// Makes every lazy binding pending again, so that the next read computes it afresh (for
    /// an activation reused for another evaluation after its inputs were set).
    public func rearmLazy() {
        guard hasLazy else { return }
        for i in armed.indices { lazy[armed[i].slot] = .pending(armed[i].program) }
    }

    /// Makes every slot absent again (and forgets lazy bindings), keeping storage.
    public func reset() {
        for i in 0..<count { values[i] = absent[i] }
        lazy.removeAll(keepingCapacity: true)
        armed.removeAll()
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
            return .error("definition '\(variables[slot].name)' depends on itself")
        case .pending(let program):
            lazy[slot] = .computing
            let v = program.run(self)
            values[slot] = v
            lazy[slot] = nil
            return v
        }
    }
}
