// LateRulesTests.swift — ids-only evaluation decides a plain tip rule only while its tip could
// still be shown. Which rules may wait, and a differential test: over generated rule sets and
// sellers (delivery histories, dismissals, snoozes, failing conditions and texts, missing
// signals), `decide` and `coach batch --output ids`'s writer name exactly what a full
// evaluation shows.

import CoachEngine
import CoachRules
import CoachSource
import CoachTestSupport
import Foundation
import Testing

@Suite struct LateRulesTests {
    /// Rules beside the base fixture's: plain tips that may wait (a condition tree among
    /// them, and ones reading definitions: one a comprehension over the listings, read and
    /// asked `has()` of, one of numbers only), and one of each kind that may not (an inhibitor
    /// by area and by rule, a group, a must-show tip, an escalation, a checklist item).
    static let mixed = """
        area: pricing
        rules:
          - id: late.a
            when: sessions_30d > 200
            priority: 30
            tip: {title: A, body: Body., actions: [Act]}
          - id: late.b
            when: orders_30d >= 3 && price_index > 0.9
            priority: 20
            cooldown: 7d
            tip: {title: "B {{ 10 / (orders_30d - 4) }}", body: Body., actions: [Act]}
          - id: late.c
            area: service
            when: 100 / (orders_30d - 5) > 3
            priority: 10
            tip: {title: C, body: Body., actions: [Act]}
          - id: keep.inhibits-rule
            area: service
            when: violations >= 1
            priority: 5
            inhibits: [late.a]
            tip: {title: Inhibits, body: Body., actions: [Act]}
          - id: keep.group
            when: return_rate > 0.1
            priority: 35
            group: pricing.position
            tip: {title: Group, body: Body., actions: [Act]}
          - id: keep.must-show
            area: policy
            when: violations >= 3
            must_show: true
            tip: {title: Must, body: Body., actions: [Act]}
          - id: keep.escalates
            area: policy
            when: violations >= 2 && orders_30d > 10
            priority: 45
            tip: {title: Esc, body: Body., actions: [Act]}
            escalate: {to: mentor, severity: high, reason: Reason}
          - id: keep.checklist
            when: sessions_30d < 100
            priority: 25
            tip: {title: Checklist, body: Body., actions: [Act]}
            checklist: [price-check]
          - id: late.definition
            area: service
            when: thin_listings.size() > 1
            priority: 15
            tip: {title: Def, body: Body., actions: [Act]}
          - id: late.has-definition
            area: listings
            when: has(thin_listings) && orders_30d > 100
            priority: 13
            tip: {title: Has, body: Body., actions: [Act]}
          - id: late.free-definition
            area: listings
            when: has_traffic && orders_30d < 4
            priority: 14
            tip: {title: Free, body: Body., actions: [Act]}
          - id: late.tree
            area: service
            when: {all: [sessions_30d > 50, orders_30d > 1]}
            priority: 12
            tip: {title: Tree, body: Body., actions: [Act]}
        """

    @Test func `only plain tip rules wait, whatever definitions they read`() throws {
        let rs = try EngineFixture.ruleSet(adding: Self.mixed)
        // The base fixture's plain tips too, those reading definitions (`listings.photos`,
        // `service.slow-sales`) among them.
        let late: Set = ["listings.quality", "listings.more", "listings.photos", "service.slow-sales", "late.a", "late.b", "late.c",
                         "late.tree", "late.free-definition", "late.definition", "late.has-definition"]
        #expect(Set(Evaluator(ruleSet: rs).lateRuleIDs) == late)
        // A rule whose priority depends on the seller does not wait (the others still do).
        let situational = try EngineFixture.ruleSet(adding: Self.mixed + """

              - id: keep.situational
                when: sessions_30d > 0
                priority: "sessions_30d > 1000 ? 90 : 10"
                tip: {title: Sit, body: Body., actions: [Act]}
            """)
        #expect(Set(Evaluator(ruleSet: situational).lateRuleIDs) == late)
    }

    /// Generated rules to add to ``mixed``'s list: `count` tip rules over the base fixture's
    /// signals, in every area, some with cooldowns, some failing for some sellers, some
    /// reading optional signals, a few inhibitors (by area and by rule), grouped rules and
    /// priorities depending on the seller among them.
    static func generatedRules(_ rng: inout SplitMix, count: Int) -> String {
        let areas = ["listings", "pricing", "service", "policy"]
        let conditions = [
            "sessions_30d > %d", "conversion_rate < 0.0%d", "orders_30d >= %d && price_index > 1.0", "return_rate * 100.0 > double(%d)",
            "listings.exists(l, l.photos < %d)", "listings.filter(l, l.quality < %d).size() >= 3", "violations > 0 || orders_30d < %d",
            "100 / (orders_30d - %d) > 2", "weekly_sales.size() > 0 && weekly_sales[0] > %d", "shop_name.size() > %d",
            // Definitions: one of numbers only, one a comprehension, one reading the weekly sales.
            "has_traffic && orders_30d > %d", "thin_listings.size() >= %d", "sales_trend > 0.%d",
        ]
        var out = ""
        for k in 0..<count {
            let c = conditions[Int(rng.next() % UInt64(conditions.count))].replacingOccurrences(of: "%d", with: String(rng.next() % 9 + 1))
            // A few priorities depend on the seller, moving rules in the rank order.
            let priority = rng.next() % 10 == 0 ? "\"sessions_30d > \(rng.next() % 400) ? 95 : 3\"" : String(rng.next() % 99 + 1)
            out += "  - id: gen.r\(k)\n    area: \(areas[Int(rng.next() % 4)])\n    when: \"\(c)\"\n    priority: \(priority)\n"
            switch rng.next() % 12 {
            case 0, 1: out += "    cooldown: \(rng.next() % 20 + 1)d\n"
            case 2: out += "    inhibits: [\(areas[Int(rng.next() % 4)])]\n"
            case 3: out += "    inhibits: [gen.r\((k + 1 + Int(rng.next() % UInt64(count - 1))) % count)]\n"  // never itself
            case 4: out += "    group: gen.g\(rng.next() % 3)\n"
            default: break
            }
            let title = rng.next() % 8 == 0 ? "T{{ 10 / (day - \(rng.next() % 30)) }}" : "Tip \(k)"
            out += "    tip: {title: \"\(title)\", body: Body., actions: [Act]}\n"
        }
        return out
    }

