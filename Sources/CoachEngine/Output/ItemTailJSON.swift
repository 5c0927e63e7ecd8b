// ItemTailJSON.swift — a checklist entry's members after its head, for the common entry (not
// added by a rule, not marked done by the host): the same for every seller but for the status,
// the due date, the progress and `checked`, so written once per rule set, for the indents and
// depths results are written at, and copied into each result around the date and the progress.

@_spi(Streaming) import CoachJSON

/// One item's entry from `status` on, as JSON text cut around the due date and the progress:
/// before the date, per status, the status and the `due` key; between the two, `due_day` and
/// the `progress` key; after the progress, per `checked`, `added_by` to `learn`. Sendable:
/// its memory is written once, in `init`, and only read after.
final class ItemTailJSON: @unchecked Sendable {
    /// The due day the text holds (an item's phase's last day).
    let dueDay: Int
    /// The pieces, in plain memory this object owns (copying one out of an array per entry
    /// cost a reference count each): `beforeDue` for each variant (as
    /// ``PrewrittenJSON/variants``) and status, then `beforeProgress` for each variant, then
    /// `afterProgress` for each variant and `checked`.
    private let pieces: TextPieces
    private static let statuses = 4

    /// The text of the members ``ChecklistEntry/writeTail(status:due:dueDay:progress:addedBy:checked:markedDone:learn:learnJSON:to:)``
    /// writes for an entry due on `dueDay` with these links, cut where the due date and the
    /// progress are: the writer itself writes it, so the text cannot differ from what it writes.
    /// Nil when it cannot be cut so (it always can).
    init?(dueDay: Int, learn: [LearnLink], learnJSON: LinksCache) {
        self.dueDay = dueDay
        var before: [[UInt8]] = [], between: [[UInt8]] = [], after: [[UInt8]] = []
        for v in PrewrittenJSON.variants {
            var checks: [[UInt8]] = [], middle: [UInt8] = []
            for (status, checked) in zip(ItemStatus.allCases, [true, false, false, false]) {
                guard let parts = ItemTailJSON.cut(v, status: status, checked: checked, dueDay: dueDay, learn: learn,
                                                   learnJSON: learnJSON) else { return nil }
                before.append(parts[0])
                middle = parts[1]
                if status == .done || status == .open { checks.append(parts[2]) }
            }
            guard checks.count == 2 else { return nil }
            between.append(middle)
            after.append(contentsOf: [checks[1], checks[0]])  // unchecked, checked
        }
        pieces = TextPieces(before + between + after)
    }

    /// A due date and a progress no result holds together with them, to cut the text at.
    private static let dueMarker = "0000-00-00", progressMarker = 0.123

    /// The members written after a first member, in a stream of variant `v`, in three parts:
    /// before the due date's quoted text, between it and the progress, after the progress.
    private static func cut(_ v: (indent: Int?, depth: Int), status: ItemStatus, checked: Bool, dueDay: Int,
                            learn: [LearnLink], learnJSON: LinksCache) -> [[UInt8]]? {
        var s = JSONStream(membersAtDepth: v.depth, indent: v.indent)
        s.key("id")
        s.string("x")
        let start = s.bytes.count
        ChecklistEntry.writeTail(status: status, due: dueMarker, dueDay: dueDay, progress: progressMarker, addedBy: nil,
                                 checked: checked, markedDone: nil, learn: learn, learnJSON: learnJSON, to: &s)
        let text = Array(s.bytes[start...])
        guard let due = PrewrittenJSON.find(Array("\"\(dueMarker)\"".utf8), in: text, from: 0),
              let progress = PrewrittenJSON.find(Array("0.123".utf8), in: text, from: due.upperBound) else { return nil }
        return [Array(text[..<due.lowerBound]), Array(text[due.upperBound..<progress.lowerBound]), Array(text[progress.upperBound...])]
    }

    /// Writes the members from `status` on into `s` (an entry whose head is written), when the
    /// text fits the stream and the entry (true); nothing otherwise (false).
    func write(status: ItemStatus, due: String, dueDay: Int, progress: Double?, checked: Bool, to s: inout JSONStream) -> Bool {
        guard let v = PrewrittenJSON.variant(for: s) else { return false }
        return write(status: status, due: due, dueDay: dueDay, progress: progress, checked: checked, variant: v, to: &s)
    }

    /// The same for a stream of variant `v` (``PrewrittenJSON/variants``, worked out once for
    /// all the entries of a result).
    func write(status: ItemStatus, due: String, dueDay: Int, progress: Double?, checked: Bool, variant v: Int,
               to s: inout JSONStream) -> Bool {
        guard dueDay == self.dueDay, v >= 0, v < PrewrittenJSON.variants.count else { return false }
        let variants = PrewrittenJSON.variants.count
        s.put(pieces[v &* ItemTailJSON.statuses &+ status.pieceIndex])
        ItemTailJSON.putQuoted(date: due, to: &s)
        s.put(pieces[variants &* ItemTailJSON.statuses &+ v])
        if let progress {
            ChecklistEntry.progressText((progress * 1000).rounded(), general: { s.putDouble($0) }, digits: { s.put($0) })
        } else {
            s.put("null")
        }
        s.put(pieces[variants &* (ItemTailJSON.statuses &+ 1) &+ v &* 2 &+ (checked ? 1 : 0)])
        return true
    }

    /// Writes a date quoted: copied as it is when every byte is a digit or `-` (a date as
    /// ``CivilDate/format(_:)`` writes it), escaped as any text otherwise.
    @inline(__always)
    private static func putQuoted(date: String, to s: inout JSONStream) {
        let copied = date.utf8.withContiguousStorageIfAvailable { text -> Bool in
            for c in text where c != UInt8(ascii: "-") && (c < UInt8(ascii: "0") || c > UInt8(ascii: "9")) { return false }
            s.put("\"")
            s.put(text)
            s.put("\"")
            return true
        }
        if copied != true { s.putQuoted(date) }
    }
}
