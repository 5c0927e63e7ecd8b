// Activation.swift — the inputs of one evaluation: a slot array of values, with absent and
// lazily computed slots. One activation per evaluation (per thread); programs are shared.

import CoachSource

/// Variable values for one evaluation, by slot.
///
/// A slot holds a value, is *absent* (reading it gives an error value naming the variable),
/// or is *lazy*: bound to another program (a named definition), computed on first read and
/// remembered for the rest of this activation's life.
///
/// Not thread-safe: make one per evaluation, or one per thread reused for each evaluation:
/// set every slot it reads again, and call ``rearmLazy()``.
package final class Activation {
    // Activations are confined to one evaluation on one thread. Slots and locals live in
    // manually managed buffers (freed in deinit) and the hot fields skip dynamic exclusivity
    // checks: array copy-on-write checks and access tracking cost more than the evaluation.
    let values: UnsafeMutablePointer<Value>
    /// The number of slots.
    package let count: Int
    @exclusivity(unchecked) var hasLazy = false
    /// Per slot: the program of a lazy binding (nil: not lazy), and its state.
    @exclusivity(unchecked) private var lazyProgram: [Program?] = []
    /// The same programs, and the counting ones (``lazyCounting``), read without a reference
    /// count when a slot is computed (the arrays above keep them).
    private let lazyRun: UnsafeMutablePointer<Unmanaged<Program>?>
    private let lazyCountRun: UnsafeMutablePointer<Unmanaged<Program>?>
    private let lazyState: UnsafeMutablePointer<LazyState>
    /// Per slot: whether it has a lazy binding (kept apart from the programs so that setting
    /// a slot checks one byte).
    private let bound: UnsafeMutablePointer<Bool>
    /// The slots with a lazy binding, in the order bound: what ``rearmLazy()`` visits.
    @exclusivity(unchecked) private var boundSlots: [Int] = []
    /// Per slot: whether its value is borrowed from the signals last given to
    /// ``setSignals(_:slots:missing:)`` (its bits copied there without a retain, so it is
    /// overwritten and let go of without a release); and the slots that are.
    private let borrowed: UnsafeMutablePointer<Bool>
    @exclusivity(unchecked) private var borrowedSlots: [Int] = []
    /// Per slot: the program counting a lazy `filter` binding's list without making it
    /// (``Program/counted``), when it is bound to be counted; and the size it counted for
    /// this evaluation (-1: not counted yet).
    @exclusivity(unchecked) private var lazyCounting: [Program?] = []
    private let lazyCounts: UnsafeMutablePointer<Int>
    /// Whether any lazy binding is counted.
    @exclusivity(unchecked) private var hasCounted = false
    private let variables: [VariableDecl]
    private let absent: [Value]
    /// Comprehension variables of the program being evaluated.
    @exclusivity(unchecked) var locals: UnsafeMutablePointer<Value>
    @exclusivity(unchecked) private(set) var localCapacity: Int
    /// Whether `locals` belongs to an evaluation in progress.
    @exclusivity(unchecked) var inUse = false
    /// Cost spent so far in the current evaluation.
    @exclusivity(unchecked) var cost = 0
    /// Cost allowed in the current evaluation.
    @exclusivity(unchecked) var budget = Int.max
    /// Cost left for the rest of a seller's evaluation, over all its expressions: a program
    /// runs within its own budget or what is left, whichever is less, so that no rule set
    /// can make one seller's evaluation run for long (a rule engine sets it per seller to
    /// ``evaluationBudget``; `Int.max`, the default, is no such bound).
    @exclusivity(unchecked) package var remaining = Int.max
    /// What ``remaining`` starts at for each seller.
    package var evaluationBudget = Activation.defaultEvaluationBudget
    /// The cost one seller's evaluation may spend over all its expressions: twenty
    /// expressions at their whole budget, about two seconds of this machine class at worst,
    /// and six times what the shipped rules spend on a seller with 10,000 listings.
    package static let defaultEvaluationBudget = 20_000_000

    /// The error for a budget run out: the expression's own, or what was left of the
    /// seller's evaluation (the budget was what was left when the run started, and nothing
    /// has been given back since).
    func budgetExceeded(at loc: SourceLocation?) -> Value {
        remaining <= budget
            ? .error("the evaluation of this seller ran out of its cost budget of \(evaluationBudget) over all its expressions", at: loc)
            : .error("evaluation cost budget of \(budget) exceeded", at: loc)
    }

    /// Starts a program's run: its cost from zero, its budget its own or what is left.
    @inline(__always)
    func startRun(budget own: Int) {
        cost = 0
        budget = min(own, remaining)
    }

    /// Ends a program's run: what it spent is taken from what is left (below zero when it
    /// overran it: every later run's budget is then spent before it starts).
    @inline(__always)
    func endRun() {
        remaining &-= cost
    }
    /// What the host gives functions declared with a ``FunctionImpl/host(_:)``
    /// implementation (the rule engine: the seller's delivery history).
    package var host: AnyObject?

    /// Where a slot's lazy binding stands.
    private enum LazyState: UInt8 {
        /// Not lazy, or computed: the value is in the slot.
        case ready
        /// Bound and not computed yet in this evaluation.
        case pending
        /// Being computed (reading it now is a cycle).
        case computing
    }

    /// An activation for `environment`'s variables, every slot absent.
    package init(environment: Environment) {
        variables = environment.variables
        absent = environment.absentValues
        count = variables.count
        values = UnsafeMutablePointer<Value>.allocate(capacity: max(1, count))
        for i in 0..<count { (values + i).initialize(to: absent[i]) }
        lazyState = UnsafeMutablePointer<LazyState>.allocate(capacity: max(1, count))
        lazyState.initialize(repeating: .ready, count: max(1, count))
        bound = UnsafeMutablePointer<Bool>.allocate(capacity: max(1, count))
        bound.initialize(repeating: false, count: max(1, count))
        lazyCounts = UnsafeMutablePointer<Int>.allocate(capacity: max(1, count))
        lazyCounts.initialize(repeating: -1, count: max(1, count))
        borrowed = UnsafeMutablePointer<Bool>.allocate(capacity: max(1, count))
        borrowed.initialize(repeating: false, count: max(1, count))
        lazyRun = UnsafeMutablePointer<Unmanaged<Program>?>.allocate(capacity: max(1, count))
        lazyRun.initialize(repeating: nil, count: max(1, count))
        lazyCountRun = UnsafeMutablePointer<Unmanaged<Program>?>.allocate(capacity: max(1, count))
        lazyCountRun.initialize(repeating: nil, count: max(1, count))
        localCapacity = 8
        locals = UnsafeMutablePointer<Value>.allocate(capacity: 8)
        locals.initialize(repeating: .null, count: 8)
    }

    deinit {
        dropBorrowed()  // not this activation's to release
        values.deinitialize(count: count)
        values.deallocate()
        borrowed.deallocate()
        lazyRun.deallocate()
        lazyCountRun.deallocate()
        lazyState.deallocate()
        bound.deallocate()
        lazyCounts.deallocate()
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

    /// Calls `body` with comprehension local `slot` holding, in turn, each element of
    /// `items`, until `body` returns false. The elements are borrowed from `items` (which
    /// the caller keeps alive) rather than copied: the slot's bits are the element's, with
    /// no reference counting per element, and the slot holds null again afterwards. Only the
    /// loop that owns the slot writes it; readers copy from it as from any slot.
    @inline(__always)
    func forEachBorrowed(_ items: [Value], in slot: Int, _ body: (Int) -> Bool) {
        locals[slot] = .null
        defer { (locals + slot).initialize(to: .null) }  // drop the borrowed bits without a release
        items.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            for k in 0..<buffer.count {
                UnsafeMutableRawPointer(locals + slot).copyMemory(from: base + k, byteCount: MemoryLayout<Value>.size)
                if !body(k) { return }
            }
        }
    }

    /// The number in slot `slot`, read in place (the value is not copied out): its int, or
    /// its double; both nil for any other value, or a lazy slot not computed yet.
    @inline(__always)
    func numberInPlace(_ slot: Int) -> (int: Int64?, double: Double?) {
        if hasLazy, lazyState[slot] != .ready { return (nil, nil) }
        switch values[slot] {
        case .int(let x): return (x, nil)
        case .double(let x): return (nil, x)
        default: return (nil, nil)
        }
    }

    /// Whether guard `g` holds for the number in its slot, read in place (an int against its
    /// ints, a double against its doubles); nil for any other value, or a lazy slot not
    /// computed yet.
    @inline(__always)
    func holds(_ g: NumberGuard) -> Bool? {
        if hasLazy, lazyState[g.slot] != .ready { return nil }
        switch values[g.slot] {
        case .int(let x): return g.ints.lo <= x && x <= g.ints.hi
        case .double(let x): return g.doubles.lo <= x && x <= g.doubles.hi
        default: return nil
        }
    }

    /// Whether bool guard `g` holds for the bool in its slot; nil for any other value, or a
    /// lazy slot not computed yet.
    @inline(__always)
    func holds(_ g: BoolGuard) -> Bool? {
        if hasLazy, lazyState[g.slot] != .ready { return nil }
        if case .bool(let b) = values[g.slot] { return b == g.expected }
        return nil
    }

    /// The number of elements of the list or map in slot `slot`, read in place; nil for any
    /// other value. A pending lazy slot is computed first, as a read computes it.
    @inline(__always)
    func countInPlace(_ slot: Int) -> Int? {
        if hasLazy, lazyState[slot] != .ready {
            if hasCounted, let n = lazyCount(slot) { return n }
            computePending(slot)
            if lazyState[slot] != .ready { return nil }
        }
        switch values[slot] {
        case .list(let l): return l.count
        case .map(let m): return m.count
        default: return nil
        }
    }

    /// Field `field` of comprehension local `local` when it is an object of `type` whose
    /// field holds an int; nil otherwise (the caller takes the general path).
    @inline(__always)
    func localIntField(_ local: Int, _ type: ObjectType, _ field: Int) -> Int64? {
        guard case .object(let o) = locals[local], o.type === type, case .int(let x)? = o[field] else { return nil }
        return x
    }

    /// The same for a field holding a double (an int field reads as its double).
    @inline(__always)
    func localDoubleField(_ local: Int, _ type: ObjectType, _ field: Int) -> Double? {
        guard case .object(let o) = locals[local], o.type === type else { return nil }
        switch o[field] {
        case .double(let x)?: return x
        case .int(let x)?: return Double(x)
        default: return nil
        }
    }

    /// The same for a field holding a double, and only a double (for equality, where an int
    /// field compares exactly, not as its double).
    @inline(__always)
    func localExactDoubleField(_ local: Int, _ type: ObjectType, _ field: Int) -> Double? {
        guard case .object(let o) = locals[local], o.type === type, case .double(let x)? = o[field] else { return nil }
        return x
    }

    /// Computes slot `slot` when it is lazy and not computed yet in this evaluation, as a read
    /// of it would (``readSlow(_:)``). Nothing happens to any other slot, nor to the cost counted.
    package func compute(_ slot: Int) {
        guard slot >= 0, slot < count, hasLazy, lazyState[slot] == .pending else { return }
        computePending(slot)
    }

    /// The number of elements of the list or map in slot `slot`, as `size()` of the variable
    /// reads it (a pending definition computed or counted first); nil for any other value.
    package func count(of slot: Int) -> Int? {
        guard slot >= 0, slot < count else { return nil }
        return countInPlace(slot)
    }

    /// The value in a slot as it stands, without computing it: nil when the slot is lazy and
    /// not computed yet in this evaluation (computing it here would charge its cost outside
    /// any evaluation).
    package func peek(_ slot: Int) -> Value? {
        guard slot >= 0, slot < count else { return nil }
        if hasLazy, lazyState[slot] != .ready { return nil }
        return values[slot]
    }

    /// The value in a slot (lazy slots are computed).
    package subscript(slot: Int) -> Value {
        get { slot >= 0 && slot < count ? read(slot) : .error("no slot \(slot)") }
        set { set(slot, newValue) }
    }

    /// Sets a slot's value.
    package func set(_ slot: Int, _ value: Value) {
        guard slot >= 0, slot < count else { return }
        if borrowed[slot] { unborrow(slot) }
        values[slot] = value
        if hasLazy {
            lazyState[slot] = .ready
            if bound[slot] {  // a value set replaces the binding
                bound[slot] = false
                boundSlots.removeAll { $0 == slot }
                lazyProgram[slot] = nil
                lazyRun[slot] = nil
                if slot < lazyCounting.count { lazyCounting[slot] = nil }
                lazyCountRun[slot] = nil
            }
        }
    }

    /// Sets slot `slots[i]` to `signals[i]` for each `i` below `missing.count`, or marks it
    /// absent when that is nil or past the end of `signals`, as ``set(_:_:)`` and
    /// ``setAbsent(_:)`` do one by one; writes whether each is absent into `missing`, and
    /// returns the same as a bit each for the first 64.
    ///
    /// Each value is *borrowed*, from `signals` or (an absent signal's error) from the
    /// activation's own absent values: its bits are copied into the slot with no retain, and
    /// written over or let go of with no release (a retain and a release of a seller's list,
    /// on memory the evaluation may not otherwise touch, cost more in time than the copying
    /// itself). The caller keeps the array `signals` shares its elements with alive and
    /// unchanged until it calls ``dropBorrowed()`` or sets the signals again, and reads
    /// nothing from the signals' slots once it has let the array go; readers copy from a
    /// borrowed slot as from any other. A slot with a lazy binding is set as ``set(_:_:)``
    /// sets it, never borrowed.
    package func setSignals(_ signals: [Value?], slots: [Int], missing: UnsafeMutableBufferPointer<Bool>) -> UInt64 {
        var mask: UInt64 = 0
        let borrows = Activation.optionalSharesBits
        signals.withUnsafeBufferPointer { src in
            absent.withUnsafeBufferPointer { absent in
                slots.withUnsafeBufferPointer { slots in
                    guard let absentBase = absent.baseAddress else { return }
                    for i in 0..<min(slots.count, missing.count) {
                        let slot = slots[i]
                        // Whether the signal has a value: one look at its tag, nothing copied.
                        let given: Bool
                        if i < src.count, case .some = src[i] { given = true } else { given = false }
                        missing[i] = !given
                        if !given, i < 64 { mask |= 1 << UInt64(i) }
                        guard slot >= 0, slot < count else { continue }
                        if borrows, !(hasLazy && bound[slot]) {
                            // Its bits, or the absent value's (an error naming the signal), copied
                            // in place. The slot's old value is released first only when it is
                            // the slot's own: never after the first seller, whose signals were
                            // borrowed too.
                            if !borrowed[slot] {
                                if !holdsNoReference(slot) { values[slot] = .null }
                                borrowed[slot] = true
                                borrowedSlots.append(slot)
                            }
                            if given, let base = src.baseAddress {
                                copyBits(slot, UnsafeRawPointer(base + i))  // `.some(v)` has the bits of `v`
                            } else {
                                copyBits(slot, UnsafeRawPointer(absentBase + slot))
                            }
                        } else if given, let v = src[i] {
                            set(slot, v)
                        } else {
                            setAbsent(slot)
                        }
                    }
                }
            }
        }
        return mask
    }

    /// Copies the bits of the value at `from` over slot `slot`'s, with no retain or release.
    @inline(__always)
    private func copyBits(_ slot: Int, _ from: UnsafeRawPointer) {
        UnsafeMutableRawPointer(values + slot).copyMemory(from: from, byteCount: MemoryLayout<Value>.size)
    }

    /// Whether an optional value's `.some` has the bits of the value it wraps (Swift lays an
    /// optional enum out in the wrapped value's spare bits): what borrowing a signal from an
    /// array of optionals relies on. When it does not, signals are copied.
    private static let optionalSharesBits = MemoryLayout<Value?>.size == MemoryLayout<Value>.size
        && MemoryLayout<Value?>.stride == MemoryLayout<Value>.stride

    /// Lets go of every borrowed slot: each holds null again, nothing released (a slot set
    /// since it was borrowed is its own again already). For a caller about to let go of the
    /// signals it last set.
    package func dropBorrowed() {
        guard !borrowedSlots.isEmpty else { return }
        for slot in borrowedSlots where borrowed[slot] {
            (values + slot).initialize(to: .null)  // over the borrowed bits, without a release
            borrowed[slot] = false
        }
        borrowedSlots.removeAll(keepingCapacity: true)
    }

    /// Makes every borrowed slot's value the activation's own (retained, so that it outlives
    /// the signals it was borrowed from): for an activation handed on to outlive its inputs.
    package func ownBorrowed() {
        for slot in borrowedSlots where borrowed[slot] {
            let owned = values[slot]  // a copy, retained
            (values + slot).initialize(to: owned)  // over the borrowed bits, without a release
            borrowed[slot] = false
        }
        borrowedSlots.removeAll(keepingCapacity: true)
    }

    /// Lets go of one borrowed slot, as ``dropBorrowed()`` does.
    private func unborrow(_ slot: Int) {
        (values + slot).initialize(to: .null)
        borrowed[slot] = false
        borrowedSlots.removeAll { $0 == slot }
    }

    /// Whether slot `slot`'s value holds no reference (null, a bool or a number): its tag
    /// looked at in place, the value not copied out.
    @inline(__always)
    private func holdsNoReference(_ slot: Int) -> Bool {
        switch values[slot] {
        case .null, .bool, .int, .uint, .double: return true
        default: return false
        }
    }

    /// Marks a slot absent: reading it yields an error value naming the variable.
    package func setAbsent(_ slot: Int) {
        guard slot >= 0, slot < count else { return }
        set(slot, absent[slot])
    }

    /// Binds a slot to a program computed on first read (at most once per activation, or
    /// per ``rearmLazy()``). The program must be compiled against the same environment.
    /// With `counted`, a program that is a `filter` (``Program/countable``) read for its
    /// `size()` before anything reads its list is counted, the list not made: for a
    /// definition that nothing reads whole (``Program/wholeRead``), else it would be both
    /// counted and listed. Either way every reader gets the same values, errors and costs.
    package func bindLazy(_ slot: Int, to program: Program, counted: Bool = true) {
        guard slot >= 0, slot < count else { return }
        if borrowed[slot] { unborrow(slot) }  // computing it writes over it with a release
        if lazyProgram.count < count { lazyProgram = Array(repeating: nil, count: count) }
        lazyProgram[slot] = program
        lazyRun[slot] = Unmanaged.passUnretained(program)
        lazyState[slot] = .pending
        lazyCounts[slot] = -1
        if !bound[slot] {
            bound[slot] = true
            boundSlots.append(slot)
        }
        hasLazy = true
        if counted, let counting = program.counted {
            if lazyCounting.count < count { lazyCounting = Array(repeating: nil, count: count) }
            lazyCounting[slot] = counting
            lazyCountRun[slot] = Unmanaged.passUnretained(counting)
            hasCounted = true
        } else {
            if slot < lazyCounting.count { lazyCounting[slot] = nil }
            lazyCountRun[slot] = nil
        }
    }

    /// Makes every lazy binding pending again, so that the next read computes it afresh (for
    /// an activation reused for another evaluation after its inputs were set).
    package func rearmLazy() {
        guard hasLazy else { return }
        for i in boundSlots {
            lazyState[i] = .pending
            lazyCounts[i] = -1
        }
    }

    /// Reads a slot, computing it first when it is lazy.
    @inline(__always)
    func read(_ slot: Int) -> Value {
        if hasLazy, lazyState[slot] != .ready { return readSlow(slot) }
        return values[slot]
    }

    /// The bits of the int (`kind` 0), double (1) or bool (2) in slot `slot`, computed first
    /// when lazy as ``read(_:)`` computes it; nil for any other value (``ScalarCode``).
    @inline(__always)
    func scalarBits(_ slot: Int, kind: UInt8) -> UInt64? {
        if hasLazy, lazyState[slot] != .ready {
            computePending(slot)
            if lazyState[slot] != .ready { return nil }
        }
        // The tag read in place (a value passed on would be copied, and released).
        switch values[slot] {
        case .int(let x): return kind == 0 ? UInt64(bitPattern: x) : nil
        case .double(let x): return kind == 1 ? x.bitPattern : nil
        case .bool(let b): return kind == 2 ? (b ? 1 : 0) : nil
        default: return nil
        }
    }

    /// The same for field `field` of the object in slot `slot`, read as the general path
    /// reads it: the object's type `type`, or one of the same name holding the field.
    /// The object and its field are looked at in place, not copied out.
    func fieldScalarBits(_ slot: Int, _ type: ObjectType, _ field: Int, kind: UInt8) -> UInt64? {
        guard computed(slot), case .object(let o) = values[slot], o.type === type || (o.type.name == type.name && field < o.fieldCount) else { return nil }
        return o.bits(at: field, kind: kind)
    }

    /// Whether slot `slot` is a definition not computed yet: reading it now would compute it
    /// (and charge the budget what its program charges).
    @inline(__always)
    func isPending(_ slot: Int) -> Bool { hasLazy && lazyState[slot] == .pending }

    /// Whether slot `slot` has a value (is not absent, nor a failed definition), computed
    /// first when lazy: what `has()` of a variable asks.
    func isPresent(_ slot: Int) -> Bool {
        guard computed(slot) else { return false }  // a definition that reads itself: an error
        if case .error = values[slot] { return false }
        return true
    }

    /// Whether slot `slot` holds a list, computed first when lazy.
    func isList(_ slot: Int) -> Bool {
        guard computed(slot) else { return false }
        if case .list = values[slot] { return true }
        return false
    }

    /// Computes slot `slot` when it is lazy and not computed yet, as ``read(_:)`` does; false
    /// when its value is not in the slot after that (a definition that reads itself), so that
    /// the caller may look at the slot in place, without copying its value out.
    @inline(__always)
    private func computed(_ slot: Int) -> Bool {
        guard hasLazy, lazyState[slot] != .ready else { return true }
        computePending(slot)
        return lazyState[slot] == .ready
    }

    /// The same bits for element `index` of the list in slot `slot` (already read); nil
    /// when there is no such element.
    func elementBits(_ slot: Int, _ index: Int64, kind: UInt8) -> UInt64? {
        guard case .list(let l) = values[slot], index >= 0, index < Int64(l.count) else { return nil }
        return Activation.bits(l[Int(index)], kind)
    }

    @inline(__always)
    private static func bits(_ v: Value, _ kind: UInt8) -> UInt64? {
        switch (v, kind) {
        case (.int(let x), 0): return UInt64(bitPattern: x)
        case (.double(let x), 1): return x.bitPattern
        case (.bool(let b), 2): return b ? 1 : 0
        default: return nil
        }
    }

    /// A lazy slot's value, computed on its first read (``computePending(_:)``); reading it
    /// while it is being computed is a cycle.
    private func readSlow(_ slot: Int) -> Value {
        if lazyState[slot] == .computing { return .error("definition '\(variables[slot].name)' depends on itself") }
        computePending(slot)
        return values[slot]
    }

    /// Computes lazy slot `slot` when it is pending, leaving its value in the slot (callers
    /// that look at it in place copy nothing out): a definition's program runs once per
    /// seller within a cost budget of its own, whoever reads it first, and charges its reader
    /// nothing. So its value, an error included, is the same whenever and by whichever
    /// expression it is computed, and a reader's own cost does not depend on whether another
    /// expression computed it before (decisions.md, "A definition's value is the seller's").
    private func computePending(_ slot: Int) {
        guard lazyState[slot] == .pending, let program = lazyRun[slot] else { return }
        lazyState[slot] = .computing
        let (readerCost, readerBudget) = (cost, budget)
        startRun(budget: program._withUnsafeGuaranteedRef { $0.defaultBudget })
        values[slot] = program._withUnsafeGuaranteedRef { $0.run(self) }
        endRun()
        (cost, budget) = (readerCost, readerBudget)
        lazyState[slot] = .ready
    }

    /// The size of pending lazy slot `slot` when its program is a `filter`, counted once per
    /// seller by ``Program/counted`` as ``readSlow(_:)`` would compute the list (a budget of
    /// its own, nothing charged to the reader, a cycle met as a cycle); the list itself is
    /// made only if something reads it. Nil when the count fails: the list's own computation
    /// then gives the error, as it always has.
    private func lazyCount(_ slot: Int) -> Int? {
        if lazyCounts[slot] >= 0 { return lazyCounts[slot] }
        guard lazyState[slot] == .pending, let counting = lazyCountRun[slot] else { return nil }
        lazyState[slot] = .computing
        let (readerCost, readerBudget) = (cost, budget)
        startRun(budget: counting._withUnsafeGuaranteedRef { $0.defaultBudget })
        let v = counting._withUnsafeGuaranteedRef { $0.run(self) }
        endRun()
        (cost, budget) = (readerCost, readerBudget)
        lazyState[slot] = .pending
        guard case .int(let n) = v, n >= 0 else { return nil }
        lazyCounts[slot] = Int(n)
        return Int(n)
    }
}
