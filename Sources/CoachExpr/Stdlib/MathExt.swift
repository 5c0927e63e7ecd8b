// MathExt.swift — the math extension (`math.greatest`, `math.least`, rounding, bit
// operations, sign, NaN/infinity tests).

extension Stdlib {
    /// A numeric value as a double (ints and uints converted), or nil: ``Value/number``.
    static func number(_ v: Value) -> Double? { v.number }

    static func isNumber(_ v: Value) -> Bool { number(v) != nil }

    /// The extreme of numeric arguments (or of one list argument); keeps the winner's type.
    static func extreme(_ name: String, _ args: [Value], greatest: Bool) -> Value {
        var items = args
        if args.count == 1, case .list(let l) = args[0] { items = l }
        guard let first = items.first else { return .error("\(name) of an empty list") }
        var best = first
        if !items.allSatisfy(isNumber) { return Ops.noOverload(name, args) }
        for v in items.dropFirst() {
            switch Ops.compare(v, best, name) {
            case .success(let c?): if greatest ? c > 0 : c < 0 { best = v }
            case .success(nil):
                if case .double(let d) = v, d.isNaN { best = v }
            case .failure(let e): return .error(e)
            }
        }
        return best
    }

    /// `extreme` for two arguments, without an argument array.
    static func extreme2(_ name: String, _ x: Value, _ y: Value, greatest: Bool) -> Value {
        guard isNumber(x), isNumber(y) else { return Ops.noOverload(name, x, y) }
        let c = Ops.order(y, x)
        switch c {
        case 2: if case .double(let d) = y, d.isNaN { return y }; return x
        case 3: return Ops.noOverload(name, x, y)
        default: return (greatest ? c > 0 : c < 0) ? y : x
        }
    }

    static func doubleFn(_ name: String, _ f: @escaping @Sendable (Double) -> Double) -> FunctionDecl {
        FunctionDecl(name, overloads: [o(String(name.map { $0 == "." ? "_" : $0 }) + "_double", [.double], .double)], implementation: .unary { v in
            guard case .double(let d) = v else { return Ops.noOverload(name, v) }
            return .double(f(d))
        })
    }

    static func mathExt() -> [FunctionDecl] {
        var out: [FunctionDecl] = []
        for (name, greatest) in [("math.greatest", true), ("math.least", false)] {
            var d = FunctionDecl(name, doc: "\(greatest ? "largest" : "smallest") of numbers or of a list of numbers", overloads: [
                o(name + "_list", [.list(.dyn)], .dyn),
            ], implementation: .variadic { extreme(name, $0, greatest: greatest) })
            d.variadic = .dyn
            d.byArity[2] = .binary { x, y in extreme2(name, x, y, greatest: greatest) }
            out.append(d)
        }
        out.append(doubleFn("math.ceil") { $0.rounded(.up) })
        out.append(doubleFn("math.floor") { $0.rounded(.down) })
        out.append(doubleFn("math.round") { $0.rounded(.toNearestOrAwayFromZero) })
        out.append(doubleFn("math.trunc") { $0.rounded(.towardZero) })
        out.append(doubleFn("math.sqrt") { $0.squareRoot() })
        out.append(FunctionDecl("math.abs", overloads: [o("math_abs_int", [.int], .int), o("math_abs_uint", [.uint], .uint), o("math_abs_double", [.double], .double)], implementation: .unary(abs)))
        out.append(FunctionDecl("math.sign", overloads: [o("math_sign_int", [.int], .int), o("math_sign_uint", [.uint], .uint), o("math_sign_double", [.double], .double)], implementation: .unary { v in
            switch v {
            case .int(let i): return .int(i.signum())
            case .uint(let u): return .uint(u == 0 ? 0 : 1)
            case .double(let d): return .double(d.isNaN ? d : d > 0 ? 1 : d < 0 ? -1 : 0)
            default: return Ops.noOverload("math.sign", v)
            }
        }))
        let tests: [(String, @Sendable (Double) -> Bool)] = [("math.isNaN", { $0.isNaN }), ("math.isInf", { $0.isInfinite }), ("math.isFinite", { $0.isFinite })]
        for (name, test) in tests {
            out.append(FunctionDecl(name, overloads: [o(name + "_double", [.double], .bool)], implementation: .unary { v in
                guard case .double(let d) = v else { return Ops.noOverload(name, v) }
                return .bool(test(d))
            }))
        }
        let bitOps: [(String, @Sendable (Int64, Int64) -> Int64, @Sendable (UInt64, UInt64) -> UInt64)] = [
            ("math.bitAnd", { $0 & $1 }, { $0 & $1 }), ("math.bitOr", { $0 | $1 }, { $0 | $1 }), ("math.bitXor", { $0 ^ $1 }, { $0 ^ $1 }),
        ]
        for (name, fi, fu) in bitOps {
            out.append(FunctionDecl(name, overloads: [o(name + "_int", [.int, .int], .int), o(name + "_uint", [.uint, .uint], .uint)], implementation: .binary { x, y in
                switch (x, y) {
                case let (.int(a), .int(b)): return .int(fi(a, b))
                case let (.uint(a), .uint(b)): return .uint(fu(a, b))
                default: return Ops.noOverload(name, x, y)
                }
            }))
        }
        out.append(FunctionDecl("math.bitNot", overloads: [o("math_bitNot_int", [.int], .int), o("math_bitNot_uint", [.uint], .uint)], implementation: .unary { v in
            switch v {
            case .int(let a): return .int(~a)
            case .uint(let a): return .uint(~a)
            default: return Ops.noOverload("math.bitNot", v)
            }
        }))
        for (name, left) in [("math.bitShiftLeft", true), ("math.bitShiftRight", false)] {
            out.append(FunctionDecl(name, overloads: [o(name + "_int", [.int, .int], .int), o(name + "_uint", [.uint, .int], .uint)], implementation: .binary { x, y in
                guard case .int(let n) = y else { return Ops.noOverload(name, x, y) }
                guard n >= 0 else { return .error("negative shift count: \(n)") }
                switch x {
                case .int(let a):
                    if n >= 64 { return .int(0) }
                    return .int(left ? a << n : Int64(bitPattern: UInt64(bitPattern: a) >> UInt64(n)))
                case .uint(let a):
                    if n >= 64 { return .uint(0) }
                    return .uint(left ? a << UInt64(n) : a >> UInt64(n))
                default: return Ops.noOverload(name, x, y)
                }
            }))
        }
        return out
    }

    static func abs(_ v: Value) -> Value {
        switch v {
        case .int(let i):
            if i == Int64.min { return .error("integer overflow in abs(\(i))") }
            return .int(Swift.abs(i))
        case .uint: return v
        case .double(let d): return .double(Swift.abs(d))
        default: return Ops.noOverload("abs", v)
        }
    }
}
