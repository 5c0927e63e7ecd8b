// HTML.swift — building HTML text in which every string given is escaped: the preview pages
// hold texts from snapshots and rules, which may contain markup or script.

import CoachSource

/// HTML under construction. ``text(_:)`` escapes; only the page's own markup goes in raw.
struct HTML {
    private(set) var out = ""

    /// Appends the page's own markup, as is (never a string from a snapshot or a rule).
    mutating func raw(_ markup: String) { out += markup }

    /// Appends `s` as text: `&`, `<`, `>`, `"` and `'` escaped, so it shows as written.
    mutating func text(_ s: String) { out += HTML.escape(s) }

    /// `<tag attributes>` + body + `</tag>`; attribute values are escaped.
    mutating func element(_ tag: String, _ attributes: [(String, String)] = [], _ body: (inout HTML) -> Void) {
        out += "<" + tag + HTML.attributes(attributes) + ">"
        body(&self)
        out += "</" + tag + ">"
    }

    /// `<tag attributes>text</tag>`, the text escaped.
    mutating func element(_ tag: String, _ attributes: [(String, String)] = [], text: String) {
        element(tag, attributes) { $0.text(text) }
    }

    static func attributes(_ attributes: [(String, String)]) -> String {
        attributes.map { " \($0.0)=\"\(escape($0.1))\"" }.joined()
    }

    /// `s` with the characters that mean something in HTML escaped, and those a page would
    /// not show (control characters, direction controls, zero-width characters) shown by
    /// name: `[U+0000]`.
    static func escape(_ s: String) -> String {
        // Byte by byte over the UTF-8 (appending scalars one at a time to a String took a
        // quarter of a population preview): every byte the escaping looks at is ASCII or
        // starts a scalar, which no other scalar's bytes can be mistaken for.
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            switch b {
            case UInt8(ascii: "&"): out += "&amp;".utf8
            case UInt8(ascii: "<"): out += "&lt;".utf8
            case UInt8(ascii: ">"): out += "&gt;".utf8
            case UInt8(ascii: "\""): out += "&quot;".utf8
            case UInt8(ascii: "'"): out += "&#39;".utf8
            case 0x00...0x08, 0x0B, 0x0C, 0x0E...0x1F, 0x7F:
                // A control character: invisible on the page (a browser drops a NUL, so
                // "S-\0x" would look like "S-x"). Tabs and line breaks stay.
                out += named(UInt32(b)).utf8
            case 0xC2 where i + 1 < bytes.count && (0x80...0x9F).contains(bytes[i + 1]):
                out += named(UInt32(bytes[i + 1])).utf8  // a C1 control, U+0080 to U+009F
                i += 2
                continue
            case 0xC2...0xF4:
                let width = b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4
                if i + width <= bytes.count, let invisible = invisible(bytes[i..<(i + width)]) ?? lonelyJoiner(bytes, at: i) {
                    // Direction controls would reorder the text around them (a category
                    // ending in U+202E reverses the rest of its line), and a zero-width
                    // space shows nothing ("S-103\u{200B}88" looked like "S-10388"): shown by
                    // name instead (TerminalStyle.isInvisible).
                    out += named(invisible).utf8
                    i += width
                    continue
                }
                out.append(b)
            default: out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// A character shown by name: `[U+001B]`.
    private static func named(_ scalar: UInt32) -> String { "[" + TerminalStyle.scalarName(scalar) + "]" }

    /// The scalar value of the invisible character these bytes encode (a direction control,
    /// a zero-width space, …: ``TerminalStyle/isInvisible(_:)``), or nil when they encode
    /// anything else.
    private static func invisible(_ b: ArraySlice<UInt8>) -> UInt32? {
        guard let lead = b.first else { return nil }
        let mask: UInt32 = b.count == 2 ? 0x1F : b.count == 3 ? 0x0F : 0x07
        let v = b.dropFirst().reduce(UInt32(lead) & mask) { $0 << 6 | UInt32($1 & 0x3F) }
        guard b.dropFirst().allSatisfy({ $0 & 0xC0 == 0x80 }), let scalar = Unicode.Scalar(v) else { return nil }
        return TerminalStyle.isInvisible(scalar) ? v : nil
    }

    /// U+200C or U+200D at `i` when it joins nothing it could: at an end, or beside an ASCII
    /// character (`S-103\u{200D}88` looked like `S-10388`), as ``TerminalStyle/isInvisible(_:at:)``.
    private static func lonelyJoiner(_ b: [UInt8], at i: Int) -> UInt32? {
        guard i + 3 <= b.count, b[i] == 0xE2, b[i + 1] == 0x80, b[i + 2] == 0x8C || b[i + 2] == 0x8D else { return nil }
        let lonely = i == 0 || i + 3 == b.count || b[i - 1] < 0x80 || b[i + 3] < 0x80
        return lonely ? (b[i + 2] == 0x8C ? 0x200C : 0x200D) : nil
    }

    /// A file name made of `s`'s letters, digits, `-`, `_` and `.` (others become `_`), at
    /// most 80 characters: seller ids are the producer's, not safe as paths.
    static func fileName(_ s: String) -> String {
        let safe = String(String.UnicodeScalarView(s.unicodeScalars.prefix(80).map { ch -> Unicode.Scalar in
            ch.isASCIILetter || ch.isASCIIDigit || ch == "-" || ch == "_" || ch == "." ? ch : "_"
        }))
        return safe.isEmpty || safe.hasPrefix(".") ? "_" + safe : safe
    }
}
