// LoadErrorTests.swift — each Fixtures/load-errors/*.case must be refused with exactly the
// diagnostics in its `expected` section: every problem, in every file, with its position.
// COACH_UPDATE_GOLDEN=1 rewrites the expected sections (review the diff).

import CoachRules
import CoachSource
import Foundation
import Testing

@Suite struct LoadErrorTests {
    @Test(arguments: CaseFile.all(in: "load-errors"))
    func `a broken rule set is refused with every problem`(_ c: CaseFile) throws {
        let fixture = try RuleSetFixture(files: c.files)
        defer { fixture.remove() }
        var rendered = ""
        do {
            _ = try fixture.load()
            Issue.record("\(c.name) loaded without errors")
        } catch {
            rendered = fixture.relative(DiagnosticRenderer().render(error.diagnostics))
        }
        if ProcessInfo.processInfo.environment["COACH_UPDATE_GOLDEN"] == "1" { try c.updateExpected(rendered) }
        #expect(rendered == c.expected)
    }

    @Test func `there are load-error cases`() {
        #expect(CaseFile.all(in: "load-errors").count >= 8)
    }

    @Test func `the base fixture loads without warnings`() throws {
        let fixture = try RuleSetFixture()
        defer { fixture.remove() }
        let rs = try fixture.load()
        #expect(rs.rules.count == 8)
        #expect(rs.warnings.isEmpty)
        #expect(rs.items.map(\.id) == ["five-listings", "first-order", "ten-orders", "price-check", "returns-in-line"])
    }
}
