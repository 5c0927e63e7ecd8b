// Compiler+Calls.swift — operators and function calls: inline operators, literal regex
// patterns compiled once, and overload dispatch for everything else.

import CoachSource

extension Compiler {
    mutating func call(_ e: Expr, target: Expr?, function: String, args: [Expr], _ loc: SourceLocation) throws(SyntaxError) -> Node {
        if function == Operator.present, target == nil, args.count == 1 { return present(args[0], loc) }
        if let target, let ns = Names.namespacedFunction(target: target, function: function, env: env, isLocal: { self.local($0) != nil }) {
            let nodes = try args.map { (x) throws(SyntaxError) -> NodeBox in NodeBox(run: try node(x)) }
            return try general(e, name: ns, receiver: false, argExprs: args, nodes: nodes, loc)
        }
        // `l.filter(x, p).size()` / `size(l.filter(x, p))`: count without building the list.
        if function == "size", env.function("size") != nil, let counted = target ?? (args.count == 1 ? args[0] : nil),
           target == nil || args.isEmpty, case .comprehension(let c) = counted.kind, case .filter(let p)? = shape(c) {
            return try countFiltered(c, p, loc)
        }
        let plain = try plainCall(e, target: target, function: function, args: args, loc)
        // `x.size()` / `size(x)` of a list or map variable: its length read in place.
        if fused, function == "size", let counted = target ?? (args.count == 1 ? args[0] : nil), target == nil || args.isEmpty,
           let slot = countedVariable(counted) {
            wholeReads[slot, default: 0] -= 1  // the argument's read, made only when the value is no list or map
            return Compiler.sizeInPlace(slot, general: plain, loc)
        }
        // Not `??`: a closure passed through a generic function comes back wrapped in
        // re-abstraction thunks, a cost on every call of every node.
        if let loop = fusedAggregate(function, target: target, args: args, general: plain) { return loop }
        return plain
    }

    /// The slot of `e` when it is a variable the checker typed as a list or a map, and `size`
    /// is the standard one (charged by the general path as every unary call is).
    func countedVariable(_ e: Expr) -> Int? {
        guard let decl = env.function("size"), decl.cost == nil, decl.implementation != nil else { return nil }
        switch type(e) {
        case .list?, .map?: break
        default: return nil
        }
        return Names.variable(e, env: env, isLocal: { self.local($0) != nil })?.slot
    }

    /// The length of the list or map in `slot`, read in place (the general node copies the
    /// list out, retaining and releasing it), charged as the general node charges it; the
    /// general node for anything else.
    static func sizeInPlace(_ slot: Int, general: @escaping Node, _ loc: SourceLocation) -> Node {
        return { a in
            guard let n = a.countInPlace(slot) else { return general(a) }
            if let e = charge(a, n, loc) { return e }
            return .int(Int64(n))
        }
    }

    /// A call compiled as written: its arguments, then the operator, control form or function.
    mutating func plainCall(_ e: Expr, target: Expr?, function: String, args: [Expr], _ loc: SourceLocation) throws(SyntaxError) -> Node {
        var argExprs = args
        if let target { argExprs.insert(target, at: 0) }
        let argGuards = target == nil ? guards(function, argExprs) : []
        var nodes: [NodeBox] = []
        nodes.reserveCapacity(argExprs.count)
        for (i, x) in argExprs.enumerated() {
            let g = i < argGuards.count ? argGuards[i] : []
            for s in g { guarded[s, default: 0] += 1 }
            defer { for s in g { guarded[s]? -= 1; if guarded[s] == 0 { guarded[s] = nil } } }
            nodes.append(NodeBox(run: try node(x)))
        }
        if let n = controlNode(function, argExprs, nodes, loc) { return n }
        if let n = operatorNode(function, argExprs, nodes, loc) { return n }
        let name = function.hasPrefix(".") ? String(function.dropFirst()) : function
        if name == "matches", nodes.count == 2, env.function("matches") != nil { return try matchesCall(argExprs, nodes, loc) }
        return try general(e, name: name, receiver: target != nil, argExprs: argExprs, nodes: nodes, loc)
    }

