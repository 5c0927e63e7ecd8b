// Conversions.swift — int, uint, double, string, bytes, bool, dyn, type.

extension Stdlib {
    static func conversions() -> [FunctionDecl] {
        let int = FunctionDecl("int", doc: "converts to int (doubles truncate toward zero; out of range is an error)", overloads: [
            o("int64_to_int64", [.int], .int), o("uint64_to_int64", [.uint], .int), o("double_to_int64", [.double], .int),
            o("string_to_int64", [.string], .int),
        ], implementation: .unary(toInt))
        let uint = FunctionDecl("uint", doc: "converts to uint", overloads: [
            o("uint64_to_uint64", [.uint], .uint), o("int64_to_uint64", [.int], .uint), o("double_to_uint64", [.double], .uint),
            o("string_to_uint64", [.string], .uint),
        ], implementation: .unary(toUInt))
        let double = FunctionDecl("double", doc: "converts to double", overloads: [
            o("double_to_double", [.double], .double), o("int64_to_double", [.int], .double), o("uint64_to_double", [.uint], .double),
            o("string_to_double", [.string], .double),
        ], implementation: .unary(toDouble))
        let string = FunctionDecl("string", doc: "converts to string", overloads: [
            o("string_to_string", [.string], .string), o("int64_to_string", [.int], .string), o("uint64_to_string", [.uint], .string),
            o("double_to_string", [.double], .string), o("bytes_to_string", [.bytes], .string), o("bool_to_string", [.bool], .string),
        ], implementation: .unary(toString))
        let bytes = FunctionDecl("bytes", doc: "converts a string to its UTF-8 bytes", overloads: [
            o("bytes_to_bytes", [.bytes], .bytes), o("string_to_bytes", [.string], .bytes),
        ], implementation: .unary { v in
            switch v {
            case .bytes: return v
            case .string(let s): return .bytes(Array(s.utf8))
            default: return Ops.noOverload("bytes", v)
            }
        })
        let bool = FunctionDecl("bool", doc: "converts to bool ('true', 'false', 't', 'f', '1', '0', …)", overloads: [
            o("bool_to_bool", [.bool], .bool), o("string_to_bool", [.string], .bool),
        ], implementation: .unary { v in
            switch v {
            case .bool: return v
            case .string(let s):
                switch s {
                case "1", "t", "true", "TRUE", "True": return .bool(true)
                case "0", "f", "false", "FALSE", "False": return .bool(false)
                default: return .error("cannot convert '\(s)' to bool")
                }
            default: return Ops.noOverload("bool", v)
            }
        })
        let dyn = FunctionDecl("dyn", doc: "the value itself, typed dyn", overloads: [o("to_dyn", [a], .dyn)], implementation: .unary { $0 })
        let type = FunctionDecl("type", doc: "the type of a value", overloads: [o("type", [a], .type)], implementation: .unary { .type($0.type) })
        return [int, uint, double, string, bytes, bool, dyn, type]
    }

    static func toInt(_ v: Value) -> Value {
        switch v {
        case .int: return v
        case .uint(let u):
            guard u <= UInt64(Int64.max) else { return .error("integer overflow converting \(u)u to int") }
            return .int(Int64(u))
        case .double(let d):
            guard !d.isNaN else { return .error("cannot convert NaN to int") }
            guard d.isFinite, d > -9223372036854775808.0, d < 9223372036854775808.0 else { return .error("integer overflow converting \(d) to int") }
            return .int(Int64(d.rounded(.towardZero)))
        case .string(let s):
            guard let i = Int64(s) else { return .error("cannot convert '\(s)' to int") }
            return .int(i)
        default: return Ops.noOverload("int", v)
        }
    }

    static func toUInt(_ v: Value) -> Value {
        switch v {
        case .uint: return v
        case .int(let i):
            guard i >= 0 else { return .error("unsigned integer overflow converting \(i) to uint") }
            return .uint(UInt64(i))
        case .double(let d):
            guard !d.isNaN else { return .error("cannot convert NaN to uint") }
            guard d.isFinite, d >= 0, d < 18446744073709551616.0 else { return .error("unsigned integer overflow converting \(d) to uint") }
            return .uint(UInt64(d.rounded(.towardZero)))
        case .string(let s):
            guard let u = UInt64(s) else { return .error("cannot convert '\(s)' to uint") }
            return .uint(u)
        default: return Ops.noOverload("uint", v)
        }
    }

    static func toDouble(_ v: Value) -> Value {
        switch v {
        case .double: return v
        case .int(let i): return .double(Double(i))
        case .uint(let u): return .double(Double(u))
        case .string(let s):
            let t = s.lowercased()
            if t == "nan" { return .double(.nan) }
            if t == "inf" || t == "+inf" || t == "infinity" { return .double(.infinity) }
            if t == "-inf" || t == "-infinity" { return .double(-.infinity) }
            guard let d = Double(s), !s.contains(where: { $0.isWhitespace }) else { return .error("cannot convert '\(s)' to double") }
            return .double(d)
        default: return Ops.noOverload("double", v)
        }
    }

    static func toString(_ v: Value) -> Value {
        switch v {
        case .string: return v
        case .int(let i): return .string(String(i))
        case .uint(let u): return .string(String(u))
        case .double(let d): return .string(Display.double(d))
        case .bool(let b): return .string(b ? "true" : "false")
        case .bytes(let b):
            guard let s = String(validating: b, as: UTF8.self) else { return .error("bytes are not valid UTF-8") }
            return .string(s)
        case .type(let t): return .string(t.runtimeName)
        default: return Ops.noOverload("string", v)
        }
    }
}
