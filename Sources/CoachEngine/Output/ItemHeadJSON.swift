// ItemHeadJSON.swift — the first members of a checklist entry's JSON (`id`, `playbook`,
// `phase`, and `title` when it is the same for every seller), the same for every seller who
// is shown the item: written once per rule set, for the indents and depths results are
// written at, and copied into each result.

@_spi(Streaming) import CoachJSON

/// The `id`, `playbook`, `phase` (and constant `title`) members of one item's entry as JSON
/// text, ready to copy.
final class ItemHeadJSON: Sendable {
    /// Whether the text holds the title too.
    let hasTitle: Bool
    private let text: PrewrittenJSON

    init(id: String, playbook: String, phase: String, title: String?) {
        hasTitle = title != nil
        text = PrewrittenJSON(stream: { JSONStream(membersAtDepth: $1, indent: $0) }) { s in
            ItemHeadJSON.write(id: id, playbook: playbook, phase: phase, to: &s)
            if let title { s.key("title"); s.string(title) }
        }
    }

    /// The members' text for a stream at this indentation and depth, when it was made.
    func bytes(for s: JSONStream) -> UnsafeBufferPointer<UInt8>? { text.bytes(for: s) }

    /// The members' text for streams of variant `v` (``PrewrittenJSON/variants``).
    @inline(__always)
    func bytes(variant v: Int) -> UnsafeBufferPointer<UInt8> { text.text(v) }

    /// Writes the members (and `title` after them, when the text does not hold it) into a
    /// stream of variant `v` (``PrewrittenJSON/variants``).
    @inline(__always)
    func write(title: EntryTitle, variant v: Int, to s: inout JSONStream) {
        s.rawMembers(bytes(variant: v))
        if !hasTitle { ItemHeadCache.writeTitle(title, to: &s) }
    }

    /// Writes the three members.
    static func write(id: String, playbook: String, phase: String, to s: inout JSONStream) {
        s.key("id"); s.string(id)
        s.key("playbook"); s.string(playbook)
        s.key("phase"); s.string(phase)
    }
}

/// The ready-made JSON of an entry's first members, when the rule set made it: a cache of how
/// they are written, so never a difference between two entries.
struct ItemHeadCache: Sendable, Equatable {
    let json: ItemHeadJSON?

    init(_ json: ItemHeadJSON? = nil) { self.json = json }

    static func == (a: ItemHeadCache, b: ItemHeadCache) -> Bool { true }

    /// Writes `id`, `playbook`, `phase` and `title` into `s` (an object just begun), copying
    /// the ready-made text when it fits. The entry drops its cache when any of the four is
    /// changed (a library user may change a result before writing it), so a cache present
    /// holds the entry's own values.
    func write(id: String, playbook: String, phase: String, title: EntryTitle, to s: inout JSONStream) {
        if writeCached(title: title, to: &s) { return }
        ItemHeadJSON.write(id: id, playbook: playbook, phase: phase, to: &s)
        ItemHeadCache.writeTitle(title, to: &s)
    }

    /// Writes the members from the ready-made text, when it fits the stream (then true);
    /// nothing otherwise (false): a writer that has the text need not fetch the three values.
    func writeCached(title: EntryTitle, to s: inout JSONStream) -> Bool {
        guard let v = PrewrittenJSON.variant(for: s) else { return false }
        return writeCached(title: title, variant: v, to: &s)
    }

    /// The same for a stream of variant `v` (worked out once for all the entries of a result).
    @inline(__always)
    func writeCached(title: EntryTitle, variant v: Int, to s: inout JSONStream) -> Bool {
        guard let json else { return false }
        json.write(title: title, variant: v, to: &s)
        return true
    }

    /// The `title` member, after the others.
    @inline(__always)
    static func writeTitle(_ title: EntryTitle, to s: inout JSONStream) {
        switch (title, s.isOneLine) {
        case (.text(let text), true): s.put(",\"title\":"); s.putQuoted(text)
        case (.text(let text), false): s.key("title"); s.string(text)
        case (.quoted(let json), true): s.put(",\"title\":"); s.put(json)
        case (.quoted(let json), false): s.key("title"); s.rawScalar(json)
        }
    }
}

/// An entry's title as its writer is given it: the text, or already written as JSON (quoted
/// and escaped, as ``JSONStream/string(_:)`` writes the text).
enum EntryTitle {
    case text(String)
    case quoted(UnsafeBufferPointer<UInt8>)
}