    /// A generated seller: signals around the rules' thresholds, optional ones missing at
    /// times, and a delivery history, dismissals and snoozes of the rules `ids`.
    static func generatedSeller(_ rng: inout SplitMix, ids: [String]) -> [UInt8] {
        func pick(_ n: UInt64) -> UInt64 { rng.next() % n }
        var signals: [String: String] = [
            "sessions_30d": String(pick(400)), "orders_30d": String(pick(12)), "conversion_rate": "0.0\(pick(9))",
            "violations": String(pick(4)), "return_rate": "0.\(pick(30))",
            "listings": "[" + (0..<Int(pick(6))).map { "{\"id\": \"L\($0)\", \"photos\": \(pick(9)), \"quality\": \(pick(100))}" }
                .joined(separator: ", ") + "]",
        ]
        if pick(4) > 0 { signals["price_index"] = "1.\(pick(9))" }
        if pick(3) > 0 { signals["weekly_sales"] = "[\(pick(9)), \(pick(9))]" }
        if pick(3) > 0 { signals["shop_name"] = "\"Shop \(pick(1000))\"" }
        func day() -> String { CivilDate.format(CivilDate.parse("2026-11-01")! + Int(pick(16))) }
        func someIDs(_ n: Int) -> [String] { (0..<Int(pick(UInt64(n + 1)))).map { _ in ids[Int(pick(UInt64(ids.count)))] } }
        let delivered = someIDs(8).map { "{\"id\": \"\($0)\", \"at\": \"\(day())\"}" }
        let dismissed = someIDs(3).map { "{\"id\": \"\($0)\", \"at\": \"\(day())\"}" }
        let snoozed = someIDs(3).map { "{\"id\": \"\($0)\", \"until\": \"\(day())\"}" }
        var extra = "\"delivered\": [\(delivered.joined(separator: ", "))]"
        if pick(2) == 0 {
            extra += ", \"dismissed\": [\(dismissed.joined(separator: ", "))], \"snoozed\": [\(snoozed.joined(separator: ", "))]"
        }
        return Array(EngineFixture.json(day: Int(pick(30)), signals: signals, extra: extra).utf8)
    }

    @Test func `ids-only decisions are the full result's, with the late rules left undecided where no place is free`() throws {
        var rng = SplitMix(state: 0x1A7E)
        let reader = { (rs: RuleSet) in SnapshotReader(ruleSet: rs) }
        var undecided = 0, decidedLate = 0, compared = 0
        // The base fixture's limits (3 tips, 2 an area), and others, tighter and looser.
        for (tips, perArea) in [(3, 2), (1, 1), (5, 1), (8, 3), (2, 2), (4, 4)] {
            let rs = try EngineFixture.ruleSet(adding: Self.mixed + "\n" + Self.generatedRules(&rng, count: 40)) { name, text in
                name == "Rules/ruleset.yaml"
                    ? text.replacingOccurrences(of: "limits: {tips: 3, tips_per_area: 2}", with: "limits: {tips: \(tips), tips_per_area: \(perArea)}")
                    : text
            }
            #expect(rs.manifest.limits.tips == tips)
            let evaluator = Evaluator(ruleSet: rs)
            let late = evaluator.lateRuleIDs
            #expect(late.count > 20)
            let ids = rs.rules.map(\.id), read = reader(rs)
            for _ in 0..<150 {
                let json = Self.generatedSeller(&rng, ids: ids)
                let s = try read.read(json: json, path: "seller.json")
                var expected: [UInt8] = []
                let full = rs.evaluate(s)
                #expect(!full.diagnostics.contains { $0.message.contains("unknown snapshot key") })  // the state is read
                full.appendIDs(to: &expected)
                var written: [UInt8] = []
                evaluator.appendIDs(s, to: &written)
                #expect(String(decoding: written, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
                undecided += late.count - evaluator.lateRulesDecided
                decidedLate += evaluator.lateRulesDecided
                var fromDecide: [UInt8] = []
                evaluator.decide(s).appendIDs(rs, to: &fromDecide)
                #expect(String(decoding: fromDecide, as: UTF8.self) == String(decoding: expected, as: UTF8.self))
                compared += 1
            }
        }
        #expect(compared == 900)
        // The test reaches both sides: late rules asked, and late rules never asked.
        #expect(undecided > 10_000 && decidedLate > 1_000, "undecided \(undecided), decided \(decidedLate)")
    }
}
