// ValueOps.swift — equality, ordering and arithmetic on values, following the CEL spec:
// heterogeneous numeric equality and ordering, overflow and division by zero as errors.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Core operations on values.
enum Ops {
    static func noOverload(_ op: String, _ args: Value...) -> Value { noOverload(op, args) }

    /// The error for a call no overload takes, naming every argument's type.
    static func noOverload(_ op: String, _ args: [Value]) -> Value {
        for a in args { if case .error = a { return a } }
        let types = args.map(\.typeName).joined(separator: ", ")
        return .error("no such overload: \(Operator.display(op))(\(types))")
    }

    // MARK: equality

    /// CEL equality: numbers compare by value across int/uint/double; NaN is never equal;
    /// lists and maps compare element-wise; values of different kinds are unequal.
    /// Returns an error value only when an operand is an error.
    static func equals(_ a: Value, _ b: Value) -> Value {
        if case .error = a { return a }
        if case .error = b { return b }
        return .bool(eq(a, b))
    }

    static func eq(_ a: Value, _ b: Value) -> Bool {
        // Fast paths for the common same-kind cases, before the general tuple switch.
        if case .string(let x) = a, case .string(let y) = b { return sameString(x, y) }
        if case .int(let x) = a, case .int(let y) = b { return x == y }
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.uint(x), .uint(y)): return x == y
        case let (.double(x), .double(y)): return x == y
        case let (.int(x), .uint(y)): return x >= 0 && UInt64(x) == y
        case let (.uint(x), .int(y)): return y >= 0 && UInt64(y) == x
        case let (.int(x), .double(y)): return compareIntDouble(x, y) == 0
        case let (.double(x), .int(y)): return compareIntDouble(y, x) == 0
        case let (.uint(x), .double(y)): return compareUIntDouble(x, y) == 0
        case let (.double(x), .uint(y)): return compareUIntDouble(y, x) == 0
        case let (.string(x), .string(y)): return sameString(x, y)
        case let (.bytes(x), .bytes(y)): return x == y
        case let (.list(x), .list(y)):
            guard x.count == y.count else { return false }
            for i in 0..<x.count where !eq(x[i], y[i]) { return false }
            return true
        case let (.map(x), .map(y)):
            guard x.count == y.count else { return false }
            for (k, v) in x.entries {
                guard let w = y.lookup(k.value), eq(v, w) else { return false }
            }
            return true
        case let (.type(x), .type(y)): return x.runtimeName == y.runtimeName
        case let (.object(x), .object(y)):
            guard x.type == y.type else { return false }
            for i in 0..<x.fieldCount {
                switch (x[i], y[i]) {
                case (nil, nil): continue
                case let (v?, w?): if !eq(v, w) { return false }
                default: return false
                }
            }
            return true
        default: return false
        }
    }

    // MARK: ordering

    /// -1, 0, 1, or nil when NaN is involved.
    static func compareIntDouble(_ i: Int64, _ d: Double) -> Int? {
        if d.isNaN { return nil }
        if d >= 9223372036854775808.0 { return -1 }
        if d < -9223372036854775808.0 { return 1 }
        let t = d.rounded(.towardZero)
        let ti = Int64(t)
        if i < ti { return -1 }
        if i > ti { return 1 }
        if d > t { return -1 }
        if d < t { return 1 }
        return 0
    }

    static func compareUIntDouble(_ u: UInt64, _ d: Double) -> Int? {
        if d.isNaN { return nil }
        if d < 0 { return 1 }
        if d >= 18446744073709551616.0 { return -1 }
        let t = d.rounded(.towardZero)
        let tu = UInt64(t)
        if u < tu { return -1 }
        if u > tu { return 1 }
        if d > t { return -1 }
        return 0
    }

    static func cmp<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : x > y ? 1 : 0 }

    /// Compares two values: `.success(-1/0/1)`, `.success(nil)` when unordered (NaN), or an error value.
    static func compare(_ a: Value, _ b: Value, _ op: String) -> Result<Int?, EvalError> {
        switch (a, b) {
        case let (.int(x), .int(y)): return .success(cmp(x, y))
        case let (.uint(x), .uint(y)): return .success(cmp(x, y))
        case let (.double(x), .double(y)):
            if x.isNaN || y.isNaN { return .success(nil) }
            return .success(cmp(x, y))
        case let (.int(x), .uint(y)): return .success(x < 0 ? -1 : cmp(UInt64(x), y))
        case let (.uint(x), .int(y)): return .success(y < 0 ? 1 : cmp(x, UInt64(y)))
        // Ordering across int/uint and double compares as doubles, as the CEL conformance
        // suite requires (its *_lossy_* cases); equality is exact. See docs/expressions.md.
        case let (.int(x), .double(y)): return .success(y.isNaN ? nil : cmp(Double(x), y))
        case let (.double(x), .int(y)): return .success(x.isNaN ? nil : cmp(x, Double(y)))
        case let (.uint(x), .double(y)): return .success(y.isNaN ? nil : cmp(Double(x), y))
        case let (.double(x), .uint(y)): return .success(x.isNaN ? nil : cmp(x, Double(y)))
        case let (.string(x), .string(y)):
            return .success(x.utf8.lexicographicallyPrecedes(y.utf8) ? -1 : (x.utf8.elementsEqual(y.utf8) ? 0 : 1))
        case let (.bytes(x), .bytes(y)):
            return .success(x.lexicographicallyPrecedes(y) ? -1 : (x == y ? 0 : 1))
        case let (.bool(x), .bool(y)): return .success(x == y ? 0 : (!x ? -1 : 1))
        default:
            if case .error(let e) = a { return .failure(e) }
            if case .error(let e) = b { return .failure(e) }
            return .failure(EvalError("no such overload: \(Operator.display(op))(\(a.typeName), \(b.typeName))"))
        }
    }

    /// Orders two values without allocating: -1, 0, 1; 2 when unordered (NaN); 3 when the
    /// types cannot be compared (or an operand is an error).
    @inline(__always)
    static func order(_ a: Value, _ b: Value) -> Int {
        switch (a, b) {
        case let (.int(x), .int(y)): return x < y ? -1 : (x > y ? 1 : 0)
        case let (.double(x), .double(y)): return order(x, y)
        case let (.int(x), .double(y)): return order(Double(x), y)
        case let (.double(x), .int(y)): return order(x, Double(y))
        default:
            switch compare(a, b, "") {
            case .success(let c?): return c
            case .success(nil): return 2
            case .failure: return 3
            }
        }
    }

    /// Two doubles ordered as ``order(_:_:)`` orders numbers: -1, 0, 1, or 2 when either is NaN.
    @inline(__always)
    static func order(_ x: Double, _ y: Double) -> Int { x < y ? -1 : (x > y ? 1 : (x == y ? 0 : 2)) }

    /// Exact (code point) string equality, comparing UTF-8 storage directly when possible.
    @inline(__always)
    static func sameString(_ x: String, _ y: String) -> Bool {
        if x.utf8.count != y.utf8.count { return false }
        if let r = x.utf8.withContiguousStorageIfAvailable({ xb in
            y.utf8.withContiguousStorageIfAvailable { yb -> Bool in
                guard let xa = xb.baseAddress, let ya = yb.baseAddress else { return xb.count == yb.count }
                return memcmp(xa, ya, xb.count) == 0
            }
        }), let same = r {
            return same
        }
        return x.utf8.elementsEqual(y.utf8)
    }

    @inline(__always)
    static func relation(_ a: Value, _ b: Value, _ op: String, _ test: (Int) -> Bool) -> Value {
        switch compare(a, b, op) {
        case .success(let c): return .bool(c.map(test) ?? false)
        case .failure(let e): return .error(e)
        }
    }

    // MARK: arithmetic

    static func add(_ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case let (.int(x), .int(y)):
            let (r, o) = x.addingReportingOverflow(y)
            return o ? .error("integer overflow in \(x) + \(y)") : .int(r)
        case let (.uint(x), .uint(y)):
            let (r, o) = x.addingReportingOverflow(y)
            return o ? .error("unsigned integer overflow in \(x)u + \(y)u") : .uint(r)
        case let (.double(x), .double(y)): return .double(x + y)
        case let (.string(x), .string(y)): return .string(x + y)
        case let (.bytes(x), .bytes(y)): return .bytes(x + y)
        case let (.list(x), .list(y)): return .list(x + y)
        default: return noOverload(Operator.add, a, b)
        }
    }

    static func subtract(_ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case let (.int(x), .int(y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            return o ? .error("integer overflow in \(x) - \(y)") : .int(r)
        case let (.uint(x), .uint(y)):
            let (r, o) = x.subtractingReportingOverflow(y)
            return o ? .error("unsigned integer overflow in \(x)u - \(y)u") : .uint(r)
        case let (.double(x), .double(y)): return .double(x - y)
        default: return noOverload(Operator.subtract, a, b)
        }
    }

    static func multiply(_ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case let (.int(x), .int(y)):
            let (r, o) = x.multipliedReportingOverflow(by: y)
            return o ? .error("integer overflow in \(x) * \(y)") : .int(r)
        case let (.uint(x), .uint(y)):
            let (r, o) = x.multipliedReportingOverflow(by: y)
            return o ? .error("unsigned integer overflow in \(x)u * \(y)u") : .uint(r)
        case let (.double(x), .double(y)): return .double(x * y)
        default: return noOverload(Operator.multiply, a, b)
        }
    }

    static func divide(_ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case let (.int(x), .int(y)):
            if y == 0 { return .error("division by zero") }
            let (r, o) = x.dividedReportingOverflow(by: y)
            return o ? .error("integer overflow in \(x) / \(y)") : .int(r)
        case let (.uint(x), .uint(y)):
            if y == 0 { return .error("division by zero") }
            return .uint(x / y)
        case let (.double(x), .double(y)): return .double(x / y)
        default: return noOverload(Operator.divide, a, b)
        }
    }

    static func modulo(_ a: Value, _ b: Value) -> Value {
        switch (a, b) {
        case let (.int(x), .int(y)):
            if y == 0 { return .error("modulus by zero") }
            let (r, o) = x.remainderReportingOverflow(dividingBy: y)
            return o ? .error("integer overflow in \(x) % \(y)") : .int(r)
        case let (.uint(x), .uint(y)):
            if y == 0 { return .error("modulus by zero") }
            return .uint(x % y)
        default: return noOverload(Operator.modulo, a, b)
        }
    }

    static func negate(_ a: Value) -> Value {
        switch a {
        case .int(let x):
            if x == Int64.min { return .error("integer overflow in -(\(x))") }
            return .int(-x)
        case .double(let x): return .double(-x)
        default: return noOverload(Operator.negate, a)
        }
    }

    static func not(_ a: Value) -> Value {
        if case .bool(let b) = a { return .bool(!b) }
        return noOverload(Operator.not, a)
    }

    /// `a in b`: list membership (CEL equality) or map key presence.
    static func contains(_ a: Value, _ b: Value) -> Value {
        if case .error = a { return a }
        switch b {
        case .list(let items):
            for x in items where eq(a, x) { return .bool(true) }
            return .bool(false)
        case .map(let m):
            switch a {
            case .int, .uint, .double, .string, .bool: return .bool(m.lookup(a) != nil)
            default: return .bool(false)
            }
        default: return noOverload(Operator.in, a, b)
        }
    }

    /// `a[i]` for lists (int/uint/integral double index) and maps.
    static func index(_ a: Value, _ i: Value) -> Value {
        switch a {
        case .list(let items):
            var n: Int64
            switch i {
            case .int(let x): n = x
            case .uint(let u):
                guard u <= UInt64(Int64.max) else { return .error("index out of range: \(u)") }
                n = Int64(u)
            case .double(let d):
                guard let x = Int64(exactly: d) else { return .error("invalid list index: \(d)") }
                n = x
            case .error: return i
            default: return noOverload(Operator.index, a, i)
            }
            guard n >= 0, n < Int64(items.count) else { return .error("index out of range: \(n)") }
            return items[Int(n)]
        case .map(let m):
            switch i {
            case .error: return i
            case .int, .uint, .double, .string, .bool:
                if let v = m.lookup(i) { return v }
                return .error("no such key: \(Display.text(i))")
            default: return noOverload(Operator.index, a, i)
            }
        default: return noOverload(Operator.index, a, i)
        }
    }

    /// `a.field` on maps and objects.
    static func select(_ a: Value, _ field: String) -> Value {
        switch a {
        case .map(let m):
            if let v = m[.string(field)] { return v }
            return .error("no such key: '\(field)'")
        case .object(let o):
            guard let i = o.type.fieldIndex(field) else { return .error("no such field '\(field)' in \(o.type.name)") }
            if let v = o[i] { return v }
            return .error("field '\(field)' of \(o.type.name) is not set")
        case .error: return a
        default: return .error("type '\(a.typeName)' has no fields (selecting '\(field)')")
        }
    }

    /// `has(a.field)`.
    static func has(_ a: Value, _ field: String) -> Value {
        switch a {
        case .map(let m): return .bool(m.contains(.string(field)))
        case .object(let o):
            guard let i = o.type.fieldIndex(field) else { return .error("no such field '\(field)' in \(o.type.name)") }
            return .bool(o[i] != nil)
        case .error: return a
        default: return .error("type '\(a.typeName)' has no fields (testing '\(field)')")
        }
    }
}
