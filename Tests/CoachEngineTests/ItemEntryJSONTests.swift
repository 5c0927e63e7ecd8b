// ItemEntryJSONTests.swift — a checklist entry written whole from text cut once per rule set
// around the title, the due date and the progress is the bytes the entry's writers give: over
// every status, `checked` and a range of progresses, with a title the text holds and one given
// per seller (escaped characters in it), compact and indented at the depths results are
// written at, as the first element of the checklist and after another.

@_spi(Streaming) import CoachJSON
import CoachRules
import Testing
@testable import CoachEngine

@Suite struct ItemEntryJSONTests {
    /// The tail's test's links and progresses (escapes, none, thousandths, doubles).
    static let links = ItemTailJSONTests.links, progresses = ItemTailJSONTests.progresses
    static let titles = ["Have 10 listings live", "A \"quoted\" \\ title é \u{2028} \u{1}", ""]

    /// A checklist of two entries, the second the one under test, in a stream of variant `v`:
    /// written by the entry writers, and with the second entry written whole (nil when the
    /// text was not made).
    static func both(_ v: (indent: Int?, depth: Int), holdsTitle: Bool, title: String, status: ItemStatus, progress: Double?,
                     checked: Bool, learn: [LearnLink]) -> (writer: [UInt8], whole: [UInt8]?) {
        let cache = LinksCache(learn.isEmpty ? nil : LinksJSON(learn))
        let due = "2026-10-27"
        guard let entry = ItemEntryJSON(id: "ten-listings", playbook: "new-seller", phase: "days-1-30",
                                        title: holdsTitle ? title : nil, dueDay: 30, learn: learn, learnJSON: cache),
              let variant = PrewrittenJSON.variant(indent: v.indent, depth: v.depth) else { return ([], nil) }
        func checklist(_ second: (inout JSONStream) -> Void) -> [UInt8] {
            var s = JSONStream(membersAtDepth: v.depth - 2, indent: v.indent)
            s.key("checklist")
            s.beginArray()
            s.beginObject()
            s.key("id")
            s.string("first")
            s.endObject()
            second(&s)
            s.endArray()
            return s.bytes
        }
        let writer = checklist { s in
            s.beginObject()
            ItemHeadJSON.write(id: "ten-listings", playbook: "new-seller", phase: "days-1-30", to: &s)
            ItemHeadCache.writeTitle(.text(title), to: &s)
            ChecklistEntry.writeTail(status: status, due: due, dueDay: 30, progress: progress, addedBy: nil, checked: checked,
                                     markedDone: nil, learn: learn, learnJSON: cache, to: &s)
            s.endObject()
        }
        var quotedTitle = JSONStream(indent: nil)
        quotedTitle.string(holdsTitle ? "not used" : title)
        let titleJSON = quotedTitle.bytes, dueJSON = Array("\"\(due)\"".utf8)
        let whole = checklist { s in
            titleJSON.withUnsafeBufferPointer { t in
                dueJSON.withUnsafeBufferPointer { d in
                    entry.write(title: t, status: status, due: d, progress: progress, checked: checked, variant: variant, to: &s)
                }
            }
        }
        return (writer, whole)
    }

    @Test("an entry written whole is the writers' entry", arguments: [[], ItemEntryJSONTests.links])
    func sameAsWriters(_ learn: [LearnLink]) {
        var compared = 0
        for v in PrewrittenJSON.variants {
            for holdsTitle in [true, false] {
                for title in Self.titles {
                    for status in ItemStatus.allCases {
                        for checked in [false, true] {
                            for progress in Self.progresses {
                                let (writer, whole) = Self.both(v, holdsTitle: holdsTitle, title: title, status: status,
                                                                progress: progress, checked: checked, learn: learn)
                                #expect(whole != nil)
                                #expect(whole == writer, "\(v) \(holdsTitle) \(title) \(status) \(checked) \(String(describing: progress))")
                                compared += 1
                            }
                        }
                    }
                }
            }
        }
        #expect(compared == 3 * 2 * Self.titles.count * 4 * 2 * Self.progresses.count)
    }

    @Test func `an entry is written whole only for a stream its text was made for`() {
        #expect(ItemEntryJSON.has(variant: 0) && ItemEntryJSON.has(variant: 2))
        #expect(!ItemEntryJSON.has(variant: -1) && !ItemEntryJSON.has(variant: PrewrittenJSON.variants.count))
        #expect(PrewrittenJSON.variant(indent: 4, depth: 3) == nil && PrewrittenJSON.variant(indent: 2, depth: 5) == nil)
    }
}
