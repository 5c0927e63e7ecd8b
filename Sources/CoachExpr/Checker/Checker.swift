// Checker.swift — type-checks a parsed expression against an environment. Reports every
// problem it finds (unknown names with "did you mean", calls no overload accepts), and gives
// each node a type; unknowns become `dyn` and checking goes on.

import CoachSource

struct Checker {
    let env: Environment
    let parsed: ParsedExpr
    let locator: Locator
    /// Errors, and warnings: the expression is valid but probably not what the author meant.
    private(set) var diagnostics = DiagnosticBag()
    private var types: [CELType]
    private var scopes: [[String: CELType]] = []

    init(env: Environment, parsed: ParsedExpr, locator: Locator) {
        self.env = env
        self.parsed = parsed
        self.locator = locator
        self.types = Array(repeating: .dyn, count: parsed.nodeCount)
    }

    /// Checks the whole expression; returns the type of every node by id.
    mutating func run() -> [CELType] {
        _ = check(parsed.root)
        return types
    }

    private func local(_ name: String) -> CELType? {
        for s in scopes.reversed() { if let t = s[name] { return t } }
        return nil
    }

    private mutating func error(_ message: String, _ e: Expr, length: Int = 1, hint: String? = nil, code: DiagnosticCode) {
        diagnostics.add(.error(message, at: locator.location(e.offset), length: length, hint: hint, code: code))
    }

    private mutating func check(_ e: Expr) -> CELType {
        let t = infer(e)
        types[e.id] = t
        return t
    }

    private mutating func infer(_ e: Expr) -> CELType {
        switch e.kind {
        case .literal(let l):
            switch l {
            case .null: return .null
            case .bool: return .bool
            case .int: return .int
            case .uint: return .uint
            case .double: return .double
            case .string: return .string
            case .bytes: return .bytes
            }
        case .ident(let name, let absolute):
            if !absolute, let t = local(name) { return t }
            if let v = Names.variable(e, env: env, isLocal: { self.local($0) != nil }) { return v.type }
            if !absolute, Environment.typeNames[name] != nil { return .type }
            let locals = scopes.flatMap { $0.keys.filter { !$0.hasPrefix("@") } }
            if env.deferNameHints {
                // Looked for once the whole rule set is compiled, for the first ones only.
                var d = Diagnostic.error("undeclared reference to '\(name)'", at: locator.location(e.offset),
                                         length: name.unicodeScalars.count, code: .exprUnknownName)
                d.pendingHint = .init(name: name, environment: true, locals: locals)
                diagnostics.add(d)
                return .error
            }
            error("undeclared reference to '\(name)'", e, length: name.unicodeScalars.count,
                  hint: Suggestions.didYouMean(name, in: env.variables.map(\.name) + locals), code: .exprUnknownName)
            return .error
        case .select(let operand, let field, let testOnly):
            if !testOnly, let v = Names.variable(e, env: env, isLocal: { self.local($0) != nil }) { return v.type }
            let t = check(operand)
            let ft = fieldType(t, field, e)
            return testOnly ? .bool : ft
        case .list(let items):
            var elem: CELType?
            for i in items { elem = join(elem, check(i)) }
            return .list(elem ?? .dyn)
        case .map(let entries):
            return checkMap(entries)
        case .comprehension(let c):
            return checkComprehension(c)
        case .call(let target, let function, let args):
            return checkCall(e, target: target, function: function, args: args)
        }
    }

    /// A map literal: its key and value types joined; a key of a type maps cannot hold is an error.
    private mutating func checkMap(_ entries: [MapEntry]) -> CELType {
        var k: CELType?
        var v: CELType?
        for en in entries {
            let kt = check(en.key)
            switch kt {
            case .int, .uint, .string, .bool, .dyn, .error: break
            default: error("type '\(kt)' cannot be a map key", en.key, code: .exprBadKey)
            }
            k = join(k, kt)
            v = join(v, check(en.value))
        }
        return .map(k ?? .dyn, v ?? .dyn)
    }

