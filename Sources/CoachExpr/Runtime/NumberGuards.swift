// NumberGuards.swift — the comparisons of a variable with a number that an expression is the
// `&&` of, tested before the expression is run: one false one decides it false (CEL's `&&` is
// false when any side is, whatever the others give, errors included), and when the expression
// is nothing but such comparisons, all true decide it true. Most rule conditions are, or start
// with, a threshold on a signal (`orders_30d >= 10 && …`); most sellers fail it, and deciding
// that from the number in its slot skips the expression's closures.

/// `variable op constant` as the ints and the doubles it holds for (``FieldTests/intInterval(_:_:)``,
/// ``FieldTests/doubleInterval(_:_:)``), tested as the comparison's own closure tests a number
/// read in place (``Compiler/relationWithConstant(_:_:_:_:)``).
struct NumberGuard: Sendable {
    let slot: Int
    /// The ints it holds for, when the constant is an int (an int is otherwise compared as a double).
    let ints: (lo: Int64, hi: Int64)?
    let doubles: (lo: Double, hi: Double)

    /// Whether it holds for the number in its slot; nil when the slot holds no number (or is
    /// a definition not computed yet): then only the expression can say.
    @inline(__always)
    func holds(_ a: Activation) -> Bool? {
        let n = a.numberInPlace(slot)
        if let x = n.int {
            if let ints { return ints.lo <= x && x <= ints.hi }
            let d = Double(x)
            return doubles.lo <= d && d <= doubles.hi
        }
        if let x = n.double { return doubles.lo <= x && x <= doubles.hi }
        return nil
    }
}

/// An expression's guards, in memory of their own (read with no reference count), and whether
/// they are the whole of it.
final class NumberGuards: Sendable {
    nonisolated(unsafe) private let guards: UnsafeMutableBufferPointer<NumberGuard>  // written once, in init
    /// Whether the expression is the `&&` of its guards and nothing else.
    let whole: Bool

    /// At most this many guards are tested before an expression.
    static let most = 4

    init?(_ guards: [NumberGuard], whole: Bool) {
        guard !guards.isEmpty else { return nil }
        self.guards = .allocate(capacity: guards.count)
        _ = self.guards.initialize(from: guards)
        self.whole = whole
    }

    deinit { guards.deallocate() }

    /// false when a guard does not hold; true when every one holds and they are the whole
    /// expression; nil when the expression must be run to know.
    @inline(__always)
    func verdict(_ a: Activation) -> Bool? {
        var all = true
        for g in guards {
            switch g.holds(a) {
            case false?: return false
            case nil: all = false
            case true?: break
            }
        }
        return all && whole ? true : nil
    }
}

extension Compiler {
    /// The guards of `root`: each top-level conjunct (the operands of its `&&`s, the
    /// expression itself when it is no `&&`) that orders a variable against a number constant,
    /// the first ``NumberGuards/most`` of them; nil when there are none.
    func numberGuards(_ root: Expr) -> NumberGuards? {
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
        let guards = conjuncts.compactMap(numberGuard)
        return NumberGuards(Array(guards.prefix(NumberGuards.most)), whole: guards.count == conjuncts.count && guards.count <= NumberGuards.most)
    }

    /// `v < c`, `v <= c`, `v > c`, `v >= c` (or `c < v`, …) of a variable `v` and an int or
    /// double constant `c` (a literal or a param).
    private func numberGuard(_ e: Expr) -> NumberGuard? {
        let orders = [Operator.less, Operator.lessEquals, Operator.greater, Operator.greaterEquals]
        guard case .call(nil, let function, let args) = e.kind, args.count == 2, let kind = orders.firstIndex(of: function) else { return nil }
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
}
