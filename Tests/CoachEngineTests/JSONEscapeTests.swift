// JSONEscapeTests.swift — strings written as JSON by the word-at-a-time escaper against an
// escaper written the plain way, scalar by scalar, over generated strings that put every
// interesting character at every offset of an eight-byte word.

@_spi(Streaming) import CoachJSON
import CoachTestSupport
import Testing

@Suite struct JSONEscapeTests {
    /// The plain way: each scalar escaped as JSON (and JavaScript) need it.
    static func reference(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{8}": out += "\\b"
            case "\u{C}": out += "\\f"
            case "\u{2028}": out += "\\u2028"
            case "\u{2029}": out += "\\u2029"
            default:
                if u.value < 0x20 || u.value == 0x7F {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }

    /// Characters of every kind the escaper tells apart: ASCII, each escape, DEL, two- three-
    /// and four-byte characters, the 0xE2-led ones that are copied (“ ” … €) and the two that
    /// are not (U+2028, U+2029).
    static let alphabet: [String] = ["a", "Z", " ", "7", "\"", "\\", "\n", "\r", "\t", "\u{8}", "\u{C}", "\u{1}", "\u{1F}",
                                     "\u{7F}", "é", "ß", "“", "”", "…", "€", "—", "\u{2028}", "\u{2029}", "中", "😀", "\u{80}"]

    @Test func `generated strings are escaped as the plain way escapes them`() {
        var rng = SplitMix(state: 7)
        var checked = 0
        for length in 0..<40 {
            for _ in 0..<60 {
                var s = ""
                for _ in 0..<length {
                    // Mostly plain ASCII, as texts are, so that words of it come between the others.
                    let plain = rng.next() % 3 != 0
                    s += plain ? "abcdefgh".map(String.init)[Int(rng.next() % 8)] : Self.alphabet[Int(rng.next() % UInt64(Self.alphabet.count))]
                }
                #expect(JSONWriter.quoted(s) == Self.reference(s), "\(Array(s.unicodeScalars.map(\.value)))")
                checked += 1
            }
        }
        // Each character alone at each offset of a word, in runs of plain text.
        for c in Self.alphabet {
            for before in 0..<10 {
                let s = String(repeating: "x", count: before) + c + String(repeating: "y", count: 9)
                #expect(JSONWriter.quoted(s) == Self.reference(s), "\(c) after \(before)")
                checked += 1
            }
        }
        #expect(checked == 40 * 60 + Self.alphabet.count * 10)
    }
}
