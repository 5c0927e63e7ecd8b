// SharePercentTests.swift — the shares population reports print: one decimal, and never a
// share that reads as none or all when it is not.

@testable import CoachEngine
import Testing

@Suite struct SharePercentTests {
    @Test(arguments: [
        (0, 20_000, "0%"), (1, 20_000, "<0.1%"), (19, 20_000, "0.1%"), (1, 3, "33.3%"), (2, 3, "66.7%"),
        (19_999, 20_000, ">99.9%"), (20_000, 20_000, "100.0%"), (5, 0, "0%"),
    ])
    func `a share rounds to one decimal, but not to none or all when some or not all`(k: Int, n: Int, shown: String) {
        #expect(PopulationSummary.percent(k, of: n) == shown)
    }
}
