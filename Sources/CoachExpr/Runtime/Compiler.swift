// Compiler.swift — lowers a (checked or unchecked) syntax tree to closures over an
// activation. Names become slot indices here; nothing is looked up by name at run time.

import CoachSource

/// A compiled node in a struct, so arrays of nodes keep the closures' natural calling
/// convention (no re-abstraction thunks on the hot path).
struct NodeBox: Sendable {
    let run: Node
}

struct Compiler {
    let env: Environment
    let locator: Locator
    /// Node types from the checker, by id; nil for unchecked compilation.
    let types: [CELType]?
    private var scopes: [[String: Int]] = []
    private var localCount = 0
    private var slotsRead = Set<Int>()

    /// Checker warnings, handed to the program.
    let warnings: [Diagnostic]

    init(env: Environment, locator: Locator, types: [CELType]?, warnings: [Diagnostic] = []) {
        self.env = env
        self.locator = locator
        self.types = types
        self.warnings = warnings
    }

    mutating func compile(_ parsed: ParsedExpr) throws(SyntaxError) -> Program {
        let root = try node(parsed.root)
        let slots = slotsRead.sorted()
        return Program(
            text: parsed.text, resultType: types?[parsed.root.id] ?? .dyn, slotsRead: slots,
            variablesRead: slots.map { env.variables[$0].name }, root: root, localCount: localCount,
            variableCount: env.variables.count, defaultBudget: env.limits.costBudget, warnings: warnings)
    }

    private func local(_ name: String) -> Int? {
        for s in scopes.reversed() { if let i = s[name] { return i } }
        return nil
    }

    private func type(_ e: Expr) -> CELType? { types?[e.id] }

    private mutating func node(_ e: Expr) throws(SyntaxError) -> Node {
        let loc = locator.location(e.offset)
        switch e.kind {
        case .literal(let l):
            let v = Compiler.value(l)
            return { _ in v }
        case .ident(let name, let absolute):
            if !absolute, let i = local(name) { return { a in a.locals[i] } }
            if let v = Names.variable(e, env: env, isLocal: { self.local($0) != nil }) { return read(v.slot) }
            if !absolute, let t = Environment.typeNames[name] { return { _ in .type(t) } }
            let err = Value.error("undeclared reference to '\(name)'", at: loc)
            return { _ in err }
        case .select(let operand, let field, let testOnly):
            if !testOnly, let v = Names.variable(e, env: env, isLocal: { self.local($0) != nil }) { return read(v.slot) }
            let op = try node(operand)
            if testOnly {
                return { a in Compiler.located(Ops.has(op(a), field), loc) }
            }
            if case .object(let ot)? = type(operand), let fi = ot.fieldIndex(field) {
                let name = ot.name
                let missing = Value.error("field '\(field)' of \(name) is not set", at: loc)
                if case .ident(let n, absolute: false) = operand.kind, let li = local(n) {
                    // A comprehension variable's field: read in place, without copying the object out.
                    return { a in
                        if case .object(let o) = a.locals[li], o.type === ot {
                            return o.fields[fi] ?? missing
                        }
                        return Compiler.located(Ops.select(a.locals[li], field), loc)
                    }
                }
                return { a in
                    let v = op(a)
                    if case .object(let o) = v, o.type === ot || (o.type.name == name && fi < o.fields.count) {
                        return o.fields[fi] ?? missing
                    }
                    return Compiler.located(Ops.select(v, field), loc)
                }
            }
            return { a in Compiler.located(Ops.select(op(a), field), loc) }
        case .list(let items):
            let nodes = try items.map { (x) throws(SyntaxError) -> NodeBox in NodeBox(run: try node(x)) }
            if items.allSatisfy({ if case .literal = $0.kind { return true }; return false }) {
                let constant = Value.list(items.map { if case .literal(let l) = $0.kind { return Compiler.value(l) }; return .null })
                return { _ in constant }
            }
            return { a in
                var out: [Value] = []
                out.reserveCapacity(nodes.count)
                for n in nodes {
                    let v = n.run(a)
                    if case .error = v { return v }
                    out.append(v)
                }
                return .list(out)
            }
        case .map(let entries):
            var built: [(NodeBox, NodeBox, SourceLocation)] = []
            for en in entries { built.append((NodeBox(run: try node(en.key)), NodeBox(run: try node(en.value)), locator.location(en.key.offset))) }
            let pairs = built
            return { a in
                var out: [(MapKey, Value)] = []
                var seen = Set<MapKey>()
                for (kn, vn, kloc) in pairs {
                    let k = kn.run(a)
                    if case .error = k { return k }
                    guard let key = MapKey(k) else { return .error("unsupported map key type '\(k.typeName)'", at: kloc) }
                    var canonical = key
                    if case .uint(let u) = key, u <= UInt64(Int64.max) { canonical = .int(Int64(u)) }
                    if !seen.insert(canonical).inserted { return .error("repeated key \(Display.text(k)) in map literal", at: kloc) }
                    let v = vn.run(a)
                    if case .error = v { return v }
                    out.append((key, v))
                }
                return .map(MapValue(out))
            }
        case .comprehension(let c):
            return try comprehension(c, loc)
        case .call(let target, let function, let args):
            return try call(e, target: target, function: function, args: args, loc)
        }
    }