    /// `&&`, `||`, `?:`, and the accumulators of comprehensions; nil for other functions.
    func controlNode(_ function: String, _ argExprs: [Expr], _ nodes: [NodeBox], _ loc: SourceLocation) -> Node? {
        switch (function, nodes.count) {
        case (Operator.and, 2): return Compiler.logical(nodes[0].run, nodes[1].run, isAnd: true, loc)
        case (Operator.or, 2): return Compiler.logical(nodes[0].run, nodes[1].run, isAnd: false, loc)
        case (Operator.conditional, 3):
            let (c, t, f) = (nodes[0].run, nodes[1].run, nodes[2].run)
            return { a in
                let v = c(a)
                switch v {
                case .bool(true): return t(a)
                case .bool(false): return f(a)
                case .error: return v
                default: return .error("no such overload: ?: needs a bool condition, not '\(v.typeName)'", at: loc)
                }
            }
        case (Operator.notStrictlyFalse, 1):
            let x = nodes[0].run
            return { a in if case .bool(false) = x(a) { return .bool(false) }; return .bool(true) }
        case (Operator.listAppend, 2):
            guard case .ident(let accuName, _) = argExprs[0].kind, let slot = local(accuName) else { return nil }
            let x = nodes[1].run
            return { a in
                let v = x(a)
                if case .error = v { return v }
                var cur = Value.null
                swap(&cur, &a.locals[slot])
                if case .list(var arr) = cur {
                    cur = .null  // leaves `arr` the only reference, so the append is in place
                    arr.append(v)
                    return .list(arr)
                }
                return cur
            }
        case (Operator.mapInsert, 3):
            guard case .ident(let accuName, _) = argExprs[0].kind, let slot = local(accuName) else { return nil }
            let (kn, vn) = (nodes[1].run, nodes[2].run)
            return { a in
                let k = kn(a)
                if case .error = k { return k }
                let v = vn(a)
                if case .error = v { return v }
                guard case .map(let m) = a.locals[slot] else { return a.locals[slot] }
                guard let key = MapKey(k) else { return .error("unsupported map key type '\(k.typeName)'", at: loc) }
                // A map value is immutable: each insert copies and re-indexes it, and is
                // charged for that (four units an entry), so building a big map stays bounded.
                if let e = Compiler.charge(a, m.count &* 4, loc) { return e }
                return .map(m.inserting(key, v))
            }
        default: return nil
        }
    }

    /// Arithmetic, comparison, indexing and `in`, inline; nil for other functions.
    mutating func operatorNode(_ function: String, _ argExprs: [Expr], _ nodes: [NodeBox], _ loc: SourceLocation) -> Node? {
        switch (function, nodes.count) {
        case (Operator.not, 1): return Compiler.unary(nodes[0].run, loc, Ops.not)
        case (Operator.negate, 1): return Compiler.unary(nodes[0].run, loc, Ops.negate)
        case (Operator.add, 2):
            // Concatenation costs its length, so repeated doubling runs out of budget.
            return Compiler.chargedBinary(nodes[0].run, nodes[1].run, loc, cost: { x, y, _ in Compiler.size(x) &+ Compiler.size(y) }, Ops.add)
        case (Operator.subtract, 2): return Compiler.binary(nodes[0].run, nodes[1].run, loc, Ops.subtract)
        case (Operator.multiply, 2): return Compiler.binary(nodes[0].run, nodes[1].run, loc, Ops.multiply)
        case (Operator.divide, 2): return Compiler.binary(nodes[0].run, nodes[1].run, loc, Ops.divide)
        case (Operator.modulo, 2): return Compiler.binary(nodes[0].run, nodes[1].run, loc, Ops.modulo)
        case (Operator.equals, 2):
            if let fast = equalityWithConstant(argExprs[0], argExprs[1], negated: false) { return fast }
            let general = Compiler.deepBinary(nodes[0].run, nodes[1].run, loc, Ops.equals)
            if let fast = localFieldEquality(argExprs[0], argExprs[1], negated: false, general: general) { return fast }
            return general
        case (Operator.notEquals, 2):
            if let fast = equalityWithConstant(argExprs[0], argExprs[1], negated: true) { return fast }
            let general = Compiler.deepBinary(nodes[0].run, nodes[1].run, loc) { x, y in
                if case .bool(let b) = Ops.equals(x, y) { return .bool(!b) }
                return Ops.equals(x, y)
            }
            if let fast = localFieldEquality(argExprs[0], argExprs[1], negated: true, general: general) { return fast }
            return general
        case (Operator.less, 2), (Operator.lessEquals, 2), (Operator.greater, 2), (Operator.greaterEquals, 2):
            let kind = function == Operator.less ? 0 : function == Operator.lessEquals ? 1 : function == Operator.greater ? 2 : 3
            if let fast = relationWithConstant(argExprs[0], argExprs[1], kind, loc) { return fast }
            return Compiler.relation(nodes[0].run, nodes[1].run, loc, kind)
        case (Operator.index, 2):
            // Looking a key up hashes it: a long string key is charged its length.
            return Compiler.chargedBinary(nodes[0].run, nodes[1].run, loc, cost: { _, y, _ in
                if case .string(let k) = y { return k.utf8.count }
                return 0
            }, Ops.index)
        case (Operator.in, 2):
            // `x in ['a', 'b']` with a literal list of strings: compare strings directly.
            if case .list(let items) = argExprs[1].kind, !items.isEmpty {
                let strings = items.compactMap { e -> String? in
                    if case .literal(.string(let s)) = e.kind { return s }
                    return nil
                }
                if strings.count == items.count {
                    let x = nodes[0].run
                    let list = Value.list(strings.map(Value.string))
                    return { a in
                        let v = x(a)
                        if case .string(let s) = v {
                            for t in strings where Ops.sameString(s, t) { return .bool(true) }
                            return .bool(false)
                        }
                        if case .error = v { return v }
                        return Compiler.located(Ops.contains(v, list), loc)
                    }
                }
            }
            return Compiler.deepBinary(nodes[0].run, nodes[1].run, loc, Ops.contains)
        default: return nil
        }
    }

