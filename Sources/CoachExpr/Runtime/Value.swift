// Value.swift — runtime values. A concrete enum with small payloads (at most a String), so
// evaluation moves values without boxing or existentials.

import CoachSource

/// A runtime value.
package enum Value: Sendable {
    /// `null`.
    case null
    /// A boolean.
    case bool(Bool)
    /// A 64-bit signed integer.
    case int(Int64)
    /// A 64-bit unsigned integer.
    case uint(UInt64)
    /// A double.
    case double(Double)
    /// A string.
    case string(String)
    /// A byte string.
    case bytes([UInt8])
    /// A list.
    case list([Value])
    /// A map (insertion-ordered, keys bool/int/uint/string).
    case map(MapValue)
    /// An object with declared fields.
    case object(ObjectValue)
    /// A type value (`int`, `list`, an object type).
    case type(CELType)
    /// An evaluation error, as a value (CEL semantics: errors flow through and can be absorbed).
    case error(EvalError)

    /// The runtime type of the value.
    package var type: CELType {
        switch self {
        case .null: return .null
        case .bool: return .bool
        case .int: return .int
        case .uint: return .uint
        case .double: return .double
        case .string: return .string
        case .bytes: return .bytes
        case .list: return .list(.dyn)
        case .map: return .map(.dyn, .dyn)
        case .object(let o): return .object(o.type)
        case .type: return .type
        case .error: return .error
        }
    }

    /// The CEL name of the value's type (`int`, `list`, `null_type`).
    package var typeName: String { type.runtimeName }

    /// Whether this is an error value.
    package var isError: Bool {
        if case .error = self { return true }
        return false
    }

    /// Creates an error value.
    package static func error(_ message: String, at location: SourceLocation? = nil) -> Value {
        .error(EvalError(message, at: location))
    }
}

/// An evaluation error carried as a value: what went wrong and, where known, where.
package final class EvalError: Error, Sendable, CustomStringConvertible {
    /// The message, without a trailing period.
    package let message: String
    /// The position in the expression (or its file) of the operation that failed.
    package let location: SourceLocation?

    /// Creates an error.
    package init(_ message: String, at location: SourceLocation? = nil) {
        self.message = message
        self.location = location
    }

    /// The same error with a location, unless it has one already.
    package func located(_ location: SourceLocation?) -> EvalError {
        self.location == nil && location != nil ? EvalError(message, at: location) : self
    }

    /// `path:line:column: message`, or the message alone when there is no location.
    package var description: String {
        if let location { return "\(location): \(message)" }
        return message
    }

    /// The error as a diagnostic.
    package var diagnostic: Diagnostic { .error(message, at: location, code: .exprEval) }
}

/// A key of a map: the hashable subset of values.
package enum MapKey: Sendable, Hashable {
    /// Keys compare as CEL compares them: strings by code points, not by Swift's
    /// canonical equivalence (`"e\u{301}"` and `"\u{e9}"` are different keys, as they are
    /// different strings to `==`).
    package static func == (a: MapKey, b: MapKey) -> Bool {
        switch (a, b) {
        case let (.bool(x), .bool(y)): return x == y
        case let (.int(x), .int(y)): return x == y
        case let (.uint(x), .uint(y)): return x == y
        case let (.string(x), .string(y)): return Ops.sameString(x, y)
        default: return false
        }
    }

    /// Hashes the kind and the value (a string by its UTF-8 bytes).
    package func hash(into h: inout Hasher) {
        switch self {
        case .bool(let b): h.combine(0); h.combine(b)
        case .int(let i): h.combine(1); h.combine(i)
        case .uint(let u): h.combine(2); h.combine(u)
        case .string(let s):
            h.combine(3)
            h.combine(s.utf8.count)
            for byte in s.utf8 { h.combine(byte) }
        }
    }

    /// A bool key.
    case bool(Bool)
    /// An int key.
    case int(Int64)
    /// A uint key.
    case uint(UInt64)
    /// A string key.
    case string(String)

    /// The key as a value.
    package var value: Value {
        switch self {
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .uint(let u): return .uint(u)
        case .string(let s): return .string(s)
        }
    }

    /// The key for a value, or nil when the value cannot be a map key.
    package init?(_ value: Value) {
        switch value {
        case .bool(let b): self = .bool(b)
        case .int(let i): self = .int(i)
        case .uint(let u): self = .uint(u)
        case .string(let s): self = .string(s)
        default: return nil
        }
    }
}

