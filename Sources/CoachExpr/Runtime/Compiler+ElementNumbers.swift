// Compiler+ElementNumbers.swift — arithmetic on the loop object's fields inside a
// comprehension predicate (`30.0 * double(l.stock) / double(l.orders_30d) < 20.0`), compared
// with a constant, as a chunk test: each element's number computed from its fields in place,
// with no value made per node. Only doubles: their arithmetic never fails and charges nothing,
// as the general path's does; an unset field or a value of another kind leaves the element to
// the general path.

import CoachSource

/// A double computed from one element of the loop (an object of the loop's type); nil when
/// the general path must judge the element.
typealias ElementNumber = @Sendable (ObjectValue) -> Double?

extension Compiler {
    /// `x op c` or `c op x` where `x` is double arithmetic on the loop's fields and `c` a
    /// number known when compiling; nil for anything else.
    func orderOfElementNumber(_ l: Expr, _ r: Expr, _ kind: Int, _ ot: ObjectType, _ iter: Int) -> ChunkTest? {
        if let c = constantNumber(r), let x = elementNumber(l, ot, iter) { return FieldTests.order(ot, x, c, kind) }
        if let c = constantNumber(l), let x = elementNumber(r, ot, iter) { return FieldTests.order(ot, x, c, [2, 3, 0, 1][kind]) }
        if let v = typedNumber(r), let x = elementNumber(l, ot, iter) { return FieldTests.order(ot, x, slot: v, kind) }
        if let v = typedNumber(l), let x = elementNumber(r, ot, iter) { return FieldTests.order(ot, x, slot: v, [2, 3, 0, 1][kind]) }
        return nil
    }

    /// A number known when compiling: ``numberConstant(_:)``, or `double()` of one.
    func constantNumber(_ e: Expr) -> Value? {
        if let c = numberConstant(e) { return c }
        guard case .call(nil, "double", let args) = e.kind, args.count == 1, standardDouble, let c = numberConstant(args[0]) else { return nil }
        switch c {
        case .int(let i): return .double(Double(i))
        case .uint(let u): return .double(Double(u))
        default: return c
        }
    }

    /// `e`, a double (as the checker typed it) computed from the loop object's fields and
    /// constants by `+`, `-`, `*`, `/`, unary `-` and `double()`; nil for anything else.
    func elementNumber(_ e: Expr, _ ot: ObjectType, _ iter: Int) -> ElementNumber? {
        guard case .double? = type(e) else { return nil }
        if let c = constantNumber(e) {
            guard case .double(let d) = c else { return nil }
            return { _ in d }
        }
        if let fi = loopField(e, ot, iter) {
            return { o in
                if case .double(let x)? = o[fi] { return x }
                return nil
            }
        }
        guard case .call(nil, let fn, let args) = e.kind else { return nil }
        switch (fn, args.count) {
        case ("double", 1):
            guard standardDouble else { return nil }
            if let fi = loopField(args[0], ot, iter) {
                return { o in
                    switch o[fi] {
                    case .double(let x)?: return x
                    case .int(let x)?: return Double(x)
                    case .uint(let x)?: return Double(x)
                    default: return nil
                    }
                }
            }
            return elementNumber(args[0], ot, iter)
        case (Operator.negate, 1):
            guard let x = elementNumber(args[0], ot, iter) else { return nil }
            return { o in x(o).map { -$0 } }
        case (Operator.add, 2), (Operator.subtract, 2), (Operator.multiply, 2), (Operator.divide, 2):
            guard let x = elementNumber(args[0], ot, iter), let y = elementNumber(args[1], ot, iter) else { return nil }
            switch fn {
            case Operator.add: return { o in guard let a = x(o), let b = y(o) else { return nil }; return a + b }
            case Operator.subtract: return { o in guard let a = x(o), let b = y(o) else { return nil }; return a - b }
            case Operator.multiply: return { o in guard let a = x(o), let b = y(o) else { return nil }; return a * b }
            default: return { o in guard let a = x(o), let b = y(o) else { return nil }; return a / b }
            }
        default:
            return nil
        }
    }

    /// Whether `double()` is the standard conversion (charged nothing for a number, an int
    /// or uint made its double, a double left as it is).
    var standardDouble: Bool {
        guard let decl = env.function("double"), decl.cost == nil, decl.implementation != nil else { return false }
        let ids = Set(decl.overloads.filter { $0.implementation == nil }.map(\.id))
        return ids.isSuperset(of: ["double_to_double", "int64_to_double", "uint64_to_double"])
    }
}

extension FieldTests {
    /// `x op c` for a double `x` computed from each element, against a number constant, as
    /// `Ops.order` orders a double against an int or a double: as doubles (NaN orders nothing).
    static func order(_ ot: ObjectType, _ x: @escaping ElementNumber, _ constant: Value, _ kind: Int) -> ChunkTest? {
        guard let c = constant.numberAsDouble else { return nil }
        let doubles = doubleInterval(c, kind)
        return { buf, start, mask, _ in scan(buf, start, mask, ot, x, doubles) }
    }

    /// The same against a variable outside the loop (a definition too), its number
    /// read once per chunk; any other value leaves the chunk to the general path.
    static func order(_ ot: ObjectType, _ x: @escaping ElementNumber, slot: Int, _ kind: Int) -> ChunkTest {
        return { buf, start, mask, a in
            guard let c = a.read(slot).numberAsDouble else { return Verdicts(yes: 0, bad: mask) }
            return scan(buf, start, mask, ot, x, doubleInterval(c, kind))
        }
    }

    /// Each element's number in `doubles`; an element without one is left to the general path.
    @inline(__always)
    private static func scan(_ buf: UnsafeBufferPointer<Value>, _ start: Int, _ mask: UInt64, _ ot: ObjectType,
                             _ x: ElementNumber, _ doubles: (lo: Double, hi: Double)) -> Verdicts {
        var v = Verdicts(yes: 0, bad: 0)
        var left = mask
        while left != 0 {
            let bit = left & (0 &- left)
            left &= left &- 1
            guard case .object(let o) = buf[start &+ bit.trailingZeroBitCount], o.type === ot, let n = x(o) else {
                v.bad |= bit
                continue
            }
            if doubles.lo <= n && n <= doubles.hi { v.yes |= bit }
        }
        return v
    }
}

extension Value {
    /// An int or a double as a double (as `Ops.order` orders a double against either); nil
    /// for anything else (unlike ``number``, a uint too: `Ops.order` compares it otherwise).
    var numberAsDouble: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .double(let d): return d
        default: return nil
        }
    }
}
