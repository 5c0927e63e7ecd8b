// DeliveryListTests.swift — the `delivered` list of a snapshot: its entries' keys matched on
// their bytes, each given once (a key given twice is refused, by name, before the list is
// read); an unknown key is said and ignored, and the entries read are the ones given.

import CoachEngine
import CoachRules
import CoachSource
import Testing

@Suite struct DeliveryListTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let delivered: String
        /// What is said (an error refuses the snapshot, a warning does not), and the ids read.
        let error: String?
        let warning: String?
        let ids: [String]
        var testDescription: String { delivered }
    }

    static let cases: [Case] = [
        Case(delivered: #"[{"id": "listings.photos", "at": "2026-11-10"}, {"at": "2026-11-12", "id": "listings.quality"}]"#,
             error: nil, warning: nil, ids: ["listings.photos", "listings.quality"]),
        Case(delivered: #"[{"id": "listings.photos", "id": "listings.quality", "at": "2026-11-10"}]"#,
             error: "duplicate key 'id'", warning: nil, ids: []),
        Case(delivered: #"[{"id": "listings.photos", "at": "2026-11-10", "at": "2026-11-11"}]"#,
             error: "duplicate key 'at'", warning: nil, ids: []),
        Case(delivered: #"[{"id": "listings.photos", "at": "2026-11-10", "via": "app", "via": "mail"}]"#,
             error: "duplicate key 'via'", warning: nil, ids: []),
        Case(delivered: #"[{"id": "listings.photos", "at": "2026-11-10", "ids": "x"}]"#,
             error: nil, warning: "unknown key 'ids' in a 'delivered' entry is ignored", ids: ["listings.photos"]),
        Case(delivered: #"[{"i": "listings.photos", "at": "2026-11-10"}]"#,
             error: "each 'delivered' entry needs an id and a date: {\"id\": \"rule.id\", \"at\": \"YYYY-MM-DD\"}",
             warning: "unknown key 'i' in a 'delivered' entry is ignored", ids: []),
    ]

    @Test(arguments: cases)
    func `each key once, matched on its bytes`(_ c: Case) throws {
        let rs = try #require(EngineFixture.ruleSet)
        let json = Array(EngineFixture.json(extra: "\"delivered\": \(c.delivered)").utf8)
        do {
            let snapshot = try SnapshotReader(ruleSet: rs).read(json: json)
            #expect(c.error == nil, "read, though it should say: \(c.error ?? "")")
            #expect(snapshot.delivered.map(\.id) == c.ids)
            if let warning = c.warning {
                #expect(snapshot.diagnostics.map(\.message).contains(warning), "got: \(snapshot.diagnostics.map(\.message))")
            }
        } catch {
            let messages = error.diagnostics.map(\.message)
            #expect(c.error.map(messages.contains) == true, "got: \(messages)")
        }
    }
}
