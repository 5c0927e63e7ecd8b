// ItemEntryJSON.swift — a checklist entry's whole JSON, for the common entry (not added by a
// rule, not marked done by the host): the same for every seller shown the item but for its
// title (when the title reads the seller's values), status, due date, progress and `checked`,
// so written once per rule set for each layout results are written in, and copied into each
// result around those few values. An entry written from it costs a handful of copies, not
// the object's opening and closing, its head and its tail written one after the other.

@_spi(Streaming) import CoachJSON

/// One item's entry from its `{` to its `}`, cut around the title (when it is the seller's),
/// the due date and the progress. Sendable: its memory is written once, in `init`, and only
/// read after.
final class ItemEntryJSON: @unchecked Sendable {
    /// The due day the text holds (the item's phase's last day).
    let dueDay: Int
    /// Whether the text holds the title (the same for every seller).
    let holdsTitle: Bool
    /// Per variant (``PrewrittenJSON/variants``), ``piecesPerVariant`` pieces: before the
    /// title's value (empty when the text holds the title), before the due date for each
    /// status (in ``ItemStatus/allCases`` order), between the due date and the progress,
    /// and after the progress for `checked` false and true (to the closing `}`).
    private let pieces: TextPieces
    static let piecesPerVariant = 8

    /// The text the entry writers write for an item with these members (`title` nil: the
    /// seller's), cut where the seller's values go: the writers themselves write it, so the
    /// text cannot differ from what they write. Nil when it cannot be cut so (it always can).
    init?(id: String, playbook: String, phase: String, title: String?, dueDay: Int, learn: [LearnLink], learnJSON: LinksCache) {
        self.dueDay = dueDay
        holdsTitle = title != nil
        var all: [[UInt8]] = []
        for v in PrewrittenJSON.variants {
            guard let cut = ItemEntryJSON.cut(v, id: id, playbook: playbook, phase: phase, title: title, dueDay: dueDay,
                                              learn: learn, learnJSON: learnJSON) else { return nil }
            all += cut
        }
        pieces = TextPieces(all)
    }

    /// Values no entry holds together with the others, to cut the text at.
    private static let titleMarker = "\u{1}title\u{1}", dueMarker = "0000-00-00", progressMarker = 0.123

    /// An entry as the writers write it, from its `{` on, as an element of the checklist in a
    /// stream of variant `v`; and where in it the title member begins and ends.
    static func written(_ v: (indent: Int?, depth: Int), id: String, playbook: String, phase: String, title: String,
                        status: ItemStatus, due: String, dueDay: Int, progress: Double?, checked: Bool,
                        learn: [LearnLink], learnJSON: LinksCache) -> (text: [UInt8], title: Range<Int>) {
        var s = JSONStream(membersAtDepth: v.depth - 1, indent: v.indent)
        s.beginObject()
        let start = s.bytes.count - 1  // the `{`: what comes before it is the array's
        ItemHeadJSON.write(id: id, playbook: playbook, phase: phase, to: &s)
        let titleStart = s.bytes.count - start
        ItemHeadCache.writeTitle(.text(title), to: &s)
        let titleEnd = s.bytes.count - start
        ChecklistEntry.writeTail(status: status, due: due, dueDay: dueDay, progress: progress, addedBy: nil, checked: checked,
                                 markedDone: nil, learn: learn, learnJSON: learnJSON, to: &s)
        s.endObject()
        return (Array(s.bytes[start...]), titleStart..<titleEnd)
    }

