// ThresholdTests.swift — "what would change it": for each comparison of a seller's value with
// a threshold, the flip point and whether it alone changes the rule, whichever side the
// value is on; and a plain "cannot be worked out" where there is no such point.

import CoachEngine
import CoachRules
import Testing

@Suite struct ThresholdTests {
    static let manifest = """
        name: thresholds
        version: "1.0"
        currency: USD
        limits: {tips: 9, tips_per_area: 9}
        phases:
          - {id: only, title: "Days 1–90", until_day: 90}
        routes: [mentor]
        areas: [service]
        params: {max_hours: 12, limit: 3}
        benchmarks:
          by: category
          default: {return_rate: 0.05}
        """
    static let signals = """
        signals:
          unanswered: {type: int, range: [0, null], absent: required, description: Messages waiting}
          return_rate: {type: double, unit: ratio, range: [0, 1], absent: required, description: Returns over orders}
          gmv: {type: double, unit: USD, range: [0, null], absent: required, description: Sales}
          hours: {type: double, unit: hours, range: [0, null], absent: required, description: Reply time}
          orders: {type: int, unit: orders, range: [0, null], absent: required, description: Orders}
          cost_share: {type: double, unit: ratio, range: [0, null], description: Costs over sales (above 1 at a loss)}
        """
    static let definitions = """
        define:
          returns_high: return_rate > benchmark.return_rate * 2.0
        """

    /// One rule with condition `when` (a YAML flow value), for a seller with the given signals.
    struct Case: CustomTestStringConvertible, Sendable {
        let when: String
        let expected: [String]  // "expression: text" per note
        var signals = #"{"unanswered": 0, "return_rate": 0.12, "gmv": 950.5, "hours": 6.5, "orders": 4}"#
        var testDescription: String { when }
    }

