// Evaluator+LaidOut.swift — the escalations and held-back rules of a result laid out from
// texts made once for the result's indentation and depth (each key with the punctuation, line
// break and indentation before it), not written member by member through the stream; the
// held-back rules written from their records, not made as values first. The bytes
// ``Escalation/write(to:)`` and ``Suppression/write(to:)`` write (indented; on one line, the
// held-back rules and their one-line writer's).

@_spi(Streaming) import CoachJSON
import CoachRules

extension JSONStream {
    /// Texts known when compiled with names escaped between them (`first`, `a`, `between`,
    /// `b`, `last`; `b` nil: `first`, `a`, `between` only), as one JSON string's text when the
    /// first and last hold its quotes.
    mutating func putPieces(_ first: StaticString, _ a: String, _ between: StaticString, _ b: String?, _ last: StaticString?) {
        put(first)
        putEscaped(a)
        put(between)
        if let b { putEscaped(b) }
        if let last { put(last) }
    }
}

extension Evaluator {
    static let escalationKeys: [StaticString] = ["id", "to", "also", "severity", "priority", "reason", "notice", "talking_points"]
    static let suppressionKeys: [StaticString] = ["id", "reason", "by", "detail"]
    static let datedKeys: [StaticString] = ["id", "at"]

    /// `escalations` and the held-back rules as ``Recommendations/writeHeldBack(_:_:to:)``
    /// writes them with ``suppressedList()``.
    func writeHeldBack(_ escalations: [Escalation], to s: inout JSONStream) {
        s.key("escalations"); s.beginArray()
        if s.isOneLine {
            Escalation.writeOnOneLine(escalations, to: &s)
        } else if !escalations.isEmpty {
            writeEscalationsIndented(escalations, to: &s)
        }
        s.endArray()
        s.key("suppressed"); s.beginArray()
        if !suppressions.isEmpty { writeSuppressed(to: &s) }
        s.endArray()
    }

    /// The escalations, elements of the array just begun in an indented stream.
    private func writeEscalationsIndented(_ escalations: [Escalation], to s: inout JSONStream) {
        let texts = escalationLayout.texts(indent: s.indentation, depth: s.openContainers)
        for e in escalations {
            s.beginLaidOutValue()
            s.put(texts[0]); s.putQuoted(e.id)
            s.put(texts[1]); s.putQuoted(e.to)
            s.put(texts[2]); s.putQuoted(e.also)
            s.put(texts[3]); s.putQuoted(e.severity.rawValue)
            s.put(texts[4]); s.putInt(e.priority)
            s.put(texts[5]); s.putQuoted(e.reason)
            s.put(texts[6]); s.putQuoted(e.notice)
            s.put(texts[7])
            if e.talkingPoints.isEmpty {
                s.put("[]")
            } else {
                s.put("[")
                for (k, p) in e.talkingPoints.enumerated() {
                    s.put(k == 0 ? texts.firstElement : texts.nextElement)
                    s.putQuoted(p)
                }
                s.put(texts.listEnd)
            }
            s.put(texts.end)
        }
    }

    /// The held-back rules, elements of the array just begun, as ``suppressedList()`` makes
    /// them, written from the records: ids and the limits' details quoted when the rule set
    /// loaded, the groups' and inhibitions' details written in pieces (escaped piece by piece,
    /// which is the whole escaped), the rarer details made as text by ``detail(_:)``.
    func writeSuppressed(to s: inout JSONStream) {
        let texts = suppressionLayout.texts(indent: s.indentation, depth: s.openContainers)
        let rules = ruleSet.rules, ids = plan.quotedRuleIDs
        // By id; a rule held back twice in the order it was met (as ``suppressedList()``):
        // sorted in place in an array kept from one seller to the next (n log n, for a rule set
        // holding back thousands of rules).
        suppressedOrder.removeAll(keepingCapacity: true)
        suppressedOrder.append(contentsOf: suppressions.indices)
        let rank = plan.idRank, records = suppressions
        suppressedOrder.sort { (rank[records[$0].rule], $0) < (rank[records[$1].rule], $1) }
        for n in suppressedOrder {
            let r = suppressions[n]
            s.beginLaidOutValue()
            s.put(texts[0]); ids.put(r.rule, to: &s)
            s.put(texts[1]); s.put(r.kind.reason.jsonText)
            s.put(texts[2])
            if r.by >= 0 { ids.put(r.by, to: &s) } else { s.put("null") }
            s.put(texts[3])
            let by = r.by >= 0 ? rules[r.by].id : ""
            switch r.kind {
            case .areaLimit: plan.quotedLimitDetails.put(r.rule, to: &s)
            case .totalLimit: plan.quotedLimitDetails.put(rules.count, to: &s)
            case .group: s.putPieces("\"group '", rules[r.rule].group ?? "", "': '", by, "' ranks higher\"")
            case .inhibitedRule: s.putPieces("\"held back while '", by, "' fires\"", nil, nil)
            case .inhibitedArea: s.putPieces("\"area '", rules[r.rule].area, "' is held back while '", by, "' fires\"")
            default: s.putQuoted(detail(r))
            }
            s.put(texts.end)
        }
    }
}

