// JSONStreamLayoutTests.swift — the stream's keys, line breaks and indentation are the bytes
// the tree writer gives for the same value: at every indentation results may be written with
// (one line, none, odd widths, wide ones), in objects and arrays nested past the 64 levels the
// stream keeps in a word, with keys of every length its copy handles apart (1–3, 4–7, 8–16
// bytes, longer), empty containers among full ones.

@_spi(Streaming) import CoachJSON
import Testing

@Suite struct JSONStreamLayoutTests {
    /// Keys of each length the byte copy handles its own way.
    static let keys: [StaticString] = ["a", "abc", "abcd", "abcdefg", "abcdefgh", "sixteen-bytes-16", "seventeen-bytes-x",
                                       "a key much longer than any word of spaces"]

    /// Writes a value `levels` deep into `s` and returns the same value as a tree: each level
    /// an object of keys (the last one the next level, the others scalars and an empty
    /// container) or, every third level, an array.
    static func write(levels: Int, seed: Int, to s: inout JSONStream) -> JSONValue {
        if levels == 0 {
            s.int(seed)
            return .int(Int64(seed))
        }
        if levels % 3 == 0 {
            s.beginArray()
            s.string("x\(seed)")
            s.beginObject(); s.endObject()
            let inner = write(levels: levels - 1, seed: seed + 1, to: &s)
            s.endArray()
            return .array([.string("x\(seed)"), .object([]), inner])
        }
        s.beginObject()
        var members: [(String, JSONValue)] = []
        let count = 1 + (seed + levels) % keys.count
        for k in 0..<count {
            let key = keys[(seed + k) % keys.count]
            s.key(key)
            let name = key.withUTF8Buffer { String(decoding: $0, as: UTF8.self) }
            if k == count - 1 {
                members.append((name, write(levels: levels - 1, seed: seed + k, to: &s)))
            } else if k % 2 == 0 {
                s.null()
                members.append((name, .null))
            } else {
                s.beginArray(); s.endArray()
                members.append((name, .array([])))
            }
        }
        s.endObject()
        return .object(members)
    }

    @Test(arguments: [nil, 0, 1, 2, 3, 4, 9, 33] as [Int?], [1, 2, 5, 63, 64, 65, 70])
    func `keys and line breaks are the tree writer's at every indentation and depth`(indent: Int?, levels: Int) {
        var s = JSONStream(indent: indent, capacity: 16)  // small: the room grows under the keys too
        let value = Self.write(levels: levels, seed: levels, to: &s)
        var expected: [UInt8] = []
        JSONWriter(indent: indent).write(value, into: &expected)
        #expect(s.bytes == expected)
    }
}
