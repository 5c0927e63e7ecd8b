// JSONTapeTests.swift — JSON is read in place from simdjson's tape: every kind of value,
// nesting, empty containers, escapes, member order, and counts past the 2²⁴ − 1 the tape
// itself can hold.

import CoachEngine
import Foundation
import Testing

@Suite struct JSONTapeTests {
    /// The document as compact text in a fixed form, written from the tape.
    static func render(_ json: String) -> String? {
        let bytes = Array(json.utf8)
        let result = bytes.withUnsafeBytes { raw in
            JSONParserHandle().withDocument(raw) { doc in render(doc, doc.root) }
        }
        return try? result.get()
    }

    static func render(_ doc: JSONDocument, _ r: Int) -> String {
        switch doc.kind(r) {
        case .null: return "null"
        case .bool: return doc.bool(r) ? "true" : "false"
        case .int: return "i\(doc.int(r))"
        case .uint: return "u\(doc.uint(r))"
        case .double: return "d\(doc.double(r))"
        case .string: return "s<\(doc.string(r))>"
        case .array:
            var items: [String] = []
            doc.forEachElement(r) { items.append(render(doc, $0)) }
            return "[\(doc.count(r)):" + items.joined(separator: ",") + "]"
        case .object:
            var members: [String] = []
            doc.forEachMember(r) { key, value in members.append(String(decoding: key, as: UTF8.self) + "=" + render(doc, value)) }
            return "{\(doc.count(r)):" + members.joined(separator: ",") + "}"
        }
    }

    @Test(arguments: [
        ("null", "null"),
        ("[true, false]", "[2:true,false]"),
        ("0", "i0"),
        ("-9223372036854775808", "i-9223372036854775808"),
        ("9223372036854775808", "u9223372036854775808"),
        ("18446744073709551615", "u18446744073709551615"),
        ("1.5", "d1.5"),
        ("-2e-3", "d-0.002"),
        ("1.0", "d1.0"),
        (#""""#, "s<>"),
        (#""a\"b\\c\n\u00e9\ud83d\ude00""#, "s<a\"b\\c\n\u{E9}\u{1F600}>"),
        ("[]", "[0:]"),
        ("{}", "{0:}"),
        ("[[], {}, [[1]], {\"a\": {}}]", "[4:[0:],{0:},[1:[1:i1]],{1:a={0:}}]"),
        (#"{"b": 1, "a": [2, 3.5, "x"], "": null, "k\u0041": true}"#, "{4:b=i1,a=[3:i2,d3.5,s<x>],=null,kA=true}"),
        (#"[1, 2.0, 18446744073709551615, "s", [true], {"k": -1}]"#, "[6:i1,d2.0,u18446744073709551615,s<s>,[1:true],{1:k=i-1}]"),
    ])
    func `every kind of value reads back from the tape`(_ json: String, _ expected: String) {
        #expect(Self.render(json) == expected)
    }

    @Test func `a syntax error is refused, and the parser reads the next document afresh`() {
        let handle = JSONParserHandle()
        for (json, expected) in [("[1,", nil), ("{\"a\": [1, {\"b\": 2}]}", "{1:a=[2:i1,{1:b=i2}]}"), ("{\"a\" 1}", nil), ("7", "i7")] {
            let bytes = Array(json.utf8)
            let result = bytes.withUnsafeBytes { raw in handle.withDocument(raw) { doc in Self.render(doc, doc.root) } }
            #expect((try? result.get()) == expected, "\(json)")
        }
    }

    /// The tape holds a container's count in 24 bits; past that it says "saturated", and the
    /// reader counts. A snapshot's `delivered` list that long is refused with its real length.
    @Test func `counts past the tape's 24 bits are counted`() throws {
        let n = (1 << 24) + 5
        var json = [UInt8]("[".utf8)
        json.reserveCapacity(2 * n + 2)
        for i in 0..<n { json.append(UInt8(ascii: "0")); if i < n - 1 { json.append(UInt8(ascii: ",")) } }
        json.append(UInt8(ascii: "]"))
        let counted = json.withUnsafeBytes { raw in JSONParserHandle().withDocument(raw) { doc in doc.count(doc.root) } }
        #expect(try counted.get() == n)
    }
}
