// IDsTextCheckTests.swift — ids-only evaluation writes no text, but a tip or escalation whose
// text cannot be written is not shown in it either: for sellers whose texts fail in the title,
// the body, an action, a reason, or a fallback, the ids are exactly the full result's.

import CoachEngine
import CoachRules
import CoachTestSupport
import Testing

@Suite struct IDsTextCheckTests {
    static let rules = """
        area: listings
        rules:
          - id: listings.title-fails
            when: conversion_rate < 0.05 && return_rate >= 0.0 && orders_30d >= 0 && sessions_30d >= 0
            tip:
              title: "{{ 1.0 / return_rate }} visits per return"
              body: Fine.
          - id: listings.action-fails
            when: conversion_rate < 0.05 && return_rate >= 0.0 && orders_30d >= 0 && sessions_30d >= 0
            priority: 60
            tip:
              title: Fine
              body: Fine.
              actions: ["Sessions per order: {{ sessions_30d / orders_30d }}"]
          - id: listings.reason-fails
            when: conversion_rate < 0.05 && return_rate >= 0.0 && orders_30d >= 0 && sessions_30d >= 0
            escalate:
              to: mentor
              severity: low
              reason: "{{ 1.0 / return_rate }} visits per return"
          - id: listings.fallback-fails
            when: conversion_rate < 0.05 && return_rate >= 0.0 && orders_30d >= 0 && sessions_30d >= 0
            priority: 40
            tip:
              title: "{{ shop_name }}"
              body: Fine.
              fallback: {title: "{{ 1.0 / return_rate }}"}
          - id: listings.constant
            when: conversion_rate < 0.05 && return_rate >= 0.0 && orders_30d >= 0 && sessions_30d >= 0
            priority: 30
            tip:
              title: Fine
              body: Fine.
        """

    /// The rule set, with limits that show every tip (the texts, not the limits, are tested).
    static func ruleSet() throws -> RuleSet {
        try EngineFixture.ruleSet(adding: rules) { name, text in
            name.hasSuffix("ruleset.yaml") ? text.replacingOccurrences(of: "limits: {tips: 3, tips_per_area: 2}", with: "limits: {tips: 20, tips_per_area: 20}") : text
        }
    }

    /// Sellers: every text writable; a zero return rate (title, reason, fallback fail when
    /// used); no orders (the action fails); no shop name (the fallback is written).
    static let sellers: [(signals: [String: String], removing: [String])] = [
        (["conversion_rate": "0.01", "return_rate": "0.1", "orders_30d": "5"], []),
        (["conversion_rate": "0.01", "return_rate": "0", "orders_30d": "5"], []),
        (["conversion_rate": "0.01", "return_rate": "0.1", "orders_30d": "0"], []),
        (["conversion_rate": "0.01", "return_rate": "0.1", "orders_30d": "5"], ["shop_name"]),
        (["conversion_rate": "0.01", "return_rate": "0", "orders_30d": "0"], ["shop_name"]),
    ]

    @Test(arguments: sellers.indices)
    func `ids-only output lists what full output shows`(_ k: Int) throws {
        let rs = try Self.ruleSet()
        let json = EngineFixture.json(signals: Self.sellers[k].signals.merging(["violations": "0"]) { a, _ in a }, removing: Self.sellers[k].removing)
        let snapshot = try SnapshotReader(ruleSet: rs).read(json: Array(json.utf8))
        let full = rs.evaluate(snapshot)
        var expected: [UInt8] = []
        full.appendIDs(to: &expected)
        var written: [UInt8] = []
        Evaluator(ruleSet: rs).appendIDs(snapshot, to: &written)
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
        let decided = Evaluator(ruleSet: rs).decide(snapshot)
        #expect(decided.tips.map { rs.rules[$0].id } == full.tips.map(\.id))
        #expect(decided.escalations.map { rs.rules[$0].id } == full.escalations.map(\.id))
    }

    @Test func `the failing texts do fail: the rules are left out of both outputs for those sellers`() throws {
        let rs = try Self.ruleSet()
        func ids(_ k: Int) throws -> Set<String> {
            let json = EngineFixture.json(signals: Self.sellers[k].signals.merging(["violations": "0"]) { a, _ in a }, removing: Self.sellers[k].removing)
            let d = Evaluator(ruleSet: rs).decide(try SnapshotReader(ruleSet: rs).read(json: Array(json.utf8)))
            return Set((d.tips + d.escalations).map { rs.rules[$0].id })
        }
        let all: Set = ["listings.title-fails", "listings.action-fails", "listings.reason-fails", "listings.fallback-fails", "listings.constant"]
        #expect(try ids(0).isSuperset(of: all))
        #expect(try ids(1).intersection(all) == ["listings.action-fails", "listings.fallback-fails", "listings.constant"])
        #expect(try ids(2).intersection(all) == ["listings.title-fails", "listings.reason-fails", "listings.fallback-fails", "listings.constant"])
        #expect(try ids(3).isSuperset(of: all))
        #expect(try ids(4).intersection(all) == ["listings.constant"])
    }
}
