// ItemTailJSONTests.swift — a checklist entry's members from `status` on, copied from text
// cut once per rule set around the due date and the progress, are the bytes the entry's
// writer gives: over every status, `checked` and a range of progresses (none, thousandths,
// odd ones written as doubles), compact and indented at the depths results are written at;
// a due date that is not one (a character to escape) is escaped, and a stream the text was
// not made for, or another due day, is left to the writer.

@_spi(Streaming) import CoachJSON
import CoachRules
import Testing
@testable import CoachEngine

@Suite struct ItemTailJSONTests {
    static let links = [
        LearnLink(id: "a", title: "Quotes \" and \\ and é", url: "https://example.com/a", kind: "guide", minutes: 6),
        LearnLink(id: "b", title: "B", url: "https://example.com/b", kind: "video", minutes: nil),
    ]
    static let progresses: [Double?] = [nil, 0, 0.001, 0.25, 0.5, 0.999, 1, 1.5, -0.25, .nan, -0.0, 0.1235, 1e-7]

    /// The members as the writer writes them after a head, and as the cached text does.
    static func both(_ tail: ItemTailJSON, _ v: (indent: Int?, depth: Int), status: ItemStatus, due: String, dueDay: Int,
                     progress: Double?, checked: Bool, learn: [LearnLink], cache: LinksCache) -> (writer: [UInt8], cached: [UInt8]?) {
        func stream() -> JSONStream {
            var s = JSONStream(membersAtDepth: v.depth, indent: v.indent)
            s.key("id")
            s.string("x")
            return s
        }
        var w = stream()
        ChecklistEntry.writeTail(status: status, due: due, dueDay: dueDay, progress: progress, addedBy: nil, checked: checked,
                                 markedDone: nil, learn: learn, learnJSON: cache, to: &w)
        var c = stream()
        let wrote = tail.write(status: status, due: due, dueDay: dueDay, progress: progress, checked: checked, to: &c)
        return (w.bytes, wrote ? c.bytes : nil)
    }

    @Test("the cached members are the writer's", arguments: [[], ItemTailJSONTests.links])
    func sameAsWriter(_ learn: [LearnLink]) throws {
        let cache = LinksCache(learn.isEmpty ? nil : LinksJSON(learn))
        let tail = try #require(ItemTailJSON(dueDay: 30, learn: learn, learnJSON: cache))
        var compared = 0
        for v in PrewrittenJSON.variants {
            for status in ItemStatus.allCases {
                for checked in [false, true] {
                    for progress in Self.progresses {
                        let (writer, cached) = Self.both(tail, v, status: status, due: "2026-10-27", dueDay: 30, progress: progress,
                                                         checked: checked, learn: learn, cache: cache)
                        #expect(cached == writer, "\(v) \(status) \(checked) \(String(describing: progress))")
                        compared += 1
                    }
                }
            }
        }
        #expect(compared == 3 * 4 * 2 * Self.progresses.count)
    }

    @Test("a due text that is not a date is escaped as the writer escapes it")
    func escapedDue() throws {
        let tail = try #require(ItemTailJSON(dueDay: 30, learn: [], learnJSON: LinksCache()))
        for due in ["2026-10-2\"", "line\nbreak", "é", ""] {
            let (writer, cached) = Self.both(tail, (nil, 3), status: .open, due: due, dueDay: 30, progress: nil, checked: false,
                                             learn: [], cache: LinksCache())
            #expect(cached == writer, "\(due)")
        }
    }

    @Test("another due day, or a stream the text was not made for, is left to the writer")
    func notCached() throws {
        let tail = try #require(ItemTailJSON(dueDay: 30, learn: [], learnJSON: LinksCache()))
        var s = JSONStream(membersAtDepth: 3, indent: nil)
        s.key("id")
        s.string("x")
        let before = s.bytes
        #expect(!tail.write(status: .open, due: "2026-10-27", dueDay: 31, progress: nil, checked: false, to: &s))
        #expect(s.bytes == before)
        var deep = JSONStream(membersAtDepth: 5, indent: 2)
        deep.key("id")
        deep.string("x")
        let deepBefore = deep.bytes
        #expect(!tail.write(status: .open, due: "2026-10-27", dueDay: 30, progress: nil, checked: false, to: &deep))
        #expect(deep.bytes == deepBefore)
    }
}