/// An immutable map value: entries in insertion order plus a hash index.
package final class MapValue: Sendable {
    /// The entries, in insertion order.
    package let entries: [(key: MapKey, value: Value)]
    private let index: [MapKey: Int]

    /// Creates a map; a later duplicate key replaces the earlier value.
    package init(_ pairs: [(MapKey, Value)]) {
        var entries: [(key: MapKey, value: Value)] = []
        var index: [MapKey: Int] = [:]
        entries.reserveCapacity(pairs.count)
        for (k, v) in pairs {
            if let i = index[k] { entries[i].value = v } else {
                index[k] = entries.count
                entries.append((k, v))
            }
        }
        self.entries = entries
        self.index = index
    }

    /// The number of entries.
    package var count: Int { entries.count }

    /// Whether the key is present (exact key kind).
    package func contains(_ key: MapKey) -> Bool { index[key] != nil }

    /// The value for a key of exactly this kind.
    package subscript(key: MapKey) -> Value? {
        guard let i = index[key] else { return nil }
        return entries[i].value
    }

    /// Looks a value up with CEL's numeric key equivalence (`1`, `1u` and `1.0` find the same entry).
    package func lookup(_ key: Value) -> Value? {
        switch key {
        case .int(let i):
            if let v = self[.int(i)] { return v }
            if i >= 0 { return self[.uint(UInt64(i))] }
            return nil
        case .uint(let u):
            if let v = self[.uint(u)] { return v }
            if u <= UInt64(Int64.max) { return self[.int(Int64(u))] }
            return nil
        case .double(let d):
            if let i = Int64(exactly: d), let v = lookup(.int(i)) { return v }
            if let u = UInt64(exactly: d) { return self[.uint(u)] }
            return nil
        default:
            guard let k = MapKey(key) else { return nil }
            return self[k]
        }
    }

    /// The map with one more entry (or a replaced one).
    package func inserting(_ key: MapKey, _ value: Value) -> MapValue {
        var pairs = entries.map { ($0.key, $0.value) }
        pairs.append((key, value))
        return MapValue(pairs)
    }
}

/// What an ``ObjectValue`` keeps before its fields: its type and how many fields it has.
struct ObjectHeader: Sendable {
    /// The object's type.
    let type: ObjectType
    /// The number of fields (the type's).
    let fieldCount: Int
}

