// Output.swift — where commands write: the real terminal, or a buffer in tests.

import CoachSource

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A place commands write text to.
package protocol OutputSink: AnyObject {
    /// Writes `text` (no newline added), through the sink's filter of control characters.
    func write(_ text: String)
    /// Writes UTF-8 bytes as they are (batch output, written without a `String` in between).
    func write(bytes: [UInt8])
    /// Writes text coach styled itself, whose parts taken from the input are already shown
    /// without control characters (``DiagnosticRenderer``), or that holds none (the
    /// progress line): its own styles and line control pass whatever the sink's filter.
    func writeStyled(_ text: String)
}

extension OutputSink {
    /// Writes the bytes as text.
    package func write(bytes: [UInt8]) { write(String(decoding: bytes, as: UTF8.self)) }
    /// Writes the text as ``write(_:)`` does.
    package func writeStyled(_ text: String) { write(text) }
}

/// What a sink does with the control characters of the text written to it.
package enum ControlFilter: Sendable {
    /// Nothing: they are written as they are.
    case none
    /// Shown as U+FFFD, but for coach's own styles (``TerminalStyle/visible(_:)``): standard
    /// output, where a seller's text sits beside coach's colours in one string.
    case ownStyles
    /// Every one shown as U+FFFD, escape sequences of any kind included: standard error,
    /// whose styled text (diagnostics, the progress line) comes through ``OutputSink/writeStyled(_:)``.
    case all
}

/// Writes to a file descriptor (standard output or standard error), unbuffered past
/// each call so interleaving stays in order.
package final class FileDescriptorOutput: OutputSink {
    private let fd: Int32
    /// Why a write (or closing) failed — a full disk, a closed pipe — or nil; what was written
    /// since is lost.
    package private(set) var failure: String?
    /// Whether a write failed.
    package var failed: Bool { failure != nil }
    private var closed = false

    private let closing: Bool
    /// How text (not bytes) is made safe to show first: standard output and the files
    /// commands write reports to keep coach's own styles, standard error none.
    private let filter: ControlFilter

    /// Writes to `fd` (1 for standard output, 2 for standard error); `closing` closes it
    /// when the output is released (a file opened for it); `filter` says which control
    /// characters of the text written are shown as U+FFFD.
    package init(fd: Int32, closing: Bool = false, filter: ControlFilter = .none) {
        self.fd = fd
        self.closing = closing
        self.filter = filter
    }

    deinit { if closing, !closed { Glibc.close(fd) } }

    /// Closes a file opened for this output, noting a failure (some file systems report a
    /// failed write only then).
    package func close() {
        guard closing, !closed else { return }
        closed = true
        if Glibc.close(fd) != 0, failure == nil { failure = String(cString: strerror(errno)) }
    }

    /// Whether the descriptor is a terminal.
    package var isTerminal: Bool { isatty(fd) == 1 }

    package func write(_ text: String) {
        switch filter {
        case .none: write(bytes: Array(text.utf8))
        case .ownStyles: write(bytes: Array(TerminalStyle.visible(text).utf8))
        case .all: write(bytes: Array(TerminalStyle.visible(text, keepingOwnStyles: false).utf8))
        }
    }

    package func writeStyled(_ text: String) { write(bytes: Array(text.utf8)) }

    package func write(bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return 0 }
                return Glibc.write(fd, base.advanced(by: offset), raw.count - offset)
            }
            if n < 0, errno == EINTR { continue }
            if n <= 0 {
                failure = n < 0 ? String(cString: strerror(errno)) : "nothing could be written"
                return
            }
            offset += n
        }
    }
}

/// Collects everything written, for tests and for callers that want the text.
package final class BufferOutput: OutputSink {
    /// Everything written so far.
    package private(set) var text = ""

    /// Creates an empty buffer.
    package init() {}

    package func write(_ text: String) { self.text += text }
}
