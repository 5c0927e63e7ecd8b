// SkippedJSON.swift — the layout of the skipped rules' entries in an indented result: the
// text around each rule's id and each missing signal's name is the same for every entry at a
// depth, so it is written once per rule set, by the entries' own writer, and cut around marker
// names; a result copies it around the ids and names quoted when the rule set loaded.

@_spi(Streaming) import CoachJSON

/// For each indented layout of ``PrewrittenJSON/variants``: the text before an entry's id (the
/// first entry's, and the others'), between the id and the first missing signal, between two
/// signals, and after the last. Sendable: written once, in `init`, and only read after.
final class SkippedJSON: Sendable {
    struct Layout: Sendable {
        let first: [UInt8]
        let next: [UInt8]
        let beforeSignals: [UInt8]
        let betweenSignals: [UInt8]
        let end: [UInt8]
    }

    /// Per variant; nil for the one-line one (laid out by the evaluator itself) and any the
    /// cut did not fit.
    private let layouts: [Layout?]

    init() {
        layouts = PrewrittenJSON.variants.map { v in v.indent == nil ? nil : SkippedJSON.layout(indent: v.indent, depth: v.depth) }
    }

    /// The layout for entries written into `s`, inside the skipped rules' array.
    func layout(for s: JSONStream) -> Layout? {
        guard let v = PrewrittenJSON.variant(indent: s.indentation, depth: s.openContainers + 1), v < layouts.count else { return nil }
        return layouts[v]
    }

    /// Two entries written by ``Recommendations/writeSkipped(id:missing:to:)`` into an array
    /// at `depth - 1` (an entry's own depth is `depth`), with marker names, cut around them.
    private static func layout(indent: Int?, depth: Int) -> Layout? {
        var s = JSONStream(membersAtDepth: depth - 1, indent: indent)
        let markers = ["@id1", "@s1", "@s2", "@id2", "@s3"]
        Recommendations.writeSkipped(id: markers[0], missing: [markers[1], markers[2]], to: &s)
        Recommendations.writeSkipped(id: markers[3], missing: [markers[4]], to: &s)
        let text = s.bytes
        var cuts: [Range<Int>] = []
        var from = 0
        for m in markers {
            guard let r = PrewrittenJSON.find(Array("\"\(m)\"".utf8), in: text, from: from) else { return nil }
            cuts.append(r)
            from = r.upperBound
        }
        let beforeSignals = Array(text[cuts[0].upperBound..<cuts[1].lowerBound])
        let end = Array(text[cuts[4].upperBound...])
        let between = Array(text[cuts[2].upperBound..<cuts[3].lowerBound])  // an entry's end, then the next's start
        guard Array(text[cuts[3].upperBound..<cuts[4].lowerBound]) == beforeSignals, between.starts(with: end) else { return nil }
        return Layout(first: Array(text[..<cuts[0].lowerBound]), next: Array(between[end.count...]), beforeSignals: beforeSignals,
                      betweenSignals: Array(text[cuts[1].upperBound..<cuts[2].lowerBound]), end: end)
    }

}
