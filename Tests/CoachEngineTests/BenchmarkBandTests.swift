// BenchmarkBandTests.swift — benchmark rows chosen by the category and bands of a number
// (tenure in days, a price index): the most specific row wins, and a band that cannot be
// known for a seller is said and leaves only rows that do not name it.

import CoachEngine
import CoachRules
import CoachSource
import CoachTestSupport
import Foundation
import Testing

@Suite struct BenchmarkBandTests {
    static let benchmarks = """
        benchmarks:
          by: [category, tenure, price]
          bands:
            tenure: {of: day, edges: [10, 20], names: [new, mid, late]}
            price: {of: price_index, edges: [1.0], names: [low, high]}
          default: {conversion_rate: 0.02, return_rate: 0.05}
          fashion: {conversion_rate: 0.015, return_rate: 0.2}
          fashion/new: {conversion_rate: 0.015, return_rate: 0.4}
          "*/late": {conversion_rate: 0.02, return_rate: 0.01}
          "*/*/high": {conversion_rate: 0.02, return_rate: 0.04}

        """

    /// The base fixture with its benchmarks replaced by `benchmarks`.
    static func ruleSet(benchmarks: String = benchmarks) throws -> RuleSet {
        try EngineFixture.ruleSet { name, text in
            guard name == "Rules/ruleset.yaml", let start = text.range(of: "benchmarks:") else { return text }
            return String(text[..<start.lowerBound]) + benchmarks
        }
    }

    /// Whether the returns escalation (return_rate > 2 × benchmark.return_rate) is raised.
    static func returnsRaised(_ rs: RuleSet, day: Int, category: String, returnRate: Double, priceIndex: String = "0.9") throws -> Recommendations {
        try rs.evaluate(json: Array(EngineFixture.json(day: day, category: category,
                                                       signals: ["return_rate": "\(returnRate)", "violations": "0", "price_index": priceIndex]).utf8))
    }

    @Test func `the most specific row applies: category and band, then category, then band, then default`() throws {
        let rs = try Self.ruleSet()
        func raised(_ day: Int, _ category: String, _ rate: Double, price: String = "0.9") throws -> Bool {
            try Self.returnsRaised(rs, day: day, category: category, returnRate: rate, priceIndex: price).escalations.contains { $0.id == "escalate.returns" }
        }
        #expect(try !raised(5, "fashion", 0.5), "fashion/new: 0.5 is not over twice 0.4")
        #expect(try raised(15, "fashion", 0.5), "fashion: 0.5 is over twice 0.2")
        #expect(try raised(25, "home", 0.03), "*/late: 0.03 is over twice 0.01")
        #expect(try !raised(15, "home", 0.03), "default: 0.03 is not over twice 0.05")
        #expect(try raised(15, "home", 0.09, price: "1.2"), "*/*/high: 0.09 is over twice 0.04")
        #expect(try !raised(15, "home", 0.09), "default: 0.09 is not over twice 0.05")
    }

    @Test func `a band whose number is missing is said, and only rows leaving it open apply`() throws {
        let rs = try Self.ruleSet()
        let r = try rs.evaluate(json: Array(EngineFixture.json(day: 15, category: "home", signals: ["return_rate": "0.09", "violations": "0"], removing: ["price_index"]).utf8))
        #expect(!r.escalations.contains { $0.id == "escalate.returns" })
        #expect(r.diagnostics.contains { $0.code == "benchmark.unknown-band" && $0.message.contains("'price'") })
    }

    @Test func `candidates run from the most specific key to the least, earlier parts first`() {
        #expect(Benchmarks.candidates(["fashion", "new"]) == ["fashion/new", "fashion", "*/new"])
        #expect(Benchmarks.candidates(["fashion", "new", "high"]) == ["fashion/new/high", "fashion/new", "fashion/*/high", "*/new/high", "fashion", "*/new", "*/*/high"])
        #expect(Benchmarks.candidates([nil, "new"]) == ["*/new"])
        #expect(Benchmarks.candidates(["fashion"]) == ["fashion"])
    }
}

