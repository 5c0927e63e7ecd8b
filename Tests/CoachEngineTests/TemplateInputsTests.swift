// TemplateInputsTests.swift — ids-only evaluation skips evaluating a text whose expressions
// are variables shown as they are or through a formatting function, once each variable holds
// a value that cannot make it fail. Over the shipped and benchmark rule sets and 600 sellers,
// whenever the check says a text cannot fail, evaluating it finds no problem; and the check
// recognises only the simple shapes.

import CoachRules
import CoachTestSupport
import Foundation
import Testing
@testable import CoachEngine

@Suite struct TemplateInputsTests {
    /// Every tip and escalation template of `rs`, fallbacks included.
    static func templates(_ rs: RuleSet) -> [Template] {
        rs.rules.flatMap { r -> [Template] in
            let tips = [r.tip, r.texts.tip].compactMap { $0 }.flatMap { [$0.title, $0.body] + $0.actions }
            let escalations = [r.escalation, r.texts.escalation].compactMap { $0 }.flatMap(\.templates)
            return tips + escalations
        }
    }

    @Test("a text the check passes is one that evaluates without a problem", arguments: ["Rules", "bench/Rules"])
    func checkAgreesWithEvaluation(_ rules: String) throws {
        let playbooks = rules == "Rules" ? "Playbooks" : "bench/Playbooks"
        let rs = try RuleSet.load(rules: TestPaths.inPackage(rules).path, playbooks: TestPaths.inPackage(playbooks).path)
        let templates = Self.templates(rs).filter { $0.inputs != nil && $0.canFail }
        #expect(templates.count >= 10, "only \(templates.count) texts recognised")
        let lines = try String(contentsOf: TestPaths.inPackage("Examples/population.jsonl"), encoding: .utf8)
            .split(separator: "\n").prefix(600)
        let reader = SnapshotReader(ruleSet: rs)
        let evaluator = Evaluator(ruleSet: rs)
        var skipped = 0, evaluated = 0
        for line in lines {
            guard let snapshot = try? reader.read(json: Array(line.utf8)) else { continue }
            evaluator.run(snapshot, texts: nil)  // as ids-only evaluation leaves the activation
            for t in templates {
                if t.cannotFail(evaluator.activation) {
                    skipped += 1
                    #expect(t.evaluatedProblem(evaluator.activation) == nil, "\(t.source)")
                } else {
                    evaluated += 1
                }
            }
        }
        #expect(skipped > 1000)
        #expect(evaluated > 0)
    }

    @Test("only variables, constants and the formatting functions are recognised", arguments: [
        ("{{ orders_30d }} orders", true), ("{{ number(sessions_30d) }}", true), ("{{ percent(return_rate, 1) }}", true),
        ("{{ plural(orders_30d, \"order\") }} and {{ days(day) }}", true), ("{{ money(price_index) }}", true),
        ("{{ percent(return_rate, 7) }}", false), ("{{ 1.0 / return_rate }}", false), ("{{ number(orders_30d + 1) }}", false),
        ("{{ plural(orders_30d, shop_name) }}", false), ("{{ size(listings) }}", false), ("{{ params.min_photos }} photos", true),
    ])
    func shapes(_ text: String, _ recognised: Bool) throws {
        let rule = """
            area: listings
            rules:
              - id: listings.shape
                when: 'day >= 0 && orders_30d >= 0 && sessions_30d >= 0 && return_rate >= 0.0 && price_index >= 0.0 && shop_name != "" && size(listings) >= 0'
                tip: {title: '\(text)', body: Fine.}
            """
        let rs = try EngineFixture.ruleSet(adding: rule)
        let tip = try #require(rs.rules.first { $0.id == "listings.shape" }?.tip)
        #expect((tip.title.inputs != nil) == recognised, "\(text)")
    }
}
