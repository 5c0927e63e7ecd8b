// ConditionGuards.swift — the comparisons of a variable with a number constant, and the bool
// variables (or their `!`), that an expression is the `&&` of, tested before the expression
// is run: one false one decides it false (CEL's `&&` is false when any side is, whatever the
// others give, errors included), and when the expression is nothing but such tests, all true
// decide it true. Most rule conditions are, or start with, a threshold on a signal
// (`orders_30d >= 10 && …`) or a flag (`ads_enabled && …`); most sellers fail it, and
// deciding that from the value in its slot skips the expression's closures.

/// `variable op constant` as the ints and the doubles it holds for (``FieldTests/intInterval(_:_:)``,
/// ``FieldTests/doubleInterval(_:_:)``), tested as the comparison's own closure tests a number
/// read in place (``Compiler/relationWithConstant(_:_:_:_:)``). Against a double constant an
/// int is compared as a double: its interval is the ints whose doubles fall in the doubles'.
struct NumberGuard: Sendable {
    /// At most this many guards are tested before an expression.
    static let most = 4

    let slot: Int
    /// The ints, and the doubles, it holds for (empty when `lo > hi`).
    let ints: (lo: Int64, hi: Int64)
    let doubles: (lo: Double, hi: Double)

    init(slot: Int, ints: (lo: Int64, hi: Int64)?, doubles: (lo: Double, hi: Double)) {
        self.slot = slot
        self.ints = ints ?? NumberGuard.ints(within: doubles)
        self.doubles = doubles
    }

    /// The ints `x` whose `Double(x)` lies in `d` (a conversion that never decreases as `x`
    /// grows, so they are one interval), found by bisection.
    static func ints(within d: (lo: Double, hi: Double)) -> (lo: Int64, hi: Int64) {
        guard d.lo <= d.hi, let lo = firstInt(where: { Double($0) >= d.lo }) else { return (1, 0) }
        guard let past = firstInt(where: { Double($0) > d.hi }) else { return (lo, .max) }
        return past == .min ? (1, 0) : (lo, past - 1)
    }

    /// The smallest int for which `test` holds, `test` false up to some int and true from
    /// it on; nil when it holds for none.
    private static func firstInt(where test: (Int64) -> Bool) -> Int64? {
        guard test(.max) else { return nil }
        func int(_ u: UInt64) -> Int64 { Int64(bitPattern: u ^ (1 << 63)) }  // order kept
        var lo: UInt64 = 0, hi = UInt64.max
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if test(int(mid)) { hi = mid } else { lo = mid + 1 }
        }
        return int(lo)
    }
}

/// A bool variable (`ads_enabled`), or its `!`, that an expression is the `&&` of: false
/// when the variable holds the other bool. Kept apart from ``NumberGuard`` so that both stay
/// plain memory, read without a reference count or a test of their kind.
struct BoolGuard: Sendable {
    let slot: Int
    /// The bool it holds for: true for `v`, false for `!v`.
    let expected: Bool
}

/// An expression's guards, and whether they are the whole of it.
struct Guards {
    var numbers: [NumberGuard] = []
    var bools: [BoolGuard] = []
    var whole = false
}

extension Compiler {
    /// The guards of `root`: each top-level conjunct (the operands of its `&&`s, the
    /// expression itself when it is no `&&`) that compares a variable with a number constant,
    /// the first ``NumberGuard/most`` of them; and whether they are the whole expression.
    func conditionGuards(_ root: Expr) -> Guards {
        var conjuncts: [Expr] = []
        var pending = [root]
        while let e = pending.popLast() {  // right first onto the stack: taken left to right
            if case .call(nil, Operator.and, let args) = e.kind, args.count == 2 {
                pending.append(args[1])
                pending.append(args[0])
            } else {
                conjuncts.append(e)
            }
        }
        // A loop, not compactMap: a closure over `self` copied the compiler for each conjunct.
        var numbers: [NumberGuard] = [], bools: [BoolGuard] = []
        for c in conjuncts {
            if let n = numberGuard(c) { numbers.append(n) } else if let b = boolGuard(c) { bools.append(b) }
        }
        return Guards(numbers: Array(numbers.prefix(NumberGuard.most)), bools: Array(bools.prefix(NumberGuard.most)),
                      whole: numbers.count + bools.count == conjuncts.count && max(numbers.count, bools.count) <= NumberGuard.most)
    }

    /// `v` or `!v` of a bool variable `v`.
    private func boolGuard(_ e: Expr) -> BoolGuard? {
        var operand = e, expected = true
        if case .call(nil, Operator.not, let args) = e.kind, args.count == 1 { (operand, expected) = (args[0], false) }
        guard let v = Names.variable(operand, env: env, isLocal: { _ in false }), v.type == .bool else { return nil }
        return BoolGuard(slot: v.slot, expected: expected)
    }

    /// `v < c`, `v <= c`, `v > c`, `v >= c`, `v == c` (or `c < v`, …) of a variable `v` and
    /// an int or double constant `c` (a literal or a param).
    private func numberGuard(_ e: Expr) -> NumberGuard? {
        let orders = [Operator.less, Operator.lessEquals, Operator.greater, Operator.greaterEquals]
        guard case .call(nil, let function, let args) = e.kind, args.count == 2 else { return nil }
        if function == Operator.equals { return equalityGuard(args[0], args[1]) }
        guard let kind = orders.firstIndex(of: function) else { return nil }
        let toward: Int, constant: Value, variable: VariableDecl
        if let c = numberConstant(args[1]), let v = Names.variable(args[0], env: env, isLocal: { _ in false }) {
            (toward, constant, variable) = (kind, c, v)
        } else if let c = numberConstant(args[0]), let v = Names.variable(args[1], env: env, isLocal: { _ in false }) {
            (toward, constant, variable) = ([2, 3, 0, 1][kind], c, v)
        } else {
            return nil
        }
        switch constant {
        case .int(let c):
            return NumberGuard(slot: variable.slot, ints: FieldTests.intInterval(c, toward), doubles: FieldTests.doubleInterval(Double(c), toward))
        case .double(let c):
            return NumberGuard(slot: variable.slot, ints: nil, doubles: FieldTests.doubleInterval(c, toward))
        default:
            return nil
        }
    }

    /// `v == c` of a variable and an int or double constant, either way round, as `Ops.eq`
    /// compares numbers: exactly, an int with a double too (one that no double or no int
    /// equals makes that side's interval empty).
    private func equalityGuard(_ l: Expr, _ r: Expr) -> NumberGuard? {
        let constant: Value, variable: VariableDecl
        if let c = numberConstant(r), let v = Names.variable(l, env: env, isLocal: { _ in false }) {
            (constant, variable) = (c, v)
        } else if let c = numberConstant(l), let v = Names.variable(r, env: env, isLocal: { _ in false }) {
            (constant, variable) = (c, v)
        } else {
            return nil
        }
        let noDoubles = (lo: Double.infinity, hi: -Double.infinity)
        switch constant {
        case .int(let c):
            let d = Double(c)
            let exact = Int64(exactly: d) == c  // no double equals an int its double rounds
            return NumberGuard(slot: variable.slot, ints: (c, c), doubles: exact ? (d, d) : noDoubles)
        case .double(let c):
            let ints: (lo: Int64, hi: Int64) = Int64(exactly: c).map { ($0, $0) } ?? (1, 0)
            return NumberGuard(slot: variable.slot, ints: ints, doubles: c.isNaN ? noDoubles : (c, c))
        default:
            return nil
        }
    }
}