    /// `s.matches(pattern)`: a literal pattern compiled once, here (an invalid one is a
    /// compile-time error); one computed at run time compiled on each call, its size charged.
    func matchesCall(_ argExprs: [Expr], _ nodes: [NodeBox], _ loc: SourceLocation) throws(SyntaxError) -> Node {
        let subject = nodes[0].run
        if case .literal(.string(let pattern)) = argExprs[1].kind {
            // A literal pattern is compiled once, here; an invalid one is a compile-time error.
            switch Regex.compile(pattern, maxProgram: env.limits.maxRegexProgram) {
            case .failure(let f):
                throw SyntaxError(message: "invalid regular expression: \(f.message)", offset: argExprs[1].offset, length: pattern.unicodeScalars.count + 2)
            case .success(let re):
                return { a in
                    let v = subject(a)
                    guard case .string(let s) = v else { return Compiler.located(Ops.noOverload("matches", v, .string(pattern)), loc) }
                    return Compiler.search(re, s, a, loc)
                }
            }
        }
        // A pattern computed at run time is compiled on each call, its size charged too.
        let patternNode = nodes[1].run
        let maxProgram = env.limits.maxRegexProgram
        return { a in
            let v = subject(a)
            if case .error = v { return v }
            let p = patternNode(a)
            if case .error = p { return p }
            guard case .string(let s) = v, case .string(let pattern) = p else { return Compiler.located(Ops.noOverload("matches", v, p), loc) }
            if let e = Compiler.charge(a, pattern.utf8.count, loc) { return e }
            switch Regex.compile(pattern, maxProgram: maxProgram) {
            case .failure(let f): return .error("invalid regular expression '\(pattern)': \(f.message)", at: loc)
            case .success(let re): return Compiler.search(re, s, a, loc)
            }
        }
    }

    /// A call of a declared function, dispatched to the implementation its argument types
    /// select (at run time among several, when the types do not say).
    mutating func general(_ e: Expr, name: String, receiver: Bool, argExprs: [Expr], nodes: [NodeBox], _ loc: SourceLocation) throws(SyntaxError) -> Node {
        guard let decl = env.function(name) else {
            let err = Value.error("undeclared function '\(name)'", at: loc)
            return { _ in err }
        }
        guard let impl = implementation(decl, name: name, receiver: receiver, argExprs: argExprs, arity: nodes.count) else {
            let err = Value.error("no such overload: \(name) with \(nodes.count) argument(s)", at: loc)
            return { _ in err }
        }
        return invoke(impl, decl, nodes, loc)
    }

