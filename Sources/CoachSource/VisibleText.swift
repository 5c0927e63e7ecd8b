// VisibleText.swift — text written to standard output made safe to show on a terminal: a
// seller's or an author's text can hold control characters (a JSON "\u001b", a YAML "\e")
// that would otherwise drive the terminal (set its title, clear it, move the cursor).

extension TerminalStyle {
    /// The codes ``paint(_:_:if:)`` writes, and the reset: the only escape sequences kept.
    static let ownCodes: Set<String> = ["0", bold, dim, red, yellow, green, blue, cyan, plainRed, plainGreen, plainYellow]

    /// `text` with every control character but line feed and tab (C0, DEL, C1) shown as
    /// U+FFFD, except the style sequences coach writes itself (`ESC [ code m`, one of
    /// ``ownCodes``). Text without such characters is returned as it is.
    /// With `keepingOwnStyles` false, every such character is U+FFFD, escape sequences that
    /// look like coach's own styles included; with `keepingLineBreaks` false, line feeds too
    /// (a diagnostic's one-line parts).
    package static func visible(_ text: String, keepingOwnStyles: Bool = true, keepingLineBreaks: Bool = true) -> String {
        guard text.utf8.contains(where: { $0 < 0x20 && $0 != 0x09 && ($0 != 0x0A || !keepingLineBreaks) || $0 == 0x7F || $0 == 0xC2 })
        else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            let s = scalars[i]
            if keepingOwnStyles, s == "\u{1B}", let end = ownSequenceEnd(scalars, from: i) {
                out.append(contentsOf: scalars[i...end])
                i = end + 1
                continue
            }
            let v = s.value
            out.append(v < 0x20 && s != "\t" && (s != "\n" || !keepingLineBreaks) || (0x7F...0x9F).contains(v) ? "\u{FFFD}" : s)
            i += 1
        }
        return String(out)
    }

    /// A seller's or an author's text put on one line of a text view: every control
    /// character (an escape sequence, one like coach's own styles included, a line break) as
    /// U+FFFD, so that the text can neither drive the terminal nor start a line of its own.
    /// Invisible characters (``isInvisible(_:)``): direction controls (U+202E and the like),
    /// which would reorder the rest of the line around them (a seller id ending in U+202E
    /// reverses a report's line), and those that show nothing (`S-103\u{200B}88` looked like
    /// `S-10388`), are shown by name, `[U+202E]`, as the preview's pages show them.
    package static func oneLine(_ text: String) -> String {
        namingInvisibles(visible(text, keepingOwnStyles: false, keepingLineBreaks: false))
    }

    /// `text` with its invisible characters shown by name (`[U+202E]`, `[U+200B]`), for a
    /// text view's paragraphs as well as its one-line parts.
    package static func namingInvisibles(_ shown: String) -> String {
        guard shown.utf8.contains(where: { $0 >= 0xC2 }) else { return shown }
        let scalars = Array(shown.unicodeScalars)
        guard scalars.indices.contains(where: { isInvisible(scalars, at: $0) }) else { return shown }
        var out = String.UnicodeScalarView()
        for k in scalars.indices {
            guard isInvisible(scalars, at: k) else {
                out.append(scalars[k])
                continue
            }
            out.append(contentsOf: ("[" + scalarName(scalars[k].value) + "]").unicodeScalars)
        }
        return String(out)
    }

    /// ``isInvisible(_:)`` of the scalar at `k`, where a joiner (U+200C, U+200D) counts as
    /// invisible too when it joins nothing it could (at an end, or beside an ASCII
    /// character: `repeat\u{200D}-buyers` looks like `repeat-buyers`).
    package static func isInvisible(_ scalars: [Unicode.Scalar], at k: Int) -> Bool {
        let s = scalars[k]
        guard s.value == 0x200C || s.value == 0x200D else { return isInvisible(s) }
        guard k > 0, k + 1 < scalars.count else { return true }
        return scalars[k - 1].isASCII || scalars[k + 1].isASCII
    }

    /// Whether `s` shows nothing of itself yet changes what a text says or how it reads: a
    /// direction control, another format character (a zero-width space, a word joiner, a
    /// byte-order mark, a soft hyphen, a tag character) but the joiners that spell Persian
    /// words and emoji (U+200C, U+200D) and the marks written before a number, which show
    /// (U+0600 to U+0605, U+06DD, U+070F, U+0890, U+0891, U+08E2, U+110BD, U+110CD), or a
    /// line or paragraph separator (U+2028, U+2029).
    package static func isInvisible(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0xAD { return false }
        if isDirectionControl(v) || v == 0x2028 || v == 0x2029 { return true }
        guard s.properties.generalCategory == .format else { return false }
        switch v {
        case 0x200C, 0x200D, 0x0600...0x0605, 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2, 0x110BD, 0x110CD: return false
        default: return true
        }
    }

    /// A character's name as Unicode writes it: `U+202E`, `U+0008` (at least four digits).
    package static func scalarName(_ v: UInt32) -> String {
        let hex = String(v, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Whether `v` is a direction control: U+200E, U+200F, U+061C, U+202A to U+202E, U+2066 to U+2069.
    package static func isDirectionControl(_ v: UInt32) -> Bool {
        switch v {
        case 0x200E, 0x200F, 0x061C, 0x202A...0x202E, 0x2066...0x2069: return true
        default: return false
        }
    }

    /// The index of the `m` ending one of coach's own style sequences starting at `start`.
    private static func ownSequenceEnd(_ s: [Unicode.Scalar], from start: Int) -> Int? {
        guard start + 2 < s.count, s[start + 1] == "[" else { return nil }
        var code = ""
        var k = start + 2
        while k < s.count, k < start + 10, s[k] != "m" {
            code.unicodeScalars.append(s[k])
            k += 1
        }
        return k < s.count && s[k] == "m" && ownCodes.contains(code) ? k : nil
    }
}
