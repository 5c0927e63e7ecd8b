// HeldBackJSONTests.swift — the escalations and held-back rules a result writes straight from
// the evaluator (laid out from texts made per indentation and depth, the held-back rules from
// their records) are the bytes their writers give for the values: on one line and at several
// indentations and depths, with no entries, one and several, absent and present `also`,
// `notice` and `by`, talking points none, one and several, every kind of held-back detail,
// a rule held back twice, and texts with characters to escape.

@_spi(Streaming) import CoachJSON
import CoachRules
import CoachTestSupport
import Foundation
import Testing
@testable import CoachEngine

@Suite struct HeldBackJSONTests {
    static let escalations: [[Escalation]] = [
        [],
        [Escalation(id: "escalate.a", to: "mentor", severity: .high, priority: 80, reason: "Late \"shipments\" \\ 8%")],
        [Escalation(id: "escalate.a", to: "program_manager", severity: .medium, priority: -3, reason: "r", also: "mentor",
                    notice: "Notice é\u{2028}", talkingPoints: ["one"]),
         Escalation(id: "escalate.b", to: "trust_and_safety", severity: .low, priority: 0, reason: "",
                    talkingPoints: ["first \"point\"", "second", "third\n"])],
    ]
    /// Held-back records of every kind, over rules with and without a group, and names with
    /// characters to escape where a host's state gives them (an acknowledgement's route).
    static func records(_ rules: Int) -> [[SuppressionRecord]] {
        let kinds: [SuppressionRecord.Kind] = [
            .cooldown(lastDay: 20_400), .inhibitedRule, .inhibitedArea, .group, .areaLimit, .totalLimit,
            .dismissed(day: 20_400, days: 1), .dismissed(day: 20_401, days: 7), .snoozed(until: 20_420),
            .acknowledged(day: 20_399, until: 20_430, route: "mentor \"A\" \\ é", severity: .high),
        ]
        let all = kinds.enumerated().map { n, kind in
            SuppressionRecord(rule: (n * 7) % rules, kind: kind, by: n % 3 == 0 ? -1 : (n * 5 + 1) % rules)
        }
        // The same rule twice (kept in the order met), and the rules out of id order.
        return [[], [all[4]], all, all.reversed() + [SuppressionRecord(rule: all[0].rule, kind: .totalLimit, by: -1)]]
    }

    @Test func `held-back entries laid out are the writers' bytes`() throws {
        let rs = try RuleSet.load(rules: TestPaths.inPackage("Rules").path, playbooks: TestPaths.inPackage("Playbooks").path)
        #expect(rs.rules.contains { $0.group != nil })
        let evaluator = Evaluator(ruleSet: rs)
        let snapshot = try SnapshotReader(ruleSet: rs).read(path: TestPaths.inPackage("Examples").path + "/slipping-day-58.json")
        _ = evaluator.evaluate(snapshot)
        var compared = 0
        for indent in [nil, 2, 1, 4, 3] as [Int?] {
            for depth in 0...3 {
                for (e, records) in zip(Self.escalations + Self.escalations, Self.records(rs.rules.count) + Self.records(rs.rules.count).reversed()) {
                    evaluator.suppressions = records
                    func stream() -> JSONStream {  // two, each its own buffer
                        var s = JSONStream(membersAtDepth: depth + 1, indent: indent)
                        s.key("before"); s.int(1)
                        return s
                    }
                    var writer = stream(), laidOut = stream()
                    let list = evaluator.suppressedList()
                    #expect(list.count == records.count)
                    Recommendations.writeHeldBack(e, list, to: &writer)
                    writer.key("after"); writer.int(2)
                    evaluator.writeHeldBack(e, to: &laidOut)
                    laidOut.key("after"); laidOut.int(2)
                    #expect(String(decoding: laidOut.bytes, as: UTF8.self) == String(decoding: writer.bytes, as: UTF8.self),
                            "indent \(String(describing: indent)), depth \(depth), \(e.count) escalations, \(records.count) held back")
                    compared += 1
                }
            }
        }
        #expect(compared == 5 * 4 * 6)
    }
}