    /// The implementation a call of `decl` with these arguments uses: the one overload the
    /// checked types select, the only candidate, the declaration's own, or a run-time choice
    /// among the candidates; nil when there is none.
    func implementation(_ decl: FunctionDecl, name: String, receiver: Bool, argExprs: [Expr], arity: Int) -> FunctionImpl? {
        var candidates = decl.overloads.filter { $0.isReceiver == receiver && $0.parameters.count == arity }
        if candidates.isEmpty, types == nil { candidates = decl.overloads.filter { $0.parameters.count == arity } }
        if candidates.isEmpty, decl.variadic == nil || receiver { return nil }
        if let types {
            let argTypes = argExprs.map { types[$0.id] }
            let matching = candidates.filter { o in
                var b: [String: CELType] = [:]
                return zip(o.parameters, argTypes).allSatisfy { Checker.assignable($0, $1, &b) }
            }
            if matching.count == 1, let i = matching[0].implementation { return i }
        }
        if candidates.count == 1, let i = candidates[0].implementation { return i }
        if !receiver, let fast = decl.byArity[arity] { return fast }
        if let i = decl.implementation { return i }
        let table = candidates.compactMap { o in o.implementation.map { (o.parameters, $0) } }
        if table.isEmpty { return nil }
        return .variadic { args in
            for (params, f) in table where zip(params, args).allSatisfy({ Compiler.matches($1, $0) }) {
                return f.call(args)
            }
            return .error("no such overload: \(name)(\(args.map(\.typeName).joined(separator: ", ")))")
        }
    }

    /// The node calling `impl` with the values of `nodes`, charged its cost.
    func invoke(_ impl: FunctionImpl, _ decl: FunctionDecl, _ nodes: [NodeBox], _ loc: SourceLocation) -> Node {
        let arity = nodes.count, name = decl.name
        // Function calls cost the sizes of their string, bytes, list and map arguments, or
        // what the function says its work is (`replace`, `join`, `format`, `string`).
        if let cost = decl.cost {
            return { a in
                let (vals, failure) = Compiler.values(of: nodes, a)
                if let failure { return failure }
                if let e = Compiler.charge(a, cost(vals, a.budget &- a.cost), loc) { return e }
                return Compiler.located(impl.call(vals), loc)
            }
        }
        switch (impl, arity) {
        case (.host(let f), _):
            return { a in
                let (vals, failure) = Compiler.values(of: nodes, a)
                if let failure { return failure }
                if let e = Compiler.charge(a, 1, loc) { return e }
                return Compiler.located(f(a.host, vals), loc)
            }
        case (.unary(let f), 1):
            let x = nodes[0].run
            return { a in
                let u = x(a); if case .error = u { return u }
                if let e = Compiler.charge(a, Compiler.size(u), loc) { return e }
                return Compiler.located(f(u), loc)
            }
        case (.binary(let f), 2):
            let (x, y) = (nodes[0].run, nodes[1].run)
            return { a in
                let u = x(a); if case .error = u { return u }
                let v = y(a); if case .error = v { return v }
                if let e = Compiler.charge(a, Compiler.size(u) &+ Compiler.size(v), loc) { return e }
                return Compiler.located(f(u, v), loc)
            }
        case (.ternary(let f), 3):
            let (x, y, z) = (nodes[0].run, nodes[1].run, nodes[2].run)
            return { a in
                let u = x(a); if case .error = u { return u }
                let v = y(a); if case .error = v { return v }
                let w = z(a); if case .error = w { return w }
                if let e = Compiler.charge(a, Compiler.size(u) &+ Compiler.size(v) &+ Compiler.size(w), loc) { return e }
                return Compiler.located(f(u, v, w), loc)
            }
        case (.variadic(let f), _):
            return Compiler.variadic(f, nodes, loc)
        default:
            let err = Value.error("no such overload: \(name) with \(arity) argument(s)", at: loc)
            return { _ in err }
        }
    }

    /// A call of a function taking any number of arguments, charged their sizes.
    static func variadic(_ f: @escaping @Sendable ([Value]) -> Value, _ nodes: [NodeBox], _ loc: SourceLocation) -> Node {
        return { a in
            var vals: [Value] = []
            vals.reserveCapacity(nodes.count)
            var n = 0
            for node in nodes {
                let v = node.run(a)
                if case .error = v { return v }
                n &+= Compiler.size(v)
                vals.append(v)
            }
            if let e = Compiler.charge(a, n, loc) { return e }
            return Compiler.located(f(vals), loc)
        }
    }

