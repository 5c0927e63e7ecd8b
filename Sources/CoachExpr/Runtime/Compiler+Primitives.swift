// Compiler+Primitives.swift — the closure builders shared by the compiler: strict unary and
// binary calls, error-absorbing && and ||, comparisons, cost accounting.

import CoachSource

extension Compiler {
    static func logical(_ l: @escaping Node, _ r: @escaping Node, isAnd: Bool, _ loc: SourceLocation) -> Node {
        let decisive = !isAnd
        return { a in
            let x = l(a)
            if case .bool(let b) = x, b == decisive { return x }
            let y = r(a)
            if case .bool(let b) = y, b == decisive { return y }
            if case .bool = x, case .bool = y { return .bool(!decisive) }
            if case .error = x { return x }
            if case .error = y { return y }
            let bad = { if case .bool = x { return y } else { return x } }()
            return .error("no such overload: \(isAnd ? "&&" : "||") needs bool operands, not '\(bad.typeName)'", at: loc)
        }
    }

    /// `<` (0), `<=` (1), `>` (2), `>=` (3), specialised so the hot path allocates nothing.
    static func relation(_ l: @escaping Node, _ r: @escaping Node, _ loc: SourceLocation, _ kind: Int) -> Node {
        return { a in
            let x = l(a)
            if case .error = x { return x }
            let y = r(a)
            if case .error = y { return y }
            let c = Ops.order(x, y)
            // Ordering strings or bytes compares them byte by byte: charged like `==`.
            switch x {
            case .string, .bytes: if let e = charge(a, size(x) &+ size(y), loc) { return e }
            default: break
            }
            switch c {
            case 2: return .bool(false)
            case 3:
                let op = [Operator.less, Operator.lessEquals, Operator.greater, Operator.greaterEquals][kind]
                return .error("no such overload: \(Operator.display(op))(\(x.typeName), \(y.typeName))", at: loc)
            default:
                switch kind {
                case 0: return .bool(c < 0)
                case 1: return .bool(c <= 0)
                case 2: return .bool(c > 0)
                default: return .bool(c >= 0)
                }
            }
        }
    }

    static func unary(_ x: @escaping Node, _ loc: SourceLocation, _ f: @escaping @Sendable (Value) -> Value) -> Node {
        return { a in
            let v = x(a)
            if case .error = v { return v }
            return located(f(v), loc)
        }
    }

    static func binary(_ l: @escaping Node, _ r: @escaping Node, _ loc: SourceLocation, _ f: @escaping @Sendable (Value, Value) -> Value) -> Node {
        return { a in
            let x = l(a)
            if case .error = x { return x }
            let y = r(a)
            if case .error = y { return y }
            return located(f(x, y), loc)
        }
    }

    /// A binary operation charged `cost(x, y, budgetLeft)` before it runs.
    static func chargedBinary(_ l: @escaping Node, _ r: @escaping Node, _ loc: SourceLocation,
                              cost: @escaping @Sendable (Value, Value, Int) -> Int,
                              _ f: @escaping @Sendable (Value, Value) -> Value) -> Node {
        return { a in
            let x = l(a)
            if case .error = x { return x }
            let y = r(a)
            if case .error = y { return y }
            if let e = charge(a, cost(x, y, a.budget &- a.cost), loc) { return e }
            return located(f(x, y), loc)
        }
    }

    /// A binary operation whose work grows with the whole of both operands (`==` and `in`
    /// on nested lists and maps): it is charged their deep sizes first.
    static func deepBinary(_ l: @escaping Node, _ r: @escaping Node, _ loc: SourceLocation, _ f: @escaping @Sendable (Value, Value) -> Value) -> Node {
        chargedBinary(l, r, loc, cost: { x, y, left in
            let n = deepSize(x, limit: left)
            return n &+ deepSize(y, limit: left &- n)
        }, f)
    }

    /// The work of walking `v` entirely: the elements of its lists, maps and objects at every
    /// level, plus the length of its strings and bytes. Counting stops once past `limit`, so
    /// measuring costs no more than the budget that is left.
    package static func deepSize(_ v: Value, limit: Int) -> Int {
        switch v {
        case .string(let s): return s.utf8.count
        case .bytes(let b): return b.count
        case .list(let l):
            var n = l.count
            for e in l where n <= limit { n &+= deepSize(e, limit: limit &- n) }
            return n
        case .map(let m):
            var n = m.count
            for (k, e) in m.entries where n <= limit { n &+= deepSize(k.value, limit: limit &- n) &+ deepSize(e, limit: limit &- n) }
            return n
        case .object(let o):
            var n = o.fieldCount
            for i in 0..<o.fieldCount where n <= limit {
                if let e = o[i] { n &+= deepSize(e, limit: limit &- n) }
            }
            return n
        default: return 0
        }
    }

    /// The size a value counts for in the cost budget (0 for scalars).
    @inline(__always)
    static func size(_ v: Value) -> Int {
        switch v {
        case .string(let s): return s.utf8.count
        case .bytes(let b): return b.count
        case .list(let l): return l.count
        case .map(let m): return m.count
        default: return 0
        }
    }

    /// `s.matches(re)`, its steps charged to the budget: the search stops as soon as it would
    /// exceed what is left.
    static func search(_ re: Regex, _ s: String, _ a: Activation, _ loc: SourceLocation) -> Value {
        // A matcher step (one instruction at one position) is a small fraction of what a
        // comprehension iteration costs: four of them count as one unit.
        guard let r = re.search(s, limit: (a.budget &- a.cost).multipliedReportingOverflow(by: 4).partialValue) else {
            a.cost = a.budget &+ 1
            return a.budgetExceeded(at: loc)
        }
        if let e = charge(a, r.steps / 4 &+ 1, loc) { return e }
        return .bool(r.matched)
    }

    /// Adds `n` to the cost; the budget error when it runs out.
    @inline(__always)
    static func charge(_ a: Activation, _ n: Int, _ loc: SourceLocation) -> Value? {
        if n == 0 { return nil }
        a.cost &+= n
        if a.cost > a.budget { return a.budgetExceeded(at: loc) }
        return nil
    }

    /// Whether a runtime value fits a declared parameter type.
    static func matches(_ v: Value, _ t: CELType) -> Bool {
        switch (t, v) {
        case (.dyn, _), (.param, _): return true
        case (.int, .int), (.uint, .uint), (.double, .double), (.bool, .bool), (.string, .string),
             (.bytes, .bytes), (.null, .null), (.list, .list), (.map, .map), (.type, .type): return true
        case let (.object(ot), .object(o)): return ot == o.type
        default: return false
        }
    }
}
