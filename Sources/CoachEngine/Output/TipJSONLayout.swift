// TipJSONLayout.swift — a tip's JSON around its priority and texts, the same for every seller
// who is shown the tip: written once per rule set, on one line and indented at the depths
// results are written at, and copied into each result around the seller's priority and texts
// (``Evaluator/writeTip(_:_:_:into:)``).

@_spi(Streaming) import CoachJSON

/// One rule's tip as JSON text, on one line and indented, cut where its priority and its texts go. Written by
/// ``Tip/write(id:area:priority:actions:learn:learnJSON:to:text:)`` itself with a marker for
/// each text, then cut at the markers, so the copy cannot differ from what the writer writes.
final class TipJSONLayout: Sendable {
    /// The pieces for one stream, in the order written (an object: handed out with one
    /// reference count, not one per piece).
    final class Layout: @unchecked Sendable {
        /// From `{` to the priority's key.
        let head: UnsafeBufferPointer<UInt8>
        /// After the priority, up to the title's quoted text.
        let beforeTitle: UnsafeBufferPointer<UInt8>
        /// After the title, up to the body's.
        let beforeBody: UnsafeBufferPointer<UInt8>
        /// After the body, through `[` and the first action's indentation.
        let beforeActions: UnsafeBufferPointer<UInt8>
        /// Between two actions.
        let betweenActions: UnsafeBufferPointer<UInt8>
        /// After the last action: the array's end, `learn` and the tip's end.
        let afterActions: UnsafeBufferPointer<UInt8>
        /// After the body, for a tip written without actions: through the tip's end.
        let noActions: UnsafeBufferPointer<UInt8>
        /// The pieces' bytes, in memory this object owns (written once, in `init`): appending
        /// a piece held as an array retained and released the array per tip and piece.
        private let storage: UnsafeMutableBufferPointer<UInt8>

        init(head: [UInt8], beforeTitle: [UInt8], beforeBody: [UInt8], beforeActions: [UInt8], betweenActions: [UInt8],
             afterActions: [UInt8], noActions: [UInt8]) {
            let all = [head, beforeTitle, beforeBody, beforeActions, betweenActions, afterActions, noActions]
            storage = .allocate(capacity: max(1, all.reduce(0) { $0 + $1.count }))
            var pieces: [UnsafeBufferPointer<UInt8>] = []
            var at = 0
            for piece in all {
                _ = UnsafeMutableBufferPointer(rebasing: storage[at..<(at + piece.count)]).initialize(from: piece)
                pieces.append(UnsafeBufferPointer(rebasing: storage[at..<(at + piece.count)]))
                at += piece.count
            }
            (self.head, self.beforeTitle, self.beforeBody, self.beforeActions) = (pieces[0], pieces[1], pieces[2], pieces[3])
            (self.betweenActions, self.afterActions, self.noActions) = (pieces[4], pieces[5], pieces[6])
        }

        deinit { storage.deallocate() }
    }

    /// The streams the text is written for, as (indentation, depth of the tips array's
    /// elements): one line (the same text at every depth), and indented by 2 for a result's own
    /// tips (2) and a result's inside an array, as `coach eval` of several snapshots writes
    /// them (3).
    static let streams: [(indent: Int?, depth: Int)] = [(nil, 2), (2, 2), (2, 3)]

    /// The layouts, one per stream of ``streams`` (what keeps them alive), and the same held
    /// unmanaged, as they are handed out.
    private let layouts: [Layout]
    private let unmanaged: [Unmanaged<Layout>]

    /// The layouts of rule `id`'s tip with these links; nil when the text cannot be cut so (it
    /// always can: a marker byte is one no JSON text holds unescaped).
    init?(id: String, area: String, learn: [LearnLink], learnJSON: LinksCache) {
        var layouts: [Layout] = []
        for stream in TipJSONLayout.streams {
            guard let layout = TipJSONLayout.cut(id: id, area: area, learn: learn, learnJSON: learnJSON, indent: stream.indent,
                                                 depth: stream.depth) else { return nil }
            layouts.append(layout)
        }
        self.layouts = layouts
        unmanaged = layouts.map { .passUnretained($0) }
    }

    /// The layout for tips written as elements at `depth` with `indent` (nil: on one line, at
    /// any depth), when one was made; held unmanaged (this object keeps it alive): a tip
    /// written from it counts no reference.
    @inline(__always)
    func unmanagedLayout(indent: Int?, depth: Int) -> Unmanaged<Layout>? {
        guard let k = TipJSONLayout.stream(indent: indent, depth: depth) else { return nil }
        return unmanaged[k]
    }

    /// Which of ``streams`` a tip at `depth` with `indent` is written for (nil: none).
    @inline(__always)
    static func stream(indent: Int?, depth: Int) -> Int? {
        guard indent != nil else { return 0 }
        return streams.firstIndex(where: { $0.indent == indent && $0.depth == depth })
    }

    /// A byte no JSON text holds unescaped: each text is written as this one byte, to cut at.
    private static let marker: UInt8 = 0x01

    private static func cut(id: String, area: String, learn: [LearnLink], learnJSON: LinksCache, indent: Int?, depth: Int) -> Layout? {
        // The text up to the priority's value, as the writer begins a tip.
        var head = JSONStream(fragmentAtDepth: depth, indent: indent)
        head.beginObject()
        head.key("id"); head.string(id)
        head.key("area"); head.string(area)
        head.key("priority")
        let before = head.bytes
        func written(actions: Int) -> [[UInt8]]? {
            var s = JSONStream(fragmentAtDepth: depth, indent: indent)
            Tip.write(id: id, area: area, priority: 0, actions: actions, learn: learn, learnJSON: learnJSON, to: &s) { _, s in
                withUnsafeBytes(of: marker) { s.rawScalar($0.bindMemory(to: UInt8.self)) }
            }
            let text = s.bytes
            guard text.count > before.count, text.starts(with: before), text[before.count] == UInt8(ascii: "0") else { return nil }
            let pieces = text[(before.count + 1)...].split(separator: marker, omittingEmptySubsequences: false).map { Array($0) }
            return pieces.count == actions + 3 ? pieces : nil
        }
        guard let two = written(actions: 2), let none = written(actions: 0), none[0] == two[0], none[1] == two[1] else { return nil }
        return Layout(head: before, beforeTitle: two[0], beforeBody: two[1], beforeActions: two[2], betweenActions: two[3],
                      afterActions: two[4], noActions: none[2])
    }
}