    /// A comprehension: the loop variables typed from the range, the accumulator refined by
    /// the step, the result's type.
    private mutating func checkComprehension(_ c: Comprehension) -> CELType {
        let rt = check(c.range)
        var it: CELType = .dyn
        var it2: CELType? = c.iterVar2 == nil ? nil : .dyn
        switch rt {
        case .list(let el):
            if c.iterVar2 != nil { it = .int; it2 = el } else { it = el }
        case .map(let k, let v):
            it = k
            if c.iterVar2 != nil { it2 = v }
        case .dyn, .error: break
        default:
            error("\(c.macro)() cannot iterate over a value of type '\(rt)'", c.range, code: .exprBadRange)
        }
        let accuInit = check(c.accuInit)
        var scope: [String: CELType] = [c.iterVar: it, c.accuVar: accuInit]
        if let v2 = c.iterVar2, let t2 = it2 { scope[v2] = t2 }
        scopes.append(scope)
        _ = check(c.loopCondition)
        let stepT = check(c.loopStep)
        scopes.removeLast()
        // The accumulator's type is refined by the step (`[]` becomes `list(int)`).
        let accu = refine(accuInit, stepT)
        scopes.append([c.accuVar: accu])
        let r = check(c.result)
        scopes.removeLast()
        return r
    }

    /// `x in container`: a list or map on the right whose elements (keys) `x` can equal.
    private mutating func checkIn(_ argTypes: [CELType], _ e: Expr) -> CELType {
        var element: CELType?
        switch argTypes[1] {
        case .list(let el): element = el
        case .map(let k, _): element = k
        case .dyn, .error: element = nil
        default:
            error("'in' needs a list or a map on the right, not '\(argTypes[1])'", e, code: .exprTypeMismatch)
            return .error
        }
        if let element, !Checker.comparable(argTypes[0], element) {
            error("'\(argTypes[0])' can never be in a \(argTypes[1])", e, hint: "the element types differ", code: .exprTypeMismatch)
            return .error
        }
        return .bool
    }

    private func refine(_ initial: CELType, _ step: CELType) -> CELType {
        switch (initial, step) {
        case (.list(.dyn), .list): return step
        case (.map(.dyn, .dyn), .map): return step
        default: return initial
        }
    }

    /// The common type of two element types, or dyn.
    private func join(_ a: CELType?, _ b: CELType) -> CELType {
        guard let a else { return b }
        if a == b { return a }
        if a == .error { return b }
        if b == .error { return a }
        // An empty literal's `list(dyn)` / `map(dyn, dyn)` gives way to a precise type.
        switch (a, b) {
        case (.list(.dyn), .list), (.map(.dyn, .dyn), .map): return b
        case (.list, .list(.dyn)), (.map, .map(.dyn, .dyn)): return a
        default: return .dyn
        }
    }

    private mutating func fieldType(_ t: CELType, _ field: String, _ e: Expr) -> CELType {
        switch t {
        case .map(let k, let v):
            if k == .string || k == .dyn { return v }
            error("map with '\(k)' keys has no field '\(field)'", e, code: .exprNoField)
            return .error
        case .object(let o):
            if let i = o.fieldIndex(field) { return o.fields[i].type }
            let d = Diagnostic.error("type '\(o.name)' has no field '\(field)'", at: locator.location(e.offset),
                                     length: field.unicodeScalars.count, code: .exprNoField)
            diagnostics.add(d.withHint(.init(name: field, among: [o.fieldNames]), deferring: env.deferNameHints))
            return .error
        case .dyn, .error, .param: return .dyn
        default:
            var hint = env.function(field) != nil ? "'\(field)' is a function: write .\(field)()" : nil
            if case .list(.object(let o)) = t, o.fieldIndex(field) != nil {
                hint = "'\(field)' belongs to each \(o.name): use a macro such as .map(x, x.\(field)) or .exists(x, x.\(field) …)"
            }
            error("type '\(t)' has no fields (selecting '\(field)')", e, hint: hint, code: .exprNoField)
            return .error
        }
    }