    /// Variant `v`'s pieces, in ``pieces``' order; nil when a text does not cut as expected.
    private static func cut(_ v: (indent: Int?, depth: Int), id: String, playbook: String, phase: String, title: String?,
                            dueDay: Int, learn: [LearnLink], learnJSON: LinksCache) -> [[UInt8]]? {
        let quotedTitle: [UInt8] = {
            var s = JSONStream(indent: nil)
            s.string(titleMarker)
            return s.bytes
        }()
        let quotedDue = Array("\"\(dueMarker)\"".utf8), progressText = Array("0.123".utf8)
        var head: [UInt8]?, beforeDue: [[UInt8]] = [], middle: [UInt8]?, after: [[UInt8]?] = [nil, nil]
        // Every status unchecked, and one checked (a done item's: `checked` is written after
        // the progress, so it changes the last piece alone).
        for status in ItemStatus.allCases {
            for checked in status == .done ? [false, true] : [false] {
                let (text, titleMember) = written(v, id: id, playbook: playbook, phase: phase, title: title ?? titleMarker,
                                                  status: status, due: dueMarker, dueDay: dueDay, progress: progressMarker,
                                                  checked: checked, learn: learn, learnJSON: learnJSON)
                // The title's value ends its member; the due date and the progress are found
                // after it, each the first after the one before (between them only keys and the
                // status), whatever the id, the phase or the title hold. When the text holds the
                // title, all of it up to the due date is one piece; else the title's value is cut
                // out of it.
                var beforeStart = 0, thisHead: [UInt8] = []
                if title == nil {
                    guard let t = PrewrittenJSON.find(quotedTitle, in: text, from: titleMember.lowerBound),
                          t.upperBound == titleMember.upperBound else { return nil }
                    thisHead = Array(text[..<t.lowerBound])
                    beforeStart = t.upperBound
                }
                guard let due = PrewrittenJSON.find(quotedDue, in: text, from: titleMember.upperBound),
                      let progress = PrewrittenJSON.find(progressText, in: text, from: due.upperBound) else { return nil }
                let pieces = (head: thisHead, before: Array(text[beforeStart..<due.lowerBound]),
                              middle: Array(text[due.upperBound..<progress.lowerBound]), after: Array(text[progress.upperBound...]))
                // Each piece must be the same whatever the values around it.
                guard head == nil || head == pieces.head, middle == nil || middle == pieces.middle,
                      after[checked ? 1 : 0] == nil || after[checked ? 1 : 0] == pieces.after else { return nil }
                head = pieces.head
                middle = pieces.middle
                after[checked ? 1 : 0] = pieces.after
                if checked {
                    guard beforeDue.last == pieces.before else { return nil }
                } else {
                    beforeDue.append(pieces.before)
                }
            }
        }
        guard let head, let middle, let unchecked = after[0], let checked = after[1], beforeDue.count == 4 else { return nil }
        return [head] + beforeDue + [middle, unchecked, checked]
    }

    /// Writes the entry as the next element of the checklist in `s`, a stream of variant `v`
    /// (``PrewrittenJSON/variants``, worked out once for all of a result's entries): `title` is
    /// the title's value as JSON (ignored when the text holds the title), `due` the due date
    /// quoted. The caller checks that the entry is a common one, due on ``dueDay``.
    @inline(__always)
    func write(title: UnsafeBufferPointer<UInt8>, status: ItemStatus, due: UnsafeBufferPointer<UInt8>, progress: Double?,
               checked: Bool, variant v: Int, to s: inout JSONStream) {
        let base = v &* ItemEntryJSON.piecesPerVariant
        s.beginLaidOutValue()
        if !holdsTitle {
            s.put(pieces[base])
            s.put(title)
        }
        s.put(pieces[base &+ 1 &+ status.pieceIndex])
        s.put(due)
        s.put(pieces[base &+ 5])
        if let progress {
            ChecklistEntry.progressText((progress * 1000).rounded(), general: { s.putDouble($0) }, digits: { s.put($0) })
        } else {
            s.put("null")
        }
        s.put(pieces[base &+ (checked ? 7 : 6)])
    }

    /// Whether `v` is a variant the text was written for.
    @inline(__always)
    static func has(variant v: Int) -> Bool { v >= 0 && v < PrewrittenJSON.variants.count }
}