    private mutating func read(_ slot: Int) -> Node {
        slotsRead.insert(slot)
        return { a in a.read(slot) }
    }

    static func value(_ l: Literal) -> Value {
        switch l {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .uint(let u): return .uint(u)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .bytes(let b): return .bytes(b)
        }
    }

    @inline(__always)
    static func located(_ v: Value, _ loc: SourceLocation) -> Value {
        if case .error(let e) = v, e.location == nil { return .error(EvalError(e.message, at: loc)) }
        return v
    }

    // MARK: comprehensions

    /// Pieces of a one-variable macro the compiler runs as a direct loop.
    private enum Shape {
        case exists(Expr), all(Expr), filter(Expr), map(filter: Expr?, transform: Expr)
    }

    private func shape(_ c: Comprehension) -> Shape? {
        guard c.iterVar2 == nil, c.accuVar == "@result", case .call(nil, let fn, let args) = c.loopStep.kind else { return nil }
        func isAppend(_ e: Expr) -> Expr? {
            if case .call(nil, Operator.listAppend, let xs) = e.kind, xs.count == 2 { return xs[1] }
            return nil
        }
        switch (c.macro, fn) {
        case ("exists", Operator.or) where args.count == 2: return .exists(args[1])
        case ("all", Operator.and) where args.count == 2: return .all(args[1])
        case ("filter", Operator.conditional) where args.count == 3:
            return isAppend(args[1]) != nil ? .filter(args[0]) : nil
        case ("map", Operator.listAppend) where args.count == 2: return .map(filter: nil, transform: args[1])
        case ("map", Operator.conditional) where args.count == 3:
            guard let t = isAppend(args[1]) else { return nil }
            return .map(filter: args[0], transform: t)
        default: return nil
        }
    }

