// LineReader.swift — JSON Lines input read in large chunks and handed out as whole, numbered
// lines, with memory bounded by the chunk size and the longest line allowed.

import CoachEngine
import CoachSource

#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// One input line: where its bytes are in the current chunk, and its number (from 1).
struct InputLine {
    /// Byte offset of the line in the chunk.
    var start: Int
    /// Its length in bytes, without the line break.
    var count: Int
    /// The line number, from 1.
    var number: Int
    /// The line was longer than allowed; its bytes were skipped.
    var tooLong: Bool
}

/// Reads a file descriptor and hands out chunks of whole lines.
final class LineReader {
    private let fd: Int32
    private let chunkSize: Int
    /// The longest line kept (the largest snapshot file coach reads); a longer one is
    /// reported as such and skipped.
    static let maxLineBytes = SnapshotLimits.maxBytes
    private let maxLineBytes: Int
    /// The most lines a chunk holds: a chunk's results are held until its lines are done,
    /// and a result can be a thousand times its line (a 60-byte snapshot gives a full result
    /// of 20 KB), so a chunk of short lines is cut by count as well as by bytes.
    static let maxLinesPerChunk = 1_024
    private let maxLines: Int
    /// The bytes read and not yet handed out, read straight into memory this reader owns.
    private var buffer = PaddedBytes()
    private var scanned = 0
    private var nextNumber = 1
    private var atEnd = false
    private var skipping = false  // inside a line that grew too long: dropping bytes up to its end
    /// Set when reading failed (the message says why).
    private(set) var failure: String?

    /// The bytes a line may hold beyond the limit: a byte-order mark and a carriage return.
    static let unlimitedBytes = 4

    /// Whether the lines handed out are followed by at least `bytes` readable bytes.
    static func linesArePadded(for bytes: Int) -> Bool { bytes <= PaddedBytes.padding }

    init(fd: Int32, chunkSize: Int = 4 << 20, maxLineBytes: Int = LineReader.maxLineBytes,
         maxLines: Int = LineReader.maxLinesPerChunk) {
        self.fd = fd
        self.chunkSize = chunkSize
        self.maxLineBytes = maxLineBytes
        self.maxLines = max(1, maxLines)
    }

    /// Fills `lines` with the next whole lines (at least one unless the input is over), then
    /// calls `body` with the chunk's bytes. The bytes are valid only during the call, and at
    /// least ``PaddedBytes/padding`` readable bytes follow them (and so every line): simdjson
    /// reads a line in place, without copying it first.
    func next(_ lines: inout [InputLine], _ body: (UnsafeRawBufferPointer, [InputLine]) -> Void) -> Bool {
        var lineStart = 0
        guard fillLines(&lines, &lineStart) else { return false }
        body(buffer.bytes, lines)
        buffer.removeFirst(lineStart)
        scanned = max(0, scanned - lineStart)
        return true
    }

    /// Like ``next(_:_:)``, but hands the chunk over rather than lending it: `chunk` takes the
    /// bytes and lines (valid for as long as it keeps them, padded as ``next(_:_:)``'s), and
    /// the reader goes on in the buffer `chunk` held, the unfinished last line copied to its
    /// front. So threads can work on one chunk while the next is read. `beforeWaiting` is
    /// called whenever reading would wait with no whole line in hand (a producer that paused,
    /// perhaps for the results of what it gave).
    func next(into chunk: InputChunk, beforeWaiting: () -> Void = {}) -> Bool {
        var lineStart = 0
        guard fillLines(&chunk.lines, &lineStart, beforeWaiting: beforeWaiting) else { return false }
        swap(&buffer, &chunk.bytes)
        buffer.truncate(to: 0)
        let rest = chunk.bytes.count - lineStart
        if rest > 0, let from = chunk.bytes.bytes.baseAddress {
            buffer.reserve(rest).copyMemory(from: from + lineStart, byteCount: rest)
            buffer.grow(by: rest)
        }
        scanned = max(0, scanned - lineStart)
        return true
    }

