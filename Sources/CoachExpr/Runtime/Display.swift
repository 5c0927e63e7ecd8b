// Display.swift — values as text for people (`coach expr`, messages): CEL literal syntax.

/// Formats values as CEL-like literal text.
package enum Display {
    /// A double as CEL's `string()` gives it: shortest round-trip digits, `1e+100` style exponents.
    package static func double(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        if d == d.rounded(), Swift.abs(d) < 1e15 {
            let i = Int64(d)
            return d == 0 && d.sign == .minus ? "-0" : String(i)
        }
        return d.description
    }

    /// The value in CEL literal syntax: `1`, `1u`, `1.5`, `"a"`, `b"\x00"`, `[1, 2]`, `{"k": 1}`;
    /// a list, map or object too large to write (``WritingBudget``) is said to be so instead.
    package static func text(_ v: Value) -> String {
        switch v {
        case .list, .map, .object:
            if WritingBudget.exceeded(by: v) { return WritingBudget.tooLarge(v) }
        default: break
        }
        return checkedText(v)
    }

    /// ``text(_:)`` of a value within the budget (so is each of its elements).
    private static func checkedText(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .uint(let u): return "\(u)u"
        case .double(let d):
            if d.isNaN { return "double(\"NaN\")" }
            if d.isInfinite { return d < 0 ? "double(\"-Infinity\")" : "double(\"Infinity\")" }
            let s = d.description
            return s
        case .string(let s):
            // Other control characters as \xHH, so a value cannot drive the terminal.
            var out = String.UnicodeScalarView()
            for c in Strings.quote(s).unicodeScalars {
                if c.value < 0x20 || c.value == 0x7F {
                    let hex = String(c.value, radix: 16)
                    out.append(contentsOf: ("\\x" + (hex.count == 1 ? "0" : "") + hex).unicodeScalars)
                } else {
                    out.append(c)
                }
            }
            return String(out)
        case .bytes(let b):
            var out = "b\""
            for x in b {
                if x >= 0x20 && x < 0x7F && x != 0x22 && x != 0x5C { out.unicodeScalars.append(Unicode.Scalar(x)) } else {
                    let h = String(x, radix: 16)
                    out += "\\x" + (h.count == 1 ? "0" + h : h)
                }
            }
            return out + "\""
        case .list(let items): return "[" + items.map(checkedText).joined(separator: ", ") + "]"
        case .map(let m): return "{" + m.entries.map { checkedText($0.key.value) + ": " + checkedText($0.value) }.joined(separator: ", ") + "}"
        case .object(let o):
            let fields = zip(o.type.fields, o.fields).compactMap { f, v in v.map { "\(f.name): \(checkedText($0))" } }
            return o.type.name + "{" + fields.joined(separator: ", ") + "}"
        case .type(let t): return t.runtimeName
        case .error(let e): return "error: " + e.message
        }
    }
}
