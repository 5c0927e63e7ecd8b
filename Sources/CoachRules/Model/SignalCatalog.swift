// SignalCatalog.swift — every input a rule may read: type, unit, range, absence, description.

import CoachExpr
import CoachSource

/// The signal catalog (`Rules/signals.yaml`).
package struct SignalCatalog: Sendable {
    /// The signals, in the order declared.
    package var signals: [Signal]

    /// The index of the signal called `name`.
    package func index(of name: String) -> Int? { signals.firstIndex { $0.name == name } }
}

/// One signal of the catalog.
package struct Signal: Sendable {
    /// Its name, as rules read it.
    package var name: String
    /// Its type.
    package var type: SignalType
    /// Free-text unit (`ratio`, `hours`).
    package var unit: String?
    /// Inclusive bounds for numbers (and list elements).
    package var range: ValueRange?
    /// What a missing value means.
    package var absence: Absence
    /// What it measures.
    package var description: String
    /// Where it was declared.
    package var location: SourceLocation

    /// The type rules see.
    package var celType: CELType { type.celType(named: name) }
}

/// What a missing signal means.
package enum Absence: Sendable {
    /// A snapshot must have it; rules reading it are skipped when it is missing.
    case required
    /// Rules reading it are skipped when it is missing.
    case optional
    /// This value is used when it is missing.
    case defaultValue(Value)

    /// `required`, `optional` or `default`.
    package var name: String {
        switch self {
        case .required: return "required"
        case .optional: return "optional"
        case .defaultValue: return "default"
        }
    }
}

/// Inclusive bounds; either side may be open.
package struct ValueRange: Sendable, Equatable {
    /// The lowest allowed value.
    package var min: Double?
    /// The highest allowed value.
    package var max: Double?
    /// The bounds exactly, when the catalog wrote them as whole numbers: past 2^53 a double
    /// cannot tell neighbouring ints apart, so an int is checked against these.
    package var intMin: Int64? = nil
    /// See ``intMin``.
    package var intMax: Int64? = nil

    /// Whether `x` lies within the bounds.
    @inlinable
    package func contains(_ x: Double) -> Bool {
        if let min, x < min { return false }
        if let max, x > max { return false }
        return true
    }

    /// Whether the int `i` lies within the bounds, exactly where they are whole numbers.
    package func contains(int i: Int64) -> Bool {
        if let intMin { if i < intMin { return false } } else if let min, Double(i) < min { return false }
        if let intMax { if i > intMax { return false } } else if let max, Double(i) > max { return false }
        return true
    }

    /// `[0, 1]`, `[0, ∞)`; whole-number bounds as the catalog wrote them.
    package var description: String {
        func f(_ d: Double, _ exact: Int64?) -> String {
            if let exact { return String(exact) }
            return d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        }
        return (min.map { "[" + f($0, intMin) } ?? "(-∞") + ", " + (max.map { f($0, intMax) + "]" } ?? "∞)")
    }
}

/// The type of a signal or of a field of a listed object.
package indirect enum SignalType: Sendable, Equatable {
    /// A whole number.
    case int
    /// A number.
    case double
    /// true or false.
    case bool
    /// Text.
    case string
    /// A list of elements of one type.
    case list(SignalType)
    /// An object with named fields (only as a list element).
    case object([SignalField])

    /// The type as rules see it; objects are named after the signal.
    package func celType(named name: String) -> CELType {
        switch self {
        case .int: return .int
        case .double: return .double
        case .bool: return .bool
        case .string: return .string
        case .list(let e): return .list(e.celType(named: name))
        case .object(let fields):
            return .object(ObjectType(name: name + ".item", fields: fields.map { .init($0.name, $0.type.celType(named: name + "." + $0.name), optional: $0.optional) }))
        }
    }

    /// `int`, `list(double)`, `list of objects`.
    package var description: String {
        switch self {
        case .int: return "int"
        case .double: return "double"
        case .bool: return "bool"
        case .string: return "string"
        case .list(.object): return "list of objects"
        case .list(let e): return "list of \(e.description)"
        case .object: return "object"
        }
    }
}

/// A field of a listed object (`listings[].photos`).
package struct SignalField: Sendable, Equatable {
    /// Its name.
    package var name: String
    /// Its type.
    package var type: SignalType
    /// Inclusive bounds for a number field.
    package var range: ValueRange?
    /// Whether an object may leave the field out (`absent: optional`); by default every
    /// object of the list must give it.
    package var optional: Bool = false
}
