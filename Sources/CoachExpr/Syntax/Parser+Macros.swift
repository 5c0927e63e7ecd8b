// Parser+Macros.swift — calls, and the macros expanded at parse time into comprehensions:
// has, all, exists, exists_one/existsOne, map, filter, transformList, transformMap, cel.bind.

extension Parser {

    mutating func call(target: Expr?, name: String, args: [Expr], offset: Int) throws(SyntaxError) -> Expr {
        if let m = try macro(target: target, name: name, args: args, offset: offset) { return m }
        var children = args
        if let target { children.insert(target, at: 0) }
        return try node(offset, .call(target: target, function: name, args: args), children)
    }

    func simpleName(_ e: Expr) -> String? {
        if case .ident(let n, absolute: false) = e.kind { return n }
        return nil
    }

    static let accu = "@result"

    mutating func ident(_ name: String, _ offset: Int) throws(SyntaxError) -> Expr {
        try node(offset, .ident(name, absolute: false), [])
    }

    mutating func lit(_ l: Literal, _ offset: Int) throws(SyntaxError) -> Expr { try node(offset, .literal(l), []) }

    mutating func fn(_ name: String, _ args: [Expr], _ offset: Int) throws(SyntaxError) -> Expr {
        try node(offset, .call(target: nil, function: name, args: args), args)
    }

    mutating func comprehension(
        _ macro: String, iter: String, iter2: String?, range: Expr, accuVar: String = Parser.accu, initial: Expr,
        condition: Expr, step: Expr, result: Expr, offset: Int
    ) throws(SyntaxError) -> Expr {
        let c = Comprehension(iterVar: iter, iterVar2: iter2, range: range, accuVar: accuVar, accuInit: initial, loopCondition: condition, loopStep: step, result: result, macro: macro)
        return try node(offset, .comprehension(c), [range, initial, condition, step, result])
    }

    mutating func macro(target: Expr?, name: String, args: [Expr], offset: Int) throws(SyntaxError) -> Expr? {
        if target == nil, name == "has", args.count != 1 {
            throw SyntaxError(message: "has() takes one field selection, such as has(x.field), or a variable, not \(args.count) argument\(args.count == 1 ? "" : "s")", offset: offset)
        }
        if let target, name == "bind", args.count != 3, simpleName(target) == "cel" {
            throw SyntaxError(message: "cel.bind() takes a variable, its value and an expression, such as cel.bind(x, 2, x * x), not \(args.count) argument\(args.count == 1 ? "" : "s")", offset: offset)
        }
        if target == nil, name == "has", args.count == 1 {
            if case .ident = args[0].kind {
                // A variable rather than a field: whether it has a value (a signal the
                // snapshot gives), without the expression depending on that value.
                return try node(args[0].offset, .call(target: nil, function: Operator.present, args: [args[0]]), [args[0]])
            }
            guard case .select(let operand, let field, _) = args[0].kind else {
                throw SyntaxError(message: "has() needs a field selection such as has(x.field), or a variable such as has(cost_tracker)", offset: args[0].offset)
            }
            return try node(args[0].offset, .select(operand, field: field, testOnly: true), [operand])
        }
        guard let target else { return nil }
        if name == "bind", args.count == 3, simpleName(target) == "cel" {
            guard let v = simpleName(args[0]) else { throw SyntaxError(message: "cel.bind() needs a variable name first", offset: args[0].offset) }
            let empty = try node(offset, .list([]), [])
            let f = try lit(.bool(false), offset)
            let step = try ident(v, offset)
            return try comprehension("cel.bind", iter: "#unused", iter2: nil, range: empty, accuVar: v, initial: args[0 + 1], condition: f, step: step, result: args[2], offset: offset)
        }
        let oneVar: Set<String> = Self.oneVariableMacros
        let twoVar: Set<String> = ["all", "exists", "exists_one", "existsOne", "transformList", "transformMap"]
        var iter: String?
        var iter2: String?
        var rest: [Expr] = []
        if oneVar.contains(name), args.count == 2 || (name == "map" && args.count == 3) {
            guard let v = simpleName(args[0]) else {
                throw SyntaxError(message: "\(name)() needs a variable name as its first argument", offset: args[0].offset)
            }
            iter = v
            rest = Array(args.dropFirst())
        } else if twoVar.contains(name), args.count == 3 || ((name == "transformList" || name == "transformMap") && args.count == 4) {
            guard let v = simpleName(args[0]), let w = simpleName(args[1]) else {
                let bad = simpleName(args[0]) == nil ? args[0] : args[1]
                throw SyntaxError(message: "\(name)() with \(args.count) arguments takes two variable names first; it takes \(Self.macroForms(name))", offset: bad.offset)
            }
            iter = v
            iter2 = w
            rest = Array(args.dropFirst(2))
        } else if oneVar.contains(name) || twoVar.contains(name) {
            // A macro given the wrong number of arguments: said so, rather than its variable
            // reported undeclared and the macro an unknown function.
            throw SyntaxError(message: "\(name)() takes \(Self.macroForms(name)), not \(args.count) argument\(args.count == 1 ? "" : "s")", offset: offset)
        } else {
            return nil
        }
        guard let it = iter else { return nil }
        return try expand(name, range: target, iter: it, iter2: iter2, rest, offset: offset)
    }

