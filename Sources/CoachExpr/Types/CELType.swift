// CELType.swift — the types of the expression language, used by declarations, the checker
// and `type()` values.

/// A type in the expression language.
package indirect enum CELType: Sendable, Hashable, CustomStringConvertible {
    /// 64-bit signed integer.
    case int
    /// 64-bit unsigned integer.
    case uint
    /// 64-bit IEEE double.
    case double
    /// `true` / `false`.
    case bool
    /// A Unicode string.
    case string
    /// A byte string.
    case bytes
    /// The type of `null`.
    case null
    /// A list of elements of one type.
    case list(CELType)
    /// A map from keys to values.
    case map(CELType, CELType)
    /// An object with declared fields (a record such as a listing).
    case object(ObjectType)
    /// The type of type values (`type(1)`, `int`).
    case type
    /// Any type, checked at run time.
    case dyn
    /// A type parameter in an overload signature (`list(A)`); only in declarations.
    case param(String)
    /// The type of an expression that failed to check (absorbs further errors).
    case error

    /// Whether it is, or holds, an object type with an optional field.
    package var hasOptionalField: Bool {
        switch self {
        case .list(let e): return e.hasOptionalField
        case .map(let k, let v): return k.hasOptionalField || v.hasOptionalField
        case .object(let t): return t.fields.contains { $0.optional || $0.type.hasOptionalField }
        default: return false
        }
    }

    /// The CEL name: `int`, `list(string)`, `map(string, int)`, the object's name.
    package var description: String {
        switch self {
        case .int: return "int"
        case .uint: return "uint"
        case .double: return "double"
        case .bool: return "bool"
        case .string: return "string"
        case .bytes: return "bytes"
        case .null: return "null_type"
        case .list(let e): return "list(\(e))"
        case .map(let k, let v): return "map(\(k), \(v))"
        case .object(let o): return o.name
        case .type: return "type"
        case .dyn: return "dyn"
        case .param(let n): return n
        case .error: return "*error*"
        }
    }

    /// The name of the runtime type: `list` and `map` without parameters (as `type(x)` gives).
    package var runtimeName: String {
        switch self {
        case .list: return "list"
        case .map: return "map"
        default: return description
        }
    }

    /// `list(dyn)`.
    package static let dynList = CELType.list(.dyn)
    /// `map(string, dyn)`.
    package static let dynMap = CELType.map(.string, .dyn)

    /// Whether a value of this type could be numeric (int, uint, double or dyn).
    var isNumericOrDyn: Bool {
        switch self {
        case .int, .uint, .double, .dyn, .error, .param: return true
        default: return false
        }
    }

    /// Parses a CEL type string such as `int`, `list(string)`, `map(string, list(int))`.
    package static func parse(_ text: String) -> CELType? {
        var s = Substring(text.filter { $0 != " " })
        let t = parseType(&s)
        return s.isEmpty ? t : nil
    }

    private static func parseType(_ s: inout Substring) -> CELType? {
        var name = ""
        while let c = s.first, c.isLetter || c.isNumber || c == "_" || c == "." { name.append(c); s.removeFirst() }
        func args() -> [CELType]? {
            guard s.first == "(" else { return [] }
            s.removeFirst()
            var out: [CELType] = []
            while true {
                guard let t = parseType(&s) else { return nil }
                out.append(t)
                if s.first == "," { s.removeFirst(); continue }
                if s.first == ")" { s.removeFirst(); return out }
                return nil
            }
        }
        guard let a = args() else { return nil }
        switch (name, a.count) {
        case ("int", 0): return .int
        case ("uint", 0): return .uint
        case ("double", 0): return .double
        case ("bool", 0): return .bool
        case ("string", 0): return .string
        case ("bytes", 0): return .bytes
        case ("null_type", 0), ("null", 0): return .null
        case ("dyn", 0): return .dyn
        case ("type", _): return .type
        case ("list", 0): return .list(.dyn)
        case ("list", 1): return .list(a[0])
        case ("map", 0): return .map(.dyn, .dyn)
        case ("map", 2): return .map(a[0], a[1])
        default: return nil
        }
    }
}

/// An object type: a name and declared fields, e.g. a listing with `photos: int`.
///
/// Equality and hashing use the name only; declare each object type once.
package final class ObjectType: Sendable, Hashable {
    /// A declared field.
    package struct Field: Sendable {
        /// The field's name.
        package let name: String
        /// The field's type.
        package let type: CELType
        /// Whether an object may leave it out (reading it from one that does is an error).
        package let optional: Bool
        /// Creates a field.
        package init(_ name: String, _ type: CELType, optional: Bool = false) {
            self.name = name
            self.type = type
            self.optional = optional
        }
    }

    /// The type's name (shown by `type(x)` and in messages).
    package let name: String
    /// The fields, in declaration order; a field's index is its position here.
    package let fields: [Field]
    /// The fields' names, in the same order (one array for every "did you mean" of a
    /// misspelt field, not one made per error).
    package let fieldNames: [String]
    /// Each field's index by name (the first of a name given twice): a rule set's params may
    /// be thousands, read by thousands of expressions.
    private let indexByName: [String: Int]
    /// Creates an object type.
    package init(name: String, fields: [Field]) {
        self.name = name
        self.fields = fields
        fieldNames = fields.map(\.name)
        indexByName = Dictionary(fields.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The index of the field called `name`, if declared.
    package func fieldIndex(_ name: String) -> Int? {
        indexByName[name]
    }

    /// Object types are equal when their names are.
    package static func == (a: ObjectType, b: ObjectType) -> Bool { a.name == b.name }
    /// Hashes the name.
    package func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
