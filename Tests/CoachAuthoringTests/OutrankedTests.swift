// OutrankedTests.swift — the lint warning `outranked` (a tip that a group mate always beats)
// over generated groups, against every pair compared the slow way: the linter files each
// possible rival under one conjunction, and must still find the same rules and name the best
// ranked rival.

import CoachAuthoring
import CoachRules
import CoachTestSupport
import Foundation
import Testing

@Suite struct OutrankedTests {
    /// A generated rule: its group, priority, conjunctions (indices into `atoms`), and whether
    /// a cooldown lets its mates through at times.
    struct Model {
        let id: String
        let group: String
        let priority: Int
        let conjuncts: Set<Int>
        let cooldown: Bool
    }

    static let atoms = ["orders_30d > 1", "sessions_30d > 2", "violations > 0", "on_vacation", "price_index > 1.5"]

    /// The rival the warning must name for `rule`: of its group mates that cannot be held
    /// back, whose conjunctions are all the rule's and which rank above it, the best ranked.
    static func expectedRival(of rule: Model, among all: [Model]) -> String? {
        func above(_ a: Model, _ b: Model) -> Bool { a.priority > b.priority || (a.priority == b.priority && a.id < b.id) }
        return all.filter { $0.id != rule.id && $0.group == rule.group && !$0.cooldown
            && $0.conjuncts.isSubset(of: rule.conjuncts) && above($0, rule) }
            .min { above($0, $1) }?.id
    }

    @Test func `the rivals found by conjunction are those every pair would find`() throws {
        var state: UInt64 = 5
        func next(_ n: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(n))
        }
        for round in 0..<4 {
            var models: [Model] = []
            for i in 0..<80 {
                var conjuncts = Set<Int>()
                for _ in 0..<(1 + next(3)) { conjuncts.insert(next(Self.atoms.count)) }
                models.append(Model(id: "rank.r\(round)-\(String(format: "%02d", (i * 37) % 80))", group: next(2) == 0 ? "rank-a" : "rank-b",
                                    priority: 10 * (1 + next(3)), conjuncts: conjuncts, cooldown: next(5) == 0))
            }
            // The base fixture inhibits the listings area, which would let every rival there be held back.
            let yaml = "area: service\nrules:\n" + models.map { m in
                let when = m.conjuncts.sorted().map { "        - \(Self.atoms[$0])" }.joined(separator: "\n")
                return """
                      - id: \(m.id)
                        group: \(m.group)
                        priority: \(m.priority)
                    \(m.cooldown ? "    cooldown: 14d\n" : "")    when:
                          all:
                    \(when)
                        lint_allow: [tip-without-learn, always-true, never-true]
                        tip:
                          title: Rule \(m.id)
                          body: A body.
                          actions: [Do it]
                    """
            }.joined(separator: "\n") + "\n"
            let root = FileManager.default.temporaryDirectory.appendingPathComponent("coach-outranked-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: root) }
            try FileManager.default.copyItem(at: TestPaths.inPackage("Tests/CoachRulesTests/Fixtures/base"), to: root)
            try yaml.write(to: root.appendingPathComponent("Rules/ranked.yaml"), atomically: true, encoding: .utf8)
            let rs = try RuleSet.load(rules: root.appendingPathComponent("Rules").path, playbooks: root.appendingPathComponent("Playbooks").path)
            var found: [String: String] = [:]
            for d in Linter(ruleSet: rs).run() where d.code == "outranked" {
                let quoted = d.message.split(separator: "'").map(String.init)  // loser, text, rival, …
                found[quoted[0]] = quoted[2]
            }
            var expected: [String: String] = [:]
            for m in models { if let rival = Self.expectedRival(of: m, among: models) { expected[m.id] = rival } }
            #expect(found == expected, "round \(round)")
            #expect(expected.count > 10, "round \(round): too few outranked rules to test much")
        }
    }

    /// A rival whose `all` holds an `any` or a `not` needs that member too: it does not fire
    /// whenever the rest holds. The same member in both makes the rival fire with the tip.
    @Test func `a member that is not a conjunction is one condition of its own`() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("coach-outranked-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.copyItem(at: TestPaths.inPackage("Tests/CoachRulesTests/Fixtures/base"), to: root)
        try """
            area: service
            rules:
              - {id: b.low, when: day > 3, group: g, priority: 50, tip: {title: low, body: b, actions: [a]}}
              - id: d.rival
                when: {all: ["day > 3", {any: ["day > 20", "on_vacation"]}]}
                group: g
                priority: 80
                tip: {title: r, body: b, actions: [a]}
              - id: e.rival
                when: {all: ["day > 3", {not: "on_vacation"}]}
                group: g
                priority: 70
                tip: {title: r, body: b, actions: [a]}
              - id: f.any
                when: {any: ["day > 20", "on_vacation"]}
                group: h
                priority: 90
                tip: {title: r, body: b, actions: [a]}
              - id: g.same-any
                when: {all: [{any: ["day > 20", "on_vacation"]}, "day > 2"]}
                group: h
                priority: 10
                tip: {title: r, body: b, actions: [a]}
            """.write(to: root.appendingPathComponent("Rules/members.yaml"), atomically: true, encoding: .utf8)
        let rs = try RuleSet.load(rules: root.appendingPathComponent("Rules").path, playbooks: root.appendingPathComponent("Playbooks").path)
        let outranked = Linter(ruleSet: rs).run().filter { $0.code == "outranked" }.map(\.message)
        #expect(outranked.count == 1, "\(outranked)")
        #expect(outranked.first?.hasPrefix("'g.same-any' is always outranked by 'f.any'") == true, "\(outranked)")
    }
}
