// SourceFile.swift — the text of one input, with a line index for rendering diagnostics.

/// The full text of one input (a YAML file, a snapshot, an expression typed on the
/// command line), kept so that diagnostics can show the line they point at.
///
/// `SourceFile` is immutable and `Sendable`; locations hold a reference to it.
package final class SourceFile: Sendable, CustomStringConvertible {
    /// The path as the user gave it (or a label such as `<expr>`), printed in diagnostics.
    package let path: String
    /// The whole text.
    package let text: String
    /// Byte offsets (UTF-8) where each line starts; the first entry is 0.
    private let lineStarts: [Int]
    /// Offsets in Unicode scalars where a line's columns start counting from 1 again, and
    /// the line each is on, for ``location(atScalarOffset:)`` (after CR LF there are two:
    /// the LF is column 1 of the new line, and so is what follows it).
    private let scalarLineStarts: [Int]
    private let scalarLines: [Int]
    /// The number of Unicode scalars in the text.
    private let scalarCount: Int
    /// The text's UTF-8 bytes, kept so that reading a line does not copy the whole text.
    private let bytes: [UInt8]
    /// Long lines' Unicode scalars, made once each (``lineScalars(_:)``).
    private let longLines = Locked<[Int: [Unicode.Scalar]]>([:])

    /// Creates a source file from its path (or label) and text.
    package init(path: String, text: String) {
        self.path = path
        self.text = text
        // Lines break where libyaml breaks them, so its line numbers and ours agree: at LF,
        // CR, CRLF, and also NEL (U+0085), LS (U+2028) and PS (U+2029).
        var starts = [0]
        var scalarStarts = [0]
        var scalarLines = [1]
        var previousWasCR = false
        let bytes = Array(text.utf8)
        var i = 0
        var scalars = 0  // scalars consumed so far
        while i < bytes.count {
            let byte = bytes[i]
            i += 1
            if byte & 0xC0 != 0x80 { scalars += 1 }
            if byte == 0x0A {
                if previousWasCR {
                    starts[starts.count - 1] = i
                    scalarLines.append(scalarLines[scalarLines.count - 1])
                } else {
                    starts.append(i)
                    scalarLines.append(scalarLines[scalarLines.count - 1] + 1)
                }
                scalarStarts.append(scalars)
                previousWasCR = false
            } else if byte == 0x0D {
                starts.append(i)
                scalarStarts.append(scalars)
                scalarLines.append(scalarLines[scalarLines.count - 1] + 1)
                previousWasCR = true
            } else {
                previousWasCR = false
                if byte == 0xC2, i < bytes.count, bytes[i] == 0x85 {
                    i += 1
                    starts.append(i)
                    scalarStarts.append(scalars)
                    scalarLines.append(scalarLines[scalarLines.count - 1] + 1)
                } else if byte == 0xE2, i + 1 < bytes.count, bytes[i] == 0x80, bytes[i + 1] == 0xA8 || bytes[i + 1] == 0xA9 {
                    i += 2
                    starts.append(i)
                    scalarStarts.append(scalars)
                    scalarLines.append(scalarLines[scalarLines.count - 1] + 1)
                }
            }
        }
        self.lineStarts = starts
        self.scalarLineStarts = scalarStarts
        self.scalarLines = scalarLines
        self.scalarCount = scalars
        self.bytes = bytes
    }

    /// The number of lines (a final line without a newline counts; an empty text has one).
    package var lineCount: Int { lineStarts.count }

    /// The text of line `line` (1-based) without its line break, or `nil` when out of range.
    package func lineText(_ line: Int) -> String? {
        guard line >= 1, line <= lineStarts.count else { return nil }
        let utf8 = bytes
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] : utf8.count
        while end > start, utf8[end - 1] == 0x0A || utf8[end - 1] == 0x0D { end -= 1 }
        if end - start >= 2, utf8[end - 2] == 0xC2, utf8[end - 1] == 0x85 { end -= 2 }
        if end - start >= 3, utf8[end - 3] == 0xE2, utf8[end - 2] == 0x80, utf8[end - 1] == 0xA8 || utf8[end - 1] == 0xA9 { end -= 3 }
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }

    /// The Unicode scalars of line `line` (1-based; empty past the end), by column. A long
    /// line's are made once: a YAML alias repeats its anchor's scalars, each finding its
    /// characters on the anchor's line again (300 copies of a 60 KB line's 900 texts made
    /// the line's scalars 270,000 times: 41 s).
    package func lineScalars(_ line: Int) -> [Unicode.Scalar] {
        guard line >= 1, line <= lineStarts.count else { return [] }
        let start = lineStarts[line - 1], end = line < lineStarts.count ? lineStarts[line] : bytes.count
        guard end - start > 256 else { return Array((lineText(line) ?? "").unicodeScalars) }
        if let kept = longLines.withLock({ $0[line] }) { return kept }
        let made = Array((lineText(line) ?? "").unicodeScalars)
        longLines.withLock { $0[line] = made }
        return made
    }

    /// The location of line `line`, column `column` (both 1-based) in this file.
    package func location(line: Int, column: Int) -> SourceLocation {
        SourceLocation(file: self, line: line, column: column)
    }

    /// The location of the Unicode scalar at `offset` (0-based, counted in scalars) of the
    /// text; past the end, the position just after it. A binary search of the line starts:
    /// every node of a long expression asks, so a walk from the start would be quadratic.
    package func location(atScalarOffset offset: Int) -> SourceLocation {
        let offset = min(max(0, offset), scalarCount)
        var low = 0, high = scalarLineStarts.count - 1  // the last start at or before offset
        while low < high {
            let mid = (low + high + 1) / 2
            if scalarLineStarts[mid] <= offset { low = mid } else { high = mid - 1 }
        }
        return SourceLocation(file: self, line: scalarLines[low], column: offset - scalarLineStarts[low] + 1)
    }

    package var description: String { path }
}
