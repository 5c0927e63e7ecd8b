// Node+JSON.swift — a node tree as JSON, types kept: what `coach yaml --format json` prints.

import CoachJSON

extension Node {
    /// The node as JSON with its resolved types kept: integers as integers, floats as
    /// doubles (non-finite ones as `"NaN"`, `"Infinity"`, `"-Infinity"`), booleans, null,
    /// strings. Mapping keys that are not strings become their canonical text (`1`,
    /// `true`, `null`); a key that is itself a collection becomes its compact JSON text.
    public var json: JSONValue {
        switch content {
        case .scalar(let s): return s.value.json
        case .sequence(let items): return .array(items.map(\.json))
        case .mapping(let pairs): return .object(pairs.map { ($0.key.jsonKey, $0.value.json) })
        }
    }

    /// The text used for this node when it is a mapping key in JSON.
    public var jsonKey: String {
        switch content {
        case .scalar(let s):
            switch s.value {
            case .string(let text): return text
            case .null: return "null"
            case .bool(let b): return b ? "true" : "false"
            case .int(let i): return String(i)
            case .float(let d): return d.isNaN ? "NaN" : d.isInfinite ? (d < 0 ? "-Infinity" : "Infinity") : d.description
            }
        default:
            return JSONWriter(indent: nil).write(json)
        }
    }
}

extension ScalarValue {
    /// The value as JSON.
    public var json: JSONValue {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .double(d)
        case .string(let s): return .string(s)
        }
    }
}