    private mutating func checkCall(_ e: Expr, target: Expr?, function: String, args: [Expr]) -> CELType {
        // Namespaced global functions written as receiver calls (`math.greatest(1, 2)`).
        if let target, let ns = Names.namespacedFunction(target: target, function: function, env: env, isLocal: { self.local($0) != nil }) {
            let argTypes = args.map { check($0) }
            return resolve(e, name: ns, receiver: false, argTypes: argTypes)
        }
        var argTypes: [CELType] = []
        if let target { argTypes.append(check(target)) }
        for a in args { argTypes.append(check(a)) }
        if target == nil, args.count == 2, Checker.comparisons.contains(function) {
            warnIntegerDivision(args[0], argTypes[0], against: argTypes[1])
            warnIntegerDivision(args[1], argTypes[1], against: argTypes[0])
        }
        switch function {
        case Operator.present:
            return .bool
        case Operator.conditional:
            // A macro's predicate is rewritten into `?:` or `&&`/`||` on its accumulator:
            // name what the author wrote, not the rewriting.
            if case .ident(Parser.accu, _) = args[2].kind {
                expectBool(argTypes[0], args[0], "the predicate of filter, map or exists_one")
            } else {
                expectBool(argTypes[0], args[0], "the condition of '?:'")
                warnMixedBranches(argTypes[1], argTypes[2], args[2])
            }
            return join(argTypes[1], argTypes[2])
        case Operator.and, Operator.or:
            if case .ident(Parser.accu, _) = args[0].kind {
                expectBool(argTypes[1], args[1], function == Operator.and ? "the predicate of all" : "the predicate of exists")
                return .bool
            }
            expectBool(argTypes[0], args[0], "'\(Operator.display(function))'")
            expectBool(argTypes[1], args[1], "'\(Operator.display(function))'")
            return .bool
        case Operator.notStrictlyFalse:
            return .bool
        case Operator.listAppend:
            if case .list(let el) = argTypes[0] {
                return .list(el == .dyn && args.count > 0 ? argTypes[1] : join(el, argTypes[1]))
            }
            return .list(.dyn)
        case Operator.mapInsert:
            return .map(argTypes[1], argTypes[2])
        case Operator.index:
            return indexType(argTypes[0], argTypes[1], e)
        case Operator.in:
            return checkIn(argTypes, e)
        case Operator.equals, Operator.notEquals:
            if !Checker.comparable(argTypes[0], argTypes[1]) {
                error("comparing '\(argTypes[0])' with '\(argTypes[1])' is always \(function == Operator.equals ? "false" : "true")", e,
                      hint: "convert one side, e.g. string(x) or int(x)", code: .exprTypeMismatch)
                return .error
            }
            return .bool
        default:
            if target == nil, function == "double" || function == "percent", let first = args.first {
                warnIntegerDivision(first, argTypes[0], into: function)
            }
            return resolve(e, name: function.hasPrefix(".") ? String(function.dropFirst()) : function, receiver: target != nil, argTypes: argTypes)
        }
    }

    static let comparisons: Set<String> = [
        Operator.less, Operator.lessEquals, Operator.greater, Operator.greaterEquals, Operator.equals, Operator.notEquals,
    ]

    /// Whether `e`, of type `t`, divides two integers (the result of `/` is an int only then).
    static func isIntegerDivision(_ e: Expr, type t: CELType) -> Bool {
        guard t == .int || t == .uint, case .call(nil, Operator.divide, let operands) = e.kind else { return false }
        return operands.count == 2
    }

    /// `orders / sessions < 0.01` divides ints (3 / 400 is 0): warn when an integer division
    /// is compared with a double.
    private mutating func warnIntegerDivision(_ e: Expr, _ t: CELType, against other: CELType) {
        guard other == .double, Self.isIntegerDivision(e, type: t) else { return }
        diagnostics.add(.warning(
            "integer division compared with a double: the quotient is truncated to an int (3 / 400 is 0)",
            at: locator.location(e.offset),
            hint: "convert first, double(a) / double(b), or use ratio(a, b)", code: .lintIntDivision))
    }

    /// `double(orders / sessions)`, `percent(orders / sessions)`: the fraction is dropped by
    /// the division, before the conversion (double(3 / 400) is 0.0, and shown as 0%).
    private mutating func warnIntegerDivision(_ e: Expr, _ t: CELType, into function: String) {
        guard Self.isIntegerDivision(e, type: t) else { return }
        diagnostics.add(.warning(
            "integer division given to \(function)(): the quotient is truncated to an int before it (3 / 400 is 0)",
            at: locator.location(e.offset),
            hint: "convert first, double(a) / double(b), or use ratio(a, b)", code: .lintIntDivision))
    }

