// PrewrittenKeys.swift — object keys written ahead: the text `JSONStream.key` writes after an
// object's first member (comma, line break, indentation, quoted key, colon), for the
// indentations and depths results are written at, copied in one go. Written piece by piece,
// a key cost about a hundred instructions; a checklist entry has eight after its head.

@_spi(Streaming) import CoachJSON

/// The keys of one kind of object, written ahead for the streams ``PrewrittenJSON`` writes
/// text ahead for (where results hold their entries). Immutable; the sets are made once and
/// live as long as the program.
final class PrewrittenKeys: @unchecked Sendable {
    private let text: UnsafeMutablePointer<UInt8>
    /// Where each variant's key `k` starts in ``text``: `starts[variant * (count + 1) + k]`,
    /// its end the next start.
    private let starts: [Int]
    private let count: Int

    init(_ names: [StaticString]) {
        count = names.count
        var all: [UInt8] = []
        var starts: [Int] = []
        for v in PrewrittenJSON.variants {
            for name in names {
                starts.append(all.count)
                all += JSONStream.keyText(name, depth: v.depth, indent: v.indent)
            }
            starts.append(all.count)
        }
        self.starts = starts
        text = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, all.count))
        text.initialize(from: all, count: all.count)
    }

    deinit { text.deallocate() }

    /// The variant for a stream like `s` (``PrewrittenJSON/variant(for:)``).
    func variant(for s: JSONStream) -> Int? { PrewrittenJSON.variant(for: s) }

    /// Key `k` of `variant`.
    @inline(__always)
    func text(_ k: Int, _ variant: Int) -> UnsafeBufferPointer<UInt8> {
        let at = variant &* (count &+ 1) &+ k
        let start = starts[at]
        return UnsafeBufferPointer(start: text + start, count: starts[at &+ 1] &- start)
    }
}

extension JSONStream {
    /// Writes key `k` of `keys` (named `name`): copied from the written-ahead text when there
    /// is one for this stream, else written as ``key(_:)`` writes it.
    @inline(__always)
    mutating func key(_ name: StaticString, _ keys: PrewrittenKeys, _ k: Int, _ variant: Int?) {
        if let variant, rawKey(keys.text(k, variant)) { return }
        key(name)
    }

    /// Writes a JSON text known when compiled (a quoted word, `true`, `null`) as the next value.
    @inline(__always)
    mutating func rawScalar(_ text: StaticString) {
        rawScalar(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}