    /// Whether the input has been read to its end.
    var finished: Bool { atEnd && buffer.count == 0 }

    /// Reads into the buffer until it holds whole lines for a chunk (see ``next(_:_:)``), and
    /// lists them in `lines`; `lineStart` is where the bytes after them begin. False when the
    /// input is over. `beforeWaiting`: see ``next(into:beforeWaiting:)``.
    private func fillLines(_ lines: inout [InputLine], _ lineStart: inout Int, beforeWaiting: () -> Void = {}) -> Bool {
        lines.removeAll(keepingCapacity: true)
        // The lines left from the last chunk (one cut at its count of lines) come first,
        // before anything more is read: the buffer holds at most about a chunk.
        scan(&lines, &lineStart)
        // Fill a whole chunk (a pipe hands out less per read), so threads get work in bulk;
        // but once there are lines to work on, not past a pause in the input: a slow or live
        // producer's lines are not held back until a chunk fills or the input ends.
        var deadline = 0
        while lines.count < maxLines, lines.isEmpty || buffer.count < chunkSize, !atEnd {
            if !lines.isEmpty {
                let now = LineReader.milliseconds()
                if deadline == 0 { deadline = now + LineReader.holdMilliseconds }
                guard now < deadline, moreArrives(within: min(deadline - now, LineReader.pauseMilliseconds)) else { break }
            } else if !moreArrives(within: 0) {
                beforeWaiting()
            }
            if !fill() { break }
            scan(&lines, &lineStart)
        }
        // The last line, without a line break after it, once every line before it is out.
        if atEnd, lines.count < maxLines, lineStart < buffer.count || skipping {
            lineStart = finishLast(&lines, lineStart)
        }
        return !lines.isEmpty
    }

    /// How long a pause in the input ends a chunk that has lines, and the longest lines
    /// already read are held while more keeps coming.
    static let pauseMilliseconds = 20
    static let holdMilliseconds = 50

    /// Whether more input (or its end) can be read now or within `ms` milliseconds. A file
    /// always can; a pipe can when its writer has written. When poll cannot tell, yes (the
    /// read then waits, as it did before).
    private func moreArrives(within ms: Int) -> Bool {
        var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        while true {
            let r = poll(&p, 1, Int32(ms))
            if r < 0, errno == EINTR { continue }
            return r != 0
        }
    }

    /// A monotonic clock, in milliseconds.
    static func milliseconds() -> Int {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return t.tv_sec * 1000 + t.tv_nsec / 1_000_000
    }

    /// Splits what is buffered at newlines, from where the last scan stopped, up to the
    /// chunk's count of lines (the bytes after its last line are scanned again for the next).
    private func scan(_ lines: inout [InputLine], _ lineStart: inout Int) {
        let raw = buffer.bytes
        if let base = raw.baseAddress {
            var from = scanned
            while from < raw.count, lines.count < maxLines, let hit = memchr(base + from, 0x0A, raw.count - from) {
                let end = base.distance(to: UnsafeRawPointer(hit))
                emit(&lines, start: lineStart, end: end, raw)
                lineStart = end + 1
                from = end + 1
            }
            if lines.count >= maxLines, lineStart < raw.count {
                scanned = lineStart
                return
            }
        }
        scanned = buffer.count
        // A line is too long to keep once it holds more than the limit, a byte-order mark
        // before it and a carriage return after it (which `emit` leaves out): whether one
        // that is just at the limit is refused does not depend on where a read ended.
        if !skipping, buffer.count - lineStart > maxLineBytes + LineReader.unlimitedBytes {
            // Too long to keep: say so for this line, and drop the rest of it as it comes.
            skipping = true
            buffer.truncate(to: lineStart)
            scanned = buffer.count
        } else if skipping {
            buffer.truncate(to: lineStart)
            scanned = buffer.count
        }
    }

