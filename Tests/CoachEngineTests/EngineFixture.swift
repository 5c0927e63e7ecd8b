// EngineFixture.swift — the base rule set of the rules tests, loaded once, and snapshots
// built from a few lines of JSON.

import CoachEngine
import CoachRules
import CoachSource
import CoachTestSupport
import Foundation

enum EngineFixture {
    /// The base fixture rule set (Tests/CoachRulesTests/Fixtures/base).
    static let ruleSet: RuleSet? = {
        let base = TestPaths.inPackage("Tests/CoachRulesTests/Fixtures/base")
        return try? RuleSet.load(rules: base.appendingPathComponent("Rules").path,
                                 playbooks: base.appendingPathComponent("Playbooks").path)
    }()

    /// A healthy seller on day 15 whose signals fire nothing; `signals` entries replace or add
    /// signals (as JSON text); `extra` adds top-level JSON members.
    static func json(day: Int = 15, category: String = "home", signals: [String: String] = [:], removing: [String] = [],
                     extra: String = "") -> String {
        var s: [String: String] = [
            "conversion_rate": "0.03", "sessions_30d": "500", "orders_30d": "15", "price_index": "1.0", "return_rate": "0.02",
            "violations": "0", "shop_name": "\"Maple & Co\"", "weekly_sales": "[4, 4, 5, 5]",
            "listings": (1...12).map { "{\"id\": \"L\($0)\", \"photos\": 6, \"quality\": 85}" }.joined(separator: ", ").wrapped,
        ]
        for (k, v) in signals { s[k] = v }
        for k in removing { s[k] = nil }
        let body = s.keys.sorted().compactMap { k in s[k].map { "\"\(k)\": \($0)" } }.joined(separator: ", ")
        let asOf = CivilDate.format(CivilDate.parse("2026-11-01")! + day)
        return """
            {"seller": {"id": "S-1", "category": "\(category)", "enrolled_on": "2026-11-01"}, "as_of": "\(asOf)",
             "signals": {\(body)}\(extra.isEmpty ? "" : ", " + extra)}
            """
    }

    /// The base fixture's files with `extra` added as Rules/extra.yaml and `manifestTail`
    /// appended to Rules/ruleset.yaml, loaded from memory.
    static func ruleSet(adding extra: String, manifestTail: String = "",
                        editing edit: (String, String) -> String = { $1 }) throws(DiagnosticError) -> RuleSet {
        var files = TestPaths.baseFixtureTexts { name, text in edit(name, name == "Rules/ruleset.yaml" ? text + manifestTail : text) }
        files.append(("Rules/extra.yaml", extra))
        return try RuleSetLoader.load(texts: files)
    }

    /// The base fixture loaded from memory, each file's text passed through `edit(name, text)`
    /// (`Rules/ruleset.yaml`, `Playbooks/plan.yaml`, …).
    static func ruleSet(editing edit: (String, String) -> String) throws -> RuleSet {
        try RuleSetLoader.load(texts: TestPaths.baseFixtureTexts(editing: edit))
    }

    static func evaluate(_ json: String) throws -> Recommendations {
        let rs = try #require(ruleSet)
        return try rs.evaluate(json: Array(json.utf8))
    }
}

private extension String {
    var wrapped: String { "[" + self + "]" }
}

import Testing