    /// `c ? 1 : 'a'`: CEL gives both branches one type; coach accepts a mix (the result is
    /// `dyn`) but says so, since whatever reads the result must then cope with both.
    private mutating func warnMixedBranches(_ a: CELType, _ b: CELType, _ e: Expr) {
        func known(_ t: CELType) -> Bool {
            switch t {
            case .dyn, .error, .null, .param: return false
            default: return true
            }
        }
        guard known(a), known(b), a != b else { return }
        var bindings: [String: CELType] = [:]
        if Checker.assignable(a, b, &bindings) || Checker.assignable(b, a, &bindings) { return }
        diagnostics.add(.warning(
            "the branches of '?:' have different types, \(a) and \(b)",
            at: locator.location(e.offset),
            hint: a.isNumericOrDyn && b.isNumericOrDyn ? "write both as the same kind of number, e.g. 1.0 and 0.5" : "give both branches the same type",
            code: .exprMixedBranches))
    }

    private mutating func expectBool(_ t: CELType, _ e: Expr, _ what: String) {
        switch t {
        case .bool, .dyn, .error: return
        default: error("\(what) needs a bool, not '\(t)'", e, code: .exprTypeMismatch)
        }
    }

    private mutating func indexType(_ c: CELType, _ i: CELType, _ e: Expr) -> CELType {
        switch c {
        case .list(let el):
            switch i {
            case .int, .uint, .dyn, .error: return el
            default:
                error("list index must be an int, not '\(i)'", e, code: .exprTypeMismatch)
                return .error
            }
        case .map(let k, let v):
            var b: [String: CELType] = [:]
            if Checker.assignable(k, i, &b) || (k.isNumericOrDyn && i.isNumericOrDyn) { return v }
            error("map with '\(k)' keys cannot be indexed with '\(i)'", e, code: .exprTypeMismatch)
            return .error
        case .dyn, .error: return .dyn
        default:
            error("type '\(c)' cannot be indexed", e, code: .exprTypeMismatch)
            return .error
        }
    }

    private mutating func resolve(_ e: Expr, name: String, receiver: Bool, argTypes: [CELType]) -> CELType {
        guard let decl = env.function(name) else {
            let shown = Operator.display(name)
            error("undeclared function '\(shown)'", e, length: name.unicodeScalars.count,
                  hint: Suggestions.didYouMean(name, in: Array(env.functions.keys)), code: .exprUnknownFunction)
            return .error
        }
        if argTypes.contains(.error) { return .dyn }
        // A list of numbers only as the one argument (`max(xs)`, `avg(xs)`): beside others
        // (`ratio(xs, n)`, `clamp(xs, 0, 1)`, `min(xs, 3)`) no implementation takes it.
        let argumentsFit = !decl.numeric || argTypes.allSatisfy { t in
            if case .list(let element) = t { return argTypes.count == 1 && element.isNumericOrDyn }
            return t.isNumericOrDyn
        }
        var results: [CELType] = []
        for o in decl.overloads where argumentsFit && o.isReceiver == receiver && o.parameters.count == argTypes.count {
            var bindings: [String: CELType] = [:]
            var ok = true
            for (p, a) in zip(o.parameters, argTypes) where !Checker.assignable(p, a, &bindings) { ok = false; break }
            if ok { results.append(Checker.substitute(o.result, bindings)) }
        }
        if results.isEmpty, argumentsFit, let v = decl.variadic, !receiver, !argTypes.isEmpty {
            var b: [String: CELType] = [:]
            if argTypes.allSatisfy({ Checker.assignable(v, $0, &b) }) {
                if argTypes.count == 1, case .list(let el) = argTypes[0] { return el }
                let first = argTypes[0]
                return argTypes.allSatisfy { $0 == first } ? first : .dyn
            }
        }
        if results.isEmpty {
            let shown = Operator.display(name)
            let sig = argTypes.map(\.description)
            let callText = receiver && !sig.isEmpty
                ? "\(sig[0]).\(shown)(\(sig.dropFirst().joined(separator: ", ")))"
                : "\(shown)(\(sig.joined(separator: ", ")))"
            var forms = decl.overloads.map { o -> String in
                let ps = o.parameters.map(\.description)
                return o.isReceiver && !ps.isEmpty ? "\(ps[0]).\(shown)(\(ps.dropFirst().joined(separator: ", ")))" : "\(shown)(\(ps.joined(separator: ", ")))"
            }
            if let v = decl.variadic { forms.insert("\(shown)(\(v), \(v), …)", at: 0) }
            var hint = forms.isEmpty ? nil : "accepted: " + forms.prefix(6).joined(separator: ", ") + (forms.count > 6 ? ", …" : "")
            if decl.numeric { hint = "\(shown) takes numbers (int, uint, double), or one list of numbers on its own" }
            if let quoted = Checker.quotedNumber(e, argTypes) { hint = "\"\(quoted)\" is text, in quotes; write \(quoted) to use it as a number" }
            error("no matching overload for \(callText)", e, hint: hint, code: .exprNoOverload)
            return .error
        }
        checkDigits(e, decl)
        let first = results[0]
        return results.allSatisfy { $0 == first } ? first : .dyn
    }

