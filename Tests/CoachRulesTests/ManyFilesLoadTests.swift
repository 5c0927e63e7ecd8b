// ManyFilesLoadTests.swift — a rule set of many files is read and compiled several files and
// rules at a time; what it gives must not depend on that: the rules in file order, and every
// problem in every file said, in file order, the same on every load.

import CoachRules
import CoachSource
import Testing

@Suite struct ManyFilesLoadTests {
    /// `count` rule files, file k holding rules `many.k.a` and `many.k.b`; with `broken`, rule
    /// b of every file reads an undeclared signal.
    static func files(_ count: Int, broken: Bool) -> [(String, String?)] {
        (0..<count).map { k in
            let name = "Rules/many-\(String(format: "%03d", k)).yaml"
            let b = broken ? "undeclared_\(k) > 1" : "sessions_30d > \(k)"
            return (name, """
                area: listings
                rules:
                  - id: many.\(k).a
                    when: sessions_30d < \(k)
                    priority: \(k % 90 + 1)
                    tip: {title: "A \(k)", body: "Body \(k).", actions: [Act]}
                  - id: many.\(k).b
                    when: \(b)
                    priority: 5
                    tip: {title: "B \(k)", body: "Body \(k).", actions: [Act]}
                """)
        }
    }

    @Test func `the rules of many files come in file order, read on several threads`() throws {
        let fixture = try RuleSetFixture(files: Self.files(60, broken: false))
        defer { fixture.remove() }
        let expected = (0..<60).flatMap { ["many.\($0).a", "many.\($0).b"] }
        for _ in 0..<3 {
            let ids = try fixture.load().rules.map(\.id).filter { $0.hasPrefix("many.") }
            #expect(ids == expected)
        }
    }

    @Test func `every file's problem is said in file order, the same each time, on several threads`() throws {
        let fixture = try RuleSetFixture(files: Self.files(60, broken: true))
        defer { fixture.remove() }
        var first: String?
        for _ in 0..<3 {
            var rendered = ""
            do {
                _ = try fixture.load()
                Issue.record("a rule set with 60 broken rules loaded")
            } catch {
                let named = error.diagnostics.filter { $0.message.contains("undeclared_") }
                #expect(named.count == 60)
                let files = named.compactMap { $0.location?.file.path }.map { fixture.relative($0) }
                #expect(files == (0..<60).map { "Rules/many-\(String(format: "%03d", $0)).yaml" })
                rendered = DiagnosticRenderer().render(error.diagnostics)
            }
            if let first { #expect(rendered == first) } else { first = rendered }
        }
    }
}
