// Compiler+Aggregates.swift — `sum`, `avg`, `max` and `min` of a list of objects' number
// field (`sum(listings.map(l, l.orders_30d))`) as one loop over the objects, without building
// the mapped list. The general program is compiled too, and answers whenever the loop meets
// anything it does not handle, so results, errors and costs are the general path's.

extension Compiler {
    /// The aggregates the loop computes.
    enum Aggregate {
        case sum, avg, max, min

        init?(_ function: String) {
            switch function {
            case "sum": self = .sum
            case "avg": self = .avg
            case "max": self = .max
            case "min": self = .min
            default: return nil
            }
        }
    }

    /// `function(xs.map(v, v.field))` as one loop, when `xs` is a variable the checker knows
    /// as a list of objects and `field` one of their int or double fields; nil otherwise.
    mutating func fusedAggregate(_ function: String, target: Expr?, args: [Expr], general: @escaping Node) -> Node? {
        guard fused, target == nil, args.count == 1, let aggregate = Aggregate(function), env.function(function) != nil,
              case .comprehension(let c) = args[0].kind, case .map(nil, let t)? = shape(c),
              case .select(let operand, let field, false) = t.kind,
              case .ident(let v, absolute: false) = operand.kind, v == c.iterVar,
              let variable = Names.variable(c.range, env: env, isLocal: { self.local($0) != nil }),
              case .list(.object(let ot))? = type(c.range), let fi = ot.fieldIndex(field) else { return nil }
        let slot = variable.slot
        let compute: @Sendable ([Value]) -> Value?
        switch type(t) {
        case .int?: compute = { Compiler.intAggregate(aggregate, $0, ot, fi) }
        case .double?: compute = { Compiler.doubleAggregate(aggregate, $0, ot, fi) }
        default: return nil
        }
        fusedLoops += 1
        return { a in
            // The general path charges a step per element to `map` and the list's length to
            // the call: the loop answers only when that fits in the budget.
            guard case .list(let xs) = a.read(slot), xs.count <= (a.budget &- a.cost) / 2, let r = compute(xs) else { return general(a) }
            a.cost &+= 2 &* xs.count
            return r
        }
    }

    /// The aggregate of field `fi` of `xs`, every one an object of type `ot` whose field holds
    /// an int; nil for anything else, an empty list where the function refuses one, and an
    /// int overflow.
    static func intAggregate(_ aggregate: Aggregate, _ xs: [Value], _ ot: ObjectType, _ fi: Int) -> Value? {
        var sum: Int64 = 0, total = 0.0
        var best: Int64 = 0
        // The elements read in place: iterating the array would copy each (a retain and a
        // release of its object).
        let complete = xs.withUnsafeBufferPointer { buf -> Bool in
            for k in buf.indices {
                guard case .object(let o) = buf[k], o.type === ot, let i = o.int(at: fi) else { return false }
                switch aggregate {
                case .sum:
                    let (s, overflow) = sum.addingReportingOverflow(i)
                    if overflow { return false }
                    sum = s
                case .avg: total += Double(i)
                case .max: if k == 0 || i > best { best = i }
                case .min: if k == 0 || i < best { best = i }
                }
            }
            return true
        }
        guard complete else { return nil }
        switch aggregate {
        case .sum: return .int(sum)
        case .avg: return xs.isEmpty ? nil : .double(total / Double(xs.count))
        case .max, .min: return xs.isEmpty ? nil : .int(best)
        }
    }

    /// The same for a double field (NaN is left to the general path, which orders it apart).
    static func doubleAggregate(_ aggregate: Aggregate, _ xs: [Value], _ ot: ObjectType, _ fi: Int) -> Value? {
        var total = 0.0
        var best = 0.0
        let complete = xs.withUnsafeBufferPointer { buf -> Bool in
            for k in buf.indices {
                guard case .object(let o) = buf[k], o.type === ot, let d = o.double(at: fi), !d.isNaN else { return false }
                switch aggregate {
                case .sum, .avg: total += d
                case .max: if k == 0 || d > best { best = d }
                case .min: if k == 0 || d < best { best = d }
                }
            }
            return true
        }
        guard complete else { return nil }
        // (`sum` of an empty list is the int 0, whatever the list's type: the general path's.)
        guard !xs.isEmpty else { return nil }
        switch aggregate {
        case .sum: return .double(total)
        case .avg: return .double(total / Double(xs.count))
        case .max, .min: return .double(best)
        }
    }
}