    /// A call's digits written as a number outside what the function takes (`percent(x, 40)`,
    /// `round(x, 30)`): an error here, since every evaluation would fail.
    private mutating func checkDigits(_ e: Expr, _ decl: FunctionDecl) {
        guard let digits = decl.digits, case .call(nil, _, let args) = e.kind, args.count == 2,
              case .literal(.int(let n)) = args[1].kind, !digits.contains(n) else { return }
        let shown = Operator.display(decl.name)
        error("\(shown)(): digits must be from \(digits.lowerBound) to \(digits.upperBound), not \(n)", args[1],
              length: String(n).count, hint: "write a number of decimals from \(digits.lowerBound) to \(digits.upperBound)",
              code: .exprBadArgument)
    }

    /// Whether values of these types can ever be equal (numbers compare across types; `dyn`,
    /// `null` and type parameters could be anything).
    static func comparable(_ a: CELType, _ b: CELType) -> Bool {
        switch (a, b) {
        case (.dyn, _), (_, .dyn), (.error, _), (_, .error), (.param, _), (_, .param), (.null, _), (_, .null): return true
        case (.int, .int), (.int, .uint), (.int, .double), (.uint, .int), (.uint, .uint), (.uint, .double),
             (.double, .int), (.double, .uint), (.double, .double): return true
        case let (.list(x), .list(y)): return comparable(x, y)
        case let (.map(k1, v1), .map(k2, v2)): return comparable(k1, k2) && comparable(v1, v2)
        case let (.object(x), .object(y)): return x == y
        default: return a == b
        }
    }

    /// Whether an argument of type `a` may be passed for a parameter of type `p`, binding type parameters.
    static func assignable(_ p: CELType, _ a: CELType, _ b: inout [String: CELType]) -> Bool {
        switch (p, a) {
        case (_, .error), (.dyn, _): return true
        case (.param(let n), _):
            if let bound = b[n] {
                if bound == .dyn { return true }
                if a == .dyn { return true }
                return assignable(bound, a, &b) || assignable(a, bound, &b) && { b[n] = a; return true }()
            }
            b[n] = a
            return true
        case (_, .dyn): bindDyn(p, &b); return true
        case let (.list(x), .list(y)): return assignable(x, y, &b)
        case let (.map(k1, v1), .map(k2, v2)): return assignable(k1, k2, &b) && assignable(v1, v2, &b)
        default: return p == a
        }
    }

    private static func bindDyn(_ p: CELType, _ b: inout [String: CELType]) {
        switch p {
        case .param(let n): if b[n] == nil { b[n] = .dyn }
        case .list(let x): bindDyn(x, &b)
        case .map(let k, let v): bindDyn(k, &b); bindDyn(v, &b)
        default: break
        }
    }

    static func substitute(_ t: CELType, _ b: [String: CELType]) -> CELType {
        switch t {
        case .param(let n): return b[n] ?? .dyn
        case .list(let x): return .list(substitute(x, b))
        case .map(let k, let v): return .map(substitute(k, b), substitute(v, b))
        default: return t
        }
    }
}

extension Checker {
    /// A number written in quotes beside a number (`stock > "5"`): the text of the quoted
    /// argument, when the other is a number and it reads as one.
    static func quotedNumber(_ e: Expr, _ argTypes: [CELType]) -> String? {
        guard case .call(_, _, let args) = e.kind, args.count == 2, argTypes.count == 2 else { return nil }
        for (i, arg) in args.enumerated() {
            guard case .literal(.string(let text)) = arg.kind, Double(text) != nil,
                  argTypes[1 - i].isNumericOrDyn, argTypes[1 - i] != .dyn else { continue }
            return text
        }
        return nil
    }
}