@Suite struct BenchmarkBandDocTests {
    @Test func `docs/rule-format.md's banded benchmarks load, and a fashion seller in her first month gets the fashion/new row`() throws {
        let doc = try String(contentsOf: TestPaths.inPackage("docs/rule-format.md"), encoding: .utf8)
        let section = try #require(doc.components(separatedBy: "Benchmarks can be chosen by more than the category").dropFirst().first)
        let block = try #require(section.components(separatedBy: "```yaml\n").dropFirst().first?.components(separatedBy: "  ```")[0])
        let yaml = block.split(separator: "\n").map { $0.dropFirst(2) }.joined(separator: "\n") + "\n"
        let rs = try BenchmarkBandTests.ruleSet(benchmarks: yaml)
        // fashion/new: returns over twice 0.25 escalate; 0.45 does not, though it is over twice the fashion row's 0.2.
        let r = try BenchmarkBandTests.returnsRaised(rs, day: 10, category: "fashion", returnRate: 0.45)
        #expect(!r.escalations.contains { $0.id == "escalate.returns" })
        let later = try BenchmarkBandTests.returnsRaised(rs, day: 40, category: "fashion", returnRate: 0.45)
        #expect(later.escalations.contains { $0.id == "escalate.returns" })
    }
}

@Suite struct BenchmarkCategoryKeyTests {
    @Test func `a category holding a slash cannot pose as a category and band, and by category alone it is just a name`() throws {
        let rs = try BenchmarkBandTests.ruleSet()
        // "fashion/new" as a category, on day 25 (late): not the fashion/new row (return 0.4), so
        // the */late row (0.01) applies and 0.5 escalates.
        let r = try BenchmarkBandTests.returnsRaised(rs, day: 25, category: "fashion/new", returnRate: 0.5)
        #expect(r.escalations.contains { $0.id == "escalate.returns" })
        #expect(r.diagnostics.contains { $0.code == "benchmark.unknown-band" && $0.message.contains("fashion/new") })
        let byCategory = try BenchmarkBandTests.ruleSet(benchmarks: """
            benchmarks:
              by: category
              default: {conversion_rate: 0.02, return_rate: 0.05}
              home/garden: {conversion_rate: 0.02, return_rate: 0.3}

            """)
        let home = try BenchmarkBandTests.returnsRaised(byCategory, day: 15, category: "home/garden", returnRate: 0.5)
        #expect(!home.escalations.contains { $0.id == "escalate.returns" }, "0.5 is not over twice the home/garden row's 0.3")
    }
}

@Suite struct BenchmarkNoRowTests {
    @Test func `a seller whose key no row matches gets the default row and a note saying so`() throws {
        let rs = try #require(EngineFixture.ruleSet)  // by category: default and fashion
        let home = try rs.evaluate(json: Array(EngineFixture.json(category: "home").utf8))
        #expect(home.diagnostics.contains { $0.code == "benchmark.no-row" && $0.message.contains("category 'home'") })
        let fashion = try rs.evaluate(json: Array(EngineFixture.json(category: "fashion").utf8))
        #expect(!fashion.diagnostics.contains { $0.code == "benchmark.no-row" })
        let banded = try BenchmarkBandTests.ruleSet()
        // home on day 15 (mid) priced low: no row names any of it.
        let r = try BenchmarkBandTests.returnsRaised(banded, day: 15, category: "home", returnRate: 0.03)
        #expect(r.diagnostics.contains { $0.code == "benchmark.no-row" && $0.message.contains("category 'home', tenure 'mid', price 'low'") })
        let late = try BenchmarkBandTests.returnsRaised(banded, day: 25, category: "home", returnRate: 0.03)
        #expect(!late.diagnostics.contains { $0.code == "benchmark.no-row" }, "*/late matches")
    }
}
