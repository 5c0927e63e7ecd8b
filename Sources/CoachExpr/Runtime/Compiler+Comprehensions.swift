// Compiler+Comprehensions.swift — macros and comprehensions: direct loops for exists, all,
// filter and map; the general accumulator loop for the rest.

import CoachSource

extension Compiler {
    /// Pieces of a one-variable macro the compiler runs as a direct loop.
    enum Shape {
        case exists(Expr), all(Expr), filter(Expr), map(filter: Expr?, transform: Expr)
    }

    func shape(_ c: Comprehension) -> Shape? {
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
    mutating func specialised(_ c: Comprehension, _ s: Shape, _ loc: SourceLocation) throws(SyntaxError) -> Node {
        let range = try node(c.range)
        let iter = localCount
        localCount += 1
        scopes.append([c.iterVar: iter])
        defer { scopes.removeLast() }
        var loop = Loop(range: range, iter: iter, macro: c.macro, loc: loc)
        beginLoopBody(binding: [c.iterVar])
        switch s {
        case .exists(let p):
            loop.fields = fieldPredicate(p, range: c.range, iter: iter)
            return endLoopBody(loop.existsOrAll(try node(p), decisive: true))
        case .all(let p):
            loop.fields = fieldPredicate(p, range: c.range, iter: iter)
            return endLoopBody(loop.existsOrAll(try node(p), decisive: false))
        case .filter(let p):
            loop.fields = fieldPredicate(p, range: c.range, iter: iter)
            return endLoopBody(loop.filter(try node(p)))
        case .map(let p, let t):
            // Not `p.map { node($0) }`: a closure made through a generic function is called
            // through re-abstraction thunks.
            var pred: Node?
            if let p { pred = try node(p) }
            return endLoopBody(loop.map(pred, try node(t)))
        }
    }

    mutating func comprehension(_ c: Comprehension, _ loc: SourceLocation) throws(SyntaxError) -> Node {
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
        beginLoopBody(binding: [c.iterVar, c.iterVar2, c.accuVar])
        let cond = try node(c.loopCondition)
        let step = try node(c.loopStep)
        let memos = loopFrames.removeLast().memos
        scopes.removeLast()
        scopes.append([c.accuVar: accu])
        let result = try node(c.result)
        scopes.removeLast()
        let two = c.iterVar2 != nil
        let macro = c.macro
        return Compiler.clearing(memos) { a in
            let r = range(a)
            a.locals[accu] = initial(a)
            switch r {
            case .list(let items):
                for (i, item) in items.enumerated() {
                    a.cost &+= 1
                    if a.cost > a.budget { return a.budgetExceeded(at: loc) }
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
                    if a.cost > a.budget { return a.budgetExceeded(at: loc) }
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

    /// `size()` of a `filter`: the number of elements the predicate keeps, as an int.
    mutating func countFiltered(_ c: Comprehension, _ p: Expr, _ loc: SourceLocation) throws(SyntaxError) -> Node {
        let range = try node(c.range)
        let iter = localCount
        localCount += 1
        scopes.append([c.iterVar: iter])
        defer { scopes.removeLast() }
        beginLoopBody(binding: [c.iterVar])
        let pred = try node(p)
        // Two closures, so that the one with field tests holds them unwrapped (see
        // ``Loop/existsOrAll(_:decisive:)``).
        if let fields = fieldPredicate(p, range: c.range, iter: iter) {
            return endLoopBody { a in
                if let slot = fields.rangeSlot, case .list(let l) = a.read(slot) {
                    return fields.count(l, a) ?? Compiler.countFiltered(.list(l), a, pred, iter, loc)
                }
                let r = range(a)
                if case .list(let l) = r, let v = fields.count(l, a) { return v }
                return Compiler.countFiltered(r, a, pred, iter, loc)
            }
        }
        return endLoopBody { a in Compiler.countFiltered(range(a), a, pred, iter, loc) }
    }

    /// The general loop of ``countFiltered(_:_:_:)`` over the range's value `r`.
    static func countFiltered(_ r: Value, _ a: Activation, _ pred: Node, _ iter: Int, _ loc: SourceLocation) -> Value {
        let xs: [Value]
        switch r {
        case .error: return r
        case .list(let l): xs = l
        case .map(let m): xs = m.entries.map { $0.key.value }
        default: return .error("filter() cannot iterate over a value of type '\(r.typeName)'", at: loc)
        }
        var n: Int64 = 0
        var result: Value?
        a.forEachBorrowed(xs, in: iter) { _ in
            a.cost &+= 1
            if a.cost > a.budget { result = a.budgetExceeded(at: loc); return false }
            let v = pred(a)
            guard case .bool(let keep) = v else {
                if case .error = v { result = v; return false }
                result = .error("no such overload: filter() needs a bool predicate, not '\(v.typeName)'", at: loc)
                return false
            }
            if keep { n += 1 }
            return true
        }
        return result ?? .int(n)
    }
}

/// What a direct comprehension loop needs: the range, the loop variable's local slot, the
/// macro's name and where it is written (for errors).
struct Loop: Sendable {
    let range: Node
    let iter: Int
    let macro: String
    let loc: SourceLocation
    /// The predicate decided chunk by chunk when it is made only of field tests.
    var fields: FieldPredicate?

    /// The elements of a list, or the keys of a map; nil for other values.
    @Sendable static func items(_ r: Value) -> [Value]? {
        switch r {
        case .list(let l): return l
        case .map(let m): return m.entries.map { $0.key.value }
        default: return nil
        }
    }

    func notBool(_ v: Value) -> Value {
        if case .error = v { return v }
        return .error("no such overload: \(macro)() needs a bool predicate, not '\(v.typeName)'", at: loc)
    }

    func budgetError(_ a: Activation) -> Value { a.budgetExceeded(at: loc) }

    func cannotIterate(_ r: Value) -> Value { .error("\(macro)() cannot iterate over a value of type '\(r.typeName)'", at: loc) }

    /// `exists` (`decisive` true) or `all` (false): stops at the first element that decides.
    func existsOrAll(_ pred: @escaping Node, decisive: Bool) -> Node {
        // Two closures, so that the one with field tests holds them unwrapped: reading them
        // out of an optional copies them (a retain and a release per evaluation).
        if let fields {
            return { a in
                // A variable's list straight from its slot (anything else through the node,
                // which places its errors).
                if let slot = fields.rangeSlot, case .list(let l) = a.read(slot) {
                    return fields.existsOrAll(l, a, decisive: decisive) ?? existsOrAll(.list(l), a, pred, decisive: decisive)
                }
                let r = range(a)
                if case .error = r { return r }
                if case .list(let l) = r, let v = fields.existsOrAll(l, a, decisive: decisive) { return v }
                return existsOrAll(r, a, pred, decisive: decisive)
            }
        }
        return { a in
            let r = range(a)
            if case .error = r { return r }
            return existsOrAll(r, a, pred, decisive: decisive)
        }
    }

    /// The general loop of ``existsOrAll(_:decisive:)`` over the range's value `r`.
    func existsOrAll(_ r: Value, _ a: Activation, _ pred: Node, decisive: Bool) -> Value {
        guard let xs = Loop.items(r) else { return cannotIterate(r) }
        var failure: Value?
        var result: Value?
        a.forEachBorrowed(xs, in: iter) { _ in
            a.cost &+= 1
            if a.cost > a.budget { result = budgetError(a); return false }
            let v = pred(a)
            if case .bool(let b) = v {
                if b == decisive { result = v; return false }
            } else if failure == nil {
                failure = notBool(v)
            }
            return true
        }
        return result ?? failure ?? .bool(!decisive)
    }

    /// `filter`: the elements the predicate keeps, in order.
    func filter(_ pred: @escaping Node) -> Node {
        // Two closures, as for ``existsOrAll(_:decisive:)``.
        if let fields {
            return { a in
                if let slot = fields.rangeSlot, case .list(let l) = a.read(slot) {
                    return fields.filter(l, a) ?? filter(.list(l), a, pred)
                }
                let r = range(a)
                if case .list(let l) = r, let v = fields.filter(l, a) { return v }
                return filter(r, a, pred)
            }
        }
        return { a in filter(range(a), a, pred) }
    }

    /// The general loop of ``filter(_:)`` over the range's value `r`.
    func filter(_ r: Value, _ a: Activation, _ pred: Node) -> Value {
        if case .error = r { return r }
        guard let xs = Loop.items(r) else { return cannotIterate(r) }
        var out: [Value] = []
        out.reserveCapacity(xs.count)
        var result: Value?
        a.forEachBorrowed(xs, in: iter) { k in
            a.cost &+= 1
            if a.cost > a.budget { result = budgetError(a); return false }
            let v = pred(a)
            guard case .bool(let keep) = v else { result = notBool(v); return false }
            if keep { out.append(xs[k]) }
            return true
        }
        return result ?? .list(out)
    }

    /// `map`, with its filter if it has one: the transform of each element kept.
    func map(_ pred: Node?, _ transform: @escaping Node) -> Node {
        return { a in
            let r = range(a)
            if case .error = r { return r }
            guard let xs = Loop.items(r) else { return cannotIterate(r) }
            var out: [Value] = []
            out.reserveCapacity(xs.count)
            var result: Value?
            a.forEachBorrowed(xs, in: iter) { _ in
                a.cost &+= 1
                if a.cost > a.budget { result = budgetError(a); return false }
                if let pred {
                    let v = pred(a)
                    guard case .bool(let keep) = v else { result = notBool(v); return false }
                    if !keep { return true }
                }
                let y = transform(a)
                if case .error = y { result = y; return false }
                out.append(y)
                return true
            }
            return result ?? .list(out)
        }
    }
}
