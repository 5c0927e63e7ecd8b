// Node+JSON.swift — a node tree as JSON, types kept: what `coach yaml --format json` prints.

@_spi(Streaming) import CoachJSON
import CoachSource

extension Node {
    /// The node as JSON with its resolved types kept: integers as integers, floats as
    /// doubles (non-finite ones as `"NaN"`, `"Infinity"`, `"-Infinity"`), booleans, null,
    /// strings. Mapping keys that are not strings become their canonical text (`1`,
    /// `true`, `null`); a key that is itself a collection becomes its compact JSON text.
    package var json: JSONValue {
        switch content {
        case .scalar(let s): return s.value.json
        case .sequence(let items): return .array(items.map(\.json))
        case .mapping(let pairs): return .object(pairs.map { ($0.key.jsonKey, $0.value.json) })
        }
    }

    /// The text used for this node when it is a mapping key in JSON.
    package var jsonKey: String {
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
    package var json: JSONValue {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let d): return .double(d)
        case .string(let s): return .string(s)
        }
    }
}

extension Node {
    /// Mappings where two different keys would be written as the same JSON key (`1` and
    /// `"1"`, `~` and `"null"`): JSON cannot keep both, so such a tree has no faithful JSON.
    /// One diagnostic per clash, at the second key, naming the first.
    package var jsonKeyClashes: [Diagnostic] {
        var out: [Diagnostic] = []
        var stack: [Node] = [self]
        while let node = stack.popLast() {
            switch node.content {
            case .scalar: break
            case .sequence(let items): stack.append(contentsOf: items)
            case .mapping(let pairs):
                var seen: [String: SourceLocation] = [:]
                for pair in pairs {
                    let key = pair.key.jsonKey
                    if let first = seen[key] {
                        out.append(.error("keys written differently both become \"\(key)\" in JSON", at: pair.key.location,
                                          hint: "write the keys so they differ as text (quote both, or rename one)",
                                          notes: [.init("the other one", at: first)], code: .yamlJsonKeyClash))
                    } else {
                        seen[key] = pair.key.location
                    }
                    stack.append(pair.value)
                }
            }
        }
        return out.sortedByLocation()
    }
}