    /// The comprehension macro `name` stands for, over `range` with loop variables `iter`
    /// (and `iter2`) and the macro's other arguments `rest`; nil for a name that is not one.
    mutating func expand(_ name: String, range target: Expr, iter it: String, iter2: String?, _ rest: [Expr], offset: Int) throws(SyntaxError) -> Expr? {
        let a = Parser.accu
        switch name {
        case "all":
            let cond = try fn(Operator.notStrictlyFalse, [try ident(a, offset)], offset)
            let step = try fn(Operator.and, [try ident(a, offset), rest[0]], offset)
            return try comprehension(name, iter: it, iter2: iter2, range: target, initial: try lit(.bool(true), offset), condition: cond, step: step, result: try ident(a, offset), offset: offset)
        case "exists":
            let notAccu = try fn(Operator.not, [try ident(a, offset)], offset)
            let cond = try fn(Operator.notStrictlyFalse, [notAccu], offset)
            let step = try fn(Operator.or, [try ident(a, offset), rest[0]], offset)
            return try comprehension(name, iter: it, iter2: iter2, range: target, initial: try lit(.bool(false), offset), condition: cond, step: step, result: try ident(a, offset), offset: offset)
        case "exists_one", "existsOne":
            let plus = try fn(Operator.add, [try ident(a, offset), try lit(.int(1), offset)], offset)
            let step = try fn(Operator.conditional, [rest[0], plus, try ident(a, offset)], offset)
            let result = try fn(Operator.equals, [try ident(a, offset), try lit(.int(1), offset)], offset)
            return try comprehension(name, iter: it, iter2: iter2, range: target, initial: try lit(.int(0), offset), condition: try lit(.bool(true), offset), step: step, result: result, offset: offset)
        case "map", "transformList", "filter":
            let value: Expr = name == "filter" ? try ident(it, offset) : rest[rest.count - 1]
            let append = try fn(Operator.listAppend, [try ident(a, offset), value], offset)
            var step = append
            if name == "filter" || rest.count == 2 {
                step = try fn(Operator.conditional, [rest[0], append, try ident(a, offset)], offset)
            }
            let initial = try node(offset, .list([]), [])
            return try comprehension(name, iter: it, iter2: iter2, range: target, initial: initial, condition: try lit(.bool(true), offset), step: step, result: try ident(a, offset), offset: offset)
        case "transformMap":
            guard iter2 != nil else { return nil }
            let insert = try fn(Operator.mapInsert, [try ident(a, offset), try ident(it, offset), rest[rest.count - 1]], offset)
            var step = insert
            if rest.count == 2 {
                step = try fn(Operator.conditional, [rest[0], insert, try ident(a, offset)], offset)
            }
            let initial = try node(offset, .map([]), [])
            return try comprehension(name, iter: it, iter2: iter2, range: target, initial: initial, condition: try lit(.bool(true), offset), step: step, result: try ident(a, offset), offset: offset)
        default:
            return nil
        }
    }

    /// The macros over a list or map that take one variable (`xs.map(x, …)`).
    static let oneVariableMacros: Set<String> = ["all", "exists", "exists_one", "existsOne", "map", "filter"]

    /// How a macro is called, in words, for a call with the wrong number of arguments.
    static func macroForms(_ name: String) -> String {
        switch name {
        case "map": return "a variable and an expression (xs.map(x, x * 2)), or a variable, a condition and an expression (xs.map(x, x > 0, x * 2))"
        case "filter": return "a variable and a condition (xs.filter(x, x > 0))"
        case "transformList", "transformMap": return "two variables and an expression, or two variables, a condition and an expression"
        default: return "a variable and a condition (xs.\(name)(x, x > 0)), or two variables and a condition"
        }
    }

}
