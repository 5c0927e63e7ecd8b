// SourceTests.swift — source files, locations and text origins.

import CoachSource
import Testing

@Suite struct SourceFileTests {
    @Test func `lines are found for LF, CRLF and a last line without newline`() {
        let f = SourceFile(path: "a.yaml", text: "one\r\ntwo\nthree")
        #expect(f.lineCount == 3)
        #expect(f.lineText(1) == "one")
        #expect(f.lineText(2) == "two")
        #expect(f.lineText(3) == "three")
        #expect(f.lineText(4) == nil)
        #expect(f.lineText(0) == nil)
    }

    @Test func `scalar offsets map to line and column`() {
        let f = SourceFile(path: "x", text: "ab\ncé\nd")
        #expect(f.location(atScalarOffset: 0).description == "x:1:1")
        #expect(f.location(atScalarOffset: 4).description == "x:2:2")
        #expect(f.location(atScalarOffset: 6).description == "x:3:1")
    }

    /// Line and column by walking the scalars from the start: what the line index must agree with.
    static func walked(_ text: String, _ offset: Int) -> (Int, Int) {
        var line = 1, column = 1, index = 0, previousWasCR = false
        for scalar in text.unicodeScalars {
            if index == offset { break }
            index += 1
            switch scalar {
            case "\n": if !previousWasCR { line += 1 }; column = 1; previousWasCR = false
            case "\u{85}", "\u{2028}", "\u{2029}": line += 1; column = 1; previousWasCR = false
            case "\r": line += 1; column = 1; previousWasCR = true
            default: column += 1; previousWasCR = false
            }
        }
        return (line, column)
    }

    @Test(arguments: ["", "ab\ncé\nd", "one\r\ntwo\rthree\n\nfour", "x\u{85}y\u{2028}z\u{2029}w", "\r\n\r\n", "é\r\n😀x\n", "tail\r"])
    func `a scalar offset's line and column are the walk's, for every offset and line break`(_ text: String) {
        let f = SourceFile(path: "x", text: text)
        for offset in 0...(text.unicodeScalars.count + 2) {
            let l = f.location(atScalarOffset: offset)
            let (line, column) = Self.walked(text, offset)
            #expect(l.line == line && l.column == column, "offset \(offset) of \(text.debugDescription)")
        }
    }

    @Test func `locations order by path, line, column`() {
        let f = SourceFile(path: "a", text: "")
        let g = SourceFile(path: "b", text: "")
        #expect(f.location(line: 1, column: 9) < f.location(line: 2, column: 1))
        #expect(f.location(line: 2, column: 1) < f.location(line: 2, column: 3))
        #expect(f.location(line: 9, column: 9) < g.location(line: 1, column: 1))
        #expect(f.location(line: 1, column: 1) == SourceFile(path: "a", text: "x").location(line: 1, column: 1))
    }

    @Test func `a text origin maps offsets of embedded text to the file`() {
        let f = SourceFile(path: "r.yaml", text: "when: a > 1\n")
        let origin = TextOrigin(file: f, line: 1, column: 7)
        #expect(origin.location(atOffset: 0).description == "r.yaml:1:7")
        #expect(origin.location(atOffset: 4).description == "r.yaml:1:11")
        let points = [TextOrigin.Point(line: 2, column: 3), TextOrigin.Point(line: 3, column: 3)]
        let multi = TextOrigin(file: f, points: points)
        #expect(multi.location(atOffset: 1).description == "r.yaml:3:3")
        #expect(multi.location(atOffset: 3).description == "r.yaml:3:5")
    }
}

@Suite struct SuggestionTests {
    @Test(arguments: [
        ("priorty", ["priority", "group", "area"], "priority"),
        ("cooldwn", ["cooldown", "inhibits"], "cooldown"),
        ("conversion_rat", ["conversion_rate", "return_rate"], "conversion_rate"),
        ("are", ["area", "id"], "area"),
    ])
    func `a close name is suggested`(_ name: String, _ candidates: [String], _ expected: String) {
        #expect(Suggestions.closest(to: name, in: candidates) == expected)
    }

    @Test func `nothing is suggested when nothing is close`() {
        #expect(Suggestions.closest(to: "xyz", in: ["priority", "group"]) == nil)
        #expect(Suggestions.didYouMean("banana", in: ["area"]) == nil)
    }

    @Test func `transpositions count as one edit`() {
        #expect(Suggestions.distance("ab", "ba") == 1)
        #expect(Suggestions.distance("kitten", "sitting") == 3)
    }

