// SourceFile.swift — the text of one input, with a line index for rendering diagnostics.

/// The full text of one input (a YAML file, a snapshot, an expression typed on the
/// command line), kept so that diagnostics can show the line they point at.
///
/// `SourceFile` is immutable and `Sendable`; locations hold a reference to it.
public final class SourceFile: Sendable, CustomStringConvertible {
    /// The path as the user gave it (or a label such as `<expr>`), printed in diagnostics.
    public let path: String
    /// The whole text.
    public let text: String
    /// Byte offsets (UTF-8) where each line starts; the first entry is 0.
    private let lineStarts: [Int]
    /// The text's UTF-8 bytes, kept so that reading a line does not copy the whole text.
    private let bytes: [UInt8]

    /// Creates a source file from its path (or label) and text.
    public init(path: String, text: String) {
        self.path = path
        self.text = text
        // Lines break where libyaml breaks them, so its line numbers and ours agree: at LF,
        // CR, CRLF, and also NEL (U+0085), LS (U+2028) and PS (U+2029).
        var starts = [0]
        var previousWasCR = false
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            i += 1
            if byte == 0x0A {
                if previousWasCR { starts[starts.count - 1] = i } else { starts.append(i) }
                previousWasCR = false
            } else if byte == 0x0D {
                starts.append(i)
                previousWasCR = true
            } else {
                previousWasCR = false
                if byte == 0xC2, i < bytes.count, bytes[i] == 0x85 {
                    i += 1
                    starts.append(i)
                } else if byte == 0xE2, i + 1 < bytes.count, bytes[i] == 0x80, bytes[i + 1] == 0xA8 || bytes[i + 1] == 0xA9 {
                    i += 2
                    starts.append(i)
                }
            }
        }
        self.lineStarts = starts
        self.bytes = bytes
    }

    /// The number of lines (a final line without a newline counts; an empty text has one).
    public var lineCount: Int { lineStarts.count }

    /// The text of line `line` (1-based) without its line break, or `nil` when out of range.
    public func lineText(_ line: Int) -> String? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        let utf8 = bytes
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : utf8.count
        while end > start, utf8[end - 1] == 0x0A || utf8[end - 1] == 0x0D { end -= 1 }
        if end - start >= 2, utf8[end - 2] == 0xC2, utf8[end - 1] == 0x85 { end -= 2 }
        if end - start >= 3, utf8[end - 3] == 0xE2, utf8[end - 2] == 0x80, utf8[end - 1] == 0xA8 || utf8[end - 1] == 0xA9 { end -= 3 }
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }

    /// The location of line `line`, column `column` (both 1-based) in this file.
    public func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: self, line: line, column: column)
    }

    /// The location of the Unicode scalar at `offset` (0-based, counted in scalars) of the text.
    public func location(atScalarOffset offset: Int) -> SourceLocation {
        var line = 1
        var column = 1
        var index = 0
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            if index == offset { break }
            index += 1
            if scalar == "\n" {
                if !previousWasCR { line += 1 }
                column = 1
                previousWasCR = false
            } else if scalar == "\u{85}" || scalar == "\u{2028}" || scalar == "\u{2029}" {
                line += 1
                column = 1
                previousWasCR = false
            } else if scalar == "\r" {
                line += 1
                column = 1
                previousWasCR = true
            } else {
                column += 1
                previousWasCR = false
            }
        }
        return SourceLocation(file: self, line: line, column: column)
    }

    public var description: String { path }
}