    static let cases: [Case] = [
        Case(when: "unanswered > 0", expected: ["unanswered > 0: would fire when unanswered ≥ 1"]),
        // A whole number against a threshold with a fraction passes it at a whole number.
        Case(when: "unanswered > 2.5", expected: ["unanswered > 2.5: would fire when unanswered ≥ 3"]),
        Case(when: "unanswered >= 2.5", expected: ["unanswered >= 2.5: would fire when unanswered ≥ 3"]),
        Case(when: "orders < 4.5", expected: ["orders < 4.5: goes away when orders ≥ 5"]),
        Case(when: "orders <= 4.5", expected: ["orders <= 4.5: goes away when orders ≥ 5"]),
        Case(when: "orders > 3.5", expected: ["orders > 3.5: goes away when orders ≤ 3"]),
        Case(when: "orders >= 3.5", expected: ["orders >= 3.5: goes away when orders ≤ 3"]),
        Case(when: "unanswered < 0.5", expected: ["unanswered < 0.5: goes away when unanswered ≥ 1"]),
        Case(when: "params.limit < orders", expected: ["params.limit < orders: goes away when orders ≤ 3"]),
        Case(when: "hours > params.max_hours", expected: ["hours > params.max_hours: would fire when hours > 12"]),
        Case(when: "return_rate >= 0.1", expected: ["return_rate >= 0.1: goes away when return_rate < 10%"]),
        Case(when: "gmv < 1000.0", expected: ["gmv < 1000.0: goes away when gmv ≥ $1,000"]),
        Case(when: "returns_high", expected: ["return_rate > benchmark.return_rate * 2.0: goes away when return_rate ≤ 10%"]),
        Case(when: "orders >= 2 && (hours > 24.0 || unanswered > 5)", expected: [
            "orders >= 2: would not change the outcome on its own",
            "hours > 24.0: would fire when hours > 24",
            "unanswered > 5: would fire when unanswered ≥ 6",
        ].map { $0.replacingOccurrences(of: "orders >= 2: would not", with: "orders >= 2: orders ≤ 1 would not") }),
        Case(when: "unanswered > 1 && orders > 10", expected: [
            "unanswered > 1: unanswered ≥ 2 would not change the outcome on its own",
            "orders > 10: orders ≥ 11 would not change the outcome on its own",
        ]),
        Case(when: "!(orders > 10)", expected: ["orders > 10: goes away when orders ≥ 11"]),
        Case(when: "orders > unanswered", expected: ["orders > unanswered: cannot be worked out: both sides depend on the seller"]),
        Case(when: "seller.category == 'toys'", expected: ["seller.category == 'toys': cannot be worked out: not a comparison of numbers"]),
        Case(when: "size([1, 2]) > 1 && orders > 1", expected: [
            "size([1, 2]) > 1: cannot be worked out: neither side depends on the seller",
            "orders > 1: goes away when orders ≤ 1",
        ]),
        // The same signal twice: the whole condition is evaluated again with the value changed.
        Case(when: "orders >= 10 && orders >= 5", expected: [
            "orders >= 10: would fire when orders ≥ 10",
            "orders >= 5: orders ≥ 5 would not change the outcome on its own",
        ]),
        // Equality: the change is the inequality itself; an int signal against a fraction is
        // stated at the nearest int inside the region.
        Case(when: "orders == 4", expected: ["orders == 4: goes away when orders ≠ 4"]),
        Case(when: "orders < 2.5", expected: ["orders < 2.5: would fire when orders ≤ 2"]),
        // Thresholds are written exactly, never rounded to the other side.
        Case(when: "hours > 2.345", expected: ["hours > 2.345: goes away when hours ≤ 2.345"]),
        Case(when: "return_rate > 0.0004", expected: ["return_rate > 0.0004: goes away when return_rate ≤ 0.04%"]),
        Case(when: "return_rate < 0.0075", expected: ["return_rate < 0.0075: would fire when return_rate < 0.75%"]),
        // A change the signal's range rules out is not offered.
        Case(when: "orders < 0", expected: ["orders < 0: cannot change: orders stays within its range [0, …]"]),
        Case(when: "return_rate > 1.5", expected: ["return_rate > 1.5: cannot change: return_rate stays within its range [0%, 100%]"]),
        // A signal read behind has() and missing: the other comparisons still say what would
        // change them, and the missing one says so.
        Case(when: "orders >= 2 && (!has(cost_share) || cost_share < 0.5)", expected: [
            "orders >= 2: goes away when orders ≤ 1",
            "has(cost_share): cost_share is missing; this changes when the snapshot gives it",
            "cost_share < 0.5: cannot be worked out: no value for 'cost_share'",
        ]),
        // A condition that fails for this seller.
        Case(when: "orders > 2 && orders / unanswered > 1", expected: [
            "orders > 2: cannot be worked out: the condition gives an error for this seller",
            "orders / unanswered > 1: cannot be worked out: division by zero",
        ]),
        // An expression read in two places: flipping one part alone would not be honest.
        Case(when: "orders * 2 > 6 && orders * 3 < 100", expected: [
            "orders * 2 > 6: cannot be worked out on its own: what orders * 2 reads is also read elsewhere in the condition",
            "orders * 3 < 100: cannot be worked out on its own: what orders * 3 reads is also read elsewhere in the condition",
        ]),
    ]

    static func ruleSet(_ when: String, body: String = "B") throws -> RuleSet {
        let rules = """
            area: service
            rules:
              - id: r
                when: \(when.contains("'") ? "\"\(when)\"" : "'\(when)'")
                priority: 50
                tip: {title: "T", body: "\(body)", actions: ["A"]}
            """
        return try RuleSetLoader.load(texts: [("Rules/ruleset.yaml", manifest), ("Rules/signals.yaml", signals),
                                              ("Rules/definitions.yaml", definitions), ("Rules/service.yaml", rules)])
    }

    @Test(arguments: cases)
    func `each comparison says what would change it`(_ c: Case) throws {
        let rs = try Self.ruleSet(c.when)
        let snapshot = try SnapshotReader(ruleSet: rs).read(json: Array("""
            {"seller": {"id": "S", "enrolled_on": "2026-11-01"}, "as_of": "2026-11-20", "signals": \(c.signals)}
            """.utf8))
        let r = try #require(rs.explain(snapshot).rules.first)
        #expect(r.changes.map { "\($0.expression): \($0.text)" } == c.expected)
    }