    private func emit(_ lines: inout [InputLine], start: Int, end: Int, _ raw: UnsafeRawBufferPointer) {
        var end = end
        if end > start, raw[end - 1] == 0x0D { end -= 1 }  // CRLF
        var start = start
        // A byte-order mark starts a file, and files joined with `cat` start lines with one.
        start += ByteOrderMark.length(at: UnsafeRawBufferPointer(rebasing: raw[start..<end]))
        let tooLong = skipping || end - start > maxLineBytes
        lines.append(InputLine(start: start, count: tooLong ? 0 : end - start, number: nextNumber, tooLong: tooLong))
        skipping = false
        nextNumber += 1
    }

    /// The last line, without a line break after it; returns where the unread bytes start.
    private func finishLast(_ lines: inout [InputLine], _ lineStart: Int) -> Int {
        emit(&lines, start: lineStart, end: buffer.count, buffer.bytes)
        return buffer.count
    }

    /// Reads up to a chunk more; false when nothing more can come.
    private func fill() -> Bool {
        if atEnd { return false }
        // Read straight into the room after the bytes held (it was zeros appended, then read
        // over: 4 MiB copied for each 4 MiB read).
        let room = buffer.reserve(chunkSize)
        var got = 0
        while true {
            let n = read(fd, room, chunkSize)
            if n < 0, errno == EINTR { continue }
            if n < 0 { failure = String(cString: strerror(errno)) }
            got = max(0, min(n, chunkSize))
            break
        }
        buffer.grow(by: got)
        if got == 0 { atEnd = true }
        return true
    }
}

/// A chunk of input handed over by ``LineReader/next(into:beforeWaiting:)``: its bytes and its lines.
final class InputChunk: @unchecked Sendable {
    var bytes = PaddedBytes()
    var lines: [InputLine] = []
}

/// A growable run of bytes in memory its owner frees, always followed by ``padding``
/// readable bytes (zeros, or bytes read before): a parser that reads a little past the end
/// of its input may be given any line inside it as it is.
struct PaddedBytes: ~Copyable {
    /// The readable bytes kept after the end, for simdjson (its SIMDJSON_PADDING).
    static let padding = 64
    private var base: UnsafeMutableRawPointer
    /// Room for bytes, not counting the padding.
    private(set) var capacity: Int
    /// The bytes held.
    private(set) var count = 0

    init() {
        capacity = 0
        base = PaddedBytes.allocate(0)
    }

    deinit { base.deallocate() }

    /// `capacity` bytes and the padding, all zero to begin with.
    private static func allocate(_ capacity: Int) -> UnsafeMutableRawPointer {
        let p = UnsafeMutableRawPointer.allocate(byteCount: capacity + padding, alignment: 64)
        p.initializeMemory(as: UInt8.self, repeating: 0, count: capacity + padding)
        return p
    }

    /// The bytes held (``padding`` readable bytes follow them).
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Room for `n` more bytes after those held: where to write them, then ``grow(by:)``.
    mutating func reserve(_ n: Int) -> UnsafeMutableRawPointer {
        if capacity - count < n {
            let grown = PaddedBytes.allocate(max(count + n, capacity * 2))
            grown.copyMemory(from: base, byteCount: count)
            base.deallocate()
            base = grown
            capacity = max(count + n, capacity * 2)
        }
        return base + count
    }

    /// Counts `n` bytes written into the room ``reserve(_:)`` gave.
    mutating func grow(by n: Int) { count = min(capacity, count + max(0, n)) }

    /// Drops the first `n` bytes, moving the rest to the front.
    mutating func removeFirst(_ n: Int) {
        let n = min(max(0, n), count)
        if n < count { memmove(base, base + n, count - n) }
        count -= n
    }

    /// Keeps only the first `n` bytes.
    mutating func truncate(to n: Int) { count = min(max(0, n), count) }
}
