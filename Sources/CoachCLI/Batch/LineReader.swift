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
    private var buffer: [UInt8] = []
    private var zeros: [UInt8] = []
    private var scanned = 0
    private var nextNumber = 1
    private var atEnd = false
    private var skipping = false  // inside a line that grew too long: dropping bytes up to its end
    /// Set when reading failed (the message says why).
    private(set) var failure: String?

    init(fd: Int32, chunkSize: Int = 4 << 20, maxLineBytes: Int = LineReader.maxLineBytes) {
        self.fd = fd
        self.chunkSize = chunkSize
        self.maxLineBytes = maxLineBytes
    }

    /// Fills `lines` with the next whole lines (at least one unless the input is over), then
    /// calls `body` with the chunk's bytes. The bytes are valid only during the call.
    func next(_ lines: inout [InputLine], _ body: (UnsafeRawBufferPointer, [InputLine]) -> Void) -> Bool {
        lines.removeAll(keepingCapacity: true)
        var lineStart = 0
        // Fill a whole chunk (a pipe hands out less per read), so threads get work in bulk.
        while lines.isEmpty || buffer.count < chunkSize {
            if !fill() { break }
            scan(&lines, &lineStart)
            if atEnd {
                if lineStart < buffer.count || skipping { lineStart = finishLast(&lines, lineStart) }
                break
            }
        }
        guard !lines.isEmpty else { return false }
        buffer.withUnsafeBytes { body($0, lines) }
        buffer.removeSubrange(0..<lineStart)
        scanned = buffer.count
        return true
    }

    /// Splits what is buffered at newlines, from where the last scan stopped.
    private func scan(_ lines: inout [InputLine], _ lineStart: inout Int) {
        buffer.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var from = scanned
            while from < raw.count, let hit = memchr(base + from, 0x0A, raw.count - from) {
                let end = base.distance(to: UnsafeRawPointer(hit))
                emit(&lines, start: lineStart, end: end, raw)
                lineStart = end + 1
                from = end + 1
            }
        }
        scanned = buffer.count
        if !skipping, buffer.count - lineStart > maxLineBytes {
            // Too long to keep: say so for this line, and drop the rest of it as it comes.
            skipping = true
            buffer.removeSubrange(lineStart...)
            scanned = buffer.count
        } else if skipping {
            buffer.removeSubrange(lineStart...)
            scanned = buffer.count
        }
    }

    private func emit(_ lines: inout [InputLine], start: Int, end: Int, _ raw: UnsafeRawBufferPointer) {
        var end = end
        if end > start, raw[end - 1] == 0x0D { end -= 1 }  // CRLF
        var start = start
        if nextNumber == 1 { start += ByteOrderMark.length(at: UnsafeRawBufferPointer(rebasing: raw[start..<end])) }
        let tooLong = skipping || end - start > maxLineBytes
        lines.append(InputLine(start: start, count: tooLong ? 0 : end - start, number: nextNumber, tooLong: tooLong))
        skipping = false
        nextNumber += 1
    }

    /// The last line, without a line break after it; returns where the unread bytes start.
    private func finishLast(_ lines: inout [InputLine], _ lineStart: Int) -> Int {
        buffer.withUnsafeBytes { emit(&lines, start: lineStart, end: $0.count, $0) }
        return buffer.count
    }

    /// Reads up to a chunk more; false when nothing more can come.
    private func fill() -> Bool {
        if atEnd { return false }
        let old = buffer.count
        if zeros.isEmpty { zeros = [UInt8](repeating: 0, count: chunkSize) }
        buffer.append(contentsOf: zeros)  // room to read into (copied like memcpy, even unoptimised)
        var got = 0
        while true {
            let n = buffer.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress! + old, chunkSize) }
            if n < 0, errno == EINTR { continue }
            if n < 0 { failure = String(cString: strerror(errno)) }
            got = max(0, n)
            break
        }
        buffer.removeSubrange((old + got)...)
        if got == 0 { atEnd = true }
        return true
    }
}
