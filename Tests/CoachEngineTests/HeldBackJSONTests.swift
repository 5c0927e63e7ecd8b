// HeldBackJSONTests.swift — the escalations and held-back rules laid out for an indented result
// are the bytes their writers give member by member: at several indentations and depths, with
// no entries, one and several, absent and present `also`, `notice` and `by`, talking points
// none, one and several, and texts with characters to escape.

@_spi(Streaming) import CoachJSON
import CoachRules
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
    static let suppressed: [[Suppression]] = [
        [],
        [Suppression(id: "listing.a", reason: .limit, detail: "already 5 tips in all")],
        [Suppression(id: "listing.a", reason: .group, by: "listing.b", detail: "group 'g': 'listing.b' ranks \"higher\""),
         Suppression(id: "listing.c", reason: .cooldown, detail: "")],
    ]

    @Test func `held-back entries laid out are the writers' bytes`() throws {
        let rs = try #require(EngineFixture.ruleSet)
        let evaluator = Evaluator(ruleSet: rs)
        var compared = 0
        for indent in [2, 1, 4, 3] {
            for depth in 0...3 {
                for (e, s) in Array(zip(Self.escalations, Self.suppressed)) + Array(zip(Self.escalations, Self.suppressed.reversed())) {
                    func stream() -> JSONStream {  // two, each its own buffer
                        var s = JSONStream(membersAtDepth: depth + 1, indent: indent)
                        s.key("before"); s.int(1)
                        return s
                    }
                    var writer = stream(), laidOut = stream()
                    Recommendations.writeHeldBack(e, s, to: &writer)
                    writer.key("after"); writer.int(2)
                    evaluator.writeHeldBackIndented(e, s, to: &laidOut)
                    laidOut.key("after"); laidOut.int(2)
                    #expect(String(decoding: laidOut.bytes, as: UTF8.self) == String(decoding: writer.bytes, as: UTF8.self),
                            "indent \(indent), depth \(depth), \(e.count) escalations, \(s.count) held back")
                    compared += 1
                }
            }
        }
        #expect(compared == 4 * 4 * 6)
    }
}
