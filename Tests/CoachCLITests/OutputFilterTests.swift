// OutputFilterTests.swift — what each output does with control characters, through a real
// descriptor: standard error shows every one of them as U+FFFD, escape sequences that look
// like coach's own styles included; standard output keeps coach's own styles; styled text
// (diagnostics already made safe, the progress line's carriage return and line clearing)
// passes as it is on both.

@testable import CoachCLI
import CoachSource
import Testing
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

@Suite struct OutputFilterTests {
    /// What `write` then `writeStyled` put through an output with `filter`, read back from a pipe.
    static func written(_ filter: ControlFilter, _ plain: String, styled: String) throws -> String {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let out = FileDescriptorOutput(fd: fds[1], closing: true, filter: filter)
        out.write(plain)
        out.writeStyled(styled)
        out.close()
        #expect(out.failure == nil)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, 4096) }
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        close(fds[0])
        return String(decoding: bytes, as: UTF8.self)
    }

    static let hostile = "id \u{1B}[31mred\u{1B}[0m \u{1B}]0;title\u{07} \u{9B}2J\r|"
    static let progress = "\r1,000 sellers" + TerminalStyle.clearToEndOfLine

    @Test func `standard error shows every control character written as text as U+FFFD`() throws {
        let got = try Self.written(.all, Self.hostile, styled: Self.progress)
        #expect(got == "id \u{FFFD}[31mred\u{FFFD}[0m \u{FFFD}]0;title\u{FFFD} \u{FFFD}2J\u{FFFD}|" + Self.progress)
    }

    @Test func `standard output keeps coach's own styles and nothing else`() throws {
        let got = try Self.written(.ownStyles, Self.hostile, styled: Self.progress)
        #expect(got == "id \u{1B}[31mred\u{1B}[0m \u{FFFD}]0;title\u{FFFD} \u{FFFD}2J\u{FFFD}|" + Self.progress)
    }

    @Test func `a file written as it is keeps every byte`() throws {
        #expect(try Self.written(.none, Self.hostile, styled: Self.progress) == Self.hostile + Self.progress)
    }
}
