// Node+TextOrigin.swift — where each character of a scalar's value sits in the file, so
// an error inside an embedded expression points at the right line and column.

import CoachSource

extension Node {
    /// Maps offsets in this scalar's value to positions in the file.
    ///
    /// The value is aligned with the raw text that produced it, starting at the node's
    /// location: quotes, escapes, indentation and line folding are stepped over, so for
    /// plain, quoted and block scalars alike an offset lands on the character the author
    /// typed. Returns `nil` for non-scalars.
    package func textOrigin() -> TextOrigin? {
        guard let scalar else { return nil }
        let file = location.file
        // Single-line plain and quoted scalars without escapes: a simple shift.
        let quoted = scalar.style == .singleQuoted || scalar.style == .doubleQuoted
        let shift = quoted ? 1 : 0
        if endLocation.line == location.line, !scalar.text.hasLineFeed,
           !(scalar.style == .doubleQuoted && rawContains("\\")), !(scalar.style == .singleQuoted && rawContains("''")) {
            return TextOrigin(file: file, line: location.line, column: location.column + shift)
        }
        var points: [TextOrigin.Point] = []
        var raw = RawCursor(file: file, line: location.line, column: location.column, endLine: endLocation.line)
        if quoted { raw.advance() }
        if scalar.style == .literal || scalar.style == .folded { raw.nextLine() }
        for ch in scalar.text.unicodeScalars {
            // Step over raw characters that do not produce this value character.
            var guardSteps = 0
            while let r = raw.current, guardSteps < 10_000 {
                guardSteps += 1
                if r == ch { break }
                if scalar.style == .doubleQuoted, r == "\\" {
                    // An escaped line break gives nothing: the value goes on after the next
                    // line's indentation.
                    guard raw.atEscapedLineBreak else { break }
                    raw.skipEscapedLineBreak()
                    continue
                }
                if (ch == " " || ch == "\n") && (r == "\n") { break }
                raw.advance()
            }
            points.append(TextOrigin.Point(line: raw.line, column: raw.column))
            guard let r = raw.current else { continue }
            if scalar.style == .doubleQuoted, r == "\\" {
                raw.skipEscape()
            } else if scalar.style == .singleQuoted, r == "'" {
                raw.advance()
                raw.advance()
            } else {
                raw.advance()
            }
        }
        points.append(TextOrigin.Point(line: raw.line, column: raw.column))
        return TextOrigin(file: file, points: points)
    }

    private func rawContains(_ needle: String) -> Bool {
        let scalars = location.file.lineScalars(location.line)
        let from = min(scalars.count, max(0, location.column - 1))
        let to = min(scalars.count, max(from, endLocation.column - 1))
        let n = Array(needle.unicodeScalars)
        guard !n.isEmpty, to - from >= n.count else { return n.isEmpty }
        // A plain scan of the scalars (the needles are one or two characters).
        for i in from...(to - n.count) where scalars[i] == n[0] {
            if scalars[i..<(i + n.count)].elementsEqual(n) { return true }
        }
        return false
    }
}

/// Walks the raw text of a file character by character, across lines.
private struct RawCursor {
    let file: SourceFile
    var line: Int
    var column: Int
    let endLine: Int
    var scalars: [Unicode.Scalar]

    init(file: SourceFile, line: Int, column: Int, endLine: Int) {
        self.file = file
        self.line = line
        self.column = column
        self.endLine = endLine
        self.scalars = file.lineScalars(line)
    }

    /// The character under the cursor; a line end reads as "\n"; `nil` past the scalar.
    var current: Unicode.Scalar? {
        if line > endLine { return nil }
        if column - 1 < scalars.count { return scalars[column - 1] }
        return line < endLine ? "\n" : nil
    }

    mutating func advance() {
        if column - 1 < scalars.count { column += 1 } else { nextLine() }
    }

    mutating func nextLine() {
        line += 1
        column = 1
        scalars = file.lineScalars(line)
    }

    /// Whether the cursor is on a backslash that ends its line (inside the scalar).
    var atEscapedLineBreak: Bool { column == scalars.count && line < endLine && scalars[column - 1] == "\\" }

    /// Steps over an escaped line break and the next line's leading spaces and tabs.
    mutating func skipEscapedLineBreak() {
        nextLine()
        while current == " " || current == "\t" { advance() }
    }

    mutating func skipEscape() {
        advance()  // the backslash
        guard let c = current else { return }
        switch c {
        case "x": for _ in 0..<3 { advance() }
        case "u": for _ in 0..<5 { advance() }
        case "U": for _ in 0..<9 { advance() }
        default: advance()
        }
    }
}

extension Node {
    /// Where a comment starts right after this plain scalar, on its last line: `title: Get
    /// to #1 in search` is the text "Get to" and a comment, which YAML drops without a word.
    /// Nil for a quoted or block scalar, or when nothing but spaces follows.
    package var commentAfter: SourceLocation? {
        guard let s = scalar, s.style == .plain, !s.text.isEmpty else { return nil }
        let scalars = location.file.lineScalars(endLocation.line)
        var i = endLocation.column - 1  // just after the text (columns from 1)
        guard i >= 0, i < scalars.count, scalars[i] == " " || scalars[i] == "\t" else { return nil }
        while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
        guard i < scalars.count, scalars[i] == "#" else { return nil }
        return location.file.location(line: endLocation.line, column: i + 1)
    }
}
