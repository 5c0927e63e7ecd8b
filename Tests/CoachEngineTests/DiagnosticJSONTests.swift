// DiagnosticJSONTests.swift — a diagnostic written straight into a stream (as results write
// theirs) is its JSON form written as a tree, byte for byte: every member present and absent,
// escapes, at every indent and one level deep.

@_spi(Streaming) import CoachJSON
import CoachSource
import Testing

@Suite struct DiagnosticJSONTests {
    static let file = SourceFile(path: "Rules/pricing \"x\".yaml", text: "a: 1\nb: [2, 3]\n")

    static var diagnostics: [Diagnostic] {
        let here = file.location(line: 2, column: 5)
        let there = file.location(line: 1, column: 1)
        let message = "a \"quoted\" name,\na new line, é and “curly” quotes \u{2028}"
        return [
            .error("plain", code: .ruleError),
            .warning(message, at: here, hint: "try \\this", code: .ruleTemplate),
            Diagnostic(.note, "about a file", code: .ruleSkipped).inFile("/tmp/u1.json"),
            .error("with notes", at: here, notes: [.init("first here", at: there), .init("no place")], code: .ruleError),
            .error("a note only", hint: "", notes: [.init("")], code: .itemError),
        ]
    }

    @Test func `a diagnostic written straight is its tree written`() {
        for indent in [nil, 2, 4] as [Int?] {
            for d in Self.diagnostics {
                var stream = JSONStream(indent: indent)
                d.write(to: &stream)
                #expect(String(decoding: stream.bytes, as: UTF8.self) == JSONWriter(indent: indent).write(d.json), "\(d.message)")
            }
            // All of them in a list, a member of an object: as a result holds them.
            var stream = JSONStream(indent: indent)
            stream.beginObject()
            stream.key("diagnostics")
            stream.beginArray()
            for d in Self.diagnostics { d.write(to: &stream) }
            stream.endArray()
            stream.endObject()
            let tree: JSONValue = .object([("diagnostics", .array(Self.diagnostics.map(\.json)))])
            #expect(String(decoding: stream.bytes, as: UTF8.self) == JSONWriter(indent: indent).write(tree))
        }
    }
}
