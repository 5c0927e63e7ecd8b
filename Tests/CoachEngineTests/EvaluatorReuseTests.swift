// EvaluatorReuseTests.swift — an evaluator kept from one seller to the next gives, for each,
// what a fresh evaluation gives: nothing (a definition's value, a rule's state, a held-back
// tip) leaks from one seller into the next; and its ids-only decisions are the full result's.

import CoachEngine
import CoachExpr
@_spi(Streaming) import CoachJSON
import CoachRules
import CoachTestSupport
import Foundation
import Testing

@Suite struct EvaluatorReuseTests {
    static func shipped() throws -> (RuleSet, [Snapshot]) {
        let rs = try RuleSet.load(rules: TestPaths.inPackage("Rules").path, playbooks: TestPaths.inPackage("Playbooks").path)
        let dir = TestPaths.inPackage("Examples").path
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted()
        let reader = SnapshotReader(ruleSet: rs)
        return (rs, try names.map { try reader.read(path: dir + "/" + $0) })
    }

    func render(_ r: Recommendations) -> String { JSONWriter(indent: nil).write(r.json) }

    @Test func `one evaluator over all examples, in both orders, gives each example's fresh result`() throws {
        let (rs, snapshots) = try Self.shipped()
        #expect(snapshots.count >= 6)
        let fresh = snapshots.map { render(rs.evaluate($0)) }
        let evaluator = Evaluator(ruleSet: rs)
        let all = Array(snapshots.indices)
        for order in [all, all.reversed(), all + all] {
            for i in order { #expect(render(evaluator.evaluate(snapshots[i])) == fresh[i], "example \(i)") }
        }
    }

    /// An activation made for a snapshot holds the seller's values itself: it reads them
    /// after the snapshot is gone (the mentor preview keeps one while it renders).
    @Test func `an activation made for a snapshot outlives the snapshot`() throws {
        let rs = try RuleSet.load(rules: TestPaths.inPackage("Rules").path, playbooks: TestPaths.inPackage("Playbooks").path)
        let slots = rs.catalog.signals.indices.map { rs.slots.signals[$0] }
        let (activations, expected): ([Activation], [[String]]) = try {
            let dir = TestPaths.inPackage("Examples").path
            let reader = SnapshotReader(ruleSet: rs)
            let snapshots = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".json") }.sorted()
                .map { try reader.read(path: dir + "/" + $0) }
            let made = snapshots.map { rs.activation(for: $0) }
            return (made, made.map { a in slots.map { Display.text(a[$0]) } })
        }()
        #expect(activations.count >= 6 && expected.joined().contains { $0.hasPrefix("[") })  // lists among them
        for (a, values) in zip(activations, expected) {
            #expect(slots.map { Display.text(a[$0]) } == values)
        }
    }

    @Test func `decisions name exactly what the full result shows`() throws {
        let (rs, snapshots) = try Self.shipped()
        let evaluator = Evaluator(ruleSet: rs)
        for s in snapshots + snapshots.reversed() {
            let d = evaluator.decide(s)
            let r = rs.evaluate(s)
            var ids: [UInt8] = []
            d.appendIDs(rs, to: &ids)
            var expected: [UInt8] = []
            r.appendIDs(to: &expected)
            #expect(String(decoding: ids, as: UTF8.self) == String(decoding: expected, as: UTF8.self), "\(s.sellerID)")
            var written: [UInt8] = []  // what coach batch --output ids writes, straight from the evaluator
            evaluator.appendIDs(s, to: &written)
            #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self), "\(s.sellerID)")
            #expect(d.tips.map { rs.rules[$0].id } == r.tips.map(\.id))
            #expect(d.escalations.map { rs.rules[$0].id } == r.escalations.map(\.id))
        }
    }

    @Test func `the streamed JSON is the tree's JSON, byte for byte`() throws {
        let (rs, snapshots) = try Self.shipped()
        #expect(!snapshots.isEmpty)
        for s in snapshots {
            let r = rs.evaluate(s)
            for indent in [2, nil] as [Int?] {
                let tree = JSONWriter(indent: indent).write(r.json)
                #expect(String(decoding: r.jsonBytes(indent: indent), as: UTF8.self) == tree, "\(s.sellerID)")
            }
        }
        // Results inside an array (coach eval of several snapshots), one level deeper, at the
        // indents whose learning links are written ahead and at one whose are not.
        let results = snapshots.map { rs.evaluate($0) }
        for indent in [2, nil, 4] as [Int?] {
            var stream = JSONStream(indent: indent)
            stream.beginArray()
            for r in results { r.write(to: &stream) }
            stream.endArray()
            #expect(String(decoding: stream.bytes, as: UTF8.self) == JSONWriter(indent: indent).write(.array(results.map(\.json))))
        }
        // A result changed before it is written writes what it holds, not the links made ahead.
        if var changed = results.first(where: { $0.checklist.first?.learn.isEmpty == false }) {
            changed.checklist[0].learn = []
            #expect(String(decoding: changed.jsonBytes(), as: UTF8.self) == JSONWriter().write(changed.json))
        }
        for s in snapshots {
            let r = rs.evaluate(s)
            for indent in [4] as [Int?] {
                #expect(String(decoding: r.jsonBytes(indent: indent), as: UTF8.self) == JSONWriter(indent: indent).write(r.json))
            }
        }
        // Empty containers, nulls and escapes, beside a tree built by hand.
        let value: JSONValue = .object([("a", .array([])), ("b", .object([])), ("c", .null), ("d", .string("\u{1}\"\n\u{2028}é")),
                                         ("e", .array([.int(-3), .double(0.5), .bool(true), .object([("x", .uint(7))])]))])
        // Nesting past the stream's 64 levels kept in a word, empty and not, and a buffer grown
        // many times over from a small start.
        var deep: JSONValue = .array([])
        for level in 0..<150 { deep = level % 3 == 0 ? .array([deep, .int(Int64(level))]) : .object([("k\(level)", deep)]) }
        for v in [value, deep] {
            for indent in [2, nil] as [Int?] {
                var stream = JSONStream(indent: indent, capacity: 1)
                stream.value(v)
                #expect(String(decoding: stream.bytes, as: UTF8.self) == JSONWriter(indent: indent).write(v))
            }
        }
        // A stream reset after a document left half written (containers open, a key pending)
        // writes the next one as a fresh stream does.
        for indent in [2, nil] as [Int?] {
            var stream = JSONStream(indent: indent, capacity: 1)
            stream.value(deep)
            stream.beginObject()
            stream.key("open")
            stream.beginArray()
            stream.reset()
            stream.value(value)
            #expect(String(decoding: stream.bytes, as: UTF8.self) == JSONWriter(indent: indent).write(value))
        }
    }

    @Test func `the result written straight from the evaluator is the result's JSON, byte for byte`() throws {
        // The shipped examples (checklist items not checked, on-demand items, marked items),
        // and the base fixture's sellers graduated, missing signals, and with a title's value.
        let (shipped, examples) = try Self.shipped()
        var cases = examples.map { (shipped, $0) }
        if let base = EngineFixture.ruleSet {
            let reader = SnapshotReader(ruleSet: base)
            for json in [EngineFixture.json(), EngineFixture.json(day: 95), EngineFixture.json(day: 40, removing: ["listings", "shop_name"]),
                         EngineFixture.json(signals: ["conversion_rate": "0.001", "sessions_30d": "900"], removing: ["weekly_sales"])] {
                cases.append((base, try reader.read(json: Array(json.utf8))))
            }
        }
        // Titles reading a value (one of them an on-demand item's, added by a rule): written
        // escaped, with a gap where the value is missing, for a marked item, and one that
        // cannot be written (a division by zero: a gap and an error).
        let titled = try EngineFixture.ruleSet { _, text in
            text.replacingOccurrences(of: "title: Make your first sale", with: "title: \"Make your first sale for {{ shop_name }}\"")
                .replacingOccurrences(of: "title: Compare prices with the three cheapest competitors",
                                      with: "title: \"Compare {{ shop_name }}'s prices with the three cheapest\"")
                .replacingOccurrences(of: "title: Reach 10 orders", with: "title: \"Reach 10 orders ({{ 10 / (orders_30d - orders_30d) }} a day)\"")
        }
        let titledReader = SnapshotReader(ruleSet: titled)
        let pricey = ["price_index": "1.3", "conversion_rate": "0.001"]
        var titleProblems = 0
        for json in [EngineFixture.json(signals: pricey), EngineFixture.json(signals: pricey.merging(["shop_name": #""Bo \"B\" \\ é\u2028""#]) { $1 }),
                     EngineFixture.json(signals: pricey, removing: ["shop_name"]),
                     EngineFixture.json(removing: ["shop_name"], extra: #""done": [{"id": "first-order", "at": "2026-11-10"}]"#)] {
            let snapshot = try titledReader.read(json: Array(json.utf8))
            let r = titled.evaluate(snapshot)
            #expect(r.checklist.contains { $0.id == "first-order" })
            titleProblems += r.diagnostics.filter { $0.code == "item.template" }.count
            cases.append((titled, snapshot))
        }
        #expect(titleProblems > 0)
        #expect(cases.count > examples.count)
        var evaluators: [ObjectIdentifier: Evaluator] = [:]
        for (rs, s) in cases + cases.reversed() {
            let evaluator = evaluators[ObjectIdentifier(rs)] ?? Evaluator(ruleSet: rs)
            evaluators[ObjectIdentifier(rs)] = evaluator
            for indent in [2, nil, 4] as [Int?] {
                var stream = JSONStream(indent: indent)
                evaluator.evaluate(s, writingTo: &stream)
                #expect(String(decoding: stream.bytes, as: UTF8.self) == String(decoding: rs.evaluate(s).jsonBytes(indent: indent), as: UTF8.self),
                        "\(s.sellerID), indent \(String(describing: indent))")
            }
        }
    }

    @Test func `a replica is the same rule set and shares no rule with it`() throws {
        let (rs, snapshots) = try Self.shipped()
        let copy = try #require(rs.replica())
        #expect(copy.fingerprint == rs.fingerprint)
        #expect(copy !== rs && copy.rules.first !== rs.rules.first)
        for s in snapshots { #expect(render(copy.evaluate(s)) == render(rs.evaluate(s))) }
    }

    @Test func `a replica names the files as they were loaded`() throws {
        let rs = try RuleSet.load(rules: TestPaths.inPackage("bench/Rules").path, playbooks: TestPaths.inPackage("bench/Playbooks").path)
        let copy = try #require(rs.replica())
        #expect(copy.rules.map(\.location) == rs.rules.map(\.location))
        #expect(copy.items.map(\.location) == rs.items.map(\.location))
        #expect(copy.rules.first?.location.path.hasSuffix("bench/Rules/escalations.yaml") == true)
    }
}
