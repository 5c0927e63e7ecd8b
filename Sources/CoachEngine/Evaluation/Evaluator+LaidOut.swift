// Evaluator+LaidOut.swift — the escalations and the held-back rules of an indented result,
// laid out from texts made once for the result's indentation and depth (each key with the
// punctuation, line break and indentation before it), not written member by member through
// the stream: the bytes ``Escalation/write(to:)`` and ``Suppression/write(to:)`` write.

@_spi(Streaming) import CoachJSON
import CoachRules

extension Evaluator {
    static let escalationKeys: [StaticString] = ["id", "to", "also", "severity", "priority", "reason", "notice", "talking_points"]
    static let suppressionKeys: [StaticString] = ["id", "reason", "by", "detail"]
    static let datedKeys: [StaticString] = ["id", "at"]

    /// `escalations` and `suppressed` as ``Recommendations/writeHeldBack(_:_:to:)`` writes
    /// them, into an indented stream.
    func writeHeldBackIndented(_ escalations: [Escalation], _ suppressed: [Suppression], to s: inout JSONStream) {
        let indent = s.indentation ?? 0
        s.key("escalations"); s.beginArray()
        if !escalations.isEmpty {
            let texts = escalationLayout.texts(indent: indent, depth: s.openContainers)
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
        s.endArray()
        s.key("suppressed"); s.beginArray()
        if !suppressed.isEmpty {
            let texts = suppressionLayout.texts(indent: indent, depth: s.openContainers)
            for n in suppressed.indices {
                // Each member read from the list in place (a copy of the entry counted its texts).
                s.beginLaidOutValue()
                s.put(texts[0]); s.putQuoted(suppressed[n].id)
                s.put(texts[1]); s.putQuoted(suppressed[n].reason.rawValue)
                s.put(texts[2]); s.putQuoted(suppressed[n].by)
                s.put(texts[3]); s.putQuoted(suppressed[n].detail)
                s.put(texts.end)
            }
        }
        s.endArray()
    }

}

/// The texts around the members of one kind of object laid out in indented results (each
/// key's, with what comes before it; the object's end; for objects with a list member, a
/// list's first and next elements' starts and its end), made for the last indentation and
/// depth asked, and kept while the next result asks the same (the usual case: one evaluator
/// writes one kind of result).
final class KeyLayout {
    private let keys: [StaticString]
    private let lists: Bool
    private let text = ByteBuffer(capacity: 256)
    private var ends: [Int] = []
    private var madeFor: (indent: Int, depth: Int)?

    init(_ keys: [StaticString], lists: Bool) {
        self.keys = keys
        self.lists = lists
    }

    /// The texts for objects that are elements of an array at `depth`, indented by `indent`.
    func texts(indent: Int, depth: Int) -> LaidOutKeys {
        if madeFor == nil || madeFor?.indent != indent || madeFor?.depth != depth {
            make(indent: indent, depth: depth)
        }
        return LaidOutKeys(text: text.view, ends: ends, keys: keys.count)
    }

    private func make(indent: Int, depth: Int) {
        text.truncate(to: 0)
        ends.removeAll(keepingCapacity: true)
        let members = max(0, indent &* (depth &+ 1)), closing = max(0, indent &* depth)
        for (k, key) in keys.enumerated() {
            Evaluator.put(k == 0 ? "{\n" : ",\n", to: text)
            Evaluator.putSpaces(members, to: text)
            text.put(UInt8(ascii: "\""))
            text.put(UnsafeBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
            Evaluator.put("\": ", to: text)
            ends.append(text.written)
        }
        Evaluator.put("\n", to: text)
        Evaluator.putSpaces(closing, to: text)
        Evaluator.put("}", to: text)
        ends.append(text.written)
        if lists {  // the elements of a list member, one level further in, and its closing
            for first in [true, false] {
                Evaluator.put(first ? "\n" : ",\n", to: text)
                Evaluator.putSpaces(members &+ indent, to: text)
                ends.append(text.written)
            }
            Evaluator.put("\n", to: text)
            Evaluator.putSpaces(members, to: text)
            Evaluator.put("]", to: text)
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
