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

    /// `s` with the characters that mean something in HTML escaped.
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            // Direction controls would reorder the text around them (a category ending in
            // U+202E reverses the rest of its line): shown by name instead.
            case "\u{200E}", "\u{200F}", "\u{061C}", "\u{202A}"..."\u{202E}", "\u{2066}"..."\u{2069}":
                out += "[U+" + String(ch.value, radix: 16, uppercase: true) + "]"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
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
