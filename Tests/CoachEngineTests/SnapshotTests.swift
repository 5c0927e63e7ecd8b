// SnapshotTests.swift — reading seller snapshots: validation against the catalog, and
// malformed input reported with its position.

import CoachEngine
import CoachExpr
import CoachRules
import CoachSource
import Foundation
import Testing

@Suite struct SnapshotTests {
    func read(_ json: String) throws -> Snapshot {
        let rs = try #require(EngineFixture.ruleSet)
        return try SnapshotReader(ruleSet: rs).read(json: Array(json.utf8))
    }

    func index(_ name: String) throws -> Int { try #require(EngineFixture.ruleSet?.catalog.index(of: name)) }

    struct Invalid: Sendable, CustomTestStringConvertible {
        let signal: String
        let json: String
        let message: String
        var testDescription: String { "\(signal) = \(json)" }
    }

    static let invalid: [Invalid] = [
        Invalid(signal: "conversion_rate", json: "1.7", message: "signal 'conversion_rate' is 1.7, outside its range [0, 1]; it is treated as missing"),
        Invalid(signal: "sessions_30d", json: "\"many\"", message: "signal 'sessions_30d' is \"many\" (string), expected an int; it is treated as missing"),
        Invalid(signal: "sessions_30d", json: "12.5", message: "signal 'sessions_30d' is 12.5 (double), expected an int (a whole number); it is treated as missing"),
        Invalid(signal: "sessions_30d", json: "1e300", message: "signal 'sessions_30d' is 1e+300, too large for an int; it is treated as missing"),
        Invalid(signal: "sessions_30d", json: "-4.0", message: "signal 'sessions_30d' is -4.0, outside its range [0, ∞); it is treated as missing"),
        Invalid(signal: "sessions_30d", json: "-3", message: "signal 'sessions_30d' is -3, outside its range [0, ∞); it is treated as missing"),
        Invalid(signal: "on_vacation", json: "\"yes\"", message: "signal 'on_vacation' is \"yes\" (string), expected true or false; it is treated as missing (its default is for an absent signal only)"),
        Invalid(signal: "weekly_sales", json: "[1, \"two\"]", message: "signal 'weekly_sales' has an invalid item, weekly_sales[1]: is \"two\" (string), expected an int; it is treated as missing"),
        Invalid(signal: "listings", json: "[{\"id\": \"L1\", \"photos\": 99}]", message: "signal 'listings' has an invalid item, listings[0]: field 'photos' is 99, outside its range [0, 50]; it is treated as missing"),
        Invalid(signal: "shop_name", json: "42", message: "signal 'shop_name' is 42 (int), expected text; it is treated as missing"),
        Invalid(signal: "listings", json: "[{\"id\": \"L1\", \"quality\": 50}]",
                message: "signal 'listings' has an invalid item, listings[0]: has no value for field 'photos'; it is treated as missing"),
        Invalid(signal: "listings", json: "[{\"id\": \"L1\", \"photos\": null, \"quality\": 50}]",
                message: "signal 'listings' has an invalid item, listings[0]: has no value for field 'photos'; it is treated as missing"),
        Invalid(signal: "listings", json: "[{\"id\": \"L1\", \"photos\": 2, \"photos\": 3, \"quality\": 50}]",
                message: "signal 'listings' has an invalid item, listings[0]: gives field 'photos' twice; it is treated as missing"),
    ]

    @Test func `a signal with a default gets it when absent; null or a wrong value is unknown, not absent`() throws {
        let absent = try read(EngineFixture.json(signals: [:], removing: ["orders_30d"]))
        #expect(absent.signals[try index("orders_30d")].map { if case .int(0) = $0 { true } else { false } } == true)
        let snap = try read(EngineFixture.json(signals: ["orders_30d": "null", "violations": "\"x\""]))
        #expect(snap.signals[try index("orders_30d")] == nil)
        #expect(snap.signals[try index("violations")] == nil)
        #expect(!snap.diagnostics.contains { $0.message.contains("orders_30d") }, "null is said by the skipped rules, not as a problem of the input")
        #expect(snap.diagnostics.contains { $0.message.hasSuffix("it is treated as missing (its default is for an absent signal only)") })
    }

    @Test func `an int signal or field written as a whole number with a point is that int`() throws {
        let snap = try read(EngineFixture.json(signals: ["sessions_30d": "500.0", "violations": "-0.0",
                                                         "listings": #"[{"id": "L1", "photos": 6.0, "quality": 85}]"#]))
        func int(_ v: Value?) -> Int64? { if case .int(let i)? = v { return i }; return nil }
        #expect(int(snap.signals[try index("sessions_30d")]) == 500)
        #expect(int(snap.signals[try index("violations")]) == 0)
        #expect(snap.diagnostics.isEmpty, "\(snap.diagnostics.map(\.message))")
        guard case .list(let listings)? = snap.signals[try index("listings")], case .object(let o)? = listings.first else {
            Issue.record("listings not read: \(String(describing: snap.signals[try index("listings")]))")
            return
        }
        let photos = try #require(o.type.fields.firstIndex { $0.name == "photos" })
        #expect(o.int(at: photos) == 6)
    }

    @Test(arguments: invalid)
    func `a wrong type or out-of-range value is reported and the signal counts as missing`(_ c: Invalid) throws {
        let snap = try read(EngineFixture.json(signals: [c.signal: c.json]))
        #expect(snap.signals[try index(c.signal)] == nil)
        #expect(snap.diagnostics.map(\.message).contains(c.message), "got: \(snap.diagnostics.map(\.message))")
    }

    @Test(arguments: [
        (#""as_of": "2026-11-20", "#, "duplicate key 'as_of'"),
        (#""seller": {"id": "S-1", "id": "S-2", "enrolled_on": "2026-11-01"}, "#, "duplicate key 'id'"),
    ])
    func `a key given twice in a JSON snapshot is refused, as in YAML`(_ prefix: String, _ message: String) throws {
        let json = "{" + prefix + EngineFixture.json().dropFirst()
        #expect(throws: DiagnosticError.self) { try read(json) }
        do { _ = try read(json) } catch let error as DiagnosticError {
            #expect(error.diagnostics.map(\.message).contains(message), "got \(error.diagnostics.map(\.message))")
        }
    }

    @Test func `a signal given twice is refused at its position`() throws {
        let rs = try #require(EngineFixture.ruleSet)
        let json = EngineFixture.json().replacingOccurrences(of: #""orders_30d": 15"#, with: #""orders_30d": 15, "orders_30d": 999"#)
        do {
            _ = try SnapshotReader(ruleSet: rs).read(json: Array(json.utf8), path: "seller.json")
            Issue.record("accepted")
        } catch {
            let d = try #require(error.diagnostics.first { $0.code == "snapshot.duplicate-key" })
            #expect(d.message == "duplicate key 'orders_30d'")
            #expect(DiagnosticRenderer().render(d).hasPrefix("seller.json:2:"), "\(DiagnosticRenderer().render(d))")
            #expect(d.notes.first?.location != nil, "the first one is named too")
        }
    }

    /// What simdjson refuses without saying where, found again at its place: an escape it
    /// does not take, half a surrogate pair, a leading zero.
    @Test(arguments: [
        (#""shop_name": "a\ud800b""#, #"invalid \u escape: \uD800 is half of a surrogate pair, alone"#, #"\ud800"#),
        (#""shop_name": "a\udfffb""#, #"invalid \u escape: \uDFFF is half of a surrogate pair, alone"#, #"\udfff"#),
        (#""shop_name": "a\ud83dxb""#, #"invalid \u escape: \uD83D is half of a surrogate pair, alone"#, #"\ud83d"#),
        (#""shop_name": "a\xb""#, #"invalid escape character 'x' after '\' in a string"#, #"\x"#),
        (#""shop_name": "a\u12""#, #"invalid \u escape: four hex digits must follow"#, #"\u12"#),
        (#""sessions_30d": 0123"#, "invalid number: a leading zero", "0123"),
    ])
    func `malformed JSON simdjson does not place is placed`(_ part: String, _ message: String, _ at: String) throws {
        let rs = try #require(EngineFixture.ruleSet)
        let json = EngineFixture.json(removing: ["shop_name", "sessions_30d"])
            .replacingOccurrences(of: #""id": "S-1""#, with: part.hasPrefix(#""id""#) ? part : #""id": "S-1""#)
            .replacingOccurrences(of: #""signals": {"#, with: part.hasPrefix(#""id""#) ? #""signals": {"# : #""signals": {"# + part + ", ")
        do {
            _ = try SnapshotReader(ruleSet: rs).read(json: Array(json.utf8), path: "s.json")
            Issue.record("accepted: \(json)")
        } catch {
            let d = try #require(error.diagnostics.first)
            #expect(d.message == "malformed JSON: " + message && d.code == "snapshot.json")
            // Where it points: one line, columns counting characters (all ASCII here).
            let location = try #require(d.location)
            let text = Array(json.split(separator: "\n", omittingEmptySubsequences: false)[location.line - 1])
            #expect(String(text.dropFirst(location.column - 1)).hasPrefix(at), "\(d)")
        }
    }

    @Test(arguments: [("1000.0", "seller.id must be text or a whole number, not 1000.0"), ("true", "seller.id must be text or a whole number, not true"),
                      ("[1]", "seller.id must be text or a whole number, not a list")])
    func `a seller id that is neither text nor a whole number is refused, saying both are accepted`(_ id: String, _ message: String) throws {
        let json = EngineFixture.json().replacingOccurrences(of: #""id": "S-1""#, with: #""id": "# + id)
        do {
            _ = try read(json)
            Issue.record("accepted")
        } catch let error as DiagnosticError {
            #expect(error.diagnostics.map(\.message).contains(message), "\(error.diagnostics.map(\.message))")
        }
        #expect(try read(EngineFixture.json().replacingOccurrences(of: #""id": "S-1""#, with: #""id": 1000"#)).sellerID == "1000")
    }

    @Test func `a whole-number seller id past the largest int is refused as too large, not as a fraction`() throws {
        let json = EngineFixture.json().replacingOccurrences(of: #""id": "S-1""#, with: #""id": 9223372036854775808"#)
        do {
            _ = try read(json)
            Issue.record("accepted")
        } catch let error as DiagnosticError {
            let d = try #require(error.diagnostics.first { $0.message.hasPrefix("seller.id") })
            #expect(d.message == "seller.id 9223372036854775808 is too large for a whole-number id (at most 9223372036854775807)")
            #expect(d.hint == #"write the id as text: "9223372036854775808""#)
            // Placed at the number, found by the YAML reading, which refuses it.
            let location = try #require(d.location)
            let line = Array(json.split(separator: "\n", omittingEmptySubsequences: false)[location.line - 1])
            #expect(String(line.dropFirst(location.column - 1)).hasPrefix("9223372036854775808"), "\(d)")
        }
    }

    @Test func `a surrogate pair, and the largest and smallest ints, are read`() throws {
        let rs = try #require(EngineFixture.ruleSet)
        let json = EngineFixture.json(signals: ["shop_name": #""a\ud83d\ude00b""#, "sessions_30d": "9223372036854775807",
                                                "orders_30d": "-9223372036854775808"])
        let snap = try SnapshotReader(ruleSet: rs).read(json: Array(json.utf8), path: "s.json")
        // (The smallest int is read, not refused as malformed; orders_30d's range then rules it out.)
        guard case .string(let name)? = snap.signals[try index("shop_name")], case .int(let sessions)? = snap.signals[try index("sessions_30d")] else {
            Issue.record("not read: \(snap.signals)")
            return
        }
        #expect(name == "a\u{1F600}b" && sessions == Int64.max)
    }

    @Test(arguments: ["00123", "0x1F", "+42", "0o17", "123"])
    func `a YAML seller id written as a number is kept as written`(id: String) throws {
        let rs = try #require(EngineFixture.ruleSet)
        let yaml = "seller: {id: \(id), category: home, enrolled_on: 2026-11-01}\nas_of: 2026-11-16\nsignals: {sessions_30d: 5}\n"
        let snap = try SnapshotReader(ruleSet: rs).read(yaml: yaml)
        #expect(snap.sellerID == id)
    }

    @Test func `an infinite number in a YAML snapshot counts as missing`() throws {
        let rs = try #require(EngineFixture.ruleSet)
        let yaml = "seller: {id: S-1, category: home, enrolled_on: 2026-11-01}\nas_of: 2026-11-16\nsignals: {price_index: .inf, sessions_30d: 5, orders_30d: 1}\n"
        let snap = try SnapshotReader(ruleSet: rs).read(yaml: yaml)
        #expect(snap.signals[try index("price_index")] == nil)
        #expect(snap.diagnostics.map(\.message).contains("signal 'price_index' is infinity, expected a finite number; it is treated as missing"))
    }

    @Test func `an integer too large for 64 bits is a syntax error at its position`() throws {
        let rs = try #require(EngineFixture.ruleSet)
        let json = EngineFixture.json(signals: ["sessions_30d": "99999999999999999999999"])
        do {
            _ = try SnapshotReader(ruleSet: rs).read(json: Array(json.utf8), path: "s.json")
            Issue.record("accepted")
        } catch {
            let d = try #require(error.diagnostics.first)
            #expect(d.message == "malformed JSON: the integer 99999999999999999999999 is too large for 64 bits")
            #expect(d.location != nil)
        }
    }

    @Test func `an int is accepted where a double is expected`() throws {
        let snap = try read(EngineFixture.json(signals: ["conversion_rate": "0"]))
        guard case .double(0)? = snap.signals[try index("conversion_rate")] else { Issue.record("not a double"); return }
        #expect(snap.diagnostics.isEmpty)
    }

    @Test func `unknown signals and fields are reported with a suggestion, not silently dropped`() throws {
        let snap = try read(EngineFixture.json(signals: ["sesions_30d": "5", "listings": "[{\"id\": \"L1\", \"photos\": 3, \"quality\": 50, \"fotos\": 2}]"]))
        let messages = snap.diagnostics.map(\.message)
        #expect(messages.contains("unknown signal 'sesions_30d' is ignored"))
        #expect(snap.diagnostics.first { $0.message.hasPrefix("unknown signal") }?.hint == "did you mean 'sessions_30d'?")
        #expect(messages.contains("signal 'listings' has unknown field 'fotos' (first in listings[0]), ignored"))
    }

    @Test func `a reader gives an unknown signal the same hint on every read`() throws {
        let reader = SnapshotReader(ruleSet: try #require(EngineFixture.ruleSet))
        // Close to a signal, close to none, and a long name (not remembered): each twice,
        // and the first again after the others.
        let long = String(repeating: "z", count: 300)
        for name in ["sesions_30d", "zzzz_qqqq", long, "sesions_30d", "zzzz_qqqq", long, "sesions_30d"] {
            let snap = try reader.read(json: Array(EngineFixture.json(signals: [name: "5"]).utf8))
            // A long name is clipped in the message (``String/clipped(to:)``).
            let hint = snap.diagnostics.first { $0.message == "unknown signal '\(name.clipped(to: 100))' is ignored" }?.hint
            #expect(hint == (name == "sesions_30d" ? "did you mean 'sessions_30d'?" : "the catalog (Rules/signals.yaml) does not declare it"))
        }
    }

    @Test func `absence follows the catalog: required is an error, default fills in, optional stays missing`() throws {
        let snap = try read(EngineFixture.json(removing: ["sessions_30d", "violations", "price_index"]))
        #expect(snap.signals[try index("sessions_30d")] == nil)
        #expect(snap.diagnostics.contains { $0.severity == .error && $0.message == "required signal 'sessions_30d' is missing" })
        guard case .int(0)? = snap.signals[try index("violations")] else { Issue.record("default not applied"); return }
        #expect(snap.signals[try index("price_index")] == nil)
        #expect(!snap.diagnostics.contains { $0.message.contains("price_index") })
    }

    struct Malformed: Sendable, CustomTestStringConvertible {
        let name: String
        let json: String
        let expected: String
        var testDescription: String { name }
    }

    static let malformed: [Malformed] = [
        Malformed(name: "trailing comma", json: "{\"as_of\": \"2026-11-24\",\n \"signals\": {\"a\": 1,}\n}",
                  expected: "s.json:2:21: error: malformed JSON: expected a member name in double quotes"),
        Malformed(name: "single quotes", json: "{'as_of': 1}", expected: "s.json:1:2: error: malformed JSON: expected a member name in double quotes"),
        Malformed(name: "single-quoted value", json: "{\"as_of\": 'x'}", expected: "s.json:1:11: error: malformed JSON: unexpected character '''"),
        Malformed(name: "cut short", json: "{\"seller\": {\"id\": \"S\"", expected: "s.json:1:22: error: malformed JSON: the text ends inside an object"),
        Malformed(name: "not an object", json: "[1, 2]", expected: "s.json:1:1: error: a snapshot must be an object with seller, as_of and signals, not a list"),
        Malformed(name: "no seller", json: "{\"as_of\": \"2026-11-24\", \"signals\": {}}", expected: "s.json:1:1: error: the snapshot has no 'seller'"),
        Malformed(name: "bad date", json: "{\"seller\": {\"id\": \"S\", \"enrolled_on\": \"2026-02-30\"}, \"as_of\": \"2026-11-24\", \"signals\": {}}",
                  expected: "s.json:1:39: error: seller.enrolled_on must be a date written YYYY-MM-DD, not \"2026-02-30\""),
        Malformed(name: "as_of before enrolment", json: "{\"seller\": {\"id\": \"S\", \"enrolled_on\": \"2026-11-24\"}, \"as_of\": \"2026-11-01\", \"signals\": {}}",
                  expected: "s.json:1:63: error: as_of (2026-11-01) is before the enrolment date (2026-11-24)"),
    ]

    @Test(arguments: malformed)
    func `a malformed snapshot is an error with its position, not a crash`(_ c: Malformed) throws {
        let rs = try #require(EngineFixture.ruleSet)
        do {
            _ = try SnapshotReader(ruleSet: rs).read(json: Array(c.json.utf8), path: "s.json")
            Issue.record("accepted")
        } catch {
            #expect(error.diagnostics.first?.description == c.expected)
        }
    }

    @Test func `YAML snapshots read the same and keep positions`() throws {
        let rs = try #require(EngineFixture.ruleSet)
        let yaml = """
            seller: {id: S-9, category: fashion, enrolled_on: 2026-11-01}
            as_of: 2026-11-10
            signals:
              conversion_rate: 2.5
              sessions_30d: 10
            """
        let snap = try SnapshotReader(ruleSet: rs).read(yaml: yaml, path: "s.yaml")
        #expect(snap.day == 9)
        let d = try #require(snap.diagnostics.first { $0.message.contains("conversion_rate") })
        #expect(d.location?.description == "s.yaml:4:20")
    }

    @Test func `hostile JSON is refused cleanly`() throws {
        let rs = try #require(EngineFixture.ruleSet)
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: DiagnosticError.self) { try SnapshotReader(ruleSet: rs).read(json: Array(deep.utf8)) }
        #expect(throws: DiagnosticError.self) { try SnapshotReader(ruleSet: rs).read(json: [0xFF, 0xFE, 0x7B]) }
        #expect(throws: DiagnosticError.self) { try SnapshotReader(ruleSet: rs).read(json: []) }
    }
}

@Suite struct CivilDateTests {
    @Test(arguments: ["1970-01-01", "2000-02-29", "2026-11-24", "2100-12-31", "1969-07-20"])
    func `dates round-trip`(_ text: String) throws {
        #expect(CivilDate.format(try #require(CivilDate.parse(text))) == text)
    }

    @Test func `days from before year 0 to past 9999 are written as the general form writes them`() throws {
        // The general form (years outside 0...9999 still take it), beside the digits written in place.
        func general(_ day: Int) -> String {
            let (y, m, d) = CivilDate.civil(day)
            func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
            let year = String(y)
            return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + two(m) + "-" + two(d)
        }
        let first = CivilDate.days(year: -2, month: 12, day: 1), last = CivilDate.days(year: 10_001, month: 2, day: 1)
        // Every fifth day (each day of each month comes round), and each of the first and last years'.
        let days = Array(stride(from: first, through: last, by: 5)) + Array(first...(first + 800)) + Array((last - 800)...last)
        for day in days {
            let text = CivilDate.format(day)
            if text != general(day) { Issue.record("day \(day): \(text), not \(general(day))"); return }
        }
        #expect(CivilDate.format(0) == "1970-01-01")
        #expect(CivilDate.format(CivilDate.days(year: 9999, month: 12, day: 31)) == "9999-12-31")
        #expect(CivilDate.format(CivilDate.days(year: 10_000, month: 1, day: 1)) == "10000-01-01")
        #expect(CivilDate.format(CivilDate.days(year: 7, month: 3, day: 9)) == "0007-03-09")
    }

    @Test func `differences are in days, leap years included`() throws {
        let a = try #require(CivilDate.parse("2024-02-28")), b = try #require(CivilDate.parse("2024-03-01"))
        #expect(b - a == 2)
        #expect(CivilDate.parse("2026-11-24T10:30:00Z") == CivilDate.parse("2026-11-24"))
    }

    @Test(arguments: ["2026-13-01", "2026-02-29", "26-11-24", "2026/11/24", "", "2026-11-24x",
                      // After the date, only a time: not text of another kind, nor a time out of range.
                      "2026-11-24Tgarbage", "2026-11-24 whatever", "2026-11-24T", "2026-11-24T99:99", "2026-11-24T10",
                      "2026-11-24T10:30:", "2026-11-24T10:30:00.", "2026-11-24T10:30:00+1", "2026-11-24T10:30:00Zx",
                      "2026-11-24T24:00", "2026-11-24T10:30:00+24:00"])
    func `invalid dates are refused`(_ text: String) { #expect(CivilDate.parse(text) == nil) }

    @Test(arguments: ["2026-11-24T10:30:00Z", "2026-11-24t10:30z", "2026-11-24 10:30", "2026-11-24T23:59:60.123456",
                      "2026-11-24T23:59:59-11:00", "2026-11-24T00:00+14:00"])
    func `a timestamp is read as the day it is written on`(_ text: String) {
        #expect(CivilDate.parse(text) == CivilDate.parse("2026-11-24"))
    }
}