    /// `has(x)` of a variable: true when reading it gives a value. The variable is not read
    /// for its value (``Program/presenceRead``, not ``Program/slotsRead``), so a rule that
    /// only asks whether a signal is there is not skipped when it is missing.
    mutating func present(_ arg: Expr, _ loc: SourceLocation) -> Node {
        guard case .ident(let name, let absolute) = arg.kind else { return { _ in .error("has() needs a variable", at: loc) } }
        if !absolute, local(name) != nil { return { _ in .bool(true) } }  // a comprehension's variable always has a value
        guard let v = env.variable(name) else {
            let err = Value.error("undeclared reference to '\(name)'", at: loc)
            return { _ in err }
        }
        presenceRead.insert(v.slot)
        let slot = v.slot
        return { a in
            if case .error = a.read(slot) { return .bool(false) }
            return .bool(true)
        }
    }

    /// A number known when compiling: a literal, or a constant's field (`params.min_photos`).
    func numberConstant(_ e: Expr) -> Value? {
        switch e.kind {
        case .literal(.int(let i)): return .int(i)
        case .literal(.uint(let u)): return .uint(u)
        case .literal(.double(let d)): return .double(d)
        default:
            switch env.constantField(e, isLocal: { self.local($0) != nil }) {
            case .int(let i)?: return .int(i)
            case .uint(let u)?: return .uint(u)
            case .double(let d)?: return .double(d)
            default: return nil
            }
        }
    }

    /// `signal < 0.01` or `500 < signal`: a variable compared with a number literal, as one
    /// closure (the commonest shape of a rule condition).
    mutating func relationWithConstant(_ l: Expr, _ r: Expr, _ kind: Int, _ loc: SourceLocation) -> Node? {
        let currentScopes = scopes
        let isLocal: (String) -> Bool = { name in currentScopes.contains { $0[name] != nil } }
        let constantOnRight: Bool
        let constant: Value
        let variable: VariableDecl
        if let c = numberConstant(r), let v = Names.variable(l, env: env, isLocal: isLocal) {
            (constantOnRight, constant, variable) = (true, c, v)
        } else if let c = numberConstant(l), let v = Names.variable(r, env: env, isLocal: isLocal) {
            (constantOnRight, constant, variable) = (false, c, v)
        } else if let c = numberConstant(r), let fast = localFieldRelation(l, c, constantOnRight: true, kind, loc) {
            return fast
        } else if let c = numberConstant(l), let fast = localFieldRelation(r, c, constantOnRight: false, kind, loc) {
            return fast
        } else {
            return nil
        }
        let slot = variable.slot
        noteRead(slot)
        let varLoc = locator.location(constantOnRight ? l.offset : r.offset)
        let general: Node = { a in
            let x = a.read(slot)
            if case .error(let e) = x { return e.location == nil ? .error(EvalError(e.message, at: varLoc)) : x }
            let c = constantOnRight ? Ops.order(x, constant) : Ops.order(constant, x)
            switch c {
            case 2: return .bool(false)
            case 3:
                let op = [Operator.less, Operator.lessEquals, Operator.greater, Operator.greaterEquals][kind]
                let (p, q) = constantOnRight ? (x, constant) : (constant, x)
                return .error("no such overload: \(Operator.display(op))(\(p.typeName), \(q.typeName))", at: loc)
            default:
                switch kind {
                case 0: return .bool(c < 0)
                case 1: return .bool(c <= 0)
                case 2: return .bool(c > 0)
                default: return .bool(c >= 0)
                }
            }
        }
        // A number read in place and tested against the interval of the numbers the
        // comparison holds for, worked out here (as `Ops.order` compares: an int against an
        // int exactly, anything else as doubles; NaN is in no interval). `c < x` is `x > c`.
        let toward = constantOnRight ? kind : [2, 3, 0, 1][kind]
        switch constant {
        case .int(let c):
            let ints = FieldTests.intInterval(c, toward), doubles = FieldTests.doubleInterval(Double(c), toward)
            return { a in
                let n = a.numberInPlace(slot)
                if let x = n.int { return .bool(ints.lo <= x && x <= ints.hi) }
                if let x = n.double { return .bool(doubles.lo <= x && x <= doubles.hi) }
                return general(a)
            }
        case .double(let c):
            let doubles = FieldTests.doubleInterval(c, toward)
            return { a in
                let n = a.numberInPlace(slot)
                if let i = n.int {
                    let x = Double(i)
                    return .bool(doubles.lo <= x && x <= doubles.hi)
                }
                if let x = n.double { return .bool(doubles.lo <= x && x <= doubles.hi) }
                return general(a)
            }
        default:
            return general
        }
    }

