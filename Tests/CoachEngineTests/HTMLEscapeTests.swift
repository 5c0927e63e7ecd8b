// HTMLEscapeTests.swift — the preview's escaping: each character HTML gives a meaning to is
// escaped, each control character and direction control is shown by name, and every other
// character is kept as it is, across Latin-1 and every scalar whose UTF-8 starts as a
// direction control's does.

import Testing
@testable import CoachEngine

@Suite struct HTMLEscapeTests {
    @Test(arguments: [
        ("", ""),
        ("plain text", "plain text"),
        ("<script>alert('x')</script>", "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"),
        ("a & b \"c\"", "a &amp; b &quot;c&quot;"),
        ("“quoted” — and ‘so’ … é ß 漢字 🙂", "“quoted” — and ‘so’ … é ß 漢字 🙂"),
        ("home\u{202E}dlrow", "home[U+202E]dlrow"),
        ("\u{200E}\u{200F}\u{061C}\u{202A}\u{202B}\u{202C}\u{202D}\u{2066}\u{2067}\u{2068}\u{2069}",
         "[U+200E][U+200F][U+061C][U+202A][U+202B][U+202C][U+202D][U+2066][U+2067][U+2068][U+2069]"),
        ("\u{0600}\u{061B}\u{061D}\u{202F}\u{2065}", "\u{0600}\u{061B}\u{061D}\u{202F}\u{2065}"),
        ("👩\u{200D}💻 می\u{200C}خواهم", "👩\u{200D}💻 می\u{200C}خواهم"),
        ("repeat\u{200D}-buyers S-103\u{200C}88 \u{200D}", "repeat[U+200D]-buyers S-103[U+200C]88 [U+200D]"),
        ("S-103\u{200B}88 \u{2029}\u{206A}\u{FEFF}", "S-103[U+200B]88 [U+2029][U+206A][U+FEFF]"),
        ("x\u{202E}", "x[U+202E]"),
        ("<\u{2066}>", "&lt;[U+2066]&gt;"),
        ("S-\u{0}x", "S-[U+0000]x"),
        ("T\u{0}\u{1}\u{1B}[2J", "T[U+0000][U+0001][U+001B][2J"),
        ("tab\tline\nreturn\r", "tab\tline\nreturn\r"),
        ("del\u{7F} c1\u{85}\u{9F} nbsp\u{A0}", "del[U+007F] c1[U+0085][U+009F] nbsp\u{A0}"),
    ])
    func `characters are escaped, direction controls named, the rest kept`(_ c: (String, String)) {
        #expect(HTML.escape(c.0) == c.1)
    }

    /// Every scalar up to U+00FF: the control characters but tab, line feed and carriage
    /// return named, and the soft hyphen (which shows nothing), the rest kept or escaped.
    @Test func `control characters are named, every other Latin-1 character kept`() {
        for v in 0...0xFF {
            guard let scalar = Unicode.Scalar(UInt32(v)) else { continue }
            let s = String(Character(scalar))
            let hex = String(v, radix: 16, uppercase: true)
            let control = v < 0x20 && ![0x09, 0x0A, 0x0D].contains(v) || (0x7F...0x9F).contains(v) || v == 0xAD
            let expected = control ? "[U+" + String(repeating: "0", count: 4 - hex.count) + hex + "]" : HTML.escape(s)
            #expect(HTML.escape("a" + s + "é") == "a" + expected + "é", "U+\(hex)")
            if control { #expect(HTML.escape(s) == expected) } else if !"&<>\"'".contains(s) { #expect(HTML.escape(s) == s) }
        }
    }

    /// Every scalar from U+00A0 to U+00FF, U+0600 to U+06FF, U+2000 to U+2FFF, U+FE00 to
    /// U+FEFF and the tags (U+E0000 to U+E007F), alone and between other text: the invisible
    /// ones (direction controls, zero-width and other format characters, the line and
    /// paragraph separators; not the joiners U+200C and U+200D) named, every other kept.
    @Test func `invisible scalars are named, and the others kept`() {
        // The joiners too: alone, or beside an ASCII character, as here, they join nothing.
        var controls: Set<UInt32> = [0x00AD, 0x061C, 0x200B, 0x200C, 0x200D, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0xFEFF]
        controls.formUnion(Set((0x2060...0x2064).map(UInt32.init)))
        controls.formUnion(Set((0x2066...0x206F).map(UInt32.init)))
        controls.formUnion(Set([0xE0001] + (0xE0020...0xE007F).map(UInt32.init)))
        for v in Array(0xA0...0xFF) + Array(0x0600...0x06FF) + Array(0x2000...0x2FFF) + Array(0xFE00...0xFEFF) + Array(0xE0000...0xE007F) {
            guard let scalar = Unicode.Scalar(UInt32(v)) else { continue }
            let s = String(Character(scalar))
            let hex = String(v, radix: 16, uppercase: true)
            let expected = controls.contains(UInt32(v)) ? "[U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "]" : s
            #expect(HTML.escape(s) == expected, "U+\(String(v, radix: 16))")
            #expect(HTML.escape("<" + s + "é") == "&lt;" + expected + "é")
        }
    }
}
