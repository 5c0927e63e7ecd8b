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
        try load([("Rules/broken.yaml", rules(count))])
    }

    static func load(_ files: [(String, String?)]) throws -> [Diagnostic] {
        let fixture = try RuleSetFixture(files: files)
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
            "20 of the unknown names were not compared with the rule set's names for a \"did you mean\" (a load compares the first 100 shown, within a budget of work)"])
        #expect(said.allSatisfy { $0.pendingHint == nil })
    }

    /// Definitions compile in dependency and name order, not in file order: the hints go to
    /// the first ones shown, which are the file's first.
    @Test func `the first hundred are those shown first, not those compiled first`() throws {
        var text = "define:\n"
        for i in stride(from: 100, through: 0, by: -1) { text += "  d\(i + 1000): sesions_30d > \(i)\n" }
        let said = try Self.load([("Rules/more.yaml", text)])
        let unknown = said.filter { $0.kind == .exprUnknownName && $0.severity == .error }.sorted { $0.location! < $1.location! }
        #expect(unknown.count == 101)
        #expect(unknown.first?.location?.line == 2 && unknown.first?.hint == "did you mean 'sessions_30d'?")
        #expect(unknown.last?.location?.line == 102 && unknown.last?.hint == nil)
        #expect(unknown.dropLast().allSatisfy { $0.hint == "did you mean 'sessions_30d'?" })
    }

    /// A misspelt field, an `inhibits` naming no rule, an unknown item or resource wait as
    /// undeclared names do, and get the same hints, fallbacks included.
    @Test func `other unknown names get their hints, and their fallbacks, the same way`() throws {
        let rules = """
            area: listings
            rules:
              - id: broken.a
                when: params.min_photoz > 1 && listings.exists(l, l.photoz > 1)
                inhibits: [broken.bb, listngs]
                checklist: [no-such-item-at-all]
                tip: {title: T, body: B, actions: [A], learn: [photoz]}
              - id: broken.b
                when: sessions_30d > 1
            """
        let said = try Self.load([("Rules/broken.yaml", rules)])
        let hints = Dictionary(said.filter { $0.severity == .error }.map { ($0.message, $0.hint) }, uniquingKeysWith: { a, _ in a })
        #expect(hints["type 'params' has no field 'min_photoz'"] == "did you mean 'min_photos'?")
        #expect(hints["type 'listings.item' has no field 'photoz'"] == "did you mean 'photos'?")
        #expect(hints["'broken.bb' in 'inhibits' is neither a rule id nor an area"] == "did you mean 'broken.b'?")
        #expect(hints["'listngs' in 'inhibits' is neither a rule id nor an area"] == "did you mean 'listings'?")
        #expect(hints["unknown checklist item 'no-such-item-at-all'"] == "declare it in a playbook with 'on_demand: true'")
        #expect(hints["unknown resource 'photoz'"] == "did you mean 'photos'?")
        #expect(said.allSatisfy { $0.pendingHint == nil })
    }

    /// Past a budget of work (here long names, each compared byte by byte with every
    /// definition's), the hints stop though fewer than a hundred were given, and the note
    /// counts the rest.
    @Test func `hints stop at the budget of work`() throws {
        let long = String(repeating: "a", count: 990)
        var defs = "define:\n"
        for i in 0..<1000 { defs += "  d\(long)\(i + 10000): sessions_30d > \(i)\n" }
        var rules = "area: listings\nrules:\n"
        for i in 0..<40 { rules += "  - id: broken.r\(i)\n    when: d\(long)\(i + 10000)x\n" }
        let said = try Self.load([("Rules/long.yaml", defs), ("Rules/broken.yaml", rules)])
        let unknown = said.filter { $0.kind == .exprUnknownName && $0.severity == .error }
        #expect(unknown.count == 40)
        let hinted = unknown.filter { $0.hint != nil }.count
        // 1,000 candidates of about 1,000 bytes, 3 edits allowed (the table's 7 cells a byte): about
        // 7 million cells a name, so eight fit in the budget of 60 million and the ninth is cut short.
        #expect(hinted >= 1 && hinted < 10, "\(hinted) hinted")
        #expect(unknown.prefix(hinted).allSatisfy { $0.hint?.hasPrefix("did you mean 'd") == true })
        let notes = said.filter { $0.severity == .note && $0.kind == .exprUnknownName }
        #expect(notes.count == 1 && notes.first?.message.hasPrefix("\(40 - hinted) of the unknown names were not compared") == true)
    }
}