/// An object value: its type and one value per declared field (absent fields hold `nil`).
///
/// One allocation holds the type and the fields (a snapshot's listings are thousands of
/// objects a second): the object is the storage of a `ManagedBufferPointer`, its header
/// first, then the fields. It destroys its fields itself, in code specialised for values (an
/// array of optional values is destroyed through the runtime's generic witnesses, element by
/// element). Made by the `make` functions; immutable to everyone who holds it (``refill(_:type:filling:)``
/// writes an object again only when no one else holds it).
package final class ObjectValue: @unchecked Sendable {
    private typealias Storage = ManagedBufferPointer<ObjectHeader, Value?>

    /// Never called: objects are made by ``make(type:filling:)``, as the storage of a buffer.
    private init() {}

    @inline(__always)
    private var storage: Storage { Storage(unsafeBufferObject: self) }

    /// The object's type.
    @inline(__always)
    package var type: ObjectType { storage.header.type }

    /// The number of fields (the type's).
    @inline(__always)
    package var fieldCount: Int { storage.header.fieldCount }

    /// An object; `fields` must have one entry per declared field (missing ones are unset).
    package static func make(type: ObjectType, fields: [Value?]) -> ObjectValue {
        make(type: type) { out in
            for i in 0..<min(fields.count, out.count) { out[i] = fields[i] }
        }
    }

    /// An object from field names; unknown names are ignored.
    package static func make(type: ObjectType, values: [String: Value]) -> ObjectValue {
        make(type: type, fields: type.fields.map { values[$0.name] })
    }

    /// An object whose fields `fill` writes in place (every field starts unset).
    package static func make(type: ObjectType, filling fill: (UnsafeMutableBufferPointer<Value?>) -> Void) -> ObjectValue {
        let count = type.fields.count
        let made = Storage(bufferClass: ObjectValue.self, minimumCapacity: count) { _, _ in
            ObjectHeader(type: type, fieldCount: count)
        }
        made.withUnsafeMutablePointerToElements { p in
            p.initialize(repeating: nil, count: count)
            fill(UnsafeMutableBufferPointer(start: p, count: count))
        }
        return unsafeDowncast(made.buffer, to: ObjectValue.self)
    }

    /// The object in `slot`, its fields unset and written again by `fill`, when nothing but
    /// `slot` holds it and it is of `type`; otherwise a new object (as ``make(type:filling:)``
    /// makes it), left in `slot`. For a reader that keeps the objects it made and reads
    /// seller after seller: once the last seller's values are let go, its objects are filled
    /// again instead of freed and allocated. An object refilled was seen by no one else, so
    /// it is immutable to every holder it has.
    package static func refill(_ slot: inout ObjectValue?, type: ObjectType,
                               filling fill: (UnsafeMutableBufferPointer<Value?>) -> Void) -> ObjectValue {
        if isKnownUniquelyReferenced(&slot), let object = slot, object.type === type {
            object.storage.withUnsafeMutablePointers { header, fields in
                let count = header.pointee.fieldCount
                for i in 0..<count {  // every field unset again, as a new object's are
                    if ObjectValue.ownsNoReference(fields[i]) {
                        (fields + i).initialize(to: nil)  // nothing to release
                    } else {
                        fields[i] = nil
                    }
                }
                fill(UnsafeMutableBufferPointer(start: fields, count: count))
            }
            return object
        }
        let made = make(type: type, filling: fill)
        slot = made
        return made
    }

    /// Whether a field's value holds no reference (nothing, null, a bool or a number): it
    /// needs no destroying. Only its tag is read.
    @inline(__always)
    static func ownsNoReference(_ field: Value?) -> Bool {
        switch field {
        case nil, .null?, .bool?, .int?, .uint?, .double?: return true
        default: return false
        }
    }

    deinit {
        // Field by field, each destroyed by code specialised for values: `deinitialize(count:)`
        // hands the buffer to the runtime's generic array destroy, which goes through the
        // optional's and the value's value witnesses (about 70 instructions a field).
        // A field holding a number, a bool, null or nothing owns no reference: only the tag is
        // read (most of a listing's fields), and only the others are destroyed.
        storage.withUnsafeMutablePointers { header, fields in
            for i in 0..<header.pointee.fieldCount where !ObjectValue.ownsNoReference(fields[i]) {
                _ = (fields + i).move()
            }
            header.deinitialize(count: 1)
        }
    }

    /// Field `i`'s value (`nil` when it is not set, or past the last field).
    @inline(__always)
    package subscript(i: Int) -> Value? {
        let s = storage
        guard i >= 0, i < s.header.fieldCount else { return nil }
        return s.withUnsafeMutablePointerToElements { $0[i] }
    }

    /// Field `i`'s int, read in place (nil when it is not set, holds anything else, or is
    /// past the last field): no copy of the value, as the subscript makes.
    @inline(__always)
    package func int(at i: Int) -> Int64? { bits(at: i, kind: 0).map { Int64(bitPattern: $0) } }

    /// Field `i`'s double, read in place as ``int(at:)`` reads an int.
    @inline(__always)
    package func double(at i: Int) -> Double? { bits(at: i, kind: 1).map { Double(bitPattern: $0) } }

    /// The bits of field `i` when it holds an int (`kind` 0), a double (1) or a bool (2),
    /// read in place; nil for anything else (``ScalarCode``'s registers).
    @inline(__always)
    package func bits(at i: Int, kind: UInt8) -> UInt64? {
        let s = storage
        guard i >= 0, i < s.header.fieldCount else { return nil }
        return s.withUnsafeMutablePointerToElements { fields in
            switch fields[i] {
            case .int(let x)?: return kind == 0 ? UInt64(bitPattern: x) : nil
            case .double(let x)?: return kind == 1 ? x.bitPattern : nil
            case .bool(let b)?: return kind == 2 ? (b ? 1 : 0) : nil
            default: return nil
            }
        }
    }

    /// The field values, by declared field index, as an array (a copy: for cold paths).
    package var fields: [Value?] {
        let count = fieldCount
        return storage.withUnsafeMutablePointerToElements { Array(UnsafeBufferPointer(start: $0, count: count)) }
    }
}
