// Domain.swift — functions for seller-coaching rules: min, max, abs, round, floor, ceil,
// clamp, sum, avg, pct_change, ratio. Documented in docs/expressions.md.

extension Stdlib {
    static func numericList(_ name: String, _ v: Value) -> Result<[Value], EvalError> {
        guard case .list(let items) = v else { return .failure(EvalError("\(name) needs a list of numbers, not '\(v.typeName)'")) }
        for i in items where !isNumber(i) {
            return .failure(EvalError("\(name) needs a list of numbers, found '\(i.typeName)'"))
        }
        return .success(items)
    }

    /// `f`, its arguments checked to be numbers.
    static func numeric(_ f: FunctionDecl) -> FunctionDecl {
        var f = f
        f.numeric = true
        return f
    }

    /// `ratio(a, b)` and `ratio(a, b, fallback)`: a / b as a double; when b is zero, 0.0 or the
    /// fallback.
    static func ratioOf(_ a: Value, _ b: Value, fallback: Value?) -> Value {
        guard let x = number(a), let y = number(b) else { return Ops.noOverload("ratio", a, b) }
        if y == 0 {
            if let fallback { return number(fallback).map(Value.double) ?? Ops.noOverload("ratio", a, b, fallback) }
            return .double(0)
        }
        return .double(x / y)
    }

