// PrewrittenKeys.swift — object keys written ahead: the text `JSONStream.key` writes after an
// object's first member (comma, line break, indentation, quoted key, colon), for the
// indentations and depths results are written at, copied in one go. Written piece by piece,
// a key cost about a hundred instructions; a checklist entry has eight after its head.

import CoachJSON

/// The keys of one kind of object, written ahead for a compact stream and for streams
/// indented by 2 at depths 3 and 4 (where results hold their entries). Immutable; the sets
/// are made once and live as long as the program.
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
        for (depth, indent) in [(3, nil), (3, 2), (4, 2)] as [(Int, Int?)] {
            for name in names {
                starts.append(all.count)
                all += JSONStream.keyText(name, depth: depth, indent: indent)
            }
            starts.append(all.count)
        }
        self.starts = starts
        text = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, all.count))
        text.initialize(from: all, count: all.count)
    }

    deinit { text.deallocate() }

    /// The variant for a stream like `s`; nil when none was written for its indentation and
    /// depth.
    func variant(for s: JSONStream) -> Int? {
        guard let indent = s.indentation else { return 0 }
        let depth = s.openContainers
        return indent == 2 && (depth == 3 || depth == 4) ? depth - 2 : nil
    }

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
