// TipJSONTests.swift — a result written as one line writes each tip as JSON while rendering
// it, from texts escaped when the rule set loaded. The bytes are those of the tips a result
// holds, written: quotes, backslashes, line breaks and U+2028 in the texts and in the values
// shown, a text cut for its length, a tip whose text cannot be written (left out, with its
// error), a fallback text. And a template rendered escaped is its rendering, escaped.

import CoachExpr
@_spi(Streaming) import CoachJSON
import CoachRules
import CoachTestSupport
import Foundation
import Testing
@testable import CoachEngine

@Suite struct TipJSONTests {
    static let rules = """
        area: listings
        rules:
          - id: listings.quoted
            priority: 95
            when: sessions_30d > 1 && shop_name != ""
            tip:
              title: 'Say "hi" to {{ shop_name }} \\ now'
              body: "Line one\\nline two\\u2028{{ shop_name }}\\ttab é"
              actions: ['{{ number(sessions_30d) }} "sessions"', 'plain', '{{ shop_name }}']
          - id: listings.failing
            priority: 94
            when: sessions_30d > 1 && orders_30d >= 0
            tip: {title: T, body: '{{ sessions_30d / (orders_30d - orders_30d) }}', actions: [A]}
          - id: pricing.empty-actions
            area: pricing
            priority: 93
            when: sessions_30d > 1 && shop_name != ""
            tip: {title: '{{ shop_name }}{{ shop_name }}', body: 'B', actions: []}
          - id: service.fallback
            area: service
            priority: 92
            when: sessions_30d > 1
            tip: {title: 'Rate {{ percent(return_rate, 1) }}', body: B, actions: [A], fallback: {title: 'No rate'}}
        """

    static func sellers() -> [String] {
        let long = String(repeating: "x\\\"", count: 24_000)  // 48,000 bytes shown, twice in a title
        return [
            EngineFixture.json(signals: ["shop_name": "\"Ma\\\"ple \\\\ Co\\n\\u2028 é 😀\""]),
            EngineFixture.json(signals: ["shop_name": "\"\(long)\""]),
            EngineFixture.json(signals: ["orders_30d": "0"], removing: ["return_rate"]),
            EngineFixture.json(day: 95, removing: ["shop_name", "return_rate"]),
        ]
    }

    @Test func `tips written as they are rendered are the result's tips, written`() throws {
        let rs = try EngineFixture.ruleSet(adding: Self.rules)
        let reader = SnapshotReader(ruleSet: rs)
        let evaluator = Evaluator(ruleSet: rs)
        var tipsSeen = 0, failures = 0, cut = 0, fallbacks = 0
        for json in Self.sellers() {
            let snapshot = try reader.read(json: Array(json.utf8))
            let expected = rs.evaluate(snapshot)
            tipsSeen += expected.tips.count
            failures += expected.diagnostics.filter { $0.message.contains("its text could not be written") }.count
            cut += expected.tips.filter { $0.title.contains("more bytes not shown") }.count
            fallbacks += expected.tips.filter { $0.title == "No rate" }.count
            // On one line, and indented at the depths indented tips are laid out for (a result
            // alone, and one inside an array) and at one they are not (indented by 4).
            for (indent, outer) in [(nil, 0), (2, 0), (2, 1), (4, 1)] as [(Int?, Int)] {
                var stream = JSONStream(indent: indent), tree = JSONStream(indent: indent)
                for _ in 0..<outer { stream.beginArray(); tree.beginArray() }
                evaluator.evaluate(snapshot, writingTo: &stream)
                expected.write(to: &tree)
                for _ in 0..<outer { stream.endArray(); tree.endArray() }
                let written = stream.bytes, treeBytes = tree.bytes
                // On a difference, where it starts (the texts here are long).
                let common = min(written.count, treeBytes.count), at = (0..<common).first { written[$0] != treeBytes[$0] } ?? common
                #expect(written == treeBytes, "indent \(String(describing: indent)), in \(outer): from byte \(at): \(String(decoding: written[at...].prefix(120), as: UTF8.self)) ≠ \(String(decoding: treeBytes[at...].prefix(120), as: UTF8.self))")
            }
        }
        #expect(tipsSeen >= 6)
        #expect(failures >= 1)
        #expect(cut >= 1)
        #expect(fallbacks >= 1)
    }

    @Test("a template rendered escaped is its text, escaped, or the same error", arguments: ["Rules", "bench/Rules"])
    func escapedIsRenderedThenEscaped(_ rules: String) throws {
        var texts = 0, errors = 0
        try TemplateInputsTests.forEachSeller(rules, count: 200) { rs, evaluator in
            // Every tip and escalation text, fallbacks included, and every checklist title.
            let templates = TemplateInputsTests.templates(rs) + rs.items.map(\.title)
            for (n, t) in templates.enumerated() {
                let buffer = ByteBuffer(capacity: 16)  // small: it grows as texts are written
                buffer.put(0x21)  // something before, kept as it was
                // Its own table, or (every other one) another template's: then rendered as it is.
                let table = n % 2 == 0 || templates.count < 2 ? t.escaped() : templates[(n + 1) % templates.count].escaped()
                let problem = t.renderEscaped(evaluator.activation, using: table, into: buffer)
                let out = Array(buffer.view)
                switch t.render(evaluator.activation) {
                case .success(let text):
                    texts += 1
                    var expected: [UInt8] = [0x21]
                    JSONWriter.appendEscaped(text, to: &expected)
                    #expect(problem == nil && out == expected, "\(t.source)")
                case .failure(let e):
                    errors += 1
                    #expect(problem?.message == e.message && out == [0x21], "\(t.source)")
                }
            }
        }
        #expect(texts > 1000)
        if rules == "Rules" { #expect(errors > 0) }
    }
}