    static func domain() -> [FunctionDecl] {
        var out: [FunctionDecl] = []
        for (name, greatest) in [("max", true), ("min", false)] {
            var d = FunctionDecl(name, doc: "\(greatest ? "largest" : "smallest") of several numbers, or of a list; error on an empty list", overloads: [
                o(name + "_list_int", [.list(.int)], .int), o(name + "_list_double", [.list(.double)], .double),
                o(name + "_list_uint", [.list(.uint)], .uint), o(name + "_list", [.list(.dyn)], .dyn),
            ], implementation: .variadic { extreme(name, $0, greatest: greatest) })
            d.variadic = .dyn
            d.numeric = true
            d.byArity[2] = .binary { x, y in extreme2(name, x, y, greatest: greatest) }
            out.append(d)
        }
        out.append(numeric(FunctionDecl("abs", doc: "absolute value", overloads: [
            o("abs_int", [.int], .int), o("abs_uint", [.uint], .uint), o("abs_double", [.double], .double),
        ], implementation: .unary(abs))))
        var round = FunctionDecl("round", doc: "rounds half away from zero; round(x, digits) keeps that many decimals", overloads: [
            o("round_double", [.double], .double), o("round_int", [.int], .int), o("round_uint", [.uint], .uint),
            o("round_double_int", [.double, .int], .double), o("round_int_int", [.int, .int], .int), o("round_uint_int", [.uint, .int], .uint),
        ], implementation: .variadic { args in
            if args.count == 2 {
                guard case .int(let n) = args[1], n >= 0, n <= 15 else { return .error("round: digits must be an int from 0 to 15") }
            }
            switch args.first {
            case .int?, .uint?: return args[0]  // whole numbers have no decimals to round
            case .double(let d)? where args.count == 1: return .double(d.rounded(.toNearestOrAwayFromZero))
            case .double(let d)?:
                guard case .int(let n) = args[1] else { return Ops.noOverload("round", args) }
                var p = 1.0
                for _ in 0..<n { p *= 10 }
                let scaled = d * p
                // Past 2^52 a double has no fraction left to round at this precision (and
                // scaling may overflow): it is its own rounding.
                guard Swift.abs(scaled) < 4_503_599_627_370_496 else { return .double(d) }
                let rounded = DecimalRounding.scaled(Swift.abs(d), scale: p)
                return .double((d.sign == .minus ? -rounded : rounded) / p)
            default: return Ops.noOverload("round", args)
            }
        })
        round.digits = 0...15
        out.append(round)
        for (name, rule) in [("floor", FloatingPointRoundingRule.down), ("ceil", .up)] {
            out.append(FunctionDecl(name, doc: "rounds \(rule == .down ? "down" : "up") to a whole number", overloads: [
                o(name + "_double", [.double], .double), o(name + "_int", [.int], .int), o(name + "_uint", [.uint], .uint),
            ], implementation: .unary { v in
                switch v {
                case .int, .uint: return v
                case .double(let d): return .double(d.rounded(rule))
                default: return Ops.noOverload(name, v)
                }
            }))
        }
        out.append(numeric(FunctionDecl("clamp", doc: "clamp(x, lo, hi): x limited to [lo, hi]; error when lo > hi", overloads: [
            o("clamp_int", [.int, .int, .int], .int), o("clamp_double", [.double, .double, .double], .double),
            o("clamp_uint", [.uint, .uint, .uint], .uint), o("clamp_dyn", [.dyn, .dyn, .dyn], .dyn),
        ], implementation: .ternary { x, lo, hi in
            guard isNumber(x), isNumber(lo), isNumber(hi) else { return Ops.noOverload("clamp", x, lo, hi) }
            if case .success(let c?) = Ops.compare(lo, hi, "clamp"), c > 0 { return .error("clamp: lower bound is greater than upper bound") }
            if case .success(let c?) = Ops.compare(x, lo, "clamp"), c < 0 { return lo }
            if case .success(let c?) = Ops.compare(x, hi, "clamp"), c > 0 { return hi }
            return x
        })))
        out.append(numeric(FunctionDecl("sum", doc: "sum of a list of numbers: int for ints (overflow is an error), double when any is a double; 0 for an empty list", overloads: [
            o("sum_list_int", [.list(.int)], .int), o("sum_list_uint", [.list(.uint)], .uint),
            o("sum_list_double", [.list(.double)], .double), o("sum_list", [.list(.dyn)], .dyn),
        ], implementation: .unary { v in
            switch numericList("sum", v) {
            case .failure(let e): return .error(e)
            case .success(let items):
                if items.contains(where: { if case .double = $0 { return true }; return false }) {
                    return .double(items.reduce(0.0) { $0 + (number($1) ?? 0) })
                }
                var acc: Value = items.allSatisfy({ if case .uint = $0 { return true }; return false }) && !items.isEmpty ? .uint(0) : .int(0)
                for i in items {
                    var x = i
                    if case .int = acc, case .uint(let u) = i {
                        guard u <= UInt64(Int64.max) else { return .error("integer overflow in sum") }
                        x = .int(Int64(u))
                    }
                    acc = Ops.add(acc, x)
                    if case .error = acc { return .error("integer overflow in sum") }
                }
                return acc
            }
        })))
        out.append(numeric(FunctionDecl("avg", doc: "mean of a list of numbers, as a double; error on an empty list", overloads: [
            o("avg_list", [.list(.dyn)], .double),
        ], implementation: .unary { v in
            switch numericList("avg", v) {
            case .failure(let e): return .error(e)
            case .success(let items):
                guard !items.isEmpty else { return .error("avg of an empty list") }
                return .double(items.reduce(0.0) { $0 + (number($1) ?? 0) } / Double(items.count))
            }
        })))
        out.append(numeric(FunctionDecl("median", doc: "middle value of a list of numbers (mean of the two middle ones for an even count), as a double; error on an empty list", overloads: [
            o("median_list", [.list(.dyn)], .double),
        ], implementation: .unary { v in
            switch numericList("median", v) {
            case .failure(let e): return .error(e)
            case .success(let items):
                let xs = items.compactMap(number).sorted()
                guard !xs.isEmpty else { return .error("median of an empty list") }
                let m = xs.count / 2
                return .double(xs.count % 2 == 1 ? xs[m] : (xs[m - 1] + xs[m]) / 2)
            }
        })))
        out.append(numeric(FunctionDecl("stddev", doc: "population standard deviation of a list of numbers, as a double; error on an empty list", overloads: [
            o("stddev_list", [.list(.dyn)], .double),
        ], implementation: .unary { v in
            switch numericList("stddev", v) {
            case .failure(let e): return .error(e)
            case .success(let items):
                let xs = items.compactMap(number)
                guard !xs.isEmpty else { return .error("stddev of an empty list") }
                let mean = xs.reduce(0, +) / Double(xs.count)
                let variance = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count)
                return .double(variance.squareRoot())
            }
        })))
        out.append(numeric(FunctionDecl("pct_change", doc: "relative change from the first to the last value of a series (oldest first), as a fraction: [100, 120] → 0.2", overloads: [
            o("pct_change_list", [.list(.dyn)], .double),
        ], implementation: .unary { v in
            switch numericList("pct_change", v) {
            case .failure(let e): return .error(e)
            case .success(let items):
                guard items.count >= 2, let first = items.first.flatMap(number), let last = items.last.flatMap(number) else {
                    return .error("pct_change needs at least two values, got \(items.count)")
                }
                guard first != 0 else { return .error("pct_change: the first value is zero") }
                return .double((last - first) / Swift.abs(first))
            }
        })))
        var ratio = numeric(FunctionDecl("ratio", doc: "ratio(a, b): a / b as a double, 0.0 when b is zero; ratio(a, b, fallback) gives fallback instead", overloads: [
            o("ratio_dyn_dyn", [.dyn, .dyn], .double), o("ratio_dyn_dyn_dyn", [.dyn, .dyn, .dyn], .double),
        ], implementation: .variadic { args in
            guard args.count >= 2 else { return Ops.noOverload("ratio", args.first ?? .null) }
            return ratioOf(args[0], args[1], fallback: args.count == 3 ? args[2] : nil)
        }))
        // The commonest call, two arguments, without an array made per call.
        ratio.byArity[2] = .binary { x, y in ratioOf(x, y, fallback: nil) }
        out.append(ratio)
        return out
    }

    static func encoders() -> [FunctionDecl] {
        [
            FunctionDecl("base64.encode", overloads: [o("base64_encode_bytes", [.bytes], .string)], implementation: .unary { v in
                guard case .bytes(let b) = v else { return Ops.noOverload("base64.encode", v) }
                return .string(Base64.encode(b))
            }),
            FunctionDecl("base64.decode", overloads: [o("base64_decode_string", [.string], .bytes)], implementation: .unary { v in
                guard case .string(let s) = v else { return Ops.noOverload("base64.decode", v) }
                guard let b = Base64.decode(s) else { return .error("invalid base64 text") }
                return .bytes(b)
            }),
        ]
    }
}
