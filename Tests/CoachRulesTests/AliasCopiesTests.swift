// AliasCopiesTests.swift — a YAML alias repeats its anchor's text at the anchor's position:
// each copy is compiled once (the copies share the result), and finding each copy's
// characters reads the anchor's line once, however long it is.

import CoachRules
import CoachSource
import Foundation
import Testing

@Suite struct AliasCopiesTests {
    @Test func `the copies of an aliased list of texts share one compiled template each`() throws {
        // One long line of 200 template parts, anchored in the first rule, used by 50 more.
        let parts = (0..<200).map { #""{{ listings.filter(l, l.photos > \#($0 % 7)).size() }} listings, part \#($0)""# }
        var yaml = "area: listings\nrules:\n"
        yaml += "  - id: listings.r0\n    when: listings.size() > 1\n    tip: {title: T, body: B, actions: &A [\(parts.joined(separator: ", "))]}\n"
        for i in 1...50 { yaml += "  - id: listings.r\(i)\n    when: listings.size() > 1\n    tip: {title: T, body: B, actions: *A}\n" }
        let rs = try RuleSetFixture(files: [("Rules/aliases.yaml", yaml)]).load()
        let rules = rs.rules.filter { $0.id.hasPrefix("listings.r") }
        #expect(rules.count == 51)
        #expect(rules.allSatisfy { $0.tip?.actions.count == 200 })
        // Rules compile on several threads at once, so a copy may be compiled once more on
        // each; never once per copy (10,200 here).
        let distinct = Set(rules.flatMap { ($0.tip?.actions ?? []).map(ObjectIdentifier.init) })
        #expect(distinct.count >= 200 && distinct.count < 51 * 200 / 2, "\(distinct.count) templates made for 200 texts")
    }

    @Test func `a long line's scalars are the line's, whether made or kept`() {
        let long = String(repeating: "é😀a\"\\", count: 300)
        let file = SourceFile(path: "f.yaml", text: "short\n" + long + "\r\nlast")
        #expect(file.lineScalars(1) == Array("short".unicodeScalars))
        #expect(file.lineScalars(2) == Array(long.unicodeScalars))
        #expect(file.lineScalars(2) == Array(long.unicodeScalars), "kept, the same")
        #expect(file.lineScalars(3) == Array("last".unicodeScalars))
        #expect(file.lineScalars(4).isEmpty && file.lineScalars(0).isEmpty)
    }

    /// Each `{{ }}` part's origin is the template's from the part on: a copy each made a
    /// template of n parts cost n² memory (8,000 parts, 4 GB; 20,000 would take 25 GB). They
    /// share the template's now, and a part's error is still placed at its column.
    @Test func `a template of 20,000 parts loads, and an error in its last part is placed exactly`() throws {
        let parts = Array(repeating: "{{ 1 }}", count: 19_999) + ["{{ nope }}"]
        let body = parts.joined(separator: " ")
        let yaml = "area: listings\nrules:\n  - id: listings.many\n    when: listings.size() > 1\n    tip:\n      title: T\n      body: '\(body)'\n"
        let fixture = try RuleSetFixture(files: [("Rules/many.yaml", yaml)])
        defer { fixture.remove() }
        do {
            _ = try fixture.load()
            Issue.record("loaded")
        } catch {
            let said = error.diagnostics.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.message)" }
            let column = "      body: '".count + 19_999 * "{{ 1 }} ".count + "{{ ".count + 1
            #expect(said == ["7:\(column) undeclared reference to 'nope'"], "\(said)")
        }
    }
}