    /// `exists`, `all`, `filter` and `map` as direct loops (same results, errors and
    /// short-circuits as the general comprehension, without the accumulator traffic).
    private mutating func specialised(_ c: Comprehension, _ s: Shape, _ loc: SourceLocation) throws(SyntaxError) -> Node {
        let range = try node(c.range)
        let iter = localCount
        localCount += 1
        scopes.append([c.iterVar: iter])
        defer { scopes.removeLast() }
        let macro = c.macro
        @Sendable func items(_ r: Value) -> [Value]? {
            switch r {
            case .list(let l): return l
            case .map(let m): return m.entries.map { $0.key.value }
            default: return nil
            }
        }
        @Sendable func notBool(_ v: Value) -> Value {
            if case .error = v { return v }
            return .error("no such overload: \(macro)() needs a bool predicate, not '\(v.typeName)'", at: loc)
        }
        let budgetError: @Sendable (Activation) -> Value = { a in .error("evaluation cost budget of \(a.budget) exceeded", at: loc) }
        switch s {
        case .exists(let p), .all(let p):
            let pred = try node(p)
            let decisive: Bool
            if case .exists = s { decisive = true } else { decisive = false }
            return { a in
                let r = range(a)
                if case .error = r { return r }
                guard let xs = items(r) else { return .error("\(macro)() cannot iterate over a value of type '\(r.typeName)'", at: loc) }
                var failure: Value?
                for x in xs {
                    a.cost &+= 1
                    if a.cost > a.budget { return budgetError(a) }
                    a.locals[iter] = x
                    let v = pred(a)
                    if case .bool(let b) = v {
                        if b == decisive { return v }
                    } else if failure == nil {
                        failure = notBool(v)
                    }
                }
                return failure ?? .bool(!decisive)
            }
        case .filter(let p):
            let pred = try node(p)
            return { a in
                let r = range(a)
                if case .error = r { return r }
                guard let xs = items(r) else { return .error("\(macro)() cannot iterate over a value of type '\(r.typeName)'", at: loc) }
                var out: [Value] = []
                out.reserveCapacity(xs.count)
                for x in xs {
                    a.cost &+= 1
                    if a.cost > a.budget { return budgetError(a) }
                    a.locals[iter] = x
                    let v = pred(a)
                    guard case .bool(let keep) = v else { return notBool(v) }
                    if keep { out.append(x) }
                }
                return .list(out)
            }
        case .map(let p, let t):
            let pred = try p.map { (e) throws(SyntaxError) -> Node in try node(e) }
            let transform = try node(t)
            return { a in
                let r = range(a)
                if case .error = r { return r }
                guard let xs = items(r) else { return .error("\(macro)() cannot iterate over a value of type '\(r.typeName)'", at: loc) }
                var out: [Value] = []
                out.reserveCapacity(xs.count)
                for x in xs {
                    a.cost &+= 1
                    if a.cost > a.budget { return budgetError(a) }
                    a.locals[iter] = x
                    if let pred {
                        let v = pred(a)
                        guard case .bool(let keep) = v else { return notBool(v) }
                        if !keep { continue }
                    }
                    let y = transform(a)
                    if case .error = y { return y }
                    out.append(y)
                }
                return .list(out)
            }
        }
    }

    private mutating func comprehension(_ c: Comprehension, _ loc: SourceLocation) throws(SyntaxError) -> Node {
        if let s = shape(c) { return try specialised(c, s, loc) }
        let range = try node(c.range)
        let initial = try node(c.accuInit)
        let iter = localCount
        let iter2 = c.iterVar2 == nil ? -1 : localCount + 1
        let accu = localCount + (c.iterVar2 == nil ? 1 : 2)
        localCount = accu + 1
        var scope: [String: Int] = [c.iterVar: iter, c.accuVar: accu]
        if let v2 = c.iterVar2 { scope[v2] = iter2 }
        scopes.append(scope)
        let cond = try node(c.loopCondition)
        let step = try node(c.loopStep)
        scopes.removeLast()
        scopes.append([c.accuVar: accu])
        let result = try node(c.result)
        scopes.removeLast()
        let two = c.iterVar2 != nil
        let macro = c.macro
        return { a in
            let r = range(a)
            a.locals[accu] = initial(a)
            switch r {
            case .list(let items):
                for (i, item) in items.enumerated() {
                    a.cost &+= 1
                    if a.cost > a.budget { return .error("evaluation cost budget of \(a.budget) exceeded", at: loc) }
                    if two {
                        a.locals[iter] = .int(Int64(i))
                        a.locals[iter2] = item
                    } else {
                        a.locals[iter] = item
                    }
                    if case .bool(false) = cond(a) { break }
                    a.locals[accu] = step(a)
                }
            case .map(let m):
                for (k, v) in m.entries {
                    a.cost &+= 1
                    if a.cost > a.budget { return .error("evaluation cost budget of \(a.budget) exceeded", at: loc) }
                    a.locals[iter] = k.value
                    if two { a.locals[iter2] = v }
                    if case .bool(false) = cond(a) { break }
                    a.locals[accu] = step(a)
                }
            case .error:
                return r
            default:
                return .error("\(macro)() cannot iterate over a value of type '\(r.typeName)'", at: loc)
            }
            let out = result(a)
            a.locals[accu] = .null
            return out
        }
    }