/// The texts around the members of one kind of object laid out in results, indented or on
/// one line (each key's, with what comes before it; the object's end; for objects with a list
/// member, a list's first and next elements' starts and its end), made for the last
/// indentation and depth asked, and kept while the next result asks the same (the usual case:
/// one evaluator writes one kind of result).
final class KeyLayout {
    private let keys: [StaticString]
    private let lists: Bool
    private let text = ByteBuffer(capacity: 256)
    private var ends: [Int] = []
    private var madeFor: (indent: Int?, depth: Int)?

    init(_ keys: [StaticString], lists: Bool) {
        self.keys = keys
        self.lists = lists
    }

    /// The texts for objects that are elements of an array at `depth`, indented by `indent`
    /// (nil: on one line).
    func texts(indent: Int?, depth: Int) -> LaidOutKeys {
        if madeFor == nil || madeFor?.indent != indent || madeFor?.depth != depth {
            make(indent: indent, depth: depth)
        }
        return LaidOutKeys(text: text.view, ends: ends, keys: keys.count)
    }

    /// The texts written by the stream itself, the values null, and cut around the values: they
    /// cannot differ from what the stream writes member by member.
    private func make(indent: Int?, depth: Int) {
        let null = "null".utf8.count
        var pieces: [[UInt8]] = []
        var s = JSONStream(membersAtDepth: depth, indent: indent)
        s.beginObject()
        var from = s.bytes.count - 1  // the `{`: what comes before it is the array's
        for key in keys {
            s.key(key)
            pieces.append(Array(s.bytes[from...]))
            s.null()
            from = s.bytes.count
        }
        s.endObject()
        pieces.append(Array(s.bytes[from...]))
        if lists {  // a list member's elements' starts (null elements cut off) and its end
            var l = JSONStream(membersAtDepth: depth &+ 1, indent: indent)
            l.key("list")
            l.beginArray()
            for _ in 0..<2 {
                let at = l.bytes.count
                l.null()
                pieces.append(Array(l.bytes[at..<(l.bytes.count - null)]))
            }
            let at = l.bytes.count
            l.endArray()
            pieces.append(Array(l.bytes[at...]))
        }
        text.truncate(to: 0)
        ends.removeAll(keepingCapacity: true)
        for piece in pieces {
            piece.withUnsafeBufferPointer { text.put($0) }
            ends.append(text.written)
        }
        madeFor = (indent, depth)
    }
}

/// Texts made by ``KeyLayout/texts(indent:depth:)``: each key's, the object's end, and (for
/// objects with a list member) a list's first and next elements' starts and its end. Valid
/// while its layout is not asked for another indentation or depth.
struct LaidOutKeys {
    let text: UnsafeBufferPointer<UInt8>
    let ends: [Int]
    let keys: Int

    @inline(__always)
    private func piece(_ n: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: text[(n == 0 ? 0 : ends[n - 1])..<ends[n]])
    }

    /// Key `k`'s text, with what comes before it.
    @inline(__always)
    subscript(_ k: Int) -> UnsafeBufferPointer<UInt8> { piece(k) }
    var end: UnsafeBufferPointer<UInt8> { piece(keys) }
    var firstElement: UnsafeBufferPointer<UInt8> { piece(keys &+ 1) }
    var nextElement: UnsafeBufferPointer<UInt8> { piece(keys &+ 2) }
    var listEnd: UnsafeBufferPointer<UInt8> { piece(keys &+ 3) }
}
