// PlainObjectTests.swift — scalar signals and a list's objects read in one pass when they are
// plain (of their kinds, within range; an object's fields in declared order) give exactly what
// the general reading gives: over generated signals and listings with shuffled, missing,
// unknown and repeated keys, nulls, values of the wrong kind and out of range, the values read
// and every message are the same either way.

import CoachEngine
import CoachExpr
import CoachRules
import Foundation
import Testing

@Suite struct PlainObjectTests {
    /// The base fixture with listings of every field kind: an optional text, ints and a double
    /// with ranges, an optional bool, a double without one.
    static let ruleSet: RuleSet? = try? EngineFixture.ruleSet { name, text in
        guard name == "Rules/signals.yaml" else { return text }
        return text.replacingOccurrences(of: "      id: string\n", with: "      id: string\n      title: {type: string, absent: optional}\n")
            .replacingOccurrences(of: "      quality: {type: int, range: [0, 100]}\n", with: """
                      quality: {type: int, range: [0, 100]}
                      price: {type: double, range: [0, 10]}
                      draft: {type: bool, absent: optional}
                      score: double

                """)
    }

    static let fields = ["id", "title", "photos", "quality", "price", "draft", "score"]

    /// A good value for each field, and awkward ones.
    static let good = ["\"L1\"", "\"Oak shelf\"", "3", "70", "2.5", "false", "-1.25"]
    static let awkward = ["null", "\"x\"", "7", "-1", "51", "101", "4.5", "11", "10", "0", "1e2", "true", "[]", "{}",
                          "18446744073709551615", "-9223372036854775808", "\"\(String(repeating: "a", count: 70_000))\""]