    /// A ratio with no upper bound is a percentage where the texts write it as one (as the
    /// tip the seller reads does), a plain number where they do not.
    @Test func `a ratio the texts write with percent() is a percentage in the notes`() throws {
        let signals = #"{"unanswered": 0, "return_rate": 0.12, "gmv": 1, "hours": 1, "orders": 1, "cost_share": 0.86}"#
        for (body, expected) in [("Costs are {{ percent(cost_share) }} of sales.", "goes away when cost_share ≤ 60%"),
                                 ("B", "goes away when cost_share ≤ 0.6")] {
            let rs = try Self.ruleSet("cost_share > 0.6", body: body)
            let snapshot = try SnapshotReader(ruleSet: rs).read(json: Array("""
                {"seller": {"id": "S", "enrolled_on": "2026-11-01"}, "as_of": "2026-11-20", "signals": \(signals)}
                """.utf8))
            #expect(rs.explain(snapshot).rules.first?.changes.map(\.text) == [expected])
        }
    }

    @Test func `a note carries its numbers, and the JSON form has them`() throws {
        let rs = try Self.ruleSet("return_rate >= 0.1")
        let snapshot = try SnapshotReader(ruleSet: rs).read(json: Array("""
            {"seller": {"id": "S", "enrolled_on": "2026-11-01"}, "as_of": "2026-11-20",
             "signals": {"unanswered": 0, "return_rate": 0.12, "gmv": 1, "hours": 1, "orders": 1}}
            """.utf8))
        let note = try #require(rs.explain(snapshot).rules.first?.changes.first)
        #expect(note.subject == "return_rate" && note.value == 0.12 && note.op == ">=" && note.threshold == 0.1)
        #expect(note.holds == true && note.changesRule)
        let json = rs.explain(snapshot).json
        guard case .object(let top) = json, case .array(let rules)? = top.first(where: { $0.0 == "rules" })?.1,
              case .object(let rule)? = rules.first, case .array(let notes)? = rule.first(where: { $0.0 == "what_would_change" })?.1,
              case .object(let first)? = notes.first else {
            Issue.record("no what_would_change in the JSON")
            return
        }
        #expect(first.map(\.0) == ["expr", "subject", "value", "holds", "op", "threshold", "changes_rule", "text"])
        #expect(first.first { $0.0 == "value" }?.1 == .double(0.12))
    }

    /// An int signal against an int threshold: ints in the JSON, as `reads` writes the signal.
    @Test func `whole numbers compared are written as ints in the JSON form`() throws {
        let rs = try Self.ruleSet("orders > 3")
        let snapshot = try SnapshotReader(ruleSet: rs).read(json: Array("""
            {"seller": {"id": "S", "enrolled_on": "2026-11-01"}, "as_of": "2026-11-20",
             "signals": {"unanswered": 0, "return_rate": 0.12, "gmv": 1, "hours": 1, "orders": 4}}
            """.utf8))
        let note = try #require(rs.explain(snapshot).rules.first?.changes.first)
        guard case .object(let fields) = note.json else { Issue.record("not an object"); return }
        #expect(fields.first { $0.0 == "value" }?.1 == .int(4))
        #expect(fields.first { $0.0 == "threshold" }?.1 == .int(3))
    }

    @Test func `a rule skipped for a missing signal has no notes`() throws {
        let rs = try Self.ruleSet("hours > 1.0")
        let snapshot = try SnapshotReader(ruleSet: rs).read(json: Array("""
            {"seller": {"id": "S", "enrolled_on": "2026-11-01"}, "as_of": "2026-11-20",
             "signals": {"unanswered": 0, "return_rate": 0.12, "gmv": 1, "hours": null, "orders": 1}}
            """.utf8))
        let r = try #require(rs.explain(snapshot).rules.first)
        #expect(r.changes.isEmpty)
    }
}
