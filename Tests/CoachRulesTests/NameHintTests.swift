// NameHintTests.swift — a rule set's undeclared names get their "did you mean" once the whole
// set is compiled, in the order they are reported, the first hundred only (each is compared
// with every name of the rule set, and a broken set may hold thousands of both); a note says
// how many more were not looked for. The same hints as looked for at once, loop variables
// among the candidates.

import CoachSource
import Testing
@testable import CoachRules

@Suite struct NameHintTests {
    /// `count` rules, each with a misspelt definition name (`thin_listngs`) and, in a loop,
    /// a misspelt loop variable (`itme`).
    static func rules(_ count: Int) -> String {
        var text = "area: listings\nrules:\n"
        for i in 0..<count {
            text += """
                  - id: broken.r\(i)
                    when: thin_listngs.size() > \(i) && listings.exists(item, itme.photos > 1)

                """
        }
        return text
    }

    static func load(_ count: Int) throws -> [Diagnostic] {
        let fixture = try RuleSetFixture(files: [("Rules/broken.yaml", rules(count))])
        defer { fixture.remove() }
        do {
            _ = try fixture.load()
            Issue.record("a rule set with undeclared names loaded")
            return []
        } catch {
            return error.diagnostics
        }
    }

    @Test func `every undeclared name gets its hint when there are few`() throws {
        let said = try Self.load(3)
        let unknown = said.filter { $0.kind == .exprUnknownName && $0.severity == .error }
        #expect(unknown.count == 6)
        #expect(unknown.map(\.hint) == Array(repeating: ["did you mean 'thin_listings'?", "did you mean 'item'?"], count: 3).flatMap { $0 })
        #expect(!said.contains { $0.severity == .note && $0.kind == .exprUnknownName })
        #expect(said.allSatisfy { $0.pendingHint == nil })
    }

    @Test func `only the first hundred are looked for, in the order reported, and a note says so`() throws {
        let said = try Self.load(60)
        let unknown = said.filter { $0.kind == .exprUnknownName && $0.severity == .error }
        #expect(unknown.count == 120)
        #expect(unknown.prefix(RuleSetCompiler.mostNameHints).allSatisfy { $0.hint != nil })
        #expect(unknown.dropFirst(RuleSetCompiler.mostNameHints).allSatisfy { $0.hint == nil })
        // In file order: rule by rule, the definition's name before the loop variable's.
        let lines = unknown.compactMap { $0.location?.line }
        #expect(lines == lines.sorted())
        let notes = said.filter { $0.severity == .note && $0.kind == .exprUnknownName }
        #expect(notes.map(\.message) == [
            "20 more undeclared names were not compared with the rule set's names for a \"did you mean\" (the first 100 were)"])
        #expect(said.allSatisfy { $0.pendingHint == nil })
    }
}
