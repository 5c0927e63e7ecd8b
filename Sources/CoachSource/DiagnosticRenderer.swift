// DiagnosticRenderer.swift — prints diagnostics in the compiler style: location, message,
// the source line, a caret under the column, and a hint.

/// Renders diagnostics for people:
///
/// ```text
/// Rules/pricing.yaml:12:5: error: unknown key 'priorty'
///    |
/// 12 |     priorty: 70
///    |     ^^^^^^^
///    = hint: did you mean 'priority'?
/// ```
///
/// Colour is used only when asked for; ``ColorPolicy`` decides that from the terminal and
/// `NO_COLOR`.
public struct DiagnosticRenderer: Sendable {
    /// Whether to use ANSI colours.
    public var color: Bool

    /// Whether the label carries the diagnostic's code, `warning[never-true]:` (for lint
    /// warnings, whose code is what `lint_allow` names).
    public var showsCode = false

    /// Creates a renderer.
    public init(color: Bool = false) { self.color = color }

    /// Renders several diagnostics, each followed by a blank line.
    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { render($0) + "\n" }.joined()
    }

    /// Renders one diagnostic (no trailing blank line).
    public func render(_ d: Diagnostic) -> String {
        var out = ""
        let name = d.severity.rawValue + (showsCode ? "[\(d.code)]" : "")
        let label = paint(name, d.severity == .error ? Style.red : d.severity == .warning ? Style.yellow : Style.cyan)
        // What the input gave (a message quoting a rule id, a file's name) is shown with its
        // control characters as U+FFFD before coach's own styles are added: an escape
        // sequence in it, even one that looks like a style of coach's, never reaches the terminal.
        let message = named(d.message)
        if let location = d.location {
            out += paint(visible("\(location):"), Style.bold) + " " + label + paint(": " + message, Style.bold) + "\n"
        } else if let file = d.file {
            out += paint(visible("\(file):"), Style.bold) + " " + label + paint(": " + message, Style.bold) + "\n"
        } else {
            out += label + paint(": " + message, Style.bold) + "\n"
        }
        var gutterWidth = 1
        if let location = d.location { gutterWidth = String(location.line).count }
        for note in d.notes { if let l = note.location { gutterWidth = max(gutterWidth, String(l.line).count) } }
        let pad = String(repeating: " ", count: gutterWidth)
        if let location = d.location, let snippet = snippet(location, length: d.length, gutterPad: pad, severity: d.severity) {
            out += snippet
        }
        for note in d.notes {
            if let l = note.location {
                out += pad + " " + paint("=", Style.blue) + " " + paint("note", Style.cyan) + ": " + named("\(note.message) (\(l))") + "\n"
                if let s = snippet(l, length: 1, gutterPad: pad, severity: .note) { out += s }
            } else {
                out += pad + " " + paint("=", Style.blue) + " " + paint("note", Style.cyan) + ": " + named(note.message) + "\n"
            }
        }
        if let hint = d.hint {
            out += pad + " " + paint("=", Style.blue) + " " + paint("hint", Style.green) + ": " + named(hint) + "\n"
        }
        if out.hasSuffix("\n") { out.removeLast() }
        return out
    }

    private func snippet(_ location: SourceLocation, length: Int, gutterPad: String, severity: Diagnostic.Severity) -> String? {
        guard location.line >= 1, location.line <= location.file.lineCount else { return nil }
        let number = String(location.line)
        let numberPadded = String(repeating: " ", count: gutterPad.count - number.count) + number
        // A very long line (minified JSON, say) is shown as a window around the column. Its
        // scalars are made once per file (thousands of errors on one long line made them
        // again each: 20,000 took 20 s).
        var scalars = location.file.lineScalars(location.line)
        var column = location.column
        let window = 140
        if scalars.count > window + 20 {
            let start = max(0, min(column - 1 - 60, scalars.count - window))
            let end = min(scalars.count, start + window)
            var shown = Array(scalars[start..<end])
            column -= start
            if start > 0 { shown.insert("…", at: 0); column += 1 }
            if end < scalars.count { shown.append("…") }
            scalars = shown
        }
        // An invisible character (a zero-width space, a direction control that would turn
        // the rest of the line around) is shown by name, `[U+200B]`, as the text views show it.
        let shownScalars = Array(scalars)
        let widths = shownScalars.indices.map { Self.width(shownScalars, at: $0) }
        var line = String.UnicodeScalarView()
        for (k, scalar) in shownScalars.enumerated() {
            if TerminalStyle.isInvisible(shownScalars, at: k) { line.append(contentsOf: Self.name(scalar).unicodeScalars) } else { line.append(scalar) }
        }
        var out = gutterPad + " " + paint("|", Style.blue) + "\n"
        out += paint(numberPadded, Style.blue) + " " + paint("|", Style.blue) + " " + visible(String(line)) + "\n"
        // Keep tabs under tabs so the caret lines up however the terminal expands them, and
        // two spaces under a wide (East Asian) character.
        var lead = ""
        var index = 1
        for (k, scalar) in shownScalars.enumerated() {
            if index >= column { break }
            lead += scalar == "\t" ? "\t" : String(repeating: " ", count: widths[k])
            index += 1
        }
        if index < column { lead += String(repeating: " ", count: column - index) }
        let available = max(1, shownScalars.count - (column - 1))
        let underlined = widths.dropFirst(max(0, column - 1)).prefix(max(1, min(length, available)))
        let carets = String(repeating: "^", count: max(1, underlined.reduce(0, +)))
        let caretStyle = severity == .error ? Style.red : severity == .warning ? Style.yellow : Style.cyan
        out += gutterPad + " " + paint("|", Style.blue) + " " + lead + paint(carets, caretStyle) + "\n"
        return out
    }

    /// `[U+200B]`: how an invisible character is shown.
    static func name(_ s: Unicode.Scalar) -> String { "[" + TerminalStyle.scalarName(s.value) + "]" }

    /// The columns the scalar at `k` takes in a snippet: its name's for an invisible one (a
    /// joiner that joins nothing too), none for one drawn on top of the character before, two
    /// for a wide one, one otherwise.
    static func width(_ scalars: [Unicode.Scalar], at k: Int) -> Int {
        let s = scalars[k]
        return TerminalStyle.isInvisible(scalars, at: k) ? name(s).count : isZeroWidth(s) ? 0 : isWide(s) ? 2 : 1
    }

    /// Whether a terminal draws `s` on top of the character before (combining accents,
    /// joiners, variation selectors).
    static func isZeroWidth(_ s: Unicode.Scalar) -> Bool {
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return true
        default: return s.value >= 0xFE00 && s.value <= 0xFE0F
        }
    }

    /// Whether a terminal shows `s` two columns wide (CJK, Hangul, full-width forms, emoji).
    static func isWide(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xA000...0xA4CF,
             0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6,
             0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD: return true
        default: return false
        }
    }

    /// `line` with every control character but tab (C0, DEL and C1, line feeds and escape
    /// sequences included) shown as U+FFFD, so that hostile text cannot drive the terminal.
    private func visible(_ line: String) -> String {
        TerminalStyle.visible(line, keepingOwnStyles: false, keepingLineBreaks: false)
    }

    /// A message, note or hint on one line, its direction controls named (`[U+202E]`): a
    /// seller's id in it cannot turn the line around (the text views do the same).
    private func named(_ text: String) -> String { TerminalStyle.oneLine(text) }

    private typealias Style = TerminalStyle

    private func paint(_ text: String, _ code: String) -> String { TerminalStyle.paint(text, code, if: color) }
}

/// ANSI styles for terminal output: the one place their escape codes are written.
package enum TerminalStyle {
    package static let bold = "1"
    package static let dim = "2"
    package static let red = "1;31"
    package static let yellow = "1;33"
    package static let green = "1;32"
    package static let blue = "1;34"
    package static let cyan = "1;36"
    package static let plainRed = "31"
    package static let plainGreen = "32"
    package static let plainYellow = "33"

    /// `text` in the style `code` (one of the above, or an SGR code) when `color`, else as it is.
    package static func paint(_ text: String, _ code: String, if color: Bool) -> String {
        color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }

    /// Clears the rest of the terminal line (after a carriage return).
    package static let clearToEndOfLine = "\u{1B}[K"
}

/// Decides whether output should be coloured.
package enum ColorPolicy {
    /// Colour only on a terminal, and never when `NO_COLOR` is set to a non-empty value
    /// (<https://no-color.org>). `TERM=dumb` also turns it off.
    package static func shouldColor(isTerminal: Bool, environment: [String: String]) -> Bool {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isTerminal
    }
}
