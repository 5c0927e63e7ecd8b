// AST.swift — the syntax tree of an expression: plain Sendable values with dense ids and
// offsets (in Unicode scalars) into the expression text.

/// A literal constant as written in the source.
package enum Literal: Sendable, Equatable {
    /// `null`.
    case null
    /// `true` / `false`.
    case bool(Bool)
    /// A signed 64-bit integer (`42`, `0x2A`, `-7`).
    case int(Int64)
    /// An unsigned 64-bit integer (`42u`).
    case uint(UInt64)
    /// A double (`1.5`, `1e3`).
    case double(Double)
    /// A string, escapes already resolved.
    case string(String)
    /// A byte string (`b'abc'`).
    case bytes([UInt8])
}

/// One node of the syntax tree.
///
/// `id` is dense (0 ..< count) within one parse, so side tables (types, slots) are arrays.
/// `offset` is the position of the node's significant token (the operator of a binary
/// expression, the name of a call), counted in Unicode scalars from the start of the text.
package struct Expr: Sendable {
    /// The node's id, unique within one parsed expression.
    package let id: Int
    /// Offset (Unicode scalars) of the node's token in the expression text.
    package let offset: Int
    /// What the node is.
    package let kind: ExprKind

    /// Creates a node.
    package init(id: Int, offset: Int, kind: ExprKind) {
        self.id = id
        self.offset = offset
        self.kind = kind
    }
}

/// One entry of a map literal.
package struct MapEntry: Sendable {
    /// The key expression.
    package let key: Expr
    /// The value expression.
    package let value: Expr
}

/// A comprehension: the general loop every macro (`all`, `exists`, `map`, …) expands to.
///
/// ```text
/// accu = accuInit
/// for (iterVar[, iterVar2]) in range { if !loopCondition break; accu = loopStep }
/// result
/// ```
package struct Comprehension: Sendable {
    /// The loop variable (list element, or map key; the index with two variables).
    package let iterVar: String
    /// The second loop variable (list element or map value), if any.
    package let iterVar2: String?
    /// The collection iterated over.
    package let range: Expr
    /// The accumulator's name.
    package let accuVar: String
    /// The accumulator's initial value.
    package let accuInit: Expr
    /// Evaluated before each step; the loop stops when it is `false`.
    package let loopCondition: Expr
    /// The accumulator's next value.
    package let loopStep: Expr
    /// The comprehension's value.
    package let result: Expr
    /// The macro this came from (`exists`, `map`, `cel.bind`, …), for messages.
    package let macro: String
}

extension Expr {
    /// The node's direct sub-expressions, comprehension parts included.
    package var children: [Expr] {
        switch kind {
        case .literal, .ident: return []
        case .select(let operand, _, _): return [operand]
        case .call(let target, _, let args): return (target.map { [$0] } ?? []) + args
        case .list(let items): return items
        case .map(let entries): return entries.flatMap { [$0.key, $0.value] }
        case .comprehension(let c): return [c.range, c.accuInit, c.loopCondition, c.loopStep, c.result]
        }
    }

    /// Every node of the tree, this one first (iteratively: no recursion a deep tree could
    /// exhaust).
    package var allNodes: [Expr] {
        var out: [Expr] = []
        var stack = [self]
        while let e = stack.popLast() {
            out.append(e)
            stack.append(contentsOf: e.children.reversed())
        }
        return out
    }
}

/// The kinds of syntax nodes.
package indirect enum ExprKind: Sendable {
    /// A constant.
    case literal(Literal)
    /// An identifier; `absolute` when written with a leading dot (`.y`).
    case ident(String, absolute: Bool)
    /// Field selection `operand.field`; `testOnly` for `has(operand.field)`.
    case select(Expr, field: String, testOnly: Bool)
    /// A function call: global (`size(x)`) when `target` is nil, else receiver-style (`x.size()`).
    /// Operators are calls too, with names such as `_+_`, `_[_]`, `!_`, `_?_:_`, `@in`.
    case call(target: Expr?, function: String, args: [Expr])
    /// A list literal.
    case list([Expr])
    /// A map literal.
    case map([MapEntry])
    /// A comprehension, from a macro.
    case comprehension(Comprehension)
}

/// The operator function names used in call nodes.
package enum Operator {
    /// `has(x)` of a variable (not a field): whether it has a value.
    package static let present = "@present"
    /// `!x`
    package static let not = "!_"
    /// `-x`
    package static let negate = "-_"
    /// `a && b`
    package static let and = "_&&_"
    /// `a || b`
    package static let or = "_||_"
    /// `c ? a : b`
    package static let conditional = "_?_:_"
    /// `a[i]`
    package static let index = "_[_]"
    /// `a in b`
    package static let `in` = "@in"
    /// `a == b`
    package static let equals = "_==_"
    /// `a != b`
    package static let notEquals = "_!=_"
    /// `a < b`
    package static let less = "_<_"
    /// `a <= b`
    package static let lessEquals = "_<=_"
    /// `a > b`
    package static let greater = "_>_"
    /// `a >= b`
    package static let greaterEquals = "_>=_"
    /// `a + b`
    package static let add = "_+_"
    /// `a - b`
    package static let subtract = "_-_"
    /// `a * b`
    package static let multiply = "_*_"
    /// `a / b`
    package static let divide = "_/_"
    /// `a % b`
    package static let modulo = "_%_"
    /// Internal: loop condition that treats errors as true (used by `all` / `exists`).
    package static let notStrictlyFalse = "@not_strictly_false"
    /// Internal: appends to a comprehension's list accumulator.
    package static let listAppend = "@list_append"
    /// Internal: inserts into a comprehension's map accumulator.
    package static let mapInsert = "@map_insert"

    /// The source spelling of an operator function, for messages (`_+_` → `+`).
    package static func display(_ function: String) -> String {
        switch function {
        case not: return "!"
        case negate: return "-"
        case conditional: return "?:"
        case index: return "[]"
        case `in`: return "in"
        default:
            if function.hasPrefix("_"), function.hasSuffix("_"), function.count >= 3 {
                return String(function.dropFirst().dropLast())
            }
            return function
        }
    }
}

/// A parsed expression: the root node and the text it came from.
package struct ParsedExpr: Sendable {
    /// The root node.
    package let root: Expr
    /// The number of node ids used (ids are `0 ..< nodeCount`).
    package let nodeCount: Int
    /// The expression text.
    package let text: String
}
