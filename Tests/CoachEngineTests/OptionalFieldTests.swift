// OptionalFieldTests.swift — a field of a list of objects declared `absent: optional` may be
// left out by an object (`has(l.field)` asks); a required one still may not.

import CoachEngine
import CoachRules
import CoachSource
import Foundation
import Testing

@Suite struct OptionalFieldTests {
    static let rule = """
        area: listings
        rules:
          - id: listings.name-them
            when: listings.exists(l, l.photos < 3)
            tip:
              title: "Add photos to {{ listings.filter(l, l.photos < 3).map(l, has(l.title) ? l.title : l.id) }}"
              body: Photos sell.
              actions: [Add them]
        """

    /// The base fixture with listings given a `title` field (`absent` as given) and the rule above.
    static func ruleSet(absent: String?) throws(DiagnosticError) -> RuleSet {
        let field = absent.map { "{type: string, absent: \($0)}" } ?? "string"
        return try EngineFixture.ruleSet(adding: rule) { name, text in
            guard name == "Rules/signals.yaml" else { return text }
            return text.replacingOccurrences(of: "      id: string\n", with: "      id: string\n      title: \(field)\n")
        }
    }

    static func seller(_ listings: String) -> [UInt8] {
        Array(EngineFixture.json(signals: ["listings": "[" + listings + "]"]).utf8)
    }

    static let mixed = #"{"id": "L1", "title": "Oak shelf", "photos": 1, "quality": 80}, {"id": "L2", "photos": 2, "quality": 80}, {"id": "L3", "title": null, "photos": 6, "quality": 80}"#

    @Test func `an object may leave out an optional field, and a template names it by id instead`() throws {
        let rs = try Self.ruleSet(absent: "optional")
        let r = try rs.evaluate(json: Self.seller(Self.mixed))
        #expect(r.tips.first { $0.id == "listings.name-them" }?.title == "Add photos to Oak shelf, L2")
        #expect(!r.diagnostics.contains { $0.message.contains("listings") })
    }

    @Test(arguments: [nil, "required"])
    func `a required field left out makes the list invalid, naming the field`(_ absent: String?) throws {
        let rs = try Self.ruleSet(absent: absent)
        let r = try rs.evaluate(json: Self.seller(Self.mixed))
        #expect(r.diagnostics.contains { $0.message == "signal 'listings' has an invalid item, listings[1]: has no value for field 'title'; it is treated as missing" })
        #expect(!r.tips.contains { $0.id == "listings.name-them" })
    }

    @Test func `an optional field given the wrong type is still an error`() throws {
        let rs = try Self.ruleSet(absent: "optional")
        let r = try rs.evaluate(json: Self.seller(#"{"id": "L1", "title": 7, "photos": 1, "quality": 80}"#))
        #expect(r.diagnostics.contains { $0.message.contains("field 'title'") })
    }

    @Test func `absent on a field is required or optional, nothing else`() {
        do {
            _ = try Self.ruleSet(absent: "default")
            Issue.record("loaded")
        } catch {
            let d = error.diagnostics.first { $0.message.contains("'absent'") }
            #expect(d?.message == "field 'title': 'absent' must be required or optional")
            #expect(d?.location?.file.description.hasSuffix("Rules/signals.yaml") == true)
        }
    }
}