    // MARK: calls

    private mutating func call(_ e: Expr, target: Expr?, function: String, args: [Expr], _ loc: SourceLocation) throws(SyntaxError) -> Node {
        if let target, let ns = Names.namespacedFunction(target: target, function: function, env: env, isLocal: { self.local($0) != nil }) {
            let nodes = try args.map { (x) throws(SyntaxError) -> NodeBox in NodeBox(run: try node(x)) }
            return try general(e, name: ns, receiver: false, argExprs: args, nodes: nodes, loc)
        }
        var argExprs = args
        if let target { argExprs.insert(target, at: 0) }
        let nodes = try argExprs.map { (x) throws(SyntaxError) -> NodeBox in NodeBox(run: try node(x)) }
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
            guard case .ident(let accuName, _) = argExprs[0].kind, let slot = local(accuName) else { break }
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
            guard case .ident(let accuName, _) = argExprs[0].kind, let slot = local(accuName) else { break }
            let (kn, vn) = (nodes[1].run, nodes[2].run)
            return { a in
                let k = kn(a)
                if case .error = k { return k }
                let v = vn(a)
                if case .error = v { return v }
                guard case .map(let m) = a.locals[slot] else { return a.locals[slot] }
                guard let key = MapKey(k) else { return .error("unsupported map key type '\(k.typeName)'", at: loc) }
                return .map(m.inserting(key, v))
            }
        case (Operator.not, 1): return Compiler.unary(nodes[0].run, loc, Ops.not)
        case (Operator.negate, 1): return Compiler.unary(nodes[0].run, loc, Ops.negate)
        case (Operator.add, 2):
            let (l, r) = (nodes[0].run, nodes[1].run)
            return { a in
                let x = l(a)
                if case .error = x { return x }
                let y = r(a)
                if case .error = y { return y }
                // Concatenation costs its length, so repeated doubling runs out of budget.
                let n = Compiler.size(x) &+ Compiler.size(y)
                if n != 0 {
                    a.cost &+= n
                    if a.cost > a.budget { return .error("evaluation cost budget of \(a.budget) exceeded", at: loc) }
                }
                return Compiler.located(Ops.add(x, y), loc)
            }
        case (Operator.subtract, 2): return Compiler.binary(nodes[0].run, nodes[1].run, loc, Ops.subtract)
        case (Operator.multiply, 2): return Compiler.binary(nodes[0].run, nodes[1].run, loc, Ops.multiply)
        case (Operator.divide, 2): return Compiler.binary(nodes[0].run, nodes[1].run, loc, Ops.divide)
        case (Operator.modulo, 2): return Compiler.binary(nodes[0].run, nodes[1].run, loc, Ops.modulo)
        case (Operator.equals, 2): return Compiler.binary(nodes[0].run, nodes[1].run, loc, Ops.equals)
        case (Operator.notEquals, 2):
            return Compiler.binary(nodes[0].run, nodes[1].run, loc) { x, y in
                if case .bool(let b) = Ops.equals(x, y) { return .bool(!b) }
                return Ops.equals(x, y)
            }
        case (Operator.less, 2): return Compiler.relation(nodes[0].run, nodes[1].run, loc, 0)
        case (Operator.lessEquals, 2): return Compiler.relation(nodes[0].run, nodes[1].run, loc, 1)
        case (Operator.greater, 2): return Compiler.relation(nodes[0].run, nodes[1].run, loc, 2)
        case (Operator.greaterEquals, 2): return Compiler.relation(nodes[0].run, nodes[1].run, loc, 3)
        case (Operator.index, 2): return Compiler.binary(nodes[0].run, nodes[1].run, loc, Ops.index)
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
            return Compiler.binary(nodes[0].run, nodes[1].run, loc, Ops.contains)
        default: break
        }
        let name = function.hasPrefix(".") ? String(function.dropFirst()) : function
        if name == "matches", nodes.count == 2, env.function("matches") != nil, case .literal(.string(let pattern)) = argExprs[1].kind {
            // A literal pattern is compiled once, here; an invalid one is a compile-time error.
            switch Regex.compile(pattern, maxProgram: env.limits.maxRegexProgram) {
            case .failure(let f):
                throw SyntaxError(message: "invalid regular expression: \(f.message)", offset: argExprs[1].offset, length: pattern.unicodeScalars.count + 2)
            case .success(let re):
                let subject = nodes[0].run
                return { a in
                    let v = subject(a)
                    guard case .string(let s) = v else { return Compiler.located(Ops.noOverload("matches", v, .string(pattern)), loc) }
                    a.cost &+= s.utf8.count &* re.program.count / 64 &+ 1
                    if a.cost > a.budget { return .error("evaluation cost budget of \(a.budget) exceeded", at: loc) }
                    return .bool(re.search(s))
                }
            }
        }
        return try general(e, name: name, receiver: target != nil, argExprs: argExprs, nodes: nodes, loc)
    }

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

    private mutating func general(_ e: Expr, name: String, receiver: Bool, argExprs: [Expr], nodes: [NodeBox], _ loc: SourceLocation) throws(SyntaxError) -> Node {
        guard let decl = env.function(name) else {
            let err = Value.error("undeclared function '\(name)'", at: loc)
            return { _ in err }
        }
        let arity = nodes.count
        var candidates = decl.overloads.filter { $0.isReceiver == receiver && $0.parameters.count == arity }
        if candidates.isEmpty, types == nil { candidates = decl.overloads.filter { $0.parameters.count == arity } }
        if candidates.isEmpty, decl.variadic == nil || receiver {
            let err = Value.error("no such overload: \(name) with \(arity) argument(s)", at: loc)
            return { _ in err }
        }
        var impl: FunctionImpl?
        if let types {
            let argTypes = argExprs.map { types[$0.id] }
            let matching = candidates.filter { o in
                var b: [String: CELType] = [:]
                return zip(o.parameters, argTypes).allSatisfy { Checker.assignable($0, $1, &b) }
            }
            if matching.count == 1, let i = matching[0].implementation { impl = i }
        }
        if impl == nil, candidates.count == 1, let i = candidates[0].implementation { impl = i }
        if impl == nil, !receiver, let fast = decl.byArity[arity] { impl = fast }
        if impl == nil { impl = decl.implementation }
        if impl == nil {
            let table = candidates.compactMap { o in o.implementation.map { (o.parameters, $0) } }
            if table.isEmpty {
                let err = Value.error("no such overload: \(name) with \(arity) argument(s)", at: loc)
                return { _ in err }
            }
            impl = .variadic { args in
                for (params, f) in table where zip(params, args).allSatisfy({ Compiler.matches($1, $0) }) {
                    return f.call(args)
                }
                return .error("no such overload: \(name)(\(args.map(\.typeName).joined(separator: ", ")))")
            }
        }
        guard let impl else { return { _ in .error("no implementation for '\(name)'", at: loc) } }
        // Function calls cost the sizes of their string, bytes, list and map arguments.
        switch (impl, arity) {
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
        default:
            let err = Value.error("no such overload: \(name) with \(arity) argument(s)", at: loc)
            return { _ in err }
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

    /// Adds `n` to the cost; the budget error when it runs out.
    @inline(__always)
    static func charge(_ a: Activation, _ n: Int, _ loc: SourceLocation) -> Value? {
        if n == 0 { return nil }
        a.cost &+= n
        if a.cost > a.budget { return .error("evaluation cost budget of \(a.budget) exceeded", at: loc) }
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