    @Test func `a distance with a limit is exact up to the limit and past it beyond`() {
        var state: UInt64 = 7
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        let letters = Array("abcab".unicodeScalars)  // few letters: many near misses and transpositions
        var exact = 0
        for _ in 0..<3000 {
            let a = (0..<next(9)).map { _ in letters[next(letters.count)] }
            let b = (0..<next(9)).map { _ in letters[next(letters.count)] }
            let full = Suggestions.distance(a, b)
            for limit in 0...4 {
                let bounded = Suggestions.distance(a, b, limit: limit)
                #expect(full <= limit ? bounded == full : bounded > limit, "\(a) \(b) limit \(limit): \(bounded), in full \(full)")
                if full <= limit { exact += 1 }
            }
        }
        #expect(exact > 2000)
        // The closest name is the same however far the others are.
        #expect(Suggestions.closest(to: "sesions_30d", in: ["sessions_30d", "orders_30d", "İsessions"]) == "sessions_30d")
    }

    @Test func `ASCII names are matched as the lowercased scalars would be`() {
        var state: UInt64 = 11
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        // Capitals, and a non-ASCII candidate among ASCII ones, exercise both paths.
        let letters = Array("abAB_é")
        func word(_ ascii: Bool) -> String { String((0..<(1 + next(8))).map { _ in letters[next(ascii ? 5 : 6)] }) }
        var found = 0
        for _ in 0..<500 {
            let name = word(true)
            let candidates = (0..<next(6)).map { _ in word(next(4) > 0) }
            // What `closest` promises, worked out here the slow way.
            let limit = Suggestions.editLimit(name.count)
            let target = Array(name.lowercased().unicodeScalars)
            let scored = candidates.map { ($0, Suggestions.distance(target, Array($0.lowercased().unicodeScalars))) }
            let expected = scored.filter { $0.1 <= limit }.min { $0.1 != $1.1 ? $0.1 < $1.1 : Suggestions.prefers($0.0, over: $1.0, for: name) }?.0
            #expect(Suggestions.closest(to: name, in: candidates) == expected, "\(name) in \(candidates)")
            if expected != nil { found += 1 }
        }
        #expect(found > 100)
        #expect(Suggestions.closest(to: "Impressions_30D", in: ["impressions_30d", "orders_30d"]) == "impressions_30d")
    }

    @Test func `a hint is within a third of the name in edits, one to three`() {
        let table: [(name: String, candidates: [String], expected: String?)] = [
            ("dya", ["day", "days"], "day"),           // a swap is one edit
            ("dog", ["day", "days"], nil),             // two edits: too far for three letters
            ("dys", ["days", "day"], "days"),          // one letter added (`day` is two changes)
            ("ordrs", ["orders", "order"], "orders"),  // five letters: one edit
            ("odrs", ["orders"], nil),                 // two edits from four letters
            ("min_phots", ["min_photos"], "min_photos"),
            ("mn_phtos", ["min_photos"], "min_photos"), // eight letters: two edits
            ("mn_phts", ["min_photos"], nil),          // seven letters, three edits: too far
            ("sesions_30", ["sessions_30d"], "sessions_30d"),
            ("response_time_hr", ["response_time_hours"], "response_time_hours"),  // three of sixteen
            ("respnse_tme_hr", ["response_time_hours"], nil),  // five edits: past the cap of three
            ("case", ["base", "cases"], "cases"),      // one edit each: the one starting alike
        ]
        for row in table {
            #expect(Suggestions.closest(to: row.name, in: row.candidates) == row.expected, "\(row.name)")
        }
        #expect((0...12).map(Suggestions.editLimit) == [1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 3, 3])
    }

    @Test func `the bit-vector distance is the table's, up to the limit`() {
        var state: UInt64 = 5
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        // Few letters (many matches, near misses and transpositions), capitals in the text
        // only, and lengths up to the word's 64 bits and past them on the text's side.
        let letters = Array("abcAB_".utf8)
        var close = 0
        for round in 0..<4000 {
            let long = round % 10 == 0
            let name = (0..<(1 + next(long ? 64 : 12))).map { _ in letters[next(4)] }  // "abcA" lowercased below
                .map { $0 == 0x41 ? 0x61 : $0 }
            let text = (0..<next(long ? 70 : 14)).map { _ in letters[next(letters.count)] }
            guard let pattern = Suggestions.BitPattern(name) else {
                Issue.record("a name of \(name.count) bytes has no pattern")
                continue
            }
            let table = Suggestions.distance(name.map { Unicode.Scalar($0) },
                                             text.map { Unicode.Scalar($0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0) })
            for limit in [0, 1, 3, 100] {
                let bits = text.withUnsafeBufferPointer { pattern.distance(to: $0, limit: limit) }
                #expect(table <= limit ? bits == table : bits > limit, "\(name) \(text) limit \(limit): \(bits), by the table \(table)")
            }
            if table <= 3 { close += 1 }
        }
        #expect(close > 500)
        #expect(Suggestions.BitPattern([]) == nil)
        #expect(Suggestions.BitPattern([UInt8](repeating: 0x61, count: 65)) == nil)
    }
}
