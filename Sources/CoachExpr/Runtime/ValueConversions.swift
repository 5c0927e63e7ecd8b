// ValueConversions.swift — values to and from Swift values and JSON.

@_spi(Streaming) import CoachJSON

extension Value: ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral, ExpressibleByBooleanLiteral,
    ExpressibleByStringLiteral, ExpressibleByNilLiteral, ExpressibleByArrayLiteral
{
    /// `42` as `.int(42)`.
    package init(integerLiteral value: Int64) { self = .int(value) }
    /// `1.5` as `.double(1.5)`.
    package init(floatLiteral value: Double) { self = .double(value) }
    /// `true` as `.bool(true)`.
    package init(booleanLiteral value: Bool) { self = .bool(value) }
    /// `"a"` as `.string("a")`.
    package init(stringLiteral value: String) { self = .string(value) }
    /// `nil` as `.null`.
    package init(nilLiteral: ()) { self = .null }
    /// `[1, 2]` as a list.
    package init(arrayLiteral elements: Value...) { self = .list(elements) }
}

extension Value {
    /// An int value.
    package init(_ v: Int) { self = .int(Int64(v)) }
    /// A double value.
    package init(_ v: Double) { self = .double(v) }
    /// A string value.
    package init(_ v: String) { self = .string(v) }
    /// A bool value.
    package init(_ v: Bool) { self = .bool(v) }
    /// A map with string keys, in key order.
    package init(_ v: [String: Value]) {
        self = .map(MapValue(v.keys.sorted().map { (MapKey.string($0), v[$0] ?? .null) }))
    }

    /// The int, when this is an int.
    package var int: Int64? { if case .int(let x) = self { return x }; return nil }
    /// The uint, when this is a uint.
    package var uint: UInt64? { if case .uint(let x) = self { return x }; return nil }
    /// The double, when this is a double.
    package var double: Double? { if case .double(let x) = self { return x }; return nil }
    /// Any number (int, uint or double) as a double.
    package var number: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .uint(let u): return Double(u)
        case .double(let d): return d
        default: return nil
        }
    }
    /// The bool, when this is a bool.
    package var bool: Bool? { if case .bool(let x) = self { return x }; return nil }
    /// The string, when this is a string.
    package var string: String? { if case .string(let x) = self { return x }; return nil }
    /// The elements, when this is a list.
    package var list: [Value]? { if case .list(let x) = self { return x }; return nil }
    /// The error, when this is an error value.
    package var evalError: EvalError? { if case .error(let e) = self { return e }; return nil }

    /// The value as JSON: ints and uints as numbers, doubles as numbers or `"NaN"`/`"Infinity"`,
    /// bytes as base64, types by name, maps as objects with string keys; a list, map or object
    /// too large to write (``WritingBudget``) as a text saying so.
    package var json: JSONValue {
        switch self {
        case .list, .map, .object:
            if WritingBudget.exceeded(by: self) { return .string(WritingBudget.tooLarge(self)) }
        default: break
        }
        return checkedJSON
    }

    /// ``json`` of a value within the budget (so is each of its elements).
    private var checkedJSON: JSONValue {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .uint(let u): return .uint(u)
        case .double(let d): return .double(d)
        case .string(let s): return .string(s)
        case .bytes(let b): return .string(Base64.encode(b))
        case .list(let items): return .array(items.map(\.checkedJSON))
        case .map(let m):
            return .object(m.entries.map { entry in
                let key: String
                switch entry.key {
                case .string(let s): key = s
                case .int(let i): key = String(i)
                case .uint(let u): key = String(u)
                case .bool(let b): key = b ? "true" : "false"
                }
                return (key, entry.value.checkedJSON)
            })
        case .object(let o):
            return .object(zip(o.type.fields, o.fields).compactMap { f, x in x.map { (f.name, $0.checkedJSON) } })
        case .type(let t): return .string(t.runtimeName)
        case .error(let e): return .object([("error", .string(e.message))])
        }
    }

    /// A value from JSON: numbers keep their JSON kind (int, uint, double), arrays become
    /// lists, objects maps with string keys.
    package init(json: JSONValue) {
        switch json {
        case .null: self = .null
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .uint(let u): self = .uint(u)
        case .double(let d): self = .double(d)
        case .string(let s): self = .string(s)
        case .array(let a): self = .list(a.map(Value.init(json:)))
        case .object(let pairs): self = .map(MapValue(pairs.map { (MapKey.string($0.0), Value(json: $0.1)) }))
        }
    }
}
