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

    /// The rule set in `rules` (the shipped one or the benchmark's), and an evaluator that has
    /// run (as ids-only evaluation does) each of the first `count` sellers of the example
    /// population in turn, `body` called after each.
    static func forEachSeller(_ rules: String, count: Int, _ body: (RuleSet, Evaluator) -> Void) throws {
        let playbooks = rules == "Rules" ? "Playbooks" : "bench/Playbooks"
        let rs = try RuleSet.load(rules: TestPaths.inPackage(rules).path, playbooks: TestPaths.inPackage(playbooks).path)
        let lines = try String(contentsOf: TestPaths.inPackage("Examples/population.jsonl"), encoding: .utf8)
            .split(separator: "\n").prefix(count)
        let reader = SnapshotReader(ruleSet: rs)
        let evaluator = Evaluator(ruleSet: rs)
        for line in lines {
            guard let snapshot = try? reader.read(json: Array(line.utf8)) else { continue }
            evaluator.run(snapshot, texts: nil)
            body(rs, evaluator)
        }
    }

    @Test("a text the check passes is one that evaluates without a problem", arguments: ["Rules", "bench/Rules"])
    func checkAgreesWithEvaluation(_ rules: String) throws {
        var skipped = 0, evaluated = 0, recognised = 0
        try Self.forEachSeller(rules, count: 600) { rs, evaluator in
            let templates = Self.templates(rs).filter { $0.inputs != nil && $0.canFail }
            recognised = templates.count
            for t in templates {
                // The check (which computes the definitions the text reads) finds what
                // evaluating the text finds.
                #expect(t.problem(evaluator.activation)?.message == t.evaluatedProblem(evaluator.activation)?.message, "\(t.source)")
                if t.cannotFail(evaluator.activation) {
                    skipped += 1
                    #expect(t.evaluatedProblem(evaluator.activation) == nil, "\(t.source)")
                } else {
                    evaluated += 1
                }
            }
        }
        #expect(recognised >= 10, "only \(recognised) texts recognised")
        #expect(skipped > 1000)
        #expect(evaluated > 0)
    }

    @Test("only variables, constants and the formatting functions are recognised", arguments: [
        ("{{ orders_30d }} orders", true), ("{{ number(sessions_30d) }}", true), ("{{ percent(return_rate, 1) }}", true),
        ("{{ plural(orders_30d, \"order\") }} and {{ days(day) }}", true), ("{{ money(price_index) }}", true),
        ("{{ percent(return_rate, 3 + 4) }}", false), ("{{ 1.0 / return_rate }}", false), ("{{ number(orders_30d + 1) }}", false),
        ("{{ plural(orders_30d, shop_name) }}", false), ("{{ size(listings) }}", true), ("{{ plural(listings.size(), \"listing\") }}", true),
        ("{{ size(shop_name) }}", false), ("{{ params.min_photos }} photos", true),
        ("{{ percent(benchmark.conversion_rate, 1) }}", true), ("{{ seller.category }}", true), ("{{ number(benchmark.conversion_rate + 1.0) }}", false),
        ("{{ capitalized(percent(return_rate)) }} of orders", true), ("{{ capitalized(shop_name) }}", false),
        ("{{ capitalized(number(orders_30d + 1)) }}", false),
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