    static func listings(_ seed: UInt64) -> [String] {
        var state = seed
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var out: [String] = []
        for _ in 0..<400 {
            var objects: [String] = []
            for _ in 0..<(1 + next(4)) {
                var members: [(String, String)] = []
                for (i, f) in fields.enumerated() {
                    switch next(30) {
                    case 0: continue  // left out
                    case 1: members.append((f, awkward[next(awkward.count)]))
                    case 2: members.append((f, good[i])); members.append((f, good[i]))  // twice
                    case 3: members.append(("extra", "1"))  // unknown, then the field
                        members.append((f, good[i]))
                    default: members.append((f, good[i]))
                    }
                }
                if next(10) == 0 {
                    var rng = Seeded(state: state)
                    members.shuffle(using: &rng)
                }
                objects.append("{" + members.map { "\"\($0.0)\": \($0.1)" }.joined(separator: ", ") + "}")
            }
            out.append("[" + objects.joined(separator: ", ") + "]")
        }
        return out
    }

    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state
        }
    }

    static func read(_ json: [UInt8], plain: Bool, _ rs: RuleSet, reader: SnapshotReader? = nil) -> (String, Snapshot?) {
        let reader = reader ?? SnapshotReader(ruleSet: rs)
        reader.plainReading = plain
        do {
            let s = try reader.read(json: json)
            return (describe(s), s)
        } catch {
            return ("refused: " + error.diagnostics.map(\.description).joined(separator: "\n"), nil)
        }
    }

    static func read(_ json: [UInt8], plain: Bool, _ rs: RuleSet) -> String { read(json, plain: plain, rs, reader: nil).0 }

    /// Every signal's value, every listing's fields included, and every message.
    static func describe(_ s: Snapshot) -> String {
        s.signals.map { $0.map(Display.text) ?? "-" }.joined(separator: " | ") + "\n"
            + s.diagnostics.map(\.description).joined(separator: "\n")
    }

    /// One reader keeps the objects of its last reads and fills them again once nothing else
    /// holds them: seller after seller it must give what a fresh reader gives, and a snapshot
    /// a host keeps must not change as the reader goes on.
    @Test func `one reader reading seller after seller gives what a fresh one gives, and kept snapshots stay as read`() throws {
        let rs = try #require(Self.ruleSet)
        let reader = SnapshotReader(ruleSet: rs)
        var kept: [(Snapshot, String)] = []
        for (n, list) in Self.listings(11).enumerated() {
            let json = Array(EngineFixture.json(signals: ["listings": list]).utf8)
            let (text, snapshot) = Self.read(json, plain: true, rs, reader: reader)
            #expect(text == Self.read(json, plain: true, rs), "\(list)")
            if n % 3 == 0, let snapshot { kept.append((snapshot, text)) }
        }
        #expect(kept.count > 30)
        for (snapshot, text) in kept { #expect(Self.describe(snapshot) == text) }
    }

    @Test func `plain objects read in one pass give what the general reading gives`() throws {
        let rs = try #require(Self.ruleSet)
        let listings = try #require(rs.catalog.index(of: "listings"))
        var valid = 0
        for list in Self.listings(5) {
            let json = Array(EngineFixture.json(signals: ["listings": list]).utf8)
            let fast = Self.read(json, plain: true, rs), general = Self.read(json, plain: false, rs)
            #expect(fast == general, "\(list)")
            let snap = try SnapshotReader(ruleSet: rs).read(json: json)
            if snap.signals[listings] != nil { valid += 1 }
        }
        #expect(valid > 50 && valid < 390, "the generated lists should be partly valid, partly not: \(valid) of 400")
    }

    @Test func `plain scalar signals read in one pass give what the general reading gives`() throws {
        let rs = try #require(Self.ruleSet)
        let signals = ["conversion_rate", "sessions_30d", "orders_30d", "price_index", "return_rate", "violations", "on_vacation", "shop_name"]
        var state: UInt64 = 17
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        for _ in 0..<300 {
            var given: [String: String] = [:]
            for name in signals where next(3) == 0 { given[name] = Self.awkward[next(Self.awkward.count)] }
            let json = Array(EngineFixture.json(signals: given, removing: next(4) == 0 ? [signals[next(signals.count)]] : []).utf8)
            #expect(Self.read(json, plain: true, rs) == Self.read(json, plain: false, rs), "\(given)")
        }
    }

    @Test func `plain lists of scalars read in one pass give what the general reading gives`() throws {
        let rs = try #require(Self.ruleSet)
        var state: UInt64 = 29
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        var valid = 0
        for _ in 0..<300 {
            let items = (0..<next(6)).map { _ in next(4) == 0 ? Self.awkward[next(Self.awkward.count)] : String(next(9)) }
            let list = next(20) == 0 ? Self.awkward[next(Self.awkward.count)] : "[" + items.joined(separator: ", ") + "]"
            let json = Array(EngineFixture.json(signals: ["weekly_sales": list]).utf8)
            let fast = Self.read(json, plain: true, rs)
            #expect(fast == Self.read(json, plain: false, rs), "\(list)")
            if !fast.contains("weekly_sales") { valid += 1 }
        }
        #expect(valid > 50 && valid < 290, "the generated lists should be partly valid, partly not: \(valid) of 300")
    }

    /// Field names of every length from 1 to 20 bytes, each against keys that differ from it
    /// in one byte (at every position), are one byte shorter or longer (no other name): the one-pass reading
    /// compares a key with a name by a word from each end, and must take a key for a field
    /// exactly when the general reading does.
    @Test func `keys are matched with field names of every length exactly`() throws {
        let letters = Array("abcdefghijklmnopqrst")
        let names = (1...20).map { "k" + String(letters.prefix($0 - 1)) }
        let declared = names.map { "      \($0): {type: int, absent: optional}\n" }.joined()
        let rs = try EngineFixture.ruleSet { name, text in
            guard name == "Rules/signals.yaml" else { return text }
            return text.replacingOccurrences(of: "      id: string\n", with: "      id: string\n" + declared)
        }
        var keys: [[String]] = []
        for (i, name) in names.enumerated() {
            let bytes = Array(name.utf8)
            var misses = [String(name.dropFirst()), name + "x"]  // the names are prefixes of one another
            for p in bytes.indices {
                var b = bytes
                b[p] = b[p] == UInt8(ascii: "z") ? UInt8(ascii: "y") : UInt8(ascii: "z")
                misses.append(String(decoding: b, as: UTF8.self))
            }
            for miss in misses {
                var k = names
                k[i] = miss
                keys.append(k)
            }
        }
        keys.append(names)
        var taken = 0
        for k in keys {
            let object = "{\"id\": \"L1\", " + k.enumerated().map { "\"\($1)\": \($0)" }.joined(separator: ", ") + ", \"photos\": 6, \"quality\": 85}"
            let json = Array(EngineFixture.json(signals: ["listings": "[\(object)]"]).utf8)
            let fast = Self.read(json, plain: true, rs)
            #expect(fast == Self.read(json, plain: false, rs), "\(k)")
            if !fast.contains("unknown") { taken += 1 }
        }
        #expect(taken == 1, "only the exact names are all taken: \(taken)")
    }
}
