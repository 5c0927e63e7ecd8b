// JSONStream.swift — reads a stream of JSON texts (one after another) into comparable values.

import Foundation

/// A JSON value for comparing in tests: numbers compare by value (JSON does not tell
/// 1 from 1.0), objects compare without regard to key order.
package indirect enum TestJSON: Equatable, CustomStringConvertible {
    case null, bool(Bool), number(Double), string(String), array([TestJSON]), object([String: TestJSON])

    /// Converts a Foundation JSON object.
    package init(foundation value: Any) {
        switch value {
        case is NSNull: self = .null
        case let n as NSNumber:
            if String(describing: type(of: n)).contains("Bool") { self = .bool(n.boolValue) } else { self = .number(n.doubleValue) }
        case let s as String: self = .string(s)
        case let a as [Any]: self = .array(a.map { TestJSON(foundation: $0) })
        case let o as [String: Any]: self = .object(o.mapValues { TestJSON(foundation: $0) })
        default: self = .string("\(value)")
        }
    }

    package static func == (a: TestJSON, b: TestJSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case let (.bool(x), .bool(y)): return x == y
        case let (.number(x), .number(y)): return x == y || (x.isNaN && y.isNaN)
        case let (.string(x), .string(y)): return x == y
        case let (.array(x), .array(y)): return x == y
        case let (.object(x), .object(y)): return x == y
        default: return false
        }
    }

    package var description: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return "\(b)"
        case .number(let d): return "\(d)"
        case .string(let s): return "\"\(s)\""
        case .array(let a): return "[" + a.map(\.description).joined(separator: ", ") + "]"
        case .object(let o): return "{" + o.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
        }
    }

    /// Parses a stream of JSON texts written one after another, as the YAML test suite
    /// gives one JSON text per YAML document.
    package static func parseStream(_ text: String) throws -> [TestJSON] {
        try splitStream(text).map { chunk in
            TestJSON(foundation: try JSONSerialization.jsonObject(with: Data(chunk.utf8), options: [.fragmentsAllowed]))
        }
    }

    /// Splits a stream of JSON texts into one string per text.
    static func splitStream(_ text: String) -> [String] {
        let s = Array(text.unicodeScalars)
        var chunks: [String] = []
        var i = 0
        func isSpace(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\n" || c == "\t" || c == "\r" }
        while i < s.count {
            while i < s.count, isSpace(s[i]) { i += 1 }
            guard i < s.count else { break }
            let start = i
            if s[i] == "{" || s[i] == "[" {
                var depth = 0
                var inString = false
                while i < s.count {
                    let c = s[i]
                    if inString {
                        if c == "\\" { i += 1 } else if c == "\"" { inString = false }
                    } else if c == "\"" { inString = true }
                    else if c == "{" || c == "[" { depth += 1 }
                    else if c == "}" || c == "]" { depth -= 1; if depth == 0 { i += 1; break } }
                    i += 1
                }
            } else if s[i] == "\"" {
                i += 1
                while i < s.count, s[i] != "\"" { if s[i] == "\\" { i += 1 }; i += 1 }
                i += 1
            } else {
                while i < s.count, !isSpace(s[i]) { i += 1 }
            }
            var chunk = String.UnicodeScalarView()
            chunk.append(contentsOf: s[start..<min(i, s.count)])
            chunks.append(String(chunk))
        }
        return chunks
    }
}
