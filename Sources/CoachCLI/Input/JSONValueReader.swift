// JSONValueReader.swift — any JSON text into expression values, through the engine's simdjson
// parser: ints stay ints and doubles doubles exactly as written (`1` is an int, `1.0` a
// double), for `coach expr --vars` and the saved results `coach diff` reads.

import CoachEngine
import CoachExpr
import CoachSource

/// Reads JSON text into a ``Value``: objects become maps with string keys, arrays lists.
package enum JSONValueReader {
    /// The value of `text`, or a diagnostic (with its position for a syntax error) naming
    /// the input as `what`. An integer outside int64's range, a number beyond a double's,
    /// and a key given twice in one object are errors, never a silently different value.
    package static func read(_ text: String, what: String) throws(DiagnosticError) -> Value {
        let bytes = Array(text.utf8)
        let handle = JSONParserHandle()
        let result: Result<Result<Value, DiagnosticError>, JSONSyntaxError> = bytes.withUnsafeBytes { raw in
            handle.withDocument(raw) { doc in
                do throws(DiagnosticError) { return .success(try value(doc, doc.root, what)) } catch { return .failure(error) }
            }
        }
        switch result {
        case .success(let converted): return try converted.get()
        case .failure(let syntax):
            let located = JSONErrorLocator.locate(bytes)
            let location = located.map { SourceFile(path: what, text: text).location(atScalarOffset: $0.scalarOffset) }
            var message = located?.message ?? syntax.message
            if located == nil, syntax.isNumber { message = "a number is too large for a double" }
            throw DiagnosticError(.error("\(what) is not valid JSON: \(message)", at: location, hint: located?.hint, code: .jsonSyntax))
        }
    }

    static func value(_ doc: JSONDocument, _ r: Int, _ what: String) throws(DiagnosticError) -> Value {
        switch doc.kind(r) {
        case .null: return .null
        case .bool: return .bool(doc.bool(r))
        case .int: return .int(doc.int(r))
        case .uint:
            throw DiagnosticError(.error("\(what): \(doc.uint(r)) is outside the int range (-9223372036854775808 to 9223372036854775807)",
                                         hint: "write \(doc.uint(r)).0 for a double", code: .jsonRange))
        case .double:
            let d = doc.double(r)
            guard d.isFinite else { throw DiagnosticError(.error("\(what): a number is too large for a double", code: .jsonRange)) }
            return .double(d)
        case .string: return .string(doc.string(r))
        case .array:
            var items: [Value] = []
            var failure: DiagnosticError?
            doc.forEachElement(r) { child in
                guard failure == nil else { return }
                do throws(DiagnosticError) { items.append(try value(doc, child, what)) } catch { failure = error }
            }
            if let failure { throw failure }
            return .list(items)
        case .object:
            var pairs: [(MapKey, Value)] = []
            var seen = Set<String>()
            var failure: DiagnosticError?
            doc.forEachMember(r) { key, child in
                guard failure == nil else { return }
                let name = String(decoding: key, as: UTF8.self)
                guard seen.insert(name).inserted else {
                    failure = DiagnosticError(.error("\(what): the key \"\(name)\" is given twice", code: .jsonDuplicateKey))
                    return
                }
                do throws(DiagnosticError) { pairs.append((.string(name), try value(doc, child, what))) } catch { failure = error }
            }
            if let failure { throw failure }
            return .map(MapValue(pairs))
        }
    }
}
