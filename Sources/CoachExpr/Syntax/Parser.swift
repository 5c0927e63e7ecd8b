// Parser.swift — recursive-descent parser for CEL's grammar, with CEL precedence:
//   ?:  <  ||  <  &&  <  relations (== != < <= > >= in)  <  + -  <  * / %  <  unary ! -  <  member
// Depth is counted before every recursive step, so hostile nesting is an error, not a crash.

/// Parses expression text into a syntax tree, expanding macros.
struct Parser {
    var tokens: [Token] = []
    var p = 0
    var nextID = 0
    var heights: [Int] = []
    var depth = 0
    let limits: Limits

    init(limits: Limits) { self.limits = limits }

    /// Parses `text` into a tree.
    mutating func parse(_ text: String) throws(SyntaxError) -> ParsedExpr {
        let length = text.unicodeScalars.count
        if length > limits.maxLength {
            throw SyntaxError(message: "expression is \(length) characters long; the limit is \(limits.maxLength)", offset: 0)
        }
        var lexer = Lexer(text)
        tokens = try lexer.tokenize()
        p = 0
        let root = try expr()
        if case .eof = tokens[p].kind {} else {
            throw SyntaxError(message: "expected end of expression, found \(tokens[p].describe)", offset: tokens[p].offset, length: tokens[p].length, hint: hintAfterExpression(tokens[p], after: p > 0 ? tokens[p - 1] : nil))
        }
        return ParsedExpr(root: root, nodeCount: nextID, text: text)
    }

    func hintAfterExpression(_ t: Token, after previous: Token?) -> String? {
        if case .punct("=") = t.kind { return "use '==' to compare" }
        if case .ident("not")? = previous?.kind { return "use '!' to negate: !(…)" }
        if case .ident(let n) = t.kind, n == "and" || n == "or" { return "use '\(n == "and" ? "&&" : "||")'" }
        return nil
    }

    // MARK: token helpers

    var tok: Token { tokens[p] }

    func isPunct(_ s: String) -> Bool {
        if case .punct(let x) = tokens[p].kind { return x == s }
        return false
    }

    mutating func accept(_ s: String) -> Bool {
        if isPunct(s) { p += 1; return true }
        return false
    }

    mutating func expect(_ s: String, _ what: String) throws(SyntaxError) -> Token {
        if isPunct(s) { p += 1; return tokens[p - 1] }
        throw SyntaxError(message: "expected \(what), found \(tok.describe)", offset: tok.offset, length: tok.length)
    }

    mutating func node(_ offset: Int, _ kind: ExprKind, _ children: [Expr]) throws(SyntaxError) -> Expr {
        var h = 0
        for c in children { h = max(h, heights[c.id]) }
        h += 1
        if h > limits.maxDepth {
            throw SyntaxError(message: "expression is nested too deeply (more than \(limits.maxDepth) levels)", offset: offset, hint: "split it into named definitions")
        }
        let e = Expr(id: nextID, offset: offset, kind: kind)
        nextID += 1
        heights.append(h)
        return e
    }

    mutating func enter(_ offset: Int) throws(SyntaxError) {
        depth += 1
        if depth > limits.maxDepth {
            throw SyntaxError(message: "expression is nested too deeply (more than \(limits.maxDepth) levels)", offset: offset, hint: "split it into named definitions")
        }
    }

    // MARK: grammar

    mutating func expr() throws(SyntaxError) -> Expr {
        try enter(tok.offset)
        defer { depth -= 1 }
        let cond = try logical("||")
        if isPunct("?") {
            let q = tok
            p += 1
            let a = try logical("||")
            _ = try expect(":", "':' of the conditional 'c ? a : b'")
            let b = try expr()
            return try node(q.offset, .call(target: nil, function: Operator.conditional, args: [cond, a, b]), [cond, a, b])
        }
        return cond
    }

    /// `||` and `&&` chains, built as balanced trees (the operators are associative).
    mutating func logical(_ op: String) throws(SyntaxError) -> Expr {
        var operands: [Expr] = [op == "||" ? try logical("&&") : try relation()]
        var offsets: [Int] = []
        while isPunct(op) {
            offsets.append(tok.offset)
            p += 1
            operands.append(op == "||" ? try logical("&&") : try relation())
        }
        if operands.count == 1 { return operands[0] }
        return try balance(operands, offsets, op == "||" ? Operator.or : Operator.and, 0, operands.count - 1)
    }