    /// `l.photos < 3` in a comprehension: a field of the loop's object compared with a number,
    /// read in place and compared in one closure (the hot path of listing comprehensions).
    /// Anything unexpected at run time takes the general path, with its errors.
    mutating func localFieldRelation(_ e: Expr, _ constant: Value, constantOnRight: Bool, _ kind: Int, _ loc: SourceLocation) -> Node? {
        guard case .select(let operand, let field, false) = e.kind, case .ident(let name, absolute: false) = operand.kind,
              let li = local(name), case .object(let ot)? = type(operand), let fi = ot.fieldIndex(field) else { return nil }
        let fieldLoc = locator.location(e.offset)
        let missing = Value.error("field '\(field)' of \(ot.name) is not set", at: fieldLoc)
        let general = Compiler.relation({ a in
            if case .object(let o) = a.locals[li], o.type === ot { return o[fi] ?? missing }
            return Compiler.located(Ops.select(a.locals[li], field), fieldLoc)
        }, { _ in constant }, loc, kind)
        let generalFlipped = Compiler.relation({ _ in constant }, { a in
            if case .object(let o) = a.locals[li], o.type === ot { return o[fi] ?? missing }
            return Compiler.located(Ops.select(a.locals[li], field), fieldLoc)
        }, loc, kind)
        let fallback = constantOnRight ? general : generalFlipped
        // The comparison as the field's number against the constant's, both as doubles where
        // either is one (CEL orders int against double as doubles).
        switch constant {
        case .int(let c):
            let d = Double(c)
            return { a in
                if let x = a.localIntField(li, ot, fi) {
                    return .bool(Compiler.holds(kind, constantOnRight ? (x < c ? -1 : x > c ? 1 : 0) : (c < x ? -1 : c > x ? 1 : 0)))
                }
                if let x = a.localDoubleField(li, ot, fi), !x.isNaN {
                    return .bool(Compiler.holds(kind, constantOnRight ? (x < d ? -1 : x > d ? 1 : 0) : (d < x ? -1 : d > x ? 1 : 0)))
                }
                return fallback(a)
            }
        case .double(let c):
            return { a in
                if let x = a.localDoubleField(li, ot, fi), !x.isNaN, !c.isNaN {
                    return .bool(Compiler.holds(kind, constantOnRight ? (x < c ? -1 : x > c ? 1 : 0) : (c < x ? -1 : c > x ? 1 : 0)))
                }
                return fallback(a)
            }
        default:
            return nil
        }
    }

    /// `l.stock == 0` or `3 != l.photos` in a comprehension: a field of the loop's object
    /// compared for equality with a number of its own kind, read in place in one closure.
    /// Anything else at run time (a field of the other kind, an unset field, another
    /// object) takes `general`, the comparison compiled the general way.
    func localFieldEquality(_ l: Expr, _ r: Expr, negated: Bool, general: @escaping Node) -> Node? {
        let fieldExpr: Expr, constant: Value
        if let c = numberConstant(r) { (fieldExpr, constant) = (l, c) } else if let c = numberConstant(l) { (fieldExpr, constant) = (r, c) } else { return nil }
        guard case .select(let operand, let field, false) = fieldExpr.kind, case .ident(let name, absolute: false) = operand.kind,
              let li = local(name), case .object(let ot)? = type(operand), let fi = ot.fieldIndex(field) else { return nil }
        switch constant {
        case .int(let c):
            return { a in
                if let x = a.localIntField(li, ot, fi) { return .bool((x == c) != negated) }
                return general(a)
            }
        case .double(let c):
            return { a in
                if let x = a.localExactDoubleField(li, ot, fi) { return .bool((x == c) != negated) }
                return general(a)
            }
        default:
            return nil
        }
    }

