// JSONInput.swift — JSON snapshots through simdjson: bytes in, flattened nodes out.

import CoachJSONShim
import CoachSource

/// A parsed JSON document: simdjson's nodes, valid while the parser lives.
package struct JSONDocument: InputDocument {
    let nodes: UnsafeBufferPointer<coach_json_node>

    package var root: Int { 0 }

    package func kind(_ r: Int) -> InputKind {
        switch Int32(nodes[r].kind) {
        case Int32(COACH_JSON_NULL): return .null
        case Int32(COACH_JSON_FALSE), Int32(COACH_JSON_TRUE): return .bool
        case Int32(COACH_JSON_INT): return .int
        case Int32(COACH_JSON_UINT): return .uint
        case Int32(COACH_JSON_DOUBLE): return .double
        case Int32(COACH_JSON_STRING): return .string
        case Int32(COACH_JSON_ARRAY): return .array
        default: return .object
        }
    }

    package func bool(_ r: Int) -> Bool { Int32(nodes[r].kind) == Int32(COACH_JSON_TRUE) }
    package func int(_ r: Int) -> Int64 { nodes[r].i }
    package func uint(_ r: Int) -> UInt64 { nodes[r].u }
    package func double(_ r: Int) -> Double { nodes[r].d }

    package func string(_ r: Int) -> String {
        let n = nodes[r]
        guard let p = n.str else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: p, count: Int(n.str_len)), as: UTF8.self)
    }

    package func count(_ r: Int) -> Int { Int(nodes[r].count) }

    package func forEachElement(_ r: Int, _ body: (Int) -> Void) {
        var child = r + 1
        let end = Int(nodes[r].next)
        while child < end {
            body(child)
            child = Int(nodes[child].next)
        }
    }

    package func forEachMember(_ r: Int, _ body: (UnsafeRawBufferPointer, Int) -> Void) {
        var child = r + 1
        let end = Int(nodes[r].next)
        while child < end {
            let n = nodes[child]
            body(UnsafeRawBufferPointer(start: n.key, count: Int(n.key_len)), child)
            child = Int(n.next)
        }
    }

    package func location(_ r: Int) -> SourceLocation? { nil }
}

/// Owns a simdjson parser. One per thread (or per reader); not shared.
package final class JSONParserHandle {
    let parser: OpaquePointer?

    package init() { parser = coach_json_parser_new() }
    deinit { coach_json_parser_free(parser) }

    /// Parses `bytes` and calls `body` with the document; `nil` and a message on a syntax error.
    package func withDocument<T>(_ bytes: UnsafeRawBufferPointer, _ body: (JSONDocument) -> T) -> Result<T, JSONSyntaxError> {
        var nodes: UnsafePointer<coach_json_node>?
        var count = 0
        var message: UnsafePointer<CChar>?
        let code = coach_json_parse(parser, bytes.baseAddress?.assumingMemoryBound(to: CChar.self), bytes.count, &nodes, &count, &message)
        guard code == 0, let nodes, count > 0 else {
            return .failure(JSONSyntaxError(message: message.map { String(cString: $0) } ?? "invalid JSON",
                                            isNumber: coach_json_is_number_error(code) != 0))
        }
        return .success(body(JSONDocument(nodes: UnsafeBufferPointer(start: nodes, count: count))))
    }
}

/// simdjson's description of a syntax error.
package struct JSONSyntaxError: Error {
    package let message: String
    /// Whether a number could not be read (malformed, or too large for its kind).
    package let isNumber: Bool
}
