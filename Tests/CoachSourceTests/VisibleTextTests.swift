// VisibleTextTests.swift — what standard output shows of control characters: coach's own
// styles kept, anything else that could drive a terminal shown as U+FFFD.

import CoachSource
import Testing

@Suite struct VisibleTextTests {
    @Test(arguments: [
        ("plain text, line feeds and\ttabs\n", "plain text, line feeds and\ttabs\n"),
        ("title \u{1B}]0;pwned\u{07}", "title \u{FFFD}]0;pwned\u{FFFD}"),
        ("clear \u{1B}[2J screen", "clear \u{FFFD}[2J screen"),
        ("a\r\nb\u{00}c\u{7F}d\u{9B}e", "a\u{FFFD}\nb\u{FFFD}c\u{FFFD}d\u{FFFD}e"),
        ("é, “quotes”, 😀 stay", "é, “quotes”, 😀 stay"),
        ("\u{1B}[1;31m", "\u{1B}[1;31m"),  // one of coach's own codes, even when a seller wrote it: a colour, nothing more
        ("\u{1B}[1;31", "\u{FFFD}[1;31"),
    ])
    func `control characters are shown, coach's own styles kept`(text: String, shown: String) {
        #expect(TerminalStyle.visible(text) == shown)
    }

    /// A text view's seller ids, categories and texts: direction controls shown by name (a
    /// seller id ending in U+202E would reverse the rest of a report's line), other
    /// characters as they are.
    @Test(arguments: [
        ("P-1\u{202E}deniag, ESC\u{1B}[2J", "P-1[U+202E]deniag, ESC\u{FFFD}[2J"),
        ("a\u{2066}b\u{2069}c\u{200F}d\u{061C}e", "a[U+2066]b[U+2069]c[U+200F]d[U+061C]e"),
        ("“quotes” — and …, عربي", "“quotes” — and …, عربي"),
        ("two\nlines", "two\u{FFFD}lines"),
    ])
    func `one line of a text view shows direction controls by name`(text: String, shown: String) {
        #expect(TerminalStyle.oneLine(text) == shown)
    }

    /// A paragraph (a tip's body in `coach eval`'s text) keeps its line breaks, its direction
    /// controls named.
    @Test func `a paragraph shows direction controls by name and keeps its lines`() {
        #expect(TerminalStyle.namingInvisibles("Start with L-\u{202E}1-FDP.\nThen more.") == "Start with L-[U+202E]1-FDP.\nThen more.")
        #expect(TerminalStyle.namingInvisibles("“plain” — text") == "“plain” — text")
    }

    /// Characters that show nothing are named too (two ids that look alike are told apart);
    /// the joiners that spell emoji and Persian words are kept.
    @Test(arguments: [
        ("S-103\u{200B}88", "S-103[U+200B]88"), ("a\u{2060}b\u{FEFF}c", "a[U+2060]b[U+FEFF]c"), ("soft\u{00AD}hyphen", "soft[U+00AD]hyphen"),
        ("tag\u{E0041}", "tag[U+E0041]"), ("line\u{2028}sep", "line[U+2028]sep"), ("👩\u{200D}💻 and می\u{200C}خواهم", "👩\u{200D}💻 and می\u{200C}خواهم"),
        ("café ü", "café ü"), ("repeat\u{200D}-buyers", "repeat[U+200D]-buyers"), ("S-103\u{200C}88", "S-103[U+200C]88"),
    ])
    func `invisible characters are named, joiners kept`(text: String, shown: String) {
        #expect(TerminalStyle.namingInvisibles(text) == shown)
        #expect(TerminalStyle.oneLine(text) == shown)
    }

    @Test func `a painted text keeps its style`() {
        let painted = TerminalStyle.paint("TIPS", TerminalStyle.bold, if: true) + " " + TerminalStyle.paint("x\u{1B}[2Jy", TerminalStyle.red, if: true)
        #expect(TerminalStyle.visible(painted) == "\u{1B}[1mTIPS\u{1B}[0m \u{1B}[1;31mx\u{FFFD}[2Jy\u{1B}[0m")
    }
}