    @inline(__always)
    static func holds(_ kind: Int, _ c: Int) -> Bool {
        switch kind {
        case 0: return c < 0
        case 1: return c <= 0
        case 2: return c > 0
        default: return c >= 0
        }
    }

    /// `category == 'toys'` or `0 != orders`: a variable compared for equality with a literal,
    /// as one closure.
    mutating func equalityWithConstant(_ l: Expr, _ r: Expr, negated: Bool) -> Node? {
        let isLocal: (String) -> Bool = { self.local($0) != nil }
        let constant: Value
        let variable: VariableDecl
        let varExpr: Expr
        if case .literal(let lit) = r.kind, let v = Names.variable(l, env: env, isLocal: isLocal) {
            (constant, variable, varExpr) = (Compiler.value(lit), v, l)
        } else if case .literal(let lit) = l.kind, let v = Names.variable(r, env: env, isLocal: isLocal) {
            (constant, variable, varExpr) = (Compiler.value(lit), v, r)
        } else {
            return nil
        }
        let slot = variable.slot
        noteRead(slot)
        let varLoc = locator.location(varExpr.offset)
        if case .string(let text) = constant {
            return { a in
                let x = a.read(slot)
                if case .string(let s) = x { return .bool(Ops.sameString(s, text) != negated) }
                if case .error(let e) = x { return e.location == nil ? .error(EvalError(e.message, at: varLoc)) : x }
                return .bool(Ops.eq(x, constant) != negated)
            }
        }
        let general: Node = { a in
            let x = a.read(slot)
            if case .error(let e) = x { return e.location == nil ? .error(EvalError(e.message, at: varLoc)) : x }
            return .bool(Ops.eq(x, constant) != negated)
        }
        // A number of the constant's own kind compared in place; anything else as `Ops.eq` does.
        switch constant {
        case .int(let c):
            return { a in
                if let x = a.numberInPlace(slot).int { return .bool((x == c) != negated) }
                return general(a)
            }
        case .double(let c):
            return { a in
                if let x = a.numberInPlace(slot).double { return .bool((x == c) != negated) }
                return general(a)
            }
        default:
            return general
        }
    }

    /// Records a read of `slot`; it is required unless a `has()` of its own guards it.
    mutating func noteRead(_ slot: Int) {
        slotsRead.insert(slot)
        if guarded[slot] == nil { requiredRead.insert(slot) }
    }

    /// For each argument of `function`, the slots whose `has()` guards it: `has(x) && E`
    /// (either side: `&&` absorbs the other side's error when one is false), `!has(x) || E`,
    /// `has(x) ? A : B` (A) and `!has(x) ? A : B` (B). Chains count: `has(x) && has(y) && E`.
    func guards(_ function: String, _ args: [Expr]) -> [Set<Int>] {
        switch (function, args.count) {
        case (Operator.and, 2):
            return [presence(args[1], negated: false), presence(args[0], negated: false)]
        case (Operator.or, 2):
            return [presence(args[1], negated: true), presence(args[0], negated: true)]
        case (Operator.conditional, 3):
            return [[], presence(args[0], negated: false), presence(args[0], negated: true)]
        default:
            return []
        }
    }

    /// The slots `e` proves present when it is true (`has(x)`, `has(x) && has(y)`), or, with
    /// `negated`, when it is false (`!has(x)`, `!has(x) || !has(y)`).
    func presence(_ e: Expr, negated: Bool) -> Set<Int> {
        guard case .call(nil, let function, let args) = e.kind else { return [] }
        switch (function, args.count, negated) {
        case (Operator.present, 1, false):
            guard case .ident(let name, let absolute) = args[0].kind, absolute || local(name) == nil,
                  let v = env.variable(name) else { return [] }
            return [v.slot]
        case (Operator.not, 1, true): return presence(args[0], negated: false)
        case (Operator.not, 1, false): return presence(args[0], negated: true)
        case (Operator.and, 2, false): return presence(args[0], negated: false).union(presence(args[1], negated: false))
        case (Operator.or, 2, true): return presence(args[0], negated: true).union(presence(args[1], negated: true))
        default: return []
        }
    }
}
