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
    var scopes: [[String: Int]] = []
    var localCount = 0
    var slotsRead = Set<Int>()
    /// Slots only asked whether they have a value (`has(x)`).
    var presenceRead = Set<Int>()
    /// Slots read where no `has()` of their own guards the read.
    var requiredRead = Set<Int>()
    /// Slots whose `has()` guards the part being compiled (see ``Compiler/guards(_:_:)``).
    var guarded: [Int: Int] = [:]
    /// Per slot, the reads of its whole value compiled (a `size()` read in place is not one).
    var wholeReads: [Int: Int] = [:]

    /// Checker warnings, handed to the program.
    let warnings: [Diagnostic]
    /// Whether shapes with a loop of their own (``fusedAggregate(_:target:args:general:)``)
    /// get it; off only to compare them with the general path in tests.
    var fused = true
    /// How many shapes got a loop of their own.
    var fusedLoops = 0
    /// How many comprehension predicates are decided chunk by chunk (``fieldPredicate(_:range:iter:)``).
    var fieldLoops = 0
    /// The loop bodies being compiled, innermost last (``Compiler/keptPart(_:)``).
    var loopFrames: [LoopFrame] = []
    /// How many parts of loop bodies are computed once per run of their loop.
    var keptParts = 0

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
            variableCount: env.variables.count, defaultBudget: env.limits.costBudget, warnings: warnings,
            syntax: (parsed, locator, types), presenceRead: presenceRead.sorted().map { env.variables[$0].name },
            requiredRead: requiredRead.sorted().map { env.variables[$0].name }, fusedLoops: fusedLoops, fieldLoops: fieldLoops,
            keptParts: keptParts, scalar: scalarCode(parsed.root), counted: fused ? countProgram(parsed) : nil,
            wholeRead: presenceRead.union(wholeReads.filter { $0.value > 0 }.keys).sorted(),
            guards: fused ? conditionGuards(parsed.root) : Guards())
    }

    /// For an expression that is a `filter` (a definition's list), the same filter counting
    /// what it keeps instead of listing it: what a definition read only for its `size()`
    /// needs (``Activation/countInPlace(_:)``). It visits, charges and fails exactly as the
    /// filter does. Nil for any other expression.
    func countProgram(_ parsed: ParsedExpr) -> Program? {
        guard case .comprehension(let c) = parsed.root.kind, case .filter(let p)? = shape(c) else { return nil }
        var compiler = Compiler(env: env, locator: locator, types: types)
        guard let root = try? compiler.countFiltered(c, p, locator.location(parsed.root.offset)) else { return nil }
        let slots = compiler.slotsRead.sorted()
        return Program(
            text: parsed.text, resultType: .int, slotsRead: slots, variablesRead: slots.map { env.variables[$0].name }, root: root,
            localCount: compiler.localCount, variableCount: env.variables.count, defaultBudget: env.limits.costBudget)
    }

    /// Compiles `node`, a part of `parsed`, on its own (unchecked: calls dispatch on runtime
    /// types), for tools that evaluate parts of an expression (explain).
    mutating func compile(part node: Expr, of parsed: ParsedExpr) throws(SyntaxError) -> Program {
        let root = try self.node(node)
        let slots = slotsRead.sorted()
        return Program(
            text: parsed.text, resultType: .dyn, slotsRead: slots, variablesRead: slots.map { env.variables[$0].name }, root: root,
            localCount: localCount, variableCount: env.variables.count, defaultBudget: env.limits.costBudget)
    }

    func local(_ name: String) -> Int? {
        for s in scopes.reversed() { if let i = s[name] { return i } }
        return nil
    }

    func type(_ e: Expr) -> CELType? { types?[e.id] }

    mutating func node(_ e: Expr) throws(SyntaxError) -> Node {
        if !loopFrames.isEmpty, let kept = try keptPart(e) { return kept }
        let loc = locator.location(e.offset)
        switch e.kind {
        case .literal(let l):
            let v = Compiler.value(l)
            return { _ in v }
        case .ident(let name, let absolute):
            if !absolute, let i = local(name) { return { a in a.locals[i] } }
            if let v = Names.variable(e, env: env, isLocal: { self.local($0) != nil }) { return read(v.slot, loc) }
            if !absolute, let t = Environment.typeNames[name] { return { _ in .type(t) } }
            let err = Value.error("undeclared reference to '\(name)'", at: loc)
            return { _ in err }
        case .select(let operand, let field, let testOnly):
            return try select(e, operand, field, testOnly: testOnly, loc)
        case .list(let items):
            let nodes = try items.map { (x) throws(SyntaxError) -> NodeBox in NodeBox(run: try node(x)) }
            if items.allSatisfy({ if case .literal = $0.kind { return true }; return false }) {
                let constant = Value.list(items.map { if case .literal(let l) = $0.kind { return Compiler.value(l) }; return .null })
                return { _ in constant }
            }
            return { a in
                let (out, failure) = Compiler.values(of: nodes, a)
                return failure ?? .list(out)
            }
        case .map(let entries):
            return try mapLiteral(entries)
        case .comprehension(let c):
            return try comprehension(c, loc)
        case .call(let target, let function, let args):
            return try call(e, target: target, function: function, args: args, loc)
        }
    }

    /// `operand.field`: a variable's dotted name, a constant's field, a presence test
    /// (`has(operand.field)`), or a field read (by index when the checker knows the type).
    mutating func select(_ e: Expr, _ operand: Expr, _ field: String, testOnly: Bool, _ loc: SourceLocation) throws(SyntaxError) -> Node {
        if !testOnly, let v = Names.variable(e, env: env, isLocal: { self.local($0) != nil }) { return read(v.slot, loc) }
        if !testOnly, let c = env.constantField(e, isLocal: { self.local($0) != nil }) {
            if case .ident(let name, _) = operand.kind, let v = env.variable(name) { noteRead(v.slot) }
            return { _ in c }
        }
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
                        return o[fi] ?? missing
                    }
                    return Compiler.located(Ops.select(a.locals[li], field), loc)
                }
            }
            return { a in
                let v = op(a)
                if case .object(let o) = v, o.type === ot || (o.type.name == name && fi < o.fieldCount) {
                    return o[fi] ?? missing
                }
                return Compiler.located(Ops.select(v, field), loc)
            }
        }
        return { a in Compiler.located(Ops.select(op(a), field), loc) }
    }

    /// A map literal: keys of a hashable kind, each given once, each charged its hashing.
    mutating func mapLiteral(_ entries: [MapEntry]) throws(SyntaxError) -> Node {
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
                if let e = Compiler.charge(a, Compiler.size(k), kloc) { return e }  // hashing a long key
                var canonical = key
                if case .uint(let u) = key, u <= UInt64(Int64.max) { canonical = .int(Int64(u)) }
                if !seen.insert(canonical).inserted { return .error("repeated key \(Display.text(k)) in map literal", at: kloc) }
                let v = vn.run(a)
                if case .error = v { return v }
                out.append((key, v))
            }
            return .map(MapValue(out))
        }
    }

    /// Reads a slot; an absent (or failed lazy) variable's error gets the identifier's position.
    mutating func read(_ slot: Int, _ loc: SourceLocation) -> Node {
        noteRead(slot)
        wholeReads[slot, default: 0] += 1
        return { a in
            let v = a.read(slot)
            if case .error(let e) = v, e.location == nil { return .error(EvalError(e.message, at: loc)) }
            return v
        }
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

    /// The values of `nodes` in order, or the first error value met (the rest are not run).
    @inline(__always)
    static func values(of nodes: [NodeBox], _ a: Activation) -> (values: [Value], failure: Value?) {
        var out: [Value] = []
        out.reserveCapacity(nodes.count)
        for n in nodes {
            let v = n.run(a)
            if case .error = v { return ([], v) }
            out.append(v)
        }
        return (out, nil)
    }

    @inline(__always)
    static func located(_ v: Value, _ loc: SourceLocation) -> Value {
        if case .error(let e) = v, e.location == nil { return .error(EvalError(e.message, at: loc)) }
        return v
    }
}
