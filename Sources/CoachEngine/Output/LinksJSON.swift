// LinksJSON.swift — the JSON of a tip's or an item's learning links, the same for every
// seller: written once per rule set, for the indents and depths results are written at, and
// copied into each result.

@_spi(Streaming) import CoachJSON

/// JSON text written once and copied into results: compact, and indented by 2 at the depths
/// results are written at (3 containers open in a result, 4 in a result inside an array, as
/// `coach eval` of several snapshots writes them). The texts are kept in memory this object
/// owns and frees: handing one out is a pointer, not an array retained and released per entry
/// written. Sendable: the memory is written in `init` and only read after.
final class PrewrittenJSON: @unchecked Sendable {
    /// The streams text is written ahead for, as (indentation, depth): one compact, two
    /// indented by 2. A text's variant is its index here.
    static let variants: [(indent: Int?, depth: Int)] = [(nil, 3), (2, 3), (2, 4)]

    /// The variant for a stream like `s`; nil when no text is written ahead for its
    /// indentation and depth (a compact text is the same at every depth).
    static func variant(for s: JSONStream) -> Int? { variant(indent: s.indentation, depth: s.openContainers) }

    /// The variant for a stream with this indentation and this many containers open.
    static func variant(indent: Int?, depth: Int) -> Int? {
        guard let indent else { return 0 }
        return indent == 2 && (depth == 3 || depth == 4) ? depth - 2 : nil
    }

    /// The three texts, one after the other; each variant's text ends where the next begins.
    private let base: UnsafeMutablePointer<UInt8>
    private let ends: (Int, Int, Int)

    /// The text `write` gives in a stream that `stream(indent, depth)` makes.
    init(stream: (Int?, Int) -> JSONStream, _ write: (inout JSONStream) -> Void) {
        let texts = PrewrittenJSON.variants.map { v in
            var s = stream(v.indent, v.depth)
            write(&s)
            return s.bytes
        }
        let all = texts.flatMap { $0 }
        base = .allocate(capacity: max(1, all.count))
        base.initialize(from: all, count: all.count)
        ends = (texts[0].count, texts[0].count + texts[1].count, all.count)
    }

    deinit { base.deallocate() }

    /// The text of variant `v` (an index of ``variants``).
    @inline(__always)
    func text(_ v: Int) -> UnsafeBufferPointer<UInt8> {
        let start = v == 0 ? 0 : v == 1 ? ends.0 : ends.1
        let end = v == 0 ? ends.0 : v == 1 ? ends.1 : ends.2
        return UnsafeBufferPointer(start: base + start, count: end &- start)
    }

    /// The text for a stream at this indentation and depth, when it was made.
    func bytes(for s: JSONStream) -> UnsafeBufferPointer<UInt8>? { PrewrittenJSON.variant(for: s).map(text) }

    /// Where `needle` first occurs in `text` at or after `from`: for cutting a text written
    /// ahead around the marker values it was written with.
    static func find(_ needle: [UInt8], in text: [UInt8], from: Int) -> Range<Int>? {
        guard !needle.isEmpty, text.count >= needle.count, from >= 0, from <= text.count - needle.count else { return nil }
        // Over the bytes in place: a slice compared at each position cost a few thousand
        // instructions a search, and entries are cut a few hundred times per evaluator.
        return text.withUnsafeBufferPointer { t in
            needle.withUnsafeBufferPointer { n -> Range<Int>? in
                let first = n[0], last = t.count - n.count
                var at = from
                while at <= last {
                    if t[at] == first {
                        var i = 1
                        while i < n.count, t[at + i] == n[i] { i += 1 }
                        if i == n.count { return at..<(at + n.count) }
                    }
                    at += 1
                }
                return nil
            }
        }
    }
}

/// One list of learning links as JSON text, ready to copy.
final class LinksJSON: Sendable {
    /// The links it was written from.
    let links: [LearnLink]
    private let text: PrewrittenJSON

    init(_ links: [LearnLink]) {
        self.links = links
        text = PrewrittenJSON(stream: { JSONStream(fragmentAtDepth: $1, indent: $0) }) { LinksJSON.write(links, to: &$0) }
    }

    /// The links' text for a stream at this indentation and depth, when it was made.
    func bytes(for s: JSONStream) -> UnsafeBufferPointer<UInt8>? { text.bytes(for: s) }

    /// Writes `links` as a JSON array.
    static func write(_ links: [LearnLink], to s: inout JSONStream) {
        s.beginArray()
        for l in links { l.write(to: &s) }
        s.endArray()
    }
}

/// The ready-made JSON of a value's links, when the rule set made it: a cache of how
/// `learn` is written, so never a difference between two values.
struct LinksCache: Sendable, Equatable {
    let json: LinksJSON?

    init(_ json: LinksJSON? = nil) { self.json = json }

    static func == (a: LinksCache, b: LinksCache) -> Bool { true }

    /// Writes `links` (the value's `learn`) into `s`, copying the ready-made text when it fits.
    func write(_ links: [LearnLink], to s: inout JSONStream) {
        // Copied only while `learn` is still what the text was written from (a library user
        // may change a result before writing it).
        if let json, let bytes = json.bytes(for: s), json.links == links { s.raw(bytes) } else { LinksJSON.write(links, to: &s) }
    }
}
