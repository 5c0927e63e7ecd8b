// Stdlib.swift — the function table: operators (signatures only; the compiler emits them
// inline), the standard functions, the adopted extensions and the domain functions.

/// The built-in function declarations.
enum Stdlib {
    static let a = CELType.param("A")
    static let b = CELType.param("B")

    static func o(_ id: String, _ params: [CELType], _ result: CELType, receiver: Bool = false) -> Overload {
        Overload(id, params, result, receiver: receiver)
    }

    /// Every built-in function.
    static func all() -> [FunctionDecl] {
        var out: [FunctionDecl] = operators()
        out += standard()
        out += conversions()
        out += stringExt()
        out.append(formatFunction())
        out += mathExt()
        out += encoders()
        out += domain()
        return out
    }

    static func numericTrio(_ name: String) -> [Overload] {
        [o("\(name)_int64", [.int, .int], .int), o("\(name)_uint64", [.uint, .uint], .uint), o("\(name)_double", [.double, .double], .double)]
    }

    static func operators() -> [FunctionDecl] {
        var out: [FunctionDecl] = []
        var add = numericTrio("add")
        add += [o("add_string", [.string, .string], .string), o("add_bytes", [.bytes, .bytes], .bytes), o("add_list", [.list(a), .list(a)], .list(a))]
        out.append(FunctionDecl(Operator.add, overloads: add))
        out.append(FunctionDecl(Operator.subtract, overloads: numericTrio("subtract")))
        out.append(FunctionDecl(Operator.multiply, overloads: numericTrio("multiply")))
        out.append(FunctionDecl(Operator.divide, overloads: numericTrio("divide")))
        out.append(FunctionDecl(Operator.modulo, overloads: [o("modulo_int64", [.int, .int], .int), o("modulo_uint64", [.uint, .uint], .uint)]))
        out.append(FunctionDecl(Operator.negate, overloads: [o("negate_int64", [.int], .int), o("negate_double", [.double], .double)]))
        out.append(FunctionDecl(Operator.not, overloads: [o("logical_not", [.bool], .bool)]))
        out.append(FunctionDecl(Operator.equals, overloads: [o("equals", [.dyn, .dyn], .bool)]))
        out.append(FunctionDecl(Operator.notEquals, overloads: [o("not_equals", [.dyn, .dyn], .bool)]))
        out.append(FunctionDecl(Operator.in, overloads: [o("in_list", [.dyn, .list(.dyn)], .bool), o("in_map", [.dyn, .map(.dyn, .dyn)], .bool)]))
        let ordered: [CELType] = [.int, .uint, .double]
        for (op, id) in [(Operator.less, "less"), (Operator.lessEquals, "less_equals"), (Operator.greater, "greater"), (Operator.greaterEquals, "greater_equals")] {
            var ovs: [Overload] = []
            for x in ordered { for y in ordered { ovs.append(o("\(id)_\(x)_\(y)", [x, y], .bool)) } }
            for t in [CELType.string, .bytes, .bool] { ovs.append(o("\(id)_\(t)", [t, t], .bool)) }
            out.append(FunctionDecl(op, overloads: ovs))
        }
        return out
    }

    static func standard() -> [FunctionDecl] {
        let sizeTypes: [(String, CELType)] = [("string", .string), ("bytes", .bytes), ("list", .list(a)), ("map", .map(a, b))]
        var sizes: [Overload] = []
        for (n, t) in sizeTypes {
            sizes.append(o("size_\(n)", [t], .int))
            sizes.append(o("\(n)_size", [t], .int, receiver: true))
        }
        let size = FunctionDecl("size", doc: "number of elements (code points for strings)", overloads: sizes, implementation: .unary { v in
            switch v {
            case .string(let s): return .int(Int64(s.unicodeScalars.count))
            case .bytes(let b): return .int(Int64(b.count))
            case .list(let l): return .int(Int64(l.count))
            case .map(let m): return .int(Int64(m.count))
            default: return Ops.noOverload("size", v)
            }
        })
        func stringPredicate(_ name: String, _ f: @escaping @Sendable (String, String) -> Bool) -> FunctionDecl {
            FunctionDecl(name, overloads: [o("\(name)_string", [.string, .string], .bool, receiver: true)], implementation: .binary { x, y in
                guard case .string(let s) = x, case .string(let t) = y else { return Ops.noOverload(name, x, y) }
                return .bool(f(s, t))
            })
        }
        let contains = stringPredicate("contains") { s, t in
            t.isEmpty || Strings.find(Array(s.unicodeScalars), Array(t.unicodeScalars), from: 0) != nil
        }
        let startsWith = stringPredicate("startsWith") { s, t in s.unicodeScalars.starts(with: t.unicodeScalars) }
        let endsWith = stringPredicate("endsWith") { s, t in s.unicodeScalars.reversed().starts(with: t.unicodeScalars.reversed()) }
        let matches = FunctionDecl("matches", doc: "RE2-syntax regular expression search (linear time)", overloads: [
            o("matches", [.string, .string], .bool), o("matches_string", [.string, .string], .bool, receiver: true),
        ], implementation: .binary { x, y in
            guard case .string(let s) = x, case .string(let p) = y else { return Ops.noOverload("matches", x, y) }
            switch Regex.compile(p) {
            case .success(let re): return .bool(re.search(s)?.matched ?? false)
            case .failure(let e): return .error("invalid regular expression '\(p)': \(e.message)")
            }
        })
        return [size, contains, startsWith, endsWith, matches]
    }
}