    mutating func balance(_ xs: [Expr], _ offsets: [Int], _ fn: String, _ lo: Int, _ hi: Int) throws(SyntaxError) -> Expr {
        if lo == hi { return xs[lo] }
        let mid = (lo + hi + 1) / 2
        let l = try balance(xs, offsets, fn, lo, mid - 1)
        let r = try balance(xs, offsets, fn, mid, hi)
        return try node(offsets[mid - 1], .call(target: nil, function: fn, args: [l, r]), [l, r])
    }

    static let relations: [String: String] = [
        "==": Operator.equals, "!=": Operator.notEquals, "<": Operator.less, "<=": Operator.lessEquals,
        ">": Operator.greater, ">=": Operator.greaterEquals,
    ]

    mutating func relation() throws(SyntaxError) -> Expr {
        var left = try addition()
        while true {
            let t = tok
            var fn: String?
            if case .punct(let s) = t.kind { fn = Parser.relations[s] }
            if case .ident("in") = t.kind { fn = Operator.in }
            guard let f = fn else { return left }
            p += 1
            let right = try addition()
            left = try node(t.offset, .call(target: nil, function: f, args: [left, right]), [left, right])
        }
    }

    mutating func addition() throws(SyntaxError) -> Expr {
        var left = try multiplication()
        while isPunct("+") || isPunct("-") {
            let t = tok
            p += 1
            let right = try multiplication()
            let f = isPunctToken(t, "+") ? Operator.add : Operator.subtract
            left = try node(t.offset, .call(target: nil, function: f, args: [left, right]), [left, right])
        }
        return left
    }

    func isPunctToken(_ t: Token, _ s: String) -> Bool {
        if case .punct(let x) = t.kind { return x == s }
        return false
    }

    mutating func multiplication() throws(SyntaxError) -> Expr {
        var left = try unary()
        while isPunct("*") || isPunct("/") || isPunct("%") {
            let t = tok
            p += 1
            let right = try unary()
            let f = isPunctToken(t, "*") ? Operator.multiply : isPunctToken(t, "/") ? Operator.divide : Operator.modulo
            left = try node(t.offset, .call(target: nil, function: f, args: [left, right]), [left, right])
        }
        return left
    }

    mutating func unary() throws(SyntaxError) -> Expr {
        var ops: [Token] = []
        while isPunct("!") || isPunct("-") {
            ops.append(tok)
            p += 1
            if ops.count > limits.maxDepth {
                throw SyntaxError(message: "expression is nested too deeply (more than \(limits.maxDepth) levels)", offset: tok.offset)
            }
        }
        var operand: Expr
        // A minus directly before a number literal is part of the literal (so int64's minimum parses).
        if let last = ops.last, isPunctToken(last, "-"), let lit = negativeLiteral() {
            ops.removeLast()
            operand = try node(last.offset, .literal(lit), [])
            operand = try memberSuffixes(operand)
        } else {
            operand = try member()
        }
        for op in ops.reversed() {
            let f = isPunctToken(op, "!") ? Operator.not : Operator.negate
            operand = try node(op.offset, .call(target: nil, function: f, args: [operand]), [operand])
        }
        return operand
    }

    mutating func negativeLiteral() -> Literal? {
        switch tok.kind {
        case .int(let v): p += 1; return .int(-v)
        case .double(let v): p += 1; return .double(-v)
        case .intOverflow(let text):
            let digits = text.hasPrefix("0x") ? String(text.dropFirst(2)) : text
            if let m = UInt64(digits, radix: text.hasPrefix("0x") ? 16 : 10), m == UInt64(Int64.max) + 1 {
                p += 1
                return .int(Int64.min)
            }
            return nil
        default: return nil
        }
    }

    mutating func member() throws(SyntaxError) -> Expr {
        let base = try primary()
        return try memberSuffixes(base)
    }

