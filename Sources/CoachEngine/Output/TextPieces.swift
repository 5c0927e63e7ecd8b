// TextPieces.swift — texts cut once per rule set (the pieces of a checklist entry's JSON
// around the values a seller gives it), kept one after the other in memory their owner frees
// with it: handing one out is a pointer, not an array retained and released per use.

/// Pieces of text in memory this value owns (freed when it goes), each read by its index.
struct TextPieces: ~Copyable {
    private let pieces: UnsafeMutablePointer<UnsafeBufferPointer<UInt8>>
    private let count: Int
    private let bytes: UnsafeMutablePointer<UInt8>

    init(_ all: [[UInt8]]) {
        count = all.count
        bytes = .allocate(capacity: max(1, all.reduce(0) { $0 + $1.count }))
        pieces = .allocate(capacity: max(1, all.count))
        var at = bytes
        for (i, piece) in all.enumerated() {
            at.initialize(from: piece, count: piece.count)
            (pieces + i).initialize(to: UnsafeBufferPointer(start: at, count: piece.count))
            at += piece.count
        }
    }

    deinit {
        pieces.deinitialize(count: count)
        pieces.deallocate()
        bytes.deallocate()
    }

    /// Piece `i` (an index the owner laid the pieces out by).
    @inline(__always)
    subscript(_ i: Int) -> UnsafeBufferPointer<UInt8> { pieces[i] }
}

extension ItemStatus {
    /// The status's place among the pieces cut per status (``ItemStatus/allCases`` order).
    @inline(__always)
    var pieceIndex: Int {
        switch self {
        case .done: return 0
        case .open: return 1
        case .overdue: return 2
        case .upcoming: return 3
        }
    }
}
