// LineReaderTests.swift — the batch input reader with tiny chunks and a tiny line limit, so
// lines cross chunk boundaries and overflow the limit both within a chunk and across chunks.

import Foundation
import Testing
import CoachEngine
@testable import CoachCLI

@Suite struct LineReaderTests {
    /// The lines read from `text` with `chunk`-byte reads, a `limit`-byte line limit and at
    /// most `maxLines` lines a chunk: (number, text or "TOO LONG"). `handedOver`: read as the
    /// pipeline reads, each chunk handed over (``LineReader/next(into:beforeWaiting:)``).
    func read(_ text: String, chunk: Int, limit: Int, maxLines: Int = LineReader.maxLinesPerChunk,
              handedOver: Bool = false) throws -> [(Int, String)] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("coach-lines-\(getpid())-\(chunk).txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let reader = LineReader(fd: fd, chunkSize: chunk, maxLineBytes: limit, maxLines: maxLines)
        var out: [(Int, String)] = []
        func take(_ bytes: UnsafeRawBufferPointer, _ lines: [InputLine]) {
            #expect(lines.count <= maxLines)
            for l in lines {
                out.append((l.number, l.tooLong ? "TOO LONG" : String(decoding: UnsafeRawBufferPointer(rebasing: bytes[l.start..<(l.start + l.count)]), as: UTF8.self)))
            }
        }
        if handedOver {
            var chunks: [InputChunk] = []  // kept, as the pipeline keeps a chunk its threads work on
            while true {
                let c = InputChunk()
                guard reader.next(into: c) else { break }
                take(c.bytes.bytes, c.lines)
                chunks.append(c)
            }
        } else {
            var lines: [InputLine] = []
            while reader.next(&lines, take) {}
        }
        #expect(reader.failure == nil)
        return out
    }

    @Test(arguments: [3, 7, 16, 64])
    func `lines are whole, numbered, and the over-long ones flagged, whatever the chunk size`(_ chunk: Int) throws {
        let text = "\u{FEFF}short\n" + String(repeating: "x", count: 25) + "\nexactly10!\n" + String(repeating: "y", count: 11)
            + "\r\n\u{FEFF}ok\r\n\nlast"  // a mark on a later line too (files joined with cat)
        let got = try read(text, chunk: chunk, limit: 10)
        let expected: [(Int, String)] = [(1, "short"), (2, "TOO LONG"), (3, "exactly10!"), (4, "TOO LONG"), (5, "ok"), (6, ""), (7, "last")]
        #expect(got.map(\.0) == expected.map(\.0))
        #expect(got.map(\.1) == expected.map(\.1))
    }

    /// A line just at the limit, with a carriage return after it or a byte-order mark before
    /// it (neither counted), is kept wherever a read ends; one byte more is refused.
    @Test(arguments: [3, 7, 11, 12, 13, 16, 64])
    func `a line at the limit is kept whatever the chunk size, its mark and carriage return aside`(_ chunk: Int) throws {
        let atLimit = String(repeating: "x", count: 10)
        let text = atLimit + "\r\n\u{FEFF}" + atLimit + "\r\n" + atLimit + "y\r\n\u{FEFF}" + atLimit + "\r\nend"
        let got = try read(text, chunk: chunk, limit: 10)
        #expect(got.map(\.1) == [atLimit, atLimit, "TOO LONG", atLimit, "end"])
    }

    /// A chunk holds at most so many lines (its results are held until they are all done),
    /// however short they are; the lines past the count come, unchanged, in the next chunks.
    @Test(arguments: [1, 2, 3, 5])
    func `a chunk is cut at its count of lines, and the lines after it are not lost`(_ maxLines: Int) throws {
        let text = "\u{FEFF}a\n\nbb\r\n" + String(repeating: "x", count: 25) + "\nccc\n\u{FEFF}d\n"
            + String(repeating: "y", count: 30) + "\ne\nlast"
        for chunk in [3, 7, 16, 64, 4096] {
            let whole = try read(text, chunk: chunk, limit: 10)
            #expect(whole.map(\.1) == ["a", "", "bb", "TOO LONG", "ccc", "d", "TOO LONG", "e", "last"])
            for handedOver in [false, true] {
                let cut = try read(text, chunk: chunk, limit: 10, maxLines: maxLines, handedOver: handedOver)
                #expect(cut.map(\.0) == whole.map(\.0), "chunk \(chunk), \(maxLines) lines, handed over: \(handedOver)")
                #expect(cut.map(\.1) == whole.map(\.1), "chunk \(chunk), \(maxLines) lines, handed over: \(handedOver)")
            }
        }
        // Ending in a line break: no empty line made up after it.
        #expect(try read("p\nq\nr\n", chunk: 64, limit: 10, maxLines: maxLines, handedOver: true).map(\.1) == ["p", "q", "r"])
    }

    @Test func `an over-long last line without a line break is flagged`() throws {
        let got = try read("a\n" + String(repeating: "z", count: 40), chunk: 8, limit: 10)
        #expect(got.map(\.1) == ["a", "TOO LONG"])
    }

    @Test func `the padded buffer keeps its bytes as it grows, drops a prefix and is cut`() {
        var b = PaddedBytes()
        var model: [UInt8] = []
        // Writes of several sizes (each past the room the last left), a prefix dropped, a cut.
        for (n, write) in [(3, UInt8(1)), (100, 2), (1, 3), (5000, 4)].enumerated() {
            let room = b.reserve(write.0 + n)
            for k in 0..<write.0 { room.storeBytes(of: write.1 &+ UInt8(truncatingIfNeeded: k), toByteOffset: k, as: UInt8.self) }
            b.grow(by: write.0)
            model += (0..<write.0).map { write.1 &+ UInt8(truncatingIfNeeded: $0) }
            #expect(Array(b.bytes) == model)
            b.removeFirst(2)
            model.removeFirst(2)
            #expect(Array(b.bytes) == model)
        }
        b.truncate(to: 10)
        #expect(Array(b.bytes) == Array(model.prefix(10)))
        b.removeFirst(50)  // more than it holds: empty, not a trap
        #expect(b.count == 0)
        #expect(PaddedBytes.padding >= SnapshotReader.padding)
    }
}