    mutating func memberSuffixes(_ start: Expr) throws(SyntaxError) -> Expr {
        var e = start
        while true {
            if isPunct(".") {
                p += 1
                let nameTok = tok
                if case .quotedIdent(let quoted) = nameTok.kind {
                    p += 1
                    e = try node(nameTok.offset, .select(e, field: quoted, testOnly: false), [e])
                    continue
                }
                guard case .ident(let name) = nameTok.kind else {
                    throw SyntaxError(message: "expected a field or method name after '.', found \(tok.describe)", offset: tok.offset, length: tok.length)
                }
                p += 1
                if isPunct("(") {
                    p += 1
                    let args = try arguments(")")
                    e = try call(target: e, name: name, args: args, offset: nameTok.offset)
                } else {
                    e = try node(nameTok.offset, .select(e, field: name, testOnly: false), [e])
                }
            } else if isPunct("[") {
                let open = tok
                p += 1
                let index = try expr()
                _ = try expect("]", "']' to close the index")
                e = try node(open.offset, .call(target: nil, function: Operator.index, args: [e, index]), [e, index])
            } else {
                return e
            }
        }
    }

    /// Comma-separated expressions up to `close` (a trailing comma is allowed).
    mutating func arguments(_ close: String) throws(SyntaxError) -> [Expr] {
        var args: [Expr] = []
        if accept(close) { return args }
        while true {
            args.append(try expr())
            if accept(close) { return args }
            if accept(",") {
                if accept(close) { return args }
                continue
            }
            throw SyntaxError(message: "expected ',' or '\(close)', found \(tok.describe)", offset: tok.offset, length: tok.length)
        }
    }

    mutating func primary() throws(SyntaxError) -> Expr {
        let t = tok
        switch t.kind {
        case .int(let v): p += 1; return try node(t.offset, .literal(.int(v)), [])
        case .uint(let v): p += 1; return try node(t.offset, .literal(.uint(v)), [])
        case .double(let v): p += 1; return try node(t.offset, .literal(.double(v)), [])
        case .string(let v): p += 1; return try node(t.offset, .literal(.string(v)), [])
        case .bytes(let v): p += 1; return try node(t.offset, .literal(.bytes(v)), [])
        case .intOverflow:
            throw SyntaxError(message: "integer literal out of range for int64", offset: t.offset, length: t.length, hint: "add a 'u' suffix for uint, or write it as a double")
        case .ident(let name):
            p += 1
            return try identifier(name, absolute: false, offset: t.offset)
        case .punct("."):
            p += 1
            guard case .ident(let name) = tok.kind else {
                throw SyntaxError(message: "expected an identifier after '.', found \(tok.describe)", offset: tok.offset, length: tok.length)
            }
            let nt = tok
            p += 1
            return try identifier(name, absolute: true, offset: nt.offset)
        case .punct("("):
            p += 1
            let e = try expr()
            _ = try expect(")", "')'")
            return e
        case .punct("["):
            // One level, as a parenthesis is: each item is an expression, which counts it.
            p += 1
            let items = try arguments("]")
            return try node(t.offset, .list(items), items)
        case .punct("{"):
            p += 1
            var entries: [MapEntry] = []
            var children: [Expr] = []
            if !accept("}") {
                while true {
                    let k = try expr()
                    _ = try expect(":", "':' after a map key")
                    let v = try expr()
                    entries.append(MapEntry(key: k, value: v))
                    children.append(k); children.append(v)
                    if accept("}") { break }
                    if accept(",") { if accept("}") { break }; continue }
                    throw SyntaxError(message: "expected ',' or '}', found \(tok.describe)", offset: tok.offset, length: tok.length)
                }
            }
            return try node(t.offset, .map(entries), children)
        case .eof:
            throw SyntaxError(message: "expected an expression, found end of expression", offset: t.offset)
        default:
            throw SyntaxError(message: "expected an expression, found \(t.describe)", offset: t.offset, length: t.length)
        }
    }

    mutating func identifier(_ name: String, absolute: Bool, offset: Int) throws(SyntaxError) -> Expr {
        if Lexer.reserved.contains(name) {
            throw SyntaxError(message: "'\(name)' is a reserved word", offset: offset, length: name.unicodeScalars.count)
        }
        if name == "in" {
            throw SyntaxError(message: "expected an expression, found the operator 'in'", offset: offset, length: 2)
        }
        if !absolute, name == "true" || name == "false" || name == "null" {
            return try node(offset, .literal(name == "null" ? .null : .bool(name == "true")), [])
        }
        if isPunct("(") {
            p += 1
            let args = try arguments(")")
            let fname = absolute ? "." + name : name
            return try call(target: nil, name: fname, args: args, offset: offset)
        }
        if isPunct("{") {
            throw SyntaxError(message: "message construction ('\(name){...}') is not supported", offset: offset, length: name.unicodeScalars.count)
        }
        return try node(offset, .ident(name, absolute: absolute), [])
    }
}
