// JSONWriter.swift — writes JSON text deterministically: fixed key order, shortest
// round-trip numbers, and the same bytes for the same value every time.

/// Writes ``JSONValue``s (and pieces of JSON built by hand) as text.
///
/// Doubles use Swift's shortest round-trip form (`0.08`, not `0.08000000000000000166`);
/// integral doubles keep a `.0` so they read back as doubles. Strings escape `"`, `\`,
/// and control characters; everything else is written as UTF-8.
public struct JSONWriter: Sendable {
    /// Indentation per level; `nil` writes everything on one line.
    public var indent: Int?

    /// Creates a writer; `indent: nil` gives compact output.
    public init(indent: Int? = 2) { self.indent = indent }

    /// The JSON text of `value` (no trailing newline).
    public func write(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out, level: 0)
        return out
    }

    private func newline(_ out: inout String, _ level: Int) {
        guard let indent else { return }
        out += "\n"
        out += String(repeating: " ", count: indent * level)
    }

    private func write(_ value: JSONValue, into out: inout String, level: Int) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .uint(let u): out += String(u)
        case .double(let d): out += JSONWriter.number(d)
        case .string(let s): JSONWriter.appendQuoted(s, to: &out)
        case .array(let items):
            if items.isEmpty { out += "[]"; return }
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                newline(&out, level + 1)
                write(item, into: &out, level: level + 1)
            }
            newline(&out, level)
            out += "]"
        case .object(let pairs):
            if pairs.isEmpty { out += "{}"; return }
            out += "{"
            for (i, (key, item)) in pairs.enumerated() {
                if i > 0 { out += "," }
                newline(&out, level + 1)
                JSONWriter.appendQuoted(key, to: &out)
                out += indent == nil ? ":" : ": "
                write(item, into: &out, level: level + 1)
            }
            newline(&out, level)
            out += "}"
        }
    }

    /// A double as JSON: shortest round-trip digits, `.0` kept on integral values, and the
    /// strings `"NaN"`, `"Infinity"`, `"-Infinity"` for non-finite values.
    public static func number(_ d: Double) -> String {
        if d.isNaN { return "\"NaN\"" }
        if d.isInfinite { return d < 0 ? "\"-Infinity\"" : "\"Infinity\"" }
        return d.description
    }

    /// Appends `s` as a quoted JSON string.
    public static func appendQuoted(_ s: String, to out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// `s` as a quoted JSON string.
    public static func quoted(_ s: String) -> String {
        var out = ""
        appendQuoted(s, to: &out)
        return out
    }
}
