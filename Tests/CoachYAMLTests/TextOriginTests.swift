// TextOriginTests.swift — offsets inside a scalar's value map to the right place in the file,
// whatever the scalar's style, so errors in embedded expressions point where the author typed.

import CoachSource
import CoachYAML
import Testing

@Suite struct TextOriginTests {
    /// Parses `yaml`, takes the scalar under `key`, and returns "line:column" of the
    /// character at the first occurrence of `needle` in its value.
    func position(_ yaml: String, key: String = "when", of needle: String) throws -> String {
        let node = try #require(try YAMLParser().parse(text: yaml, path: "r.yaml").first?[key])
        let text = try #require(node.scalar?.text)
        let range = try #require(text.range(of: needle))
        let offset = text.unicodeScalars.distance(from: text.unicodeScalars.startIndex, to: range.lowerBound)
        let origin = try #require(node.textOrigin())
        let l = origin.location(atOffset: offset)
        return "\(l.line):\(l.column)"
    }

    @Test func `plain scalar`() throws {
        #expect(try position("when: price_index > 1.15\n", of: ">") == "1:19")
    }

    @Test func `quoted scalars skip the quote`() throws {
        #expect(try position("when: \"price_index > 1.15\"\n", of: ">") == "1:20")
        #expect(try position("when: 'price_index > 1.15'\n", of: ">") == "1:20")
    }

    @Test func `escapes and doubled quotes are stepped over`() throws {
        #expect(try position("when: \"a == \\\"x\\\" && b\"\n", of: "&&") == "1:19")
        #expect(try position("when: 'a == ''x'' && b'\n", of: "&&") == "1:19")
    }

    @Test func `an escaped line break maps what follows to the next line`() throws {
        let yaml = "when: \"orders_30d >= 0 && \\\n       nosuch_a > 1\"\n"
        #expect(try position(yaml, of: "nosuch_a") == "2:8")
        #expect(try position(yaml, of: "&&") == "1:24")
        #expect(try position("when: \"a \\\n   b \\\n  \\\n c\"\n", of: "c") == "4:2")
    }

    @Test func `literal block lines map to their own lines`() throws {
        let yaml = "when: |\n  a > 1 &&\n  b < 2\n"
        #expect(try position(yaml, of: "b") == "3:3")
        #expect(try position(yaml, of: "&&") == "2:9")
    }

    @Test func `folded and multi-line plain scalars map across lines`() throws {
        #expect(try position("when: >\n  a > 1 &&\n  b < 2\n", of: "b") == "3:3")
        #expect(try position("when: a > 1 &&\n  b < 2\n", of: "b") == "2:3")
    }
}
