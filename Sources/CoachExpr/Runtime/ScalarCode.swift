// ScalarCode.swift — an expression over numbers and bools compiled a second time, into
// straight-line steps over unboxed registers, run by one loop: no closure call, no `Value`
// made or released per node. It answers only when every step had a plain value; at the
// first step without one (an absent signal, an error, a value of another kind, an overflow)
// it gives up, and the closures of the general path evaluate the expression as always.

/// What ``ScalarCode/run(_:)`` does, one step at a time.
struct ScalarStep: Sendable {
    enum Op: UInt8, Sendable {
        /// `dst` = the int, double or bool in slot `imm` (computed first when lazy), of kind `a`.
        case read
        /// `dst` = field `a` (of object type `b` in ``ScalarCode/objectTypes``) of the object in
        /// slot `imm`, a number or bool of kind `kind`.
        case field
        /// `dst` = the length of the list or map in slot `imm`, charged as `size()` charges it.
        case size
        /// The list in slot `imm` read (computed first when lazy), as the general path reads a
        /// list before the index into it; gives up when it is not a list.
        case touchList
        /// `dst` = element `a` (an int register) of the list in slot `imm`, of kind `b`.
        case index
        case addInt, subtractInt, multiplyInt, divideInt, moduloInt, negateInt
        case addDouble, subtractDouble, multiplyDouble, divideDouble, negateDouble
        /// `dst` = the int in `a` as a double.
        case intToDouble
        case lessInt, lessEqualsInt, greaterInt, greaterEqualsInt, equalsInt, notEqualsInt
        case lessDouble, lessEqualsDouble, greaterDouble, greaterEqualsDouble, equalsDouble, notEqualsDouble
        case equalsBool, notEqualsBool, not
        /// `max` and `min` of two numbers of one kind, as `extreme2` picks (a NaN wins; of
        /// two equal numbers, the first).
        case maxInt, minInt, maxDouble, minDouble
        /// `dst` = whether slot `imm` has a value (computed first when lazy), as `has()` asks.
        case present
        /// `dst` = `a`.
        case move
        /// To step `imm` when the bool in `a` is false (true for ``jumpIfTrue``); on otherwise.
        case jumpIfFalse, jumpIfTrue
        /// To step `imm`.
        case jump
    }

    var op: Op
    /// The kind of value read (``read``, ``field``): 0 int, 1 double, 2 bool.
    var kind: UInt8 = 0
    var dst: Int32 = 0
    var a: Int32 = 0
    var b: Int32 = 0
    var imm: UInt64 = 0
}

/// An expression's ``ScalarStep``s and where its value ends up. Immutable; its steps in
/// memory it owns, so that running it reads no array through a reference count.
final class ScalarCode: Sendable {
    /// A register's kind.
    enum Kind: UInt8, Sendable { case int = 0, double = 1, bool = 2 }

    nonisolated(unsafe) private let steps: UnsafeMutableBufferPointer<ScalarStep>  // written once, in init
    /// The object types field reads check their objects against; and the same read with no
    /// reference count (a retain and a release of a type every thread shares, per read).
    private let objectTypes: [ObjectType]
    nonisolated(unsafe) private let types: UnsafeMutableBufferPointer<Unmanaged<ObjectType>>  // written once, in init
    private let registerCount: Int
    /// The registers as a run starts: zero, but for the constants' (a constant is a register
    /// set before the first step, not a step of its own: a register is written by one step at
    /// most, and a constant's by none).
    private let initial: Registers
    /// The register holding the value, and its kind.
    private let result: Int32
    private let resultKind: Kind

    init(steps: [ScalarStep], objectTypes: [ObjectType], registerCount: Int, constants: [(register: Int32, bits: UInt64)],
         result: Int32, resultKind: Kind) {
        var initial: Registers = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &initial) { raw in
            let r = raw.bindMemory(to: UInt64.self)
            for c in constants where c.register >= 0 && Int(c.register) < r.count { r[Int(c.register)] = c.bits }
        }
        self.initial = initial
        self.steps = UnsafeMutableBufferPointer<ScalarStep>.allocate(capacity: steps.count)
        _ = self.steps.initialize(from: steps)
        self.objectTypes = objectTypes
        types = UnsafeMutableBufferPointer<Unmanaged<ObjectType>>.allocate(capacity: objectTypes.count)
        _ = types.initialize(from: objectTypes.map { Unmanaged.passUnretained($0) })
        self.registerCount = registerCount
        self.result = result
        self.resultKind = resultKind
    }

    deinit {
        steps.deallocate()
        types.deallocate()
    }

    /// The expression's value, or nil when a step met no plain value: then nothing was
    /// charged, and the definitions it computed are those the general path would have
    /// computed had it got as far (it evaluates in the same order), so it can start over from
    /// here.
    func run(_ a: Activation) -> Value? {
        // The registers on the stack, in a tuple of fixed size (a dynamically sized stack
        // allocation costs as much as a few steps), the constants in theirs.
        var registers = initial
        return withUnsafeMutableBytes(of: &registers) { raw in
            execute(UnsafeBufferPointer(steps), raw.bindMemory(to: UInt64.self), a)
        }
    }

    /// The registers a code may use (a larger expression is left to the closures).
    static let maxRegisters = 32
    typealias Registers = (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                           UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64,
                           UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    private func execute(_ steps: UnsafeBufferPointer<ScalarStep>, _ r: UnsafeMutableBufferPointer<UInt64>, _ a: Activation) -> Value? {
        var charged = 0  // what `size()` steps charged: given back when giving up
        var pc = 0
        while pc < steps.count {
            let s = steps[pc]
            pc &+= 1
            let dst = Int(s.dst), x = r[Int(s.a)], y = r[Int(s.b)]
            switch s.op {
            case .read:
                guard let v = a.scalarBits(Int(s.imm), kind: s.kind) else { a.cost &-= charged; return nil }
                r[dst] = v
            case .field:
                guard let v = types[Int(s.b)]._withUnsafeGuaranteedRef({ a.fieldScalarBits(Int(s.imm), $0, Int(s.a), kind: s.kind) }) else {
                    a.cost &-= charged
                    return nil
                }
                r[dst] = v
            case .size:
                guard let n = a.countInPlace(Int(s.imm)) else { a.cost &-= charged; return nil }
                a.cost &+= n
                charged &+= n
                if a.cost > a.budget { a.cost &-= charged; return nil }  // the general path's error
                r[dst] = UInt64(n)
            case .touchList:
                guard a.isList(Int(s.imm)) else { a.cost &-= charged; return nil }
            case .index:
                guard let v = a.elementBits(Int(s.imm), Int64(bitPattern: x), kind: UInt8(s.b)) else { a.cost &-= charged; return nil }
                r[dst] = v
            case .addInt, .subtractInt, .multiplyInt, .divideInt, .moduloInt, .negateInt:
                guard let v = ScalarCode.integer(s.op, Int64(bitPattern: x), Int64(bitPattern: y)) else { a.cost &-= charged; return nil }
                r[dst] = UInt64(bitPattern: v)
            case .addDouble: r[dst] = (Double(bitPattern: x) + Double(bitPattern: y)).bitPattern
            case .subtractDouble: r[dst] = (Double(bitPattern: x) - Double(bitPattern: y)).bitPattern
            case .multiplyDouble: r[dst] = (Double(bitPattern: x) * Double(bitPattern: y)).bitPattern
            case .divideDouble: r[dst] = (Double(bitPattern: x) / Double(bitPattern: y)).bitPattern
            case .negateDouble: r[dst] = (-Double(bitPattern: x)).bitPattern
            case .intToDouble: r[dst] = Double(Int64(bitPattern: x)).bitPattern
            case .lessInt: r[dst] = Int64(bitPattern: x) < Int64(bitPattern: y) ? 1 : 0
            case .lessEqualsInt: r[dst] = Int64(bitPattern: x) <= Int64(bitPattern: y) ? 1 : 0
            case .greaterInt: r[dst] = Int64(bitPattern: x) > Int64(bitPattern: y) ? 1 : 0
            case .greaterEqualsInt: r[dst] = Int64(bitPattern: x) >= Int64(bitPattern: y) ? 1 : 0
            case .equalsInt, .equalsBool: r[dst] = x == y ? 1 : 0
            case .notEqualsInt, .notEqualsBool: r[dst] = x != y ? 1 : 0
            // IEEE comparisons: false when either is NaN, as `Ops.order` orders them.
            case .lessDouble: r[dst] = Double(bitPattern: x) < Double(bitPattern: y) ? 1 : 0
            case .lessEqualsDouble: r[dst] = Double(bitPattern: x) <= Double(bitPattern: y) ? 1 : 0
            case .greaterDouble: r[dst] = Double(bitPattern: x) > Double(bitPattern: y) ? 1 : 0
            case .greaterEqualsDouble: r[dst] = Double(bitPattern: x) >= Double(bitPattern: y) ? 1 : 0
            case .equalsDouble: r[dst] = Double(bitPattern: x) == Double(bitPattern: y) ? 1 : 0
            case .notEqualsDouble: r[dst] = Double(bitPattern: x) == Double(bitPattern: y) ? 0 : 1
            case .not: r[dst] = x == 0 ? 1 : 0
            case .maxInt: r[dst] = Int64(bitPattern: y) > Int64(bitPattern: x) ? y : x
            case .minInt: r[dst] = Int64(bitPattern: y) < Int64(bitPattern: x) ? y : x
            case .maxDouble, .minDouble:
                let u = Double(bitPattern: x), v = Double(bitPattern: y)
                if u.isNaN || v.isNaN {
                    r[dst] = v.isNaN ? y : x
                } else {
                    r[dst] = (s.op == .maxDouble ? v > u : v < u) ? y : x
                }
            case .present: r[dst] = a.isPresent(Int(s.imm)) ? 1 : 0
            case .move: r[dst] = x
            case .jumpIfFalse: if x == 0 { pc = Int(s.imm) }
            case .jumpIfTrue: if x != 0 { pc = Int(s.imm) }
            case .jump: pc = Int(s.imm)
            }
        }
        let v = r[Int(result)]
        switch resultKind {
        case .int: return .int(Int64(bitPattern: v))
        case .double: return .double(Double(bitPattern: v))
        case .bool: return .bool(v != 0)
        }
    }

    /// Integer arithmetic as `Ops` does it; nil where `Ops` gives an error (overflow, a
    /// division or modulus by zero).
    @inline(__always)
    static func integer(_ op: ScalarStep.Op, _ x: Int64, _ y: Int64) -> Int64? {
        switch op {
        case .addInt: let (v, o) = x.addingReportingOverflow(y); return o ? nil : v
        case .subtractInt: let (v, o) = x.subtractingReportingOverflow(y); return o ? nil : v
        case .multiplyInt: let (v, o) = x.multipliedReportingOverflow(by: y); return o ? nil : v
        case .divideInt:
            if y == 0 { return nil }
            let (v, o) = x.dividedReportingOverflow(by: y)
            return o ? nil : v
        case .moduloInt:
            if y == 0 { return nil }
            let (v, o) = x.remainderReportingOverflow(dividingBy: y)
            return o ? nil : v
        case .negateInt: return x == Int64.min ? nil : -x
        default: return nil
        }
    }
}
